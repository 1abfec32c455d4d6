"""Small row factories for tests: each makes the least that a test needs."""

from decimal import Decimal

from django.contrib.staticfiles.storage import StaticFilesStorage
from django.utils import timezone

from assessments.content_pack import apply_pack, default_packs
from assessments.models import Answer, Assessment, Driver, Option, Question, Questionnaire

_PACK = None


def load_default_content():
    global _PACK
    if _PACK is None:
        _PACK = default_packs()[-1]
    apply_pack(_PACK)


def make_driver(code="safety", name=None, order=1):
    return Driver.objects.create(code=code, name=name or code.title(), summary=f"About {code}.", order=order)


def make_questionnaire(version=1, status=Questionnaire.Status.PUBLISHED):
    return Questionnaire.objects.create(
        version=version, title=f"Version {version}", status=status, published_at=timezone.now()
    )


def make_question(questionnaire, driver, code, weight=1, order=0):
    """A question with scored levels 0–4 plus don't know and not relevant."""
    question = Question.objects.create(
        questionnaire=questionnaire,
        driver=driver,
        code=code,
        text=f"Question {code}?",
        weight=Decimal(weight),
        order=order,
    )
    for level in range(5):
        Option.objects.create(question=question, label=f"{code} level {level}", level=level, order=level)
    Option.objects.create(question=question, label="Don't know", kind=Option.Kind.DONT_KNOW, order=5)
    Option.objects.create(question=question, label="Not relevant", kind=Option.Kind.NOT_RELEVANT, order=6)
    return question


def make_assessment(questionnaire=None, **profile):
    """Returns (assessment, token)."""
    values = {"company_name": "Test Fabrications Ltd", "sector": "25", "size_band": "small", "region": "north-west"}
    assessment = Assessment(questionnaire=questionnaire or Questionnaire.objects.current(), **{**values, **profile})
    token = assessment.issue_token()
    assessment.save()
    return assessment, token


def option(question, level=None, kind="scored"):
    if kind == "scored":
        return question.options.get(kind="scored", level=level)
    return question.options.get(kind=kind)


def answer(assessment, question, level=None, kind="scored"):
    return Answer.objects.create(assessment=assessment, question=question, option=option(question, level, kind))


def answer_all(assessment, level=2):
    for question in assessment.questionnaire.questions.all():
        answer(assessment, question, level)


def page_data(questions, level=2, action="next", importance=3):
    """The POST body of a driver page answering every question at one level."""
    data = {f"q-{q.code}": option(q, level).pk for q in questions}
    return {**data, "action": action, "importance": importance}


class HashedNamesStorage(StaticFilesStorage):
    """Stands in for the production manifest storage, whose URLs carry a content hash."""

    def url(self, name):
        stem, dot, ext = name.rpartition(".")
        return super().url(f"{stem}.0123456789ab{dot}{ext}")


def make_small_questionnaire(version=1, areas=("safety", "supply"), per_area=3, quick=1):
    """A published version asking `per_area` questions in each area; the first `quick` of each are in
    the quick check. Drivers are made when missing. Returns the questionnaire."""
    questionnaire = make_questionnaire(version)
    for order, code in enumerate(areas, start=1):
        driver = Driver.objects.filter(code=code).first() or make_driver(code, order=order)
        for i in range(1, per_area + 1):
            question = make_question(questionnaire, driver, f"{code}-{i:02d}", order=i)
            if i <= quick:
                Question.objects.filter(pk=question.pk).update(quick_check=True)
    return questionnaire
