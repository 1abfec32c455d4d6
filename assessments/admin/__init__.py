"""The staff side: content editors own the questionnaire versions and the catalogue; analysts read
and export responses (the dashboard itself is the insights wing's); superusers and organisations'
leads manage adviser organisations and their advisers (the workspace itself is the advisers wing's).

Entry points: the ModelAdmins (`advisers`, `catalogue`, `questionnaire`, `responses`), `views` (respondent
preview, pack import/export, the Welsh texts out to a translator and back, responses export), `versions`
(draft → published → retired), `welsh` (each version's Welsh completeness and review, side by side).
The version lock is the models' rule (`models/questionnaire.py`); `locks` only shows it.
"""

from . import advisers, catalogue, questionnaire, responses  # noqa: F401  (each registers its ModelAdmins)
