"""A backup restores: `manage.py backup` of a database with submitted firms, restored the way the
README says into an empty database, holds the same assessments, scores, peer figures and report
states, and a restored firm's private link still opens its results and its stored PDF.

On SQLite always; on PostgreSQL when the tests run on it (.ci/run's second pass), with pg_dump and
pg_restore. Both databases are read by a fresh `manage.py shell` each, as a restored server would.
"""

import json
import os
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.helpers import make_report_world, submit_firm

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent

# Run in each database by a fresh interpreter: what a restored server would find.
SUMMARY = """
import json
import django
django.setup()
from django.test import Client
from assessments.models import Assessment, DriverScore, PeerCell, StoredReport
from assessments.report import state

tokens = json.loads({tokens!r})
submitted = Assessment.objects.select_related("questionnaire").filter(status="submitted")
summary = {{
    "assessments": sorted(Assessment.objects.values_list("token_hash", "status", "company_name", "submitted_at")),
    "scores": sorted(DriverScore.objects.values_list("assessment__token_hash", "driver__code", "score", "level")),
    "peers": sorted(
        PeerCell.objects.values_list("driver__code", "sector", "size_band", "firms", "histogram", "revision")
    ),
    "stored": sorted(StoredReport.objects.values_list("state_key", "status")),
    "state_keys": sorted(state.state_key(a, "en-gb") for a in submitted),
}}
links = {{}}
for token, company in tokens.items():
    client = Client(HTTP_HOST="127.0.0.1")
    page = client.get(f"/assessments/{{token}}/results/")
    pdf = client.get(f"/assessments/{{token}}/report.pdf")
    links[company] = [page.status_code, company in page.content.decode(), pdf.status_code, pdf.content[:5].decode()]
summary["links"] = links
print(json.dumps(summary, default=str))
"""


def read(database_url, tokens):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",  # a restored PDF must not need a render
    }
    code = SUMMARY.format(tokens=json.dumps(tokens))
    command = [sys.executable, "manage.py", "shell", "-c", code]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def database_url(name=None):
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name or db['NAME']}"
    password = urllib.parse.quote(db["PASSWORD"] or "")
    return f"postgres://{db['USER']}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name or db['NAME']}"


@pytest.fixture
def restored(tmp_path):
    """Backs up the test database, restores it as the README says, and yields the restored one's URL."""
    backup = tmp_path / "readiness.backup"
    call_command("backup", str(backup), verbosity=0)
    if connection.vendor == "sqlite":
        restored = tmp_path / "restored.sqlite3"
        shutil.copyfile(backup, restored)  # with the service stopped: the file in place of db.sqlite3
        yield database_url(str(restored))
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        done = subprocess.run(  # noqa: S603
            [shutil.which("pg_restore"), "--no-owner", f"--dbname={database_url(name)}", str(backup)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        yield database_url(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def firms(monkeypatch):
    """Six consenting firms of one sector and size (so peer figures are shown), each with its PDF."""
    from assessments.report import pdf

    monkeypatch.setattr(pdf, "_weasyprint", lambda html, assets: (b"%PDF-1.7 " + html[:40].encode(), 1))  # bytes, pages
    make_report_world(questions_per_driver=2)
    tokens = {}
    for level in range(6):
        assessment, token = submit_firm(level=level % 5, company_name=f"Restored Firm {level} Ltd")
        tokens[token] = assessment.company_name
    return tokens


def test_a_restored_backup_holds_the_same_firms_scores_peer_figures_and_report_states(firms, restored):
    original, copy = read(database_url(), firms), read(restored, firms)
    for part in ("assessments", "scores", "peers", "stored", "state_keys"):
        assert copy[part] == original[part], part
    assert len(copy["assessments"]) == 6 and all(status == "ready" for _, status in copy["stored"])


def test_a_restored_firm_s_private_link_opens_its_results_and_its_stored_pdf(firms, restored):
    links = read(restored, firms)["links"]
    assert set(links) == set(firms.values())
    assert all(link == [200, True, 200, "%PDF-"] for link in links.values()), links


def test_a_backup_never_overwrites_a_file(tmp_path):
    (tmp_path / "existing").write_text("keep me")
    with pytest.raises(Exception, match="exists already"):
        call_command("backup", str(tmp_path / "existing"))
