"""The adviser's workspace: the queue, a firm's page (scores, priorities, the firm's own words,
notes, assignment), its report and PDF, its answers beside the advisers' validations, and its data as
CSV. Every view of a firm goes through access.firm_view; nothing here is cached."""

import csv
import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from ..insights.exports import neutralise
from ..models import AdviserAccess, AnswerSheet, Note, Share, Validation
from ..report import builder as report
from ..report import pdf, rendering
from . import queue
from .access import firm_view, record, workspace
from .forms import AssignForm, NoteForm, QueueFilter, ValidationForm

Action, Purpose = AdviserAccess.Action, Share.Purpose


def firm_url(name, share, anchor=""):
    return reverse(f"advisers:{name}", kwargs={"share_id": share.public_id}) + (f"#{anchor}" if anchor else "")


def validate_url(share, question):
    return reverse("advisers:validate", kwargs={"share_id": share.public_id, "code": question.code})


@require_safe
@workspace
def queue_page(request, adviser):
    form = QueueFilter(request.GET or None)
    context = {"adviser": adviser, "form": form, "entries": queue.entries(adviser, form.filters())}
    return render(request, "advisers/queue.html", context)


@require_safe
@firm_view(logs=Action.FIRM)
def firm(request, adviser, share):
    return render(request, "advisers/firm.html", firm_context(adviser, share))


def firm_context(adviser, share, note_form=None, assign_form=None, status=200):
    assessment = share.assessment
    comments = []
    if share.sees_answers:
        comments = assessment.answers.exclude(comment="").select_related("question__driver")
    return {
        "adviser": adviser,
        "share": share,
        "assessment": assessment,
        "entry": queue.entry_for(share),
        "comments": comments,
        "notes": Note.objects.filter(assessment=assessment, organisation=adviser.organisation),
        "note_form": note_form or NoteForm(action=firm_url("note", share)),
        "assign_form": assign_form
        or AssignForm(
            organisation=adviser.organisation,
            initial={"adviser": share.assigned_to_id},
            action=firm_url("assign", share),
        ),
    }


@require_POST
@firm_view()
def add_note(request, adviser, share):
    form = NoteForm(request.POST, action=firm_url("note", share))
    if not form.is_valid():
        return render(request, "advisers/firm.html", firm_context(adviser, share, note_form=form), status=400)
    form.save(share, adviser)
    record(adviser, share, Action.NOTE)
    messages.success(request, gettext("Your note is saved."))
    return redirect(firm_url("firm", share, "notes"))


@require_POST
@firm_view()
def assign(request, adviser, share):
    form = AssignForm(request.POST, organisation=adviser.organisation, action=firm_url("assign", share))
    if not form.is_valid():
        return render(request, "advisers/firm.html", firm_context(adviser, share, assign_form=form), status=400)
    form.save(share)
    record(adviser, share, Action.ASSIGN)
    messages.success(request, gettext("The assignment is saved."))
    return redirect(firm_url("firm", share))


@require_safe
@firm_view(purpose=Purpose.REPORT, logs=Action.REPORT)
def report_page(request, adviser, share):
    assessment = share.assessment
    if not assessment.is_submitted:
        return render(request, "advisers/not_submitted.html", {"adviser": adviser, "share": share})
    context = report.for_assessment(assessment).context()
    context.update(adviser=adviser, share=share)
    return render(request, "advisers/report.html", context)


@require_safe
@firm_view(purpose=Purpose.REPORT)
def report_pdf(request, adviser, share):
    """The firm's stored PDF; the access is logged when the PDF is served, not while it is made."""
    assessment = share.assessment
    if not assessment.is_submitted:
        return render(request, "advisers/not_submitted.html", {"adviser": adviser, "share": share})
    stored = rendering.current_pdf(assessment)
    context = {"adviser": adviser, "share": share}
    if stored is None or stored.is_waiting:
        return render(request, "advisers/report_pending.html", context, status=202)
    if not stored.is_ready:
        return render(request, "advisers/report_failed.html", context, status=503)
    record(adviser, share, Action.PDF)
    response = HttpResponse(bytes(stored.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(assessment)}"'
    return response


@require_safe
@firm_view(purpose=Purpose.ANSWERS, logs=Action.ANSWERS)
def answers(request, adviser, share):
    return render(request, "advisers/answers.html", answers_context(adviser, share))


def answers_context(adviser, share, bound=None):
    """Each area's questions with the firm's answer and comment, the current validation and a form;
    `bound`: a ValidationForm with errors, shown in its question's place."""
    sheet = AnswerSheet.load(share.assessment)
    current = {v.question_id: v for v in share.assessment.validations.current().select_related("organisation")}
    areas = []
    for driver in sheet.drivers:
        rows = []
        for question in (q for q in sheet.questions if q.driver_id == driver.pk):
            form = bound if bound and bound.question.pk == question.pk else None
            form = form or ValidationForm(question=question, action=validate_url(share, question))
            rows.append((question, sheet.answer_to(question), current.get(question.pk), form))
        areas.append((driver, rows))
    voided = share.assessment.validations.filter(voided_at__isnull=False, void_reason=Validation.Void.ANSWER_CHANGED)
    context = {"adviser": adviser, "share": share, "assessment": share.assessment, "areas": areas, "bound": bound}
    return {**context, "voided": voided.select_related("question")}


@require_POST
@firm_view(purpose=Purpose.ANSWERS)
def validate(request, adviser, share, code):
    question = share.assessment.questions().filter(code=code).prefetch_related("options").first()
    if question is None:
        raise Http404("No such question in this assessment.")
    form = ValidationForm(request.POST, question=question, action=validate_url(share, question))
    if not form.is_valid():
        return render(request, "advisers/answers.html", answers_context(adviser, share, bound=form), status=400)
    form.save(share, adviser)
    record(adviser, share, Action.VALIDATE)
    messages.success(request, gettext("Your validation of this question is saved."))
    return redirect(firm_url("answers", share, f"q-{question.code}"))


@require_safe
@firm_view(logs=Action.EXPORT)
def export(request, adviser, share):
    """What the firm shared with the organisation, and the organisation's own validations and
    notes, as CSV (cells a spreadsheet would run as formulas are neutralised)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in export_rows(adviser, share):
        writer.writerow([neutralise(cell) for cell in row])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="firm-{share.public_id}.csv"'
    return response


def export_rows(adviser, share):
    a = share.assessment
    yield ["section", "item", "value", "detail"]
    yield from (
        ["profile", label, value, ""]
        for label, value in [
            ("company", a.company_name), ("sector", a.get_sector_display()), ("size", a.get_size_band_display()),
            ("region", a.get_region_display()), ("status", a.get_status_display()),
            ("questionnaire version", a.questionnaire.version), ("shared at", share.created_at.isoformat()),
            ("share expires", share.expires_at.isoformat()),
        ]
    )  # fmt: skip
    if share.may_contact:
        yield ["contact", "e-mail", share.contact_email, ""]
    if share.sees_report:
        for s in a.driver_scores.select_related("driver"):
            yield ["score", s.driver.code, "" if s.score is None else s.score, s.level]
    if share.sees_answers:
        for answer in a.answers.select_related("question", "option").order_by(
            "question__driver__order", "question__order"
        ):
            yield ["answer", answer.question.code, answer.option.label, answer.comment]
    for v in a.validations.current().filter(organisation=adviser.organisation).select_related("question"):
        yield ["validation", v.question.code, v.level, f"{v.reason} ({v.adviser_name}, {v.created_at:%Y-%m-%d})"]
    for note in Note.objects.filter(assessment=a, organisation=adviser.organisation):
        yield ["note", note.author_name, note.created_at.isoformat(), note.text]
