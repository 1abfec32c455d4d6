"""What an assessment asks (its drivers, and its questions with their answers to choose from),
kept in each process and reloaded whenever the content changes.

Loading them was half of an area page's queries and most of its time in the ORM, though they change
only when staff edit content. Staff expect an edit to show at once, so every lookup first reads
report_state.content_revision (one small query, the same rule that re-renders a stored PDF after an
edit) and loads again when it has moved. The rows are shared between requests: read them, never
change them.
"""

from dataclasses import dataclass

from ..report.state import content_revision


@dataclass(frozen=True)
class Asked:
    drivers: list  # Driver rows, in driver order
    questions: list  # Question rows with their driver and options loaded, in question order

    def questions_of(self, driver):
        return [q for q in self.questions if q.driver_id == driver.pk]


_loaded = {}  # (questionnaire id, mode) -> (content revision, Asked)


def asked(assessment):
    """The drivers and questions `assessment` asks, as assessment.drivers() and .questions() give them."""
    key = (assessment.questionnaire_id, assessment.mode)
    # The revision is read before the rows: an edit landing between the two reads is then loaded
    # again next time, rather than its old rows being kept under its new revision.
    revision = content_revision(assessment.questionnaire)
    held = _loaded.get(key)
    if held is None or held[0] != revision:
        questions = assessment.questions().select_related("driver").prefetch_related("options")
        held = (revision, Asked(list(assessment.drivers()), list(questions)))
        _loaded[key] = held
    return held[1]
