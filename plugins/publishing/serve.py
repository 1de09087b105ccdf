"""Serve a built site under a path prefix on 127.0.0.1, as a host would under a subpath.

``/some/deep/path/index.html`` is ``FOLDER/index.html``; any address outside the
prefix answers 404, so a link that escapes the prefix is found, not forgiven. Used by
the link check (``linkcheck.py``) and the tests.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


class PrefixHandler(SimpleHTTPRequestHandler):
    """Serves ``directory`` at ``prefix`` (which starts and ends with "/")."""

    def __init__(self, *args, prefix: str = "/", **kwargs) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def send_head(self):
        if not urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(404, f"outside {self.prefix}")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        parts = urlsplit(path)
        inside = parts.path[len(self.prefix) - 1 :] if parts.path.startswith(self.prefix) else "/"
        return super().translate_path(inside)

    def end_headers(self) -> None:
        # LinkChecker waits 0.1-0.6 s between requests to a host unless the host
        # answers with this header; this is our own server, for a link check.
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()

    def log_message(self, format, *args) -> None:
        pass


def normalise_prefix(prefix: str) -> str:
    return "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"


def make_server(folder: str | Path, prefix: str = "/", port: int = 0) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1:port (0: any free port), not yet serving."""
    handler = partial(
        PrefixHandler, directory=str(Path(folder).resolve()), prefix=normalise_prefix(prefix)
    )
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def base_url(server: ThreadingHTTPServer, prefix: str = "/") -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}{normalise_prefix(prefix)}"


@contextlib.contextmanager
def serving(server: ThreadingHTTPServer) -> Iterator[ThreadingHTTPServer]:
    """Serve in a thread for the duration of the block, then shut down."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
