"""Bundled sample feeds served on 127.0.0.1 for the offline demo (real HTTP, ETag and all)."""

from __future__ import annotations

import asyncio
import hashlib
from importlib import resources
from types import TracebackType
from typing import Any, Self

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

#: file name -> (source id, language, extra source settings)
SAMPLES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "erasmus.xml": ("erasmus-news", "en", {"programme": "erasmus-plus", "publishes": "news"}),
    "atom.xml": ("eacea-news", "en", {"publishes": "news"}),
    "mfe.xml": ("ro-mfe", "ro", {"exclude": ["lista plăților"]}),
    "boe.xml": ("es-boe-ayudas", "es", {}),
}


class DemoFeeds:
    """``async with DemoFeeds() as feeds: feeds.sources()`` gives ``[[sources]]`` for them."""

    def __init__(self) -> None:
        folder = resources.files("bot.sandbox").joinpath("fixtures/feeds")
        self.files = {name: folder.joinpath(name).read_bytes() for name in SAMPLES}
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    async def _serve(self, request: Request) -> Response:
        body = self.files.get(request.path_params["name"])
        if body is None:
            return Response("not found", status_code=404)
        tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("if-none-match") == tag:
            return Response(status_code=304, headers={"ETag": tag})
        return Response(body, media_type="application/rss+xml", headers={"ETag": tag})

    def sources(self) -> list[dict[str, Any]]:
        """Source settings pointing at the bundled feeds."""
        if self._server is None:
            raise RuntimeError("the demo feeds are not being served")
        port = self._server.servers[0].sockets[0].getsockname()[1]
        return [
            {"id": source, "kind": "rss", "url": f"http://127.0.0.1:{port}/{name}",
             "language": language, **extra}
            for name, (source, language, extra) in SAMPLES.items()
        ]  # fmt: skip

    async def __aenter__(self) -> Self:
        app = Starlette(routes=[Route("/{name}", self._serve)])
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
