"""Settings: defaults, the example file, environment overrides, one message for all problems."""

from __future__ import annotations

import json
import tomllib
from datetime import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config import ConfigError, config_warnings, load_settings, parse_settings
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
        ("webhook", settings.webhook),
        ("web", settings.web),
        ("project", settings.project),
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


def test_source_params_are_checked_as_the_adapter_reads_them(tmp_path: Path) -> None:
    def source(kind: str, url: str, params: dict[str, object]) -> dict[str, object]:
        return {"id": f"s-{len(params)}-{kind}", "kind": kind, "url": url, "params": params}

    sources = [
        source("eu-ft", "https://api.example.eu/search", {"types": ["grant", "prizes"]}),
        source("bdns", "https://bdns.example.es/api", {"max_detail": 5, "page_size": 5}),
        source("html", "https://www.afir.example.ro/apeluri/", {}),
        source("html", "https://sepie.example.es/", {"links": "(", "a": 1, "b": 2}),
        source("rss", "https://x.example.ro/feed/", {"encodings": ["no-such-charset"]}),
        source("wp-json", "https://x.example.ro/wp-json/wp/v2/apel", {"per_page": 500}),
    ]
    with pytest.raises(ConfigError) as caught:
        parse_settings({"sources": sources}, environ={}, base_dir=tmp_path)
    text = caught.value.render()
    assert "sources.0.params.types: ['grant', 'prizes'] is not valid" in text
    assert "unknown record type 'prizes'" in text
    assert "sources.1.params.max_detail: unknown parameter for kind 'bdns'" in text
    assert "sources.2.params: parameter links is required" in text
    assert "sources.3.params.a: unknown parameter for kind 'html'" in text
    assert "sources.3.params.b: unknown parameter for kind 'html'" in text
    assert "sources.3.params.links: '(' is not valid" in text
    assert "sources.4.params.encodings: " in text
    assert "sources.5.params.per_page: 500 is not valid" in text
    good = source(
        "html", "https://www.afir.example.ro/", {"links": "/finantare/", "countries": ["RO"]}
    )
    settings = parse_settings({"sources": [good]}, environ={}, base_dir=tmp_path)
    assert settings.sources[0].params["links"] == "/finantare/"


def test_every_source_added_disabled_in_the_example_has_a_golden_case() -> None:
    example = tomllib.loads((ROOT / "config.example.toml").read_text(encoding="utf-8"))
    cases = [
        json.loads(path.read_text(encoding="utf-8"))["spec"]
        for path in (ROOT / "tests" / "data" / "sources").glob("*/*.case.json")
    ]
    disabled = [s for s in example["sources"] if s.get("enabled") is False]
    assert len(disabled) >= 8
    for source in disabled:
        same = [
            c
            for c in cases
            if c["kind"] == source["kind"]
            and {k: v for k, v in c.get("params", {}).items() if k != "pace_seconds"}
            == source.get("params", {})
            and c["language"] == source["language"]
        ]
        assert same, f"{source['id']} has no golden case with its kind, language and params"


def test_webhook_settings_and_their_secret(tmp_path: Path) -> None:
    settings = parse_settings(
        {"webhook": {"url": "https://bot.example.org/hooks/telegram", "port": 9000}},
        environ={"INEXA_WEBHOOK_SECRET": "a" * 32},
    )
    hook = settings.webhook
    assert hook.path == "/hooks/telegram"
    assert hook.secret_token is not None
    assert hook.secret_token.get_secret_value() == "a" * 32
    assert "a" * 32 not in repr(settings)
    assert parse_settings({}, environ={}).webhook.path == "/telegram"
    for bad, where in (
        ({"url": "bot.example.org/telegram"}, "webhook.url"),
        ({"url": "https://bot.example.org/telegram?x=1"}, "webhook.url"),
        ({"secret_token": "has spaces in it, sixteen+"}, "webhook.secret_token"),
        ({"port": 0}, "webhook.port"),
    ):
        with pytest.raises(ConfigError) as error:
            parse_settings({"webhook": bad}, environ={})
        assert where in str(error.value.render())
    with pytest.raises(ConfigError) as error:
        parse_settings({"webhook": {"secret_token": "sh0rt-s3cret"}}, environ={})
    assert "sh0rt-s3cret" not in error.value.render()


def test_values_that_cannot_work_are_refused(tmp_path: Path) -> None:
    data = {
        "schedule": {
            "reminder_days": [-1, 400, 3, 3],
            "workshop_reminder_hours": [0, 400, 24],
            "quiet_hours_start": "22:00",
            "quiet_hours_end": "22:00",
        },
        "privacy": {"controller": " ", "contact": ""},
    }
    with pytest.raises(ConfigError) as info:
        parse_settings(data, environ={}, base_dir=tmp_path)
    problems = info.value.problems
    assert problems == (
        "schedule.quiet_hours_end: the quiet hours start and end at the same time (22:00), "
        "which is no quiet period at all; give an end that differs from quiet_hours_start, "
        "e.g. 21:00 to 08:00 (members can still choose no quiet hours in /settings)",
        "schedule.reminder_days: each reminder must be 1 to 365 days before the deadline; "
        "not -1, 400",
        "schedule.workshop_reminder_hours: each reminder must be more than 0 and at most 336 "
        "hours (14 days) before the start; not 0, 400",
        "privacy.controller: must not be empty: the privacy notice every member reads names it",
        "privacy.contact: must not be empty: the privacy notice every member reads names it",
    )
    repeated = {"schedule": {"reminder_days": [3, 3], "workshop_reminder_hours": [2, 2.0]}}
    with pytest.raises(ConfigError) as info:
        parse_settings(repeated, environ={}, base_dir=tmp_path)
    assert info.value.problems == (
        "schedule.reminder_days: reminder days must not repeat: 3",
        "schedule.workshop_reminder_hours: reminder hours must not repeat: 2",
    )
    with pytest.raises(ConfigError, match=r"reminder_days\.0"):
        parse_settings({"schedule": {"reminder_days": [True]}}, environ={}, base_dir=tmp_path)


@given(
    days=st.lists(st.integers(min_value=-1000, max_value=1000), max_size=6, unique=True),
)
def test_reminder_days_are_kept_exactly_when_each_is_within_a_year(days: list[int]) -> None:
    data = {"schedule": {"reminder_days": days}}
    if all(1 <= d <= 365 for d in days):
        settings = parse_settings(data, environ={})
        assert settings.schedule.reminder_days == tuple(sorted(days, reverse=True))
    else:
        with pytest.raises(ConfigError) as info:
            parse_settings(data, environ={})
        (problem,) = info.value.problems
        wrong = [d for d in days if not 1 <= d <= 365]
        assert problem.endswith("not " + ", ".join(map(str, wrong)))


def test_adapter_params_are_checked_with_the_settings(tmp_path: Path) -> None:
    sources = [
        {
            "id": "ft",
            "kind": "eu-ft",
            "url": "https://example.org/search",
            "params": {"page_sise": 50, "max_pages": "lots", "programmes": ["Interreg Europe"]},
        },
        {
            "id": "news",
            "kind": "rss",
            "url": "https://example.org/rss",
            "params": {"encodings": "utf-8"},
        },
        {
            "id": "es",
            "kind": "bdns",
            "url": "https://example.org/api",
            "params": {"listing": "all"},
        },
        {"id": "ro", "kind": "wp-json", "url": "https://example.org/wp", "params": {"per_page": 0}},
    ]
    with pytest.raises(ConfigError) as info:
        parse_settings({"sources": sources}, environ={}, base_dir=tmp_path)
    problems = info.value.problems
    assert [p.split(":", 1)[0] for p in problems] == [
        "sources.0.params.page_sise",
        "sources.0.params.max_pages",
        "sources.0.params.programmes",
        "sources.1.params.encodings",
        "sources.2.params.listing",
        "sources.3.params.per_page",
    ]
    assert (
        "unknown parameter for kind 'eu-ft'; known: max_pages, pace_seconds, page_size"
        in problems[0]
    )
    assert "'lots' is not valid" in problems[1]
    assert "Interreg calls are not in the F&T search API" in problems[2]
    assert "expected a list of charset names" in problems[3]
    assert "expected 'busqueda' or 'ultimas'" in problems[4]
    assert "must be at least 1" in problems[5]


def test_every_kind_of_problem_is_reported_in_one_pass(tmp_path: Path) -> None:
    # A broken taxonomy entry used to hide every cross-reference and parameter problem.
    data = {
        "schedule": {"reminder_days": [0]},
        "taxonomy": {
            "topics": [
                {"id": "green", "labels": {"ro": "Verde"}},
                {"id": "green", "labels": {"en": "G"}},
            ],
            "programmes": [],
        },
        "sources": [
            {
                "id": "news",
                "kind": "rss",
                "url": "https://example.org/rss",
                "topics": ["martian"],
                "programme": "life",
                "params": {"charset": "utf-8"},
            },
            {"id": "news", "kind": "rss", "url": "ftp://example.org"},
        ],
    }
    with pytest.raises(ConfigError) as info:
        parse_settings(data, environ={}, base_dir=tmp_path)
    assert [p.split(":", 1)[0] for p in info.value.problems] == [
        "schedule.reminder_days",
        "taxonomy.topics.0.labels",
        "sources.1.url",
        "taxonomy.topics.1.id",
        "sources.0.programme",
        "sources.0.topics",
        "sources.0.params.charset",
        "sources.1.id",
    ]


def test_no_coordinator_is_a_warning_not_an_error(tmp_path: Path) -> None:
    settings = parse_settings({}, environ={}, base_dir=tmp_path)
    (warning,) = config_warnings(settings)
    assert warning.startswith("telegram.admin_ids: no coordinator is configured")
    with_admin = parse_settings({"telegram": {"admin_ids": [42]}}, environ={}, base_dir=tmp_path)
    assert config_warnings(with_admin) == []
