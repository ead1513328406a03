"""Why fetching a source failed. Every error carries a short reason fit for a coordinator.

FeedError
├── FetchError            the HTTP exchange failed
│   ├── HTTPStatusError   4xx/5xx (``status``; ``retry_after`` on 429/503)
│   ├── FetchTimeout      connect or read timed out
│   ├── TooLarge          the body passed the size cap
│   ├── ChallengePage     an anti-bot page (Cloudflare "Just a moment", WAF)
│   └── UnexpectedContent HTML where a feed or JSON was expected
├── ParseError            the body could not be read as the source's format
└── SourceOutage          fewer items than the source normally has: an outage, not "no news"
"""

from __future__ import annotations


class FeedError(Exception):
    """Base of every source failure."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class FetchError(FeedError):
    """The HTTP exchange failed."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, status: int, url: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status} from {url}", retry_after=retry_after)
        self.status = status


class FetchTimeout(FetchError):
    """Connecting or reading took too long."""


class TooLarge(FetchError):
    """The body is larger than the configured cap."""


class ChallengePage(FetchError):
    """An anti-bot challenge answered instead of the content."""


class UnexpectedContent(FetchError):
    """The content type is not what the source should return (e.g. an HTML error page)."""


class ParseError(FeedError):
    """The body is not valid in the source's format."""


class SourceOutage(FeedError):
    """The source returned (almost) nothing although it normally has many items."""
