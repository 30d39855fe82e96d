"""WordPress's text rules, ported: what counts as an email, how names and logins are cleaned.

Real stores run every name and login through these functions, so a fake that skipped them would
accept input a store rejects (or store it differently). Each function names its PHP original.
"""

from __future__ import annotations

import importlib
import ipaddress
import re
import unicodedata
import urllib.parse
from collections.abc import Callable
from typing import Any

from wcmock.patterns import LazyPattern

PHP_TRIM = " \t\n\r\0\x0b"  # what PHP's trim() strips; Python's strip() takes all Unicode space

_TAG = LazyPattern(r"<[^>]*(>|$)")  # PHP's strip_tags also drops an unclosed tag to the end
_LONE_LESS_THAN = LazyPattern(r"<[^>]*?((?=<)|>|$)")
_SCRIPT_STYLE = LazyPattern(r"<(script|style)[^>]*?>.*?</\1>", re.IGNORECASE | re.DOTALL)
_BREAKS = re.compile(r"[\r\n\t ]+")
_OCTET = re.compile(r"%[a-fA-F0-9]{2}")
_ENTITY = LazyPattern(r"&.+?;")
_NOT_STRICT = LazyPattern(r"[^a-z0-9 _.\-@]", re.IGNORECASE)
_WHITESPACE = LazyPattern(r"\s+")
_PLAIN_LOGIN = LazyPattern(r"[A-Za-z0-9_.@-]*")  # a login both sanitisers leave as it is
_SPECIAL_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
        "ð": "d",
        "Ð": "D",
        "\u0131": "i",
        "€": "E",
        "£": "",
    }
)


# is_email's checks in one pattern: the ASCII local part up to the first ``@`` (PHP's ``$`` lets one
# trailing newline through, as Python's does), then two or more labels of letters, digits and inner
# hyphens, as WordPress's ``/^[a-z0-9-]+$/i`` takes them. It matched them case-insensitively,
# ``(?i:[a-z0-9])``, which in Python also takes the four non-ASCII letters that fold into [a-z]:
# those are folded in the domain first (``_FOLD``), and the pattern compiles in a fifth of the time
# (the case-insensitive one took 1.5 ms of every start); tests/test_wordpress.py holds them alike.
# A label is runs of letters and digits joined by runs of hyphens; every quantifier possessive
# (nothing after a run can start with what it takes, so giving back never finds another match):
# a fullmatch that never backtracks, ~30 % sooner for a create's email
_EMAIL = re.compile(
    r"[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]++\n?@[a-zA-Z0-9]++(?:-++[a-zA-Z0-9]++)*+"
    r"(?:\.[a-zA-Z0-9]++(?:-++[a-zA-Z0-9]++)*+)++"
)
_FOLD = str.maketrans("\u0130\u0131\u017f\u212a", "iisk")  # dotted I, dotless i, long s, Kelvin sign


def is_email(value: str) -> bool:
    """``is_email()``: WordPress's deliberately simple check (ASCII local part, dotted domain).

    WordPress's steps: at least 6 characters and an ``@`` after the first; the part before the first
    ``@`` made of the local characters; no ``..`` in the domain, nothing to trim at its ends; two or
    more labels, none with a hyphen or space at an end, each of letters, digits and hyphens. Any
    ``@`` after the first lands in the domain, where no label can hold it. ``_EMAIL`` is all of that
    at once (``tests/test_wordpress.py`` checks it against the steps themselves)."""
    global _LAST_EMAIL
    last, verdict = _LAST_EMAIL
    if type(value) is str and value == last:
        return verdict
    # an ASCII address (nearly all) is matched as it is: ``_folded_domain`` would return it
    folded = value if type(value) is str and value.isascii() else _folded_domain(value)
    verdict = len(value) >= 6 and _EMAIL.fullmatch(folded) is not None
    _LAST_EMAIL = (value, verdict)
    return verdict


def _folded_domain(value: str) -> str:
    """``value`` with the letters ``(?i:[a-z])`` takes folded after its first ``@`` (the local part
    must stay ASCII); an ASCII address (nearly all) as it is."""
    if not isinstance(value, str) or value.isascii():
        return value
    at = value.find("@")
    return value if at < 0 else value[:at] + value[at:].translate(_FOLD)


# the last address checked, and its verdict: a create checks its email twice (the argument's
# format, then the customer object's), and a batch's items come one after the other
_LAST_EMAIL: tuple[str, bool] = ("", False)


def is_protected_meta(key: str) -> bool:
    """``is_protected_meta()``: after dropping what is neither printable ASCII nor a letter, a key
    starting with ``_`` is protected (``"\x07_bell"`` is, ``" _spaced"`` is not)."""
    if key.isascii() and key.isprintable():  # the usual key: nothing to drop
        return key.startswith("_")
    kept = "".join(ch for ch in key if " " <= ch <= "~" or ch.isalpha())
    return kept.startswith("_")


def strip_all_tags(value: str) -> str:
    """``wp_strip_all_tags()`` without the line-break option."""
    return _TAG.sub("", _SCRIPT_STYLE.sub("", value)).strip(PHP_TRIM)


def sanitize_text_field(value: str) -> str:
    """``sanitize_text_field()``: no tags, no line breaks or runs of spaces, no percent octets.

    Text with none of them (no control character, ``<``, ``%``, two spaces in a row, nor a space
    at either end: an email, a name) is its own sanitised form, returned without the regexes."""
    if (
        value.isprintable()
        and "<" not in value
        and "%" not in value
        and "  " not in value
        and value[:1] != " "
        and value[-1:] != " "
    ):
        return value
    if "<" in value:
        value = _LONE_LESS_THAN.sub(lambda m: m.group(0) if ">" in m.group(0) else _esc_html(m.group(0)), value)
        value = strip_all_tags(value)
    value = _BREAKS.sub(" ", value).strip(PHP_TRIM)
    found = False
    while match := _OCTET.search(value):
        value = value.replace(match.group(0), "")
        found = True
    if found:
        value = re.sub(" +", " ", value).strip(PHP_TRIM)
    return value


def _esc_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def remove_accents(value: str) -> str:
    """``remove_accents()``: fold accented Latin letters to ASCII (``célia`` → ``celia``)."""
    if value.isascii():
        return value
    decomposed = unicodedata.normalize("NFKD", value.translate(_SPECIAL_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sanitize_user(value: str, *, strict: bool = False) -> str:
    """``sanitize_user()``: what WordPress keeps of a login name.

    A login of ASCII letters, digits and ``_.@-`` only (the usual one, and every generated one) has
    no tag, accent, entity, octet, space or character strict mode drops: it is kept as it is."""
    if _PLAIN_LOGIN.fullmatch(value):
        return value
    value = remove_accents(strip_all_tags(value))
    value = _ENTITY.sub("", _OCTET.sub("", value))
    if strict:
        value = _NOT_STRICT.sub("", value)
    return _WHITESPACE.sub(" ", value.strip(PHP_TRIM))


def validate_username(value: str) -> bool:
    """``validate_username()``: a login survives strict sanitising unchanged."""
    return value not in ("", "0") and sanitize_user(value, strict=True) == value  # PHP: empty("0")


def sanitize_title(value: str) -> str:
    """``sanitize_title`` as a REST sanitize callback runs it (context ``id``, so no accent folding).

    Tags and entities go, letters are lower-cased (non-ASCII ones percent-encoded), dots and
    whitespace become dashes, anything else outside ``[%a-z0-9_-]`` is dropped.
    """
    text = re.sub(r"<[^>]*>", "", value)
    text = re.sub(r"%([a-fA-F0-9][a-fA-F0-9])", r"---\1---", text).replace("%", "")
    text = re.sub(r"---([a-fA-F0-9][a-fA-F0-9])---", r"%\1", text)
    text = "".join(ch if ch.isascii() else urllib.parse.quote(ch.lower()).lower() for ch in text).lower()
    text = re.sub(r"&.+?;", "", text).replace(".", "-")
    text = re.sub(r"[^%a-z0-9 _-]", "", text)
    text = re.sub(r"\s+", "-", text)
    return re.sub(r"-+", "-", text).strip("-")


AVATAR_MEMO_LIMIT = 4096  # emails whose avatar URL is kept: every rendering of a customer shows it
_AVATARS: dict[str, str] = {}
_SHA256: Callable[[bytes], Any] | None = None  # found at first use (``_first_sha256``)


def _first_sha256() -> Callable[[bytes], Any]:
    """``_SHA256``, found now: CPython's own SHA-256 (``_sha2``; ``_sha256`` before 3.12), ~3x
    sooner than OpenSSL's ``hashlib.sha256`` for an email (which sets up a context per call: a
    create's dearest step after validation); hashlib's where neither is built."""
    global _SHA256
    _SHA256 = _builtin_sha256()
    return _SHA256


def _builtin_sha256() -> Callable[[bytes], Any]:
    for name in ("_sha2", "_sha256"):
        try:
            found: Callable[[bytes], Any] = importlib.import_module(name).sha256
        except (ImportError, AttributeError):
            continue
        return found
    import hashlib

    return hashlib.sha256


AVATAR_OPENING, AVATAR_CLOSING = "https://secure.gravatar.com/avatar/", "?s=96&d=mm&r=g"  # around the digest


def avatar_url(email: str) -> str:
    """``get_avatar_url()`` as WordPress ≥ 6.8 builds it: SHA-256 of the trimmed, lower-cased email
    (``avatar_digest``) between the two ends above, kept per email."""
    url = _AVATARS.get(email)
    if url is None:
        if len(_AVATARS) >= AVATAR_MEMO_LIMIT:
            _AVATARS.clear()
        url = _AVATARS[email] = f"{AVATAR_OPENING}{avatar_digest(email)}{AVATAR_CLOSING}"
    return url


def avatar_digest(email: str) -> str:
    """What ``avatar_url`` shows of ``email``: its hex SHA-256, 64 digits and letters. Not kept: a
    create's rendering is made once (from a template, which puts in the digest alone)."""
    sha256 = _SHA256 if _SHA256 is not None else _first_sha256()
    digest: str = sha256(email.strip(PHP_TRIM).lower().encode()).hexdigest()
    return digest


def nicename(login: str) -> str:
    """``sanitize_title()`` of a login, as stored in ``user_nicename`` and searched by lists."""
    return re.sub(r"[\s.]+", "-", login.lower())


# what PHP's URL filter keeps; FILTER_VALIDATE_URL fails a URL that holds anything else
_URL_CHARACTERS = LazyPattern(r"[A-Za-z0-9$\-_.+!*'(),{}|\\^~\[\]`<>#%\";/?:@&=]*")
_HOST_LABEL = LazyPattern(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def is_valid_url(url: str) -> bool:
    """``wc_is_valid_url``: starts with ``http://`` or ``https://`` (case counts), then passes PHP's
    ``FILTER_VALIDATE_URL``: URL characters only, a host name or bracketed IPv6 address, a valid port."""
    if not url.startswith(("http://", "https://")) or not _URL_CHARACTERS.fullmatch(url):
        return False
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018  (reading it checks it)
    except ValueError:
        return False
    host = parts.netloc.rpartition("@")[2]
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:].partition("]")[0])
        except ValueError:
            return False
        return True
    host = host.partition(":")[0].removesuffix(".")
    return 0 < len(host) <= 253 and all(_HOST_LABEL.fullmatch(label) for label in host.split("."))
