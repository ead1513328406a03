"""Coordinator notices count with each language's plural forms (Romanian has three)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.i18n import Catalogs
from bot.organisations.types import OrgInfo
from bot.services.delivery import RunReport
from bot.services.source_health import Outage, render_outage
from bot.views.organisations import NOTICES

CATALOGS = Catalogs(("en", "ro", "es"), "en")
LOCALES = Path(__file__).resolve().parents[3] / "bot" / "locales"


def test_the_romanian_catalog_has_the_standard_plural_rule() -> None:
    header = (LOCALES / "ro" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert (
        '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) '
        '? 1 : 2);\\n"'
    ) in header


@pytest.mark.parametrize(
    ("language", "n", "expected"),
    [
        ("en", 1, "1 recipient, 1 message sent, 1 failed, 1 member paused"),
        ("en", 2, "2 recipients, 2 messages sent, 2 failed, 2 members paused"),
        ("ro", 1, "1 destinatar, 1 mesaj trimis, 1 eșuat, 1 membru pus pe pauză"),
        ("ro", 2, "2 destinatari, 2 mesaje trimise, 2 eșuate, 2 membri puși pe pauză"),
        ("ro", 20, "20 de destinatari, 20 de mesaje trimise, 20 de eșuate, 20 de membri puși"),
        ("ro", 101, "101 destinatari, 101 mesaje trimise"),
        ("ro", 0, "0 destinatari, 0 mesaje trimise, 0 eșuate, 0 membri puși pe pauză"),
        ("es", 1, "1 destinatario, 1 mensaje enviado, 1 fallido, 1 miembro en pausa"),
        ("es", 3, "3 destinatarios, 3 mensajes enviados, 3 fallidos, 3 miembros en pausa"),
    ],
)
def test_run_reports_count_in_the_coordinators_language(
    language: str, n: int, expected: str
) -> None:
    report = RunReport(7, "digest", recipients=n, sent=n, failed={"blocked": n}, seconds=60)
    assert expected in report.render(CATALOGS.get(language))


@pytest.mark.parametrize(
    ("language", "n", "expected"),
    [("ro", 1, "1 încercare"), ("ro", 3, "3 încercări"), ("ro", 25, "25 de încercări")],
)
def test_outages_count_attempts(language: str, n: int, expected: str) -> None:
    when = datetime(2026, 11, 30, 9, tzinfo=UTC)
    outage = Outage("eu-ft", since=when, failures=n, last_error="timeout", next_check_at=None)
    assert expected in render_outage(CATALOGS.get(language), outage)


@pytest.mark.parametrize(
    ("language", "n", "expected"),
    [
        ("ro", 1, "1 organizație așteaptă aprobarea"),
        ("ro", 20, "20 de organizații așteaptă aprobarea"),
        ("es", 2, "2 organizaciones esperan aprobación"),
    ],
)
def test_approval_requests_count_what_waits(language: str, n: int, expected: str) -> None:
    org = OrgInfo(
        1, "Asociația <Vest>", "RO", None, "ngo", None, None, "pending", datetime.now(UTC)
    )
    notice = NOTICES.approval_request(CATALOGS.get(language), org, pending=n)
    assert expected in notice.text
    assert "Asociația &lt;Vest&gt;" in notice.text
    assert notice.reply_markup is not None
