"""The report's shape: a short results page that tells the board summary's story, nothing printed
twice, who can help named from the data, and markup that validates and reads well."""

import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from assessments.models import Recommendation
from assessments.report import builder as report
from assessments.report import pdf
from tests.helpers import make_report_world, submit_firm

MAX_VISIBLE_WORDS = 1500


def varied_firm(region="west-midlands"):
    """The report world and a firm in it with different levels per area (so priorities differ) and one
    "don't know", submitted."""
    questionnaire = make_report_world()
    questions = questionnaire.questions.order_by("driver__order", "order")
    levels = {q.code: "dont_know" if i == 1 else (i // 4 + i) % 4 for i, q in enumerate(questions)}
    importance = {"safety": 2, "remote": 5, "supply": 4, "automation": 3, "green": 1}
    return submit_firm(questionnaire, levels=levels, region=region, importance=importance)


def results_page(client, token):
    return client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()


def visible_words(html):
    """Words a visitor sees before opening anything: the page without the bodies of <details>."""
    html = re.sub(r"<script.*?</script>|<style.*?</style>|<title>.*?</title>", " ", html, flags=re.S)
    html = re.sub(r"(<details[^>]*>\s*<summary>.*?</summary>).*?</details>", r"\1", html, flags=re.S)
    return len(strip_tags(html).split())


def text(html):
    return " ".join(strip_tags(html).replace("&#x27;", "'").split())


@pytest.fixture
def firm(client, monkeypatch):
    monkeypatch.setattr(pdf, "_weasyprint", lambda html, assets: (b"%PDF-1.7 stub", 1))
    return varied_firm()


@pytest.mark.django_db
def test_the_results_page_shows_at_most_1500_words_before_anything_is_opened(client, firm):
    assessment, token = firm
    page = results_page(client, token)
    assert visible_words(page) <= MAX_VISIBLE_WORDS < len(strip_tags(page).split())


@pytest.mark.django_db
def test_each_area_of_the_results_page_is_a_disclosure_with_its_score_in_the_summary(client, firm):
    assessment, token = firm
    page = results_page(client, token)
    summaries = re.findall(r"<summary>(.*?)</summary>", page, re.S)
    assert sum("/100 ·" in s for s in summaries) == 5


@pytest.mark.django_db
def test_the_overall_score_s_meaning_is_next_to_the_score(client, firm):
    assessment, token = firm
    overall = re.search(r'<div class="overall">(.*?)</div>', results_page(client, token), re.S)[1]
    assert "/100" in overall and "Overall readiness" in overall and len(text(overall).split()) > 12


@pytest.mark.django_db
def test_every_recommendation_is_printed_in_full_once_on_the_page_and_in_the_pdf(client, firm):
    assessment, token = firm
    page, html = results_page(client, token), pdf.render_html(report.for_assessment(assessment))
    fired = [i.rec for s in report.for_assessment(assessment).sections for _, items in s.advice for i in items]
    assert len(fired) > 5 and all(text(page).count(text(r.body)) == text(html).count(text(r.body)) == 1 for r in fired)
    assert all(text(html).count(r.first_step) == 1 for r in fired)


@pytest.mark.django_db
def test_the_plan_names_its_steps_by_title_and_links_to_them(client, firm):
    assessment, token = firm
    html = pdf.render_html(report.for_assessment(assessment))
    plan = re.search(r'id="plan-title".*?</section>', html, re.S)[0]
    assert 'href="#rec-' in plan and "Why and how" not in plan and "First step" not in plan


@pytest.mark.django_db
def test_a_programme_s_description_is_printed_once_in_the_directory(client, firm):
    assessment, token = firm
    html = pdf.render_html(report.for_assessment(assessment))
    assert text(html).count("What smarter-adoption offers.") == 1
    assert text(html).count("Smarter Adoption") > 2  # named elsewhere


@pytest.mark.django_db
def test_the_top_priorities_show_a_first_step_cost_and_horizon(client, firm):
    assessment, token = firm
    section = re.search(r'id="priorities-title".*?id="help-title"', results_page(client, token), re.S)[0]
    assert section.count("First step:") == 3 and "indicative cost" in section and "Next 12 months" in section


@pytest.mark.django_db
def test_an_english_firm_is_sent_to_its_adviser_route_and_english_programmes(client, firm):
    assessment, token = firm
    help_ = report.for_assessment(assessment).help
    assert [p.name for p in help_.advisers] == ["Growth Hub finder"]
    assert [p.name for p in help_.programmes][:1] == ["Smarter Adoption"]


@pytest.mark.django_db
def test_a_scottish_firm_is_sent_to_its_own_adviser_route_and_not_english_programmes(client, monkeypatch):
    monkeypatch.setattr(pdf, "_weasyprint", lambda html, assets: (b"%PDF-1.7 stub", 1))
    assessment, token = varied_firm(region="scotland")
    help_ = report.for_assessment(assessment).help
    assert [p.name for p in help_.advisers] == ["Business Gateway"]
    assert "Smarter Adoption" not in [p.name for p in help_.programmes]


@pytest.mark.django_db
def test_the_results_page_and_the_pdf_show_the_same_priorities(client, firm):
    assessment, token = firm
    page, html = results_page(client, token), pdf.render_html(report.for_assessment(assessment))
    ranked = [p.driver.name for p in report.for_assessment(assessment).priorities]

    def order(doc):
        section = re.search(r'id="priorities-title".*?id="help-title"', doc, re.S)[0]
        return [strip_tags(h).split(" readiness")[0].strip() for h in re.findall(r"<h3>(.*?)</h3>", section, re.S)]

    assert len(ranked) == 3 and order(page) == order(html) == [n.replace("&", "&amp;") for n in ranked]


@pytest.mark.django_db
def test_every_table_header_says_what_it_heads(client, firm):
    assessment, token = firm
    html = pdf.render_html(report.for_assessment(assessment)) + results_page(client, token)
    headers = re.findall(r"<th\b[^>]*>", html)
    assert headers and all('scope="col"' in h or 'scope="row"' in h for h in headers)


@pytest.mark.django_db
def test_the_charts_carry_no_metadata_no_styles_and_no_repeated_ids(client, firm):
    assessment, token = firm
    page = results_page(client, token)
    ids = Counter(re.findall(r'\bid="([^"]+)"', page))
    assert "<metadata" not in page and "<style" not in page and ' style="' not in page
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.django_db
def test_the_charts_have_text_alternatives_with_their_figures(client, firm):
    assessment, token = firm
    page = results_page(client, token)
    titles = re.findall(r'<svg [^>]*role="img" aria-label="([^"]+)"[^>]*><title>([^<]+)</title>', page)
    assert len(titles) == 2 and all(label == title and "Health &amp; safety" in title for label, title in titles)


@pytest.mark.django_db
def test_public_pages_have_a_favicon_and_a_description(client):
    page = client.get(reverse("assessments:start")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg"' in page and '<meta name="description" content="' in page


@pytest.mark.django_db
def test_advice_of_a_top_priority_says_its_first_step_is_in_the_summary(client, firm):
    assessment, token = firm
    lead = report.for_assessment(assessment).priorities[0].lead.rec
    page = results_page(client, token)
    card = re.search(rf'<article class="advice">\s*<h5 class="advice-title" id="rec-{lead.code}">.*?</article>', page,
                     re.S)  # fmt: skip
    assert "its first step is in the summary" in card[0] and lead.first_step not in card[0]


def test_recommendation_cost_bands_have_display_names():
    assert Recommendation(cost_band="1k_10k").get_cost_band_display() == "£1k–£10k"


@pytest.mark.django_db
def test_the_pdf_lists_every_question_once_with_the_level_given(client, firm):
    assessment, token = firm
    html = pdf.render_html(report.for_assessment(assessment))
    answers = re.search(r'id="answers-title".*?</section>', html, re.S)[0]
    rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', answers, re.S)
    assert len(rows) == len({q for q, _ in rows}) == assessment.questionnaire.questions.count()
    assert {level for _, level in rows} == {"0", "1", "2", "3", "Don&#x27;t know"}
