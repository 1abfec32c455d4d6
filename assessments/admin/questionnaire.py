"""Admin for questionnaire versions and their questions and answer levels."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..journey import timing
from ..models import Option, Question, Questionnaire
from . import versions as versioning
from . import views as admin_views
from .labels import LabelledInline, LabelledListEditable
from .locks import VersionLockAdmin
from .welsh import QuestionWelshFilter, awaiting_review, missing_list, side_by_side


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "status", "published_at", "question_count", "assessment_count", "in_welsh"]
    list_filter = ["status"]
    readonly_fields = ["version", "status", "published_at", "created_at", "questions_by_driver", "tools",
                       "time_to_complete", "welsh_missing", "welsh_review"]  # fmt: skip
    fields = ["version", "title", "status", "published_at", "notes", "tools", "time_to_complete", "welsh_missing",
              "welsh_review", "questions_by_driver"]  # fmt: skip
    actions = ["create_draft", "publish", "retire"]

    def get_queryset(self, request):
        return versioning.with_counts(super().get_queryset(request))

    def get_urls(self):
        view = self.admin_site.admin_view
        preview = path(
            "<int:pk>/preview/<slug:driver>/", view(admin_views.preview), name="assessments_questionnaire_preview"
        )
        return [
            preview,
            path("<int:pk>/export/", view(admin_views.export_pack), name="assessments_questionnaire_export"),
            path("<int:pk>/draft/", view(admin_views.create_draft), name="assessments_questionnaire_draft"),
            path("<int:pk>/welsh.po", view(admin_views.export_welsh), name="assessments_questionnaire_export_welsh"),
            path("<int:pk>/welsh/", view(admin_views.import_welsh), name="assessments_questionnaire_import_welsh"),
            path("import/", view(admin_views.import_pack), name="assessments_questionnaire_import"),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if not change:  # a new questionnaire is always the next version, in draft
            obj.version = Questionnaire.objects.next_version()
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_locked)

    @admin.display(description=_("questions"), ordering="n_questions")
    def question_count(self, obj):
        return obj.n_questions

    @admin.display(description=_("assessments"), ordering="n_assessments")
    def assessment_count(self, obj):
        return obj.n_assessments

    @admin.display(description=_("in Welsh"))
    def in_welsh(self, obj):
        missing = len(obj.welsh_missing())
        if not missing:
            return gettext("offered")
        return ngettext("%(count)s text missing", "%(count)s texts missing", missing) % {"count": missing}

    @admin.display(description=_("Welsh"))
    def welsh_missing(self, obj):
        return missing_list(obj) if obj.pk else "-"

    @admin.display(description=_("Welsh review"))
    def welsh_review(self, obj):
        return awaiting_review(obj) if obj.pk else "-"

    @admin.display(description=_("tools"))
    def tools(self, obj):
        if not obj.pk:
            return gettext("Save first.")
        first = obj.drivers().first()
        links = [
            (reverse("admin:assessments_questionnaire_export", args=[obj.pk]), gettext("Export content pack (YAML)")),
            (reverse("admin:assessments_questionnaire_export_welsh", args=[obj.pk]),
             gettext("Export the texts for a Welsh translator (PO)")),
            (reverse("admin:assessments_questionnaire_import_welsh", args=[obj.pk]), gettext("Import Welsh texts")),
        ]  # fmt: skip
        if first:
            preview = reverse("admin:assessments_questionnaire_preview", args=[obj.pk, first.code])
            links.insert(0, (preview, gettext("Preview as a respondent")))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    @admin.display(description=_("time to complete"))
    def time_to_complete(self, obj):
        """The figures the start page promises for this version (journey.timing, the one estimate)."""
        if not obj.pk:
            return "-"
        return gettext(
            "Full assessment: about %(full)s minutes; quick check: about %(quick)s minutes. Counted from every word "
            "a firm reads (business details, questions and answers, instructions, task list, check your answers) at "
            "200 words a minute, plus a moment to choose each answer."
        ) % {"full": timing.estimate(obj).minutes, "quick": timing.estimate(obj, quick=True).minutes}

    @admin.display(description=_("questions by driver"))
    def questions_by_driver(self, obj):
        if not obj.pk:
            return "-"
        rows = []
        for question in obj.questions.select_related("driver").prefetch_related("options"):
            url = reverse("admin:assessments_question_change", args=[question.pk])
            levels = ", ".join(str(o.level) for o in question.options.all() if o.level is not None)
            rows.append((question.driver.name, url, question.code, question.text, question.weight, levels))
        body = format_html_join(
            "", "<tr><td>{}</td><td><a href='{}'>{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
        )
        head = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            *(gettext(h) for h in ("Driver", "Code", "Question", "Weight", "Levels")),
        )
        return format_html("<table>{}{}</table>", head, body)

    def _run(self, request, queryset, action, done):
        for questionnaire in queryset:
            try:
                result = action(questionnaire)
            except ValidationError as error:
                self.message_user(request, version_says(questionnaire, " ".join(error.messages)), messages.ERROR)
                continue
            target = result or questionnaire
            self.log_change(request, target, done % {"source": questionnaire.version})
            self.message_user(request, version_says(target, done % {"source": questionnaire.version}))

    @admin.action(description=_("Create a draft from this version"), permissions=["add"])
    def create_draft(self, request, queryset):
        self._run(request, queryset, versioning.create_draft, gettext("Draft created from version %(source)s."))

    @admin.action(description=_("Publish (new assessments will use it)"), permissions=["change"])
    def publish(self, request, queryset):
        self._run(request, queryset, versioning.publish, gettext("Published."))

    @admin.action(description=_("Retire (assessments already on it carry on)"), permissions=["change"])
    def retire(self, request, queryset):
        self._run(request, queryset, versioning.retire, gettext("Retired."))


def version_says(questionnaire, text):
    """A message about a version, named as the list names it ("Version 3: …", never a lone "v3")."""
    return gettext("Version %(version)s: %(text)s") % {"version": questionnaire.version, "text": text}


class OptionInline(LabelledInline, admin.TabularInline):
    model = Option
    fields = ["order", "label", "label_cy", "kind", "level", "welsh_reviewed"]
    extra = 0
    row_name = _("answer")
    # An answer in English and in Welsh side by side: 30 characters each keep the page within 1,366 px.
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 30})}}

    def _locked(self, obj):
        return obj is not None and obj.questionnaire.is_locked

    def get_extra(self, request, obj=None, **kwargs):
        return 7 if obj is None else 0  # a new question: rows for levels 0–4, don't know, not relevant

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)

    def get_readonly_fields(self, request, obj=None):
        return [f for f in Option.LOCKED_FIELDS if f != "question"] if self._locked(obj) else []


@admin.register(Question)
class QuestionAdmin(LabelledListEditable, VersionLockAdmin, admin.ModelAdmin):
    list_display = ["code", "text", "driver", "questionnaire", "weight", "legal_duty", "order", "welsh_reviewed"]
    list_display_links = ["code", "text"]
    list_editable = ["order"]
    list_filter = ["driver", "questionnaire", "legal_duty", QuestionWelshFilter]
    list_select_related = ["driver", "questionnaire"]
    search_fields = ["code", "text", "help_text", "text_cy", "help_text_cy"]
    ordering = ["-questionnaire__version", "driver__order", "order"]
    inlines = [OptionInline]
    fieldsets = [
        (None, {"fields": ["questionnaire", "driver", "code", "weight", "order", "quick_check", "legal_duty"]}),
        (_("Wording: English and Welsh"), {"fields": side_by_side("text", "help_text")}),
    ]
    # English and Welsh side by side fit 1,366 px without sideways scrolling at 40 columns each.
    formfield_overrides = {
        models.CharField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 40})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 6, "cols": 40})},
    }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A locked version's question says so on the page, as information (GOV.UK's "Important"
        banner), not as a message that would repeat after every save."""
        question = self.get_object(request, object_id)
        if question and question.questionnaire.is_locked:
            notice = question.questionnaire.locked_message(gettext("scoring"))
            extra_context = {**(extra_context or {}), "lock_notice": notice}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        draft = Questionnaire.objects.draft()
        return {"questionnaire": draft.pk, **super().get_changeform_initial_data(request)} if draft else {}

    def get_actions(self, request):
        # Bulk delete skips each row's checks; questions are deleted one at a time, in drafts.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.questionnaire.is_locked)
