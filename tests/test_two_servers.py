"""Two app servers and a background worker share PostgreSQL and Redis and serve the same firm: a PDF
queued by one, rendered once by the worker, is served from the shared cache by both, and a rate
limit counted on one server holds on the other.

Run by .ci/run, which starts PostgreSQL and redis-server (`pytest -m redis` with a PostgreSQL
DATABASE_URL); `make test` leaves it out. It fails, rather than skips, when either is missing.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from assessments.models import Assessment, StoredReport
from tests.helpers import make_content, submit_firm

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
RENDER_LINE = "Rendering the report PDF"
EMAIL_SUBJECT = "Subject: Your Manufacturing Readiness link"


@pytest.fixture
def shared_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"No Redis at {REDIS_URL}: start redis-server (.ci/run does) or set REDIS_URL")
    client.flushdb()  # only this test's database number
    yield
    client.flushdb()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env, log, command=None):
        self.port, self.log = free_port(), log
        self.url = f"http://127.0.0.1:{self.port}"
        gunicorn = ["-m", "gunicorn", "readiness.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"]
        command = [sys.executable, *(command or [*gunicorn, "--timeout", "60"])]
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
        )

    def wait(self):
        for _ in range(120):
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):  # noqa: S310 (http://127.0.0.1 only)
                    return
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"server on {self.port} did not start: {self.log.read_text()[-2000:]}")

    def output(self):
        return self.log.read_text()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def servers(shared_redis, tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail("The two-server test needs a PostgreSQL DATABASE_URL (.ci/run sets one).")
    db = connection.settings_dict
    password, host = urllib.parse.quote(db["PASSWORD"] or ""), db["HOST"] or "127.0.0.1"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}",
        "CACHE_BACKEND": "readiness.cache.DegradingRedisCache",
        "CACHE_LOCATION": REDIS_URL,
        "DEBUG": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "PYTHONUNBUFFERED": "1",
    }
    pair = [Server(env, tmp_path / "a.log"), Server(env, tmp_path / "b.log")]
    worker = Server(env, tmp_path / "worker.log", ["manage.py", "worker", "--interval", "0.2"])
    try:
        for server in pair:
            server.wait()
        yield [*pair, worker]
    finally:
        for server in [*pair, worker]:
            server.stop()


def get(url):
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (http://127.0.0.1 only)
        return response.status, response.read()


def ready_pdf(url, seconds=60):
    for _ in range(seconds * 4):
        status, body = get(url)
        if status == 200:
            return body
        time.sleep(0.25)
    pytest.fail(f"no PDF at {url} after {seconds} s")


def test_a_pdf_rendered_once_is_served_from_the_shared_cache_by_both_servers(servers, settings):
    a, b, worker = servers
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # each submit queues for the worker
    version = make_content(("safety", "green")).questionnaire
    for level in range(5):
        submit_firm(version, level)
    assessment, token = submit_firm(version, 3)
    # submit_firm's Assessment.submit() rendered each PDF here, in the test's own process (its tasks
    # run at once); forget them, so the PDF is one the servers and the worker have to make.
    StoredReport.objects.all().delete()
    path = f"/assessments/{token}/report.pdf"
    assert get(a.url + path)[0] in (200, 202)  # queued at submit: ready already, or on its way
    body = ready_pdf(b.url + path)  # rendered by the worker, found by server b
    StoredReport.objects.update(pdf=b"")  # from now on only the shared cache holds the bytes
    assert body[:5] == b"%PDF-" and get(a.url + path) == (200, body) and get(b.url + path) == (200, body)
    renders = worker.output().count(f"{RENDER_LINE} of assessment {assessment.pk} (")
    assert renders == 1, worker.output()[-2000:]
    assert RENDER_LINE not in a.output() + b.output()  # no web worker rendered


NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def start_assessment(opener, server, email):
    """Fills in the first page and sends it, answering the small question when it is asked."""
    with opener.open(f"{server.url}/assessments/new/") as page:
        html = page.read().decode()
    form = {
        "company_name": "Tyne Valves",
        "sector": "28",
        "size_band": "medium",
        "region": "north-east",
        "email": email,
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1),
    }
    asked = re.search(r"What is (\w+) plus (\w+)\?", html)
    if asked:
        form["challenge_answer"] = sum(NUMBERS.index(word) + 1 for word in asked.groups())
        form["challenge_token"] = re.search(r'name="challenge_token" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(f"{server.url}/assessments/new/", data=body)  # noqa: S310 (127.0.0.1 only)
    with opener.open(request) as response:
        assert response.status == 200


def test_a_rate_limit_counted_on_one_server_holds_on_the_other(servers):
    a, b, worker = servers
    make_content(("safety", "green"))
    for server, address in [(a, "ops@example.com")] * 3 + [(b, "Ops+x@example.com"), (b, "other@example.com")]:
        start_assessment(browser(), server, address)
    for _ in range(40):  # the worker sends them (console e-mail: into its log)
        if worker.output().count(EMAIL_SUBJECT) >= 4:
            break
        time.sleep(0.5)
    time.sleep(1)  # a fifth, wrongly let through, would be sent by now
    assert worker.output().count(EMAIL_SUBJECT) == 4 and "other@example.com" in worker.output()
    assert EMAIL_SUBJECT not in a.output() + b.output()  # no web worker waited on the mail relay


def browser():
    """A new browser on this machine's network (one client network for the limits)."""
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def try_start(server):
    """One start from a new browser: its HTTP status (after redirects)."""
    try:
        start_assessment(browser(), server, "")
    except urllib.error.HTTPError as error:
        return error.code
    return 200


def test_a_hundred_starts_from_one_client_are_limited_across_both_servers(servers):
    a, b, _worker = servers
    make_content(("safety", "green"))
    statuses = [try_start((a, b)[i % 2]) for i in range(100)]
    # 30 start (after the first 3, each answering the small question); the other 70 are refused on
    # whichever server they reach: the count is kept in the shared Redis.
    assert (statuses.count(200), statuses.count(429)) == (30, 70) and Assessment.objects.count() == 30


def test_a_withdrawn_share_is_refused_by_both_servers_on_the_next_request(servers, client):
    """An adviser's session works on either server; once the firm withdraws, both refuse the firm's
    page, report and PDF (whose bytes still sit in the shared cache) on the very next request."""
    from tests.helpers import make_adviser, make_organisation, share_with

    a, b, _worker = servers
    firm, _ = submit_firm(make_content(("safety", "green")).questionnaire, 2, region="wales")
    share = share_with(firm, make_organisation("Business Wales North", regions=["wales"]))
    client.force_login(make_adviser(share.organisation, "alys").user)  # a session row both servers read
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={client.cookies['sessionid'].value}")]
    paths = [f"/advisers/firms/{share.public_id}/{page}" for page in ("", "report/", "report.pdf")]

    def status(url):
        try:
            with opener.open(url, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    for _ in range(240):  # until the worker has rendered the PDF (202 while it is queued)
        if status(a.url + paths[2]) == 200:
            break
        time.sleep(0.25)
    assert {(s.url, p): status(s.url + p) for s in (a, b) for p in paths} == dict.fromkeys(
        [(s.url, p) for s in (a, b) for p in paths], 200
    )
    share.withdraw()
    assert {(s.url, p): status(s.url + p) for s in (a, b) for p in paths} == dict.fromkeys(
        [(s.url, p) for s in (a, b) for p in paths], 403
    )
