"""PHP's casts as WordPress relies on them (``wcmock.php``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wcmock.php import PHP_INT_MAX, to_int


@given(st.text(alphabet="0123456789", min_size=1, max_size=25))
def test_an_int_cast_of_digits_is_their_number_up_to_php_int_max(digits: str) -> None:
    assert to_int(digits) == min(int(digits), PHP_INT_MAX)


def test_an_int_cast_reads_the_leading_number_as_php_does() -> None:
    assert to_int("007") == 7
    assert to_int("12abc") == 12
    assert to_int(" 42") == 42
    assert to_int("-3") == -3
    assert to_int("1e3") == 1000
    assert to_int("abc") == 0
    assert to_int("9223372036854775808") == PHP_INT_MAX
    assert to_int(True) == 1
