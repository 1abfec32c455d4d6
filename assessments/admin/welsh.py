"""How the admin shows the Welsh of the content: each English text beside its Welsh, which rows still
lack Welsh or await a translator's review, and a version's Welsh completeness.

What counts as complete is the models' rule (`Questionnaire.welsh_missing()`); this only shows it.
"""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import Driver, Option, Programme, Question, Recommendation, welsh
from ..models.bilingual import lacking_welsh


def side_by_side(*fields):
    """Admin fieldset lines: each English field with its Welsh beside it, then the review flag."""
    return [*((f, welsh(f)) for f in fields), "welsh_reviewed"]


class WelshFilter(admin.SimpleListFilter):
    """Rows whose Welsh is missing, not yet reviewed (a draft, or missing), or reviewed. `answers` (a question's answer
    levels, edited on its page) count with the question."""

    title = _("Welsh")
    parameter_name = "welsh"
    answers = False

    def lookups(self, request, model_admin):
        return [("missing", _("Missing")), ("draft", _("Not yet reviewed")), ("reviewed", _("Reviewed"))]

    def queryset(self, request, queryset):
        model = queryset.model
        missing = lacking_welsh(model.TRANSLATED)
        draft = Q(welsh_reviewed=False)
        if self.answers:
            missing |= Q(pk__in=Option.objects.filter(lacking_welsh(Option.TRANSLATED)).values("question_id"))
            draft |= Q(pk__in=Option.objects.filter(welsh_reviewed=False).values("question_id"))
        if self.value() == "missing":
            return queryset.filter(missing)
        if self.value() == "draft":
            return queryset.filter(draft)
        if self.value() == "reviewed":
            return queryset.exclude(draft)
        return queryset


class QuestionWelshFilter(WelshFilter):
    answers = True


def _change_url(row):
    if isinstance(row, Option):  # answer levels are edited on their question's page
        row = row.question
    return reverse(f"admin:assessments_{row._meta.model_name}_change", args=[row.pk])


def _name(row):
    if isinstance(row, Option):
        return gettext("%(question)s, answer “%(label)s”") % {"question": row.question.code, "label": row.label}
    return getattr(row, "code", str(row))


def missing_list(questionnaire, limit=50):
    """The version's texts that lack Welsh, each linked to where it is edited (the first `limit`)."""
    missing = questionnaire.welsh_missing()
    if not missing:
        return gettext("Every text has its Welsh: this version is offered in Welsh.")
    rows = [(_change_url(row), row._meta.verbose_name, _name(row), field.replace("_", " ")) for row, field in missing]
    items = format_html_join("", '<li><a href="{}">{} {}</a>: {}</li>', rows[:limit])
    more = len(rows) - limit
    summary = ngettext(
        "%(count)s text has no Welsh, so this version is not offered in Welsh:",
        "%(count)s texts have no Welsh, so this version is not offered in Welsh:",
        len(rows),
    ) % {"count": len(rows)}
    rest = gettext("… and %(count)s more.") % {"count": more} if more > 0 else ""
    return format_html("<p>{}</p><ul>{}</ul><p>{}</p>", summary, items, rest)


def awaiting_review(questionnaire):
    """How many rows of each kind the version shows whose Welsh awaits review, linked to the list of them."""
    version = {"questionnaire__id__exact": questionnaire.pk}
    # (rows, the list they are edited from, its filters); answer levels are edited on their question's page
    kinds = [
        (Driver.objects.all(), Driver, {}),
        (questionnaire.questions.all(), Question, version),
        (Option.objects.filter(question__questionnaire=questionnaire), Question, version),
        (questionnaire.recommendations.all(), Recommendation, version),
        (Programme.objects.recommendable(), Programme, {"active__exact": 1}),
    ]
    rows = []
    for queryset, listed_in, filters in kinds:
        count = queryset.filter(welsh_reviewed=False).count()
        if count:
            query = "&".join(f"{k}={v}" for k, v in {**filters, "welsh": "draft"}.items())
            url = reverse(f"admin:assessments_{listed_in._meta.model_name}_changelist") + "?" + query
            rows.append((url, count, queryset.model._meta.verbose_name_plural))
    if not rows:
        return gettext("A Welsh translator has reviewed every text of this version.")
    items = format_html_join("", '<li><a href="{}">{} {}</a></li>', rows)
    note = gettext("Welsh awaiting review by a Welsh translator (a draft until an editor ticks “Welsh reviewed”):")
    return format_html("<p>{}</p><ul>{}</ul>", note, items)
