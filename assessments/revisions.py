"""A short hash of the files that shape a cached page or PDF, so a deploy that changes them never
serves what the old code made (the stored PDFs' state key, the dashboard's cache key)."""

import hashlib
from pathlib import Path


def files_revision(paths):
    """16 hex characters naming the names and contents of `paths` (missing files are skipped)."""
    digest = hashlib.sha256()
    for path in map(Path, paths):
        if path.exists():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
