"""An HTML page as lxml's tree, read the way BeautifulSoup and soupsieve read it.

Parsing a page with BeautifulSoup and searching it with soupsieve's CSS selectors was
most of an import's time; lxml parses a page in a twentieth of the time and XPath
searches it quickly. The readers were written, and tested on real captures, against
BeautifulSoup's view of a page, so this module gives that view: `parse` the page as
BeautifulSoup had lxml parse it, `css` finds what soupsieve's `select()` found, and
`get_text`, `inner_html` and `decompose` do what BeautifulSoup's `get_text()`,
`decode_contents()` and `decompose()` did.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

_TEMPLATES = etree.XPath("count(ancestor-or-self::template)")
_SIMPLE_SELECTOR = re.compile(
    r"(?P<tag>[a-z][a-z0-9]*)|\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+)|\[(?P<attr>\w+)\*='(?P<part>[^']*)'\]"
)


def css(selectors: str) -> Callable[[etree._Element], list[etree._Element]]:
    """A list of CSS selectors compiled to XPath, meaning what soupsieve's `select()` meant.

    It finds the elements below the element it is given, in document order. An ancestor
    that a descendant combinator names may be anywhere above, outside the given element
    too. Like the HTML standard, soupsieve takes a `template`'s content for a document of
    its own: it never looks into one, unless selecting from that very template, nor out
    of one. Only the selectors this reader uses: type, class, id,
    `[attribute*='text']`, and the descendant combinator.

    XPath is slow with many tests per element: the selectors are grouped under a cheap
    first test that most elements fail (`self::dl`, `@class`).
    """
    groups: dict[str, list[str]] = {}
    for selector in selectors.split(","):
        first, rest = _selector(selector)
        groups.setdefault(first, []).append(rest)
    conditions = " or ".join(
        first if "" in rests else f"({first} and ({' or '.join(rests)}))"
        for first, rests in groups.items()
    )
    xpath = etree.XPath(f"descendant::*[{conditions}][count(ancestor::template) = $templates]")

    def select(element: etree._Element) -> list[etree._Element]:
        return xpath(element, templates=_TEMPLATES(element))

    return select


def _selector(selector: str) -> tuple[str, str]:
    """The tests an element that the selector finds passes: the cheap one, and the rest."""
    *ancestors, last = selector.split()
    above = ""
    for compound in ancestors:
        condition = " and ".join(_compound(compound))
        above = f"{condition} and {_ancestor(above)}" if above else condition
    first, *rest = _compound(last)
    if above:
        rest.append(_ancestor(above))
    return first, " and ".join(rest)


def _ancestor(condition: str) -> str:
    """An ancestor matches, one below the nearest template around (XPath 1.0 cannot ask
    that of the ancestor itself: so, one of the template's content that is an ancestor)."""
    inside = f"ancestor::template[1]/descendant::*[{condition}]"
    return (
        f"(ancestor::*[{condition}] and (not(ancestor::template)"
        f" or count(ancestor::* | {inside}) < count(ancestor::*) + count({inside})))"
    )


def _compound(compound: str) -> list[str]:
    """The tests of a compound selector, the cheap one first: the type, or that the
    element has the attribute that the first simple selector tests."""
    tests, position = [], 0
    while position < len(compound):
        match = _SIMPLE_SELECTOR.match(compound, position)
        if not match:
            raise ValueError(f"selector not supported: {compound!r}")
        if position == 0 and not match["tag"]:
            tests.append(f"@{match['attr'] or ('class' if match['cls'] else 'id')}")
        tests.append(_simple(match))
        position = match.end()
    return tests


def _simple(match: re.Match[str]) -> str:
    """One simple selector. Class attributes hold their classes split by single spaces
    (`_parse`), so that XPath finds the classes soupsieve found."""
    tag, cls, ident, attribute, part = match.groups()
    if tag:
        return f"self::{tag}"
    if cls:
        words = "concat(' ', normalize-space(@class), ' ')"
        return f"(contains(@class, '{cls}') and contains({words}, ' {cls} '))"
    if ident:
        return f"@id = '{ident}'"
    return f"contains(@{attribute}, '{part}')"


# Names the HTML parser never gives (it gives lowercase ones).
_PAGE = "PAGE"
_GAP = "REMOVED"

# BeautifulSoup's view of the text: strings in these elements are of a kind of their own,
# left out of the text of any other element.
_STRING_CONTAINERS = ("script", "style", "template", "rt", "rp")
_CONTAINER = " or ".join(f"self::{name}" for name in _STRING_CONTAINERS)
_IN_CONTAINER = f"ancestor::*[{_CONTAINER}]"
_HAS_CONTAINER = etree.XPath(f"boolean(descendant::*[{_CONTAINER}])")
_NEAREST_CONTAINER = etree.XPath(f"ancestor-or-self::*[{_CONTAINER}][1]")
_ALL_TEXT = etree.XPath("descendant::text()", smart_strings=False)
_MAIN_TEXT = etree.XPath(f"descendant::text()[not({_IN_CONTAINER})]", smart_strings=False)
_CONTAINER_TEXT = etree.XPath(
    f"descendant::text()[{_IN_CONTAINER}[1][name() = $kind]]", smart_strings=False
)
# How BeautifulSoup writes markup out (decode_contents with its "minimal" formatter).
_VOID = {
    "area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr",
    "image", "img", "input", "isindex", "keygen", "link", "menuitem", "meta", "nextid", "param",
    "source", "spacer", "track", "wbr",
}  # fmt: skip
_LIST_ATTRIBUTES = {"class", "accesskey", "dropzone"}
_LIST_ATTRIBUTES_OF = {
    "a": {"rel", "rev"},
    "link": {"rel", "rev"},
    "td": {"headers"},
    "th": {"headers"},
    "form": {"accept-charset"},
    "object": {"archive"},
    "area": {"rel"},
    "icon": {"sizes"},
    "iframe": {"sandbox"},
    "output": {"for"},
}
_RAW_TEXT = ("script", "style")
_KEEP_SPACE = ("pre", "textarea")
_ASCII_SPACES = " \n\t\f\r"
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ODD_SPACE = re.compile(r"[^\S \t\n\r]")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def classes(element: etree._Element) -> list[str]:
    return (element.get("class") or "").split()


def first(elements: list[etree._Element]) -> etree._Element | None:
    return elements[0] if elements else None


def parse(text: str) -> etree._Element:
    """The page as BeautifulSoup had lxml parse it (from text, fed), in a `_PAGE` element.

    That element holds what BeautifulSoup's soup held: the root element, and what comes
    before and after it (after a stray `</html>`, the parser starts another root).
    BeautifulSoup built the tree from lxml's events, which know no limits; lxml building
    it stops at a depth of 255 or a text of 10 MB, and at 2048 levels with `huge_tree`.

    Class attributes are rewritten to their classes split by single spaces: BeautifulSoup
    split them at any Unicode space, XPath only at ASCII ones; a character that XML
    cannot hold (a class with it matches no selector either way) becomes U+FFFD.
    """
    page = etree.Element(_PAGE)
    parser = etree.HTMLParser(huge_tree=True)
    try:
        parser.feed(text.removeprefix("\ufeff"))
        root = parser.close()
    except (etree.LxmlError, ValueError):
        root = None
    if root is None:
        return page
    page.extend([*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()])
    for element in page.iter():
        value = element.get("class")
        if value and _ODD_SPACE.search(value):
            element.set("class", _NOT_XML.sub("\ufffd", " ".join(value.split())))
    return page


def decompose(element: etree._Element) -> None:
    """Take the element out of the page, as BeautifulSoup's `decompose()` did.

    The text after the element stays a string of its own, so that `a<script/>b` still
    reads "a b": the element stays for its tail, emptied and renamed `_GAP`.
    """
    parent = element.getparent()
    if parent is None:  # already out, with an element it was in
        return
    if element.tail:
        element.clear(keep_tail=True)
        element.tag = _GAP
    else:
        parent.remove(element)


def get_text(element: etree._Element, separator: str = " ") -> str:
    """BeautifulSoup's `get_text(separator)`: the strings below the element, one per text
    node (comments left out). The text of a script, style, template or ruby annotation
    (rt, rp) counts only for such an element itself."""
    kind = element.tag if element.tag in _STRING_CONTAINERS else None
    if _HAS_CONTAINER(element):
        if kind:
            return separator.join(_CONTAINER_TEXT(element, kind=kind))
        return separator.join(_MAIN_TEXT(element))
    around = _NEAREST_CONTAINER(element)
    if (around[0].tag if around else None) != kind:
        return ""
    return separator.join(_ALL_TEXT(element))


def inner_html(element: etree._Element) -> str:
    """BeautifulSoup's `decode_contents()`: the markup to_markdown always got.

    Attributes sorted, a list attribute (class) as single-spaced words, void elements as
    `<br/>`, only `&`, `<` and `>` escaped (not in script or style), a string of ASCII
    spaces outside `pre` and `textarea` as one space or newline. It differs from
    BeautifulSoup's only where the sanitizer drops the difference: HTML's boolean
    attributes (`disabled="disabled"`, BeautifulSoup wrote `disabled=""`) and a
    `<meta charset>` (BeautifulSoup wrote utf-8).
    """
    keep_space = any(node.tag in _KEEP_SPACE for node in element.iterancestors())
    # (raw text, keep spaces) in the element whose content is being written
    contexts = [(element.tag in _RAW_TEXT, keep_space or element.tag in _KEEP_SPACE)]
    pieces = [_string(element.text, *contexts[-1])] if element.text else []
    for event, node in etree.iterwalk(element, events=("start", "end", "comment")):
        if node is element:
            continue
        if event == "start":
            pieces.append(_start_tag(node))
            keep_space = contexts[-1][1] or node.tag in _KEEP_SPACE
            contexts.append((node.tag in _RAW_TEXT, keep_space))
            if node.text:
                pieces.append(_string(node.text, *contexts[-1]))
            continue
        if event == "end":
            contexts.pop()
            pieces.append(_end_tag(node))
        else:
            pieces.append(f"<!--{_string(node.text or '', True, contexts[-1][1])}-->")
        if node.tail:
            pieces.append(_string(node.tail, *contexts[-1]))
    return "".join(pieces)


def _start_tag(element: etree._Element) -> str:
    tag = element.tag
    if tag == _GAP:
        return ""
    attributes = "".join(
        f" {key}={_quoted(_attribute(tag, key, value))}"
        for key, value in sorted(element.attrib.items())
    )
    return f"<{tag}{attributes}{'/' if _is_void(element) else ''}>"


def _end_tag(element: etree._Element) -> str:
    return "" if element.tag == _GAP or _is_void(element) else f"</{element.tag}>"


def _is_void(element: etree._Element) -> bool:
    return element.tag in _VOID and not element.text and not len(element)


def _string(text: str, raw: bool, keep_space: bool) -> str:
    if not keep_space and not text.strip(_ASCII_SPACES):
        text = "\n" if "\n" in text else " "
    return text if raw else text.translate(_ESCAPES)


def _attribute(tag: str, key: str, value: str) -> str:
    if key in _LIST_ATTRIBUTES or key in _LIST_ATTRIBUTES_OF.get(tag, ()):
        value = " ".join(value.split())
    return value.translate(_ESCAPES)


def _quoted(value: str) -> str:
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'
