"""Source adapters: each reads one kind of source into :class:`~feeds.types.Draft` records.

An adapter is ``async fetch(fetcher, spec, state, *, now) -> AdapterResult``: it does the
HTTP work, reads the answer, and returns drafts plus the new caching state. Deciding
(status, deadlines, topics) happens afterwards in :mod:`feeds.normalize`; the outage check
(``spec.min_items`` against ``AdapterResult.listed``) in :mod:`feeds.pipeline`.

Adapters take their options from ``spec.params`` (validated here, a bad value is a
:class:`~feeds.exceptions.SourceConfigError`) and their time from the fetcher
(``fetcher.sleep``, ``fetcher.clock``), so tests never wait. Each adapter module declares
``PARAMS`` (the names it reads) and ``options(spec)`` (reads and checks them, as ``fetch``
does); :func:`check_params` runs both so the bot's configuration check refuses a bad or
unknown parameter before any request. :func:`adapter_modules` is the registry of kinds.

The incremental adapters (``bdns``, ``wp_json``) share one list -> details -> cursor helper,
:mod:`feeds.sources.listing`. Where an adapter is large, reading one record into a draft
lives beside it (``bdns_calls``, ``wp_json_posts``, ``eu_ft_records``) and the adapter
module re-exports those names.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from feeds.exceptions import ParseError, SourceConfigError
from feeds.types import CachingState, Draft, SourceKind, SourceSpec

if TYPE_CHECKING:
    from feeds.http import Fetcher, HttpResult

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class AdapterResult:
    """What one adapter run read."""

    drafts: tuple[Draft, ...]
    state: CachingState
    #: True when the server answered 304: nothing changed, ``drafts`` is empty.
    not_modified: bool = False
    #: Seconds the server asked us to wait before the next check, clamped.
    retry_after: float | None = None
    #: Entries that could not be read, each with a short reason (never dropped silently).
    skipped: tuple[str, ...] = ()
    #: How many items the source listed in this answer, for the outage check; None when
    #: nothing was listed (a 304).
    listed: int | None = None
    #: Survivable oddities worth a log line (a wrong declared charset, lenient XML).
    problems: tuple[str, ...] = ()


class Adapter(Protocol):
    """The shape every adapter's ``fetch`` has."""

    def __call__(
        self, fetcher: Fetcher, spec: SourceSpec, state: CachingState, *, now: datetime
    ) -> Awaitable[AdapterResult]:
        """Read the source."""
        ...


class AdapterModule(Protocol):
    """What an adapter module offers: ``fetch``, its parameter names and their check."""

    PARAMS: frozenset[str]

    def options(self, spec: SourceSpec) -> object:
        """``spec.params`` read and checked; raises SourceConfigError."""
        ...


def adapter_modules() -> dict[SourceKind, Any]:
    """Every adapter module by the kind it reads (the registry of source kinds)."""
    from feeds.sources import bdns, eu_ft, html_list, rss, wp_json

    return {
        SourceKind.RSS: rss,
        SourceKind.EU_FT: eu_ft,
        SourceKind.BDNS: bdns,
        SourceKind.WP_JSON: wp_json,
        SourceKind.HTML: html_list,
    }


def adapter_for(kind: SourceKind) -> Adapter:
    """The adapter for a source kind."""
    adapter: Adapter = adapter_modules()[kind].fetch
    return adapter


def check_params(kind: SourceKind, params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every problem in a source's ``params``: (name, what is wrong), unknown names included.

    Values are read by the adapter's own ``options`` (the reading ``fetch`` does), so a
    configuration is judged before any request is made. ``options`` stops at the first bad
    value; that value is set aside and the rest read again, so every problem is reported at
    once. A problem of the whole set (a required parameter) has the name ``""``.
    """
    module: AdapterModule = adapter_modules()[kind]
    problems: list[tuple[str, str]] = []
    remaining: dict[str, Any] = {}
    set_aside = False
    for name, value in params.items():
        if name in module.PARAMS:
            remaining[name] = value
        else:
            known = ", ".join(sorted(module.PARAMS))
            problems.append((name, f"unknown parameter for kind {kind.value!r}; known: {known}"))
    while True:
        spec = SourceSpec(id="params", kind=kind, url="https://example.invalid/", params=remaining)
        try:
            module.options(spec)
        except SourceConfigError as error:
            reason = str(error.reason).removeprefix("params: ")
            culprit = next((n for n in remaining if reason.startswith(f"parameter {n}=")), None)
            if culprit is None:
                # After a bad value was set aside, "x is required" only repeats that problem.
                if not set_aside:
                    problems.append(("", reason))
                break
            problems.append((culprit, reason.removeprefix(f"parameter {culprit}=")))
            del remaining[culprit]
            set_aside = True
        else:
            break
    order = {name: index for index, name in enumerate(params)}
    return sorted(problems, key=lambda problem: order.get(problem[0], len(order)))


class Pacer:
    """At most one request per ``interval`` seconds (time spent in a request counts)."""

    def __init__(
        self,
        interval: float,
        *,
        sleep: Callable[[float], Awaitable[None]],
        clock: Callable[[], float],
    ) -> None:
        self.interval = interval
        self._sleep = sleep
        self._clock = clock
        self._next: float | None = None

    async def wait(self) -> None:
        """Return when the next request may go; the first one goes at once."""
        now = self._clock()
        if self._next is not None and self._next > now:
            await self._sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


def pacer(fetcher: Fetcher, interval: float) -> Pacer:
    """A pacer on the fetcher's clock."""
    return Pacer(interval, sleep=fetcher.sleep, clock=fetcher.clock)


def param(spec: SourceSpec, name: str, default: T, cast: Callable[[Any], T]) -> T:
    """``spec.params[name]`` converted by ``cast``, or ``default`` when absent.

    Raises:
        SourceConfigError: the value cannot be converted.
    """
    if name not in spec.params:
        return default
    value = spec.params[name]
    try:
        return cast(value)
    except (TypeError, ValueError) as exc:
        raise SourceConfigError(
            f"{spec.id}: parameter {name}={value!r} is not valid ({exc})"
        ) from exc


def non_negative(value: Any) -> float:
    """A number of seconds, at least 0."""
    number = float(value)
    if number < 0:
        raise ValueError("must not be negative")
    return number


def positive_int(value: Any) -> int:
    """A count, at least 1."""
    if isinstance(value, bool):
        raise TypeError("expected a number")
    number = int(value)
    if number < 1:
        raise ValueError("must be at least 1")
    return number


def non_negative_int(value: Any) -> int:
    """A count, at least 0."""
    if isinstance(value, bool):
        raise TypeError("expected a number")
    number = int(value)
    if number < 0:
        raise ValueError("must not be negative")
    return number


def zone_name(value: Any) -> str:
    """An IANA time zone name such as ``Europe/Bucharest``."""
    if not isinstance(value, str):
        raise TypeError("expected an IANA time zone name such as 'Europe/Bucharest'")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {value!r}") from exc
    return value


def read_json(result: HttpResult, what: str) -> Any:
    """The JSON body of ``result``, with decimals as ``Decimal`` (money is never float).

    Raises:
        ParseError: the body is not JSON.
    """
    try:
        return json.loads(result.content, parse_float=Decimal)
    except ValueError as exc:  # includes UnicodeDecodeError
        raise ParseError(f"{what} at {result.url} is not JSON ({exc})") from exc
