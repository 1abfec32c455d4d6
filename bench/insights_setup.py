"""Django-side steps of the insights benchmark, run in the benchmark's own database through
`manage.py shell -c "from bench import insights_setup as s; s.<step>()"`. Each prints one line of JSON."""

import json
import secrets
import time

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments.insights import peers
from assessments.journey import session_link
from assessments.models import Answer, Assessment, InsightCell, Questionnaire


def _out(**values):
    print(json.dumps(values))


def firm():
    """A real, consenting, submitted firm answering every question at level 2; its token and a
    session cookie that already holds it (so the pages under test write no session)."""
    questionnaire = Questionnaire.objects.current()
    number = Assessment.objects.filter(company_name__startswith="Bench Precision").count() + 1
    # A name of its own, so its report's HTML (and so its PDF) is its own, not one already cached.
    assessment = Assessment(
        questionnaire=questionnaire,
        company_name=f"Bench Precision {number} Ltd",
        sector="25",
        size_band="small",
        region="north-west",
        benchmark_consent=True,
    )
    token = assessment.issue_token()
    assessment.save()
    for question in questionnaire.questions.all():
        Answer.objects.create(assessment=assessment, question=question, option=question.options.get(level=2))
    assessment.submit()
    session = SessionStore()
    session[session_link.SESSION_KEY] = {"hash": assessment.token_hash, "ref": secrets.token_urlsafe(9)}
    session.create()
    _out(token=token, cookie=f"{settings.SESSION_COOKIE_NAME}={session.session_key}")


def count_as_real():
    """Turns the demo firms into real ones, so they count in peer figures as the firms of a busy year.
    Only the peer cells are rebuilt (the pages measured read nothing else); the demo insight cells go."""
    started = time.perf_counter()
    Assessment.objects.filter(is_demo=True).update(is_demo=False)
    InsightCell.objects.filter(is_demo=True).delete()
    with transaction.atomic():
        changed = peers._refresh_peer_cells(Assessment.objects.counted())
    submitted = Assessment.objects.filter(status=Assessment.Status.SUBMITTED).count()
    counted = Assessment.objects.counted().count()
    _out(submitted=submitted, firms=counted, cells=changed, seconds=time.perf_counter() - started)


def analyst():
    """A staff user in the Analyst group and a signed-in session cookie for it."""
    user, _ = User.objects.get_or_create(username="bench-analyst", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Analyst"))
    client = Client()
    client.force_login(user)
    _out(cookie=f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")


def queries(*queries):
    """Queries per dashboard view, first and repeat, for several filters."""
    user = User.objects.get(username="bench-analyst")
    client = Client()
    client.force_login(user)
    counts = []
    for query in queries or QUERIES:
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/admin/assessments/assessment/insights/" + query).status_code == 200
            counts.append(len(captured))
    _out(max=max(counts), counts=counts)


QUERIES = [
    "?demo=on",
    "?demo=on&by=sector&region=wales",
    "?demo=on&size_band=micro&by=size_band",
    "?demo=on&version=1",
    "?region=london",
]
