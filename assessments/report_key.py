"""What a firm's PDF depends on, named without building its report, so a cached PDF can be served
in a few milliseconds and is re-rendered only when something it shows has changed:

- the assessment's submit (its answers and profile are frozen from then on) and its version;
- the content revision: a token replaced whenever a driver, questionnaire, question, answer,
  recommendation or programme is saved or deleted — the admin, the pack loader and versioning
  all save rows one by one, so every edit reaches it (a raw `QuerySet.update()` would not);
- the peer-cell revision of the firm's group (peers.revision);
- the template revision: the report's templates, stylesheet, translations and the modules that
  shape it, hashed once per process (they change only with a deploy);
- the language.

The content token lives in the cache: a shared cache (Redis) with several servers. If it is ever
evicted a new token is drawn, which only costs one re-render per PDF.
"""

import hashlib
import secrets
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

from . import peers

CONTENT_KEY = "report-content-revision"
APP = Path(__file__).resolve().parent
SHAPING_MODULES = ["report.py", "advice.py", "charts.py", "scoring.py", "benchmarks.py", "pdf.py", "rich_text.py",
                   "templatetags/readiness.py"]  # fmt: skip


def content_revision():
    return cache.get_or_set(CONTENT_KEY, secrets.token_hex(8), timeout=None)


def content_changed(**kwargs):
    cache.set(CONTENT_KEY, secrets.token_hex(8), timeout=None)


def watch_content():
    """Connects content_changed to every content model (called once, from AppConfig.ready)."""
    from .models import Driver, Option, Programme, Question, Questionnaire, Recommendation

    for model in (Driver, Option, Programme, Question, Questionnaire, Recommendation):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"report-content-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"report-content-del-{model.__name__}")
    for through in (Programme.drivers.through, Recommendation.programmes.through):
        m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"report-content-{through.__name__}")


@lru_cache(maxsize=1)
def template_revision():
    base = Path(settings.BASE_DIR)
    files = sorted((base / "templates" / "report").rglob("*.html"))
    files += [base / "static" / "css" / "report.css", *sorted((base / "locale").rglob("*.mo"))]
    files += [APP / name for name in SHAPING_MODULES]
    digest = hashlib.sha256()
    for path in files:
        if path.exists():
            digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def pdf_key(assessment):
    """The cache key of this assessment's PDF as it would be rendered now: one small query."""
    submitted = assessment.submitted_at.timestamp() if assessment.submitted_at else "-"
    parts = [
        assessment.pk,
        submitted,
        assessment.questionnaire_id,
        translation.get_language(),
        content_revision(),
        template_revision(),
        peers.revision(assessment),
    ]
    return "report-pdf-for:" + ":".join(str(p) for p in parts)
