"""The project's one settings file, loaded as a developer's machine loads it: DEBUG set explicitly.

The settings refuse to load without DEBUG (so production never falls back to development
defaults); the tests say "development" here rather than in every command that runs them.
"""

import os

os.environ.setdefault("DEBUG", "true")

from readiness.settings import *  # noqa: E402, F403
