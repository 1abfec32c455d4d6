"""What an assessment asks: its drivers, and its questions with their answers to choose from,
loaded once per request (the rows are read fresh, so an edit in the admin shows at once)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Asked:
    drivers: list  # Driver rows, in driver order
    questions: list  # Question rows with their driver and options loaded, in question order

    def questions_of(self, driver):
        return [q for q in self.questions if q.driver_id == driver.pk]


def asked(assessment):
    """The drivers and questions `assessment` asks, as assessment.drivers() and .questions() give them."""
    questions = assessment.questions().select_related("driver").prefetch_related("options")
    return Asked(list(assessment.drivers()), list(questions))
