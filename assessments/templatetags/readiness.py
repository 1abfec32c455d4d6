from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext

from .. import rich_text
from ..insights import benchmarks
from ..insights.disclosure import MIN_GROUP
from ..models import LinkCheck, Programme

register = template.Library()


@register.filter
def rich(text):
    """Markdown to HTML, cleaned by nh3 to a short allowlist (see rich_text)."""
    return rich_text.render(text)


@register.filter
def percent(fraction):
    return f"{round((fraction or 0) * 100)} %"


@register.simple_tag
def peer_group_name(group, assessment):
    """How the report names the peer group it compares with (benchmarks returns only its kind)."""
    if group.kind == benchmarks.SECTOR_AND_SIZE:
        return gettext("firms of your size in your sector (%(sector)s)") % {"sector": assessment.get_sector_display()}
    if group.kind == benchmarks.SIZE:
        return gettext("firms of your size in all manufacturing sectors")
    return gettext("manufacturers of all sizes and sectors")


@register.simple_tag
def peer_quarter(quarter):
    """How the report names a firm's quarter among its peers (benchmarks gives 1–4)."""
    names = {
        1: gettext("bottom quarter"),
        2: gettext("lower middle quarter"),
        3: gettext("upper middle quarter"),
        4: gettext("top quarter"),
    }
    return names[quarter]


@register.simple_tag
def min_group():
    """The smallest group any figure rests on (insights.disclosure.MIN_GROUP), for the words that promise it."""
    return MIN_GROUP


@register.simple_tag
def programmes_to_confirm():
    """Active programme entries with an “Unconfirmed” note, for editors on the admin home page."""
    return Programme.objects.filter(active=True).exclude(unconfirmed="").order_by("name")


@register.simple_tag
def links_not_answering():
    """What the link checker last saw at addresses that gave no page, for the admin home page."""
    return (
        LinkCheck.objects.filter(programme__active=True)
        .exclude(status__gte=200, status__lt=300)
        .select_related("programme")
    )


@dataclass(frozen=True)
class Counterpart:
    name: str  # the language's own name: "English", "Cymraeg"
    lang: str  # for lang and hreflang: "en-GB", "cy"
    url: str
    current: bool


def html_lang(code):
    """A LANGUAGES code as BCP 47 writes it: "en-gb" -> "en-GB"."""
    language, _, region = code.partition("-")
    return f"{language}-{region.upper()}" if region else language


@register.simple_tag(takes_context=True)
def language_links(context):
    """This page in each language (a Counterpart each), its query string kept. A page shown in answer
    to a POST leads to the page its view names as `page_url` (where the same page is reached by a
    GET), else to the start page; so does a page with no counterpart (an unknown URL)."""
    request = context.get("request")
    if context.get("page_url"):
        here = context["page_url"]
    elif request is not None and request.method in ("GET", "HEAD"):
        here = request.get_full_path()
    else:
        here = None  # a POST-only address: no page to switch to but the start page
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = here if code == current else translate_url(here, code) if here else None
        if url is None or (url == here and code != current):
            with translation.override(code):
                try:
                    url = reverse("assessments:start")
                except NoReverseMatch:
                    url = "/"
        links.append(Counterpart(name, html_lang(code), url, code == current))
    return links
