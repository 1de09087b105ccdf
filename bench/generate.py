"""A synthetic Ning network, shaped like Ambtenaar 2.0, at any size, from a fixed seed.

    .venv/bin/python -m bench.generate --posts 10000 --out /tmp/bench
    .venv/bin/python -m bench.generate --posts 20 --out /tmp/tiny --what mirror,content

Blog posts (70 %) and forum discussions (30 %) by a few thousand members, in Dutch
(bench/dutch.py), with tags, views, now and then an image or a link to an earlier
post, and reactions: about ten per post on average, spread like a real network's
(most posts a few, some with hundreds, a few near a thousand). Blog comments are
flat and shown newest first; forum replies are threaded, depth i0 to i3. Ten come to
a page, so a long thread spans comment pages `?page=N`, each a file of its own.

Written, as asked with --what (default all of them), into --out:

- `mirror/`: the pages as a wget mirror keeps them (`ambtenaar20.ning.com/profiles/
  blogs/SLUG`, `...SLUG?page=2`, `forum/topics/SLUG`, the blog list pages, the home
  page, and the images under `api.ning.com/files/`), in the Ning 2.0 markup that
  importer/readers/ning.py reads. File names are wget's without --adjust-extension,
  the layout the importer maps back to URLs (see docs/benchmarks.md);
- `network.warc.gz`: the same pages and images in one gzipped WARC (warcinfo, then a
  request and a response record per URL), as a crawler would have saved them;
- `content/`: the posts and reactions in the content format, written straight from
  the model by the importer's own writer (what importing the mirror gives, without
  reading any HTML: for benchmarking the build without first importing);
- `plain/`: the same posts without reactions as plain Pelican Markdown (Pelican's own
  `Key: value` metadata) with a `pelicanconf.py` for Pelican's default theme and no
  plugins: the yardstick for the build;
- `manifest.json`: what was generated (counts, and the reactions of every post).

The same seed and size give the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import math
import random
import shutil
import struct
import sys
import time
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

if __package__ in (None, ""):  # run as a script: python bench/generate.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import dutch
from bench.ning_pages import HOST, IMAGE_HOST, NETWORK_ID, captures
from importer.slugs import slugify

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PER_PAGE = 10
POSTS_PER_LIST_PAGE = 20
DEFAULT_POSTS = 10_000
DEFAULT_PEOPLE = 3_000
DEFAULT_SEED = 2008
FIRST_DAY = datetime(2008, 3, 1, tzinfo=AMSTERDAM)
DAYS = (datetime(2017, 12, 31, tzinfo=AMSTERDAM) - FIRST_DAY).days
LAST_MOMENT = datetime(2018, 6, 30, 23, 0, tzinfo=AMSTERDAM)
# When the crawler saved the pages: the WARC-Date of the first record.
CAPTURED = datetime(2018, 7, 1, 2, 0, tzinfo=UTC)
PARTS = ("mirror", "warc", "content", "plain")


@dataclass
class Person:
    name: str
    profile: str


@dataclass
class Reply:
    number: int
    author: Person
    date: datetime
    paragraphs: list[str]
    parent: int | None = None
    depth: int = 0


@dataclass
class Image:
    url: str
    alt: str
    data: bytes

    @property
    def file_name(self) -> str:
        """The name the importer gives the copy in content/images/SLUG/."""
        stem = self.url.rsplit("/", 1)[1].removesuffix(".png")
        return f"{stem}-{hashlib.sha256(self.data).hexdigest()[:8]}.png"


@dataclass
class Item:
    """A blog post or a forum discussion, with its replies in date order."""

    index: int
    kind: str
    title: str
    slug: str
    number: int
    author: Person
    date: datetime
    tags: list[str]
    views: int
    blocks: list[tuple]
    replies: list[Reply] = field(default_factory=list)
    image: Image | None = None

    @property
    def path(self) -> str:
        return f"{'profiles/blogs' if self.kind == 'blog' else 'forum/topics'}/{self.slug}"

    @property
    def url(self) -> str:
        return f"http://{HOST}/{self.path}"

    @property
    def category(self) -> str:
        return "Blog" if self.kind == "blog" else "Forum"

    @property
    def content_path(self) -> str:
        return f"posts/{self.date.year}/{self.slug}.md"

    def display_order(self) -> list[Reply]:
        """Blog comments newest first; forum replies as a thread, depth first."""
        if self.kind == "blog":
            return list(reversed(self.replies))
        children: dict[int | None, list[int]] = {}
        for index, reply in enumerate(self.replies):
            children.setdefault(reply.parent, []).append(index)
        order: list[Reply] = []
        stack = list(reversed(children.get(None, [])))
        while stack:
            index = stack.pop()
            order.append(self.replies[index])
            stack.extend(reversed(children.get(index, [])))
        return order

    def pages(self) -> list[list[Reply]]:
        shown = self.display_order()
        return [shown[start : start + PER_PAGE] for start in range(0, len(shown), PER_PAGE)] or [[]]


@dataclass
class Network:
    seed: int
    people: list[Person]
    items: list[Item]

    @property
    def reactions(self) -> int:
        return sum(len(item.replies) for item in self.items)

    def list_pages(self) -> list[list[Item]]:
        blogs = [item for item in reversed(self.items) if item.kind == "blog"]
        return [
            blogs[start : start + POSTS_PER_LIST_PAGE]
            for start in range(0, len(blogs), POSTS_PER_LIST_PAGE)
        ]


# -- the network ------------------------------------------------------------------------


def default_people(posts: int) -> int:
    """3,000 members for 10,000 posts, fewer for a smaller network (at least 30)."""
    return max(30, min(DEFAULT_PEOPLE, round(DEFAULT_PEOPLE * posts / DEFAULT_POSTS)))


def reaction_counts(rng: random.Random, posts: int) -> list[int]:
    """About ten per post: most posts a few, 3 % tens to 200, 0.4 % hundreds, and one
    post in 3,000 near a thousand. Every network has at least one thread over a page."""
    counts = []
    for _ in range(posts):
        roll = rng.random()
        if roll < 0.004:
            counts.append(200 + rng.randrange(401))
        elif roll < 0.034:
            counts.append(30 + rng.randrange(171))
        else:
            counts.append(int(rng.expovariate(1 / 5)))
    for _ in range(round(posts / 3000)):
        counts[rng.randrange(posts)] = 900 + rng.randrange(101)
    if posts and max(counts) <= PER_PAGE:
        counts[rng.randrange(posts)] = 2 * PER_PAGE + 3
    return counts


class _Chooser:
    """People chosen by activity: a few write a lot, most rarely (Zipf-like)."""

    def __init__(self, rng: random.Random, people: list[Person]):
        self.rng = rng
        self.people = people
        total, self.cumulative = 0.0, []
        for rank in range(len(people)):
            total += 1 / (rank + 1) ** 0.9
            self.cumulative.append(total)

    def __call__(self) -> Person:
        point = self.rng.random() * self.cumulative[-1]
        return self.people[bisect.bisect(self.cumulative, point)]


def _local(moment: datetime) -> datetime:
    """Local time, kept out of the night so that no time falls in a DST change."""
    local = moment.astimezone(AMSTERDAM)
    if 1 <= local.hour <= 3:
        local = (local.astimezone(UTC) + timedelta(hours=4)).astimezone(AMSTERDAM)
    return local.replace(second=0, microsecond=0)


def _profile(name: str, taken: set[str]) -> str:
    base = "".join(part for part in name.replace("-", " ").split())
    profile, number = base, 1
    while profile in taken:
        number += 1
        profile = f"{base}{number}"
    taken.add(profile)
    return profile


def png(index: int) -> bytes:
    """A small, valid PNG of one colour (16 x 16), different per index."""
    red, green, blue = (index * 67) % 256, (index * 151) % 256, (index * 23 + 90) % 256
    row = b"\x00" + bytes((red, green, blue)) * 16
    raw = zlib.compress(row * 16, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def network(posts: int, people: int | None = None, seed: int = DEFAULT_SEED) -> Network:
    rng = random.Random(seed)
    taken: set[str] = set()
    members = [Person(name, _profile(name, taken)) for name in dutch.person_names(
        rng, people or default_people(posts)
    )]  # fmt: skip
    choose = _Chooser(rng, members)
    counts = reaction_counts(rng, posts)
    days = sorted(rng.randrange(DAYS * 24 * 60) for _ in range(posts))
    titles: set[str] = set()
    slugs: set[str] = set()
    comment_number = 9000
    items: list[Item] = []
    for index, minutes in enumerate(days):
        title = dutch.title(rng)
        while title in titles or slugify(title) in slugs:
            title = dutch.title(rng)
        titles.add(title)
        slugs.add(slugify(title))
        date = _local(FIRST_DAY + timedelta(minutes=minutes))
        kind = "blog" if rng.random() < 0.7 else "forum"
        tags = []
        for _ in range(rng.randrange(5)):
            tag = dutch.TAGS[min(int(rng.expovariate(1 / 8)), len(dutch.TAGS) - 1)]
            if tag not in tags:
                tags.append(tag)
        item = Item(
            index=index,
            kind=kind,
            title=title,
            slug=slugify(title),
            number=100_000 + index,
            author=choose(),
            date=date,
            tags=tags,
            views=20 + int(rng.expovariate(1 / 300)) + 3 * counts[index],
            blocks=[],
        )
        item.blocks = _blocks(rng, item, items)
        comment_number = _replies(rng, item, counts[index], choose, comment_number)
        items.append(item)
    return Network(seed, members, items)


def _blocks(rng: random.Random, item: Item, earlier: list[Item]) -> list[tuple]:
    targets = [other.index for other in earlier[-500:]]
    paragraphs = 2 + rng.randrange(6)
    blocks: list[tuple] = []
    for number in range(paragraphs):
        if number == paragraphs // 2 and rng.random() < 0.3:
            blocks.append(("h3", dutch.title(rng)))
        blocks.append(("p", dutch.paragraph(rng, targets if rng.random() < 0.25 else None)))
        if number == 0 and rng.random() < 0.2:
            blocks.append(("ul", [dutch.sentence(rng) for _ in range(3 + rng.randrange(3))]))
    if rng.random() < 0.1:
        token = hashlib.sha256(f"image-{item.index}".encode()).hexdigest()[:20]
        word = rng.choice(dutch.NOUNS)[1].lower()
        item.image = Image(f"http://{IMAGE_HOST}/files/{token}/{word}.png", word, png(item.index))
        blocks.insert(1, ("img", item.image))
    return blocks


def _replies(rng, item: Item, count: int, choose, number: int) -> int:
    """The replies, each at least a minute after the one before, all before the end."""
    room = (LAST_MOMENT - item.date) / (2 * (count + 1))
    spread = min(timedelta(hours=6 if count < 50 else 1), room)
    moment = item.date
    for index in range(count):
        moment = _local(moment + spread * rng.expovariate(1) + timedelta(minutes=1))
        author = choose()
        parent, depth = None, 0
        if item.kind == "forum" and index and rng.random() < 0.5:
            recent = [k for k in range(max(0, index - 8), index) if item.replies[k].depth < 3]
            if recent:
                parent = rng.choice(recent)
                depth = item.replies[parent].depth + 1
        answered = item.replies[parent].author.name if parent is not None else None
        item.replies.append(
            Reply(
                number=number,
                author=author,
                date=moment,
                paragraphs=dutch.reaction_text(rng, answered),
                parent=parent,
                depth=depth,
            )
        )
        number += 1
    return number


# -- text as HTML and as Markdown --------------------------------------------------------


def _inline_markdown(segments: list[tuple], items: list[Item]) -> str:
    out = []
    for segment in segments:
        kind, text = segment[0], segment[1]
        if kind == "em":
            out.append(f"*{text}*")
        elif kind == "strong":
            out.append(f"**{text}**")
        elif kind == "link":
            out.append(f"[{text}]({{filename}}/{items[segment[2]].content_path})")
        else:
            out.append(text)
    return "".join(out)


def body_markdown(item: Item, items: list[Item]) -> str:
    out = []
    for block in item.blocks:
        if block[0] == "p":
            out.append(_inline_markdown(block[1], items))
        elif block[0] == "h3":
            out.append(f"### {block[1]}")
        elif block[0] == "ul":
            out.append("\n".join(f"- {entry}" for entry in block[1]))
        else:
            image = block[1]
            out.append(f"![{image.alt}]({{static}}/images/{item.slug}/{image.file_name})")
    return "\n\n".join(out) + "\n"


def reply_markdown(reply: Reply) -> str:
    return "\n\n".join(reply.paragraphs)


# -- the writers --------------------------------------------------------------------------


def write_mirror(network: Network, folder: Path) -> int:
    """The pages as a wget mirror: host/path, the query kept in the file name."""
    count = 0
    for address, _media_type, content in captures(network):
        if address.startswith("http://"):
            relative = address.removeprefix("http://")
        else:
            relative = HOST + ("/index.html" if address == "/" else address)
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        count += 1
    return count


def write_warc(network: Network, path: Path) -> int:
    """The pages as one gzipped WARC: a request and a response record per URL."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    count = 0

    def record_id(kind: str, number: int) -> str:
        return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{network.seed}/{kind}/{number}')}>"

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        info = b"software: bench/generate.py\r\nformat: WARC File Format 1.0\r\n"
        writer.write_record(
            writer.create_warc_record(
                "",
                "warcinfo",
                payload=BytesIO(info),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Record-ID": record_id("warcinfo", 0),
                    "WARC-Date": _warc_date(CAPTURED),
                    "WARC-Filename": path.name,
                },
            )
        )
        for number, (address, media_type, content) in enumerate(captures(network)):
            url = address if address.startswith("http://") else f"http://{HOST}{address}"
            moment = CAPTURED + timedelta(seconds=2 * number)
            host, _, target = url.removeprefix("http://").partition("/")
            request = StatusAndHeaders(
                f"GET /{target} HTTP/1.1",
                [("Host", host), ("User-Agent", "Wget/1.19 (linux-gnu)"), ("Accept", "*/*")],
                is_http_request=True,
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "request",
                    payload=BytesIO(b""),
                    http_headers=request,
                    warc_headers_dict={
                        "WARC-Record-ID": record_id("request", number),
                        "WARC-Date": _warc_date(moment),
                    },
                )
            )
            kind = f"{media_type}; charset=utf-8" if media_type == "text/html" else media_type
            response = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", kind),
                    ("Content-Length", str(len(content))),
                    ("Date", moment.strftime("%a, %d %b %Y %H:%M:%S GMT")),
                    ("Server", "Apache"),
                ],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=BytesIO(content),
                    length=len(content),
                    http_headers=response,
                    warc_headers_dict={
                        "WARC-Record-ID": record_id("response", number),
                        "WARC-Date": _warc_date(moment),
                    },
                )
            )
            count += 1
    return count


def _warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def model_posts(network: Network) -> Iterator:
    """The network as the importer's model, as reading the mirror would give it."""
    from importer.model import Post, Reaction, Source

    for item in network.items:
        reactions: list[Reaction] = []
        for reply in item.replies:
            reaction = Reaction(
                author=reply.author.name,
                date=reply.date,
                body=reply_markdown(reply),
                origin_id=f"ning:{NETWORK_ID}:{reply.number}",
            )
            if item.kind == "forum":
                parent = reactions[reply.parent] if reply.parent is not None else None
                reaction.parent = parent.stable_id() if parent else None
                reaction.id = reaction.stable_id()
            reactions.append(reaction)
        yield Post(
            title=item.title,
            body=body_markdown(item, network.items),
            source=Source(platform="ning", file=f"mirror/{HOST}/{item.path}", url=item.url),
            date=item.date,
            author=item.author.name,
            category=item.category,
            tags=list(item.tags),
            views=item.views,
            reactions=reactions,
        )


def write_content(network: Network, folder: Path) -> int:
    """content/ straight from the model, through the importer's writer.

    The files are those an import of the mirror writes, byte for byte (run from the
    folder that holds `mirror/`, so that `source.file` is the same). The writer's
    fsync of every file is skipped here: this is scaffolding, not what is measured.
    """
    from importer import content_files
    from importer.writer import ContentWriter

    writer = ContentWriter(folder)
    real_os = content_files.os
    content_files.os = _NoSync(real_os)
    try:
        for item, post in zip(network.items, model_posts(network), strict=True):
            if item.image is not None:
                writer.write_file(f"images/{item.slug}/{item.image.file_name}", item.image.data)
            written = writer.write(post)
            if written.slug != item.slug:
                raise RuntimeError(f"{item.slug}: written as {written.slug}")
    finally:
        content_files.os = real_os
    return len(network.items)


class _NoSync:
    """The os module, but fsync does nothing."""

    def __init__(self, real):
        self._real = real

    def fsync(self, descriptor: int) -> None:
        return None

    def __getattr__(self, name: str):
        return getattr(self._real, name)


PLAIN_CONF = '''"""Plain Pelican, the yardstick: default theme, no plugins, its own Markdown reader.

The same URLs, pagination and Markdown extensions as the archive's pelicanconf.py.
"""

SITENAME = "Ambtenaar 2.0 (plain Pelican)"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Europe/Amsterdam"
DEFAULT_LANG = "nl"
PATH = "content"
ARTICLE_PATHS = ["posts"]
STATIC_PATHS = ["images"]
DEFAULT_PAGINATION = 20
ARTICLE_URL = "posts/{date:%Y}/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
'''


def write_plain(network: Network, folder: Path) -> int:
    """The posts without reactions as plain Pelican Markdown, with a pelicanconf.py."""
    for item in network.items:
        lines = [
            f"Title: {item.title}",
            f"Date: {item.date:%Y-%m-%d %H:%M}",
            f"Author: {item.author.name}",
            f"Category: {item.category}",
        ]
        if item.tags:
            lines.append(f"Tags: {', '.join(item.tags)}")
        lines.append(f"Slug: {item.slug}")
        path = folder / "content" / item.content_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n\n" + body_markdown(item, network.items), "utf-8")
        if item.image is not None:
            image = folder / "content" / "images" / item.slug / item.image.file_name
            image.parent.mkdir(parents=True, exist_ok=True)
            image.write_bytes(item.image.data)
    (folder / "pelicanconf.py").write_text(PLAIN_CONF, "utf-8")
    return len(network.items)


def manifest(network: Network) -> dict:
    counts = sorted(len(item.replies) for item in network.items)
    pages = sum(len(item.pages()) for item in network.items)
    posts = len(network.items)
    return {
        "seed": network.seed,
        "posts": posts,
        "blog_posts": sum(item.kind == "blog" for item in network.items),
        "forum_discussions": sum(item.kind == "forum" for item in network.items),
        "people": len(network.people),
        "reactions": network.reactions,
        "post_pages": pages,
        "list_pages": len(network.list_pages()) + 1,
        "images": sum(item.image is not None for item in network.items),
        "reactions_per_post": {
            "mean": round(network.reactions / posts, 2) if posts else 0,
            "median": counts[posts // 2] if posts else 0,
            "p90": counts[min(posts - 1, math.ceil(posts * 0.9) - 1)] if posts else 0,
            "max": counts[-1] if posts else 0,
            "posts_without": counts.count(0),
            "posts_over_100": sum(count > 100 for count in counts),
            "posts_over_500": sum(count > 500 for count in counts),
        },
        "reactions_by_post": {item.slug: len(item.replies) for item in network.items},
    }


def generate(
    out: Path,
    posts: int = DEFAULT_POSTS,
    people: int | None = None,
    seed: int = DEFAULT_SEED,
    what: tuple[str, ...] = PARTS,
    log=None,
) -> dict:
    """Generate the network and write the parts asked for into `out`; the manifest."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    net = network(posts, people, seed)
    timings = {"model": time.perf_counter() - started}
    targets = {
        "mirror": (out / "mirror", write_mirror),
        "warc": (out / "network.warc.gz", write_warc),
        "content": (out / "content", write_content),
        "plain": (out / "plain", write_plain),
    }
    for part in what:
        target, writer = targets[part]
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        started = time.perf_counter()
        writer(net, target)
        timings[part] = time.perf_counter() - started
        if log:
            log(f"{part}: {target} ({timings[part]:.1f} s)")
    data = manifest(net)
    (out / "manifest.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    data["timings"] = timings
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=DEFAULT_POSTS, help="posts (10,000)")
    parser.add_argument("--people", type=int, help="members (3,000 for 10,000 posts, scaled)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, required=True, help="the folder to write into")
    parser.add_argument(
        "--what",
        default=",".join(PARTS),
        help=f"what to write, comma-separated: {', '.join(PARTS)} (default all)",
    )
    args = parser.parse_args(argv)
    what = tuple(part.strip() for part in args.what.split(",") if part.strip())
    unknown = [part for part in what if part not in PARTS]
    if unknown:
        parser.error(f"unknown part(s): {', '.join(unknown)}")
    data = generate(args.out, args.posts, args.people, args.seed, what, log=print)
    print(
        f"{data['posts']} posts ({data['blog_posts']} blog, {data['forum_discussions']} forum), "
        f"{data['reactions']} reactions on {data['post_pages']} pages, "
        f"{data['people']} people, {data['images']} images"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
