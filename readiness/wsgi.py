"""The WSGI application. Each web worker that imports it starts its PDF child process at once, so
no visitor waits for WeasyPrint to load."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readiness.settings")

application = get_wsgi_application()

from assessments import pdf_worker  # noqa: E402  (needs the settings loaded above)

pdf_worker.prestart()
