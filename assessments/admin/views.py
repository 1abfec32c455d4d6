"""Staff pages beyond the model forms: respondent preview, content pack import/export, the Welsh texts
out to a translator and back, responses export.

Each is wrapped by admin_site.admin_view (staff login) and checks its own permission here.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..form_pack import AdminSubmit
from ..insights import exports
from ..journey.forms import DriverForm
from ..journey.languages import in_page_language
from ..models import Assessment, ExportLog, Questionnaire
from ..packs import apply as content_pack
from ..packs import welsh as welsh_texts
from . import versions

CONTENT_MODELS = ["driver", "questionnaire", "question", "option", "recommendation", "programme"]
MAX_PACK_BYTES = 2_000_000


def _require(request, *perms):
    if not request.user.has_perms(perms):
        raise PermissionDenied


def preview(request, pk, driver):
    """A version's driver page exactly as a respondent sees it, in the page's language (under /cy/, in
    Welsh, or the page that says the version is not offered in Welsh); nothing can be saved."""
    _require(request, "assessments.view_questionnaire")
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    return in_page_language(request, questionnaire, lambda: _preview(request, questionnaire, driver))


def _preview(request, questionnaire, driver):
    pk = questionnaire.pk
    drivers = list(questionnaire.drivers())
    current = next((d for d in drivers if d.code == driver), None)
    if current is None:
        raise Http404("No such driver in this version.")
    questions = questionnaire.questions.filter(driver=current).select_related("driver").prefetch_related("options")
    questions = list(questions)
    form = DriverForm(assessment=Assessment(questionnaire=questionnaire), questions=questions)
    context = {
        "form": form,
        "driver": current,
        "preview": questionnaire,
        "preview_links": [(d, reverse("admin:assessments_questionnaire_preview", args=[pk, d.code])) for d in drivers],
    }
    return render(request, "journey/driver.html", context)


def create_draft(request, pk):
    """The version page's "Create a draft from this version" button: the draft opens at once."""
    _require(request, "assessments.add_questionnaire")
    if request.method != "POST":
        return redirect("admin:assessments_questionnaire_change", pk)
    source = get_object_or_404(Questionnaire, pk=pk)
    try:
        draft = versions.create_draft(source)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("admin:assessments_questionnaire_change", pk)
    done = gettext("Draft version %(draft)s created from version %(source)s.")
    done %= {"draft": draft.version, "source": source.version}
    LogEntry.objects.log_actions(request.user.pk, [draft], ADDITION, done, single_object=True)
    messages.success(request, done)
    return redirect("admin:assessments_questionnaire_change", draft.pk)


def export_pack(request, pk):
    _require(request, "assessments.view_questionnaire")
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    response = HttpResponse(content_pack.export_pack(questionnaire), content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="content-pack-v{questionnaire.version}.yaml"'
    return response


class ImportPackForm(forms.Form):
    pack = forms.FileField(
        label=_("Content pack (YAML)"), help_text=_("A file exported from here, or in the same format.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("pack", AdminSubmit(_("Import")))

    def clean_pack(self):
        upload = self.cleaned_data["pack"]
        if upload.size > MAX_PACK_BYTES:
            raise forms.ValidationError(_("This file is too large for a content pack."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


def import_pack(request):
    _require(request, *(f"assessments.{a}_{m}" for m in CONTENT_MODELS for a in ("add", "change")))
    form = ImportPackForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            # A new version arrives as a draft: editors preview it, then publish with the action.
            summary = content_pack.load_pack_text(form.cleaned_data["pack"], publish=False)
        except content_pack.PackError as error:
            errors = error.errors
        else:
            _log(request, Questionnaire.objects.order_by("-version").first(), f"Imported a content pack: {summary}.")
            messages.success(request, gettext("Content pack imported: %(summary)s.") % {"summary": summary})
            return redirect("admin:assessments_questionnaire_changelist")
    title = gettext("Import a content pack")
    context = {**admin.site.each_context(request), "form": form, "errors": errors, "title": title}
    return render(request, "admin/assessments/import_pack.html", context)


def export_welsh(request, pk):
    """The version's texts as a PO file for a Welsh translator (packs.welsh)."""
    _require(request, "assessments.view_questionnaire")
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    response = HttpResponse(welsh_texts.export_welsh(questionnaire), content_type="text/x-gettext-translation")
    response["Content-Disposition"] = f'attachment; filename="welsh-texts-v{questionnaire.version}.po"'
    return response


class ImportWelshForm(forms.Form):
    texts = forms.FileField(
        label=_("Welsh texts (PO file)"),
        help_text=_("The file exported from this version, with the translator's Welsh."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("texts", AdminSubmit(_("Import")))

    def clean_texts(self):
        upload = self.cleaned_data["texts"]
        if upload.size > MAX_PACK_BYTES:
            raise forms.ValidationError(_("This file is too large."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


def import_welsh(request, pk):
    _require(request, *(f"assessments.change_{m}" for m in CONTENT_MODELS))
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    form = ImportWelshForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count, reviewed = welsh_texts.import_welsh(questionnaire, form.cleaned_data["texts"])
        except welsh_texts.WelshImportError as error:
            errors = error.problems
        else:
            summary = gettext("%(count)s Welsh texts imported; %(reviewed)s rows marked as reviewed.") % {
                "count": count,
                "reviewed": reviewed,
            }
            _log(request, questionnaire, summary)
            messages.success(request, summary)
            return redirect("admin:assessments_questionnaire_change", questionnaire.pk)
    title = gettext("Import the Welsh texts of version %(version)s") % {"version": questionnaire.version}
    context = {**admin.site.each_context(request), "form": form, "errors": errors, "title": title,
               "questionnaire": questionnaire}  # fmt: skip
    return render(request, "admin/assessments/import_welsh.html", context)


def export_responses(request):
    _require(request, "assessments.export_responses")
    form = exports.ResponsesFilter(request.GET or None)
    if request.GET and form.is_valid():
        frame = exports.responses_frame(form.queryset())
        fmt, demo = form.cleaned_data.get("format") or "xlsx", form.cleaned_data["demo"]
        about = exports.about_responses(demo) if demo else ()
        body = exports.to_xlsx(frame, about=about) if fmt == "xlsx" else exports.to_csv(frame, about=about)
        name = exports.filename(fmt, demo)
        ExportLog.record(request, ExportLog.Kind.RESPONSES, form.described(), len(frame), name)
        response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {**admin.site.each_context(request), "form": form, "title": gettext("Export responses")}
    return render(request, "admin/assessments/export_responses.html", context)


def _log(request, obj, message):
    """Records the import in the admin log, so every published version is attributable."""
    if obj is not None:
        LogEntry.objects.log_actions(request.user.pk, [obj], ADDITION, message, single_object=True)
