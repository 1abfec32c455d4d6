"""Settings for `make mutation`: each mutmut worker gets its own in-memory SQLite test database.

The tests' usual file database (readiness/settings.py) would be shared by the workers that run
side by side, and one worker's setup would wreck another's run. The tests mutmut runs need no
second thread, so an in-memory database is enough.
"""

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
