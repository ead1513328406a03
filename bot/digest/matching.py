"""Which opportunities match which member: pure, and built for 100,000 members.

The opportunities of one run are numbered in digest order (soonest next deadline first)
and every question becomes a bit mask over them: "fits topic X", "open to Romania", "open to
NGOs", "mentions 'robotics'", "closing within 14 days". A member's matches are then a few
big-integer ANDs and ORs, whatever the number of opportunities; the lowest set bits are the
items to show first. Masks for words are computed once per word and cached.

Matching rules: an opportunity matches when it fits the member's topics or programmes,
their country and organisation type when it states eligibility, at least one include word
when they have some, and none of their exclude words. Closed calls never match.

Only funding kinds (calls, tenders, cascade calls) fill the call sections. News, events and
results first seen this week go to a short "Also this week" list, newest first, unless the
member switched it off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.core.dates import days_left, deadline_of
from feeds.text import fold
from feeds.types import Opportunity, Status

#: Calendar days to the deadline's day (in the deadline's zone) that make a call "closing soon".
CLOSING_SOON_DAYS = 14
NEW_WINDOW = timedelta(days=7)
#: At most this many news, events and results under "Also this week".
ALSO_LIMIT = 3
#: Members' org types -> the eligibility values that admit them.
ORG_TYPE_MATCHES: dict[str, frozenset[str]] = {
    "ngo": frozenset({"ngo"}),
    "public": frozenset({"public"}),
    "vet_provider": frozenset({"vet_provider"}),
    "school": frozenset({"school", "university"}),
    "sme": frozenset({"sme"}),
    "social_enterprise": frozenset({"social_enterprise", "sme", "ngo"}),
}


@dataclass(frozen=True, slots=True)
class MemberPrefs:
    """What a member asked for."""

    topics: frozenset[str] = frozenset()
    programmes: frozenset[str] = frozenset()
    country: str | None = None
    org_type: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: Show news and events first seen this week after the calls.
    also_this_week: bool = True


@dataclass(frozen=True, slots=True)
class Candidate:
    """An opportunity as matching sees it."""

    opportunity: Opportunity
    #: When the bot first stored it ("new this week").
    first_seen: datetime
    #: The database row id (used in Follow buttons, whose data must stay under 64 bytes).
    key: int | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an item was chosen for a member: what matched, for the one-line explanation."""

    topics: tuple[str, ...]
    programmes: tuple[str, ...]
    country: str | None


@dataclass(frozen=True, slots=True)
class Sections:
    """A member's matches by digest section, each in digest order (indexes into the index)."""

    closing_soon: tuple[int, ...]
    new: tuple[int, ...]
    opening_soon: tuple[int, ...]
    #: Matching items in no section (older, still open); shown only when there is room.
    other: tuple[int, ...]
    #: News, events and results first seen this week, newest first ("Also this week").
    also: tuple[int, ...] = ()
    #: How many calls matched when the sections were cut to a limit (None: not cut).
    matched: int | None = None

    @property
    def total(self) -> int:
        """How many calls matched (the "Also this week" items are not counted)."""
        if self.matched is not None:
            return self.matched
        return len(self.closing_soon) + len(self.new) + len(self.opening_soon) + len(self.other)


def closing_soon(item: Opportunity, now: datetime) -> bool:
    """The next deadline's day is at most :data:`CLOSING_SOON_DAYS` calendar days away,
    counted in the deadline's own zone (a date-only deadline is a day, not 23:59 UTC)."""
    deadline = deadline_of(item)
    return deadline is not None and days_left(deadline, now) <= CLOSING_SOON_DAYS


def _bits(mask: int, limit: int | None = None) -> list[int]:
    """Positions of set bits, lowest first (at most ``limit``)."""
    found: list[int] = []
    while mask and (limit is None or len(found) < limit):
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found


@dataclass
class OpportunityIndex:
    """The run's open opportunities as bit masks; build once, match many members."""

    items: tuple[Candidate, ...]
    now: datetime
    by_topic: dict[str, int] = field(default_factory=dict)
    by_programme: dict[str, int] = field(default_factory=dict)
    by_uid: dict[str, int] = field(default_factory=dict)
    any_country: int = 0
    by_country: dict[str, int] = field(default_factory=dict)
    any_org_type: int = 0
    by_org_type: dict[str, int] = field(default_factory=dict)
    closing_soon: int = 0
    new: int = 0
    opening_soon: int = 0
    all_open: int = 0
    #: Calls, tenders and cascade calls: the only items of the call sections.
    funding: int = 0
    #: News, events and results first seen within :data:`NEW_WINDOW`.
    recent_other: int = 0
    _texts: tuple[str, ...] = ()
    _words: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, candidates: Iterable[Candidate], *, now: datetime) -> OpportunityIndex:
        """Number the non-closed opportunities in digest order and build every mask."""
        far = now + timedelta(days=36_500)
        usable = sorted(
            (c for c in candidates if c.opportunity.status is not Status.CLOSED),
            key=lambda c: (c.opportunity.next_deadline or far, c.opportunity.uid),
        )
        index = cls(items=tuple(usable), now=now)
        texts: list[str] = []
        for position, candidate in enumerate(usable):
            bit = 1 << position
            item = candidate.opportunity
            index.by_uid[item.uid] = position
            index.all_open |= bit
            for topic in item.themes:
                index.by_topic[topic] = index.by_topic.get(topic, 0) | bit
            for programme in item.programmes:
                index.by_programme[programme] = index.by_programme.get(programme, 0) | bit
            if item.eligible_countries:
                for code in {c[:2].upper() for c in item.eligible_countries}:
                    index.by_country[code] = index.by_country.get(code, 0) | bit
            else:
                index.any_country |= bit
            if item.eligible_org_types:
                for kind in item.eligible_org_types:
                    index.by_org_type[kind] = index.by_org_type.get(kind, 0) | bit
            else:
                index.any_org_type |= bit
            if not item.kind.is_funding:
                if now - candidate.first_seen <= NEW_WINDOW:
                    index.recent_other |= bit
            elif item.status is Status.FORTHCOMING:
                index.opening_soon |= bit
            elif closing_soon(item, now):
                index.closing_soon |= bit
            elif now - candidate.first_seen <= NEW_WINDOW:
                index.new |= bit
            texts.append(fold(" ".join([item.title, item.summary, *item.keywords])))
            if item.kind.is_funding:
                index.funding |= bit
        index._texts = tuple(texts)
        return index

    def word_mask(self, word: str) -> int:
        """Opportunities whose text mentions ``word`` (cached per word)."""
        key = fold(word)
        cached = self._words.get(key)
        if cached is None:
            cached = 0
            for position, text in enumerate(self._texts):
                if key in text:
                    cached |= 1 << position
            self._words[key] = cached
        return cached

    def mask_for(self, prefs: MemberPrefs, *, exclude: int = 0) -> int:
        """Every opportunity matching ``prefs`` (minus ``exclude``, e.g. already sent)."""
        mask = 0
        for topic in prefs.topics:
            mask |= self.by_topic.get(topic, 0)
        for programme in prefs.programmes:
            mask |= self.by_programme.get(programme, 0)
        if not mask:
            return 0
        mask &= self.all_open & ~exclude
        if prefs.country:
            mask &= self.any_country | self.by_country.get(prefs.country.upper(), 0)
        admitted = ORG_TYPE_MATCHES.get(prefs.org_type or "")
        if admitted is not None:
            org_mask = self.any_org_type
            for kind in admitted:
                org_mask |= self.by_org_type.get(kind, 0)
            mask &= org_mask
        if prefs.include:
            wanted = 0
            for word in prefs.include:
                wanted |= self.word_mask(word)
            mask &= wanted
        for word in prefs.exclude:
            mask &= ~self.word_mask(word)
        return mask

    def uids_mask(self, uids: Iterable[str]) -> int:
        """The mask of the given uids (those in this run)."""
        mask = 0
        for uid in uids:
            position = self.by_uid.get(uid)
            if position is not None:
                mask |= 1 << position
        return mask

    def sections(
        self, prefs: MemberPrefs, *, exclude: int = 0, limit: int | None = None
    ) -> Sections:
        """A member's matches split into digest sections, soonest deadline first.

        Only funding kinds fill the call sections; news, events and results of this week go
        to ``also`` (at most :data:`ALSO_LIMIT`, newest first) when the member wants them.
        With ``limit`` each section holds at most that many items (a digest shows a dozen of
        thousands), and :attr:`Sections.total` still counts every match.
        """
        matched = self.mask_for(prefs, exclude=exclude)
        mask = matched & self.funding
        also: tuple[int, ...] = ()
        if prefs.also_this_week:
            recent = _bits(matched & self.recent_other)
            recent.sort(key=self._newest_first)
            also = tuple(recent[:ALSO_LIMIT])
        closing = mask & self.closing_soon
        opening = mask & self.opening_soon
        new = mask & self.new
        other = mask & ~(closing | opening | new)
        return Sections(
            closing_soon=tuple(_bits(closing, limit)),
            new=tuple(_bits(new, limit)),
            opening_soon=tuple(_bits(opening, limit)),
            other=tuple(_bits(other, limit)),
            also=also,
            matched=None if limit is None else mask.bit_count(),
        )

    def _newest_first(self, position: int) -> tuple[float, str]:
        candidate = self.items[position]
        when = candidate.opportunity.published_at or candidate.first_seen
        return (-when.timestamp(), candidate.opportunity.uid)

    def reason(self, position: int, prefs: MemberPrefs) -> Reason:
        """What made item ``position`` match ``prefs``."""
        item = self.items[position].opportunity
        country = None
        if prefs.country and item.eligible_countries:
            wanted = prefs.country.upper()
            if any(c[:2].upper() == wanted for c in item.eligible_countries):
                country = wanted
        return Reason(
            topics=tuple(t for t in item.themes if t in prefs.topics),
            programmes=tuple(p for p in item.programmes if p in prefs.programmes),
            country=country,
        )
