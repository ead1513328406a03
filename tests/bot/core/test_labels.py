"""Names and labels in the reader's language: languages, countries, codes (issue 12)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings, parse_settings
from bot.core.i18n import Catalogs, Translator
from bot.core.labels import (
    CALL_STATUSES,
    FAILURE_REASONS,
    MESSAGE_KINDS,
    call_status_label,
    failure_reason_key,
    failure_reason_label,
    message_kind_label,
)
from bot.core.languages import endonym, language_name
from bot.core.timing import QuietHours
from bot.directory.types import Entry
from bot.members.types import Profile
from bot.services.delivery import RunReport
from bot.services.stats import (
    Count,
    MemberStats,
    MessageStats,
    OpportunityStats,
    ReachStats,
    Stats,
)
from bot.views import onboarding, workshops
from bot.views import settings as settings_view
from bot.views.directory import cards as directory_cards
from bot.views.stats import stats_text
from bot.workshops.types import WorkshopInfo

CATALOGS = Catalogs(["en", "ro", "es"], "en")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return parse_settings({}, environ={}, base_dir=tmp_path)


def tr(language: str) -> Translator:
    return CATALOGS.get(language)


def profile(language: str, **changes: object) -> Profile:
    base: dict[str, object] = {
        "chat_id": 1,
        "chat_type": "private",
        "language": language,
        "consented": True,
        "onboarded": True,
    }
    return Profile(**(base | changes))  # type: ignore[arg-type]


def workshop(language: str) -> WorkshopInfo:
    return WorkshopInfo(
        id=3,
        status="published",
        title="Erasmus+ KA2 clinic",
        description="",
        starts_at=datetime(2026, 12, 10, 10, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 10, 12, 0, tzinfo=UTC),
        timezone="Europe/Bucharest",
        place="Online",
        url=None,
        language=language,
        capacity=None,
        topics=(),
        audience="topics",
        rsvp_closes_at=None,
        related_calls=(),
        created_by=1,
        organiser_name="INEXA",
        draft_step=None,
        edits_id=None,
        sequence=0,
        created_at=NOW,
    )


# ------------------------------------------------------------------ language names


@pytest.mark.parametrize(
    ("code", "reader", "name"),
    [
        ("en", "es", "inglés"),
        ("en", "ro", "engleză"),
        ("ro", "es", "rumano"),
        ("es", "ro", "spaniolă"),
        ("ro", "en", "Romanian"),
        ("fr", "ro", "franceză"),
        ("xx-nonsense", "ro", "xx-nonsense"),
    ],
)
def test_a_language_is_named_in_the_readers_language(code: str, reader: str, name: str) -> None:
    assert language_name(code, reader) == name


def test_a_button_name_is_capitalised_and_the_picker_uses_endonyms() -> None:
    assert language_name("en", "ro", capital=True) == "Engleză"
    assert [endonym(c) for c in ("en", "ro", "es")] == ["English", "Română", "Español"]


@pytest.mark.parametrize(
    ("reader", "line"), [("es", "🗣 En inglés"), ("ro", "🗣 În engleză"), ("en", "🗣 In English")]
)
def test_the_workshop_language_is_named_in_the_readers_language(reader: str, line: str) -> None:
    text = workshops.details(tr(reader), workshop("en"), zone=ZoneInfo("UTC"), language=reader)
    assert line in text.splitlines()


def test_the_coordinator_picks_the_workshop_language_by_names_in_their_language(
    settings: Settings,
) -> None:
    screen = workshops.step_prompt(tr("es"), settings, workshop("en"), "language")
    assert screen.keyboard is not None
    names = [b.text for row in screen.keyboard.inline_keyboard for b in row]
    assert names[:3] == ["Inglés", "Rumano", "Español"]


def test_settings_name_the_language_in_the_members_language(settings: Settings) -> None:
    ro = settings_view.main_menu(tr("ro"), settings, profile("ro"), next_digest=None)
    es = settings_view.main_menu(tr("es"), settings, profile("es"), next_digest=None)
    assert "Limba: română" in ro.text
    assert "Idioma: español" in es.text
    # The picker names each language in itself, so anyone finds theirs.
    page = settings_view.language_page(tr("es"), settings, profile("es"))
    assert page.keyboard is not None
    buttons = [b.text for row in page.keyboard.inline_keyboard for b in row]
    assert {"English", "Română", "✅ Español"} <= set(buttons)


def test_directory_languages_are_lower_case_words_in_a_romance_sentence(
    settings: Settings,
) -> None:
    entry = Entry(
        member_id=1,
        org_name="Asociația Nord",
        country="RO",
        org_type="ngo",
        topics=(),
        description="",
        languages=("en", "ro"),
        roles=(),
        published_at=None,
    )
    text = directory_cards.card(tr("es"), settings, entry)
    assert "<b>Idiomas:</b> inglés, rumano" in text
    # An empty field is "not given" in a form that agrees with any noun.
    assert "<b>Especialización:</b> sin indicar" in text


# ------------------------------------------------------------------ codes a person reads


def _stats() -> Stats:
    members = MemberStats(
        consented=6,
        active=5,
        paused=1,
        blocked=0,
        by_country=(Count("RO", 4), Count("ES", 1), Count(None, 1)),
        by_org_type=(Count("ngo", 3), Count("vet_provider", 2), Count(None, 1)),
        by_topic=(Count("green", 4),),
        by_language=(Count("ro", 4), Count("es", 2)),
    )
    return Stats(
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 12, 1, tzinfo=UTC),
        members=members,
        reach=ReachStats(5, (Count("RO", 4), Count("ES", 1)), (), (), ()),
        messages=MessageStats(10, 1, 4, (), (), ()),
        opportunities=OpportunityStats(7, (Count("es-bdns", 7),), (Count("life", 2),), 3, 2),
        workshops=(),
        participants=0,
    )


def test_stats_show_names_not_codes() -> None:
    text = stats_text(tr("es"), _stats(), topic_label={"green": "Transición verde"})
    assert "Por país: Rumanía 4, España 1, sin indicar 1" in text
    assert "Por tipo: ONG 3, Centro de formación profesional 2, sin indicar 1" in text
    assert "Por idioma: rumano 4, español 2" in text
    assert "Personas alcanzadas: 5 (Rumanía 4, España 1)" in text
    # A source id is the operator's own name for it, so it stays as configured.
    assert "es-bdns 7" in text
    for code in (" ngo ", "RO 4", "ro 4", "vet_provider"):
        assert code not in text


def test_stats_in_romanian_name_countries_and_types_in_romanian() -> None:
    text = stats_text(tr("ro"), _stats(), topic_label={})
    assert "După țară: România 4, Spania 1, nespecificat 1" in text
    assert "După tip: ONG 3, Furnizor de formare profesională 2" in text
    assert "După limbă: română 4, spaniolă 2" in text


def test_a_delivery_report_names_the_kind_and_the_reasons() -> None:
    report = RunReport(
        7,
        "digest",
        5,
        2,
        {"blocked": 1, "Bad Request: message is too long": 1, "Bad Request: other": 1},
    )
    es = report.render(tr("es"))
    assert es.startswith("📬 El envío n.º 7 (boletín semanal)")
    assert "Fallos por motivo: bot bloqueado: 1, rechazado por Telegram: 2" in es
    assert "(digest)" not in es
    assert "blocked" not in es


@pytest.mark.parametrize(
    ("stored", "key"),
    [
        ("blocked", "blocked"),
        ("deactivated", "deactivated"),
        ("chat not found", "chat not found"),
        ("timed out twice", "timed out twice"),
        ("network: connection reset", "server error"),
        ("Bad Request: can't parse entities", "bad request"),
        ("unknown", "unknown"),
    ],
)
def test_stored_failure_texts_map_to_known_reasons(stored: str, key: str) -> None:
    assert failure_reason_key(stored) == key


@pytest.mark.parametrize("language", ["ro", "es"])
def test_every_code_label_is_translated(language: str) -> None:
    translator = tr(language)
    for table in (MESSAGE_KINDS, FAILURE_REASONS, CALL_STATUSES):
        for english in table.values():
            assert translator.gettext(english) != english, english
    assert message_kind_label(translator, "new-kind") == "new-kind"
    assert failure_reason_label(translator, "blocked") != "blocked"


def test_a_status_change_is_told_in_words() -> None:
    assert call_status_label(tr("es"), "forthcoming") == "abre pronto"
    assert call_status_label(tr("ro"), "closed") == "închis"
    assert call_status_label(tr("ro"), None) == "—"


# ------------------------------------------------------------------ grammar in code


@pytest.mark.parametrize(
    ("language", "months", "phrase"),
    [
        ("ro", 24, "24 de luni"),
        ("ro", 6, "6 luni"),
        ("ro", 1, "1 lună"),
        ("es", 24, "24 meses"),
        ("en", 24, "24 months"),
    ],
)
def test_the_retention_period_follows_the_languages_plural_rules(
    tmp_path: Path, language: str, months: int, phrase: str
) -> None:
    settings = parse_settings(
        {"privacy": {"retention_months": months}}, environ={}, base_dir=tmp_path
    )
    screen = onboarding.welcome(tr(language), settings, first_name="Ana", group=False)
    assert phrase in screen.text


def test_an_empty_keyword_list_has_a_sentence_of_its_own() -> None:
    empty = onboarding.keywords(tr("es"), profile("es"))
    assert "Aún no hay palabras que deba mencionar." in empty.text
    assert "Aún no hay palabras excluidas." in empty.text
    assert "ninguno" not in empty.text
    full = onboarding.keywords(tr("es"), profile("es", include=("robótica",)))
    assert "Debe mencionar alguna de estas palabras: robótica" in full.text


def test_empty_choices_and_quiet_hours_agree_with_their_noun(settings: Settings) -> None:
    summary = onboarding.summary(tr("ro"), settings, profile("ro"), next_digest=None)
    assert "<b>Teme:</b> nimic ales" in summary
    off = settings_view.quiet_text(tr("es"), QuietHours(0, 0))
    assert off == "desactivado"
