"""Every user-facing string goes through gettext, so a Welsh catalogue can translate the service."""

import shutil
import warnings
from io import BytesIO, StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from assessments.report import builder as report
from assessments.report import pdf
from tests.helpers import (
    make_assessment,
    make_driver,
    make_question,
    make_questionnaire,
    make_report_world,
    submit_firm,
)

SOURCES = ["assessments", "readiness", "templates"]
CATALOGUE = "locale/cy/LC_MESSAGES/django.po"
WELSH = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: cy\\n"

msgid "Save and continue"
msgstr "Cadw a pharhau"

msgid "3 – Important"
msgstr "3 – Pwysig"

msgid "Digital readiness report"
msgstr "Adroddiad parodrwydd digidol"

msgctxt "PDF footer: Page 3 of 17"
msgid "Page"
msgstr "Tudalen"

msgctxt "PDF footer: Page 3 of 17"
msgid "of"
msgstr "o"
"""


def message_ids(po_text):
    """The (context, msgid, plural) of every message in a .po file; the header is left out."""
    ids = set()
    for entry in po_text.split("\n\n"):
        fields, key = {}, None
        for line in entry.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if not line.startswith('"'):
                key, _, line = line.partition(" ")
            fields[key] = fields.get(key, "") + line.strip()[1:-1]
        if fields.get("msgid"):
            ids.add((fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural")))
    return ids


@pytest.fixture(scope="module")
def made_messages(tmp_path_factory):
    """`make messages` run on a copy of the sources and the committed catalogue: (new .po text, output)."""
    root = tmp_path_factory.mktemp("project")
    for name in [*SOURCES, "locale"]:
        shutil.copytree(settings.BASE_DIR / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    output = StringIO()
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[root / "locale"]):
        patch.chdir(root)  # makemessages reads the working directory
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call_command(
                "makemessages",
                locale=["cy"],
                add_location="file",
                no_obsolete=True,
                ignore_patterns=[".venv/*", "staticfiles/*", "tests/*", "bench/*"],
                stdout=output,
                stderr=output,
            )
    output.writelines(f"{w.category.__name__}: {w.message}\n" for w in caught)
    return (root / CATALOGUE).read_text(), output.getvalue()


def test_makemessages_runs_without_warnings(made_messages):
    _, output = made_messages
    assert output.strip() == "processing locale cy"  # xgettext's and Django's warnings would be here


def test_the_committed_welsh_catalogue_lists_every_message(made_messages):
    fresh, _ = made_messages
    committed = (settings.BASE_DIR / CATALOGUE).read_text()
    assert message_ids(committed) == message_ids(fresh), "run `make messages` and commit locale/"


@pytest.fixture
def welsh_catalogue(tmp_path, monkeypatch, settings):
    """A two-message Welsh catalogue, compiled at test time, in LOCALE_PATHS."""
    po = tmp_path / "locale" / "cy" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(WELSH)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)  # compilemessages also compiles what it finds under the working directory
    call_command("compilemessages", locale=["cy"], verbosity=0)


@pytest.fixture
def welsh(welsh_catalogue, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("cy", "Cymraeg")]


@pytest.fixture
def driver_page(db):
    questionnaire = make_questionnaire()
    make_question(questionnaire, make_driver("safety"), "safety-01")
    _, token = make_assessment(questionnaire)
    return reverse("assessments:driver", kwargs={"token": token, "driver": "safety"})


def test_a_welsh_browser_gets_the_welsh_template_text_and_page_language(client, welsh, driver_page):
    page = client.get(driver_page, headers={"accept-language": "cy"}).content.decode()
    assert "Cadw a pharhau" in page and 'lang="cy"' in page


def test_strings_made_in_python_are_translated_too(client, welsh, driver_page):
    page = client.get(driver_page, headers={"accept-language": "cy"}).content.decode()
    assert "3 – Pwysig" in page  # an importance label, made in forms.py


def test_english_stays_the_only_language_until_welsh_is_offered(client, welsh_catalogue, driver_page):
    page = client.get(driver_page, headers={"accept-language": "cy"}).content.decode()
    assert "Save and continue" in page and 'lang="en-GB"' in page


def test_the_pdf_footer_is_in_the_report_s_language(welsh, db):
    assessment, _ = submit_firm(make_report_world(questions_per_driver=1))
    built = report.for_assessment(assessment)
    with translation.override("cy"):
        body = pdf.render_pdf(built).body
    reader = PdfReader(BytesIO(body))
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "Adroddiad parodrwydd digidol" in last and f"Tudalen {len(reader.pages)} o {len(reader.pages)}" in last
