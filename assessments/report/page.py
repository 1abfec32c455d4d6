"""The report as the results page shows it, built once per report state.

The state key (state.py) names everything the report shows, so the page's body, rendered from the
one report object, is kept in the cache under it: a firm's later views read it back instead of
building the report again (about ten queries and most of the page's time). A cache that has lost it,
or is away, means one more build. The page around it (links carrying the token, forms with their
CSRF token) is never cached.
"""

from django.core.cache import cache
from django.template.loader import render_to_string

from . import builder, state

PAGE_SECONDS = 24 * 3600  # a day: firms read their results in the hours after they submit


def _cached(key):
    return f"report-page:{key}"


def body(assessment):
    """The report's HTML for the results page (report/_body.html, web version)."""
    key = _cached(state.state_key(assessment))
    html = cache.get(key)
    if html is None:
        html = render_to_string("report/_body.html", {**builder.for_assessment(assessment).context(), "web": True})
        cache.set(key, html, PAGE_SECONDS)
    return html


def forget(assessment, keys=()):
    """Deletes the cached pages of the assessment's current state and of the given state keys."""
    cache.delete_many([_cached(key) for key in {state.state_key(assessment), *keys}])
