"""The offline demo: local Bot API server, real bot, sample feeds, a member's whole journey."""

from __future__ import annotations

import pytest

from bot.core.i18n import Catalogs
from bot.sandbox.demo import run_demo

CATALOGS = Catalogs(["en", "ro", "es"], "en")


@pytest.mark.parametrize("language", ["en", "ro", "es"])
async def test_demo_plays_onboarding_digest_and_help(language: str) -> None:
    transcript = await run_demo(language=language)
    tr = CATALOGS.get(language)
    assert "opportunities fetched from bundled sample feeds" in transcript
    assert ": /start" in transcript
    assert tr.gettext("✅ I agree") in transcript
    assert tr.gettext("Step %(n)s of %(total)s", n=2, total=6) in transcript
    assert (
        tr.gettext("<b>All set, welcome to the alliance!</b>")
        .replace("<b>", "")
        .replace("</b>", "")
        in transcript
    )
    assert tr.gettext("Your funding digest (preview)") in transcript
    assert "Lansare apel de proiecte PEO" in transcript
    # The call sections carry only calls; the info day and the results come after them,
    # in "Also this week", with their kind and no deadline (issue 11).
    digest = transcript[
        transcript.index(tr.gettext("Your funding digest (preview)")) : transcript.index(
            "presses [⭐ 1]"
        )
    ]
    also = tr.gettext("🗞 <b>Also this week</b>").replace("<b>", "").replace("</b>", "")
    calls, after = digest.split(also)
    for title in (
        "Lansare apel de proiecte PEO",
        "2027 Erasmus+ Call for proposals published",
        "por la que se convocan subvenciones",
    ):
        assert title in calls
    assert "Info Day" not in calls
    assert "Jean Monnet" not in calls
    assert f"{tr.gettext('Event')}: Erasmus+ Info Day on young people" in after
    assert f"{tr.gettext('Results')}: Results of the 2026 Jean Monnet selection" in after
    assert "⏰" not in after
    assert digest.count("[ ⭐ ") == 3  # a Follow button per call, none for the others
    assert tr.gettext("⏰ Possible deadline: %(when)s", when="").strip() not in transcript
    assert "presses [⭐ 1]" in transcript
    assert ": /following" in transcript
    assert (
        tr.gettext("<b>Calls you follow</b>").replace("<b>", "").replace("</b>", "") in transcript
    )
    # The workshop: published by the coordinator, answered by the member, calendar file sent.
    assert "Carmen: /newworkshop" in transcript
    assert f"presses [{tr.gettext('Going')}]" in transcript
    assert tr.gettext("Your answer: going. I will remind you before it starts.") in transcript
    assert "[document: workshop-1.ics" in transcript
    assert "Carmen: /attendees 1" in transcript
    assert ": /help" in transcript
    assert "Traceback" not in transcript
