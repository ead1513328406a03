"""Every date a member sees is the source's calendar day: /digest, /following and /calendar for
members in Bucharest and Madrid (issue 11), end to end against the local Bot API server."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.db.models import Member, MemberInterest, OpportunityRow
from tests.bot.handlers.conftest import ANA, BOGDAN, LUCIA, NOW, Env
from tests.ics import moment

MADRID = ZoneInfo("Europe/Madrid")
BRUSSELS = ZoneInfo("Europe/Brussels")
#: A Spanish call closing on 10 December 2026 (date only): stored as 23:59 Madrid.
BDNS_DEADLINE = datetime.combine(date(2026, 12, 10), time(23, 59), tzinfo=MADRID)
#: An F&T topic closing on 31 March 2027 at 17:00 Brussels time.
FT_DEADLINE = datetime(2027, 3, 31, 17, 0, tzinfo=BRUSSELS)


async def setup(env: Env) -> None:
    async with env.db.transaction() as session:
        for chat_id, language, zone in (
            (ANA, "ro", "Europe/Bucharest"),
            (BOGDAN, "en", "Europe/Bucharest"),
            (LUCIA, "es", "Europe/Madrid"),
        ):
            member = Member(
                chat_id=chat_id, chat_type="private", language=language, created_at=NOW,
                last_seen_at=NOW, consented_at=NOW, onboarded_at=NOW, digest_weekday=0,
                digest_minute=9 * 60, timezone=zone, quiet_start_minute=0, quiet_end_minute=0,
            )  # fmt: skip
            member.interests = [MemberInterest(kind="topic", item_id="green")]
            session.add(member)
        session.add_all(
            [
                OpportunityRow(
                    uid="es-bdns:905627", source_id="es-bdns", url="https://bdns.example/905627",
                    title="Ayudas para la transición verde", summary="", language="es",
                    status="open", deadlines=[BDNS_DEADLINE.isoformat()],
                    next_deadline=BDNS_DEADLINE, deadline_model="single",
                    deadline_confidence="high", deadline_has_time=False,
                    deadline_zone="Europe/Madrid", themes=["green"], first_seen_at=NOW,
                    last_seen_at=NOW, content_hash="a",
                ),
                OpportunityRow(
                    uid="eu-ft:LIFE-2027-SAP", source_id="eu-ft", url="https://ec.example/life",
                    title="LIFE Standard Action Projects", summary="", language="en",
                    status="open", deadlines=[FT_DEADLINE.isoformat()],
                    next_deadline=FT_DEADLINE, deadline_model="single",
                    deadline_confidence="source", deadline_has_time=True,
                    deadline_zone="Europe/Brussels", themes=["green"], first_seen_at=NOW,
                    last_seen_at=NOW, content_hash="b",
                ),
            ]
        )  # fmt: skip


def file_of(env: Env, chat_id: int) -> bytes:
    message = env.sim.last(chat_id)
    assert message.document is not None
    return env.world.files[message.document["file_id"]].content


async def digest_follow_list_calendar(env: Env, chat_id: int) -> tuple[str, str, Calendar]:
    digest = await env.say(chat_id, "/digest")
    for star in [b for b in digest.buttons() if str(b["text"]).startswith("⭐")]:
        await env.tap(chat_id, digest, str(star["callback_data"]))
    following = await env.say(chat_id, "/following")
    await env.say(chat_id, "/calendar")
    return digest.text or "", following.text or "", Calendar.from_ical(file_of(env, chat_id))


async def test_members_in_bucharest_and_madrid_see_the_sources_day(env: Env) -> None:
    await setup(env)
    expected = {
        ANA: (
            "10 decembrie 2026, până la sfârșitul zilei",
            "31 martie 2027, 17:00, ora din Bruxelles (la tine 18:00)",
        ),
        BOGDAN: (
            "10 December 2026, end of day",
            "31 March 2027, 17:00 Brussels time (18:00 yours)",
        ),
        # Madrid's clock is Brussels' clock: the time alone.
        LUCIA: ("10 de diciembre de 2026, hasta el final del día", "31 de marzo de 2027, 17:00"),
    }
    for chat_id, (bdns, ft) in expected.items():
        digest, following, calendar = await digest_follow_list_calendar(env, chat_id)
        for text in (digest, following):
            assert bdns in text, (chat_id, text)
            assert ft in text, (chat_id, text)
            assert "11 dec" not in text.lower()  # the day after, which Bucharest used to see
            assert "00:59" not in text
        events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
        # A date-only deadline is an all-day event on its day (RFC 5545: DTEND the next day).
        all_day = events["Ayudas para la transición verde"]
        assert moment(all_day, "DTSTART") == date(2026, 12, 10)
        assert moment(all_day, "DTEND") == date(2026, 12, 11)
        assert all_day["DTSTART"].params.get("VALUE") == "DATE"
        # A timed one ends at its instant, in its real zone.
        timed = events["LIFE Standard Action Projects"]
        assert moment(timed, "DTEND") == FT_DEADLINE
        assert timed["DTEND"].params["TZID"] == "Europe/Brussels"
        declared = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
        used = {
            str(e[prop].params["TZID"])
            for e in calendar.walk("VEVENT")
            for prop in ("DTSTART", "DTEND")
            if "TZID" in e[prop].params
        }
        assert used <= declared, (used, declared)
        assert not any(tzid.startswith("UTC") for tzid in used)
    assert datetime(2026, 12, 10, tzinfo=UTC) > NOW
