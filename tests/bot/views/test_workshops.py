"""Golden screens of every workshop view, in English, Romanian and Spanish, with hostile text
(``<b>&"``) in titles, places, descriptions and names to show it is escaped."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings, parse_settings
from bot.core.i18n import Catalogs, Translator
from bot.views import workshops as views
from bot.views.common import Screen
from bot.views.workshops.notices import NOTICES, rendered
from bot.workshops.draft import STEPS, missing_fields
from bot.workshops.fields import Problem
from bot.workshops.seats import Answer
from bot.workshops.types import Attendee, Counts, Published, WorkshopInfo
from tests.snapshots import assert_screen, assert_text, render_screen

CATALOGS = Catalogs(["en", "ro", "es"], "en")
LANGUAGES = ("en", "ro", "es")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
BUCHAREST = ZoneInfo("Europe/Bucharest")
MADRID = ZoneInfo("Europe/Madrid")
HOSTILE = '<b>&"'


def settings() -> Settings:
    return parse_settings({"telegram": {"admin_ids": [9000]}}, environ={})


def tr(language: str) -> Translator:
    return CATALOGS.get(language)


def workshop(**changes: object) -> WorkshopInfo:
    base = WorkshopInfo(
        id=12,
        status="published",
        title=f"Writing a winning ESF+ application {HOSTILE}",
        description=f"Budget, partners & impact.\n<script>alert(1)</script> {HOSTILE}",
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        timezone="Europe/Bucharest",
        place=f"INEXA hub {HOSTILE}",
        url='https://meet.example.org/esf?a=1&b="2"',
        language="ro",
        capacity=25,
        topics=("vet", "green"),
        audience="topics",
        rsvp_closes_at=START - timedelta(hours=20),
        related_calls=("ESF-2026-VET-01", "HORIZON-CL2-2027-01"),
        created_by=9000,
        organiser_name="Carmen",
        draft_step=None,
        edits_id=None,
        sequence=1,
        created_at=NOW,
        counts=Counts(going=7, maybe=2, no=1, waitlist=0, attended=0),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def attendee(number: int, status: str, attended: bool | None = None) -> Attendee:
    return Attendee(
        member_id=100 + number,
        display_name=f"Member {number} {HOSTILE}" if number % 2 else f"Ana {number}",
        org_name="Asociația <Viitor> & Co" if number % 3 == 0 else "",
        country="RO",
        org_type="ngo",
        status=status,
        answered_at=NOW + timedelta(minutes=number),
        attended=attended,
    )


def sections(parts: dict[str, str]) -> str:
    """Several renderings in one golden, each under its name."""
    return "".join(f"=== {name} ===\n{text.rstrip()}\n\n" for name, text in parts.items())


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# --- members' cards -------------------------------------------------------------------------


def test_announcement(language: str) -> None:
    t = tr(language)
    fresh = workshop()
    full = workshop(counts=Counts(going=25, waitlist=3), rsvp_closes_at=None)
    unlimited = workshop(capacity=None, place=None)
    assert_text(
        f"workshops/announcement.{language}",
        sections(
            {
                "private, no answer yet": render_screen(
                    views.announcement(t, fresh, answer=None, zone=BUCHAREST)
                ),
                "going, read in Madrid": render_screen(
                    views.announcement(t, fresh, answer=Answer.GOING, zone=MADRID)
                ),
                "fully booked, no answer": render_screen(
                    views.announcement(t, full, answer=None, zone=BUCHAREST)
                ),
                "on the waitlist": render_screen(
                    views.announcement(t, full, answer=Answer.WAITLIST, zone=BUCHAREST)
                ),
                "maybe, unlimited seats, online only": render_screen(
                    views.announcement(t, unlimited, answer=Answer.MAYBE, zone=BUCHAREST)
                ),
                "can't go, answers closed": render_screen(
                    views.announcement(t, fresh, answer=Answer.NO, zone=BUCHAREST, closed=True)
                ),
                "in a group": render_screen(
                    views.announcement(
                        t,
                        fresh,
                        answer=None,
                        zone=BUCHAREST,
                        private=False,
                        bot_username="inexa_bot",
                    )
                ),
            }
        ),
    )


def test_change_notices_promotion_and_reminders(language: str) -> None:
    t = tr(language)
    moved = workshop(
        starts_at=START + timedelta(days=1), ends_at=START + timedelta(days=1, hours=2)
    )
    assert_text(
        f"workshops/notices.{language}",
        sections(
            {
                "changed: time and place": render_screen(
                    views.change_notice(
                        t,
                        moved,
                        kind="changed",
                        changes=("time", "place"),
                        answer=Answer.GOING,
                        zone=BUCHAREST,
                    )
                ),
                "changed: title, waitlisted": render_screen(
                    views.change_notice(
                        t,
                        workshop(counts=Counts(going=25, waitlist=4)),
                        kind="changed",
                        changes=("title",),
                        answer=Answer.WAITLIST,
                        zone=BUCHAREST,
                    )
                ),
                "changed: nothing named": render_screen(
                    views.change_notice(
                        t,
                        workshop(),
                        kind="changed",
                        changes=(),
                        answer=Answer.MAYBE,
                        zone=BUCHAREST,
                    )
                ),
                "cancelled": render_screen(
                    views.change_notice(
                        t,
                        workshop(status="cancelled"),
                        kind="cancelled",
                        changes=(),
                        answer=Answer.GOING,
                        zone=BUCHAREST,
                    )
                ),
                "promoted": render_screen(views.promoted_notice(t, workshop(), zone=BUCHAREST)),
                "reminder a day before": render_screen(
                    views.reminder(t, workshop(), zone=BUCHAREST, now=START - timedelta(hours=24))
                ),
                "reminder an hour before": render_screen(
                    views.reminder(t, workshop(), zone=BUCHAREST, now=START - timedelta(minutes=61))
                ),
                "reminder a minute before": render_screen(
                    views.reminder(t, workshop(), zone=BUCHAREST, now=START - timedelta(seconds=50))
                ),
            }
        ),
    )


def test_the_queued_notices_are_the_cards() -> None:
    """The services' renderer sends exactly the screens above (text and keyboard)."""
    t = tr("ro")
    card = workshop()
    assert NOTICES.announcement(
        t, card, zone=BUCHAREST, private=True, bot_username=None
    ) == rendered(views.announcement(t, card, answer=None, zone=BUCHAREST))
    assert NOTICES.promoted(t, card, zone=BUCHAREST) == rendered(
        views.promoted_notice(t, card, zone=BUCHAREST)
    )
    assert NOTICES.reminder(t, card, zone=BUCHAREST, now=NOW) == rendered(
        views.reminder(t, card, zone=BUCHAREST, now=NOW)
    )
    notice = NOTICES.change_notice(
        t, card, kind="changed", changes=("time",), answer=Answer.GOING, zone=BUCHAREST
    )
    assert notice.reply_markup is not None
    assert "inline_keyboard" in notice.reply_markup


def test_workshops_list(language: str) -> None:
    t = tr(language)
    items: list[tuple[WorkshopInfo, Answer | None]] = [
        (workshop(), Answer.GOING),
        (workshop(id=13, title="Erasmus+ KA2 <clinic>", starts_at=START + timedelta(days=7)), None),
        (
            workshop(id=14, title="Interreg & partners", starts_at=START + timedelta(days=9)),
            Answer.WAITLIST,
        ),
    ]
    assert_screen(f"workshops/list.{language}", views.workshops_list(t, items, zone=BUCHAREST))
    assert_screen(f"workshops/list_empty.{language}", views.workshops_list(t, [], zone=BUCHAREST))


# --- the coordinator's draft -----------------------------------------------------------------


def test_step_prompts(language: str) -> None:
    t = tr(language)
    draft = workshop(status="draft", topics=("vet",), draft_step="title")
    prompts = {
        step: render_screen(views.step_prompt(t, settings(), draft, step))
        for step in STEPS
        if step != "preview"
    }
    assert_text(f"workshops/step_prompts.{language}", sections(prompts))


def test_previews(language: str) -> None:
    t = tr(language)
    new = workshop(status="draft", draft_step="preview", counts=Counts())
    incomplete = replace(new, title="", starts_at=None, ends_at=None, place=None, url=None)
    edit = replace(new, edits_id=12, id=15)
    no_topics = replace(new, topics=(), capacity=None, rsvp_closes_at=None, related_calls=())
    missing = [views.field_names(t, [name]) for name in missing_fields(incomplete)]
    for name, draft, gaps in (
        ("preview_ready", new, []),
        ("preview_incomplete", incomplete, missing),
        ("preview_edit", edit, []),
        ("preview_no_topics", no_topics, []),
    ):
        screen = views.preview(
            t, settings(), draft, audience_count=3, everyone_count=41, missing=gaps
        )
        assert_screen(f"workshops/{name}.{language}", screen)


def test_cancel_confirmation(language: str) -> None:
    t = tr(language)
    assert_screen(f"workshops/cancel.{language}", views.cancel_confirmation(t, workshop()))


# --- attendees -------------------------------------------------------------------------------


def test_attendees(language: str) -> None:
    t = tr(language)
    people = [
        attendee(1, "going", True),
        attendee(2, "going", False),
        attendee(3, "waitlist"),
        attendee(4, "maybe"),
        attendee(5, "no"),
    ]
    many = [attendee(n, "going") for n in range(1, 14)]
    started = workshop(counts=Counts(going=2, maybe=1, no=1, waitlist=1, attended=1))
    screens: dict[str, Screen] = {
        "before the start": views.attendees_view(t, started, people, page=0, marking=False),
        "marking": views.attendees_view(t, started, people, page=0, marking=True),
        "page 2 of 2": views.attendees_view(t, started, many, page=1, marking=True),
        "page out of range shows the last": views.attendees_view(
            t, started, many, page=7, marking=False
        ),
        "nobody yet, cancelled, unlimited": views.attendees_view(
            t, workshop(status="cancelled", capacity=None, counts=Counts()), [], page=0,
            marking=False,
        ),
    }  # fmt: skip
    assert_text(
        f"workshops/attendees.{language}",
        sections({name: render_screen(screen) for name, screen in screens.items()}),
    )


def test_attendees_csv_quotes_and_defuses_formulas() -> None:
    people = [
        attendee(1, "going", True),
        replace(attendee(2, "no"), display_name='=HYPERLINK("http://evil")', org_name="+1 & co"),
        replace(attendee(3, "waitlist"), display_name='Ana "la" <b>, Iași', org_name="@org"),
    ]
    payload = views.attendees_csv(workshop(title='-Danger <b>&"'), people)
    assert payload.startswith("\ufeff".encode())
    text = payload.decode("utf-8")
    assert text.count("\r\n") == len(people) + 1  # spreadsheet line ends, one per row
    assert_text("workshops/attendees.csv", text.replace("\r\n", "\n"))


def test_coordinator_list(language: str) -> None:
    t = tr(language)
    items = [workshop(), workshop(id=13, status="cancelled", counts=Counts(going=3, waitlist=2))]
    assert_text(
        f"workshops/coordinator_list.{language}",
        sections(
            {
                "two workshops": views.coordinator_list(t, items, zone=BUCHAREST),
                "none": views.coordinator_list(t, [], zone=BUCHAREST),
            }
        ),
    )


# --- short texts -----------------------------------------------------------------------------


def test_texts(language: str) -> None:
    t = tr(language)
    problems = [
        Problem(code)
        for code in (
            "title_length", "description_length", "datetime_format", "past", "end_format",
            "end_before_start", "too_long", "link", "place_empty", "place_length", "capacity",
            "rsvp_after_start", "related_many", "something_new",
        )
    ] + [Problem("zone", f"Mars/Base {HOSTILE}"), Problem("related_id", f"x{HOSTILE}")]  # fmt: skip
    errors = (
        "unknown", "cancelled", "closed", "incomplete", "past", "no_draft", "not_member",
        "is_edit", "not_edit", "stale", "something_new",
    )  # fmt: skip
    done = workshop(counts=Counts(going=2, maybe=1))
    applied = {
        "nothing changed": Published(done, 0),
        "told two": Published(done, 2, ("time", "place")),
        "answered, no notice needed": Published(done, 0, ("capacity",), promoted=1),
        "nobody answered": Published(workshop(counts=Counts()), 0, ("description", "rsvp_close")),
    }
    parts = {
        "moment": views.moment(START, BUCHAREST, language),
        "span": views.span(t, workshop(), BUCHAREST),
        "span over two days": views.span(
            t, workshop(ends_at=START + timedelta(days=1, hours=3)), MADRID
        ),
        "details": views.details(t, workshop(), zone=BUCHAREST, language=language),
        "answer lines": "\n".join(repr(views.answer_line(t, a)) for a in (*Answer, None)),
        "status names": "\n".join(
            views.status_name(t, s) for s in ("going", "maybe", "no", "waitlist", "other")
        ),
        "field names": views.field_names(
            t,
            [
                "title",
                "description",
                "start",
                "end",
                "place",
                "capacity",
                "rsvp_close",
                "language",
                "topics",
                "related",
                "other",
            ],
        ),
        "topics line": views.topics_line(t, settings(), ["vet", "green", "gone"]),
        "topics line, none": views.topics_line(t, settings(), []),
        "problems": "\n".join(f"{p.code}: {views.problem_text(t, p)}" for p in problems),
        "errors": "\n".join(f"{code}: {views.error_text(t, code)}" for code in errors),
        "usage": views.usage_text(t, "attendees"),
        "published": views.published_text(t, Published(workshop(), 41)),
        "published to one": views.published_text(t, Published(workshop(), 1)),
        "cancelled": views.cancelled_text(t, 3),
        **{f"applied: {name}": views.applied_text(t, result) for name, result in applied.items()},
    }
    assert_text(f"workshops/texts.{language}", sections(parts))
