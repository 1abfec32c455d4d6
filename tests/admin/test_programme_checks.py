"""Programme links are checked: a nightly command records what each address gives (against a local
server here: no network in tests), and only an editor's check sets the "last checked" firms read."""

import io
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.models import LinkCheck, Programme, Questionnaire
from assessments.report import builder as report
from assessments.report import pdf
from tests.helpers import make_content, make_programme, make_staff, submit_firm

PAGES = {"/programme": "<html><head><title>\n  Green loans | Bank  </title></head><body>Loans</body></html>"}


class Site(BaseHTTPRequestHandler):
    """/programme is a page; /old-address redirects to it; anything else is missing."""

    def do_GET(self):  # noqa: N802  (the name http.server calls)
        if self.path == "/old-address":
            self.send_response(301)
            self.send_header("Location", "/programme")
            self.end_headers()
            return
        page = PAGES.get(self.path)
        self.send_response(200 if page else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write((page or "<title>Not found</title>").encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def loans(db, site):
    # Created without full_clean: the model takes https only, the local server speaks http.
    return make_programme("green-loans", url=f"{site}/old-address", source_url=f"{site}/gone")


def check(*codes):
    out = io.StringIO()
    call_command("check_programmes", *codes, "--timeout", "5", stdout=out)
    return out.getvalue()


def seen(programme, link):
    return LinkCheck.objects.get(programme=programme, link=link)


def test_the_check_records_status_final_address_and_title_after_a_redirect(loans, site):
    check()
    url = seen(loans, "url")
    assert (url.status, url.final_url, url.title) == (200, f"{site}/programme", "Green loans | Bank")


def test_the_check_records_a_missing_source_page_and_lists_it_as_broken(loans):
    output = check()
    assert seen(loans, "source_url").status == 404 and "green-loans source_url: new, broken — 404" in output


def test_the_next_check_lists_what_changed_since_the_last(loans):
    check()
    page, PAGES["/programme"] = PAGES["/programme"], "<title>Green loans closed</title>"
    try:
        output = check()
    finally:
        PAGES["/programme"] = page
    assert "green-loans url: retitled" in output and "green-loans source_url: still broken" in output


def test_an_address_nobody_answers_is_recorded_with_the_reason(db):
    programme = make_programme("nowhere", url="http://127.0.0.1:9/", source_url="http://127.0.0.1:9/source")
    check("nowhere")
    assert seen(programme, "url").status is None and seen(programme, "url").error


def test_the_check_never_sets_last_checked_nor_re_renders_a_stored_pdf(loans):
    version = make_content(drivers=("green",)).questionnaire
    before = Questionnaire.objects.get(pk=version.pk).content_revision
    check()
    assert Programme.objects.get(pk=loans.pk).last_checked is None
    assert Questionnaire.objects.get(pk=version.pk).content_revision == before


def test_closed_programmes_are_not_visited(loans):
    Programme.objects.filter(pk=loans.pk).update(active=False)
    check()
    assert not LinkCheck.objects.exists()


# ------------------------------------------------------------------------------- an editor's check


@pytest.fixture
def editor(client, db):
    client.force_login(make_staff("editor", "Content editor"))
    return client


def change_form(programme, **extra):
    return {
        "code": programme.code, "name": programme.name, "provider": programme.provider, "kind": programme.kind,
        "url": "https://example.org/loans", "source_url": "https://example.org/loans/source",
        "summary": programme.summary, "active": "on", "coverage_known": "on", **extra,
    }  # fmt: skip


def test_an_editor_s_check_sets_the_date_the_report_prints(editor):
    content = make_content(drivers=("green",))
    programme = make_programme("green-loans", drivers=content.drivers)
    url = reverse("admin:assessments_programme_change", args=[programme.pk])
    editor.post(url, change_form(programme, checked_now="on", check_note="Rates and dates on the live page."))
    programme.refresh_from_db()
    assessment, _ = submit_firm(content.questionnaire)
    html = pdf.render_html(report.for_assessment(assessment))
    assert programme.last_checked == date.today() and programme.checked_by == "editor"
    assert f"last checked {date.today():%-d %B %Y}" in html


def test_ticking_checked_without_saying_what_was_checked_is_refused(editor, loans):
    response = editor.post(reverse("admin:assessments_programme_change", args=[loans.pk]),
                           change_form(loans, checked_now="on"))  # fmt: skip
    loans.refresh_from_db()
    assert response.status_code == 200 and loans.last_checked is None


def test_the_admin_home_page_lists_entries_with_an_unconfirmed_note(editor, db):
    make_programme("hubs", name="Robotics hubs", unconfirmed="Where the hubs will be was not confirmed.")
    make_programme("sure", name="Sure thing")
    page = editor.get(reverse("admin:index")).content.decode()
    assert "Robotics hubs</a>: Where the hubs will be was not confirmed." in page and "Sure thing" not in page


def test_the_admin_home_page_lists_links_that_gave_no_page(editor, loans):
    check()
    page = editor.get(reverse("admin:index")).content.decode()
    assert "Green Loans</a> (source URL): 404" in page


def test_the_programme_page_shows_what_the_checker_saw(editor, loans, site):
    check()
    page = editor.get(reverse("admin:assessments_programme_change", args=[loans.pk])).content.decode()
    assert f"{site}/programme" in page and "Green loans | Bank" in page and "404" in page
