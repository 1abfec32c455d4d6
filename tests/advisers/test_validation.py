"""Validation beside the firm's answers, never over them: the report shows both where they differ,
a change to the firm's answer voids it visibly, and peer figures keep the self-assessed scores."""

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment, DriverScore, Validation
from assessments.report import builder as report
from assessments.report import pdf, state
from tests.advisers.conftest import firm_url
from tests.helpers import make_assessment, option, page_data, share_with


@pytest.fixture
def shared(firm, org_a):
    return share_with(firm[0], org_a)


@pytest.fixture
def signed_in(client, adviser_a):
    client.force_login(adviser_a.user)
    return client


def validate(client, share, question, level, reason="Seen on the shop floor."):
    url = reverse("advisers:validate", kwargs={"share_id": share.public_id, "code": question.code})
    return client.post(url, {f"v-{question.code}-level": level, f"v-{question.code}-reason": reason})


def test_a_validation_keeps_the_firm_s_answer_and_its_scores_as_they_were(signed_in, shared, content, firm):
    answers = list(Answer.objects.values_list("question_id", "option_id", "updated_at"))
    scores = list(DriverScore.objects.values_list("driver_id", "score"))
    validate(signed_in, shared, content.questions[0], 4)
    assert list(Answer.objects.values_list("question_id", "option_id", "updated_at")) == answers
    assert list(DriverScore.objects.values_list("driver_id", "score")) == scores


def test_a_validation_records_the_level_reason_adviser_organisation_and_the_firm_s_answer(signed_in, shared, content):
    validate(signed_in, shared, content.questions[0], 4)
    v = Validation.objects.get()
    assert (v.level, v.reason, v.adviser_name, v.organisation.name) == (
        4, "Seen on the shop floor.", "Alys Jones", "Business Wales North"
    )  # fmt: skip
    assert v.firm_option == option(content.questions[0], 2)


def test_a_validation_needs_a_reason_and_a_level_from_0_to_4(signed_in, shared, content):
    assert validate(signed_in, shared, content.questions[0], 3, reason="").status_code == 400
    assert validate(signed_in, shared, content.questions[0], 5).status_code == 400
    assert not Validation.objects.exists()


def test_a_question_the_assessment_does_not_ask_is_404(signed_in, shared, content):
    url = reverse("advisers:validate", kwargs={"share_id": shared.public_id, "code": "green-99"})
    assert signed_in.post(url, {}).status_code == 404


def test_a_newer_validation_replaces_the_older_one(signed_in, shared, content):
    validate(signed_in, shared, content.questions[0], 4)
    validate(signed_in, shared, content.questions[0], 1)
    assert list(Validation.objects.current().values_list("level", flat=True)) == [1]
    assert Validation.objects.get(level=4).void_reason == Validation.Void.REPLACED


def test_the_results_page_shows_both_levels_with_the_adviser_organisation_date_and_version(
    client, signed_in, shared, content, firm
):
    validate(signed_in, shared, content.questions[0], 4, reason="Sensors on every press.")
    validate(signed_in, shared, content.questions[1], 2)  # agrees with the firm: not listed as differing
    page = client.get(reverse("assessments:results", kwargs={"token": firm[1]})).content.decode()
    assert "Self-assessed and adviser-validated" in page and "Sensors on every press." in page
    assert "Alys Jones, Business Wales North" in page and "questionnaire version 1" in page
    assert content.questions[1].text not in page.split('id="validation"')[1].split("</section>")[0]


def test_the_pdf_shows_both_levels_and_re_renders_when_a_validation_is_recorded(signed_in, shared, content, firm):
    before = state.state_key(firm[0])
    validate(signed_in, shared, content.questions[0], 4, reason="Sensors on every press.")
    assert state.state_key(firm[0]) != before
    html = pdf.render_html(report.for_assessment(firm[0]))
    assert "Adviser-validated" in html and "Sensors on every press." in html and "Alys Jones" in html


def test_peer_figures_keep_the_self_assessed_scores(signed_in, shared, content, firm):
    validate(signed_in, shared, content.questions[0], 0)
    assert firm[0] in Assessment.objects.counted()
    built = report.for_assessment(firm[0])
    assert [s.result.score for s in built.sections] == [50, 50]  # every answer at level 2


@pytest.fixture
def draft(content, org_a):
    """A Welsh firm part-way through, shared with A, its first safety question answered at level 1."""
    assessment, token = make_assessment(region="wales")
    Answer.objects.create(assessment=assessment, question=content.questions[0], option=option(content.questions[0], 1))
    return assessment, token, share_with(assessment, org_a)


def test_changing_an_answer_voids_its_validation_visibly(client, signed_in, draft, content):
    assessment, token, share = draft
    validate(signed_in, share, content.questions[0], 3)
    safety = content.questions_of("safety")
    client.post(reverse("assessments:driver", kwargs={"token": token, "driver": "safety"}), page_data(safety, 2))
    v = Validation.objects.get()
    assert v.voided_at is not None and v.void_reason == Validation.Void.ANSWER_CHANGED
    assert "voided on" in signed_in.get(firm_url("answers", share)).content.decode()


def test_saving_the_same_answer_again_keeps_the_validation(client, signed_in, draft, content):
    assessment, token, share = draft
    validate(signed_in, share, content.questions[0], 3)
    safety = content.questions_of("safety")
    data = page_data(safety, 1)
    del data[f"q-{safety[1].code}"]  # the other question stays unanswered
    client.post(reverse("assessments:driver", kwargs={"token": token, "driver": "safety"}), data)
    assert Validation.objects.current().count() == 1


def test_a_voided_validation_is_listed_on_the_firm_s_results(client, signed_in, draft, content):
    assessment, token, share = draft
    validate(signed_in, share, content.questions[0], 3)
    safety = content.questions_of("safety")
    client.post(reverse("assessments:driver", kwargs={"token": token, "driver": "safety"}), page_data(safety, 2))
    for question in content.questions_of("remote"):
        Answer.objects.create(assessment=assessment, question=question, option=option(question, 2))
    client.post(reverse("assessments:submit", kwargs={"token": token}))
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "Voided because the firm changed its answer afterwards" in page


def test_a_validated_assessment_cannot_be_changed_by_the_firm(client, signed_in, shared, content, firm):
    validate(signed_in, shared, content.questions[0], 4)
    safety = content.questions_of("safety")
    client.post(reverse("assessments:driver", kwargs={"token": firm[1], "driver": "safety"}), page_data(safety, 0))
    assert set(Answer.objects.values_list("option__level", flat=True)) == {2}
    assert Validation.objects.current().count() == 1


def test_a_refused_validation_is_summarised_at_the_top_of_the_page(signed_in, shared, content):
    page = validate(signed_in, shared, content.questions[0], 3, reason="").content.decode()
    assert page.index("There is a problem") < page.index("Give the reason for this level.", page.index("</h2>"))
