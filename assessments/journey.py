"""The steps of one assessment: profile, one page per driver, review."""

from dataclasses import dataclass

from django.utils.translation import gettext

from .models import Answer, Driver, Question, assessment_url


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    url: str
    driver: Driver | None = None


class Journey:
    def __init__(self, assessment, token):
        self.assessment, self.token = assessment, token
        self._steps = None

    @property
    def steps(self):
        if self._steps is None:
            drivers = Driver.objects.filter(questions__questionnaire=self.assessment.questionnaire).distinct()
            self._steps = [
                Step(1, gettext("Your business"), assessment_url("profile", self.token)),
                *(
                    Step(i, d.name, assessment_url("driver", self.token, driver=d.code), d)
                    for i, d in enumerate(drivers, start=2)
                ),
            ]
            review = Step(len(self._steps) + 1, gettext("Review and submit"), assessment_url("review", self.token))
            self._steps.append(review)
        return self._steps

    @property
    def total(self):
        return len(self.steps)

    def step_for(self, driver_code):
        return next((s for s in self.steps if s.driver and s.driver.code == driver_code), None)

    def previous(self, step):
        return self.steps[max(step.number - 2, 0)]

    def following(self, step):
        return self.steps[min(step.number, self.total - 1)]

    def next_url(self):
        """Where a returning visitor picks up: results if submitted, else the first unfinished page."""
        if self.assessment.is_submitted:
            return assessment_url("results", self.token)
        answered = set(Answer.objects.filter(assessment=self.assessment).values_list("question__driver_id", flat=True))
        for step in self.steps[1:-1]:
            if step.driver.pk not in answered:
                return step.url
        return self.steps[-1].url

    def review_sections(self):
        """Per driver page: its step, the questions still unanswered and the importance given."""
        answered = set(Answer.objects.filter(assessment=self.assessment).values_list("question_id", flat=True))
        questions = Question.objects.filter(questionnaire=self.assessment.questionnaire).select_related("driver")
        sections = []
        for step in self.steps[1:-1]:
            own = [q for q in questions if q.driver_id == step.driver.pk]
            sections.append(
                {
                    "step": step,
                    "total": len(own),
                    "unanswered": [q for q in own if q.pk not in answered],
                    "importance": self.assessment.importance.get(step.driver.code),
                }
            )
        return sections
