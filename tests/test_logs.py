"""The raw token never reaches a log: gunicorn's access and error logs, tracebacks, runserver's lines."""

import io
import logging
import sys
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from readiness.logs import ScrubbedGunicornLogger, ScrubTokens

TOKEN = "lC8mNzEYrIx_5CVVDJD3yr4lkzsdVEY7NQK1Jj519MA"


def test_gunicorn_s_access_log_never_holds_a_token():
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %({location}o)s')
    logger = ScrubbedGunicornLogger(config)
    stream = io.StringIO()
    logger.access_log.handlers[0].stream = stream
    path = f"/assessments/{TOKEN}/safety/"
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://readiness.example.org{path}",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[("Location", f"/assessments/{TOKEN}/remote/")])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=0.1))
    line = stream.getvalue()
    assert TOKEN not in line and '"POST /assessments/…/safety/ HTTP/1.1" 302' in line


def test_gunicorn_s_error_log_never_holds_a_token():
    logger = ScrubbedGunicornLogger(Config())
    stream = io.StringIO()
    logger.error_log.handlers[0].stream = stream
    logger.exception("Error handling request %s", f"/assessments/{TOKEN}/results/")
    assert TOKEN not in stream.getvalue() and "/assessments/…/results/" in stream.getvalue()


def test_a_logged_traceback_never_holds_a_token():
    try:
        raise ValueError(f"bad page /assessments/{TOKEN}/results/")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Error: %s", ("x",), None)
        record.exc_info = sys.exc_info()
    ScrubTokens().filter(record)
    assert TOKEN not in logging.Formatter().format(record)


def test_runserver_s_request_lines_pass_through_the_scrubber():
    handlers = logging.getLogger("django.server").handlers  # pytest adds its own capture handlers
    assert any(isinstance(f, ScrubTokens) for h in handlers for f in h.filters)
