"""gunicorn reads this file from the working directory: `gunicorn readiness.wsgi`.

Assessment links carry their token in the URL (so a firm can bookmark and share any page), and an
access log would keep every one of them: the logger class writes each access line with
/assessments/<token>/ replaced by /assessments/…/.
"""

logger_class = "readiness.logs.ScrubbedGunicornLogger"
accesslog = "-"
workers = 2
timeout = 30  # above REPORT_TIMEOUT, so a slow PDF is stopped by its own deadline first
# On a restart (HUP, or TERM for a deploy) each worker finishes the request it is serving before it
# exits: it is given longer than any request may take, so a save in flight is answered, never cut.
graceful_timeout = timeout + 5
# Web workers never render a PDF (a background worker does), so they grow little: a restart every
# few thousand requests is enough, and with the app preloaded a restart is a fork, not a ~0.7 s
# Django start that the requests queued behind it would wait for.
preload_app = True
max_requests = 5000
max_requests_jitter = 500
