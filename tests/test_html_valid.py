"""Every public page is valid HTML by the W3C Nu HTML checker (vnu-jar, installed with a Java
runtime by scripts/system-deps.sh, which `make test` runs). One checker run for all pages."""

import json
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from assessments.models import Driver
from tests.helpers import answer_all, make_assessment, make_report_world

pytestmark = [pytest.mark.vnu, pytest.mark.slow, pytest.mark.django_db]
VNU = Path(__file__).resolve().parent.parent / ".vnu/node_modules/vnu-jar/build/dist/vnu.jar"
PAGES = ["start", "profile", "driver", "review", "saved", "results", "profile-with-a-question", "too-many", "privacy"]


def public_pages():
    """page name -> HTML, for a firm going through the journey."""
    client = Client()
    questionnaire = make_report_world()
    assessment, token = make_assessment(questionnaire)
    step = {"token": token}
    html = {
        "start": client.get(reverse("assessments:start")),
        "profile": client.get(reverse("assessments:new")),
        "driver": client.get(reverse("assessments:driver", kwargs={**step, "driver": Driver.objects.first().code})),
        "saved": client.get(reverse("assessments:saved", kwargs=step)),
        "review": client.get(reverse("assessments:review", kwargs=step)),
    }
    answer_all(assessment, level=1)
    client.post(reverse("assessments:submit", kwargs=step))
    html["results"] = client.get(reverse("assessments:results", kwargs=step))
    html["privacy"] = client.get(reverse("assessments:privacy"))
    office = [Client(REMOTE_ADDR="198.51.100.7") for _ in range(4)]
    profile = {"company_name": "Ltd", "sector": "25", "size_band": "small", "region": "wales"}
    for browser in office[:3]:
        browser.post(reverse("assessments:new"), profile)
    html["profile-with-a-question"] = office[3].get(reverse("assessments:new"))
    with override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "start": (0, 3600)}):
        too_many = office[3].post(reverse("assessments:new"), profile)
    assert too_many.status_code == 429
    html["too-many"] = SimpleNamespace(status_code=200, content=too_many.content)
    assert all(r.status_code == 200 for r in html.values()), {k: r.status_code for k, r in html.items()}
    return {name: response.content.decode() for name, response in html.items()}


@pytest.fixture(scope="module")
def vnu_errors(django_db_setup, django_db_blocker, tmp_path_factory):
    java = shutil.which("java")
    if not (java and VNU.exists()):
        pytest.fail("The Nu HTML checker is missing: run scripts/system-deps.sh --vnu (make test does)")
    with django_db_blocker.unblock(), transaction.atomic():
        pages = public_pages()
        transaction.set_rollback(True)
    folder = tmp_path_factory.mktemp("html")
    pages["broken"] = '<!doctype html><html lang="en"><title>x</title><p id="a"></p><p id="a"></p>'  # must fail
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html)
    command = [java, "-jar", str(VNU), "--errors-only", "--format", "json", *sorted(map(str, folder.iterdir()))]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)  # noqa: S603  (our own files)
    errors = {name: [] for name in pages}
    for message in json.loads(run.stderr or '{"messages": []}')["messages"]:
        errors[Path(message.get("url", "")).stem].append(f"{message.get('lastLine')}: {message['message']}")
    return errors


@pytest.mark.parametrize("page", PAGES)
def test_the_page_is_valid_html(vnu_errors, page):
    assert vnu_errors[page] == []


def test_the_checker_reports_errors_it_finds(vnu_errors):
    assert any("Duplicate ID" in error for error in vnu_errors["broken"])
