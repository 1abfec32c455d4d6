"""The PDF of a whole journey, rendered once by WeasyPrint: a two-page board summary, then the
detail without near-empty pages, and a PDF/UA file whose structure a screen reader can use."""

import io
import re
import statistics
import subprocess

import pikepdf
import pytest
from django.db import transaction
from pypdf import PdfReader

from assessments.report import builder as report
from assessments.report import pdf
from tests.helpers import make_report_world, submit_firm

# The module renders one PDF for all its tests, in a transaction it rolls back.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def journey_pdf(django_db_setup, django_db_blocker):
    """(PDF bytes, the report) for an English firm with varied answers, rendered for real."""
    with django_db_blocker.unblock(), transaction.atomic():
        questionnaire = make_report_world(questions_per_driver=6)
        questions = questionnaire.questions.order_by("driver__order", "order")
        levels = {q.code: "dont_know" if i % 7 == 3 else (i // 6 + i) % 5 for i, q in enumerate(questions)}
        importance = {"safety": 2, "remote": 5, "supply": 4, "automation": 3, "green": 1}
        assessment, token = submit_firm(questionnaire, levels=levels, region="west-midlands", importance=importance)
        built = report.for_assessment(assessment)
        body = pdf.render_pdf(built).body
        names = {"sections": [s.driver.name for s in built.sections], "bodies": [
            i.rec.body for s in built.sections for _, items in s.advice for i in items]}  # fmt: skip
        transaction.set_rollback(True)
    return body, names


@pytest.fixture(scope="module")
def pages(journey_pdf):
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(journey_pdf[0])).pages]


@pytest.fixture(scope="module")
def structure(journey_pdf):
    """Every structure element of the tagged PDF, as (type, element), in document order."""
    document = pikepdf.open(io.BytesIO(journey_pdf[0]))
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append((str(node.S), node))
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary):
                walk(kid)

    walk(document.Root.StructTreeRoot)
    return document, found


def test_the_summary_is_two_pages_then_the_detail_begins(pages):
    assert "Summary" in pages[0] and "Scores by area" in pages[0]
    assert "Who can help you" in pages[1] and pages[2].startswith("The detail")


def test_the_summary_names_the_firm_s_adviser_route_and_first_steps(pages):
    assert "Growth Hub finder" in pages[1] and pages[1].count("First step:") == 3


def test_no_recommendation_is_printed_twice(journey_pdf, pages):
    whole = " ".join(pages)
    bodies = [" ".join(b.split()) for b in journey_pdf[1]["bodies"]]
    assert len(bodies) > 10 and [b[:40] for b in bodies if whole.count(b[:60]) != 1] == []


def test_no_page_of_the_detail_is_under_half_full_but_the_last(pages):
    detail = pages[2:]
    typical = statistics.median(len(p) for p in detail)
    assert len(detail) >= 3 and [i + 3 for i, p in enumerate(detail[:-1]) if len(p) < typical / 2] == []


def test_the_pdf_claims_pdf_ua_and_has_a_title_shown_and_a_language(structure):
    document, _ = structure
    meta = document.open_metadata()
    assert meta.get("pdfuaid:part") == "1" and str(document.Root.Lang) == "en-GB"
    assert str(document.docinfo.Title).startswith("Digital readiness report")
    assert document.Root.ViewerPreferences.DisplayDocTitle


def test_the_radar_is_a_figure_with_its_figures_as_alternative_text(journey_pdf, structure):
    # The priority matrix is on the results page only: the PDF's summary has its figures and ranking.
    figures = [node for kind, node in structure[1] if kind == "/Figure"]
    alts = [str(f.get("/Alt", "")) for f in figures]
    assert len(figures) == 1 and all(name in alts[0] for name in journey_pdf[1]["sections"])
    assert alts[0].startswith("Radar chart")


def test_every_table_header_cell_has_a_scope(structure):
    headers = [node for kind, node in structure[1] if kind == "/TH"]
    scopes = {str(h.A.Scope) for h in headers if "/A" in h and "/Scope" in h.A}
    assert len(headers) > 20 and all("/Scope" in h.A for h in headers) and scopes == {"/Column", "/Row"}


def test_the_scores_are_in_a_data_table_beside_the_radar(structure):
    kinds = [kind for kind, _ in structure[1]]
    first_table, first_figure = kinds.index("/Table"), kinds.index("/Figure")
    assert abs(first_table - first_figure) < 80 and "/Caption" in kinds


def test_headings_are_tagged_as_headings(structure):
    kinds = {kind for kind, _ in structure[1]}
    assert {"/H1", "/H2", "/H3"} <= kinds


def test_bookmarks_name_each_area_without_its_subtitle(structure):
    document, _ = structure
    with document.open_outline() as outline:
        titles = [item.title for top in outline.root for item in [top, *top.children]]
    assert "Health & safety" in titles and not any("Workforce" in t for t in titles)


def test_headings_extract_as_words(journey_pdf, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(journey_pdf[0])
    command = ["/usr/bin/pdftotext", "-l", "1", str(path), "-"]  # poppler-utils (scripts/system-deps.sh)
    extracted = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    assert "Manufacturing Readiness" in extracted.stdout and not re.search(r"\b(\w ){4,}", extracted.stdout)
