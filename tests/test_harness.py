"""The harness itself: builders write what the chat would, jobs run on the injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.workshops.seats import Answer
from tests.harness import ANA, BOGDAN, COORDINATOR, NOW, Clock, running_env

MONDAY_9_BUCHAREST = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
MONDAY_9_MADRID = MONDAY_9_BUCHAREST + timedelta(hours=1)


def test_the_clock_runs_from_where_it_was_set_unless_frozen() -> None:
    running, frozen = Clock(NOW), Clock(NOW, frozen=True)
    assert NOW <= running() < NOW + timedelta(seconds=5)
    assert frozen() == NOW
    assert frozen.advance(timedelta(hours=2)) == NOW + timedelta(hours=2) == frozen()
    running.now = MONDAY_9_BUCHAREST
    assert running() >= MONDAY_9_BUCHAREST


async def test_builders_and_scheduled_jobs_on_the_injected_clock(migrated_sqlite_url: str) -> None:
    async with running_env(migrated_sqlite_url) as env:
        profile = await env.member(ANA, topics=("vet",), country="ES", language="es")
        assert profile.onboarded
        assert (profile.country, profile.language, profile.timezone) == (
            "ES",
            "es",
            "Europe/Madrid",
        )
        await env.member(BOGDAN, topics=("green",), language="en")
        await env.opportunity("ESF-VET-1", title="Formación profesional dual", themes=["vet"])
        # Nothing is due on Wednesday: the job runs and sends nothing.
        await env.run_job("digests")
        assert env.bot_texts(ANA) == []
        env.clock.now = MONDAY_9_MADRID
        await env.run_job("digests")
        assert "Formación profesional dual" in env.bot_texts(ANA)[-1]
        assert not any("Formación profesional dual" in t for t in env.bot_texts(BOGDAN))
        await env.run_job("reports")
        assert env.bot_texts(COORDINATOR)[-1].startswith("📬 Run #1 (weekly digest)")

        # A workshop announced to everyone; Ana goes; her reminder comes a day before.
        start = MONDAY_9_MADRID + timedelta(days=3)
        workshop_id = await env.workshop("Interreg partner search", starts_at=start)
        await env.delivered()
        assert any("Interreg partner search" in t for t in env.bot_texts(BOGDAN))
        await env.service().rsvp.answer(
            workshop_id, ANA, Answer.GOING, display_name="Ana", now=env.clock()
        )
        env.clock.now = start - timedelta(hours=20)
        await env.run_job("reminders")
        assert "Interreg partner search" in env.bot_texts(ANA)[-1]
        assert env.bot_texts(ANA)[-1].startswith("⏰")
