"""Check every internal link of a built site with LinkChecker, offline.

    python -m plugins.publishing.linkcheck [OUTPUT]      (what `make linkcheck` runs)

The folder (default ``output``) is served on 127.0.0.1 under a deep path prefix
(``serve.py``), so that a link that leaves the site's folder is a 404 like on a
host under a subpath, and LinkChecker (https://linkchecker.github.io/linkchecker/)
starts from every HTML page of the folder, so that a page no other page links to
is checked too. Its settings are in ``linkcheckerrc`` beside this file: links to
other sites and ``mailto:`` are not followed (nothing goes to the network), and
every ``#anchor`` must exist in its page (LinkChecker's AnchorCheck plugin). A
broken link or a missing anchor is reported with the page it is on, and the exit
status is LinkChecker's: 0 when every link works, 1 when one does not, 2 when it
could not check.
"""

from __future__ import annotations

import argparse
import configparser
import importlib.util
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from .serve import base_url, make_server, serving

CONFIG = Path(__file__).resolve().parent / "linkcheckerrc"
PREFIX = "/linkcheck/under/a/deep/path/"


def page_urls(folder: Path, root_url: str) -> list[str]:
    """The URL of every HTML page of the folder, index.html first."""
    pages = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html"))
    pages.sort(key=lambda page: page != "index.html")
    return [root_url + quote(page) for page in pages]


def check_links(folder: str | Path, extra_arguments: list[str] | None = None) -> int:
    folder = Path(folder)
    if not (folder / "index.html").is_file():
        print(
            f"error: {folder}/index.html not found: build the site first (make html)",
            file=sys.stderr,
        )
        return 2
    if importlib.util.find_spec("linkcheck") is None:
        print("error: the link check needs LinkChecker: pip install LinkChecker", file=sys.stderr)
        return 2
    server = make_server(folder, PREFIX)
    root = base_url(server, PREFIX)
    urls = page_urls(folder, root)
    print(f"Checking the links of {len(urls)} pages of {folder}/, served at {root}", flush=True)
    with tempfile.TemporaryDirectory() as scratch, serving(server):
        config = Path(scratch) / "linkcheckerrc"
        config.write_text(config_for(root), encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "linkcheck",
            "--config",
            str(config),
            "--no-status",
            "--stdin",
            *(extra_arguments or []),
        ]
        result = subprocess.run(command, input="\n".join(urls) + "\n", text=True, check=False)
    return result.returncode


def config_for(root: str) -> str:
    """linkcheckerrc, plus: the whole server is internal (not only the start pages'
    folders, LinkChecker's default), so a link that escapes the prefix is followed
    and fails, instead of being skipped as a link to another site."""
    host = re.match(r"https?://[^/]+/", root).group(0)
    config = configparser.RawConfigParser()
    config.read(CONFIG, encoding="utf-8")
    if not config.has_section("filtering"):
        config.add_section("filtering")
    config.set("filtering", "internlinks", "^" + re.escape(host))
    text = io.StringIO()
    config.write(text)
    return text.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m plugins.publishing.linkcheck", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("folder", nargs="?", default="output", help="the built site")
    parser.add_argument(
        "linkchecker_arguments",
        nargs=argparse.REMAINDER,
        help="passed on to linkchecker (after --)",
    )
    arguments = parser.parse_args(argv)
    extra = [a for a in arguments.linkchecker_arguments if a != "--"]
    return check_links(arguments.folder, extra)


if __name__ == "__main__":
    sys.exit(main())
