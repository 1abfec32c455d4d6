"""Content in English and Welsh: each English text has its Welsh in a `<field>_cy` column of the same
row, so a version's rows, its copy to a new draft and its content pack all carry both languages.

The rule, in this one place: a page in Welsh shows Welsh content, never English quietly in its place.
The journey and the PDF render open `shown_in(language)`; while it is open every content row loaded
from the database carries its Welsh texts in the English-named fields, so templates, forms and
charts show Welsh without knowing, and a row that lacks a Welsh text raises WelshMissing rather than
show English. Such a row is for reading only: saving it is refused. `Questionnaire.welsh_missing()`
says beforehand whether a version can be shown in Welsh at all, so visitors are told plainly instead.

Each row also has `welsh_reviewed`, set by an editor once a Welsh translator has checked its Welsh;
a change to the English afterwards takes it away again, since the Welsh may no longer match.
"""

import contextvars
from contextlib import contextmanager

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Language

WELSH = Language.WELSH.value
SUFFIX = "_cy"

_shown = contextvars.ContextVar("content_language", default=None)


class WelshMissing(Exception):
    """A page in Welsh needed a text that has no Welsh yet."""

    def __init__(self, row, field):
        self.row, self.field = row, field
        super().__init__(f"{type(row).__name__} {row.pk}: no Welsh for {field}")


@contextmanager
def shown_in(language):
    """Rows loaded inside carry the texts of `language` (English: as stored)."""
    token = _shown.set(WELSH if language == WELSH else None)
    try:
        yield
    finally:
        _shown.reset(token)


def showing():
    """The language content rows are being shown in: WELSH inside shown_in("cy"), else None (as stored)."""
    return _shown.get()


def welsh(field):
    """The Welsh column beside an English one: 'text' -> 'text_cy'."""
    return field + SUFFIX


def lacking_welsh(fields):
    """A filter for the rows with an English text among `fields` whose Welsh is empty."""
    missing = Q()
    for field in fields:
        missing |= ~Q(**{field: ""}) & Q(**{welsh(field): ""})
    return missing


class Bilingual(models.Model):
    """A content row whose TRANSLATED texts each have a Welsh column, `<field>_cy`, beside them."""

    TRANSLATED = ()  # the English field names

    welsh_reviewed = models.BooleanField(
        _("Welsh reviewed"),
        default=False,
        help_text=_(
            "Tick once a Welsh translator has checked the Welsh of this row. Until then it is a draft, "
            "awaiting review. Changing the English clears it."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if getattr(self, "_shown_in", None):
            raise RuntimeError(f"{self!r} was loaded to be shown in Welsh; load it again to edit it")
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        if _shown.get() == WELSH:
            row._show_welsh()
        return row

    def _show_welsh(self):
        loaded = self.__dict__
        for field in self.TRANSLATED:
            if field not in loaded or welsh(field) not in loaded:
                continue  # deferred: nothing to show
            if loaded[field] and not loaded[welsh(field)]:
                raise WelshMissing(self, field)
            loaded[field] = loaded[welsh(field)]
        self._shown_in = WELSH

    def welsh_missing(self):
        """The English fields of this row that have text but no Welsh."""
        return [f for f in self.TRANSLATED if getattr(self, f) and not getattr(self, welsh(f))]

    def clean(self):
        super().clean()
        if self.welsh_reviewed and self.pk:
            original = type(self).objects.filter(pk=self.pk).values(*self.TRANSLATED).first() or {}
            if any(original.get(f, getattr(self, f)) != getattr(self, f) for f in self.TRANSLATED):
                self.welsh_reviewed = False  # the reviewed Welsh translated other English
