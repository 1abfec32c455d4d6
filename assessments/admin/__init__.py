"""The staff side: content editors own the questionnaire and catalogue, analysts read and export."""

from . import catalogue, questionnaire, responses  # noqa: F401  (each registers its ModelAdmins)
