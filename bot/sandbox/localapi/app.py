"""The HTTP face of the local server: an ASGI app speaking the Bot API's wire format.

``/bot<token>/<method>`` accepts the query string, form-urlencoded, multipart and JSON
bodies; answers are JSON with the HTTP status equal to ``error_code``. Files the bot
uploaded are served under ``/file/bot<token>/<path>``.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.sandbox.localapi import errors, methods
from bot.sandbox.localapi.errors import ApiError
from bot.sandbox.localapi.state import World


async def _params(request: Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query_params)
    content_type = request.headers.get("content-type", "")
    if "application/json" in content_type:
        body = await request.body()
        if body:
            try:
                decoded = json.loads(body)
            except ValueError:
                raise errors.bad_request("can't parse JSON object") from None
            if not isinstance(decoded, dict):
                raise errors.bad_request("can't parse JSON object")
            params.update(decoded)
    elif "form" in content_type:
        form = await request.form(max_files=10, max_fields=1000)
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                params[key] = (value.filename, value.content_type, await value.read())
            else:
                params[key] = value
    return params


def _reply(body: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(body, status_code=status)


def create_app(world: World) -> Starlette:
    """An ASGI app serving ``world``; usable in-process or behind uvicorn."""

    async def api(request: Request) -> Response:
        token = request.path_params["token"]
        if token != world.token:
            code, description = errors.UNAUTHORIZED
            return _reply({"ok": False, "error_code": code, "description": description}, code)
        try:
            params = await _params(request)
            result = await methods.call(world, request.path_params["method"], params)
        except ApiError as exc:
            return _reply(exc.body(), exc.code)
        return _reply({"ok": True, "result": result})

    async def file(request: Request) -> Response:
        if request.path_params["token"] != world.token:
            return _reply({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        file_id = request.path_params["path"].rsplit("/", 1)[-1]
        stored = world.files.get(file_id)
        if stored is None:
            return _reply({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        return Response(stored.content, media_type=stored.mime_type or "application/octet-stream")

    return Starlette(
        routes=[
            Route("/bot{token}/{method}", api, methods=["GET", "POST"]),
            Route("/file/bot{token}/{path:path}", file, methods=["GET"]),
        ]
    )
