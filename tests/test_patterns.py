"""``LazyPattern`` answers as the compiled pattern does, and compiles once, at its first use."""

from __future__ import annotations

import re

import pytest

from wcmock.patterns import LazyPattern

TEXT = "Alpha beta, GAMMA  delta; beta"


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("match", (TEXT,)),
        ("match", (TEXT, 6)),
        ("fullmatch", (TEXT,)),
        ("fullmatch", ("beta",)),
        ("search", (TEXT,)),
        ("search", (TEXT, 0, 5)),
        ("sub", ("<\\g<0>>", TEXT)),
        ("sub", (lambda m: m.group(0).upper(), TEXT, 1)),
        ("subn", ("-", TEXT)),
        ("split", (TEXT,)),
        ("split", (TEXT, 1)),
        ("findall", (TEXT,)),
        ("finditer", (TEXT,)),
    ],
)
def test_each_method_answers_as_the_compiled_pattern(method: str, args: tuple[object, ...]) -> None:
    source, flags = r"(b)eta|gamma", re.IGNORECASE
    lazy, compiled = LazyPattern(source, flags), re.compile(source, flags)
    for _ in range(2):  # the first call compiles, the second goes straight to the compiled pattern
        got, expected = getattr(lazy, method)(*args), getattr(compiled, method)(*args)
        if method == "finditer":
            got, expected = [m.span() for m in got], [m.span() for m in expected]
        elif isinstance(expected, re.Match):
            got, expected = got.span(), expected.span()
        assert got == expected


def test_nothing_is_compiled_until_first_use_and_then_once() -> None:
    lazy = LazyPattern(rb"\\u[dD][89a-fA-F]")
    assert "sub" not in vars(lazy)
    assert lazy.search(b'"\\ud800"') is not None
    bound = vars(lazy)["sub"]
    assert isinstance(bound.__self__, re.Pattern)
    assert bound.__self__.pattern == lazy.pattern
    lazy.sub(b"", b"x")
    assert vars(lazy)["sub"] is bound  # not compiled again


def test_a_bad_pattern_fails_at_first_use_as_re_compile_would() -> None:
    lazy = LazyPattern(r"(unclosed")
    with pytest.raises(re.error):
        lazy.match("x")
