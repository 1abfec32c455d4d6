"""The staff side: content editors own the questionnaire and catalogue, analysts read and export."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from . import admin_views, versioning
from .models import (
    Answer,
    Assessment,
    Driver,
    DriverScore,
    Option,
    Programme,
    Question,
    Questionnaire,
    Recommendation,
    Region,
    SizeBand,
)
from .templatetags.readiness import rich


@admin.register(Driver)
class DriverAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "subtitle", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code", "summary"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []  # codes are stable identifiers: URLs and packs use them


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "status", "published_at", "question_count", "assessment_count"]
    list_filter = ["status"]
    readonly_fields = ["version", "status", "published_at", "created_at", "questions_by_driver", "tools"]
    fields = ["version", "title", "status", "published_at", "notes", "tools", "questions_by_driver"]
    actions = ["create_draft", "publish", "retire"]

    def get_queryset(self, request):
        return versioning.with_counts(super().get_queryset(request))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/preview/<slug:driver>/", view(admin_views.preview), name="assessments_questionnaire_preview"
            ),  # noqa: E501
            path("<int:pk>/export/", view(admin_views.export_pack), name="assessments_questionnaire_export"),
            path("import/", view(admin_views.import_pack), name="assessments_questionnaire_import"),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if not change:  # a new questionnaire is always the next version, in draft
            latest = Questionnaire.objects.order_by("-version").values_list("version", flat=True).first()
            obj.version = (latest or 0) + 1
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_locked)

    @admin.display(description="questions", ordering="n_questions")
    def question_count(self, obj):
        return obj.n_questions

    @admin.display(description="assessments", ordering="n_assessments")
    def assessment_count(self, obj):
        return obj.n_assessments

    @admin.display(description="tools")
    def tools(self, obj):
        if not obj.pk:
            return "Save first."
        first = Driver.objects.filter(questions__questionnaire=obj).first()
        links = [(reverse("admin:assessments_questionnaire_export", args=[obj.pk]), "Export content pack (YAML)")]
        if first:
            preview = reverse("admin:assessments_questionnaire_preview", args=[obj.pk, first.code])
            links.insert(0, (preview, "Preview as a respondent"))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    @admin.display(description="questions by driver")
    def questions_by_driver(self, obj):
        if not obj.pk:
            return "-"
        rows = []
        questions = obj.questions.select_related("driver").prefetch_related("options")
        for question in questions:
            url = reverse("admin:assessments_question_change", args=[question.pk])
            levels = ", ".join(str(o.level) for o in question.options.all() if o.level is not None)
            rows.append((question.driver.name, url, question.code, question.text, question.weight, levels))
        body = format_html_join(
            "", "<tr><td>{}</td><td><a href='{}'>{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
        )
        head = "<tr><th>Driver</th><th>Code</th><th>Question</th><th>Weight</th><th>Levels</th></tr>"
        return format_html("<table>{}{}</table>", format_html(head), body)

    def _run(self, request, queryset, action, done):
        for questionnaire in queryset:
            try:
                result = action(questionnaire)
            except ValidationError as error:
                self.message_user(request, f"v{questionnaire.version}: " + " ".join(error.messages), messages.ERROR)
                continue
            target = result or questionnaire
            self.log_change(request, target, done.format(source=questionnaire.version))
            self.message_user(request, f"v{target.version}: " + done.format(source=questionnaire.version))

    @admin.action(description="Create new draft from this version", permissions=["add"])
    def create_draft(self, request, queryset):
        self._run(request, queryset, versioning.create_draft, "Draft created from version {source}.")

    @admin.action(description="Publish (new assessments will use it)", permissions=["change"])
    def publish(self, request, queryset):
        self._run(request, queryset, versioning.publish, "Published.")

    @admin.action(description="Retire (assessments already on it carry on)", permissions=["change"])
    def retire(self, request, queryset):
        self._run(request, queryset, versioning.retire, "Retired.")


class OptionInline(admin.TabularInline):
    model = Option
    fields = ["order", "label", "kind", "level"]
    extra = 0
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 90})}}

    def _locked(self, obj):
        return obj is not None and obj.questionnaire.is_locked

    def get_extra(self, request, obj=None, **kwargs):
        return 7 if obj is None else 0  # a new question: rows for levels 0–4, don't know, not relevant

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)

    def get_readonly_fields(self, request, obj=None):
        return ["kind", "level"] if self._locked(obj) else []


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "driver", "questionnaire", "weight", "order"]
    list_display_links = ["code", "text"]
    list_editable = ["order"]
    list_filter = ["driver", "questionnaire"]
    list_select_related = ["driver", "questionnaire"]
    search_fields = ["code", "text", "help_text"]
    ordering = ["-questionnaire__version", "driver__order", "order"]
    inlines = [OptionInline]
    formfield_overrides = {models.CharField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 90})}}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        if question and question.questionnaire.is_locked and request.method == "GET":
            self.message_user(request, versioning.locked_message(question.questionnaire, "scoring"), messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        return ["questionnaire", "driver", "code", "weight"] if obj and obj.questionnaire.is_locked else []

    def get_changeform_initial_data(self, request):
        draft = Questionnaire.objects.filter(status=Questionnaire.Status.DRAFT).first()
        return {"questionnaire": draft.pk, **super().get_changeform_initial_data(request)} if draft else {}

    def get_actions(self, request):
        # Bulk delete skips each row's checks; questions are deleted one at a time, in drafts.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.questionnaire.is_locked)


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = [
            "code",
            "driver",
            "title",
            "horizon",
            "effort",
            "band",
            "question_code",
            "at_or_below",
            "body",
            "programmes",
        ]

    def clean(self):
        data = super().clean()
        band, code, level = data.get("band"), data.get("question_code"), data.get("at_or_below")
        if bool(band) == bool(code or level is not None):
            raise ValidationError("Give either a band, or a question code with an 'at or below' level, not both.")
        if code and not Question.objects.filter(code=code).exists():
            self.add_error("question_code", "No question has this code.")
        if code and level is None:
            self.add_error("at_or_below", "Give the level at or below which this fires.")
        return data


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    form = RecommendationForm
    list_display = ["title", "driver", "trigger", "horizon", "effort"]
    list_filter = ["driver", "horizon", "effort", "band"]
    list_select_related = ["driver"]
    search_fields = ["title", "body", "code", "question_code"]
    filter_horizontal = ["programmes"]
    readonly_fields = ["preview"]
    fieldsets = [
        (None, {"fields": ["code", "driver", "title", "horizon", "effort"]}),
        ("Trigger", {"fields": ["band", ("question_code", "at_or_below")]}),
        ("Text", {"fields": ["body", "preview"]}),
        ("Support", {"fields": ["programmes"]}),
    ]

    @admin.display(description="trigger")
    def trigger(self, obj):
        return f"{obj.get_band_display()} band" if obj.band else f"{obj.question_code} at or below {obj.at_or_below}"

    @admin.display(description="preview of the saved text, as respondents see it")
    def preview(self, obj):
        return rich(obj.body) if obj.pk else "Save to see a preview."

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "programmes":
            kwargs["queryset"] = Programme.objects.filter(active=True)  # closed ones are never recommended
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ProgrammeForm(forms.ModelForm):
    url = forms.URLField(label="Programme URL", assume_scheme="https")
    source_url = forms.URLField(
        label="Source URL", assume_scheme="https", help_text="Where the facts shown were checked."
    )
    regions = forms.MultipleChoiceField(
        choices=Region.choices, required=False, widget=forms.CheckboxSelectMultiple, help_text="None: the whole UK."
    )
    sizes = forms.MultipleChoiceField(
        choices=SizeBand.choices, required=False, widget=forms.CheckboxSelectMultiple, help_text="None: every size."
    )

    class Meta:
        model = Programme
        fields = [
            "code",
            "name",
            "provider",
            "url",
            "source_url",
            "summary",
            "drivers",
            "regions",
            "sizes",
            "active",
            "last_verified",
        ]


class VerifiedFilter(admin.SimpleListFilter):
    title = "last verified"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("stale", "Not verified in the last 6 months"), ("recent", "Verified in the last 6 months")]

    def queryset(self, request, queryset):
        cutoff = timezone.localdate() - timedelta(days=183)
        if self.value() == "stale":
            return queryset.filter(last_verified__lt=cutoff)
        if self.value() == "recent":
            return queryset.filter(last_verified__gte=cutoff)
        return queryset


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = ProgrammeForm
    list_display = ["name", "provider", "where", "active", "last_verified"]
    list_filter = ["active", VerifiedFilter, "drivers"]
    search_fields = ["name", "provider", "summary", "code"]
    filter_horizontal = ["drivers"]

    @admin.display(description="regions")
    def where(self, obj):
        names = obj.region_names()
        return names[0] if len(names) == 1 else f"{len(names)} regions"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "active" in form.changed_data and not obj.active:
            linked = obj.recommendations.count()
            obj.recommendations.clear()
            if linked:
                note = "closed programmes are never recommended"
                self.message_user(request, f"Unlinked from {linked} recommendations: {note}.")


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
    list_filter = ["status", "questionnaire", "region", "size_band", "sector", "benchmark_consent"]
    search_fields = ["company_name"]
    date_hierarchy = "created_at"
    # Staff never see a firm's address: it is there only to send the firm its own link.
    exclude = ["token_hash", "contact_email"]
    inlines = [DriverScoreInline, AnswerInline]
    readonly_fields = [f.name for f in Assessment._meta.fields if f.name not in ("id", "token_hash", "contact_email")]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # answers are the firm's; staff read them, never edit them

    def get_urls(self):
        view = self.admin_site.admin_view
        export = path("export/", view(admin_views.export_responses), name="assessments_assessment_export")
        return [export, *super().get_urls()]
