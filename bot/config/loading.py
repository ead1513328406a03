"""Loading settings: the TOML file and the environment, every problem collected into one error.

Loading never raises a traceback at a user: every problem is collected into one
:class:`ConfigError` whose message lists each problem with its key path
(``telegram.token: ...``), so an operator fixes everything in one pass.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.config.settings import (
    DEFAULT_CONFIG_NAME,
    ENV_CONFIG,
    ENV_DATABASE_URL,
    ENV_TOKEN,
    ENV_WEBHOOK_SECRET,
    Settings,
)
from feeds.sources import check_params
from feeds.types import SourceKind


class ConfigError(Exception):
    """The configuration cannot be used; ``problems`` lists each one with its key path."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(self.render())

    def render(self) -> str:
        """One readable message listing every problem."""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{self.source}: {count} configuration {noun}:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


def _items(value: object) -> list[tuple[int, Mapping[str, Any]]]:
    """The tables of a TOML array, with their index; anything else is pydantic's to report."""
    if not isinstance(value, list | tuple):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, Mapping)]


def reference_problems(data: Mapping[str, Any]) -> list[str]:
    """Problems in how settings refer to each other, read from the raw document.

    Pydantic checks each value; this checks what only makes sense together (unique ids,
    sources naming taxonomy entries, adapter ``params``). It reads the document as given,
    leniently, so it runs even when other values are invalid: every problem in one pass.
    """
    problems: list[str] = []
    taxonomy = data.get("taxonomy")
    ids: dict[str, set[str]] = {"topics": set(), "programmes": set()}
    for name, seen in ids.items():
        items = taxonomy.get(name) if isinstance(taxonomy, Mapping) else None
        for index, item in _items(items):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                problems.append(f"taxonomy.{name}.{index}.id: {item_id!r} appears twice")
            seen.add(item_id)
    source_ids: set[str] = set()
    for index, source in _items(data.get("sources")):
        where = f"sources.{index}"
        source_id = source.get("id")
        if isinstance(source_id, str):
            if source_id in source_ids:
                problems.append(f"{where}.id: {source_id!r} appears twice")
            source_ids.add(source_id)
        programme = source.get("programme")
        if isinstance(programme, str) and programme not in ids["programmes"]:
            problems.append(f"{where}.programme: unknown programme {programme!r}")
        topics = source.get("topics")
        problems += [
            f"{where}.topics: unknown topic {topic!r}"
            for topic in (topics if isinstance(topics, list | tuple) else ())
            if isinstance(topic, str) and topic not in ids["topics"]
        ]
        params = source.get("params", {})
        kind = source.get("kind")
        if isinstance(params, Mapping) and kind in {k.value for k in SourceKind}:
            problems += [
                f"{where}.params{'.' + name if name else ''}: {message}"
                for name, message in check_params(SourceKind(kind), params)
            ]
    return problems


def config_warnings(settings: Settings) -> list[str]:
    """Settings that work but are probably not what the operator wants."""
    warnings: list[str] = []
    if not settings.telegram.admin_ids:
        warnings.append(
            "telegram.admin_ids: no coordinator is configured, so nobody can create "
            "workshops, send broadcasts or hear about failing sources; add your Telegram "
            "user id (the bot's /mydata shows it)"
        )
    if settings.delivery.time_scale != 1 and "api.telegram.org" in settings.telegram.base_url:
        warnings.append(
            f"delivery.time_scale: {settings.delivery.time_scale:g} paces messages that much "
            "faster than Telegram allows (it is meant for a local test server); set it to 1"
        )
    return warnings


def default_taxonomy() -> dict[str, Any]:
    """The bundled taxonomy that fits the alliance (topics and programmes in en/ro/es)."""
    text = resources.files("bot").joinpath("taxonomy_default.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _format_location(loc: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def _describe(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    message = str(error.get("msg", "invalid"))
    if kind == "extra_forbidden":
        return "unknown setting (check the spelling against config.example.toml)"
    if kind == "missing":
        return "required setting is missing"
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return message


def _problems_from(exc: ValidationError) -> list[str]:
    problems: list[str] = []
    for error in exc.errors(include_input=False, include_url=False):
        loc = [part for part in error["loc"] if not str(part).startswith("function-")]
        # Model-level validators report several problems in one message; split them back out.
        message = _describe(error)
        if not loc and "; " in message:
            problems.extend(message.split("; "))
        else:
            problems.append(f"{_format_location(loc)}: {message}")
    return problems


def parse_settings(
    data: Mapping[str, Any],
    *,
    source: str = "config",
    environ: Mapping[str, str] | None = None,
    base_dir: Path = Path("."),
    require_token: bool = False,
) -> Settings:
    """Validate a decoded TOML document plus environment overrides into :class:`Settings`.

    Raises:
        ConfigError: listing every problem found.
    """
    env = os.environ if environ is None else environ
    merged: dict[str, Any] = dict(data)
    if env.get(ENV_TOKEN):
        merged["telegram"] = {**dict(merged.get("telegram") or {}), "token": env[ENV_TOKEN]}
    if env.get(ENV_DATABASE_URL):
        merged["database"] = {**dict(merged.get("database") or {}), "url": env[ENV_DATABASE_URL]}
    if env.get(ENV_WEBHOOK_SECRET):
        secret = env[ENV_WEBHOOK_SECRET]
        merged["webhook"] = {**dict(merged.get("webhook") or {}), "secret_token": secret}
    if "taxonomy" not in merged:
        merged["taxonomy"] = default_taxonomy()
    if "base_dir" in merged:
        raise ConfigError(source, ["base_dir: unknown setting"])
    merged["base_dir"] = base_dir
    # Values and references are checked independently, so one pass reports everything.
    references = reference_problems(merged)
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as exc:
        problems = _problems_from(exc) + references
        if require_token and not _has_token(merged):
            problems.insert(0, _missing_token_message())
        raise ConfigError(source, problems) from None
    problems = list(references)
    if require_token and settings.token is None:
        problems.insert(0, _missing_token_message())
    if problems:
        raise ConfigError(source, problems)
    return settings


def _has_token(merged: Mapping[str, Any]) -> bool:
    telegram = merged.get("telegram")
    return isinstance(telegram, Mapping) and bool(telegram.get("token"))


def _missing_token_message() -> str:
    return (
        f"telegram.token: required to run the bot; set {ENV_TOKEN} or telegram.token "
        "(get one from @BotFather), or try `inexa-bot demo` which needs none"
    )


def resolve_config_path(explicit: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """The config file to read: ``--config``, else ``$INEXA_CONFIG``, else ``./config.toml``."""
    env = os.environ if environ is None else environ
    return Path(explicit or env.get(ENV_CONFIG) or DEFAULT_CONFIG_NAME)


def load_settings(
    path: Path,
    *,
    must_exist: bool = False,
    require_token: bool = False,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Read and validate a TOML config file (a missing default file means "all defaults").

    Raises:
        ConfigError: the file is unreadable, not TOML, or invalid; lists every problem.
    """
    source = str(path)
    if not path.exists():
        if must_exist:
            raise ConfigError(source, ["file not found (copy config.example.toml to start)"])
        data: dict[str, Any] = {}
    else:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(source, [f"not valid TOML: {exc}"]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(source, [f"cannot read the file: {exc}"]) from None
    return parse_settings(
        data,
        source=source,
        environ=environ,
        base_dir=path.parent if path.parent != Path("") else Path("."),
        require_token=require_token,
    )
