"""Every user-facing string goes through gettext, so a Welsh catalogue can translate the service."""

import datetime
import re
import shutil
import subprocess
import warnings
from io import BytesIO, StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.formats import date_format
from pypdf import PdfReader

from assessments.report import builder as report
from assessments.report import pdf
from tests.helpers import (
    give_welsh,
    make_assessment,
    make_driver,
    make_question,
    make_questionnaire,
    make_report_world,
    submit_firm,
)

SOURCES = ["assessments", "readiness", "templates"]
CATALOGUE = "locale/cy/LC_MESSAGES/django.po"


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
def driver_page(db):
    """A driver page whose content has its (test) Welsh: in English at its URL, in Welsh under /cy/."""
    questionnaire = make_questionnaire()
    make_question(questionnaire, make_driver("safety"), "safety-01")
    give_welsh()
    _, token = make_assessment(questionnaire)
    return reverse("assessments:driver", kwargs={"token": token, "driver": "safety"})


def welsh_url(path):
    return translate_url(path, "cy")


def test_a_page_under_cy_is_in_welsh_with_its_page_language(client, driver_page):
    page = client.get(welsh_url(driver_page)).content.decode()
    assert "Cadw a pharhau" in page and '<html lang="cy">' in page


def test_strings_made_in_python_are_translated_too(client, driver_page):
    page = client.get(welsh_url(driver_page)).content.decode()
    assert "3 – Pwysig" in page  # an importance label, made in forms.py


def test_an_english_url_stays_english_whatever_the_browser_prefers(client, driver_page):
    page = client.get(driver_page, headers={"accept-language": "cy"}).content.decode()
    assert "Save and continue" in page and '<html lang="en-GB">' in page


def test_welsh_dates_come_from_django_s_welsh_locale():
    with translation.override("cy"):
        assert date_format(datetime.date(2026, 3, 5), "j F Y") == "5 Mawrth 2026"


def test_the_pdf_footer_is_in_the_report_s_language(db):
    assessment, _ = submit_firm(make_report_world(questions_per_driver=1))
    built = report.for_assessment(assessment)
    with translation.override("cy"):
        body = pdf.render_pdf(built).body
    reader = PdfReader(BytesIO(body))
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "Adroddiad parodrwydd digidol" in last and f"Tudalen {len(reader.pages)} o {len(reader.pages)}" in last


def _msgfmt_statistics(path):
    done = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],  # noqa: S607
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stderr.strip()


def test_every_welsh_message_is_translated_and_none_is_fuzzy():
    statistics = _msgfmt_statistics(settings.BASE_DIR / CATALOGUE)
    assert "fuzzy" not in statistics and "untranslated" not in statistics, statistics


def test_every_plural_form_of_every_welsh_message_is_filled_in():
    committed = (settings.BASE_DIR / CATALOGUE).read_text()
    assert re.findall(r'^msgstr\[\d\] ""\n(?!")', committed, flags=re.MULTILINE) == []
