"""Settings: defaults, the example file, environment overrides, one message for all problems."""

from __future__ import annotations

import tomllib
from datetime import time
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings, parse_settings
from bot.feeds_bridge import source_spec
from feeds.types import OpportunityKind

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:ABCdefGhIJKlmnOPQRstuVWXyz_0123456"


def test_defaults_are_safe_and_complete(tmp_path: Path) -> None:
    settings = parse_settings({}, environ={}, base_dir=tmp_path)
    assert settings.token is None
    assert settings.schedule.timezone == "Europe/Bucharest"
    assert settings.schedule.digest_time == time(9, 0)
    assert settings.i18n.languages == ("en", "ro", "es")
    assert settings.database_url == f"sqlite+aiosqlite:///{(tmp_path / 'inexa-bot.sqlite3')}"


def test_default_taxonomy_fits_the_alliance(tmp_path: Path) -> None:
    taxonomy = parse_settings({}, environ={}, base_dir=tmp_path).taxonomy
    topics = {t.id for t in taxonomy.topics}
    programmes = {p.id for p in taxonomy.programmes}
    assert topics == {
        "digital",
        "green",
        "entrepreneurship",
        "community",
        "employment",
        "vet",
        "social-inclusion",
        "youth",
        "research",
    }
    assert {"esf-plus", "erasmus-plus", "horizon-europe", "interreg", "life"} <= programmes
    assert {"digital-europe", "cerv", "national"} <= programmes
    for item in (*taxonomy.topics, *taxonomy.programmes):
        assert set(item.labels) == {"en", "ro", "es"}, item.id
    for topic in taxonomy.topics:
        assert set(topic.keywords) == {"en", "ro", "es"}, topic.id


def test_example_file_is_valid_and_documents_every_setting(tmp_path: Path) -> None:
    example = ROOT / "config.example.toml"
    settings = load_settings(example, must_exist=True, environ={})
    assert settings.telegram.base_url == "https://api.telegram.org/bot"
    data = tomllib.loads(example.read_text(encoding="utf-8"))
    # Every field of every section appears in the example, so the file documents them all.
    for section, model in (
        ("telegram", settings.telegram),
        ("database", settings.database),
        ("schedule", settings.schedule),
        ("i18n", settings.i18n),
        ("privacy", settings.privacy),
        ("delivery", settings.delivery),
        ("logging", settings.logging),
    ):
        assert set(data[section]) == set(type(model).model_fields), section
    text = example.read_text(encoding="utf-8")
    for key in ("[[taxonomy.topics]]", "[[sources]]", "interval_minutes", "min_items", "params",
                "publishes"):  # fmt: skip
        assert key in text


def test_environment_overrides_secrets(tmp_path: Path) -> None:
    settings = parse_settings(
        {"telegram": {"token": "1:short"}},
        environ={
            "INEXA_BOT_TOKEN": TOKEN,
            "INEXA_DATABASE_URL": "postgresql+asyncpg://u:pw@db/inexa",
        },
        base_dir=tmp_path,
    )
    assert settings.token == TOKEN
    assert settings.database_url == "postgresql+asyncpg://u:pw@db/inexa"


def test_secrets_never_appear_in_repr_or_errors(tmp_path: Path) -> None:
    settings = parse_settings(
        {"database": {"url": "postgresql+asyncpg://u:hunter2@db/x"}},
        environ={"INEXA_BOT_TOKEN": TOKEN},
        base_dir=tmp_path,
    )
    assert TOKEN not in repr(settings)
    assert "hunter2" not in repr(settings)
    with pytest.raises(ConfigError) as info:
        parse_settings({"telegram": {"token": "not-a-token-hunter2"}}, environ={})
    assert "hunter2" not in str(info.value)


def test_every_problem_is_listed_with_its_key_path() -> None:
    data = {
        "telegram": {"admin_ids": ["alice"], "colour": "blue"},
        "schedule": {
            "timezone": "Mars/Olympus",
            "digest_time": "25:99",
            "digest_weekday": "caturday",
        },
        "i18n": {"languages": ["en", "fr"]},
        "taxonomy": {"topics": [{"id": "x", "labels": {"ro": "X"}}]},
        "surprise": 1,
    }
    with pytest.raises(ConfigError) as info:
        parse_settings(data, source="config.toml", environ={}, require_token=True)
    message = info.value.render()
    expected = [
        "telegram.token: required to run the bot",
        "telegram.admin_ids.0:",
        "telegram.colour: unknown setting",
        "schedule.timezone: unknown time zone 'Mars/Olympus'",
        "schedule.digest_time: must be a time of day as HH:MM",
        "schedule.digest_weekday:",
        "i18n.languages: no catalog for fr",
        "taxonomy.topics.0.labels: needs an English label",
        "surprise: unknown setting",
    ]
    for fragment in expected:
        assert fragment in message, fragment
    assert message.startswith("config.toml: ")
    assert len(info.value.problems) == len(expected)


def test_missing_token_only_matters_when_running(tmp_path: Path) -> None:
    parse_settings({}, environ={}, base_dir=tmp_path)
    with pytest.raises(ConfigError, match="INEXA_BOT_TOKEN"):
        parse_settings({}, environ={}, base_dir=tmp_path, require_token=True)


def test_sources_are_checked_against_the_taxonomy(tmp_path: Path) -> None:
    source = {"id": "news", "kind": "rss", "url": "https://example.org/rss"}
    bad = [
        {**source, "programme": "nope"},
        {**source, "topics": ["green", "martian"]},
        {**source, "kind": "gopher"},
    ]
    with pytest.raises(ConfigError) as info:
        parse_settings({"sources": bad[:2]}, environ={}, base_dir=tmp_path)
    problems = info.value.problems
    assert any("sources.0.programme: unknown programme 'nope'" in p for p in problems)
    assert any("sources.1.topics: unknown topic 'martian'" in p for p in problems)
    assert any("sources.1.id: 'news' appears twice" in p for p in problems)
    with pytest.raises(ConfigError, match=r"sources\.0\.kind"):
        parse_settings({"sources": bad[2:]}, environ={}, base_dir=tmp_path)


def test_a_source_states_what_it_publishes(tmp_path: Path) -> None:
    source = {"id": "news", "kind": "rss", "url": "https://example.org/rss", "publishes": "news"}
    settings = parse_settings({"sources": [source]}, environ={}, base_dir=tmp_path)
    assert source_spec(settings.sources[0]).publishes is OpportunityKind.NEWS
    with pytest.raises(ConfigError, match=r"sources\.0\.publishes"):
        parse_settings(
            {"sources": [{**source, "publishes": "grant"}]}, environ={}, base_dir=tmp_path
        )


def test_broken_toml_and_missing_file_are_clear(tmp_path: Path) -> None:
    broken = tmp_path / "config.toml"
    broken.write_text("[telegram\ntoken = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(broken, environ={})
    with pytest.raises(ConfigError, match="file not found"):
        load_settings(tmp_path / "absent.toml", must_exist=True, environ={})
    # The default path may be absent: all defaults then.
    assert load_settings(tmp_path / "absent.toml", environ={}).token is None


def test_settings_are_frozen(tmp_path: Path) -> None:
    settings = parse_settings({}, environ={}, base_dir=tmp_path)
    with pytest.raises(ValueError, match="frozen"):
        settings.schedule.timezone = "UTC"  # type: ignore[misc]
