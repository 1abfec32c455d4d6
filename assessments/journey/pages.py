"""The journey of one assessment: its pages (profile, one per area, review), the task list that is
its hub, the check-your-answers rows, and starting a new assessment from an earlier one."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from ..models import Answer, AnswerSheet, Assessment, Driver, Option, Question, assessment_url

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
# Where a page may send a visitor back to after saving: named pages only, never a URL from the request.
RETURNS = {"review"}
PROFILE_FIELDS = ["company_name", "sector", "size_band", "region", "benchmark_consent", "language"]


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    url: str
    driver: Driver | None = None


@dataclass(frozen=True)
class Task:
    """One line of the task list: an area, how far it has got and which questions are new."""

    step: Step
    status: str
    answered: int
    total: int
    new_questions: list


@dataclass(frozen=True)
class ReviewSection:
    step: Step
    rows: list  # ReviewRow per question
    importance: int | None  # as the firm gave it (None: not given)


@dataclass(frozen=True)
class ReviewRow:
    question: Question
    answer: Answer | None
    url: str  # the Change link: back to the review after saving


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
        """The questions of an area's step, with their driver and options loaded (two queries)."""
        questions = self.assessment.questions().filter(driver=step.driver)
        return list(questions.select_related("driver").prefetch_related("options"))

    def following(self, step):
        return self.steps[min(step.number, len(self.steps) - 1)]

    def landing_url(self):
        """Where a returning visitor lands: results once submitted, else the task list."""
        return self.url("results" if self.assessment.is_submitted else "tasks")

    def tasks(self):
        """A Task per area, in order."""
        new = self.new_question_ids()
        tasks = []
        for step in self.areas:
            own = [q for q in self.sheet.questions if q.driver_id == step.driver.pk]
            answered = sum(1 for q in own if q.pk in self.sheet.answers)
            status = COMPLETED if answered == len(own) else IN_PROGRESS if answered else NOT_STARTED
            fresh = [q for q in own if q.pk in new and q.pk not in self.sheet.answers]
            tasks.append(Task(step, status, answered, len(own), fresh))
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
        return [
            ReviewSection(
                step,
                [
                    ReviewRow(q, self.sheet.answer_to(q), f"{step.url}?return=review#q-{q.code}")
                    for q in self.sheet.questions
                    if q.driver_id == step.driver.pk
                ],
                self.assessment.importance.get(step.driver.code),
            )
            for step in self.areas
        ]


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
