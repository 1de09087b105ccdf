"""The pages of the synthetic network in Ning 2.0 markup, as importer/readers/ning.py
reads them (see tests/fixtures/ning/): blog posts in `div.xg_blog_detail` with their
comments as `dl.comment`, forum discussions with their replies as `dl.discussion`
at depth `i0`-`i3`, ten to a page, with the site's chrome around them.
"""

# The markup is kept as Ning wrote it, long lines and all.
# ruff: noqa: E501

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from bench import dutch
from importer.slugs import slugify

if TYPE_CHECKING:
    from bench.generate import Item, Network, Person, Reply

HOST = "ambtenaar20.ning.com"
IMAGE_HOST = "api.ning.com"
NETWORK_ID = 6034210
MONTHS = [
    "Januari", "Februari", "Maart", "April", "Mei", "Juni", "Juli", "Augustus",
    "September", "Oktober", "November", "December",
]  # fmt: skip


def _when(moment: datetime) -> str:
    """A Ning date in Dutch: "2 Juni 2013 op 21.17"."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year} op {moment.hour}.{moment:%M}"


def _inline_html(segments: list[tuple], items: list[Item]) -> str:
    out = []
    for segment in segments:
        kind, text = segment[0], html.escape(segment[1], quote=False)
        if kind == "em":
            out.append(f"<em>{text}</em>")
        elif kind == "strong":
            out.append(f"<strong>{text}</strong>")
        elif kind == "link":
            out.append(f'<a href="/{items[segment[2]].path}">{text}</a>')
        else:
            out.append(text)
    return "".join(out)


def body_html(item: Item, items: list[Item]) -> str:
    out = []
    for block in item.blocks:
        if block[0] == "p":
            out.append(f"<p>{_inline_html(block[1], items)}</p>")
        elif block[0] == "h3":
            out.append(f"<h3>{html.escape(block[1], quote=False)}</h3>")
        elif block[0] == "ul":
            entries = "".join(f"<li>{html.escape(entry, quote=False)}</li>" for entry in block[1])
            out.append(f"<ul>{entries}</ul>")
        else:
            image = block[1]
            out.append(f'<p><img src="{image.url}" alt="{html.escape(image.alt)}" /></p>')
    return "\n".join(out)


def _reply_html(reply: Reply) -> str:
    return "<br /><br />".join(html.escape(text, quote=False) for text in reply.paragraphs)


_SCRIPT = (
    "x$ = {}; ning = "
    + json.dumps(
        {
            "CurrentApp": {"url": f"http://{HOST}", "name": "Ambtenaar 2.0", "id": NETWORK_ID},
            "CurrentProfile": None,
            "maxFileUploadSize": 7,
            "locale": "nl_NL",
            "features": {name: True for name in dutch.TAGS},
            "strings": {f"xn_{word}": word for word in dutch.ADJECTIVES + dutch.PREDICATES},
        },
        sort_keys=True,
    )
    + ";"
)


def _page(title: str, main: str, sidebar: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{html.escape(title)} - Ambtenaar 2.0</title>
<link rel="stylesheet" href="http://static.ning.com/socialnetworkmain/widgets/index/css/common.min.css" />
<link rel="stylesheet" href="http://{HOST}/theme/custom.css" />
<script type="text/javascript">{_SCRIPT}</script>
</head>
<body class="xg_theme">
<div id="xn_bar"><a href="/main/authorization/signIn">Aanmelden</a> <a href="/main/authorization/signUp">Word lid</a></div>
<div id="xg" class="xg_theme">
  <div id="xg_head"><div id="xg_masthead"><h1 id="xg_sitename"><a href="/">Ambtenaar 2.0</a></h1><p id="xg_sitedesc">samen werken aan overheid 2.0</p></div>
    <div id="xg_navigation"><ul><li><a href="/">Hoofdpagina</a></li><li><a href="/profiles/blog/list">Blogs</a></li><li><a href="/forum">Forum</a></li><li><a href="/profiles/members/">Leden</a></li><li><a href="/groups">Groepen</a></li></ul></div></div>
  <div id="xg_body">
    <div class="xg_column xg_span-16">
{main}
    </div>
    <div class="xg_column xg_span-4 xg_last">
{sidebar}
    </div>
  </div>
  <div id="xg_foot"><p class="left">&copy; 2018 Gemaakt door Dirk Jan van der Wal. Verzorgd door <a href="http://www.ning.com/">Ning</a></p><p class="right"><a href="/main/embeddable/list">Banners</a> | <a href="/main/index/termsOfService">Algemene voorwaarden</a></p></div>
</div>
</body>
</html>
"""


def _sidebar(item_index: int, items: list[Item]) -> str:
    recent = items[max(0, item_index - 8) : item_index][::-1]
    entries = "".join(
        f'<li><a href="/{other.path}">{html.escape(other.title, quote=False)}</a> '
        f'door <a href="/profile/{other.author.profile}">{html.escape(other.author.name)}</a></li>'
        for other in recent
    )
    tags = " ".join(f'<a href="/tag/{slugify(tag)}">{html.escape(tag)}</a>' for tag in dutch.TAGS)
    return (
        '      <div class="xg_module"><div class="xg_module_head"><h2>Laatste activiteit</h2></div>'
        f'<div class="xg_module_body"><ul class="activity">{entries}</ul></div></div>\n'
        '      <div class="xg_module"><div class="xg_module_head"><h2>Populaire tags</h2></div>'
        f'<div class="xg_module_body">{tags}</div></div>'
    )


def _byline_item(verb: str, person: Person, moment: datetime) -> str:
    return (
        f'<li><a class="nolink">{verb} door </a><a href="/profile/{person.profile}">'
        f'{html.escape(person.name)}</a><a class="nolink"> op {_when(moment)}</a></li>'
    )


def _headline(item: Item) -> str:
    verb = "Geplaatst" if item.kind == "blog" else "Gestart"
    return f"""        <div class="xg_headline xg_headline-img xg_headline-2l">
          <div class="ib"><span class="xg_avatar"><a class="fn url" href="/profile/{item.author.profile}" title="{html.escape(item.author.name)}"><img class="photo" src="http://{IMAGE_HOST}/files/avatar/{item.author.profile}.png?width=64" alt="" /></a></span></div>
          <div class="tb"><h1>{html.escape(item.title, quote=False)}</h1>
            <ul class="navigation byline">
              {_byline_item(verb, item.author, item.date)}
            </ul>
          </div>
        </div>"""


def _tags_html(item: Item) -> str:
    if not item.tags:
        return ""
    links = ", ".join(
        f'<a href="/profiles/blog/list?tag={slugify(tag)}">{html.escape(tag)}</a>'
        for tag in item.tags
    )
    return f'<p class="small" id="tagsList">Tags: {links}</p>'


def _pagination(item: Item, page: int, pages: int) -> str:
    if pages == 1:
        return ""
    links = []
    if page > 1:
        links.append(
            f'<li><a href="/{item.path}?page={page - 1}#comments">&lsaquo; Vorige</a></li>'
        )
    for number in range(1, pages + 1):
        if number != page:
            links.append(f'<li><a href="/{item.path}?page={number}#comments">{number}</a></li>')
    if page < pages:
        links.append(
            f'<li><a href="/{item.path}?page={page + 1}#comments">Volgende &rsaquo;</a></li>'
        )
    return f'<ul class="pagination">{"".join(links)}</ul>'


def _comment(reply: Reply) -> str:
    name, profile = html.escape(reply.author.name), reply.author.profile
    native = f"{NETWORK_ID}:Comment:{reply.number}"
    return f"""<dl class="comment vcard xg_lightborder">
    <dt>
        <a name="{native}" id="cid-{native}"></a>
        <span class="xg_avatar"><a class="fn url" href="/profile/{profile}" title="{name}"><img class="photo" src="http://{IMAGE_HOST}/files/avatar/{profile}.png?width=48" alt="" /></a></span>
        Reactie van <a href="/profile/{profile}" class="fn url">{name}</a> op <span class="timestamp">{_when(reply.date)}</span>
        <a href="/xn/detail/{native}" title="Permalink naar deze reactie" class="xg_icon xg_icon-permalink">Permalink</a>
    </dt>
    <dd>
        <div class="xg_user_generated">{_reply_html(reply)}</div>
        <ul class="actionlinks"><li><a href="#" class="xg_sprite xg_sprite-delete">Verwijderen</a></li></ul>
    </dd>
</dl>
"""


def _discussion_reply(reply: Reply) -> str:
    name, profile = html.escape(reply.author.name), reply.author.profile
    native = f"{NETWORK_ID}:Comment:{reply.number}"
    anchor = native.replace(":", "")
    return f"""<dl class="discussion clear i{reply.depth} xg_lightborder">
    <dt class="byline">
        <a name="{native}" id="cid-{native}"></a>
        <span class="xg_avatar"><a class="fn url" href="/profile/{profile}" title="{name}"><img class="photo left" src="http://{IMAGE_HOST}/files/avatar/{profile}.png?width=48" alt="" /></a></span>
        <a name="{anchor}" href="/xn/detail/{native}" title="Permalink naar dit antwoord" class="xg_icon xg_icon-permalink">Permalink</a> Antwoord van <a href="/forum/topic/listForContributor?user={profile}" class="fn url">{name}</a> op <span class="timestamp">{_when(reply.date)}</span>
    </dt>
    <dd><div class="description" id="desc_{anchor}">{_reply_html(reply)}</div></dd>
    <dd><ul class="actionlinks"><li><p class="toggle"><a href="/main/authorization/signUp">Antwoorden</a></p></li></ul></dd>
</dl>
"""


def item_page(item: Item, page: int, items: list[Item]) -> str:
    pages = item.pages()
    shown = pages[page - 1]
    pagination = _pagination(item, page, len(pages))
    if item.kind == "blog":
        comments = "".join(_comment(reply) for reply in shown)
        main = f"""      <div class="xg_module xg_blog xg_blog_detail xg_blog_mypage xg_module_with_dialog">
{_headline(item)}
        <div class="xg_module_body">
          <div class="postbody">
            <div class="xg_user_generated">
{body_html(item, items)}
            </div>
          </div>
          {_tags_html(item)}
          <div class="left-panel"><p class="share-links clear"><a class="post_to_facebook xj_post_to_facebook" href="http://www.facebook.com/share.php?u={item.url}">Facebook</a></p></div>
          <p class="small">Weergaven: {item.views}</p>
        </div>
      </div>
      <div class="xg_module">
        <div class="xg_module_body" id="comments">
          <h3>Opmerking</h3>
          <dl id="cf" class="comment noindent"><dd><p>Je moet lid zijn van Ambtenaar 2.0 om reacties te kunnen toevoegen!</p><p><a href="/main/authorization/signUp">Word lid van Ambtenaar 2.0</a></p></dd></dl>
{comments}
          {pagination}
        </div>
      </div>"""
    else:
        replies = "".join(_discussion_reply(reply) for reply in shown)
        main = f"""      <div class="xg_module">
{_headline(item)}
        <div class="xg_module_body">
          <div class="discussion">
            <div class="description">
{body_html(item, items)}
            </div>
          </div>
          {_tags_html(item)}
          <p class="small">Weergaven: {item.views}</p>
          <dl id="cf" class="discussion noindent"><dd><p class="toggle"><a href="/main/authorization/signUp">Antwoorden</a></p></dd></dl>
        </div>
      </div>
      <div class="xg_module"><div id="discussionReplies"><div class="xg_module_body">
        <h3 id="comments">Antwoorden op deze discussie</h3>
{replies}
        {pagination}
      </div></div></div>"""
    return _page(item.title, main, _sidebar(item.index, items))


def list_page(network: Network, page: int) -> str:
    pages = network.list_pages()
    entries = "".join(
        f'<div class="xg_blog_list_item"><h3><a href="/{item.path}">'
        f"{html.escape(item.title, quote=False)}</a></h3>"
        f'<p class="small">Geplaatst door <a href="/profile/{item.author.profile}">'
        f"{html.escape(item.author.name)}</a> op {_when(item.date)}</p></div>"
        for item in pages[page - 1]
    )
    more = (
        f'<ul class="pagination"><li><a href="/profiles/blog/list?page={page + 1}">'
        "Volgende &rsaquo;</a></li></ul>"
        if page < len(pages)
        else ""
    )
    main = (
        '      <div class="xg_module xg_blog_list"><div class="xg_headline"><h1>Blogposts</h1></div>'
        f'<div class="xg_module_body">{entries}{more}</div></div>'
    )
    return _page("Blogposts", main, _sidebar(len(network.items), network.items))


def home_page(network: Network) -> str:
    latest = network.items[-10:][::-1]
    entries = "".join(
        f'<li><a href="/{item.path}">{html.escape(item.title, quote=False)}</a></li>'
        for item in latest
    )
    main = (
        '      <div class="xg_module"><div class="xg_headline"><h1>Welkom bij Ambtenaar 2.0</h1>'
        f'</div><div class="xg_module_body"><ul>{entries}</ul></div></div>'
    )
    return _page("Ambtenaar 2.0", main, _sidebar(len(network.items), network.items))


def captures(network: Network) -> Iterator[tuple[str, str, bytes]]:
    """Every page and image as (URL path with query, media type, bytes), in crawl order."""
    yield "/", "text/html", home_page(network).encode()
    for page in range(1, len(network.list_pages()) + 1):
        query = f"?page={page}" if page > 1 else ""
        yield f"/profiles/blog/list{query}", "text/html", list_page(network, page).encode()
    for item in network.items:
        for page in range(1, len(item.pages()) + 1):
            query = f"?page={page}" if page > 1 else ""
            content = item_page(item, page, network.items).encode()
            yield f"/{item.path}{query}", "text/html", content
            if page == 1 and item.image is not None:
                yield item.image.url, "image/png", item.image.data
