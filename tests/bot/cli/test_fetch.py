"""``inexa-bot fetch`` and ``inexa-bot sources`` against loopback feeds."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main
from tests.feeds.feedserver import FeedServer


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("INEXA_BOT_TOKEN", "INEXA_DATABASE_URL", "INEXA_CONFIG"):
        monkeypatch.delenv(name, raising=False)


async def test_fetch_and_sources_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FeedServer() as server:
        server.fixture("/boe.xml", "rss/boe.xml")
        server.static("/down.xml", b"no", status=500, content_type="text/plain")
        config = tmp_path / "config.toml"
        config.write_text(
            "[[sources]]\n"
            f'id = "boe"\nkind = "rss"\nurl = "{server.url("/boe.xml")}"\nlanguage = "es"\n'
            "[[sources]]\n"
            f'id = "down"\nkind = "rss"\nurl = "{server.url("/down.xml")}"\n',
            encoding="utf-8",
        )
        args = ["--config", str(config)]
        assert await asyncio.to_thread(main, ["db", "upgrade", *args]) == EXIT_OK
        # A failed source makes the run fail (cron and CI see it), naming the source.
        assert await asyncio.to_thread(main, ["fetch", "--dry-run", *args]) == EXIT_FAILURE
        captured = capsys.readouterr()
        assert "dry run: nothing was stored" in captured.out
        assert "1 source(s) failed: down (HTTP 500" in captured.err
        assert await asyncio.to_thread(main, ["fetch", *args]) == EXIT_FAILURE
        out = capsys.readouterr().out
        lines = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
        assert lines["boe"][1:5] == ["2", "0", "0", "0"]
        assert lines["down"][4] == "1"
        assert "HTTP 500" in out
        assert await asyncio.to_thread(main, ["sources", *args]) == EXIT_OK
        health = capsys.readouterr().out
        assert "boe" in health
        assert "HTTP 500" in health
        assert await asyncio.to_thread(main, ["fetch", "--source", "nope", *args]) == EXIT_USAGE
        assert "unknown source nope" in capsys.readouterr().err
        # Only the selected sources count: the working one alone succeeds.
        everything = ["fetch", "--all", *args]
        assert await asyncio.to_thread(main, ["fetch", "--source", "boe", *args]) == EXIT_OK
        assert "failed" not in capsys.readouterr().err
        assert await asyncio.to_thread(main, everything) == EXIT_FAILURE


async def test_fetch_fails_when_every_source_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FeedServer() as server:
        server.static("/a.xml", b"no", status=503, content_type="text/plain")
        server.static("/b.xml", b"<html>challenge</html>", content_type="text/html")
        config = tmp_path / "config.toml"
        config.write_text(
            "".join(
                f'[[sources]]\nid = "{name}"\nkind = "rss"\nurl = "{server.url(f"/{name}.xml")}"\n'
                for name in ("a", "b")
            ),
            encoding="utf-8",
        )
        args = ["--config", str(config)]
        assert await asyncio.to_thread(main, ["db", "upgrade", *args]) == EXIT_OK
        capsys.readouterr()
        assert await asyncio.to_thread(main, ["fetch", *args]) == EXIT_FAILURE
        err = capsys.readouterr().err
        assert "inexa-bot: 2 source(s) failed: a (HTTP 503" in err
        assert "; b (" in err
        assert "Traceback" not in err
