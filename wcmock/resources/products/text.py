"""WordPress's text rules a product passes through: slugs, paragraphs, allowed HTML.

A real store runs a product's name through ``wp_filter_post_kses``, makes its slug with
``sanitize_title`` and shows descriptions through ``wpautop``; a fake that skipped them would answer
``"Cotton tee."`` where the store answers ``"<p>Cotton tee.</p>\\n"``. Each function names its PHP
original; they are written from WordPress 6.8's behaviour, not copied from it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wcmock.wordpress import PHP_TRIM, remove_accents

SLUG_BYTES = 200  # utf8_uri_encode( $title, 200 ): a slug keeps at most 200 encoded bytes

_TAG = re.compile(r"<[^>]*(>|$)")
_OCTET = re.compile(r"%([a-fA-F0-9]{2})")
_ENTITY = re.compile(r"&.+?;")
_NOT_SLUG = re.compile(r"[^%a-z0-9 _-]")
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"-+")
_PLAIN_TITLE = re.compile(r"[A-Za-z0-9 _-]*")
# sanitize_title_with_dashes( …, 'save' ): encoded characters that become a dash, or vanish
_SAVE_TO_DASH = (
    "%c2%a0", "%e2%80%93", "%e2%80%94", "&nbsp;", "&#160;", "&ndash;", "&#8211;", "&mdash;", "&#8212;", "/",
    "%e2%80%80", "%e2%80%81", "%e2%80%82", "%e2%80%83", "%e2%80%84", "%e2%80%85", "%e2%80%86",
    "%e2%80%87", "%e2%80%88", "%e2%80%89", "%e2%80%8a", "%e2%80%a8", "%e2%80%a9", "%e2%80%af",
)  # fmt: skip
_SAVE_DROPPED = (
    "%c2%ad", "%c2%a1", "%c2%bf", "%c2%ab", "%c2%bb", "%e2%80%b9", "%e2%80%ba", "%e2%80%98", "%e2%80%99",
    "%e2%80%9c", "%e2%80%9d", "%e2%80%9a", "%e2%80%9b", "%e2%80%9e", "%e2%80%9f", "%e2%80%a2", "%c2%a9",
    "%c2%ae", "%c2%b0", "%e2%80%a6", "%e2%84%a2", "%c2%b4", "%cb%8a", "%cc%81", "%cd%81", "%cc%80",
    "%cc%84", "%cc%8c", "%e2%80%8b", "%e2%80%8c", "%e2%80%8d", "%e2%80%8e", "%e2%80%8f", "%e2%80%aa",
    "%e2%80%ab", "%e2%80%ac", "%e2%80%ad", "%e2%80%ae", "%ef%bb%bf", "%ef%bf%bc",
)  # fmt: skip


@lru_cache(maxsize=8192)
def sanitize_title(title: str) -> str:
    """``sanitize_title()`` for saving: ``"Café Crème"`` → ``cafe-creme``, ``"a/b"`` → ``a-b``.

    Accents are folded, tags and entities dropped, other non-ASCII letters percent-encoded in lower
    case (``Ελ`` → ``%ce%b5%ce%bb``), and every run of spaces, dots or dashes becomes one dash.
    A plain title (ASCII letters, digits, spaces, ``_`` and ``-``: most names) has nothing for the
    other steps to do, so it is only lower-cased and dashed.
    """
    if _PLAIN_TITLE.fullmatch(title):
        text = title.lower().replace(" ", "-")
        return (_DASHES.sub("-", text) if "--" in text else text).strip("-")  # a run of dashes is rare
    return _sanitized(title)


def _sanitized(title: str) -> str:
    text = _TAG.sub("", _fold_latin(title))
    text = _OCTET.sub(r"---\1---", text).replace("%", "")
    text = re.sub(r"---([a-fA-F0-9]{2})---", r"%\1", text)
    if not text.isascii():
        text = _uri_encode(text.lower())
    text = text.lower()
    if "%" in text or "&" in text or "/" in text:
        for needle in _SAVE_TO_DASH:
            text = text.replace(needle, "-")
        for needle in _SAVE_DROPPED:
            text = text.replace(needle, "")
        text = text.replace("%c3%97", "x")
    text = _ENTITY.sub("", text).replace(".", "-")
    text = _DASHES.sub("-", _SPACES.sub("-", _NOT_SLUG.sub("", text)))
    return text.strip("-")


def _fold_latin(text: str) -> str:
    """``remove_accents()`` folds Latin letters only: ``é`` → ``e``, but Greek ``ά`` stays ``ά``."""
    if text.isascii():
        return text
    return "".join(remove_accents(ch) if _latin(ch) else ch for ch in text)


def _latin(ch: str) -> bool:
    code = ord(ch)
    return 0xC0 <= code <= 0x24F or 0x1E00 <= code <= 0x1EFF or ch in "€£"


def _uri_encode(text: str) -> str:
    """``utf8_uri_encode( $text, 200 )``: non-ASCII characters as ``%xx`` octets, cut at 200 bytes."""
    out: list[str] = []
    used = 0
    for char in text:
        piece = char if char.isascii() else "".join(f"%{b:x}" for b in char.encode("utf-8"))
        if used + len(piece) > SLUG_BYTES:
            break
        out.append(piece)
        used += len(piece)
    return "".join(out)


# ------------------------------------------------------------------------------------------ wpautop

_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    r"blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|"
    r"figure|figcaption|details|menu|summary)"
)
# patterns as text, compiled (and kept by ``re``) at wpautop's first call, as its inline ones are:
# compiling them at import cost every start-up ~8 ms, and most start-ups wrap no paragraph
_BLOCK_OPEN = r"(<" + _BLOCKS + r"[\s/>])"
_BLOCK_CLOSE = r"(</" + _BLOCKS + r">)"
_ELEMENT = r"(?s)(<!--.*?(?:-->|$)|<[^>]*(?:>|$))"
_UNWRAP = r"<p>\s*(</?" + _BLOCKS + r"[^>]*>)\s*</p>"
_OPEN_P_BEFORE_BLOCK = r"<p>\s*(</?" + _BLOCKS + r"[^>]*>)"
_CLOSE_P_AFTER_BLOCK = r"(</?" + _BLOCKS + r"[^>]*>)\s*</p>"
_BR_AFTER_BLOCK = r"(</?" + _BLOCKS + r"[^>]*>)\s*<br />"
_BR_BEFORE_BLOCK = r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)"
_KEEP_NEWLINES = r"(?s)<(script|style|svg|math).*?</\1>"
_NEWLINE_MARK = " <!-- wpnl --> "


@lru_cache(maxsize=4096)
def wpautop(text: str) -> str:
    """``wpautop()``: blank-line separated text becomes ``<p>`` paragraphs, single newlines ``<br />``.

    ``"x"`` → ``"<p>x</p>\\n"``; ``"<p>x</p>"`` → ``"<p>x</p>\\n"``; ``""`` stays ``""``. ``<pre>``
    blocks are left alone; ``<option>``, ``<object>`` and media-source special cases are not modelled.
    """
    if not text.strip(PHP_TRIM):
        return ""
    text += "\n"
    pre_blocks: dict[str, str] = {}
    if "<pre" in text:
        text = _hold_pre(text, pre_blocks)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(_BLOCK_OPEN, "\n\n\\1", text)
    text = re.sub(_BLOCK_CLOSE, "\\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", "\\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(_ELEMENT, lambda m: m.group(0).replace("\n", _NEWLINE_MARK), text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join("<p>" + p.strip("\n") + "</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(_UNWRAP, r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(_OPEN_P_BEFORE_BLOCK, r"\1", text)
    text = re.sub(_CLOSE_P_AFTER_BLOCK, r"\1", text)
    text = re.sub(_KEEP_NEWLINES, lambda m: m.group(0).replace("\n", "<WPPreserveNewline />"), text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(_BR_AFTER_BLOCK, r"\1", text)
    text = re.sub(_BR_BEFORE_BLOCK, r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, block in pre_blocks.items():
        text = text.replace(name, block)
    return text.replace(_NEWLINE_MARK, "\n").replace(_NEWLINE_MARK.strip(), "\n")


def _hold_pre(text: str, held: dict[str, str]) -> str:
    parts = text.split("</pre>")
    last = parts.pop()
    out = ""
    for part in parts:
        start = part.find("<pre")
        if start < 0:
            out += part
            continue
        name = f"<pre wp-pre-tag-{len(held)}></pre>"
        held[name] = part[start:] + "</pre>"
        out += part[:start] + name
    return out + last


# ----------------------------------------------------------------------------------------- kses

# wp_kses_allowed_html( 'post' ), element names only: attributes are kept except event handlers
# and script URLs (the store filters attributes per element; docs/fidelity.md says so).
_POST_TAG_NAMES = (
    "a abbr acronym address area article aside audio b bdo big blockquote br button caption cite code col "
    "colgroup del dd dfn details div dl dt em fieldset figure figcaption font footer h1 h2 h3 h4 h5 h6 header "
    "hgroup hr i img ins kbd label legend li main map mark menu nav object p pre q rb rp rt rtc ruby s samp "
    "span section small strike strong sub summary sup table tbody td textarea tfoot th thead title tr track "
    "tt u ul ol var video"
)
POST_TAGS = frozenset(_POST_TAG_NAMES.split(" "))
_KSES_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|<!--.*?-->", re.DOTALL)
_EVENT_ATTR = re.compile(r"""\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"""(\s(?:href|src)\s*=\s*["']?)\s*javascript:""", re.IGNORECASE)


def filter_post_kses(text: str) -> str:
    """``wp_filter_post_kses()``, simplified: tags a post may hold stay, others go and leave their text.

    ``"<script>x</script>"`` → ``"x"``; ``"<b>Bold</b>"`` stays. Comments are removed.
    """
    if "<" not in text:
        return text

    def keep(match: re.Match[str]) -> str:
        name = match.group(2)
        if name is None or name.lower() not in POST_TAGS:
            return ""
        attrs = _SCRIPT_URL.sub(r"\1", _EVENT_ATTR.sub("", match.group(3)))
        return f"<{match.group(1)}{name.lower()}{attrs}>"

    return _KSES_TAG.sub(keep, text)


def post_title(value: str) -> str:
    """A post title as ``wp_insert_post`` saves it: kses, then PHP's ``trim``."""
    return filter_post_kses(value).strip(PHP_TRIM)
