#!/usr/bin/env bash
# `make run`: the web server and the background worker that renders PDFs, together, so no other
# server is needed (tasks wait in the database). Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
.venv/bin/python manage.py worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
.venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
