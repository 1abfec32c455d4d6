"""What the load's clients share: one name per page, without the firm's token (Locust's labels in
locustfile.py, and the server times read from gunicorn's access log by run.py, where the token is
already scrubbed to "…"), and the cookie policy of a client on loopback."""

import http.cookiejar
import re

TOKEN_PATH = re.compile(r"^/assessments/([A-Za-z0-9_-]{20,}|…)/(?:([a-z0-9-]+)/|report\.pdf)?")
NOT_AREAS = {"tasks", "profile", "saved", "review", "submit", "results", "delete", "again", "full", "my-data.json"}
PAGE_NAMES = {"tasks": "task list", "review": "check answers", "results": "results", "saved": "saved"}


def page_name(path):
    path = path.split("?")[0]
    match = TOKEN_PATH.match(path)
    if path == "/":
        return "start"
    if path.startswith("/assessments/new/"):
        return "profile (new)"
    if path.startswith("/admin/"):
        return "insights dashboard"
    if not match:
        return path
    if path.endswith("report.pdf"):
        return "report.pdf"
    segment = match.group(2)
    if segment is None:
        return "private link"
    return PAGE_NAMES.get(segment, "area page" if segment not in NOT_AREAS else segment)


class LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    """Sends the site's Secure cookies over plain HTTP: on 127.0.0.1 the load runs without the TLS
    proxy that production has in front of gunicorn."""

    def return_ok_secure(self, cookie, request):
        return True
