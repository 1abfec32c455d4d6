"""The analysts' responses export: what lands in the spreadsheet, and which rows the filters keep."""

import io
from datetime import UTC, datetime

import openpyxl
import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.insights.exports import (
    CONTENT_TYPES,
    ResponsesFilter,
    filename,
    neutralise,
    responses_frame,
    to_csv,
    to_xlsx,
)
from assessments.models import Assessment, Driver, DriverScore, Question, Questionnaire
from tests.helpers import answer, make_assessment, make_content, make_question, make_questionnaire, submit_firm

PROFILE = [
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
DANGEROUS_NAMES = ['=HYPERLINK("http://x")', "@SUM(A1)", "-2+3"]


@pytest.fixture
def site(db):
    """Version 1: two drivers of two questions (safety-01, safety-02, remote-01, remote-02)."""
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


def export(assessments=None):
    return responses_frame(Assessment.objects.all() if assessments is None else assessments)


def row_for(frame, assessment):
    return frame.set_index("assessment_id").loc[assessment.pk]


def kept(**data):
    form = ResponsesFilter(data={"status": "", **data})
    return set(form.queryset().values_list("pk", flat=True))


def xlsx_sheet(data):
    return openpyxl.load_workbook(io.BytesIO(data))["Responses"]


def test_columns_are_profile_then_drivers_then_question_codes_in_driver_order(site):
    submit_firm()
    drivers = list(Driver.objects.values_list("code", flat=True))
    questions = list(Question.objects.order_by("driver__order", "code").values_list("code", flat=True))
    driver_columns = [f"{field}_{d}" for d in drivers for field in ("importance", "score", "level", "coverage")]
    assert list(export().columns) == PROFILE + driver_columns + questions


def test_no_assessments_still_gives_the_profile_and_driver_columns(site):
    frame = export(Assessment.objects.none())
    assert frame.empty and list(frame.columns[:10]) == PROFILE and "score_safety" in frame.columns


def test_rows_are_identified_by_pk_never_by_token(site):
    assessment, _ = submit_firm()
    frame = export()
    assert list(frame["assessment_id"]) == [assessment.pk]
    assert assessment.token_hash not in to_csv(frame).decode("utf-8-sig")


def test_driver_scores_match_the_stored_driver_scores(site):
    assessment, _ = submit_firm(level=3)
    row = row_for(export(), assessment)
    for score in DriverScore.objects.filter(assessment=assessment).select_related("driver"):
        code = score.driver.code
        assert (row[f"score_{code}"], row[f"level_{code}"], row[f"coverage_{code}"]) == (
            score.score,
            score.level,
            score.coverage,
        )


def test_an_unsubmitted_assessment_has_empty_scores_and_submission_time(site):
    assessment, _ = make_assessment()
    row = row_for(export(), assessment)
    assert row["status"] == "in_progress" and row["submitted_at"] is None and row["score_safety"] is None


def test_times_are_iso_8601_in_utc(site):
    assessment, _ = submit_firm(submitted_at=datetime(2026, 7, 1, 9, 30, tzinfo=UTC))
    assert row_for(export(), assessment)["submitted_at"] == "2026-07-01T09:30:00Z"


def test_answers_are_the_chosen_level_under_the_question_code(site):
    assessment, _ = submit_firm(level=3)
    assert row_for(export(), assessment)["safety-01"] == 3


def test_dont_know_and_not_relevant_are_written_as_text(site):
    assessment, _ = make_assessment()
    first, second = Question.objects.filter(driver__code="safety")[:2]
    answer(assessment, first, kind="dont_know")
    answer(assessment, second, kind="not_relevant")
    row = row_for(export(), assessment)
    assert (row[first.code], row[second.code]) == ("dont_know", "not_relevant")


def test_questions_not_in_an_assessment_s_version_are_empty(site):
    v2 = make_questionnaire(version=2)
    make_question(v2, Driver.objects.get(code="safety"), "safety-99")
    old, _ = submit_firm(questionnaire=Questionnaire.objects.get(version=1))
    new, _ = submit_firm(level=4, questionnaire=v2)
    frame = export()
    assert (row_for(frame, old)["safety-99"], row_for(frame, new)["safety-99"]) == (None, 4)
    assert row_for(frame, new)["safety-01"] is None


def test_contact_email_never_appears(site):
    submit_firm(contact_email="owner@example.com")
    frame = export()
    assert "contact_email" not in frame.columns
    assert b"owner@example.com" not in to_csv(frame) + to_xlsx(frame)


@pytest.mark.parametrize("value", [*DANGEROUS_NAMES, "\tx", "\rx", "+1"])
def test_formula_like_text_gets_a_leading_apostrophe(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Acme Ltd", "", None, 3, -2, 0.5])
def test_ordinary_values_pass_unchanged(value):
    assert neutralise(value) == value


def test_firms_that_did_not_agree_are_left_out(site):
    agreed, _ = submit_firm()
    submit_firm(consent=False)
    assert kept() == {agreed.pk}


def test_company_names_never_appear(site):
    submit_firm(company_name="Tyne Valves Ltd")
    frame = export()
    assert "company_name" not in frame.columns
    assert b"Tyne Valves" not in to_csv(frame) + to_xlsx(frame)


def test_demo_firms_are_left_out_unless_asked_for_and_then_the_file_says_so(site):
    (real, _), (demo, _) = submit_firm(), submit_firm(is_demo=True)
    assert kept() == {real.pk} and kept(demo="on") == {real.pk, demo.pk}
    assert "DEMO" in filename("csv", demo=True) and "DEMO" not in filename("csv")


def test_text_that_looks_like_a_formula_is_neutralised_in_the_csv():
    frame = pd.DataFrame({"text": DANGEROUS_NAMES})
    read_back = pd.read_csv(io.BytesIO(to_csv(frame)), encoding="utf-8-sig")["text"]
    assert sorted(read_back) == sorted("'" + name for name in DANGEROUS_NAMES)


def test_text_that_looks_like_a_formula_is_plain_text_in_the_xlsx():
    sheet = xlsx_sheet(to_xlsx(pd.DataFrame({"text": DANGEROUS_NAMES})))
    cells = [sheet.cell(row=r, column=1) for r in range(2, sheet.max_row + 1)]
    assert sorted(c.value for c in cells) == sorted("'" + name for name in DANGEROUS_NAMES)
    assert {c.data_type for c in cells} == {"s"}


def test_control_characters_do_not_break_the_xlsx_or_hide_a_formula():
    frame = pd.read_excel(io.BytesIO(to_xlsx(pd.DataFrame({"text": ["\x01=cmd"]}))), sheet_name="Responses")
    assert list(frame["text"]) == ["'=cmd"]


def test_csv_starts_with_a_bom_and_keeps_accents():
    data = to_csv(pd.DataFrame({"text": ["Crème Brûlée"]}))
    assert data.startswith(b"\xef\xbb\xbf") and "Crème Brûlée" in data.decode("utf-8-sig")


def test_csv_writes_levels_as_whole_numbers(site):
    assessment, _ = make_assessment(benchmark_consent=True)
    answer(assessment, Question.objects.get(code="safety-01"), level=2)
    frame = pd.read_csv(io.BytesIO(to_csv(export())), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert (frame.loc[0, "safety-01"], frame.loc[0, "safety-02"]) == ("2", "")


def test_xlsx_opens_with_pandas_and_has_the_expected_headers(site):
    submit_firm()
    frame = export()
    read_back = pd.read_excel(io.BytesIO(to_xlsx(frame)), sheet_name="Responses")
    assert list(read_back.columns) == list(frame.columns) and len(read_back) == 1


def test_xlsx_header_row_is_frozen(site):
    submit_firm()
    assert xlsx_sheet(to_xlsx(export())).freeze_panes == "A2"


def test_query_count_does_not_grow_with_the_number_of_assessments(site):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            responses_frame(Assessment.objects.all())
        return len(captured)

    for _ in range(2):
        submit_firm()
    two = queries()
    for _ in range(8):
        submit_firm()
    assert queries() == two


def test_filename_carries_the_format_and_today_s_date():
    assert filename("xlsx").startswith("responses-20") and filename("csv").endswith(".csv")


def test_filename_refuses_an_unknown_format():
    with pytest.raises(ValueError):
        filename("html")


def test_date_range_keeps_submissions_on_both_end_days(site):
    early, _ = submit_firm(submitted_at=datetime(2026, 3, 1, 12, tzinfo=UTC))
    late, _ = submit_firm(submitted_at=datetime(2026, 3, 31, 12, tzinfo=UTC))
    submit_firm(submitted_at=datetime(2026, 4, 1, 12, tzinfo=UTC))
    assert kept(submitted_from="2026-03-01", submitted_to="2026-03-31") == {early.pk, late.pk}


def test_date_range_uses_the_uk_date_of_submission(site):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    after_midnight, _ = submit_firm(submitted_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    assert kept(submitted_from="2026-07-01", submitted_to="2026-07-01") == {after_midnight.pk}


def test_an_inverted_date_range_is_a_form_error(site):
    form = ResponsesFilter(data={"submitted_from": "2026-05-02", "submitted_to": "2026-05-01"})
    assert not form.is_valid() and "after the 'from' date" in form.errors["submitted_to"][0]


def test_filter_by_version_keeps_that_version_only(site):
    v1 = Questionnaire.objects.get(version=1)
    v2 = make_questionnaire(version=2)
    make_question(v2, Driver.objects.get(code="safety"), "safety-01")
    (old, _), (new, _) = submit_firm(questionnaire=v1), submit_firm(questionnaire=v2)
    assert (kept(version=v1.pk), kept(version=v2.pk)) == ({old.pk}, {new.pk})


def test_filter_by_region_keeps_that_region_only(site):
    scottish, _ = submit_firm(region="scotland")
    submit_firm(region="london")
    assert kept(region="scotland") == {scottish.pk}


def test_filter_by_sector_keeps_that_sector_only(site):
    food, _ = submit_firm(sector="10")
    submit_firm(sector="25")
    assert kept(sector="10") == {food.pk}


def test_filter_by_size_keeps_that_size_only(site):
    micro, _ = submit_firm(size_band="micro")
    submit_firm(size_band="medium")
    assert kept(size_band="micro") == {micro.pk}


def test_status_defaults_to_submitted_only(site):
    done, _ = submit_firm()
    make_assessment(benchmark_consent=True)
    assert set(ResponsesFilter(data={}).queryset()) == {done}


def test_status_any_keeps_in_progress_assessments_too(site):
    done, _ = submit_firm()
    started, _ = make_assessment(benchmark_consent=True)
    assert kept() == {done.pk, started.pk}


def test_format_defaults_to_xlsx(db):
    form = ResponsesFilter(data={})
    assert form.is_valid() and form.cleaned_data["format"] == "xlsx"


def test_queryset_of_an_invalid_form_is_refused(db):
    with pytest.raises(ValueError):
        ResponsesFilter(data={"region": "atlantis"}).queryset()


def test_the_filter_s_versions_list_every_questionnaire(site):
    make_questionnaire(version=2)
    assert {q.version for q in ResponsesFilter().fields["version"].queryset} == {1, 2}


def test_a_list_of_assessments_exports_like_a_queryset(site):
    (first, _), (second, _) = submit_firm(), submit_firm()
    assert list(responses_frame([first, second])["assessment_id"]) == [first.pk, second.pk]


def test_every_format_offered_has_a_content_type(db):
    formats = {value for value, _ in ResponsesFilter().fields["format"].choices}
    assert formats == set(CONTENT_TYPES)
