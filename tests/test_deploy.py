"""The deployment recipe refers to what exists: commands, routes, settings and paths.

The container cannot be built here (no image registry), so the files are checked against
the code they start: every command they run is a real ``inexa-bot`` command, the health
check and the proxy use real routes, and the configuration they mount is valid.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import yaml

from bot.cli import build_parser
from bot.config import parse_settings

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
SECRETS = {
    "INEXA_BOT_TOKEN": "123456:ABCdefGhIJKlmnOPQRstuVWXyz_0123456",
    "INEXA_WEBHOOK_SECRET": "a-webhook-secret-of-some-length",
    "INEXA_DATABASE_URL": "postgresql+asyncpg://inexa:pw@db:5432/inexa",
}


def _commands() -> set[str]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    return set(sub.choices or {})


def test_compose_runs_real_commands_with_valid_settings() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    bots = [name for name, s in services.items() if s.get("command") == ["serve"]]
    assert len(bots) == 2  # two instances share the work on PostgreSQL
    assert services["migrate"]["command"] == ["db", "upgrade"]
    for service in ("migrate", *bots):
        assert services[service]["command"][0] in _commands()
        environment = services[service]["environment"]
        assert environment["INEXA_DATABASE_URL"].startswith("postgresql+asyncpg://")
    example = tomllib.loads((DEPLOY / "config.toml.example").read_text(encoding="utf-8"))
    settings = parse_settings(example, environ=SECRETS, require_token=True)
    assert settings.logging.format == "json"
    assert settings.webhook.listen == "0.0.0.0"
    assert settings.database_url.startswith("postgresql+asyncpg://")
    caddy = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert f"handle {settings.webhook.path} {{" in caddy
    assert f"bot-1:{settings.webhook.port}" in caddy
    assert "health_uri /readyz" in caddy


def test_the_image_starts_serve_as_a_user_and_checks_health() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^USER inexa$", dockerfile, re.MULTILINE)
    assert 'ENTRYPOINT ["inexa-bot"]' in dockerfile
    assert 'CMD ["serve"]' in dockerfile
    assert "http://127.0.0.1:8080/healthz" in dockerfile
    assert dockerfile.count("FROM ") == 2  # build stage and a slim runtime stage


def test_the_systemd_unit_runs_a_real_command() -> None:
    text = (DEPLOY / "inexa-bot.service").read_text(encoding="utf-8")
    (exec_start,) = re.findall(r"^ExecStart=(.+)$", text, re.MULTILINE)
    argv = shlex.split(exec_start)
    assert argv[0].endswith("/inexa-bot")
    assert argv[1] in _commands()
    build_parser().parse_args(argv[1:])  # the options exist too
    assert re.search(r"^User=inexa$", text, re.MULTILINE)
