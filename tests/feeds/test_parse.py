"""The feedparser wrapper: bytes in, entries or a ParseError out; charset repair; entry ids."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.exceptions import ParseError
from feeds.parse import entry_id, parse_feed, read_entries, transcode
from tests.feeds.feedserver import DATA

URL = "http://127.0.0.1/feed"
RSS = {"content-type": "application/rss+xml"}


def rss(items: str, *, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return (
        f'{declaration}<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    ).encode()


def test_rss_and_atom() -> None:
    feed = parse_feed(
        rss("<item><title>A</title><link>http://x/a</link></item>"), headers=RSS, url=URL
    )
    assert (feed.title, feed.version, len(feed.entries)) == ("T", "rss20", 1)
    assert feed.problems == ()
    atom = parse_feed(
        (DATA / "rss" / "atom.xml").read_bytes(),
        headers={"content-type": "application/atom+xml"},
        url=URL,
    )
    assert atom.version == "atom10"
    assert atom.entries[0]["title"].startswith("CERV: call for proposals")


def test_declared_utf8_but_windows_1250_is_repaired() -> None:
    body = rss("<item><title>Formare profesională în ţară</title></item>").decode()
    legacy = body.encode("windows-1250")
    headers = {"Content-Type": "application/rss+xml; charset=UTF-8"}
    repaired = parse_feed(legacy, headers=headers, url=URL, fallback_encodings=("windows-1250",))
    assert repaired.entries[0]["title"] == "Formare profesională în ţară"
    assert repaired.problems[0] == "declared utf-8 but the body is windows-1250"
    # Without the source's hint feedparser guesses windows-1252 and garbles the text.
    guessed = parse_feed(legacy, headers=headers, url=URL)
    assert guessed.entries[0]["title"] != "Formare profesională în ţară"
    assert guessed.problems  # and says so


def test_transcode_leaves_honest_bodies_alone() -> None:
    honest = rss("<item><title>ş</title></item>", declaration="").replace(b"\xc5\x9f", b"s")
    assert transcode(honest, RSS) == (honest, {"content-type": "application/rss+xml"}, None)
    latin2 = '<?xml version="1.0" encoding="iso-8859-2"?><rss/>'.encode("iso-8859-2")
    assert transcode(latin2, {})[2] is None


def test_not_well_formed_but_readable_is_survivable() -> None:
    sloppy = rss("<item><title>A & B</title><link>http://x/1</link></item>")
    feed = parse_feed(sloppy, headers=RSS, url=URL)
    assert feed.entries[0]["title"] == "A & B"
    assert feed.problems
    assert feed.problems[0].startswith("SAXParseException")


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"hello world",
        b"<!doctype html><html><body>Maintenance</body></html>",
        b'{"results": []}',
        b"\x00\x01\x02\xff",
    ],
)
def test_what_is_not_a_feed_is_a_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError, match=re.escape(f"feed at {URL}")):
        parse_feed(body, headers=RSS, url=URL)


def test_a_body_that_looks_like_a_path_is_not_read_from_disk(tmp_path: Path) -> None:
    # feedparser.parse(bytes) tries open(bytes) first; we hand it a stream instead.
    local = tmp_path / "secret.xml"
    local.write_bytes(rss("<item><title>local file</title></item>"))
    with pytest.raises(ParseError):
        parse_feed(str(local).encode(), headers=RSS, url=URL)


def _sha1(text: str) -> str:
    return "sha1:" + hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"id": " guid-1 ", "link": "http://x/1", "title": "T"}, "guid-1"),
        ({"id": "", "link": "http://x/1", "title": "T"}, "http://x/1"),
        ({"link": "http://x/1"}, "http://x/1"),
        # Runs of spaces do not count, so a re-flowed title keeps its id.
        ({"title": "Only a  title"}, _sha1("Only a title")),
        ({}, _sha1("")),
    ],
)
def test_entry_id_falls_back_from_guid_to_link_to_title(
    entry: dict[str, Any], expected: str
) -> None:
    assert entry_id(entry) == expected


def test_very_long_ids_are_hashed() -> None:
    long = "https://example.eu/news?" + "utm=x&" * 60
    assert entry_id({"id": long}).startswith("sha1:")
    assert len(entry_id({"id": long})) == 45
    assert entry_id({"id": long}) == entry_id({"id": long})


def _title(entry: Mapping[str, Any]) -> str:
    if not entry.get("title"):
        raise ValueError("no title")
    return str(entry["title"])


def test_bad_entries_are_skipped_with_a_reason() -> None:
    read, skipped = read_entries(
        [{"title": "ok"}, {"id": "x1"}, {"title": "fine"}], _title, url=URL
    )
    assert read == ["ok", "fine"]
    assert skipped == ["entry 1 (x1): no title"]


def test_all_entries_bad_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="none of the 2 entries"):
        read_entries([{"id": "a"}, {"link": "http://x"}], _title, url=URL)
    assert read_entries([], _title, url=URL) == ([], [])


@settings(max_examples=150, deadline=None)
@given(
    st.binary(max_size=500)
    | st.text(max_size=400).map(lambda t: rss(t))
    | st.text(max_size=400).map(
        lambda t: ("<feed xmlns='http://www.w3.org/2005/Atom'>" + t).encode()
    )
)
def test_any_bytes_give_a_feed_or_a_parse_error(body: bytes) -> None:
    outcome: str
    try:
        feed = parse_feed(body, headers=RSS, url=URL, fallback_encodings=("windows-1250",))
    except ParseError as error:
        outcome = error.reason
    else:
        assert all(isinstance(entry, Mapping) for entry in feed.entries)
        outcome = feed.version
    assert outcome  # a feed format name, or a reason a coordinator can read
