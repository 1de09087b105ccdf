"""Images copied from captures, links between archived posts, Wayback links."""

from datetime import datetime

from importer.identity import identity
from importer.links import Assets, localize
from importer.model import Post, Reaction, Source

PNG = b"\x89PNG\r\n\x1a\nfake"


def post(body: str, url: str | None, file: str = "mirror/host/blog/a.html") -> Post:
    return Post(
        title="A",
        body=body,
        source=Source(platform="ning", file=file, url=url),
        reactions=[Reaction(author="B", date=datetime(2013, 1, 1), body=body)],
    )


def normalise(url: str) -> str:
    return identity(post("", url))


def test_an_image_the_capture_holds_is_copied_and_pointed_at():
    assets = Assets()
    assets.add(PNG, "image/png", "http://net.ning.com/files/schema.png", "x.warc#12")
    item = post("![Schema](http://net.ning.com/files/schema.png)", "http://net.ning.com/blog/a")
    result = localize(item, "a", {}, assets, normalise)
    [(path, data)] = result.images.items()
    assert path.startswith("images/a/schema-") and path.endswith(".png")
    assert data == PNG
    assert item.body == f"![Schema]({{static}}/{path})"
    assert result.missing_images == []


def test_a_relative_image_in_a_mirror_without_url():
    assets = Assets()
    assets.add(PNG, "image/png", None, "mirror/host/files/pic.png")
    item = post("![x](../files/pic.png)", None)
    result = localize(item, "a", {}, assets, normalise)
    assert len(result.images) == 1
    assert "{static}/images/a/pic-" in item.body


def test_a_missing_image_keeps_its_url_and_is_reported():
    item = post("![x](http://elders.example/pic.jpg)", "http://net.ning.com/blog/a")
    result = localize(item, "a", {}, Assets(), normalise)
    assert item.body == "![x](http://elders.example/pic.jpg)"
    assert result.missing_images == ["http://elders.example/pic.jpg"]


def test_links_to_archived_posts_point_at_the_copy():
    archive = {normalise("http://net.ning.com/blog/b"): "posts/2012/b.md"}
    item = post(
        "[b](https://www.net.ning.com/blog/b/) en <http://net.ning.com/blog/b> en "
        "[c](http://net.ning.com/blog/c)",
        "http://net.ning.com/blog/a",
    )
    result = localize(item, "a", archive, Assets(), normalise)
    assert item.body == (
        "[b]({filename}/posts/2012/b.md) en [http://net.ning.com/blog/b]({filename}/posts/2012/b.md)"
        " en [c](http://net.ning.com/blog/c)"
    )
    assert item.reactions[0].body == item.body
    assert result.archived_links == 4


def test_dead_site_links_can_go_to_the_wayback_machine():
    item = post("[c](http://net.ning.com/blog/c) [d](http://elders.example/)", None)
    localize(item, "a", {}, Assets(), normalise, wayback_hosts={"net.ning.com"})
    assert item.body == (
        "[c](https://web.archive.org/web/http://net.ning.com/blog/c) [d](http://elders.example/)"
    )


def test_an_image_inside_a_link_to_its_full_size():
    assets = Assets()
    assets.add(PNG, "image/png", "http://net.ning.com/files/big.png", "x.warc#1")
    item = post(
        "[![foto](http://net.ning.com/files/big.png?width=737)](http://net.ning.com/files/big.png)",
        "http://net.ning.com/blog/a",
    )
    result = localize(item, "a", {}, assets, normalise)
    [path] = result.images
    assert item.body == (
        "[![foto](http://net.ning.com/files/big.png?width=737)]({static}/" + path + ")"
    )
    assert result.missing_images == ["http://net.ning.com/files/big.png?width=737"]


def test_a_relative_image_of_a_post_with_an_address_is_found_in_its_folder():
    assets = Assets()
    assets.add(PNG, "image/png", None, "export/discussions/pic.png")
    item = post(
        "![x](discussions/pic.png)", "http://net.ning.com/forum/topics/a", "export/ning.json"
    )
    result = localize(item, "a", {}, assets, normalise)
    assert len(result.images) == 1
