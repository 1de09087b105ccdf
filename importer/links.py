"""Links and images in imported posts, pointed at the archive where it can.

- An image the capture holds (in the mirror or the WARC) is copied into
  `content/images/SLUG/` and the Markdown points at the copy (`{static}`).
  An image it lacks keeps its original URL and is listed in the report; the site
  shows such an image as a link, so no page ever loads anything from elsewhere.
- A link to a post that is in the archive points at the archived copy
  (`{filename}`, which Pelican resolves under any path).
- Other links to the dead site keep their URL, or go to the Wayback Machine when
  asked (`--wayback`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote

from importer.model import Post
from importer.urls import urljoin, urlsplit

_IMAGE = re.compile(r"!\[(?P<text>(?:\\.|[^\]\\])*)\]\((?P<url>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)")
_LINK = re.compile(
    r"(?<!!)\[(?P<text>(?:\\.|!\[(?:\\.|[^\]\\])*\]\([^)\s]*\)|[^\]\\])*)\]"
    r"\((?P<url>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)"
)
_AUTOLINK = re.compile(r"<(?P<url>https?://[^>\s]+)>")
_SAFE_NAME = re.compile(r"[^a-z0-9.-]+")
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/svg+xml", "image/bmp"}
WAYBACK = "https://web.archive.org/web/"
# The file name extensions of each image type, the usual one first.
_EXTENSIONS = {
    "image/jpeg": ("jpg", "jpeg", "jpe"),
    "image/png": ("png",),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
    "image/svg+xml": ("svg",),
    "image/bmp": ("bmp",),
}


@dataclass
class Asset:
    data: bytes
    media_type: str


@dataclass
class Assets:
    """Images found in the captures, by URL and by file path."""

    by_url: dict[str, Asset] = field(default_factory=dict)
    by_path: dict[str, Asset] = field(default_factory=dict)

    def add(self, data: bytes, media_type: str, url: str | None, path: str) -> None:
        asset = Asset(data, media_type)
        if url:
            self.by_url.setdefault(_without_fragment(url), asset)
        self.by_path.setdefault(PurePosixPath(path.split("#")[0]).as_posix(), asset)

    def find(self, reference: str, base_url: str | None, base_file: str) -> Asset | None:
        """The image a post refers to: by its address, else by the capture's files."""
        if reference.startswith("{"):
            return None
        if reference.startswith(("http://", "https://")):
            return self.by_url.get(_without_fragment(reference)) or self._by_mirror_path(reference)
        if base_url:
            found = self.by_url.get(_without_fragment(urljoin(base_url, reference)))
            if found:
                return found
        folder = PurePosixPath(base_file.partition("#")[0]).parent
        return self.by_path.get(_normalised_path(folder / unquote(reference.split("?")[0])))

    def _by_mirror_path(self, url: str) -> Asset | None:
        """A wget mirror keeps host/path as folders: look the URL up that way too."""
        parts = urlsplit(url)
        suffix = f"{parts.netloc}{parts.path}"
        return next((asset for path, asset in self.by_path.items() if path.endswith(suffix)), None)


@dataclass
class Localized:
    images: dict[str, bytes] = field(default_factory=dict)
    missing_images: list[str] = field(default_factory=list)
    archived_links: int = 0


def is_image(media_type: str | None) -> bool:
    return bool(media_type) and media_type.split(";")[0].strip().lower() in IMAGE_TYPES


def localize(
    post: Post,
    slug: str,
    archive: dict[str, str],
    assets: Assets,
    normalise,
    wayback_hosts: set[str] | None = None,
) -> Localized:
    """Rewrite the post's and its reactions' Markdown in place; say what it needs written.

    `archive` maps a normalised post URL to the post's content path; `normalise` is
    the function that normalised them.
    """
    result = Localized()

    def rewrite(markdown: str) -> str:
        def image(match: re.Match) -> str:
            url = _image(match.group("url"), post, slug, assets, result, report_missing=True)
            return f"![{match.group('text')}]({url}{match.group('title') or ''})"

        def link(match: re.Match) -> str:
            url = match.group("url")
            if assets.find(url, post.source.url, post.source.file):
                url = _image(url, post, slug, assets, result, report_missing=False)
            else:
                url = _target(url, archive, normalise, wayback_hosts, result)
            return f"[{match.group('text')}]({url}{match.group('title') or ''})"

        def autolink(match: re.Match) -> str:
            url = _target(match.group("url"), archive, normalise, wayback_hosts, result)
            return f"<{url}>" if url.startswith("http") else f"[{match.group('url')}]({url})"

        return _AUTOLINK.sub(autolink, _LINK.sub(link, _IMAGE.sub(image, markdown)))

    post.body = rewrite(post.body)
    for reaction in post.reactions:
        reaction.body = rewrite(reaction.body)
    return result


def _image(url, post: Post, slug: str, assets: Assets, result: Localized, report_missing) -> str:
    """The copy of an image the capture holds, or its original address."""
    asset = assets.find(url, post.source.url, post.source.file)
    if asset is None:
        if report_missing and url not in result.missing_images:
            result.missing_images.append(url)
        return url
    name = _file_name(url, asset)
    result.images[f"images/{slug}/{name}"] = asset.data
    return f"{{static}}/images/{slug}/{name}"


def _target(url, archive, normalise, wayback_hosts, result: Localized) -> str:
    if not url.startswith(("http://", "https://")):
        return url
    key = normalise(url)
    if key in archive:
        result.archived_links += 1
        return f"{{filename}}/{archive[key]}"
    if wayback_hosts and urlsplit(url).netloc.lower().removeprefix("www.") in wayback_hosts:
        return WAYBACK + url
    return url


def _file_name(url: str, asset: Asset) -> str:
    """A safe, stable file name: the original name plus a hash of the bytes."""
    original = PurePosixPath(unquote(urlsplit(url).path)).name.lower() or "image"
    stem, dot, extension = original.rpartition(".")
    if not dot:
        stem, extension = original, ""
    media_type = asset.media_type.split(";")[0].strip().lower()
    if extension not in _EXTENSIONS.get(media_type, ()):
        # An image named "x.html" or "x.exe" would be served as what its name says.
        extension = _EXTENSIONS.get(media_type, ("bin",))[0]
    stem = _SAFE_NAME.sub("-", stem).strip("-.")[:60] or "image"
    digest = hashlib.sha256(asset.data).hexdigest()[:8]
    return f"{stem}-{digest}.{extension}"


def _without_fragment(url: str) -> str:
    return url.split("#")[0]


def _normalised_path(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return PurePosixPath(*parts).as_posix() if parts else ""
