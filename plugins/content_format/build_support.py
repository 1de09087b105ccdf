"""What the build's plugins share beyond the content format: writing a file whole,
and how many worker processes to use."""

from __future__ import annotations

import os
from pathlib import Path


def write_whole(path: Path, data: bytes) -> None:
    """Write through a temporary file beside it: a build stopped halfway leaves the old
    file or the new one, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def worker_count(settings, name: str) -> int:
    """The setting `name` if set, else one per CPU this process may run on."""
    if settings.get(name):
        return max(1, int(settings[name]))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
