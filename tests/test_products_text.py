"""WordPress's text rules on product names, slugs and descriptions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wcmock.resources.products.text import _sanitized, filter_post_kses, post_title, sanitize_title, wpautop


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Premium Quality", "premium-quality"),
        ("Drill (prototype)", "drill-prototype"),
        ("Café Crème", "cafe-creme"),
        ("My Product! (Blue)", "my-product-blue"),
        ("a/b", "a-b"),
        ("Custom Slug!", "custom-slug"),
        ("  spaced   out  ", "spaced-out"),
        ("version 1.5", "version-1-5"),
        ("<b>Bold</b> name", "bold-name"),
        ("Ελληνικά", "%ce%b5%ce%bb%ce%bb%ce%b7%ce%bd%ce%b9%ce%ba%ce%ac"),
        ("50% off", "50-off"),
        ("Tom &amp; Jerry", "tom-jerry"),
        ("x—y", "x-y"),
    ],
)
def test_sanitize_title_makes_the_slug_wordpress_makes(title: str, slug: str) -> None:
    assert sanitize_title(title) == slug


def test_a_long_non_latin_slug_stops_at_200_encoded_bytes() -> None:
    slug = sanitize_title("ж" * 150)
    assert len(slug) == 198
    assert slug.startswith("%d0%b6")


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("", ""),
        ("   ", ""),
        ("Cotton tee.", "<p>Cotton tee.</p>\n"),
        ("<p>Pellentesque habitant.</p>", "<p>Pellentesque habitant.</p>\n"),
        ("one\n\ntwo", "<p>one</p>\n<p>two</p>\n"),
        ("line one\nline two", "<p>line one<br />\nline two</p>\n"),
        ("<ul><li>a</li></ul>", "<ul>\n<li>a</li>\n</ul>\n"),
        ("<pre>keep\n\nthis</pre>", "<pre>keep\n\nthis</pre>\n"),
    ],
)
def test_wpautop_wraps_paragraphs(text: str, html: str) -> None:
    assert wpautop(text) == html


def test_kses_keeps_post_markup_and_drops_the_rest() -> None:
    assert filter_post_kses("<b>Bold</b> <script>alert(1)</script>x") == "<b>Bold</b> alert(1)x"
    assert filter_post_kses('<a href="javascript:alert(1)" onclick="x()">l</a>') == '<a href="alert(1)">l</a>'
    assert filter_post_kses("no tags at all") == "no tags at all"


def test_post_titles_are_trimmed_like_php() -> None:
    assert post_title("  Mug\n") == "Mug"
    assert post_title("\u00a0Mug") == "\u00a0Mug"  # PHP's trim leaves a no-break space


@given(st.text(alphabet="aZ09 _-.é<&%/\t", max_size=30))
def test_a_plain_title_takes_the_short_way_to_the_same_slug(title: str) -> None:
    assert sanitize_title(title) == _sanitized(title)
