"""Notices to coordinators are written in each coordinator's language (issue 12)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.config import parse_settings
from bot.core.i18n import Catalogs
from bot.db.session import Database
from bot.services.coordinators import Coordinators
from bot.services.delivery import RunReport
from bot.services.members import Members

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
ADMIN_ES, ADMIN_NEW, PROMOTED_RO = 501, 502, 503


async def test_each_coordinator_gets_notices_in_their_own_language(
    db: Database, tmp_path: Path
) -> None:
    settings = parse_settings(
        {"telegram": {"admin_ids": [ADMIN_ES, ADMIN_NEW]}}, environ={}, base_dir=tmp_path
    )
    members = Members(db, settings)
    await members.seen(chat_id=ADMIN_ES, chat_type="private", language_code="es-ES", now=NOW)
    await members.seen(chat_id=PROMOTED_RO, chat_type="private", language_code="ro", now=NOW)
    roles = Coordinators(db, settings)
    await roles.promote(PROMOTED_RO, "Ioana", by=ADMIN_ES, now=NOW)
    languages = await roles.languages()
    assert languages == {ADMIN_ES: "es", ADMIN_NEW: None, PROMOTED_RO: "ro"}
    # What the tick does with them: one rendering per coordinator's language.
    catalogs = Catalogs(["en", "ro", "es"], "en")
    report = RunReport(1, "workshop", 3, 3)
    texts = {user: report.render(catalogs.get(lang)) for user, lang in languages.items()}
    assert "(anuncio de taller)" in texts[ADMIN_ES]
    assert "(anunț de atelier)" in texts[PROMOTED_RO]
    assert "(workshop announcement)" in texts[ADMIN_NEW]
