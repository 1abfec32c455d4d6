"""The WSGI application. Web workers never render PDFs: a background task does (assessments/report/rendering.py),
in the `manage.py db_worker` process."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readiness.settings")

application = get_wsgi_application()
