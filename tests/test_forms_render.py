"""Every form renders through the project's crispy pack (templates/crispy_readiness/): its markup,
GOV.UK's patterns (error summary, one fieldset per question, hint before error before answers,
"Don't know" set apart, "Save and continue" first), and escaping of every text, help text included."""

import re

import pytest
from django.template import engines
from django.urls import reverse
from django.utils.safestring import mark_safe

from assessments.journey.forms import DriverForm
from assessments.models import Assessment, Question
from tests.helpers import handover_box, make_assessment, make_content, make_staff

PACK_FORM = 'data-pack="readiness"'  # only the pack's form tag says this
RENDER = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|as_crispy_errors }}{% crispy form %}")


@pytest.fixture
def content(db):
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


@pytest.fixture
def firm(content):
    return make_assessment(content.questionnaire)


def url(name, token, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"token": token, **kwargs})


def html(response):
    assert response.status_code in (200, 400), response.status_code
    return response.content.decode()


def fields_of(page):
    return re.findall(r'data-field="([^"]+)"', page)


@pytest.fixture
def staff(client, db):
    client.force_login(make_staff("boss", is_superuser=True))
    return client


def test_the_new_assessment_profile_renders_through_the_pack(client, content):
    page = html(client.get(reverse("assessments:new")))
    assert PACK_FORM in page
    assert fields_of(page) == ["company_name", "sector", "size_band", "region", "email", "benchmark_consent"]


def test_the_profile_of_an_assessment_renders_through_the_pack(client, firm):
    page = html(client.get(url("profile", firm[1])))
    assert PACK_FORM in page and "email" not in fields_of(page)


def test_an_area_page_renders_each_question_through_the_pack(client, firm):
    page = html(client.get(url("driver", firm[1], driver="safety")))
    assert PACK_FORM in page and fields_of(page) == ["q-safety-01", "q-safety-02", "importance"]


def test_the_email_link_form_renders_through_the_pack(client, firm):
    page = html(client.get(url("saved", firm[1])))
    assert PACK_FORM in page and fields_of(page) == ["email"]


def test_check_your_answers_submits_through_the_pack(client, firm):
    page = html(client.get(url("review", firm[1])))
    assert f'action="{url("submit", firm[1])}"' in page and PACK_FORM in page


def test_the_confirmation_to_submit_thin_areas_renders_through_the_pack(client, firm, content):
    assessment, token = firm
    question = content.questions_of("safety")[0]
    assessment.answers.create(question=question, option=question.options.get(level=2))
    page = html(client.post(url("submit", token)))
    assert PACK_FORM in page and 'name="confirm" value="yes"' in page


def test_the_staff_preview_renders_through_the_pack(staff, content):
    preview = reverse("admin:assessments_questionnaire_preview", args=[content.questionnaire.pk, "safety"])
    page = html(staff.get(preview))
    assert fields_of(page) == ["q-safety-01", "q-safety-02", "importance"] and "Save and continue" not in page


def test_the_pack_import_form_renders_through_the_pack(staff, db):
    page = html(staff.get(reverse("admin:assessments_questionnaire_import")))
    assert PACK_FORM in page and fields_of(page) == ["pack"]


def test_the_responses_export_form_renders_through_the_pack(staff, db):
    page = html(staff.get(reverse("admin:assessments_assessment_export")))
    assert PACK_FORM in page and fields_of(page)[:2] == ["submitted_from", "submitted_to"]


def test_the_dashboard_filters_render_through_the_pack(staff, db):
    page = html(staff.get(reverse("admin:assessments_assessment_insights")))
    assert fields_of(page) == ["version", "region", "sector", "size_band", "start", "end", "by", "demo"]


def test_a_get_form_carries_no_csrf_token(staff, db):
    page = html(staff.get(reverse("admin:assessments_assessment_insights")))
    form = page[page.index('class="insights-filters"') : page.index("</form>")]
    assert "csrfmiddlewaretoken" not in form


def test_each_question_is_one_fieldset_with_its_legend_then_hint_then_error_then_answers(client, firm, content):
    question = content.questions_of("safety")[0]
    Question.objects.filter(pk=question.pk).update(help_text="Count every visitor.")
    page = html(client.post(url("driver", firm[1], driver="safety"), {f"q-{question.code}": "0", "action": "next"}))
    fieldset = page[page.index(f'data-field="q-{question.code}"') : page.index("</fieldset>")]
    order = [fieldset.index(mark) for mark in ("<legend", 'class="hint"', 'class="error-message"', 'type="radio"')]
    assert order == sorted(order) and fieldset.count("<legend") == 1


def test_dont_know_and_not_relevant_are_set_apart_from_the_levels(client, firm):
    page = html(client.get(url("driver", firm[1], driver="safety")))
    apart = re.findall(r'<div class="form-check apart">.*?<label[^>]*>([^<]+)</label>', page)
    assert apart[:2] == ["Don&#x27;t know", "Not relevant"]


def test_save_and_continue_is_the_first_button_of_an_area_page(client, firm):
    page = html(client.get(url("driver", firm[1], driver="safety")))
    form = page[page.index('id="area-form"') :]
    assert re.search(r"<button[^>]*>([^<]+)</button>", form).group(1) == "Save and continue"


def test_the_error_summary_links_to_the_first_answer_of_a_question(client, firm, content):
    question = content.questions_of("safety")[0]
    page = html(client.post(url("driver", firm[1], driver="safety"), {f"q-{question.code}": "0", "action": "next"}))
    assert page.index('id="error-summary"') < page.index("<h1>")
    assert f'href="#id_q-{question.code}_0"' in page and f'id="id_q-{question.code}_0"' in page


def test_a_saved_answer_is_checked_again(client, firm, content):
    assessment, token = firm
    question = content.questions_of("safety")[0]
    chosen = question.options.get(level=3)
    assessment.answers.create(question=question, option=chosen)
    page = html(client.get(url("driver", token, driver="safety")))
    assert re.search(rf'<input[^>]*value="{chosen.pk}"[^>]*\schecked', page)


def test_question_text_help_and_answers_are_printed_escaped(client, firm, content):
    question = content.questions_of("safety")[0]
    Question.objects.filter(pk=question.pk).update(text="<i>Who</i> signs in?", help_text="<b>Every</b> visitor")
    question.options.filter(level=0).update(label="<script>x()</script>")
    page = html(client.get(url("driver", firm[1], driver="safety")))
    assert "<i>Who" not in page and "<b>Every" not in page and "<script>x()" not in page
    assert "&lt;b&gt;Every&lt;/b&gt; visitor" in page


def test_help_text_marked_safe_is_still_escaped(content):
    questions = list(Question.objects.filter(driver__code="safety").prefetch_related("options"))
    questions[0].help_text = mark_safe("<b>Every</b> visitor")  # noqa: S308 (the pack must not trust it)
    form = DriverForm(assessment=Assessment(questionnaire=content.questionnaire), questions=questions)
    assert "&lt;b&gt;Every&lt;/b&gt; visitor" in RENDER.render({"form": form})


def test_a_form_error_is_linked_from_the_summary_and_described_on_its_control(client, content):
    page = html(client.post(reverse("assessments:new"), {"company_name": "Acme", "email": "nope"}))
    assert 'href="#id_email"' in page
    assert re.search(r'<input[^>]*aria-describedby="id_email_helptext id_email_error"', page)


@pytest.fixture
def offered(content):
    """A Welsh firm that submitted, and the organisation serving Wales it may share with."""
    from tests.helpers import make_organisation, submit_firm

    organisation = make_organisation("Business Wales North", regions=["wales"])
    return submit_firm(content.questionnaire, region="wales")[1], organisation


def share_url(token):
    return reverse("advisers:share", kwargs={"token": token})


def test_the_share_page_renders_through_the_pack(client, offered):
    page = html(client.get(share_url(offered[0])))
    assert PACK_FORM in page and fields_of(page) == ["organisation", "purposes", "contact_email"]


def test_each_answer_of_the_share_page_has_its_hint_tied_to_it(client, offered):
    page = html(client.post(share_url(offered[0]), {"contact_email": ""}))
    for control in ("id_organisation_0", "id_purposes_0", "id_purposes_3"):
        assert re.search(rf'<input[^>]*id="{control}"[^>]*aria-describedby="{control}_hint"', page), control
        assert f'<p class="hint" id="{control}_hint">' in page
    assert 'href="#id_organisation_0"' in page and 'href="#id_purposes_0"' in page


def test_the_hint_of_each_organisation_is_printed_escaped(client, offered):
    from tests.helpers import make_programme

    token, organisation = offered
    organisation.programmes.add(make_programme("odd", name="<script>x()</script>"))
    page = html(client.get(share_url(token)))
    assert "<script>x()" not in page
    assert 'id="id_organisation_0_hint">Serves: Wales. Delivers: &lt;script&gt;x()&lt;/script&gt;</p>' in page


def test_a_per_answer_hint_marked_safe_is_still_escaped():
    from django import forms

    from assessments.form_pack import Radios

    class Form(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=Radios(hints={"a": mark_safe("<b>bold</b>")}))  # noqa: S308

    assert "&lt;b&gt;bold&lt;/b&gt;" in RENDER.render({"form": Form()})


def test_the_hand_over_box_renders_through_the_pack(client, content):
    assessment, token = make_assessment(content.questionnaire)
    Assessment.objects.filter(pk=assessment.pk).update(engagement=Assessment.Engagement.FACILITATED)
    page = html(client.get(url("tasks", token)))
    box = handover_box(page)
    assert PACK_FORM in box and fields_of(box) == ["email"]
    assert 'name="email"' in box and 'id="id_handover_email"' in box
