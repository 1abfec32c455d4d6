"""The programme link checker behind `manage.py check_programmes`.

It visits each active programme's address and its source's, follows redirects, and records on the
entry (one LinkCheck per address) the status, the final address, the page title and when. What it
records is a machine's observation for editors; it never sets "last checked", which only a person's
check does (Programme.mark_checked), and it leaves the programme row itself untouched, so no stored
PDF re-renders because a link was visited.
"""

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils import timezone

from ..models import LinkCheck

TIMEOUT = 15  # seconds per address; a provider's slow page is not worth a hung nightly job
MAX_BYTES = 256 * 1024  # enough to find a page's title
USER_AGENT = "ManufacturingReadiness-link-check/1 (checks the support programmes it lists)"


@dataclass(frozen=True)
class Visit:
    """What one address gave: a status and final address when a server answered, else an error."""

    status: int | None
    final_url: str = ""
    title: str = ""
    error: str = ""


class _Title(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.inside, self.done = [], False, False

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "title" and not self.done

    def handle_endtag(self, tag):
        if tag == "title" and self.inside:
            self.inside, self.done = False, True

    def handle_data(self, data):
        if self.inside:
            self.parts.append(data)


def page_title(body, charset):
    """The text of the first <title> in an HTML body (bytes), whitespace collapsed, at most 300 characters."""
    parser = _Title()
    parser.feed(body.decode(charset or "utf-8", errors="replace"))
    return " ".join("".join(parser.parts).split())[:300]


def visit(url, timeout=TIMEOUT):
    """GETs one web address, following redirects; never raises for what a server or the network does."""
    if not url.startswith(("https://", "http://")):
        return Visit(status=None, error="not a web address")
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310  (web addresses only, above)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return _answered(response, response.status)
    except urllib.error.HTTPError as answer:  # a server answered, with an error status
        try:
            return _answered(answer, answer.code)
        finally:
            answer.close()
    except (http.client.HTTPException, OSError, ValueError) as error:  # OSError: URLError, timeouts, TLS
        reason = getattr(error, "reason", error)
        return Visit(status=None, error=(str(reason) or type(error).__name__)[:300])


def _answered(response, status):
    try:
        body = response.read(MAX_BYTES)
    except (http.client.HTTPException, OSError, AttributeError):  # an error answer may come without a body
        body = b""
    headers = response.headers
    title = page_title(body, headers.get_content_charset()) if headers and "html" in headers.get_content_type() else ""
    return Visit(status=status, final_url=(getattr(response, "url", "") or "")[:500], title=title)


@dataclass
class Outcome:
    """One address of one programme: what the checker saw now, against what it saw last time."""

    check: LinkCheck
    changes: list = field(default_factory=list)  # kinds: new, broken, still broken, answering again, moved, retitled

    @property
    def broken(self):
        return not self.check.ok


def changes_between(before, after):
    """What changed at an address between two checks (before may be None: never checked)."""
    if before is None:
        return ["new"] + ([] if after.ok else ["broken"])
    if not after.ok:
        return ["broken" if before.ok else "still broken"]
    changes = [] if before.ok else ["answering again"]
    changes += ["moved"] if before.final_url and after.final_url != before.final_url else []
    changes += ["retitled"] if before.title and after.title != before.title else []
    return changes


def check_programmes(programmes, timeout=TIMEOUT, visit=visit):
    """Visits each programme's address and source address (each distinct address once) and records
    what it saw; returns an Outcome per address, in the order given."""
    seen, outcomes = {}, []
    for programme in programmes:
        for link, url in ((LinkCheck.Link.URL, programme.url), (LinkCheck.Link.SOURCE, programme.source_url)):
            if url not in seen:
                seen[url] = visit(url, timeout)
            outcomes.append(_record(programme, link, url, seen[url]))
    return outcomes


def _record(programme, link, url, seen):
    before = LinkCheck.objects.filter(programme=programme, link=link).first()
    values = {"visited": url, "status": seen.status, "final_url": seen.final_url, "title": seen.title,
              "error": seen.error, "checked_at": timezone.now()}  # fmt: skip
    after, _created = LinkCheck.objects.update_or_create(programme=programme, link=link, defaults=values)
    return Outcome(after, changes_between(before, after))
