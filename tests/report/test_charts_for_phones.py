"""Charts a phone can use: the figures come first in body text (the scores table before the radar, the
progress table before its chart, the ranked "Act first" before the matrix), and every data series
stands out from the page at 3:1 or more."""

import re

import pytest
from django.urls import reverse

from assessments.journey.pages import start_from
from assessments.report import charts, pdf
from tests.helpers import make_report_world, submit_firm


def contrast(a, b):
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def fills(svg):
    return set(re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', svg)) | set(re.findall(r'stroke="(#[0-9a-f]{6})"', svg))


def test_every_series_of_the_progress_chart_is_at_least_3_to_1_on_white():
    svg = str(charts.progress(("Safety", "Supply"), (40, None), (60, 80)))
    assert [c for c in fills(svg) if contrast(c, "#ffffff") < 3] == []


def test_the_radar_s_own_series_are_at_least_3_to_1_on_white():
    assert contrast(charts.PRIMARY, "#ffffff") >= 3 and contrast(charts.ACCENT, "#ffffff") >= 3


@pytest.fixture
def results(client, monkeypatch, db):
    monkeypatch.setattr(pdf, "_weasyprint", lambda html, assets: (b"%PDF-1.7 stub", 1))
    first, _ = submit_firm(make_report_world(), level=1)
    again, token = start_from(first, first.questionnaire, previous=first)
    again.submit()
    return client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()


def test_the_scores_table_comes_before_the_radar(results):
    assert results.index('class="table scores-table"') < results.index('class="chart radar"')


def test_the_progress_table_comes_before_its_chart(results):
    assert results.index('class="table table-sm progress-table"') < results.index('class="chart progress-chart"')


def test_the_ranked_act_first_list_comes_before_the_priority_matrix(results):
    act_first = results.index('class="act-first"')
    assert act_first < results.index('class="chart matrix"') and "Act first:" in results[act_first : act_first + 80]
