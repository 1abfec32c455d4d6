"""Keeps assessment tokens out of every log: Django's (errors, runserver) and gunicorn's access log.

A token in a URL is the firm's key to its answers; logs are read by more people, kept longer and
copied further than the database, so each line is scrubbed before it is written.
"""

import logging
import re

from gunicorn.glogging import Logger

# A token is 43 URL-safe characters; anything of 20 or more in that place is treated as one.
TOKEN_SEGMENT = re.compile(r"(/assessments/)[A-Za-z0-9_-]{20,}(?=[/?#\s\"']|$)")


def scrub_tokens(text):
    return TOKEN_SEGMENT.sub(r"\1…", text)


class ScrubTokens(logging.Filter):
    """A logging filter: the record's message (and traceback text) with tokens replaced by …."""

    def filter(self, record):
        record.msg = scrub_tokens(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub_tokens(logging.Formatter().formatException(record.exc_info))
        if getattr(record, "request", None) is not None:
            record.request = None  # formatters that print the request would print its path
        return True


class ScrubbedGunicornLogger(Logger):
    """gunicorn's logger with every access-log field scrubbed (request line, path, referer, …),
    and its error log too ("Error handling request /assessments/<token>/…")."""

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(ScrubTokens())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: scrub_tokens(value) if isinstance(value, str) else value for key, value in atoms.items()}
