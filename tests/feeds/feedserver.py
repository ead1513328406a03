"""A loopback HTTP server for feed tests: real sockets and real headers.

``async with FeedServer() as server:`` starts uvicorn on 127.0.0.1 with a free port. Routes:

* ``server.static(path, body, …)``: ETag and Last-Modified, 304 on a matching conditional
  request, optional gzip, any status, content type and extra headers;
* ``server.fixture(path, name, …)``: the same for a file under ``tests/data/sources`` (the
  word ``LINK`` in it becomes this server's address);
* ``server.redirect(path, target, status)``; ``server.add(path, handler)`` for anything else;
* ``server.serve_case(routes, directory)``: a golden case's route table, matched on method,
  path and a subset of the query string.

Every request is recorded in ``server.hits`` (method, path, query, headers, body).

``FeedServer.in_thread()`` runs the same server on its own thread and event loop, so one
instance can serve a whole test session (``reset()`` between tests); stopping uvicorn
costs a tick of its main loop, which adds up over many tests.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

Handler = Callable[[Request], Awaitable[Response]]
DATA = Path(__file__).resolve().parents[1] / "data" / "sources"
LAST_MODIFIED = "Fri, 20 Nov 2026 10:00:00 GMT"


@dataclass
class Hit:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes = b""


def _respond(
    request: Request,
    body: bytes,
    *,
    content_type: str,
    etag: bool,
    last_modified: str | None,
    compress: bool,
    status: int,
    headers: Mapping[str, str] | None,
) -> Response:
    extra = dict(headers or {})
    tag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16] + '"'
    if etag:
        extra["ETag"] = tag
    if last_modified:
        extra["Last-Modified"] = last_modified
    if status == 200 and (
        (etag and request.headers.get("if-none-match") == tag)
        or (
            not etag and last_modified and request.headers.get("if-modified-since") == last_modified
        )
    ):
        return Response(status_code=304, headers=extra)
    payload = body
    if compress and "gzip" in request.headers.get("accept-encoding", ""):
        payload = gzip.compress(body)
        extra["Content-Encoding"] = "gzip"
    return Response(payload, status_code=status, media_type=content_type, headers=extra)


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
        last_modified: str | None = LAST_MODIFIED,
        compress: bool = False,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve ``body`` with validators; answer 304 to a matching conditional request."""

        async def handler(request: Request) -> Response:
            return _respond(
                request,
                body,
                content_type=content_type,
                etag=etag,
                last_modified=last_modified,
                compress=compress,
                status=status,
                headers=headers,
            )

        self.add(path, handler)

    def load(self, name: str, directory: Path = DATA) -> bytes:
        """A data file with ``LINK`` replaced by this server's address."""
        return (directory / name).read_bytes().replace(b"LINK", self.base.encode())

    def fixture(self, path: str, name: str, **options: Any) -> bytes:
        """Serve a file from tests/data/sources, with LINK replaced by this server's address."""
        body = self.load(name)
        self.static(path, body, **options)
        return body

    def redirect(self, path: str, target: str, status: int = 301) -> None:
        async def handler(request: Request) -> Response:
            return Response(status_code=status, headers={"Location": target})

        self.add(path, handler)

    def serve_case(self, routes: Sequence[Mapping[str, Any]], directory: Path) -> None:
        """Serve a golden case's routes: ``{path, file, method?, query?, content_type?, …}``."""
        by_path: dict[str, list[Mapping[str, Any]]] = {}
        for route in routes:
            by_path.setdefault(route["path"], []).append(route)
        for path, options in by_path.items():
            self.add(path, self._table(options, directory))

    def _table(self, options: Sequence[Mapping[str, Any]], directory: Path) -> Handler:
        async def handler(request: Request) -> Response:
            query = dict(request.query_params)
            for route in options:
                wanted = {str(k): str(v) for k, v in route.get("query", {}).items()}
                if route.get("method", "GET") != request.method:
                    continue
                if any(query.get(k) != v for k, v in wanted.items()):
                    continue
                return _respond(
                    request,
                    self.load(route["file"], directory),
                    content_type=route.get("content_type", "application/json"),
                    etag=route.get("etag", True),
                    last_modified=route.get("last_modified", LAST_MODIFIED),
                    compress=route.get("gzip", False),
                    status=route.get("status", 200),
                    headers=route.get("headers"),
                )
            return Response("no route for this query", status_code=404, media_type="text/plain")

        return handler

    def count(self, path: str) -> int:
        """How many requests reached ``path``."""
        return sum(1 for hit in self.hits if hit.path == path)

    async def _dispatch(self, request: Request) -> Response:
        path = "/" + request.path_params["path"]
        self.hits.append(
            Hit(
                request.method,
                path,
                request.url.query,
                {k.lower(): v for k, v in request.headers.items()},
                await request.body(),
            )
        )
        handler = self.routes.get(path)
        if handler is None:
            return Response("not found", status_code=404, media_type="text/plain")
        return await handler(request)

    def reset(self) -> None:
        """Forget every route and recorded request."""
        self.routes.clear()
        self.hits.clear()

    def _make_server(self) -> uvicorn.Server:
        app = Starlette(routes=[Route("/{path:path}", self._dispatch, methods=["GET", "POST"])])
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        return uvicorn.Server(config)

    @classmethod
    @contextmanager
    def in_thread(cls) -> Iterator[FeedServer]:
        """A server on its own thread and event loop, stopped on exit."""
        running = cls()
        server = running._server = running._make_server()
        thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
        thread.start()
        while not server.started:  # uvicorn exposes a flag, not an event
            if not thread.is_alive():
                raise RuntimeError("the feed server did not start")
            time.sleep(0.005)
        try:
            yield running
        finally:
            server.should_exit = True
            thread.join(timeout=5)

    async def __aenter__(self) -> Self:
        self._server = self._make_server()
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
