"""Old links keep working (plugins/old_links): redirect pages and server maps."""

import posixpath
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from old_links import OldLink, old_links, page_files, parse_old_url
from tests.conftest import ROOT

NING_URL = "http://ambtenaar20.ning.com/profiles/blogs/een-bericht?xg_source=activity"
HOST = "ambtenaar20.ning.com"
OLD_PATH = "/profiles/blogs/een-bericht"
TARGET = "posts/2014/een-bericht.html"
SITEURL = "https://archief.example.org/a20"


def post(slug: str, year: int, url: str | None, title: str = "Een bericht") -> str:
    address = "null" if url is None else f"'{url}'"
    return (
        f"---\ntitle: {title}\ndate: {year}-03-03T10:00:00+01:00\nauthor: Jan\n"
        f"category: Blog\ntags: []\nslug: {slug}\nsource:\n  platform: ning\n"
        f"  url: {address}\n  captured: null\n  file: null\n---\n\nTekst.\n"
    )


def write_site(root: Path) -> Path:
    content = root / "content"
    posts = content / "posts" / "2014"
    posts.mkdir(parents=True)
    (posts / "een-bericht.md").write_text(post("een-bericht", 2014, NING_URL), "utf-8")
    (posts / "met-query.md").write_text(
        post("met-query", 2014, "https://www.example.org/index.php?p=123&page=2", "Met query"),
        "utf-8",
    )
    (posts / "zonder-adres.md").write_text(post("zonder-adres", 2014, None, "Zonder"), "utf-8")
    return content


def build(content: Path, output: Path, **settings) -> Path:
    override = {"PATH": str(content), "OUTPUT_PATH": str(output), **settings}
    Pelican(read_settings(str(ROOT / "pelicanconf.py"), override=override)).run()
    return output


@pytest.fixture(scope="module")
def relative(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("old-links")
    return build(write_site(root), root / "output")


@pytest.fixture(scope="module")
def absolute(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("old-links-absolute")
    return build(write_site(root), root / "output", SITEURL=SITEURL, RELATIVE_URLS=False)


def redirect_targets(page: Path) -> tuple[str, str, str, BeautifulSoup]:
    html = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    refresh = html.find("meta", attrs={"http-equiv": "refresh"})["content"]
    delay, _, url = refresh.partition(";")
    assert delay == "0"
    assert url.strip().startswith("url=")
    canonical = html.find("link", rel="canonical")["href"]
    link = html.find("a")["href"]
    return url.strip().removeprefix("url="), canonical, link, html


def test_a_relative_build_has_a_redirect_page_to_an_existing_archive_file(relative):
    folder = relative / "redirects" / HOST
    pages = [
        folder / "profiles/blogs/een-bericht/index.html",
        folder / "profiles/blogs/een-bericht.html",
    ]
    assert (relative / TARGET).is_file()
    for page in pages:
        refresh, canonical, link, html = redirect_targets(page)
        assert refresh == canonical == link
        assert not refresh.startswith(("/", "http"))
        location = posixpath.dirname(page.relative_to(relative).as_posix())
        assert posixpath.normpath(posixpath.join(location, refresh)) == TARGET
        assert html.html["lang"] == "nl"
        assert html.find("script") is None
        assert html.find(attrs={"data-pagefind-body": True}) is None
        assert "verhuisd" in html.get_text()
        assert "Een bericht" in html.find("a").get_text()


def test_an_absolute_build_redirects_to_the_absolute_address(absolute):
    page = absolute / "redirects" / HOST / "profiles/blogs/een-bericht/index.html"
    refresh, canonical, link, _ = redirect_targets(page)
    assert refresh == canonical == link == f"{SITEURL}/{TARGET}"
    assert (absolute / TARGET).is_file()


def test_only_posts_with_a_plain_old_address_get_a_redirect_page(relative):
    pages = sorted(
        p.relative_to(relative / "redirects").as_posix()
        for p in (relative / "redirects").rglob("*.html")
    )
    assert pages == [
        f"{HOST}/profiles/blogs/een-bericht.html",
        f"{HOST}/profiles/blogs/een-bericht/index.html",
    ]


def test_the_nginx_map_has_the_mapping(relative, absolute):
    text = (relative / "redirects" / "nginx.conf").read_text("utf-8")
    assert f'"{HOST}{OLD_PATH}" "/{TARGET}";' in text
    assert f'"{HOST}{OLD_PATH}/" "/{TARGET}";' in text
    # A meaningful parameter is kept and matched on the whole request URI; page= is dropped.
    assert '"www.example.org/index.php?p=123" "/posts/2014/met-query.html";' in text
    assert "zonder-adres" not in text
    assert "map $host$request_uri $archive_old_link {" in text
    assert "map $host$uri $archive_old_link_path {" in text
    assert "return 301 $archive_old_link;" in text
    assert text.count("{") == text.count("}")
    absolute_text = (absolute / "redirects" / "nginx.conf").read_text("utf-8")
    assert f'"{HOST}{OLD_PATH}" "{SITEURL}/{TARGET}";' in absolute_text


def test_the_apache_rules_have_the_mapping(relative, absolute):
    text = (relative / "redirects" / "apache.htaccess").read_text("utf-8")
    assert "RewriteEngine On" in text
    lines = text.splitlines()
    rule = f"RewriteRule ^/?profiles/blogs/een-bericht/?$ /{TARGET} [R=301,L,QSD]"
    index = lines.index(rule)
    assert lines[index - 1] == r"RewriteCond %{HTTP_HOST} ^ambtenaar20\.ning\.com(:[0-9]+)?$ [NC]"
    query = lines.index("RewriteRule ^/?index\\.php$ /posts/2014/met-query.html [R=301,L,QSD]")
    assert lines[query - 1] == "RewriteCond %{QUERY_STRING} (^|&)p=123(&|$)"
    assert lines[query - 2] == r"RewriteCond %{HTTP_HOST} ^www\.example\.org(:[0-9]+)?$ [NC]"
    absolute_text = (absolute / "redirects" / "apache.htaccess").read_text("utf-8")
    assert f"{SITEURL}/{TARGET} [R=301,L,QSD]" in absolute_text


def test_the_netlify_file_has_the_mapping_without_the_host(relative, absolute):
    text = (relative / "_redirects").read_text("utf-8")
    assert f"{OLD_PATH}  /{TARGET}  301" in text.splitlines()
    assert "old host is left out" in text
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rules == [f"{OLD_PATH}  /{TARGET}  301"]
    absolute_text = (absolute / "_redirects").read_text("utf-8")
    assert f"{OLD_PATH}  {SITEURL}/{TARGET}  301" in absolute_text.splitlines()


def test_two_builds_give_the_same_redirects(relative, tmp_path):
    again = build(write_site(tmp_path), tmp_path / "output")
    for path in sorted((relative / "redirects").rglob("*")):
        if path.is_file():
            twin = again / path.relative_to(relative)
            assert twin.read_bytes() == path.read_bytes(), path
    assert (again / "_redirects").read_bytes() == (relative / "_redirects").read_bytes()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (NING_URL, (HOST, OLD_PATH, "")),
        ("https://Ambtenaar20.ning.com/forum/topics/x?page=3&commentId=1%3AComment%3A2#c",
         (HOST, "/forum/topics/x", "")),
        ("http://www.example.org/?p=123&utm_source=x", ("www.example.org", "/", "p=123")),
        ("http://example.org//a//b/", ("example.org", "/a/b/", "")),
        ("https://example.org/k%C3%B3mt-er/", ("example.org", "/kómt-er/", "")),
        ("http://example.org/a/../../etc/passwd", None),
        ("http://example.org/a/%2e%2e/b", None),
        ("http://bücher.example/a", ("xn--bcher-kva.example", "/a", "")),
        ("ftp://example.org/a", None),
        ("http://exa mple.org/a", None),
        ("not a url", None),
    ],
)  # fmt: skip
def test_parse_old_url(url, expected):
    assert parse_old_url(url) == expected


def test_redirect_page_files_follow_how_servers_serve_the_old_path():
    def files(path):
        return page_files(OldLink(HOST, path, "", "s", TARGET, "T"))

    assert files("/profiles/blogs/x") == [
        ("profiles/blogs/x/index.html", True),
        ("profiles/blogs/x.html", False),
    ]
    assert files("/2016/06/x/") == [("2016/06/x/index.html", True)]
    assert files("/archief/x.html") == [("archief/x.html", True)]
    assert files("/") == [("index.html", True)]
    assert files("/blog/view.php") == [("blog/view.php/index.html", True)]


class _Article:
    def __init__(self, slug, url, **extra):
        self.slug, self.url, self.title = slug, f"posts/2014/{slug}.html", slug
        self.source = {"url": url}
        self.__dict__.update(extra)


def test_a_clash_keeps_the_first_post_by_slug_and_withdrawn_posts_get_nothing(caplog):
    articles = [
        _Article("b-tweede", "http://example.org/x"),
        _Article("a-eerste", "http://example.org/x?page=2"),
        _Article("weg", "http://example.org/weg", withdrawn=True),
        _Article("leeg", None),
    ]
    links = old_links(articles)
    assert [(link.path, link.slug) for link in links] == [("/x", "a-eerste")]
    assert "same old address" in caplog.text


NGINX_CONF = """worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{}}
http {{
    access_log off;
    include {maps};
    server {{
        listen 127.0.0.1:8089;
        if ($archive_old_link) {{ return 301 $archive_old_link; }}
    }}
}}
"""

APACHE_CONF = """ServerRoot {root}
PidFile {root}/httpd.pid
Listen 127.0.0.1:8092
ServerName localhost
ErrorLog {root}/error.log
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule rewrite_module {modules}/mod_rewrite.so
DocumentRoot {root}
Include {rules}
"""


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_map(absolute, tmp_path):
    config = tmp_path / "nginx.conf"
    maps = absolute / "redirects" / "nginx.conf"
    config.write_text(NGINX_CONF.format(root=tmp_path, maps=maps))
    done = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(
    shutil.which("apache2") is None or not Path("/usr/lib/apache2/modules").is_dir(),
    reason="Apache (Debian's apache2) is not installed",
)
def test_apache_accepts_the_rules(absolute, tmp_path):
    config = tmp_path / "httpd.conf"
    rules = absolute / "redirects" / "apache.htaccess"
    modules = "/usr/lib/apache2/modules"
    config.write_text(APACHE_CONF.format(root=tmp_path, rules=rules, modules=modules))
    done = subprocess.run(
        ["apache2", "-t", "-f", str(config)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
