"""The language of the journey's pages: the URL's (English at today's URLs, Welsh under /cy/).

A page shows its version's content in that language or not at all: a Welsh visitor to a version
that is not complete in Welsh is told so, in Welsh, and offered the English page. An assessment
remembers the language its pages were last used in, for its e-mails, its PDF and its link.
"""

from django.core.cache import cache
from django.shortcuts import render
from django.urls import translate_url
from django.utils import translation

from ..models import Assessment, Language, WelshMissing, shown_in

CHECK_SECONDS = 24 * 3600


def in_page_language(request, questionnaire, page, assessment=None):
    """The response of `page()`, with content rows shown in the page's language; or, when
    `questionnaire` cannot be shown in it, the page that says so. Remembers the language for
    `assessment` (when given) once its version can be shown in it."""
    language = translation.get_language()
    if questionnaire is not None and not offered(questionnaire, language):
        return not_offered(request)
    if assessment is not None and assessment.language != language:
        Assessment.objects.filter(pk=assessment.pk).update(language=language)
        assessment.language = language
    try:
        with shown_in(language):
            return page()
    except WelshMissing:  # a text lost its Welsh since the check above: still no English in its place
        return not_offered(request)


def offered(questionnaire, language):
    """questionnaire.offers(language), remembered per content revision: the check reads five tables
    (a third of a Welsh area page's time, measured), and any edit of what it reads moves the revision."""
    if language == Language.ENGLISH:
        return True
    key = f"offered:{questionnaire.pk}:{questionnaire.content_revision}:{language}"
    answer = cache.get(key)
    if answer is None:
        answer = questionnaire.offers(language)
        cache.set(key, answer, CHECK_SECONDS)
    return answer


def not_offered(request):
    english = translate_url(request.get_full_path(), Language.ENGLISH)
    return render(request, "journey/not_in_welsh.html", {"english_url": english})
