"""gunicorn reads this file from the working directory: `gunicorn readiness.wsgi`.

Assessment links carry their token in the URL (so a firm can bookmark and share any page), and an
access log would keep every one of them: the logger class writes each access line with
/assessments/<token>/ replaced by /assessments/…/.
"""

logger_class = "readiness.logs.ScrubbedGunicornLogger"
accesslog = "-"
workers = 2
timeout = 30  # above REPORT_TIMEOUT, so a slow PDF is stopped by its own deadline first
max_requests = 500
max_requests_jitter = 50
