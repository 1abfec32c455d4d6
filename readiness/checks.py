"""System checks of what a deploy needs beyond settings: the compiled Welsh catalogue.

Without an up-to-date django.mo, Welsh pages quietly show English interface text: `manage.py check
--deploy` (run before every deploy) says so instead; `make run` compiles it.
"""

import subprocess
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


def catalogues(locale_dir):
    """(.po, .mo) of each language's django catalogue under a LOCALE_PATHS folder."""
    return [(po, po.with_suffix(".mo")) for po in sorted(Path(locale_dir).glob("*/LC_MESSAGES/django.po"))]


def compile_catalogue(locale_dir):
    """Compiles each catalogue whose .mo is missing or older than its .po (GNU gettext's msgfmt)."""
    for po, mo in catalogues(locale_dir):
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)  # noqa: S603, S607


@register(deploy=True)  # `check --deploy`, before every deploy; never in the way of makemigrations
def welsh_catalogue_compiled(app_configs, **kwargs):
    errors = []
    for locale_dir in settings.LOCALE_PATHS:
        for po, mo in catalogues(locale_dir):
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                errors.append(
                    Error(
                        f"{mo} is missing or older than {po.name}: its pages would show English.",
                        hint="Run `python manage.py compilemessages` (make run does).",
                        id="readiness.E001",
                    )
                )
    return errors
