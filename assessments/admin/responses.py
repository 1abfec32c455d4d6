"""Admin for what firms give: read-only assessments with their answers and scores, and the export."""

from django.contrib import admin
from django.urls import path

from ..insights import views as insights_views
from ..models import Answer, Assessment, DriverScore
from . import views as admin_views


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


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["company_name", "status", "questionnaire", "sector", "size_band", "region", "submitted_at"]
    list_filter = ["status", "questionnaire", "region", "size_band", "sector", "benchmark_consent", "is_demo"]
    search_fields = ["company_name"]
    date_hierarchy = "created_at"
    exclude = ["token_hash", "contact_email"]  # analysts never see e-mail addresses
    inlines = [DriverScoreInline, AnswerInline]
    readonly_fields = [f.name for f in Assessment._meta.fields if f.name not in ("id", "token_hash", "contact_email")]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # answers are the firm's; staff read them, never edit them

    def get_urls(self):
        view = self.admin_site.admin_view
        export = path("export/", view(admin_views.export_responses), name="assessments_assessment_export")
        insights = [
            path("insights/", view(insights_views.dashboard), name="assessments_assessment_insights"),
            path(
                "insights/<slug:slug>.<str:fmt>",
                view(insights_views.download),
                name="assessments_assessment_insights_download",
            ),
        ]
        return [export, *insights, *super().get_urls()]
