"""Properties of the content files, for any text hypothesis can think of.

- A post and its reactions written by `ContentWriter` and read back (by the importer's
  `parse_post` and YAML, and by the site's `read_front_matter` and `read_reactions`)
  are the same model, after the writer's documented normalisation: e-mail and IP
  addresses scrubbed (`privacy.scrub`), the characters content files cannot carry
  removed (`hygiene.clean_text`: control characters other than tab and newline,
  lone surrogates, U+FFFE/U+FFFF, a byte order mark; a carriage return becomes a
  newline), leading and trailing newlines of bodies stripped, an empty title
  written as "Zonder titel", an empty author as null, tags without empty ones and
  doubles. And `make check` finds nothing wrong with what was written.
- Any text survives the YAML round trip once cleaned: the writer strips what YAML
  cannot carry rather than writing something that reads back differently.
- Slugs are always safe file names, and the writer never writes outside the content
  folder, whatever the slug, title or image name.
"""

from __future__ import annotations

import contextlib
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from content_format.validation import check_content, read_front_matter, read_reactions
from importer.content_files import dump_yaml, parse_post, render_reactions
from importer.hygiene import clean_text, fix_mojibake
from importer.links import Asset, _file_name
from importer.model import Post, Reaction, Source
from importer.privacy import scrub, scrub_author
from importer.slugs import MAX_LENGTH, RESERVED, is_safe, slugify
from importer.writer import UNTITLED, ContentWriter
from tests.hostile import HOSTILE_TEXTS

PROPERTIES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any character at all, surrogates and controls included.
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
texts = st.one_of(
    st.text(ANY_CHARACTER, max_size=60),
    st.sampled_from(HOSTILE_TEXTS),
    st.lists(st.sampled_from(HOSTILE_TEXTS), max_size=4).map("".join),
)
names = st.one_of(st.none(), texts)
zones = st.one_of(
    st.integers(-12 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes))),
    st.just(ZoneInfo("Europe/Amsterdam")),
    st.just(UTC),
)
moments = st.one_of(
    st.none(),
    st.datetimes(
        min_value=datetime(1970, 1, 3), max_value=datetime(2099, 12, 30), timezones=zones
    ).map(lambda moment: moment.replace(microsecond=0)),
)
urls = st.one_of(
    st.none(),
    st.builds(lambda path: f"https://example.org/{path}", st.text("abc/-_.é%", max_size=20)),
    st.sampled_from(["javascript:alert(1)", " JaVaScRiPt:x", "data:text/html,x", "http://[x"]),
)


@st.composite
def reactions(draw) -> list[Reaction]:
    count = draw(st.integers(0, 5))
    made = []
    for number in range(count):
        parent = draw(st.one_of(st.none(), st.integers(0, number - 1))) if number else None
        made.append(
            Reaction(
                author=draw(names),
                date=draw(moments),
                body=draw(texts),
                id=f"r{number}",
                parent=f"r{parent}" if parent is not None else None,
            )
        )
    return made


@st.composite
def posts(draw) -> Post:
    return Post(
        title=draw(texts),
        body=draw(texts),
        author=draw(names),
        date=draw(moments),
        category=draw(names),
        tags=draw(st.lists(texts, max_size=4)),
        summary=draw(st.one_of(st.none(), texts)),
        views=draw(st.one_of(st.none(), st.integers(0, 10**12))),
        slug=draw(st.one_of(st.none(), texts)),
        source=Source(
            platform=draw(st.sampled_from(["ning", "wordpress", "text", "web"])),
            file=draw(st.text(ANY_CHARACTER, min_size=1, max_size=30)),
            url=draw(urls),
            captured=draw(moments),
        ),
        reactions=draw(reactions()),
    )


def markup_problem(message: str) -> bool:
    """A message of make check's rules on the Markdown (plugins/content_format/markup_check)."""
    return message.startswith(("raw HTML <", "attribute ", "image ")) or " is removed (" in message


def same_moment(written, expected) -> bool:
    if expected is None:
        return written is None
    return written is not None and written.isoformat() == expected.isoformat()


def expected_tags(tags: list[str]) -> list[str]:
    cleaned = [scrub(clean_text(tag)) for tag in tags]
    return list(dict.fromkeys(tag for tag in cleaned if tag and tag.strip()))


@PROPERTIES
@given(posts())
@example(
    Post(
        title="<img src=x onerror=alert(1)>",
        body="---\nslug: ander\n---\n",
        source=Source(platform="ning", file="a.txt", url="javascript:alert(1)"),
        tags=['"><script>', "a@example.org", "b@example.org", "\x00"],
        author="\x00",
        reactions=[Reaction(author="", date=None, body="\u2028\u2029\x85\r\n", id="r0")],
    )
)
def test_a_written_post_reads_back_as_the_same_model(post):
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        written = ContentWriter(content).write(post)
        path = Path(written.path)
        front, body = parse_post(path.read_text("utf-8"), str(path))
        site_front, site_body = read_front_matter(path)
        stored = yaml.safe_load(path.with_name(f"{path.stem}.reactions.yml").read_text("utf-8"))
        site_reactions = read_reactions(path.with_name(f"{path.stem}.reactions.yml"))
        problems = check_content(content)

    # Bodies are Markdown from readers, which escape what a page showed as text: raw
    # HTML in them is the reader's to avoid, and `make check` reports it. The rest of
    # the check (the files, their fields, the reactions) holds for any post.
    assert [problem for problem in problems if not markup_problem(problem.message)] == []
    assert front == site_front
    assert body.strip("\n") == site_body.strip("\n")
    assert front["title"] == (scrub(clean_text(post.title)) or UNTITLED)
    assert front["author"] == (scrub_author(clean_text(post.author)) or None)
    assert front["category"] == (clean_text(post.category) or None)
    assert front["tags"] == expected_tags(post.tags)
    assert same_moment(front["date"], post.date)
    assert is_safe(front["slug"]) and front["slug"] == path.stem
    assert front.get("summary") == (scrub(clean_text(post.summary)) if post.summary else None)
    assert front.get("views") == post.views
    assert front["source"]["file"] == clean_text(post.source.file)
    url = post.source.url
    if url and url.startswith("https://"):
        assert front["source"]["url"] == scrub(clean_text(url))
    else:
        assert front["source"]["url"] is None
    assert body == scrub(clean_text(post.body).strip("\n")) + "\n"

    assert stored == site_reactions
    assert stored["post"] == front["slug"]
    by_id = {reaction["id"]: reaction for reaction in stored["reactions"]}
    assert len(by_id) == len(post.reactions)
    for reaction in post.reactions:
        read = by_id[reaction.id]
        assert read["author"] == (scrub_author(clean_text(reaction.author)) or None)
        assert same_moment(read["date"], reaction.date)
        assert read["parent"] == reaction.parent
        assert read["body"] == scrub(clean_text(reaction.body).strip("\n"))


@PROPERTIES
@given(st.text(ANY_CHARACTER, max_size=200))
@example("\u2028 \u2029 \x85 \ufeff \ud800 \x00 \t\n \r\n end ")
@example(" leading space\n  and indented\n")
@example("|\n>\n- x\n? y\n: z\n# c\n")
def test_any_text_survives_the_yaml_round_trip_once_cleaned(text):
    """Decision: the writer strips what YAML cannot carry (clean_text), so that every
    character it does write reads back as itself."""
    cleaned = clean_text(text)
    document = {"id": "a", "author": cleaned, "date": None, "parent": None, "body": cleaned}
    read = yaml.safe_load(render_reactions("post", [document]))
    assert read["reactions"][0]["body"] == cleaned
    assert read["reactions"][0]["author"] == cleaned
    assert yaml.safe_load(dump_yaml({"title": cleaned}))["title"] == cleaned
    assert clean_text(cleaned) == cleaned


@PROPERTIES
@given(st.text(ANY_CHARACTER, max_size=120))
@example("../../etc/passwd")
@example("..%2F..%2Fetc%2Fpasswd\x00")
@example("C:\\Windows\\win.ini")
@example("CON")
@example("aux.txt")
@example("ＣＯＮ")
@example("\u202egnp.exe")
@example("🎉")
@example("")
@example("a" * 500)
def test_slugs_are_always_safe_file_names(text):
    slug = slugify(text)
    assert slug and is_safe(slug)
    assert not {"/", "\\", "\x00", "."} & set(slug) and ".." not in slug
    assert slug.lower() not in RESERVED and slug.split("-")[0] != ""
    assert len(slug) <= MAX_LENGTH and slug.isascii()


@PROPERTIES
@given(
    title=texts,
    slug=st.one_of(st.none(), texts),
    images=st.lists(st.text(ANY_CHARACTER, max_size=40), max_size=3),
)
@example(title="x", slug="../../../../tmp/uit", images=["../../buiten.png", "/etc/x.png"])
@example(title="../..", slug="..", images=["..%2F..%2Fx.png", "\x00.png", "CON.png"])
def test_the_writer_never_writes_outside_the_content_folder(title, slug, images):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        content = root / "a" / "content"
        writer = ContentWriter(content)
        post = Post(title=title, body="x", slug=slug, source=Source("web", "f.html"))
        writer.write(post)
        for name in images:
            # What localize names the image a capture holds under this address.
            file_name = _file_name(f"http://example.org/files/{name}", Asset(b"x", "image/png"))
            assert PurePosixPath(file_name).name == file_name and not file_name.startswith(".")
            writer.write_file(f"images/{writer.slug_for(post)}/{file_name}", b"x")
        written = [path.relative_to(content) for path in content.rglob("*") if path.is_file()]
        for name in images:
            with contextlib.suppress(ValueError, OSError):
                writer.write_file(name, b"x")  # any path a caller gives: inside, or refused
        outside = [
            path
            for path in root.rglob("*")
            if path.is_file() and not path.resolve().is_relative_to(content.resolve())
        ]
    assert outside == []
    for relative in written:
        assert all(part not in ("..", "") and "\x00" not in part for part in relative.parts)
        assert relative.parts[0] in ("posts", "images", ".imported")
        assert is_safe(relative.name.split(".")[0]) or relative.parts[0] == "images"


@PROPERTIES
@given(st.text(ANY_CHARACTER, max_size=80))
@example("ambtenarenÃ«")
@example("groß“ São Ã Â")
def test_mojibake_repair_is_conservative(text):
    """Repairing never changes text that is not double-encoded UTF-8, and undoes it when
    it is (for the characters Dutch, English and German text uses)."""
    repaired, count = fix_mojibake(text)
    assert (repaired == text) == (count == 0)
    double = "".join(
        bytes([byte]).decode("cp1252", errors="ignore") or chr(byte)
        for byte in text.encode("utf-8", errors="ignore")
    )
    plain = text.encode("utf-8", errors="ignore").decode("utf-8")
    if all(0x20 <= ord(c) < 0x7F or 0xC0 <= ord(c) <= 0x17F for c in plain):
        assert fix_mojibake(double)[0] == plain
    if text.isascii():
        assert repaired == text
