"""Why reading a source failed. Every error carries a short reason fit for a coordinator notice.

FeedError                   base; ``reason`` (short, human) and ``retry_after`` (seconds or None)
├── FetchError              the HTTP exchange failed
│   ├── HTTPStatusError     4xx/5xx (``status``; ``retry_after`` from 429/503 answers)
│   ├── FetchTimeout        connecting or reading took too long (not the builtin TimeoutError)
│   ├── TooManyRedirects    a redirect chain longer than the cap, or a loop
│   ├── TooLarge            the body passed the size cap
│   ├── ChallengePage       an anti-bot page (Cloudflare "Just a moment", a WAF block page)
│   └── UnexpectedContent   HTML where a feed or JSON was expected ("not a feed")
├── ParseError              the body could not be read in the source's format
├── SourceOutage            fewer items than the source always has: an outage, not "no news"
└── SourceConfigError       the source's configuration cannot work (e.g. an unknown programme)

Anything an adapter raises that is not a ``FeedError`` is a bug; :mod:`feeds.pipeline` still
records it as a failure of that one source.
"""

from __future__ import annotations


class FeedError(Exception):
    """Base of every source failure."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        #: One line a coordinator can read ("HTTP 503 from https://…", "anti-bot page …").
        self.reason = reason
        #: Seconds the server asked us to wait, already clamped; None when it did not say.
        self.retry_after = retry_after


class FetchError(FeedError):
    """The HTTP exchange failed."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, status: int, url: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status} from {url}", retry_after=retry_after)
        self.status = status
        self.url = url


class FetchTimeout(FetchError):
    """Connecting or reading took too long."""


class TooManyRedirects(FetchError):
    """The server kept redirecting."""


class TooLarge(FetchError):
    """The body is larger than the configured cap."""


class ChallengePage(FetchError):
    """An anti-bot challenge or WAF block page answered instead of the content."""


class UnexpectedContent(FetchError):
    """An HTML page (an error page, a login wall) where a feed or JSON was expected."""


class ParseError(FeedError):
    """The body is not valid in the source's format."""


class SourceOutage(FeedError):
    """The source returned (almost) nothing although it normally has many items."""


class SourceConfigError(FeedError):
    """The source's parameters cannot work; fix the configuration, retrying will not help."""
