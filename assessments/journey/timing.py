"""How long the journey takes a firm: the one estimate that the start page, the task list (per
area) and the staff's questionnaire page all show.

It counts every part a firm reads and answers after pressing Start, page by page:

- the profile page (its words, and a choice for each of its five fields);
- the task list, read once in full, then glanced at on each return to it;
- each area page: its instructions read in full once, glanced at on every later page; every
  question's text, hint and answers; a decision for each question; the importance question,
  its five answers and a decision, once per area;
- check your answers, skimmed: its own words and every question with one answer;
- a moment for each page to load.

Text is read at READING_WPM (200 words a minute, a busy reader of plain English), check your
answers at SKIM_WPM. The words of the interface (PROFILE_WORDS …) were counted on the rendered
pages, and tests/journey/test_timing.py counts them again, so the figure moves when the pages do.
Content words are counted from the questionnaire itself. The promise rounds up, never down.
"""

import math
from dataclasses import dataclass

from ..models import Option, Questionnaire
from .pages import split

READING_WPM = 200
SKIM_WPM = 400  # check your answers: the firm wrote these answers minutes ago
DECISION_SECONDS = 15  # weighing up a question's levels against the site and choosing one
IMPORTANCE_SECONDS = 5
PROFILE_FIELD_SECONDS = 10  # company name, sector, size, region, consent
PROFILE_FIELDS = 5
GLANCE_SECONDS = 5  # a page seen before: the task list on each return, an area page's instructions
PAGE_SECONDS = 3  # each page to load

# Words of the interface as the pages render them (main content, without the questionnaire's own
# words): counted by tests/journey/test_timing.py, which fails when a page has drifted from these.
PROFILE_WORDS = 300  # with the sector and region lists
TASK_LIST_WORDS = 115  # and TASK_ROW_WORDS for each area's row
TASK_ROW_WORDS = 12
AREA_PAGE_WORDS = 120  # the answer rule, the save note, headings and buttons
IMPORTANCE_WORDS = 30  # its question and five answers
REVIEW_WORDS = 65  # check your answers around the cards: the business card, headings, the submit
REVIEW_CARD_WORDS = 22  # an area card's own words: its title, Change, the importance row


@dataclass(frozen=True)
class Estimate:
    """Minutes, unrounded: `parts` by part of the journey, `areas` by driver code."""

    parts: dict
    areas: dict

    @property
    def total(self):
        return sum(self.parts.values())

    @property
    def minutes(self):
        """The promise: the total rounded up to the next 5 minutes."""
        return promise(self.total)

    def area_minutes(self):
        """driver code -> whole minutes (rounded up), as the task list shows them."""
        return {code: math.ceil(minutes) for code, minutes in self.areas.items()}


def promise(minutes):
    return max(5, 5 * math.ceil(minutes / 5))


def words(*texts):
    return sum(len(text.split()) for text in texts)


def estimate(questionnaire, quick=False):
    """The Estimate for a version's full assessment or (quick) its quick check (two queries)."""
    questions = questionnaire.questions.select_related("driver").prefetch_related("options")
    questions = list(questions.filter(quick_check=True) if quick else questions)
    by_area = {}
    for question in questions:
        by_area.setdefault(question.driver.code, []).append(question)
    areas = {code: area_minutes(own, first=index == 0) for index, (code, own) in enumerate(by_area.items())}
    pages = sum(len(split(own)) for own in by_area.values()) + 3 + len(by_area)  # profile, review, results; tasks
    parts = {
        "profile": (PROFILE_WORDS / READING_WPM) + PROFILE_FIELDS * PROFILE_FIELD_SECONDS / 60,
        "task_list": (TASK_LIST_WORDS + TASK_ROW_WORDS * len(by_area)) / READING_WPM
        + len(by_area) * GLANCE_SECONDS / 60,
        "areas": sum(areas.values()),
        "review": (REVIEW_WORDS + REVIEW_CARD_WORDS * len(by_area) + sum(review_words(q) for q in questions))
        / SKIM_WPM,
        "page_loads": pages * PAGE_SECONDS / 60,
    }
    return Estimate(parts, areas)


def area_minutes(questions, first=False):
    """Minutes for an area's pages: instructions (in full on the journey's first area page,
    glanced at after), every question read and decided, and the importance question."""
    pages = len(split(questions))
    instructions = AREA_PAGE_WORDS / READING_WPM if first else GLANCE_SECONDS / 60
    instructions += (pages - 1) * GLANCE_SECONDS / 60
    reading = sum(question_words(q) for q in questions) / READING_WPM
    deciding = len(questions) * DECISION_SECONDS / 60
    importance = IMPORTANCE_WORDS / READING_WPM + IMPORTANCE_SECONDS / 60
    return instructions + reading + deciding + importance


def question_words(question):
    return words(question.text, question.help_text, *(o.label for o in question.options.all()))


def review_words(question):
    """A question and a typical answer, as check your answers shows it: the mean answer label."""
    labels = [o.label for o in question.options.all() if o.kind == Option.Kind.SCORED] or [""]
    return words(question.text) + words(*labels) / len(labels)


def current_minutes():
    """(full, quick) promised minutes of the version new assessments use, or (None, None)."""
    questionnaire = Questionnaire.objects.current()
    if questionnaire is None:
        return None, None
    return estimate(questionnaire).minutes, estimate(questionnaire, quick=True).minutes
