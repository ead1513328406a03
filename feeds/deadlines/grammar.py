"""What a language's grammar for deadlines holds.

Every pattern is a regular expression over *folded* text (lower case, no diacritics, see
``feeds.text.fold``), written without capturing groups. A grammar only lists words; the
engine (``feeds.deadlines.engine``) decides what they mean:

- ``deadline``: the date that follows is a deadline ("deadline", "termen limită", "plazo");
- ``extended``: a deadline moved ("extended to", "prorrogado hasta"), stronger than any other;
- ``until``: "until", "hasta el", "până la": a deadline unless the clause is about an event,
  costs, a list's validity, comments or results;
- ``submission``: words about handing in applications ("depunerea", "candidaturas"): a
  deadline only when no other cue in the clause says otherwise;
- ``opening``: opening, start, launch ("se deschide", "fecha de inicio"): never a deadline,
  but the end of a range it opens ("open from X until Y") is;
- ``published``: publication, signature, adoption, update, a gazette or legal act's date;
- ``event``: info days, webinars, conferences, workshops;
- ``registration``: registering, enrolling: an event cue in a text about an event, otherwise
  nothing ("termen final de înscriere" in a competition is its deadline);
- ``other``: results, questions, comments, eligible costs, implementation, validity, the
  original date of a moved deadline;
- ``tba``: the deadline is still to be announced;
- ``continuous``: submissions are open until the budget runs out (only a ``deadline`` cue counts);
- ``results``: the text reports results (a deadline already past at publication is history).

Numbers and units build relative periods ("veinte días hábiles desde el día siguiente al de
la publicación"); ``publication`` anchors them, ``relative_from`` words ("desde", "from", "de
la") introduce what they count from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Grammar:
    """The words of one language; every pattern is a regex over folded text."""

    code: str
    zone: str
    months: dict[str, int]
    numbers: dict[str, int]
    deadline: tuple[str, ...] = ()
    extended: tuple[str, ...] = ()
    until: tuple[str, ...] = ()
    submission: tuple[str, ...] = ()
    opening: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    event: tuple[str, ...] = ()
    registration: tuple[str, ...] = ()
    other: tuple[str, ...] = ()
    tba: tuple[str, ...] = ()
    continuous: tuple[str, ...] = ()
    results: tuple[str, ...] = ()
    #: words that make a text a call (a low-confidence guess needs one)
    call: tuple[str, ...] = ()
    #: relative periods
    days: tuple[str, ...] = ()
    business: tuple[str, ...] = ()
    calendar: tuple[str, ...] = ()
    weeks: tuple[str, ...] = ()
    month_units: tuple[str, ...] = ()
    publication: tuple[str, ...] = ()
    relative_from: tuple[str, ...] = ()
    #: ranges: "between/from/del" before the first date, "and/to/al" between the two
    range_start: tuple[str, ...] = ()
    range_join: tuple[str, ...] = ()
    #: words between a time and the date it belongs to ("17:00 on 12 May", "14:00 del día 6")
    time_links: tuple[str, ...] = ()
    #: words that stand for 12:00
    noon: tuple[str, ...] = ()
    #: words before a time that apply it to every date in a list ("all at 17:00")
    all_dates: tuple[str, ...] = ()
    #: spoken zones: pattern -> IANA zone
    zones: dict[str, str] = field(default_factory=dict)
    #: a month name may come before the day ("October 15, 2026")
    month_first: bool = False
    #: fixed national public holidays (MM-DD) skipped by business days
    holidays: tuple[str, ...] = ()


def month_table(*rows: str) -> dict[str, int]:
    """``rows[i]`` lists the names of month ``i + 1`` (full and abbreviated), space separated."""
    table: dict[str, int] = {}
    for number, names in enumerate(rows, start=1):
        for name in names.split():
            table[name] = number
    return table


def number_table(
    units: dict[str, int], tens: dict[str, int], joiners: tuple[str, ...] = (" ",)
) -> dict[str, int]:
    """Number words 1..99: ``units`` (1..19 and irregular forms) and ``tens``, joined by each
    of ``joiners`` ("twenty-one", "treinta y uno", "douăzeci și unu")."""
    table = dict(units)
    table.update(tens)
    small = {word: value for word, value in units.items() if value < 10}
    for ten_word, ten in tens.items():
        for unit_word, unit in small.items():
            for joiner in joiners:
                table.setdefault(f"{ten_word}{joiner}{unit_word}", ten + unit)
    return table
