"""A loopback HTTP server for feed tests: real sockets and headers (ETag, 304, gzip, redirects)."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

Handler = Callable[[Request], Awaitable[Response]]
DATA = Path(__file__).resolve().parents[1] / "data" / "sources"


@dataclass
class Hit:
    method: str
    path: str
    query: str
    headers: dict[str, str]


@dataclass
class FeedServer:
    """``async with FeedServer() as server: server.static("/feed", body); server.url("/feed")``."""

    routes: dict[str, Handler] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    _server: uvicorn.Server | None = None
    _task: asyncio.Task[None] | None = None

    @property
    def base(self) -> str:
        assert self._server is not None
        port = self._server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def static(
        self,
        path: str,
        body: bytes,
        *,
        content_type: str = "application/rss+xml; charset=utf-8",
        etag: bool = True,
        last_modified: str | None = "Fri, 20 Nov 2026 10:00:00 GMT",
        compress: bool = False,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve ``body`` with validators; answer 304 to a matching conditional request."""
        tag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16] + '"'

        async def handler(request: Request) -> Response:
            extra = dict(headers or {})
            if etag:
                extra["ETag"] = tag
            if last_modified:
                extra["Last-Modified"] = last_modified
            if etag and request.headers.get("if-none-match") == tag:
                return Response(status_code=304, headers=extra)
            payload = body
            if compress and "gzip" in request.headers.get("accept-encoding", ""):
                payload = gzip.compress(body)
                extra["Content-Encoding"] = "gzip"
            return Response(payload, status_code=status, media_type=content_type, headers=extra)

        self.add(path, handler)

    def fixture(self, path: str, name: str, **options: object) -> bytes:
        """Serve a file from tests/data/sources, with LINK replaced by this server's address."""
        body = (DATA / name).read_bytes().replace(b"LINK", self.base.encode())
        self.static(path, body, **options)  # type: ignore[arg-type]
        return body

    def redirect(self, path: str, target: str, status: int = 301) -> None:
        async def handler(request: Request) -> Response:
            return Response(status_code=status, headers={"Location": target})

        self.add(path, handler)

    async def _dispatch(self, request: Request) -> Response:
        path = "/" + request.path_params["path"]
        self.hits.append(
            Hit(
                request.method,
                path,
                request.url.query,
                {k.lower(): v for k, v in request.headers.items()},
            )
        )
        handler = self.routes.get(path)
        if handler is None:
            return Response("not found", status_code=404, media_type="text/plain")
        return await handler(request)

    async def __aenter__(self) -> Self:
        app = Starlette(routes=[Route("/{path:path}", self._dispatch, methods=["GET", "POST"])])
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:  # noqa: ASYNC110 - uvicorn exposes a flag, not an event
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.should_exit = True
        if self._task is not None:
            await self._task
