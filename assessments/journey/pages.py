"""The journey of one assessment: its pages (profile, an area's pages of a few questions each,
review), the task list that is its hub (one row per area), the check-your-answers cards, and
starting a new assessment from an earlier one."""

import math
from dataclasses import dataclass

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext

from ..models import Answer, AnswerSheet, Assessment, Driver, Option, Question, assessment_url

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
# Where a page may send a visitor back to after saving: named pages only, never a URL from the request.
RETURNS = {"review"}
PROFILE_FIELDS = ["company_name", "sector", "size_band", "region", "benchmark_consent", "language"]
# About three phone screens at 390 px: an area of 9 questions is read as three pages of 3.
QUESTIONS_PER_PAGE = 4


def split(questions, per_page=QUESTIONS_PER_PAGE):
    """An area's questions as pages of at most `per_page`, as even as possible and in order:
    9 → 3+3+3, 8 → 4+4, 5 → 3+2, 2 → 2. Always at least one page (it holds the importance)."""
    count = max(1, math.ceil(len(questions) / per_page))
    size, extra = divmod(len(questions), count)
    pages, start = [], 0
    for index in range(count):
        end = start + size + (index < extra)
        pages.append(questions[start:end])
        start = end
    return pages


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    url: str
    driver: Driver | None = None


@dataclass(frozen=True)
class AreaPage:
    """One page of an area: a few of its questions; the last page also asks the area's importance."""

    step: Step
    number: int  # from 1
    count: int  # the area's pages
    questions: list
    first: int  # the number of its first question in the area ("Question 4 of 9")
    area_total: int  # the area's questions

    @property
    def is_last(self):
        return self.number == self.count

    @property
    def url(self):
        return page_url(self.step, self.number)


def page_url(step, number):
    """An area page's address: the area's own for its first page, /<n>/ after it for the others."""
    return step.url if number == 1 else f"{step.url}{number}/"


@dataclass(frozen=True)
class Task:
    """One line of the task list: an area, how far it has got and which questions are new."""

    step: Step
    status: str
    answered: int
    total: int
    new_questions: list  # (question, url of its page)
    minutes: int  # the estimate for the area's pages (journey.timing)


@dataclass(frozen=True)
class ReviewSection:
    """An area's summary card on check your answers: its questions with their answers, and importance."""

    step: Step
    rows: list  # (question, answer) per answered question
    unanswered: list  # the questions without an answer, listed together (shorter on a phone)
    importance: int | None  # as the firm gave it (None: not given)
    completed: bool  # every page of the area saved

    @property
    def card_id(self):
        return f"answers-{self.step.driver.code}"

    @property
    def change_url(self):
        """The area's first page, which goes on through its pages and returns to this card."""
        return f"{self.step.url}?return=review"


class Journey:
    def __init__(self, assessment, token):
        self.assessment, self.token = assessment, token
        self._steps = None
        self._sheet = None

    @property
    def sheet(self):
        """The AnswerSheet, loaded once; the steps reuse its drivers."""
        if self._sheet is None:
            self._sheet = AnswerSheet.load(self.assessment)
        return self._sheet

    @property
    def steps(self):
        if self._steps is None:
            drivers = self._sheet.drivers if self._sheet else self.assessment.drivers()
            self._steps = [
                Step(1, gettext("Your business"), assessment_url("profile", self.token)),
                *(
                    Step(i, d.name, assessment_url("driver", self.token, driver=d.code), d)
                    for i, d in enumerate(drivers, start=2)
                ),
            ]
            review = Step(len(self._steps) + 1, gettext("Check your answers"), assessment_url("review", self.token))
            self._steps.append(review)
        return self._steps

    @property
    def areas(self):
        return self.steps[1:-1]

    def url(self, name):
        return assessment_url(name, self.token)

    def step_for(self, driver_code):
        return next((s for s in self.areas if s.driver.code == driver_code), None)

    def questions_of(self, step):
        """The questions of an area's step (one query), each holding the step's own driver row."""
        questions = list(self.assessment.questions().filter(driver=step.driver))
        for question in questions:
            question.driver = step.driver
        return questions

    def pages_of(self, step, questions=None):
        """The AreaPages of an area's step (its questions split a few to a page)."""
        chunks = split(self.questions_of(step) if questions is None else questions)
        pages, first = [], 1
        for number, chunk in enumerate(chunks, start=1):
            pages.append(AreaPage(step, number, len(chunks), chunk, first, sum(map(len, chunks))))
            first += len(chunk)
        return pages

    def area_page(self, step, number):
        """Page `number` of an area with its questions' answers loaded (one query: only this page's
        options, not the whole area's), or None when the area has no such page."""
        pages = self.pages_of(step)
        if not 1 <= number <= len(pages):
            return None
        page = pages[number - 1]
        prefetch_related_objects(page.questions, "options")
        return page

    def following(self, step):
        return self.steps[min(step.number, len(self.steps) - 1)]

    def after(self, page):
        """The address after saving an area page: its next page, else the next area (or the review)."""
        return page_url(page.step, page.number + 1) if not page.is_last else self.following(page.step).url

    def landing_url(self):
        """Where a returning visitor lands: results once submitted, else the task list."""
        return self.url("results" if self.assessment.is_submitted else "tasks")

    def own_questions(self, step):
        return [q for q in self.sheet.questions if q.driver_id == step.driver.pk]

    def is_completed(self, questions):
        """An area is completed once the firm has saved every one of its pages: each question was on
        a saved page (answered or not), so carried-over answers alone never complete it."""
        saved = set(self.assessment.saved_questions)
        return all(q.code in saved for q in questions)

    def status_of(self, questions):
        if self.is_completed(questions):
            return COMPLETED
        saved = set(self.assessment.saved_questions)
        started = any(q.pk in self.sheet.answers or q.code in saved for q in questions)
        return IN_PROGRESS if started else NOT_STARTED

    def tasks(self, minutes=None):
        """A Task per area, in order; `minutes`: driver code -> the area's estimated minutes."""
        new = self.new_question_ids()
        tasks = []
        for step in self.areas:
            own = self.own_questions(step)
            answered = sum(1 for q in own if q.pk in self.sheet.answers)
            pages = self.pages_of(step, own)
            fresh = [
                (q, f"{page.url}#q-{q.code}")
                for page in pages
                for q in page.questions
                if q.pk in new and q.pk not in self.sheet.answers
            ]
            area_minutes = (minutes or {}).get(step.driver.code)
            tasks.append(Task(step, self.status_of(own), answered, len(own), fresh, area_minutes))
        return tasks

    def answered_count(self):
        return len(self.sheet.answers)

    def new_question_ids(self):
        """Questions of this version that the previous assessment's version did not ask (one query)."""
        if self.assessment.previous_id is None:
            return set()
        asked = Question.objects.filter(questionnaire__assessments__id=self.assessment.previous_id)
        codes = set(asked.values_list("code", flat=True))
        return {q.pk for q in self.sheet.questions if q.code not in codes}

    def review_sections(self):
        """A ReviewSection per area: every question with its answer (or None), and the importance."""
        sections = []
        for step in self.areas:
            own = self.own_questions(step)
            rows = [(q, a) for q in own if (a := self.sheet.answer_to(q))]
            unanswered = [q for q in own if self.sheet.answer_to(q) is None]
            importance = self.assessment.importance.get(step.driver.code)
            sections.append(ReviewSection(step, rows, unanswered, importance, self.is_completed(own)))
        return sections


def return_to(value):
    """The named page a form may return to ('review'), or None for anything else."""
    return value if value in RETURNS else None


@transaction.atomic
def start_from(source, questionnaire, mode=Assessment.Mode.FULL, previous=None):
    """A new assessment on `questionnaire` with the profile, importance and answers of `source`.
    Answers are matched by question code, then by level (or kind, for "Don't know" and "Not
    relevant"): answers to questions the version no longer asks, or whose answer it no longer
    offers, are dropped; new questions stay blank. Returns (assessment, token)."""
    assessment = Assessment(
        questionnaire=questionnaire,
        mode=mode,
        previous=previous,
        importance=dict(source.importance),
        **{f: getattr(source, f) for f in PROFILE_FIELDS},
    )
    token = assessment.issue_token()
    assessment.save()
    options = {
        (o.question.code, o.kind, o.level): o
        for o in Option.objects.filter(question__questionnaire=questionnaire).select_related("question")
    }
    carried = [
        Answer(assessment=assessment, question=match.question, option=match)
        for a in source.answers.select_related("question", "option")
        if (match := options.get((a.question.code, a.option.kind, a.option.level)))
    ]
    Answer.objects.bulk_create(carried)
    return assessment, token
