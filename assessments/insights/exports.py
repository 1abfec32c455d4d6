"""The analysts' responses export: a filter form, one row per assessment, and CSV / XLSX bytes.

A pure data layer: the admin view binds ResponsesFilter, passes its queryset() to
responses_frame(), and returns to_csv() or to_xlsx() under filename() (and logs it).

What it may carry is what a firm's consent covers: only firms that agreed to anonymous comparison
(which the consent text says includes the programme's statistics), and no company name or e-mail
address of anyone: a row is a firm's profile (sector, size band, region), answers and scores under
a number. Demo firms only when asked for, and then the file says so in its name and first sheet.
"""

import io
from datetime import UTC

import pandas as pd
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..form_pack import AdminSubmit
from ..models import Answer, Assessment, Driver, DriverScore, Question, Questionnaire, Region, Sector, SizeBand

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# company_name and contact_email are deliberately absent: studying responses needs neither.
PROFILE_COLUMNS = [
    "assessment_id",
    "status",
    "questionnaire_version",
    "created_at",
    "submitted_at",
    "sector",
    "size_band",
    "region",
    "held",
    "is_demo",
]
DRIVER_FIELDS = ["importance", "score", "level", "coverage"]
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _any(choices):
    return [("", _("Any")), *choices]


class ResponsesFilter(forms.Form):
    """Which assessments to export, and in which format."""

    # Labels are spelled out (not derived from the field names) so that they can be translated.
    submitted_from = forms.DateField(
        label=_("Submitted from"),
        required=False,
        help_text=_("Submitted on or after this UK date."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = forms.DateField(
        label=_("Submitted to"),
        required=False,
        help_text=_("Submitted on or before this UK date."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    version = forms.ModelChoiceField(
        Questionnaire.objects.order_by("-version"),
        label=_("Questionnaire version"),
        required=False,
        empty_label=_("Any"),
    )
    region = forms.ChoiceField(label=_("Region"), choices=_any(Region.choices), required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=_any(Sector.choices), required=False)
    size_band = forms.ChoiceField(label=_("Size"), choices=_any(SizeBand.choices), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=_any(Assessment.Status.choices), required=False, initial=Assessment.Status.SUBMITTED
    )
    demo = forms.BooleanField(label=_("Include demo data"), required=False)
    format = forms.ChoiceField(
        label=_("Format"), choices=[("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV"))], required=False, initial="xlsx"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(*self.fields, AdminSubmit(_("Download")))

    def clean_status(self):
        return self._or_initial("status")

    def clean_format(self):
        return self.cleaned_data["format"] or "xlsx"

    def _or_initial(self, name):
        # A bare link to the export page sends no parameters: fall back to the default, not "Any".
        if self.add_prefix(name) not in self.data:
            return self.fields[name].initial
        return self.cleaned_data[name]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("The 'to' date must be the same as or after the 'from' date."))
        return cleaned

    def queryset(self):
        """The matching assessments, oldest first; raises ValueError if the form is not valid."""
        if not self.is_valid():
            raise ValueError("ResponsesFilter is not valid")
        data = self.cleaned_data
        lookups = {
            "submitted_at__date__gte": data["submitted_from"],
            "submitted_at__date__lte": data["submitted_to"],
            "questionnaire": data["version"],
            "region": data["region"],
            "sector": data["sector"],
            "size_band": data["size_band"],
            "status": data["status"],
        }
        # __date uses the current time zone (Europe/London), so days are the ones analysts see.
        filters = {key: value for key, value in lookups.items() if value not in (None, "")}
        chosen = Assessment.objects.filter(benchmark_consent=True, **filters)  # what consent covers
        if not data["demo"]:
            chosen = chosen.filter(is_demo=False)
        return chosen.order_by("created_at", "pk")

    def described(self):
        """The filters as the export log keeps them (JSON)."""
        return {k: str(v) if v not in (None, "") else None for k, v in self.cleaned_data.items() if k != "format"}


def _iso_utc(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _profiles(assessments):
    fields = [f for f in PROFILE_COLUMNS if f not in ("assessment_id", "questionnaire_version")]
    rows = assessments.values("pk", "questionnaire_id", "questionnaire__version", "importance", *fields)
    return [
        {
            **row,
            "assessment_id": row["pk"],
            "questionnaire_version": row["questionnaire__version"],
            "created_at": _iso_utc(row["created_at"]),
            "submitted_at": _iso_utc(row["submitted_at"]),
        }
        for row in rows
    ]


def _question_codes(questionnaire_ids):
    rows = Question.objects.filter(questionnaire_id__in=questionnaire_ids).order_by(
        "driver__order", "driver__code", "code"
    )
    return list(dict.fromkeys(rows.values_list("code", flat=True)))


def _answer_cells(ids):
    rows = Answer.objects.filter(assessment__in=ids).values_list(
        "assessment_id", "question__code", "option__kind", "option__level"
    )
    return {(pk, code): level if kind == "scored" else kind for pk, code, kind, level in rows}


def _score_cells(ids):
    rows = DriverScore.objects.filter(assessment__in=ids).values_list(
        "assessment_id", "driver__code", "score", "level", "coverage"
    )
    return {(pk, code): {"score": s, "level": lv or None, "coverage": c} for pk, code, s, lv, c in rows}


def responses_frame(assessments):
    """One row per assessment: profile, per-driver importance and scores, then each answer by question code.

    Runs five queries however many assessments there are. Accepts a queryset or a list of assessments.
    """
    if not isinstance(assessments, QuerySet):
        assessments = Assessment.objects.filter(pk__in=[a.pk for a in assessments]).order_by("created_at", "pk")
    ids = assessments.values("pk")
    profiles = _profiles(assessments)
    drivers = list(Driver.objects.values_list("code", flat=True))
    questions = _question_codes({p["questionnaire_id"] for p in profiles})
    answers, scores = _answer_cells(ids), _score_cells(ids)
    columns = PROFILE_COLUMNS + [f"{field}_{code}" for code in drivers for field in DRIVER_FIELDS] + questions
    rows = []
    for p in profiles:
        row = {c: p[c] for c in PROFILE_COLUMNS}
        for code in drivers:
            score = scores.get((p["pk"], code), {})
            row[f"importance_{code}"] = p["importance"].get(code)
            row.update({f"{field}_{code}": score.get(field) for field in DRIVER_FIELDS[1:]})
        row.update({code: answers.get((p["pk"], code)) for code in questions})
        rows.append(row)
    return pd.DataFrame(rows, columns=columns, dtype=object)


def neutralise(value):
    """Prefixes text a spreadsheet would run as a formula with an apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _safe(frame, clean=neutralise):
    # Cell by cell rather than DataFrame.map, which would turn a column of ints and blanks into floats.
    rows = [[clean(value) for value in row] for row in frame.itertuples(index=False)]
    return pd.DataFrame(rows, columns=[clean(column) for column in frame.columns], dtype=object)


def to_csv(frame, about=()):
    """The frame as UTF-8 CSV bytes with a byte-order mark, so Excel reads accents correctly; `about`:
    lines written first, one cell each, then a blank line, saying what the file is."""
    preamble = pd.DataFrame([[line] for line in about] + ([[""]] if about else []), dtype=object)
    head = _safe(preamble).to_csv(index=False, header=False) if about else ""
    return (head + _safe(frame).to_csv(index=False)).encode("utf-8-sig")


def _xlsx_cell(value):
    # openpyxl refuses control characters a user may have pasted in: drop them rather than fail the
    # export, before neutralising, so "\x01=cmd" cannot become a live "=cmd".
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value)


def to_xlsx(frame, about=()):
    """The frame as an Excel workbook with a sheet "Responses" (after "About", when there are lines
    for it) and a frozen header row."""
    return workbook({"Responses": frame}, about=about)


def workbook(sheets, about=()):
    """An Excel workbook with a sheet per (name, frame), each with a frozen header row; `about`: lines
    for a first sheet, "About", saying what the file is."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        if about:
            _safe(pd.DataFrame({"About": list(about)}, dtype=object), _xlsx_cell).to_excel(
                writer, sheet_name="About", index=False
            )
        for name, frame in sheets.items():
            _safe(frame, _xlsx_cell).to_excel(writer, sheet_name=name[:31], index=False, freeze_panes=(1, 0))
    return buffer.getvalue()


def filename(fmt, demo=False):
    """The download name for today's UK date, e.g. responses-2026-11-25.xlsx (responses-DEMO-… when
    demo data is included)."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format: {fmt!r}")
    return f"responses-{'DEMO-' if demo else ''}{timezone.localdate().isoformat()}.{fmt}"


def about_responses(demo):
    """The lines that open a responses file: what it holds (and that demo data is in it)."""
    lines = [str(_("Manufacturing Readiness: responses of firms that agreed to anonymous comparison, without names."))]
    if demo:
        lines.insert(0, str(_("DEMO DATA included: rows marked is_demo are synthetic firms, not real assessments.")))
    return lines
