"""Settings: typed, frozen sections validated from the TOML file plus the environment.

Secrets (the bot token, a database URL with a password) are ``SecretStr`` and never
appear in ``repr``, logs or error messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import time
from pathlib import Path
from typing import Any, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    Field,
    SecretStr,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.config.alliance import MembershipSettings, PipelineSettings, ProjectSettings
from bot.config.base import LanguageCode, Slug
from bot.config.base import Section as _Section
from feeds.types import OpportunityKind, SourceKind

#: Languages the bot ships complete catalogs for.
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "ro", "es")
#: Environment variables that override the file (secrets belong there).
ENV_TOKEN = "INEXA_BOT_TOKEN"
ENV_DATABASE_URL = "INEXA_DATABASE_URL"
ENV_CONFIG = "INEXA_CONFIG"
ENV_WEBHOOK_SECRET = "INEXA_WEBHOOK_SECRET"

DEFAULT_CONFIG_NAME = "config.toml"
DEFAULT_DATABASE_NAME = "inexa-bot.sqlite3"

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


class TelegramSettings(_Section):
    """How to reach the Bot API and who administers the bot."""

    token: SecretStr | None = None
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    local_mode: bool = False
    admin_ids: tuple[int, ...] = ()
    #: Seconds a getUpdates call may wait for an update.
    poll_timeout: int = Field(default=30, ge=0, le=50)

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not re.fullmatch(r"\d{3,20}:[A-Za-z0-9_-]{10,100}", value.get_secret_value()):
            # Never echo the value: it is a secret even when malformed.
            raise ValueError("does not look like a token from @BotFather (digits:letters)")
        return value

    @field_validator("base_url", "base_file_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http:// or https:// URL")
        return value


class DatabaseSettings(_Section):
    """Where the data lives."""

    #: SQLAlchemy async URL; empty means a SQLite file next to the config file.
    url: SecretStr | None = None
    #: Log every SQL statement (development only).
    echo: bool = False

    @field_validator("url")
    @classmethod
    def _async_driver(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        url = value.get_secret_value()
        scheme = url.split(":", 1)[0]
        if scheme not in {"sqlite+aiosqlite", "postgresql+asyncpg"}:
            raise ValueError(
                f"driver {scheme!r} is not supported; use sqlite+aiosqlite:///PATH "
                "or postgresql+asyncpg://USER@HOST/DB"
            )
        return value


def _no_repeats(values: Sequence[float], what: str) -> None:
    repeated = sorted({v for v in values if list(values).count(v) > 1})
    if repeated:
        raise ValueError(f"{what} must not repeat: {', '.join(f'{v:g}' for v in repeated)}")


def _parse_clock(value: object) -> object:
    """Accept ``"09:00"`` strings (TOML local times arrive as ``time`` already)."""
    if isinstance(value, str):
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
        if not match:
            raise ValueError("must be a time of day as HH:MM, e.g. 09:00")
        return time(int(match.group(1)), int(match.group(2)))
    return value


class ScheduleSettings(_Section):
    """Defaults for every member's digest; members can change their own."""

    digest_weekday: Weekday = "monday"
    digest_time: time = time(9, 0)
    timezone: str = "Europe/Bucharest"
    #: No message to a member between these local times (start > end spans midnight).
    quiet_hours_start: time = time(21, 0)
    quiet_hours_end: time = time(8, 0)
    #: Days before a followed call's deadline when its followers get a countdown reminder.
    reminder_days: tuple[StrictInt, ...] = Field(default=(14, 3, 1))
    #: Hours before a workshop when members who are going get a reminder.
    workshop_reminder_hours: tuple[float, ...] = Field(default=(24.0, 1.0))
    #: Hours after a workshop's end when its feedback poll goes out (0: none unless a
    #: coordinator turns it on for that workshop); each workshop can change it.
    feedback_poll_hours: int = Field(default=2, ge=0, le=336)
    #: How often the scheduler looks for due work (sources, outbox), in seconds.
    tick_seconds: int = Field(default=60, ge=1, le=3600)

    @field_validator("digest_time", "quiet_hours_start", "quiet_hours_end", mode="before")
    @classmethod
    def _clock(cls, value: object) -> object:
        return _parse_clock(value)

    @field_validator("workshop_reminder_hours")
    @classmethod
    def _reminder_hours(cls, value: tuple[float, ...]) -> tuple[float, ...]:
        # `not 0 < h <= 336` also catches nan and inf, which TOML can spell.
        wrong = [hours for hours in value if not 0 < hours <= 24 * 14]
        if wrong:
            raise ValueError(
                "each reminder must be more than 0 and at most 336 hours (14 days) before the "
                f"start; not {', '.join(f'{hours:g}' for hours in wrong)}"
            )
        _no_repeats(value, "reminder hours")
        return tuple(sorted(value, reverse=True))

    @field_validator("reminder_days")
    @classmethod
    def _reminder_days(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        wrong = [days for days in value if not 1 <= days <= 365]
        if wrong:
            raise ValueError(
                "each reminder must be 1 to 365 days before the deadline; "
                f"not {', '.join(map(str, wrong))}"
            )
        _no_repeats(value, "reminder days")
        return tuple(sorted(value, reverse=True))

    @field_validator("quiet_hours_end")
    @classmethod
    def _quiet_period(cls, value: time, info: ValidationInfo) -> time:
        start = info.data.get("quiet_hours_start")
        if start == value:
            raise ValueError(
                f"the quiet hours start and end at the same time ({value:%H:%M}), which is no "
                "quiet period at all; give an end that differs from quiet_hours_start, e.g. "
                "21:00 to 08:00 (members can still choose no quiet hours in /settings)"
            )
        return value

    @field_validator("digest_weekday", mode="before")
    @classmethod
    def _weekday_lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name such as Europe/Bucharest"
            ) from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The default time zone as an object."""
        return ZoneInfo(self.timezone)


class I18nSettings(_Section):
    """Languages offered to members."""

    default_language: LanguageCode = "en"
    languages: tuple[LanguageCode, ...] = SUPPORTED_LANGUAGES

    @field_validator("languages")
    @classmethod
    def _supported(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [lang for lang in value if lang not in SUPPORTED_LANGUAGES]
        if unknown:
            raise ValueError(
                f"no catalog for {', '.join(unknown)}; supported: {', '.join(SUPPORTED_LANGUAGES)}"
            )
        if not value:
            raise ValueError("enable at least one language")
        return tuple(dict.fromkeys(value))

    @model_validator(mode="after")
    def _default_enabled(self) -> Self:
        if self.default_language not in self.languages:
            raise ValueError(
                f"default_language {self.default_language!r} is not in languages "
                f"{list(self.languages)}"
            )
        return self


class PrivacySettings(_Section):
    """Who is responsible for members' data (shown in the privacy notice)."""

    controller: str = "INEXA Alliance"
    contact: str = "privacy@inexa.example"
    #: Bump when the notice's wording changes; consent records keep the version they saw.
    notice_version: str = "1"
    #: Months of inactivity after which a paused member's data is erased.
    retention_months: int = Field(default=24, ge=1, le=120)

    @field_validator("controller", "contact")
    @classmethod
    def _shown_in_the_notice(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty: the privacy notice every member reads names it")
        if len(value) > 200 or "\n" in value:
            raise ValueError("must be one line of at most 200 characters")
        return value.strip()


class TaxonomyItem(_Section):
    """A topic or programme: labels per language and classification keywords per language."""

    id: Slug
    labels: dict[LanguageCode, str]
    keywords: dict[LanguageCode, tuple[str, ...]] = Field(default_factory=dict)
    #: Names sources use for a programme (``"ERASMUS+"``, an F&T code).
    aliases: tuple[str, ...] = ()

    @field_validator("labels")
    @classmethod
    def _english_label(cls, value: dict[str, str]) -> dict[str, str]:
        if not value.get("en", "").strip():
            raise ValueError("needs an English label (labels.en)")
        empty = [lang for lang, label in value.items() if not label.strip()]
        if empty:
            raise ValueError(f"empty label for {', '.join(empty)}")
        return value

    @field_validator("keywords")
    @classmethod
    def _plain_words(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for lang, words in value.items():
            for word in words:
                if not word.strip() or len(word) > 80:
                    raise ValueError(f"keyword {word!r} ({lang}) must be 1-80 characters")
        return value


class TaxonomySettings(_Section):
    """The alliance's topics and programmes; the bundled default fits INEXA."""

    topics: tuple[TaxonomyItem, ...] = ()
    programmes: tuple[TaxonomyItem, ...] = ()


class SourceSettings(_Section):
    """One place opportunities come from (see docs: adding a source)."""

    id: Slug
    kind: SourceKind
    url: str
    enabled: bool = True
    #: Minutes between successful checks.
    interval_minutes: int = Field(default=360, ge=5, le=7 * 24 * 60)
    language: LanguageCode = "en"
    #: Programme id (from the taxonomy) assumed for every item of this source.
    programme: Slug | None = None
    #: Topic ids (from the taxonomy) assumed for every item of this source.
    topics: tuple[Slug, ...] = ()
    #: Keep only items mentioning one of these words (empty: keep all).
    include: tuple[str, ...] = ()
    #: Drop items mentioning one of these words.
    exclude: tuple[str, ...] = ()
    #: Fewer items than this in a full answer is an outage, not "no news".
    min_items: int = Field(default=0, ge=0)
    #: Adapter-specific parameters (e.g. ``programmes`` codes for eu-ft).
    params: dict[str, Any] = Field(default_factory=dict)
    #: What the source publishes when an item's text does not say (``news`` for a news
    #: feed, ``call`` for a feed of calls, ``event``...); unset: calls for eu-ft, bdns and
    #: wp-json, news for rss. A text with call signals is a call whatever the source.
    publishes: OpportunityKind | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http:// or https:// URL")
        return value


class DeliverySettings(_Section):
    """How fast the outbox is sent (below Telegram's limits, which no server setting raises)."""

    #: Messages per second overall (Telegram allows about 30; fixed spacing, no bursts); on
    #: PostgreSQL, for all instances together (they share the budget in the database).
    per_second: float = Field(default=29.0, gt=0, le=30)
    #: Seconds between two messages to one private chat (Telegram: about 1).
    private_interval: float = Field(default=1.05, ge=1.0, le=60)
    #: Seconds between two messages to one group (Telegram: 20 per minute).
    group_interval: float = Field(default=3.1, ge=3.0, le=600)
    #: How long a message meeting server errors (5xx, network) is retried before it is
    #: recorded as failed, counted from its first error (Telegram's outages last minutes).
    retry_minutes: int = Field(default=120, ge=1, le=4320)
    #: The longest pause between two tries of such a message (the backoff doubles up to it).
    max_retry_interval: float = Field(default=300.0, ge=1, le=3600)
    #: Every pacing interval is divided by it: only for a local Bot API server whose flood
    #: limits run that much faster (tests, benchmarks). Leave 1 with Telegram.
    time_scale: float = Field(default=1.0, ge=1.0, le=1000)


class LoggingSettings(_Section):
    """What the process logs, and how."""

    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    #: "text" for people reading a terminal; "json": one JSON object per line, for a log shipper.
    format: Literal["text", "json"] = "text"


class WebhookSettings(_Section):
    """``inexa-bot serve``: Telegram calls us (webhooks); the same server answers health checks."""

    #: The public HTTPS address Telegram calls, path included (e.g. https://bot.example.org/telegram).
    url: str | None = None
    #: Telegram sends it in ``X-Telegram-Bot-Api-Secret-Token``; a request without it is refused.
    secret_token: SecretStr | None = None
    #: Where the web server listens (behind the reverse proxy that terminates TLS).
    listen: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    #: Connections Telegram may open to us at once (setWebhook's max_connections).
    max_connections: int = Field(default=40, ge=1, le=100)

    @field_validator("url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not re.match(r"^https?://[^\s/]+(/[^\s?#]*)?$", value):
            raise ValueError("must be an https:// URL with the webhook path, no query")
        return value

    @field_validator("secret_token")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        # Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", value.get_secret_value()):
            raise ValueError("must be 16-256 characters of A-Z, a-z, 0-9, _ and - (never echoed)")
        return value

    @property
    def path(self) -> str:
        """The path part of ``url`` that the web server routes to the bot."""
        if self.url is None:
            return "/telegram"
        rest = self.url.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


class WebSettings(_Section):
    """The bot's own web address: members' calendar feed links are served there.

    ``serve`` and ``worker`` serve them from their web server (``[webhook]`` listen/port);
    ``run`` starts a small server on ``listen``/``port`` below when ``public_url`` is set.
    """

    #: The public base address the web server is reached at (``https://bot.example.org``),
    #: behind the reverse proxy; links handed to members start with it. None: no feeds.
    public_url: str | None = None
    #: Where ``run``'s small server listens (``serve``/``worker`` use ``[webhook]``'s).
    listen: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)

    @field_validator("public_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", value):
            raise ValueError("must be an http:// or https:// address without a query")
        return value.rstrip("/")


class Settings(_Section):
    """Everything the bot needs to run; build it with :func:`parse_settings`, which also checks
    how settings refer to each other (:func:`reference_problems`)."""

    telegram: TelegramSettings = TelegramSettings()
    database: DatabaseSettings = DatabaseSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    i18n: I18nSettings = I18nSettings()
    privacy: PrivacySettings = PrivacySettings()
    taxonomy: TaxonomySettings = TaxonomySettings()
    sources: tuple[SourceSettings, ...] = ()
    delivery: DeliverySettings = DeliverySettings()
    logging: LoggingSettings = LoggingSettings()
    webhook: WebhookSettings = WebhookSettings()
    web: WebSettings = WebSettings()
    project: ProjectSettings = ProjectSettings()
    membership: MembershipSettings = MembershipSettings()
    pipeline: PipelineSettings = PipelineSettings()
    #: Directory relative paths (the default database) are resolved against; not a TOML key.
    base_dir: Path = Field(default=Path("."), exclude=True)

    @property
    def database_url(self) -> str:
        """The database URL, with the default SQLite file resolved next to the config."""
        if self.database.url is not None:
            return self.database.url.get_secret_value()
        path = (self.base_dir / DEFAULT_DATABASE_NAME).resolve()
        return f"sqlite+aiosqlite:///{path}"

    @property
    def token(self) -> str | None:
        """The bot token, if configured (never log it)."""
        return None if self.telegram.token is None else self.telegram.token.get_secret_value()
