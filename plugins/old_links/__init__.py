"""Pelican plugin: the old site's links keep working.

Every post whose front matter names its original address (`source.url`) gets a way
from that address to its archive page. At the end of the build (signal `finalized`)
this plugin writes, in the output:

- `redirects/<old host>/<old path>`: a redirect page per post, for a mirror that
  takes over the old domain: point that domain's document root at
  `redirects/<old host>/` and every old address serves a small page that sends the
  reader on (meta refresh, `<link rel="canonical">`, and a plain link; Dutch, no
  script). An old path without an extension is written twice, as
  `<path>/index.html` (what every static server serves for `/path/`, after its own
  redirect from `/path`) and as `<path>.html` (what hosts with "clean URLs" serve
  for `/path`: GitHub Pages, Netlify, Cloudflare Pages, nginx with
  `try_files $uri $uri.html $uri/`); a path ending in `.html` or `.htm` is written as
  it is; a path ending in `/`, or in another extension (`.php`), as
  `<path>/index.html`.
- `redirects/nginx.conf`: two `map`s from `$host$request_uri` and `$host$uri` to the
  archive address, to include in nginx's `http {}` block, used in the old domain's
  `server {}` block by `if ($archive_old_link) { return 301 $archive_old_link; }`.
- `redirects/apache.htaccess`: `RewriteRule`s with a `RewriteCond` on the host (and
  on the query string where the old address has one), for the old domain's
  document root (as `.htaccess`) or its `<VirtualHost>`.
- `_redirects` at the root of the output: Netlify's format, `/old/path /new 301`.
  Netlify serves one site, so the old host is dropped (a comment says so).

Query strings: the parameters that only say how the old page was shown or reached
(IGNORED_PARAMETERS: `page`, `xg_source`, `utm_*`, ...) are dropped. Other
parameters (`?id=...`, WordPress's `?p=123`) identify the page: those addresses go
into the nginx map (matched on the whole request URI) and the Apache rules (one
`RewriteCond %{QUERY_STRING}` per parameter), but get no redirect page (a static
server ignores the query string) and no Netlify line.

Targets are the archive page: relative to the redirect page in a relative build
(so `output/` works as it is; for a mirror of the old domain, build with
`make publish SITEURL=...`, since relative links cannot leave that domain), and
absolute when SITEURL is set. In the server maps a relative build can only give a
root-relative path (`/posts/...`): right when the archive is at the root of the
same server, and said at the top of each file.

Posts without `source.url`, and posts withdrawn on request (their old address
would name them), get nothing. Two posts with the same old address: the first by
slug wins and the build logs a warning. Output is sorted and does not depend on
the order of reading.

Settings: `OLD_LINKS_PATH` (default "redirects"; empty: nothing written),
`OLD_LINKS_NETLIFY` (default "_redirects"; empty: no Netlify file),
`OLD_LINKS_IGNORED_PARAMETERS` (default IGNORED_PARAMETERS; a name ending in `*` is
a prefix).
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, unquote_plus, urlsplit

from pelican import signals

logger = logging.getLogger(__name__)

DEFAULT_PATH = "redirects"
DEFAULT_NETLIFY = "_redirects"
IGNORED_PARAMETERS = (
    "page",
    "xg_source",
    "xgs",
    "xg_raw_resources",
    "commentId",
    "utm_*",
    "fbclid",
    "gclid",
    "replytocom",
)
PAGE_SUFFIXES = (".html", ".htm")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
_PATH_SAFE = "/:@!$&'()*+,;=-._~"

# The articles generator of each build in progress, by output path.
_generators: dict[str, object] = {}


@dataclass(frozen=True, order=True)
class OldLink:
    """An old address (host, decoded path, kept query) and the post it now is."""

    host: str
    path: str  # decoded, starts with "/"
    query: str  # the kept parameters as the old address wrote them, or ""
    slug: str
    target: str  # the archive page, relative to the output root
    title: str

    @property
    def raw_path(self) -> str:
        """The path percent-encoded, as a URL writes it."""
        return quote(self.path, safe=_PATH_SAFE)

    @property
    def parameters(self) -> list[str]:
        return self.query.split("&") if self.query else []


# -- signals ------------------------------------------------------------------------


def remember_articles(generator) -> None:
    _generators[str(generator.output_path)] = generator


def write_redirects(pelican) -> None:
    generator = _generators.pop(str(pelican.output_path), None)
    settings = pelican.settings
    folder = settings.get("OLD_LINKS_PATH", DEFAULT_PATH)
    if generator is None or not folder:
        return
    ignored = settings.get("OLD_LINKS_IGNORED_PARAMETERS", IGNORED_PARAMETERS)
    links = old_links(generator.articles, ignored)
    output = Path(pelican.output_path)
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    write_pages(output, folder, links, siteurl)
    _write(output / folder / "nginx.conf", nginx_conf(links, siteurl))
    _write(output / folder / "apache.htaccess", apache_htaccess(links, siteurl))
    netlify = settings.get("OLD_LINKS_NETLIFY", DEFAULT_NETLIFY)
    if netlify:
        _write(output / netlify, netlify_redirects(links, siteurl))


def register():
    signals.article_generator_finalized.connect(remember_articles)
    signals.finalized.connect(write_redirects)


# -- old addresses ------------------------------------------------------------------


def old_links(articles, ignored=IGNORED_PARAMETERS) -> list[OldLink]:
    """One OldLink per old address, sorted; the first post by slug wins a clash."""
    found: dict[tuple[str, str, str], OldLink] = {}
    for article in sorted(articles, key=lambda a: a.slug):
        if getattr(article, "withdrawn", False):
            continue
        url = (getattr(article, "source", None) or {}).get("url")
        if not url:
            continue
        parsed = parse_old_url(url, ignored)
        if parsed is None:
            logger.warning("old_links: %s: cannot redirect from %r", article.slug, url)
            continue
        key = parsed
        if key in found:
            logger.warning(
                "old_links: %s and %s have the same old address %s; %s keeps it",
                found[key].slug,
                article.slug,
                url,
                found[key].slug,
            )
            continue
        found[key] = OldLink(*key, article.slug, article.url, " ".join(article.title.split()))
    return sorted(found.values())


def parse_old_url(url: str, ignored=IGNORED_PARAMETERS) -> tuple[str, str, str] | None:
    """(host, decoded path, kept query) of an old address; None if it is unusable."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".").encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        return None
    if parts.scheme not in ("http", "https") or not _HOST.match(host):
        return None
    path = re.sub("/+", "/", "/" + unquote(parts.path))
    if any(segment in (".", "..") for segment in path.split("/")):
        return None
    if "\\" in path or any(ord(character) < 32 or character == "\x7f" for character in path):
        return None
    kept = [
        parameter
        for parameter in parts.query.split("&")
        if parameter and not _ignored(unquote_plus(parameter.split("=", 1)[0]), ignored)
    ]
    return host, path, "&".join(kept)


def _ignored(name: str, ignored) -> bool:
    return any(
        name.startswith(pattern[:-1]) if pattern.endswith("*") else name == pattern
        for pattern in ignored
    )


def archive_url(link: OldLink, siteurl: str) -> str:
    """The archive page for the server maps: absolute, or root-relative without SITEURL."""
    return f"{siteurl}/{link.target}" if siteurl else f"/{link.target}"


# -- redirect pages -----------------------------------------------------------------


def page_files(link: OldLink) -> list[tuple[str, bool]]:
    """The files of a redirect page under its host folder, each with whether it is the
    address itself (True) or a convenience for clean-URL hosts (False)."""
    path = link.path.lstrip("/")
    if not path or path.endswith("/"):
        return [(f"{path}index.html", True)]
    if path.lower().endswith(PAGE_SUFFIXES):
        return [(path, True)]
    if _has_extension(path):
        return [(f"{path}/index.html", True)]
    return [(f"{path}/index.html", True), (f"{path}.html", False)]


def _has_extension(path: str) -> bool:
    """True for `/index.php`, `/a/b.html`: a file name, never written with a slash."""
    return "." in path.rstrip("/").rsplit("/", 1)[-1]


def write_pages(output: Path, folder: str, links: list[OldLink], siteurl: str) -> None:
    files: dict[str, tuple[bool, OldLink]] = {}
    for link in links:
        if link.query:
            continue
        for name, exact in page_files(link):
            location = f"{folder}/{link.host}/{name}"
            if location not in files or (exact and not files[location][0]):
                files[location] = (exact, link)
    for location in sorted(files):
        link = files[location][1]
        if siteurl:
            href = f"{siteurl}/{link.target}"
        else:
            href = posixpath.relpath(link.target, posixpath.dirname(location))
        _write(output / location, redirect_page(href, link.title))


def redirect_page(href: str, title: str) -> str:
    url = html.escape(quote(href, safe=_PATH_SAFE + "#%?"), quote=True)
    name = html.escape(title, quote=False)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nl">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{name}: verhuisd naar het archief</title>\n"
        f'<link rel="canonical" href="{url}">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        "</head>\n"
        "<body>\n"
        f'<p>Deze pagina is verhuisd naar het archief: <a href="{url}">{name}</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


# -- server maps --------------------------------------------------------------------


def _header(siteurl: str, comment: str = "#") -> str:
    if siteurl:
        where = f"The targets are absolute: the archive is at {siteurl}/."
    else:
        where = (
            "This build has no SITEURL, so the targets are root-relative (/posts/...): right\n"
            f"{comment} only when the archive is at the root of the same server. Build with\n"
            f"{comment} `make publish SITEURL=...` for absolute targets."
        )
    return (
        f"{comment} Old links of the archive: each post's original address (source.url) to\n"
        f"{comment} its archive page. Written by the old_links plugin at every build; do not\n"
        f'{comment} edit (docs/content-format.md, "Open data and old links").\n'
        f"{comment} {where}\n"
    )


def _nginx_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_conf(links: list[OldLink], siteurl: str) -> str:
    """Two maps: whole request URIs (with a kept query) first, then paths (any query)."""
    with_query = [link for link in links if link.query]
    plain = [link for link in links if not link.query]
    lines = [
        _header(siteurl),
        "# Include this file in the http {} block, and in the server {} block that answers",
        "# for the old domains:",
        "#",
        "#     if ($archive_old_link) { return 301 $archive_old_link; }",
        "#",
        "# An address with a query string (?p=123) is matched on the whole request URI,",
        "# query included, as the old site wrote it; every other old address on its path,",
        "# whatever the query (?page=2, ?xg_source=...). Both with and without a trailing",
        "# slash.",
        "# Keys longer than nginx's default hash bucket need a bigger one: remove this line",
        "# if the http {} block already sets map_hash_bucket_size (at least as big).",
        f"map_hash_bucket_size {_bucket_size(links)};",
        "",
        "map $host$request_uri $archive_old_link {",
        "    default $archive_old_link_path;",
    ]
    for link in with_query:
        key = f"{link.host}{link.raw_path}?{link.query}"
        target = archive_url(link, siteurl)
        lines.append(f"    {_nginx_string(key)} {_nginx_string(target)};")
    lines += ["}", "", "map $host$uri $archive_old_link_path {", '    default "";']
    for link in plain:
        target = archive_url(link, siteurl)
        for path in _slash_variants(link.path):
            lines.append(f"    {_nginx_string(link.host + path)} {_nginx_string(target)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _bucket_size(links: list[OldLink]) -> int:
    """A power of two that holds the longest key (UTF-8 bytes) with nginx's overhead."""
    longest = max(
        (len(f"{link.host}{link.raw_path}?{link.query}/".encode()) for link in links),
        default=0,
    )
    longest = max(longest, *(len(f"{link.host}{link.path}/".encode()) for link in links), 0)
    size = 64
    while size < longest + 32:
        size *= 2
    return size


def _slash_variants(path: str) -> list[str]:
    if path == "/" or (_has_extension(path) and not path.endswith("/")):
        return [path]
    bare = path.rstrip("/")
    return [bare, bare + "/"]


def _apache_regex(text: str) -> str:
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", text)


def _apache_argument(text: str) -> str:
    return f'"{text}"' if re.search(r'[\s"]', text) else text


def apache_htaccess(links: list[OldLink], siteurl: str) -> str:
    lines = [
        _header(siteurl),
        "# Copy this file to the old domain's document root as .htaccess, or put its",
        "# lines in the old domain's <VirtualHost>; mod_rewrite must be on. The patterns",
        "# work in both (an optional leading slash). An old address with a query string",
        "# matches when each of its parameters is there, in any order; every other",
        "# address matches whatever the query, which is dropped (QSD).",
        "",
        "RewriteEngine On",
    ]
    host = None
    for link in sorted(links, key=lambda link: (link.host, link.path, not link.query, link.query)):
        if link.host != host:
            host = link.host
            lines += ["", f"# {host}"]
        lines.append(f"RewriteCond %{{HTTP_HOST}} ^{_apache_regex(host)}(:[0-9]+)?$ [NC]")
        for parameter in link.parameters:
            pattern = f"(^|&){_apache_regex(parameter)}(&|$)"
            lines.append(f"RewriteCond %{{QUERY_STRING}} {_apache_argument(pattern)}")
        path = link.path.strip("/")
        if not path or _has_extension(link.path):
            pattern = f"^/?{_apache_regex(link.path.lstrip('/'))}$"
        else:
            pattern = f"^/?{_apache_regex(path)}/?$"
        target = archive_url(link, siteurl)
        lines.append(f"RewriteRule {_apache_argument(pattern)} {target} [R=301,L,QSD]")
    return "\n".join(lines) + "\n"


def netlify_redirects(links: list[OldLink], siteurl: str) -> str:
    lines = [
        _header(siteurl),
        "# Netlify's format: old path, archive page, status. Netlify serves one site, so",
        "# the old host is left out: a path is redirected on every domain that points at",
        "# this site (add the old domain to the site). Old addresses with a query string",
        "# are only in redirects/nginx.conf and redirects/apache.htaccess.",
        "",
    ]
    taken: dict[str, OldLink] = {}
    skipped = []
    for link in links:
        if link.query:
            skipped.append(f"# not here (query string): {link.host}{link.raw_path}?{link.query}")
            continue
        if link.raw_path in taken:
            first = taken[link.raw_path]
            skipped.append(f"# not here (path also on {first.host}): {link.host}{link.raw_path}")
            continue
        taken[link.raw_path] = link
        lines.append(f"{link.raw_path}  {archive_url(link, siteurl)}  301")
    if skipped:
        lines += ["", *skipped]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)
