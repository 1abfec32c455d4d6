"""What a stored PDF depends on, as one key computed without building the report.

A report shows the assessment's answers (fixed once submitted), the content of its questionnaire
version, the peer figures, and the templates and stylesheet that lay it out. The key changes when
any of them can have: this module is the one place that rule lives.

- the assessment: its pk and submitted_at (a re-submission after a reopen would change it);
- content: for each content table the report reads, the number of rows and the newest updated_at
  (a count catches deletions, the timestamp edits; every save through the admin or the pack loader
  sets updated_at, a bare QuerySet.update() does not);
- peers: peers.revision(assessment), which the peer module keeps cheap;
- layout: a hash of the report templates, report.css and the code that builds the report, once per
  process;
- the language the report is written in.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.utils import translation

from ..insights import peers
from ..models import Driver, Option, Programme, Question, Recommendation
from ..revisions import files_revision

LAYOUT_FILES = ("css/report.css",)  # static files, found through the staticfiles finders
LAYOUT_CODE = ("charts.py", "builder.py", "parts.py")  # code that decides what the PDF prints


def state_key(assessment, language=None):
    """A 64-character key naming everything one assessment's PDF shows; equal keys, equal PDFs."""
    parts = [
        f"assessment:{assessment.pk}:{assessment.submitted_at.isoformat() if assessment.submitted_at else '-'}",
        f"content:{content_revision(assessment.questionnaire)}",
        f"peers:{peers.revision(assessment)}",
        f"layout:{layout_revision()}",
        f"language:{language or translation.get_language()}",
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def content_revision(questionnaire):
    """Row counts and newest edits of the content one questionnaire version's report reads, in one
    query (it runs on every download and every journey page, so it stays one round trip). The
    journey's questions held in each process (asked.py) are loaded again when it changes."""
    quote = connection.ops.quote_name
    question = quote(Question._meta.db_table)
    tables = [
        (Driver, "", ()),
        (Programme, "", ()),
        (Question, "WHERE questionnaire_id = %s", (questionnaire.pk,)),
        (Recommendation, "WHERE questionnaire_id = %s", (questionnaire.pk,)),
        (Option, f"WHERE question_id IN (SELECT id FROM {question} WHERE questionnaire_id = %s)", (questionnaire.pk,)),  # noqa: S608
    ]
    columns, params = [], []
    for model, where, values in tables:
        table = quote(model._meta.db_table)
        columns += [f"(SELECT COUNT(*) FROM {table} {where})", f"(SELECT MAX(updated_at) FROM {table} {where})"]  # noqa: S608
        params += [*values, *values]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)  # noqa: S608  (table names from the models)
        row = cursor.fetchone()
    return f"v{questionnaire.version}:" + ",".join(f"{n}@{last}" for n, last in zip(row[::2], row[1::2], strict=True))


@lru_cache(maxsize=1)
def layout_revision():
    """A hash of the report templates, the print stylesheet and the report code: a deploy that
    changes how the report looks re-renders every PDF on its next request."""
    app = Path(__file__).resolve().parent
    templates = sorted((Path(settings.BASE_DIR) / "templates" / "report").glob("*.html"))
    return files_revision([*templates, *(finders.find(name) for name in LAYOUT_FILES), *(app / n for n in LAYOUT_CODE)])
