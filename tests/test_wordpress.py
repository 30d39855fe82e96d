"""WordPress's text rules (``wcmock.wordpress``), checked against what the PHP originals return.

``is_email`` (wp-includes/formatting.php): at least 6 characters, an ``@`` after the first one, an
ASCII local part, a domain of at least two dot-separated labels made of letters, digits and inner
hyphens. ``sanitize_text_field``, ``sanitize_user``, ``remove_accents`` and ``validate_username``
are from the same file and wp-includes/user.php.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wcmock.wordpress import (
    avatar_url,
    is_email,
    remove_accents,
    sanitize_text_field,
    sanitize_user,
    strip_all_tags,
    validate_username,
)

# ---------------------------------------------------------------------------- is_email


@pytest.mark.parametrize(
    "email",
    [
        "john.doe@example.com",
        "ab@c.de",  # exactly six characters
        "JOHN@EXAMPLE.COM",
        "o'brien+tag@example.com",
        "!#$%&'*+/=?^_`{|}~-@example.com",
        "john..doe@example.com",  # WordPress does not look at dots in the local part
        ".john@example.com",
        "john@sub.example.co.uk",
        "john@123.com",
        "john@my-shop.example",
    ],
)
def test_valid_emails(email: str) -> None:
    assert is_email(email)


@pytest.mark.parametrize(
    ("email", "php_reason"),
    [
        ("a@b.c", "email_too_short"),
        ("", "email_too_short"),
        ("@example.com", "email_no_at"),
        ("john.example.com", "email_no_at"),
        ("john doe@example.com", "local_invalid_chars"),
        ("john(doe)@example.com", "local_invalid_chars"),
        ("célia@example.org", "local_invalid_chars"),
        ("john@example..com", "domain_period_sequence"),
        ("john@.example.com", "domain_period_limits"),
        ("john@example.com.", "domain_period_limits"),
        ("john@example.com ", "domain_period_limits"),
        ("john@localhost", "domain_no_periods"),
        ("john@-example.com", "sub_hyphen_limits"),
        ("john@example-.com", "sub_hyphen_limits"),
        ("john@exa_mple.com", "sub_invalid_chars"),
        ("john@exämple.com", "sub_invalid_chars"),
        ("a@b@example.com", "sub_invalid_chars"),
    ],
)
def test_invalid_emails(email: str, php_reason: str) -> None:
    assert not is_email(email), php_reason


# ---------------------------------------------------------------------------- sanitize_text_field


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  John   Doe  ", "John Doe"),
        ("John\n\tDoe\r\n", "John Doe"),
        ("<b>John</b> Doe", "John Doe"),
        ("<script>alert(1)</script>Jane", "Jane"),
        ("<style>p{}</style> Jane <i>Smith</i>", "Jane Smith"),
        ("100%25 sure", "100 sure"),
        ("caf%C3%A9 au lait", "caf au lait"),
        ("%ab%CD", ""),
        ("João Silva", "João Silva"),
        ("O'Brien & Sons", "O'Brien & Sons"),
        ("", ""),
    ],
)
def test_sanitize_text_field(raw: str, clean: str) -> None:
    assert sanitize_text_field(raw) == clean


def test_sanitize_text_field_escapes_a_lone_less_than_sign() -> None:
    # wp_pre_kses_less_than turns a "<" that opens no tag into "&lt;" before tags are stripped.
    assert sanitize_text_field("1 < 2") == "1 &lt; 2"


# ---------------------------------------------------------------------------- remove_accents


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("célia", "celia"),
        ("João", "Joao"),
        ("Ærøskøbing", "AEroskobing"),
        ("straße", "strasse"),
        ("Łódź", "Lodz"),
        ("Đorđe", "Dorde"),
        ("Œuvre", "OEuvre"),
        ("plain ascii", "plain ascii"),
    ],
)
def test_remove_accents(raw: str, folded: str) -> None:
    assert remove_accents(raw) == folded


def test_remove_accents_spells_out_the_euro_sign_and_drops_the_pound_sign() -> None:
    assert remove_accents("5€ or 4£") == "5E or 4"


# ---------------------------------------------------------------------------- sanitize_user


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Célia.Martin", "Celia.Martin"),  # accents folded, case kept
        ("  john   doe ", "john doe"),
        ("<b>john</b>", "john"),
        ("john%20doe", "johndoe"),
        ("john&amp;doe", "johndoe"),
        ("john!doe", "john!doe"),  # only strict mode drops other characters
    ],
)
def test_sanitize_user_non_strict(raw: str, clean: str) -> None:
    assert sanitize_user(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("john!doe#1", "johndoe1"),
        ("Célia+shop", "Celiashop"),
        ("a_b-c.d@e f", "a_b-c.d@e f"),
        ("日本", ""),
    ],
)
def test_sanitize_user_strict_keeps_only_ascii_letters_digits_and_space_dot_dash_underscore_at(
    raw: str, clean: str
) -> None:
    assert sanitize_user(raw, strict=True) == clean


def test_sanitize_user_drops_an_unclosed_tag_like_php_strip_tags() -> None:
    # strip_tags() treats "<d" as the start of a tag and drops it with the rest of the string.
    assert sanitize_user("john<doe") == "john"


# ---------------------------------------------------------------------------- validate_username


@pytest.mark.parametrize("login", ["john", "John.Doe", "john doe", "a_b-c@d", "user123"])
def test_valid_usernames(login: str) -> None:
    assert validate_username(login)


@pytest.mark.parametrize("login", ["", "john!", "célia", "john+tag", " john", "john  doe", "<b>x</b>"])
def test_invalid_usernames(login: str) -> None:
    assert not validate_username(login)


def test_the_username_zero_is_empty_in_php_and_so_invalid() -> None:
    # validate_username() requires ! empty( $sanitized ), and empty( "0" ) is true in PHP.
    assert not validate_username("0")


TRICKY_LOGINS = st.sampled_from(["0", " 0 ", "a\tb", "%41b", "&amp;x", "<b>x</b>", "Célia"])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30) | TRICKY_LOGINS)
def test_a_strictly_sanitised_lower_cased_login_is_left_alone_by_both_sanitisers(raw: str) -> None:
    # what lets the customers backend skip them for a login it generated (from an email's local part)
    login = sanitize_user(raw, strict=True).lower()
    assert sanitize_user(login) == login
    assert sanitize_user(login + "-0042") == login + "-0042"
    assert validate_username(login) == (login not in ("", "0"))
    assert validate_username(login + "-0042")


# ---------------------------------------------------------------------------- the steps themselves

# ``is_email`` and ``sanitize_user`` take shortcuts; these are WordPress's steps one by one, as
# formatting.php writes them, and the shortcuts must agree with them on every text

_LOCAL = re.compile(r"^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]+$")
_SUB = re.compile(r"^[a-z0-9-]+$", re.IGNORECASE)


def is_email_step_by_step(value: str) -> bool:
    if len(value) < 6 or "@" not in value[1:]:
        return False
    local, domain = value.split("@", 1)
    if not _LOCAL.match(local):
        return False
    if ".." in domain or domain.strip(" \t\n\r\0\x0b.") != domain:
        return False
    subs = domain.split(".")
    if len(subs) < 2:
        return False
    return all(sub.strip(" \t\n\r\0\x0b-") == sub and _SUB.match(sub) for sub in subs)


def sanitize_user_step_by_step(value: str, *, strict: bool = False) -> str:
    value = remove_accents(strip_all_tags(value))
    value = re.sub(r"&.+?;", "", re.sub(r"%[a-fA-F0-9]{2}", "", value))
    if strict:
        value = re.sub(r"[^a-z0-9 _.\-@]", "", value, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", value.strip(" \t\n\r\0\x0b"))


# what the steps look at: the characters of addresses and logins, the ones they trim or refuse, and
# the four non-ASCII letters that case-insensitive [a-z] takes (U+0130, U+0131, U+017F, U+212A)
EMAILISH = st.text(alphabet=st.sampled_from("ab9Z.-@_+!'\n\t \0\x0b\u0130\u0131\u017f\u212aé%&<>;"), max_size=16)
SHAPED = st.builds(
    lambda local, labels, tail: f"{local}@{'.'.join(labels)}{tail}",
    EMAILISH,
    st.lists(EMAILISH, min_size=1, max_size=4),
    st.sampled_from(["", "\n", ".", "-", " "]),
)


@settings(max_examples=1500, deadline=None)
@given(EMAILISH | SHAPED | st.text(max_size=20))
def test_is_email_agrees_with_wordpress_steps(value: str) -> None:
    assert is_email(value) == is_email_step_by_step(value)


@settings(max_examples=1000, deadline=None)
@given(EMAILISH | st.text(max_size=20) | TRICKY_LOGINS, st.booleans())
def test_sanitize_user_agrees_with_wordpress_steps(value: str, strict: bool) -> None:
    assert sanitize_user(value, strict=strict) == sanitize_user_step_by_step(value, strict=strict)


def test_the_shortcuts_see_what_the_steps_see() -> None:
    assert is_email("ab\n@example.com")  # PHP's $ before a final newline, in the local part only
    assert not is_email("ab@example.com\n")
    assert is_email("ab@\u017fhop.com")  # Python's case-insensitive [a-z] takes the long s, in both
    assert not is_email("\u017fb@shop.com")  # the local part has no /i
    assert is_email("ab@\u0130\u0131\u212a.com")  # so do the dotted I, the dotless i and the Kelvin sign
    assert not is_email("ab@\u0130\u0131\u212a\u00e9.com")  # no other letter


def test_a_domain_takes_the_letters_case_insensitive_a_to_z_takes_and_no_other() -> None:
    """Every character of the Basic Multilingual Plane, and the planes' first ones, in a label."""
    for code in [*range(0x10000), 0x10000, 0x1F600, 0x10FFFF]:
        for value in (f"ab@x{chr(code)}y.com", f"ab@shop.{chr(code)}", f"{chr(code)}b@shop.com"):
            assert is_email(value) == is_email_step_by_step(value), hex(code)
    assert sanitize_user("john.doe-42@shop") == "john.doe-42@shop"
    assert sanitize_user("jo hn", strict=True) == "jo hn"


# ---------------------------------------------------------------------------- avatar_url


def test_avatar_url_is_the_sha256_of_the_email() -> None:
    assert avatar_url("john.doe@example.com") == (
        "https://secure.gravatar.com/avatar/836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f"
        "?s=96&d=mm&r=g"
    )


def test_avatar_url_trims_and_lower_cases_the_email_first() -> None:
    assert avatar_url("  John.Doe@Example.COM \n") == avatar_url("john.doe@example.com")


def test_avatar_url_of_another_email() -> None:
    digest = hashlib.sha256(b"joao.silva@example.com").hexdigest()
    assert avatar_url("joao.silva@example.com") == f"https://secure.gravatar.com/avatar/{digest}?s=96&d=mm&r=g"
    assert digest != "836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f"


def test_trimming_is_phps_trim_not_pythons_strip() -> None:
    """PHP's trim() takes space, tab, line breaks, NUL and vertical tab; a no-break space stays."""
    from wcmock.wordpress import sanitize_text_field

    assert sanitize_text_field("\u0000\x0b Ana \u0000") == "Ana"
    assert sanitize_text_field("\u00a0Ana\u2003") == "\u00a0Ana\u2003"
