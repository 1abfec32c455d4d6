"""Admin for drivers, recommendations and the programme catalogue."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Driver, Programme, Recommendation, Region, SizeBand
from ..templatetags.readiness import rich
from .locks import VersionLockAdmin

STALE_AFTER = timedelta(days=183)  # a programme entry not checked for six months needs a look


@admin.register(Driver)
class DriverAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "subtitle", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code", "summary"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []  # codes are stable identifiers: URLs and packs use them


@admin.register(Recommendation)
class RecommendationAdmin(VersionLockAdmin, admin.ModelAdmin):
    list_display = ["title", "driver", "questionnaire", "trigger", "horizon", "effort", "cost_band"]
    list_filter = ["questionnaire", "driver", "horizon", "effort", "cost_band", "band"]
    list_select_related = ["driver", "questionnaire"]
    search_fields = ["title", "body", "code", "question_code"]
    filter_horizontal = ["programmes"]
    readonly_fields = ["preview"]
    fieldsets = [
        (
            None,
            {"fields": ["questionnaire", "code", "driver", "title", "first_step", "horizon", "effort", "cost_band"]},
        ),
        (_("Trigger"), {"fields": ["band", ("question_code", "at_or_below")]}),
        (_("Text"), {"fields": ["body", "preview"]}),
        (_("Support"), {"fields": ["programmes"]}),
    ]

    @admin.display(description=_("trigger"))
    def trigger(self, obj):
        if obj.band:
            return gettext("%(band)s band") % {"band": obj.get_band_display()}
        return gettext("%(code)s at or below %(level)s") % {"code": obj.question_code, "level": obj.at_or_below}

    @admin.display(description=_("preview of the saved text, as respondents see it"))
    def preview(self, obj):
        return rich(obj.body) if obj.pk else gettext("Save to see a preview.")

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

    class Meta:
        model = Programme
        fields = [
            "code", "name", "provider", "kind", "url", "source_url", "source_date", "last_checked", "unconfirmed",
            "summary", "drivers", "regions", "sizes", "active",
        ]  # fmt: skip


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
    list_display = ["name", "provider", "kind", "where", "active", "source_date", "last_checked"]
    list_filter = ["active", "kind", CheckedFilter, "drivers"]
    search_fields = ["name", "provider", "summary", "code"]
    filter_horizontal = ["drivers"]

    @admin.display(description=_("regions"))
    def where(self, obj):
        names = obj.region_names()
        return names[0] if len(names) == 1 else gettext("%(count)s regions") % {"count": len(names)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "active" in form.changed_data and not obj.active:
            linked = obj.recommendations.count()
            obj.recommendations.clear()
            if linked:
                message = gettext("Unlinked from %(count)s recommendations: closed programmes are never recommended.")
                self.message_user(request, message % {"count": linked})
