"""The web server of ``inexa-bot serve`` and ``worker``: webhook, health, readiness, metrics.

Telegram's webhook calls ``POST <webhook path>`` with the secret token in the
``X-Telegram-Bot-Api-Secret-Token`` header; a call without the right token is refused with
403 and counted. A good call puts the update on the PTB application's update queue (PTB's
custom-webhook pattern) and answers 200 at once: handlers run on the application's own
loop, and an update handled on any instance behind the load balancer behaves the same, since
all state is in the database.

* ``GET /healthz``: the process is up (no I/O: a liveness probe must not fail on a slow
  database and restart a healthy process);
* ``GET /readyz``: database reachable, schema current, Bot API reachable (200 or 503, with
  each check's result as JSON) for the load balancer;
* ``GET /metrics``: Prometheus text format;
* ``GET /calendar/<token>.ics``: a member's private calendar feed (when ``feeds`` is given),
  with ``ETag`` and ``Last-Modified``; a conditional request whose copy is current gets 304.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.services.calendar import FeedBody
from bot.services.health import Health
from bot.web.metrics import CONTENT_TYPE, Metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
#: Telegram's updates are small; anything much bigger is not from Telegram.
MAX_BODY = 1_000_000
#: A feed is private (its address is the secret) and apps come back by themselves.
FEED_CACHE = "private, max-age=900"

FeedSource = Callable[[str], Awaitable[FeedBody | None]]


def not_modified(feed: FeedBody, if_none_match: str | None, if_modified_since: str | None) -> bool:
    """RFC 9110 13.2.2: ``If-None-Match`` decides when present (weak comparison); otherwise
    ``If-Modified-Since`` against the feed's last change (to the second)."""
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or feed.etag in tags
    if if_modified_since is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            return False
        return feed.modified_at.replace(microsecond=0) <= since
    return False


def feed_response(feed: FeedBody, request: Request) -> Response:
    """The feed, or 304 when the client's copy is current."""
    headers = {
        "ETag": feed.etag,
        "Last-Modified": format_datetime(feed.modified_at, usegmt=True),
        "Cache-Control": FEED_CACHE,
    }
    if not_modified(
        feed, request.headers.get("if-none-match"), request.headers.get("if-modified-since")
    ):
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = 'inline; filename="inexa.ics"'
    body = b"" if request.method == "HEAD" else feed.body
    response = Response(body, media_type="text/calendar; charset=utf-8", headers=headers)
    if request.method == "HEAD":
        response.headers["Content-Length"] = str(len(feed.body))
    return response


def create_web_app(
    *,
    health: Health,
    metrics: Metrics,
    clock: Callable[[], datetime],
    application: Application[Any, Any, Any, Any, Any, Any] | None = None,
    webhook_path: str = "/telegram",
    secret_token: str | None = None,
    feeds: FeedSource | None = None,
) -> Starlette:
    """The ASGI app; ``application`` None: no webhook route (``worker`` mode); ``feeds``
    None: no calendar feeds."""

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def readyz(request: Request) -> Response:
        result = await health.readiness()
        body = {"ready": result.ready, "database": result.database, "schema": result.schema,
                "bot_api": result.bot_api}  # fmt: skip
        return JSONResponse(body, status_code=200 if result.ready else 503)

    async def metrics_route(request: Request) -> Response:
        try:
            figures = await health.figures()
        except Exception as error:  # the scrape still shows the process's own counters
            log.warning("metrics: database figures unavailable: %s", error)
            return Response(
                status_code=503, content=f"database unavailable: {type(error).__name__}"
            )
        return Response(metrics.exposition(figures, now=clock()), media_type=CONTENT_TYPE)

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics_route, methods=["GET"]),
    ]
    if feeds is not None:
        source = feeds

        async def feed(request: Request) -> Response:
            found = await source(str(request.path_params["token"]))
            if found is None:
                return PlainTextResponse("not found", status_code=404)
            return feed_response(found, request)

        routes.append(Route("/calendar/{token}.ics", feed, methods=["GET", "HEAD"]))
    if application is not None:
        if not secret_token:
            raise ValueError("a webhook needs a secret token (webhook.secret_token)")
        app = application
        expected = secret_token.encode()

        async def webhook(request: Request) -> Response:
            given = request.headers.get(SECRET_HEADER, "").encode()
            if not hmac.compare_digest(given, expected):
                metrics.webhook_refused.labels("secret").inc()
                return PlainTextResponse("forbidden", status_code=403)
            body = await request.body()
            if len(body) > MAX_BODY:
                metrics.webhook_refused.labels("size").inc()
                return PlainTextResponse("too large", status_code=413)
            try:
                data = json.loads(body)
                update = Update.de_json(data, app.bot)
            except (ValueError, TypeError, KeyError) as error:
                # Answering 400 makes Telegram retry the same bytes; 200 drops what can never parse.
                metrics.webhook_refused.labels("malformed").inc()
                log.warning("webhook: an update that does not parse was dropped: %s", error)
                return PlainTextResponse("malformed update", status_code=200)
            await app.update_queue.put(update)
            return Response(status_code=200)

        routes.append(Route(webhook_path, webhook, methods=["POST"]))
    return Starlette(routes=routes)
