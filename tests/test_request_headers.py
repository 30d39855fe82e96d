"""The app reads a client's header set once (``RequestHeaders``): what it hands out is what reading
the lines every time gives, for the dispatcher and for the journal, however often a set comes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wcmock.app import RequestHeaders, _read_headers
from wcmock.harness.journal import HEADER_LIMIT, HEADERS_LIMIT, Journal

CLIENT = [(b"host", b"127.0.0.1:8080"), (b"authorization", b"Basic Y2s6Y3M="), (b"content-type", b"application/json")]


def read_thrice(lines: list[tuple[bytes, bytes]]) -> list[tuple[dict[str, str], dict[str, str], int]]:
    memo = RequestHeaders()
    return [memo.read(lines) for _ in range(3)]


def test_a_set_with_its_body_length_reads_as_the_lines_say() -> None:
    memo = RequestHeaders()
    for length in (b"17", b"17", b"2048", b"9"):
        lines = [*CLIENT, (b"content-length", length)]
        headers, journal, size = memo.read(lines)
        assert (headers, journal, size) == _read_headers(lines)
        assert list(headers) == ["host", "authorization", "content-type", "content-length"]
        assert headers["content-length"] == length.decode()
        assert journal["authorization"] == "Basic ***"


def test_a_set_given_again_shares_what_it_gave_and_a_journal_entry_has_its_own() -> None:
    """The dicts of a set given again are the ones it gave before (nothing on a request's way
    changes them); the journal copies them when it makes an entry, so a test changing an entry's
    headers changes no other entry, nor what the next request is read as."""
    memo = RequestHeaders()
    lines = [*CLIENT, (b"content-length", b"5")]
    first, second = memo.read(lines), memo.read(lines)
    assert second == _read_headers(lines)
    assert second[0] is memo.read(lines)[0]
    assert second[1] is memo.read(lines)[1]
    journal = Journal()
    for _ in range(2):
        journal.add("POST", "/wc/v3/customers", "", second[1], b"{}", 201, b"{}", 1.0, None, second[2])
    one, two = journal.entries()
    one.headers["host"] = "changed"
    assert two.headers["host"] == "127.0.0.1:8080" == memo.read(lines)[1]["host"]
    assert memo.read(lines) == _read_headers(lines)
    assert first == second


def test_a_set_the_journal_cuts_with_its_length_in_is_cut_the_same() -> None:
    # the set with the length blank fits the journal's budget exactly; its value tips it over
    filler = HEADERS_LIMIT - len("content-length") - sum(len(k) + len(v) for k, v in CLIENT[:1])
    lines: list[tuple[bytes, bytes]] = [CLIENT[0], (b"content-length", b"12345")]
    chunk = HEADER_LIMIT // 2
    while filler > 0:
        name = b"x-pad-%d" % len(lines)
        value = b"v" * max(0, min(chunk, filler - len(name)))
        lines.insert(1, (name, value))
        filler -= len(name) + len(value)
    assert read_thrice(lines) == [_read_headers(lines)] * 3
    assert "x-wcmock-cut" in _read_headers(lines)[1]


header_names = st.sampled_from(
    [b"host", b"authorization", b"cookie", b"content-type", b"content-length", b"Content-Length", b"x-a", b"X-A"]
)
header_values = st.one_of(
    st.sampled_from([b"", b"0", b"17", b"Basic abc", b"12a", b"1" * 25]),
    st.binary(max_size=40),
    st.binary(min_size=HEADER_LIMIT - 5, max_size=HEADER_LIMIT + 5),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(header_names, header_values), max_size=8), st.lists(st.binary(max_size=8), max_size=4))
def test_any_set_reads_as_reading_its_lines_each_time(lines: list[tuple[bytes, bytes]], lengths: list[bytes]) -> None:
    memo = RequestHeaders()
    for length in [b"", *lengths, b"", *lengths]:
        sent = [(name, length if name == b"content-length" and length else value) for name, value in lines]
        assert memo.read(sent) == _read_headers(sent)


def test_a_test_clients_lists_are_read_each_time() -> None:
    memo = RequestHeaders()
    lines = [[b"host", b"testserver"], [b"content-length", b"2"]]
    for _ in range(3):
        assert memo.read(lines) == _read_headers(lines)  # type: ignore[arg-type]  # lists, as TestClient sends


def test_a_length_sent_twice_in_two_spellings_is_read_each_time() -> None:
    """The later line wins, as reading the lines says: the memo must not put the body's length in
    for a blank value that came second (hypothesis found it)."""
    memo = RequestHeaders()
    for length in (b"", b"5", b"", b"5"):
        lines = [(b"content-length", length), (b"Content-Length", b"")]
        assert memo.read(lines) == _read_headers(lines)
        assert memo.read(lines)[0]["content-length"] == ""
