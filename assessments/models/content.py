"""Content that staff edit outside the versions: drivers and the support programme catalogue.

Each content rule lives here, on its field or in `clean()`; the admin forms and the content pack
loader both call `full_clean()`, so they accept exactly the same things.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .bilingual import Bilingual
from .choices import ENGLISH_REGIONS, Region, SizeBand

# Driver pages live at /assessments/<token>/<driver code>/, next to these fixed pages (see urls.py;
# a test keeps the two in step).
RESERVED_DRIVER_CODES = frozenset(
    {"new", "profile", "review", "submit", "results", "saved", "report", "report.pdf", "tasks", "again", "full",
     "start-again", "delete", "my-data.json", "share", "shares", "handover", "link", "new-link"}
)  # fmt: skip


def validate_not_reserved(code):
    if code in RESERVED_DRIVER_CODES:
        raise ValidationError(_("“%(code)s” is the name of a page of the journey; choose another code."),
                              params={"code": code}, code="reserved")  # fmt: skip


@deconstructible
class ChoiceListValidator:
    """A JSON list whose items all come from `choices` (e.g. region codes)."""

    def __init__(self, choices):
        self.choices = choices

    def __call__(self, value):
        if not isinstance(value, list):
            raise ValidationError(_("Expected a list."), code="invalid")
        allowed = dict(self.choices.choices)
        unknown = [str(v) for v in value if v not in allowed]
        if unknown:
            raise ValidationError(_("Unknown: %(codes)s."), params={"codes": ", ".join(unknown)}, code="invalid")

    def __eq__(self, other):
        return isinstance(other, ChoiceListValidator) and self.choices == other.choices


https_only = URLValidator(schemes=["https"], message=_("Enter a full URL that starts with https://."))


class Driver(Bilingual):
    TRANSLATED = ("name", "subtitle", "summary", "international_note", "international_source")

    code = models.SlugField(
        max_length=20,
        unique=True,
        validators=[validate_not_reserved],
        help_text=_("Stable identifier; never change it."),
    )
    name = models.CharField(max_length=40, help_text=_("Short name, used in charts."))
    subtitle = models.CharField(max_length=120, blank=True)
    summary = models.TextField(max_length=1500)
    international_note = models.TextField(blank=True, max_length=1500)
    international_source = models.CharField(
        max_length=300, blank=True, help_text=_("Where the note's facts come from.")
    )
    name_cy = models.CharField(_("name in Welsh"), max_length=40, blank=True)
    subtitle_cy = models.CharField(_("subtitle in Welsh"), max_length=120, blank=True)
    summary_cy = models.TextField(_("summary in Welsh"), max_length=1500, blank=True)
    international_note_cy = models.TextField(_("international note in Welsh"), blank=True, max_length=1500)
    international_source_cy = models.CharField(_("source of the note in Welsh"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)  # report_state: a stored PDF re-renders after an edit

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class ProgrammeQuerySet(models.QuerySet):
    def recommendable(self):
        """Closed programmes stay listed but are never recommended: the one rule (the report's
        catalogue, the admin's choices and validate_recommendable all ask it)."""
        return self.filter(active=True)


class Programme(Bilingual):
    TRANSLATED = ("name", "provider", "summary", "unconfirmed")

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme")
        ADVISER = "adviser", _("Adviser route (a free first stop)")

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.PROGRAMME)
    url = models.URLField(_("programme URL"), validators=[https_only])
    source_url = models.URLField(
        _("source URL"), validators=[https_only], help_text=_("Where the facts shown come from.")
    )
    source_date = models.DateField(_("date of the source"), null=True, blank=True, help_text=_("Empty if undated."))
    # Only a person's check sets it (mark_checked); the link checker records what it saw in LinkCheck.
    last_checked = models.DateField(
        null=True, blank=True, help_text=_("When someone last checked this entry against the source. Empty if never.")
    )
    check_note = models.CharField(
        _("note on the last check"), max_length=300, blank=True, help_text=_("What was checked, and against what.")
    )
    checked_by = models.CharField(_("checked by"), max_length=150, blank=True, editable=False)
    unconfirmed = models.CharField(
        max_length=300, blank=True, help_text=_("What could not be confirmed; shown to firms as “Unconfirmed: …”.")
    )
    summary = models.TextField(max_length=1500)
    # Proper names stay as they are (Made Smarter); a body with a Welsh name gives it (Busnes Cymru).
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    provider_cy = models.CharField(_("provider in Welsh"), max_length=200, blank=True)
    summary_cy = models.TextField(_("summary in Welsh"), max_length=1500, blank=True)
    unconfirmed_cy = models.CharField(_("unconfirmed, in Welsh"), max_length=300, blank=True)
    drivers = models.ManyToManyField(Driver, related_name="programmes", blank=True)
    regions = models.JSONField(
        default=list, blank=True, validators=[ChoiceListValidator(Region)], help_text=_("Empty means the whole UK.")
    )
    sizes = models.JSONField(
        default=list, blank=True, validators=[ChoiceListValidator(SizeBand)], help_text=_("Empty means every size.")
    )
    coverage_known = models.BooleanField(
        _("coverage known"),
        default=True,
        help_text=_("Untick while nobody has confirmed where it runs: firms then read “coverage not yet known”."),
    )
    active = models.BooleanField(default=True, help_text=_("Closed programmes stay listed but are never recommended."))
    updated_at = models.DateTimeField(auto_now=True)  # report_state: a stored PDF re-renders after an edit

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def serves(self, region, size):
        """Whether a firm of this size in this region may apply (whether the programme is open is
        Programme.objects.recommendable())."""
        return (not self.regions or region in self.regions) and (not self.sizes or size in self.sizes)

    def region_names(self):
        """The regions by name; all nine English regions are named once, as England. An entry whose
        coverage nobody has confirmed says so rather than name regions."""
        if not self.coverage_known:
            return [gettext("coverage not yet known")]
        labels = dict(Region.choices)
        codes = list(self.regions)
        if set(codes) >= ENGLISH_REGIONS:
            codes = ["england", *(code for code in codes if code not in ENGLISH_REGIONS)]
        names = [gettext("England") if code == "england" else labels.get(code, code) for code in codes]
        return names or [gettext("Whole UK")]

    def mark_checked(self, by, note, on=None):
        """A person has checked this entry against its live pages: the date the report prints as
        “last checked”. Nothing else sets it (the link checker only records what it saw)."""
        self.last_checked, self.check_note, self.checked_by = on or timezone.localdate(), note, str(by)
        self.full_clean()
        self.save()


class LinkCheck(models.Model):
    """What `manage.py check_programmes` last saw at one of a programme's addresses. A machine's
    observation, never a person's check: it sets no date the report prints, and saving it leaves the
    programme (and so every stored PDF) untouched."""

    class Link(models.TextChoices):
        URL = "url", _("programme URL")
        SOURCE = "source_url", _("source URL")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="link_checks")
    link = models.CharField(max_length=10, choices=Link)
    visited = models.URLField(_("address visited"), max_length=500)
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    final_url = models.URLField(_("final address"), max_length=500, blank=True)
    title = models.CharField(_("page title"), max_length=300, blank=True)
    error = models.CharField(max_length=300, blank=True, help_text=_("Why no page came back, if none did."))
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["programme__name", "link"]
        constraints = [models.UniqueConstraint(fields=["programme", "link"], name="one_link_check_per_address")]

    def __str__(self):
        return f"{self.programme} {self.link}: {self.status or self.error}"

    @property
    def ok(self):
        """The address answered with a page (2xx), at the address the entry gives or after redirects."""
        return self.status is not None and 200 <= self.status < 300


def validate_recommendable(programmes):
    """Refuses a link from a recommendation to any programme that is not recommendable (saved rows)."""
    programmes = list(programmes)
    allowed = Programme.objects.recommendable().filter(pk__in=[p.pk for p in programmes])
    allowed = set(allowed.values_list("pk", flat=True))
    closed = [p.name for p in programmes if p.pk not in allowed]
    if closed:
        raise ValidationError(
            _("%(names)s is closed, so it cannot be recommended."), params={"names": ", ".join(closed)}
        )
