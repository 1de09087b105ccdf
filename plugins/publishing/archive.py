"""Pack a built site into a reproducible tarball with its checksum file.

    python -m plugins.publishing.archive [OUTPUT] [--dist dist] [--name archive-{date}]

writes ``dist/archive-YYYY-MM-DD.tar.gz`` and ``dist/archive-YYYY-MM-DD.tar.gz.sha256``
(``sha256sum`` format, so ``cd dist && sha256sum -c archive-*.sha256`` checks it).
``{date}`` in the name is today's date (or ``--date``). What `make publish` runs.

The same site gives the same bytes, whoever packs it and whenever: the entries are
sorted by path, under one folder (``--root``, default ``archive``, so unpacking
makes ``archive/``), with owner and group 0 and no names, modes 0644 for files and
0755 for folders, and every time stamp set to ``SOURCE_DATE_EPOCH`` (``--mtime``;
0 when neither is given); the gzip header has no file name and no time. The date in
the tarball's name is not in its bytes.

The site must have its ``SHA256SUMS`` (written by every build), so that an unpacked
copy can be checked with ``python -m importer verify archive``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import os
import sys
import tarfile
from pathlib import Path

SUMS_NAME = "SHA256SUMS"
DEFAULT_NAME = "archive-{date}"
DEFAULT_ROOT = "archive"


def default_mtime() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value else 0


def archive_entries(folder: Path) -> list[str]:
    """Every folder and file under ``folder``: relative POSIX paths, sorted."""
    entries = []
    for directory, subdirectories, files in os.walk(folder):
        relative = Path(directory).relative_to(folder)
        entries += [(relative / name).as_posix() for name in subdirectories + files]
    return sorted(entries)


def _normalised(info: tarfile.TarInfo, mtime: int) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mtime = mtime
    info.mode = 0o755 if info.isdir() else 0o644
    info.pax_headers = {}
    return info


def write_tarball(folder: str | Path, target: str | Path, root: str, mtime: int) -> Path:
    """Pack ``folder`` into ``target`` (.tar.gz) under ``root/``; return ``target``."""
    folder = Path(folder)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with (
        open(partial, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as packed,
        tarfile.open(fileobj=packed, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        top = tarfile.TarInfo(root)
        top.type = tarfile.DIRTYPE
        tar.addfile(_normalised(top, mtime))
        for relative in archive_entries(folder):
            path = folder / relative
            info = tarfile.TarInfo(f"{root}/{relative}")
            if path.is_dir():
                info.type = tarfile.DIRTYPE
                tar.addfile(_normalised(info, mtime))
            elif path.is_file():
                # A symbolic link is packed as what it points at, as a host serves it.
                info.size = path.stat().st_size
                with open(path, "rb") as stream:
                    tar.addfile(_normalised(info, mtime), stream)
            else:
                raise ValueError(f"{path}: not a file or a folder, cannot be archived")
    os.replace(partial, target)
    return target


def write_checksum_file(tarball: Path) -> Path:
    digest = hashlib.sha256()
    with open(tarball, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    sums = tarball.with_name(tarball.name + ".sha256")
    sums.write_text(f"{digest.hexdigest()}  {tarball.name}\n", encoding="utf-8", newline="\n")
    return sums


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m plugins.publishing.archive", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("folder", nargs="?", default="output", help="the built site")
    parser.add_argument("--dist", default="dist", help="where to write (default: dist)")
    parser.add_argument(
        "--name",
        default=DEFAULT_NAME,
        help="the tarball's name without .tar.gz; {date} is the date (default: %(default)s)",
    )
    parser.add_argument("--date", help="the date for {date}, YYYY-MM-DD (default: today)")
    parser.add_argument(
        "--root", default=DEFAULT_ROOT, help="the folder inside the tarball (default: archive)"
    )
    parser.add_argument(
        "--mtime",
        type=int,
        default=None,
        help="time stamp of every entry, in seconds since 1970 "
        "(default: SOURCE_DATE_EPOCH, else 0)",
    )
    arguments = parser.parse_args(argv)
    folder = Path(arguments.folder)
    if not (folder / SUMS_NAME).is_file():
        print(
            f"error: {folder}/{SUMS_NAME} not found: build the site first (make publish); "
            "a copy without its checksums cannot be verified",
            file=sys.stderr,
        )
        return 2
    date = arguments.date or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        parser.error(f"--date {date!r} is not YYYY-MM-DD")
    name = arguments.name.format(date=date)
    if not name or "/" in name or name.startswith("."):
        parser.error(f"--name {arguments.name!r} gives {name!r}, not a file name")
    root = arguments.root.strip("/")
    if not root or "/" in root or root in (".", ".."):
        parser.error(f"--root {arguments.root!r} must be one folder name")
    mtime = default_mtime() if arguments.mtime is None else arguments.mtime
    tarball = write_tarball(folder, Path(arguments.dist) / f"{name}.tar.gz", root, mtime)
    sums = write_checksum_file(tarball)
    print(f"{tarball} ({tarball.stat().st_size} bytes)\n{sums}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
