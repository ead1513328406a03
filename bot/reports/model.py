"""The funder's report as plain data, computed from a few bulk reads by pure functions.

Counting rules (docs/design.md, "Reports: what counts"):

* A **participant** is a person marked attended at a workshop that started in the period
  (by a coordinator, or by their own check-in). Answering "going" without attendance being
  marked makes a person *registered*, never a participant.
* People are counted **once** however many workshops they attended; hours of participation
  add each attended workshop's duration.
* An **organisation supported** has at least one participant; entities are counted once.
* Characteristics come from each participant's answers (``participant_profiles``); the
  sensitive ones only while the person's explicit consent stands, and only in aggregate with
  small counts hidden (:mod:`bot.reports.suppression`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.core.i18n import N_
from bot.participants.fields import CHOICES, Field
from bot.reports.suppression import Shown, suppress
from bot.surveys.types import AnswerValue, SurveyInfo

#: Code for answers never given or declined.
NOT_STATED = "not_stated"


@dataclass(frozen=True, slots=True)
class WorkshopRow:
    """One workshop held in the period, with its counts (read in bulk)."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime | None
    timezone: str
    place: str | None
    url: str | None
    language: str
    topics: tuple[str, ...]
    #: People who answered "going" or were marked attended.
    registered: int
    #: People marked attended (or who checked in).
    attended: int
    #: Distinct organisations of the people who attended.
    organisations: int


@dataclass(frozen=True, slots=True)
class AttendeeRow:
    """One person who attended at least one workshop of the period, with their answers."""

    member_id: int
    organisation_id: int | None
    gender: str | None = None
    age_band: str | None = None
    employment_status: str | None = None
    education_level: str | None = None
    #: Whether the explicit consent for the sensitive answers stands.
    sensitive_consent: bool = False
    disability: str | None = None
    third_country_national: str | None = None
    foreign_background: str | None = None
    minority: str | None = None
    homeless: str | None = None
    rural_area: str | None = None


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One person registered for (answered "going") or attending a workshop of the period,
    read once with their answers and organisation."""

    person: AttendeeRow
    #: Marked attended at one of those workshops at least.
    took_part: bool
    organisation_name: str | None = None
    organisation_type: str | None = None
    organisation_country: str | None = None


@dataclass(frozen=True, slots=True)
class OrganisationRow:
    """An organisation with at least one participant in the period."""

    id: int
    name: str
    org_type: str | None
    country: str | None
    #: Its people who attended (each once).
    participants: int


@dataclass(frozen=True, slots=True)
class Reach:
    """What the bot passed on in the period."""

    #: People (chats) sent at least one message.
    members_reached: int
    #: Distinct organisations of those people.
    organisations_reached: int
    digests_sent: int
    #: Distinct calls put in at least one digest.
    calls_disseminated: int
    follows: int


@dataclass(frozen=True, slots=True)
class Indicator:
    """One row of the indicators sheet."""

    #: Which block it belongs to (a msgid: the block's heading).
    section: str
    #: The ESF+ common indicator code (Regulation (EU) 2021/1057, Annex I), if one applies.
    code: str | None
    #: What is counted (a msgid, translated when written).
    label: str
    #: A count, hours, or a hidden count's mark (``"<5"``, ``"*"``).
    value: Shown | float


@dataclass(frozen=True, slots=True)
class Activity:
    """One workshop as the activities sheet lists it."""

    id: int
    title: str
    starts_at: datetime
    timezone: str
    #: Duration in hours; None when the workshop has no end time.
    hours: float | None
    place: str | None
    online: bool
    in_person: bool
    language: str
    topics: tuple[str, ...]
    registered: int
    attended: int
    organisations: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one report shows."""

    first: date
    #: Inclusive.
    last: date
    indicators: tuple[Indicator, ...]
    activities: tuple[Activity, ...]
    organisations: tuple[OrganisationRow, ...]
    reach: Reach
    participants: int
    #: Registered for a workshop of the period but never marked attended at any.
    registered_only: int
    #: Sum over participants of the hours of each workshop they attended.
    participation_hours: float
    #: Sum of the workshops' durations.
    activity_hours: float
    #: The project pipeline's indicators, all time (``bot.pipeline.rules.indicators`` rows:
    #: indicator key, breakdown, value).
    pipeline: tuple[tuple[str, str, str], ...] = ()
    #: Surveys sent in the period, each with every (anonymous) answer.
    surveys: tuple[tuple[SurveyInfo, tuple[AnswerValue, ...]], ...] = ()


PARTICIPANTS = N_("Participants")
GENDER = N_("Participants by gender")
AGE = N_("Participants by age")
EMPLOYMENT = N_("Participants by labour market status")
EDUCATION = N_("Participants by education")
SENSITIVE = N_("Other characteristics (aggregates, small counts hidden)")
ENTITIES = N_("Entities supported")
ACTIVITIES = N_("Activities")

_NOT_STATED_LABEL = N_("Not stated")

#: ``(code, label, answers counted)`` per non-sensitive field, in the sheet's order.
_BREAKDOWNS: tuple[tuple[str, Field, tuple[tuple[str | None, str, frozenset[str]], ...]], ...] = (
    (
        GENDER,
        Field.GENDER,
        (
            (None, N_("Women"), frozenset({"female"})),
            (None, N_("Men"), frozenset({"male"})),
            (None, N_("Non-binary persons"), frozenset({"non_binary"})),
        ),
    ),
    (
        AGE,
        Field.AGE_BAND,
        (
            ("EECO06", N_("Children below 18 years of age"), frozenset({"under_18"})),
            ("EECO07", N_("Young people between 18 and 29 years of age"), frozenset({"18_29"})),
            (None, N_("Participants between 30 and 54 years of age"), frozenset({"30_54"})),
            ("EECO08", N_("Participants of 55 years of age and above"), frozenset({"55_plus"})),
        ),
    ),
    (
        EMPLOYMENT,
        Field.EMPLOYMENT_STATUS,
        (
            (
                "EECO02",
                N_("Unemployed, including long-term unemployed"),
                frozenset({"unemployed", "long_term_unemployed"}),
            ),
            ("EECO03", N_("Long-term unemployed"), frozenset({"long_term_unemployed"})),
            ("EECO04", N_("Inactive"), frozenset({"inactive"})),
            (
                "EECO05",
                N_("Employed, including self-employed"),
                frozenset({"employed", "self_employed"}),
            ),
        ),
    ),
    (
        EDUCATION,
        Field.EDUCATION_LEVEL,
        (
            ("EECO09", N_("With lower secondary education or less (ISCED 0-2)"),
             frozenset({"isced_0_2"})),
            ("EECO10", N_("With upper secondary or post-secondary education (ISCED 3-4)"),
             frozenset({"isced_3_4"})),
            ("EECO11", N_("With tertiary education (ISCED 5-8)"), frozenset({"isced_5_8"})),
        ),
    ),
)  # fmt: skip

#: The sensitive characteristics: code and label of the "yes" row.
_SENSITIVE: tuple[tuple[Field, str, str], ...] = (
    (Field.DISABILITY, "EECO12", N_("Participants with disabilities")),
    (Field.THIRD_COUNTRY_NATIONAL, "EECO13", N_("Third-country nationals")),
    (Field.FOREIGN_BACKGROUND, "EECO14", N_("Participants with a foreign background")),
    (
        Field.MINORITY,
        "EECO15",
        N_("Minorities (including marginalised communities such as the Roma)"),
    ),
    (Field.HOMELESS, "EECO16", N_("Homeless or affected by housing exclusion")),
    (Field.RURAL_AREA, "EECO17", N_("Participants from rural areas")),
)
_SENSITIVE_FIELDS = frozenset(field for field, _, _ in _SENSITIVE)
#: Labels of the "no" and "not stated" rows under each sensitive characteristic.
SENSITIVE_NO = N_("– not in this group")
SENSITIVE_NOT_STATED = N_("– not stated or no consent")

#: Organisation types (``bot.core.orgtypes``) in each entity indicator.
PUBLIC_TYPES = frozenset({"public"})
#: Annex I counts cooperative and social enterprises among SMEs.
SME_TYPES = frozenset({"sme", "social_enterprise"})
NGO_TYPES = frozenset({"ngo", "social_enterprise"})


def _answers(people: Sequence[AttendeeRow], field: Field) -> Counter[str]:
    """How many people gave each valid answer; the rest (never asked, declined, an unknown
    code, or a sensitive answer without consent) are ``NOT_STATED``."""
    name = field.value
    if field in _SENSITIVE_FIELDS:
        raw = Counter(getattr(row, name) for row in people if row.sensitive_consent)
    else:
        raw = Counter(getattr(row, name) for row in people)
    valid = CHOICES[field]
    counted: Counter[str] = Counter({code: n for code, n in raw.items() if code in valid})
    counted[NOT_STATED] = len(people) - sum(counted.values())
    return counted


def _people(attendees: Sequence[AttendeeRow]) -> list[Indicator]:
    total = len(attendees)
    rows = [Indicator(PARTICIPANTS, "EECO01", N_("Total number of participants"), total)]
    for section, field, lines in _BREAKDOWNS:
        answers = _answers(attendees, field)
        for code, label, codes in lines:
            rows.append(Indicator(section, code, label, sum(answers[c] for c in codes)))
        rows.append(Indicator(section, None, _NOT_STATED_LABEL, answers[NOT_STATED]))
    for field, code, label in _SENSITIVE:
        answers = _answers(attendees, field)
        yes, no, unknown = answers["yes"], answers["no"], answers[NOT_STATED]
        shown = suppress([yes, no, unknown], total=total)
        rows.append(Indicator(SENSITIVE, code, label, shown[0]))
        rows.append(Indicator(SENSITIVE, None, SENSITIVE_NO, shown[1]))
        rows.append(Indicator(SENSITIVE, None, SENSITIVE_NOT_STATED, shown[2]))
    return rows


def _entities(organisations: Sequence[OrganisationRow]) -> list[Indicator]:
    types = Counter(org.org_type for org in organisations)

    def of(kinds: frozenset[str]) -> int:
        return sum(types[kind] for kind in kinds)

    return [
        Indicator(ENTITIES, None, N_("Organisations supported (all types)"), len(organisations)),
        Indicator(
            ENTITIES,
            "EECO18",
            N_("Public administrations or public services supported"),
            of(PUBLIC_TYPES),
        ),
        Indicator(
            ENTITIES,
            "EECO19",
            N_(
                "Micro, small and medium-sized enterprises supported "
                "(including cooperative and social enterprises)"
            ),
            of(SME_TYPES),
        ),
        Indicator(ENTITIES, None, N_("NGOs and social economy organisations supported"),
                  of(NGO_TYPES)),
    ]  # fmt: skip


def split_people(
    rows: Iterable[PersonRow],
) -> tuple[list[AttendeeRow], list[OrganisationRow], int]:
    """The participants, the organisations supported (with their participants) and the number
    of people registered, from one read of everyone registered or attending."""
    attendees: list[AttendeeRow] = []
    named: dict[int, tuple[str, str | None, str | None]] = {}
    members: Counter[int] = Counter()
    registered = 0
    for row in rows:
        registered += 1
        if not row.took_part:
            continue
        attendees.append(row.person)
        org_id = row.person.organisation_id
        if org_id is None or row.organisation_name is None:
            continue
        members[org_id] += 1
        if org_id not in named:
            named[org_id] = (row.organisation_name, row.organisation_type, row.organisation_country)
    organisations = [
        OrganisationRow(org_id, name, org_type, country, members[org_id])
        for org_id, (name, org_type, country) in named.items()
    ]
    return attendees, organisations, registered


def hours_of(row: WorkshopRow) -> float | None:
    """A workshop's duration in hours (quarter-hour precision); None without an end."""
    if row.ends_at is None or row.ends_at <= row.starts_at:
        return None
    return round((row.ends_at - row.starts_at).total_seconds() / 900) / 4


def _activity(row: WorkshopRow) -> Activity:
    return Activity(
        id=row.id,
        title=row.title,
        starts_at=row.starts_at,
        timezone=row.timezone,
        hours=hours_of(row),
        place=row.place,
        online=row.url is not None,
        in_person=row.place is not None,
        language=row.language,
        topics=row.topics,
        registered=row.registered,
        attended=row.attended,
        organisations=row.organisations,
    )


def build_report(
    first: date,
    last: date,
    *,
    workshops: Iterable[WorkshopRow],
    attendees: Iterable[AttendeeRow],
    organisations: Iterable[OrganisationRow],
    reach: Reach,
    registered_people: int,
) -> Report:
    """The report for the inclusive days ``first`` to ``last``.

    ``attendees`` lists each participant once; ``registered_people`` counts the distinct
    people registered (going or attended) for any workshop of the period.

    Raises:
        ValueError: ``first`` after ``last``, or a person listed twice.
    """
    if first > last:
        raise ValueError(f"the period starts ({first}) after it ends ({last})")
    people = list(attendees)
    if len({row.member_id for row in people}) != len(people):
        raise ValueError("an attendee is listed twice")
    activities = tuple(
        _activity(row) for row in sorted(workshops, key=lambda w: (w.starts_at, w.id))
    )
    supported = tuple(sorted(organisations, key=lambda o: (o.name.casefold(), o.id)))
    participation = sum((a.hours or 0.0) * a.attended for a in activities)
    held = [
        Indicator(ACTIVITIES, None, N_("Workshops held"), len(activities)),
        Indicator(
            ACTIVITIES,
            None,
            N_("Hours of workshops"),
            _number(sum(a.hours or 0.0 for a in activities)),
        ),
        Indicator(ACTIVITIES, None, N_("Hours of participation"), _number(participation)),
        Indicator(
            ACTIVITIES,
            None,
            N_("Registered but not marked as attending (not counted as participants)"),
            max(registered_people - len(people), 0),
        ),
    ]
    return Report(
        first=first,
        last=last,
        indicators=(*_people(people), *_entities(supported), *held),
        activities=activities,
        organisations=supported,
        reach=reach,
        participants=len(people),
        registered_only=max(registered_people - len(people), 0),
        participation_hours=participation,
        activity_hours=sum(a.hours or 0.0 for a in activities),
    )


def _number(hours: float) -> int | float:
    # Whole hours as integers: the sheet shows "12", not "12.0".
    return int(hours) if float(hours).is_integer() else hours
