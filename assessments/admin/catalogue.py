"""Admin for drivers, recommendations and the programme catalogue."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Driver, Programme, Recommendation, Region, Sector, SizeBand
from ..templatetags.readiness import rich
from .labels import LabelledListEditable
from .locks import VersionLockAdmin
from .welsh import WelshFilter, side_by_side

STALE_AFTER = timedelta(days=183)  # a programme entry not checked for six months needs a look
COLUMNS = (_("Address"), _("Visited"), _("Status"), _("Final address or error"), _("Page title"), _("When"))


@admin.register(Driver)
class DriverAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["name", "code", "subtitle", "order", "welsh_reviewed"]
    list_editable = ["order"]
    list_filter = [WelshFilter]
    search_fields = ["name", "code", "summary", "name_cy", "summary_cy"]
    fieldsets = [
        (None, {"fields": ["code", "order"]}),
        (
            _("Wording: English and Welsh"),
            {"fields": side_by_side("name", "subtitle", "summary", "international_note", "international_source")},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []  # codes are stable identifiers: URLs and packs use them


class RecommendationForm(forms.ModelForm):
    sectors = forms.MultipleChoiceField(
        choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=_("None: every sector.")
    )

    class Meta:
        model = Recommendation
        fields = [
            "questionnaire", "code", "driver", "title", "title_cy", "first_step", "first_step_cy", "horizon", "effort",
            "cost_band", "band", "question_code", "at_or_below", "sectors", "body", "body_cy", "welsh_reviewed",
            "programmes",
        ]  # fmt: skip


@admin.register(Recommendation)
class RecommendationAdmin(VersionLockAdmin, admin.ModelAdmin):
    form = RecommendationForm
    list_display = ["title", "driver", "questionnaire", "trigger", "horizon", "effort", "cost_band"]
    list_filter = ["questionnaire", "driver", "horizon", "effort", "cost_band", "band", WelshFilter]
    list_select_related = ["driver", "questionnaire"]
    search_fields = ["title", "body", "code", "question_code", "title_cy", "body_cy"]
    # Checkboxes rather than filter_horizontal, whose script-built widget names an icon with a prohibited aria-label.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    readonly_fields = ["preview", "preview_cy"]
    fieldsets = [
        (None, {"fields": ["questionnaire", "code", "driver", "horizon", "effort", "cost_band"]}),
        (_("Trigger"), {"fields": ["band", ("question_code", "at_or_below"), "sectors"]}),
        (_("Wording: English and Welsh"), {"fields": [*side_by_side("title", "first_step", "body"),
                                                      ("preview", "preview_cy")]}),
        (_("Support"), {"fields": ["programmes"]}),
    ]  # fmt: skip

    @admin.display(description=_("trigger"))
    def trigger(self, obj):
        if obj.band:
            return gettext("%(band)s band") % {"band": obj.get_band_display()}
        return gettext("%(code)s at or below %(level)s") % {"code": obj.question_code, "level": obj.at_or_below}

    @admin.display(description=_("preview of the saved text, as respondents see it"))
    def preview(self, obj):
        return rich(obj.body) if obj.pk else gettext("Save to see a preview.")

    @admin.display(description=_("preview of the saved Welsh"))
    def preview_cy(self, obj):
        return rich(obj.body_cy) if obj.pk else gettext("Save to see a preview.")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "programmes":
            kwargs["queryset"] = Programme.objects.recommendable()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ProgrammeForm(forms.ModelForm):
    # The model refuses anything but https; assume_scheme only fills in a missing scheme.
    url = forms.URLField(label=_("Programme URL"), assume_scheme="https")
    source_url = forms.URLField(
        label=_("Source URL"), assume_scheme="https", help_text=_("Where the facts shown come from.")
    )
    regions = forms.MultipleChoiceField(
        choices=Region.choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=_("None: the whole UK.")
    )
    sizes = forms.MultipleChoiceField(
        choices=SizeBand.choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=_("None: every size.")
    )
    # Only this sets "last checked", the date firms read: the link checker never does.
    checked_now = forms.BooleanField(
        label=_("I have checked this entry against its live pages today"),
        required=False,
        help_text=_("Sets “last checked” to today, as the report prints it. Say in the note what you checked."),
    )

    class Meta:
        model = Programme
        fields = [
            "code", "name", "name_cy", "provider", "provider_cy", "kind", "url", "source_url", "source_date",
            "unconfirmed", "unconfirmed_cy", "summary", "summary_cy", "welsh_reviewed", "drivers", "regions", "sizes",
            "coverage_known", "active", "checked_now", "check_note",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("checked_now") and not cleaned.get("check_note"):
            self.add_error("check_note", _("Say what you checked, and against what."))
        return cleaned


class CheckedFilter(admin.SimpleListFilter):
    title = _("last checked")
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("stale", _("Not checked in the last 6 months")), ("recent", _("Checked in the last 6 months"))]

    def queryset(self, request, queryset):
        cutoff = timezone.localdate() - STALE_AFTER
        if self.value() == "stale":
            return queryset.filter(last_checked__lt=cutoff) | queryset.filter(last_checked__isnull=True)
        if self.value() == "recent":
            return queryset.filter(last_checked__gte=cutoff)
        return queryset


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = ProgrammeForm
    list_display = ["name", "provider", "kind", "where", "active", "source_date", "last_checked", "links"]
    list_filter = ["active", "kind", CheckedFilter, "drivers", WelshFilter]
    search_fields = ["name", "provider", "summary", "code", "name_cy", "summary_cy"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    readonly_fields = ["last_checked", "checked_by", "link_checks"]
    fieldsets = [
        (None, {"fields": ["code", "kind", "url", "drivers", "active"]}),
        (_("Wording: English and Welsh"), {"fields": side_by_side("name", "provider", "summary", "unconfirmed")}),
        (_("Who it serves"), {"fields": ["regions", "sizes", "coverage_known"]}),
        (_("Sources"), {"fields": ["source_url", "source_date"]}),
        (_("Checked by a person"), {"fields": ["last_checked", "checked_by", "checked_now", "check_note"]}),
        (_("What the link checker saw"), {"fields": ["link_checks"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("link_checks")

    @admin.display(description=_("at the last nightly link check"))
    def link_checks(self, obj):
        rows = [
            (c.get_link_display(), c.visited, c.status or "–", c.final_url or c.error, c.title, localize(c.checked_at))
            for c in obj.link_checks.all()
        ]
        if not rows:
            return gettext("Not visited yet: run manage.py check_programmes.")
        head = format_html_join("", "<th>{}</th>", [(str(h),) for h in COLUMNS])
        body = format_html_join("", "<tr>" + "<td>{}</td>" * len(COLUMNS) + "</tr>", rows)
        return format_html("<table><tr>{}</tr>{}</table>", head, body)

    @admin.display(description=_("links"))
    def links(self, obj):
        checks = list(obj.link_checks.all())
        if not checks:
            return gettext("not checked")
        broken = [c for c in checks if not c.ok]
        return gettext("%(count)s not answering") % {"count": len(broken)} if broken else gettext("answering")

    @admin.display(description=_("regions"))
    def where(self, obj):
        names = obj.region_names()
        return names[0] if len(names) == 1 else gettext("%(count)s regions") % {"count": len(names)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("checked_now"):
            obj.mark_checked(request.user.get_username(), form.cleaned_data["check_note"])
        if change and "active" in form.changed_data and not obj.active:
            linked = obj.recommendations.count()
            obj.recommendations.clear()
            if linked:
                message = gettext("Unlinked from %(count)s recommendations: closed programmes are never recommended.")
                self.message_user(request, message % {"count": linked})
