"""Admin for what firms give: read-only assessments with their answers and scores, the export, the
held-out assessments an analyst may let into the figures, and the export log (superusers only)."""

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..insights import peers
from ..insights import views as insights_views
from ..models import Answer, Assessment, DriverScore, ExportLog
from . import views as admin_views

# Kept for spotting made-up assessments; no one needs to read them.
HIDDEN_FIELDS = ("id", "token_hash", "contact_email", "submitted_from", "answers_digest")


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["question", "option"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DriverScoreInline(AnswerInline):
    model = DriverScore
    fields = ["driver", "score", "level", "coverage"]
    readonly_fields = fields


class HeldFilter(admin.SimpleListFilter):
    title = _("held out of the figures")
    parameter_name = "held_out"

    def lookups(self, request, model_admin):
        return [("any", _("Held out, for any reason")), *Assessment.Held.choices]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.exclude(held="")
        if self.value() in Assessment.Held.values:
            return queryset.filter(held=self.value())
        return queryset


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["company_name", "status", "questionnaire", "sector", "size_band", "region", "submitted_at", "held"]
    list_filter = ["status", HeldFilter, "questionnaire", "region", "size_band", "sector", "benchmark_consent"]
    list_filter += ["is_demo"]
    search_fields = ["company_name"]
    date_hierarchy = "created_at"
    exclude = ["token_hash", "contact_email", "submitted_from", "answers_digest"]  # e-mail: no staff member sees it
    inlines = [DriverScoreInline, AnswerInline]
    readonly_fields = [f.name for f in Assessment._meta.fields if f.name not in HIDDEN_FIELDS]
    actions = ["let_into_the_figures"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # answers are the firm's; staff read them, never edit them

    def has_admit_permission(self, request):
        return request.user.has_perm("assessments.admit_held")

    @admin.action(permissions=["admit"], description=_("Let into the figures (they look like real firms)"))
    def let_into_the_figures(self, request, queryset):
        held = list(queryset.exclude(held=""))
        admitted = peers.admit(queryset.filter(pk__in=[a.pk for a in held]))
        if held:
            message = gettext("Let into the figures by an analyst (was held out: %(reason)s).")
            LogEntry.objects.log_actions(
                request.user.pk, held, CHANGE, message % {"reason": ", ".join({a.get_held_display() for a in held})}
            )
        text = ngettext(
            "%(count)d assessment let into the figures: the dashboard now, peer figures at the next release.",
            "%(count)d assessments let into the figures: the dashboard now, peer figures at the next release.",
            admitted,
        )
        self.message_user(request, text % {"count": admitted}, messages.SUCCESS)

    def get_urls(self):
        view = self.admin_site.admin_view
        export = path("export/", view(admin_views.export_responses), name="assessments_assessment_export")
        insights = [
            path("insights/", view(insights_views.dashboard), name="assessments_assessment_insights"),
            path(
                "insights/published/<int:pk>/<slug:slug>.<str:fmt>",
                view(insights_views.published_download),
                name="assessments_assessment_insights_published",
            ),
        ]
        return [export, *insights, *super().get_urls()]


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Who took what out of the service: superusers read it, nobody changes it."""

    list_display = ["at", "username", "kind", "file_name", "rows"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "file_name"]
    date_hierarchy = "at"
    readonly_fields = ["at", "user", "username", "kind", "filters", "rows", "file_name"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
