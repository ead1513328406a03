"""A WordPress call post and its page read into a draft (Romania's oportunitati-ue.gov.ro).

A call page is read by labels: ``Data deschiderii:``, ``Data închiderii:``, ``Buget UE:``,
``Tip Apel:`` ("fără termen" means continuous), wherever the theme puts them. Dates
``31 decembrie 2026 23:59`` or ``31.12.2026`` are Europe/Bucharest; amounts look like
``33.435.294 EUR``. Term ids become names through the taxonomies the adapter reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from feeds.text import fold, html_to_text, strip_accents
from feeds.types import Draft

BUCHAREST = ZoneInfo("Europe/Bucharest")
_MONTHS = {
    "ian": 1, "feb": 2, "mar": 3, "apr": 4, "mai": 5, "iun": 6,
    "iul": 7, "aug": 8, "sep": 9, "oct": 10, "noi": 11, "dec": 12,
}  # fmt: skip
_TIME = r"(?:[,\s]+(?:ora\s+|orele\s+)?(\d{1,2})[:.](\d{2}))?"
_LONG_DATE = re.compile(r"\b(\d{1,2})\s+([a-z]{3,10})\.?\s+(\d{4})" + _TIME)
_SHORT_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})" + _TIME)
_AMOUNT_FIRST = re.compile(r"(\d[\d.\s]*(?:,\d+)?)\s*(eur|euro|lei|ron)\b")
_CURRENCY_FIRST = re.compile(r"\b(eur|euro|lei|ron)\s*(\d[\d.\s]*(?:,\d+)?)")
_LABEL_KEYS = {
    "data deschiderii": "opening",
    "data inchiderii": "closing",
    "buget ue": "budget",
    "buget total": "budget_total",
    "tip apel": "call_type",
}
# Letters, not word boundaries, delimit a label: html_to_text glues adjacent cells, so
# "<dd>2027</dd><dt>Data …" reads "2027Data" and "<td>Buget UE</td><td>1.000" "Buget UE1.000".
_LABEL = re.compile(r"(?<![a-z])(" + "|".join(_LABEL_KEYS) + r")(?![a-z])\s*:?")
#: Beneficiary term names (folded) -> organisation types.
_ORG_TYPES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"\bong\b|\bong-uri\b|asociati|fundati|neguvernamental", "ngo"),
        (
            r"autoritat\w* (?:publice|locale)|institutii publice|\buat\b|administratia publica",
            "public",
        ),
        (r"\bimm\b|\bimm-uri\b|intreprinderi mici|microintreprinder", "sme"),
        (r"furnizori\w* de formare|centre de formare", "vet_provider"),
        (r"\bscoli\b|unitati de invatamant|unitati scolare|\blicee\b", "school"),
        (r"universitat|invatamant superior", "university"),
        (r"economie sociala|intreprinderi sociale|intreprinderi de insertie", "social_enterprise"),
    )
)
#: Development regions (folded) -> NUTS 2 codes.
_REGIONS = (
    ("nord-vest", "RO11"), ("centru", "RO12"), ("nord-est", "RO21"), ("sud-est", "RO22"),
    ("sud-muntenia", "RO31"), ("bucuresti-ilfov", "RO32"), ("sud-vest", "RO41"), ("vest", "RO42"),
)  # fmt: skip


def parse_ro_date_timed(
    text: str, *, default_time: time = time(23, 59)
) -> tuple[datetime, bool] | None:
    """Like :func:`parse_ro_date`, and whether the text stated the time of day."""
    folded = fold(text)
    match = _LONG_DATE.search(folded)
    if match and match.group(2)[:3] in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)[:3]], int(match.group(3))
    else:
        match = _SHORT_DATE.search(folded)
        if not match:
            return None
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    try:
        at = time(int(match.group(4)), int(match.group(5))) if match.group(4) else default_time
        return datetime(year, month, day, at.hour, at.minute, tzinfo=BUCHAREST), bool(
            match.group(4)
        )
    except ValueError:
        return None


def parse_ro_date(text: str, *, default_time: time = time(23, 59)) -> datetime | None:
    """``31 decembrie 2026 23:59``, ``31 dec. 2026``, ``31.12.2026`` in Europe/Bucharest.

    A date without a time is ``default_time`` that day (the end of the day for a deadline).
    """
    found = parse_ro_date_timed(text, default_time=default_time)
    return found[0] if found else None


def parse_amount(text: str) -> tuple[Decimal | None, str | None]:
    """``33.435.294 EUR``, ``1.250.000,50 lei``, ``EUR 5.000.000`` -> (amount, currency)."""
    folded = fold(text)
    match = _AMOUNT_FIRST.search(folded)
    if match:
        digits, unit = match.group(1), match.group(2)
    else:
        match = _CURRENCY_FIRST.search(folded)
        if not match:
            return None, None
        unit, digits = match.group(1), match.group(2)
    cleaned = digits.replace(" ", "").replace(".", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None, None
    return amount, "EUR" if unit.startswith("eur") else "RON"


def _aligned_fold(text: str) -> str:
    """``fold`` character by character, so positions still point into ``text``."""
    return "".join((strip_accents(c).casefold() or " ")[:1] for c in text)


def read_detail(page: str) -> dict[str, str]:
    """Label -> value from a call page.

    A value runs from its label to the next label or the end of the line, or sits on the
    next line when nothing follows the label (``<dt>``/``<dd>``, table cells).
    """
    lines = [line.strip() for line in html_to_text(page).splitlines() if line.strip()]
    fields: dict[str, str] = {}
    for index, line in enumerate(lines):
        found = list(_LABEL.finditer(_aligned_fold(line)))
        for position, match in enumerate(found):
            key = _LABEL_KEYS[match.group(1)]
            stop = found[position + 1].start() if position + 1 < len(found) else len(line)
            value = line[match.end() : stop].strip(" :;-–")
            if not value and position + 1 == len(found) and index + 1 < len(lines):
                value = lines[index + 1]
            fields.setdefault(key, value)
    return fields


def org_types(names: Sequence[str]) -> tuple[str, ...]:
    """Organisation types from beneficiary term names."""
    found: list[str] = []
    for name in names:
        folded = fold(name)
        found.extend(kind for pattern, kind in _ORG_TYPES if pattern.search(folded))
    return tuple(dict.fromkeys(found))


def regions(names: Sequence[str]) -> tuple[str, ...]:
    """NUTS 2 codes of the development regions named in ``zona_geografica``."""
    codes: list[str] = []
    for name in names:
        folded = re.sub(r"^regiunea\s+", "", fold(name)).replace(" - ", "-")
        codes.extend(
            code
            for region, code in _REGIONS
            if folded == region or folded.startswith((f"{region} ", f"{region}-"))
        )
    return tuple(dict.fromkeys(codes))


def _wp_date(value: Any) -> datetime | None:
    """WordPress ``date``/``modified``: site-local time without an offset."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BUCHAREST)


def to_draft(
    post: Mapping[str, Any],
    terms: Mapping[str, Mapping[int, str]],
    detail: Mapping[str, str],
    *,
    countries: Sequence[str] = ("RO",),
) -> Draft:
    """A call from its REST post, the taxonomy names and the fields read on its page.

    Raises:
        ValueError: the post has no id.
    """
    post_id = str(post.get("id") or "").strip()
    if not post_id:
        raise ValueError("post without id")
    rendered = post.get("title")
    title = html_to_text(
        str(rendered.get("rendered") or "")
        if isinstance(rendered, Mapping)
        else str(rendered or "")
    )

    def names(taxonomy: str) -> list[str]:
        ids = post.get(taxonomy)
        known = terms.get(taxonomy, {})
        found = (known.get(int(i), "") for i in ids or () if str(i).isdecimal())
        return [name for name in found if name]

    closing_text = detail.get("closing", "")
    call_type = detail.get("call_type", "")
    continuous = "fara termen" in fold(closing_text) or "fara termen" in fold(call_type)
    found = None if continuous else parse_ro_date_timed(closing_text)
    closing, timed = found if found else (None, False)
    opening = parse_ro_date(detail.get("opening", ""), default_time=time(0, 0))
    amount, currency = parse_amount(detail.get("budget") or detail.get("budget_total") or "")
    domains, kinds = names("domeniu"), names("tip_apel")
    beneficiaries, zones = names("beneficiar"), names("zona_geografica")
    summary = [
        f"{label}: {', '.join(values)}"
        for label, values in (
            ("Domeniu", domains),
            ("Tip apel", kinds or ([call_type] if call_type else [])),
            ("Beneficiari", beneficiaries),
            ("Zonă", zones),
        )
        if values
    ]
    published = _wp_date(post.get("date"))
    return Draft(
        native_id=post_id,
        url=str(post.get("link") or ""),
        title=title or str(post.get("slug") or post_id),
        summary="\n".join(summary),
        language="ro",
        opening_date=opening,
        deadlines=(closing,) if closing else (),
        # "31.12.2026" is that calendar day in Bucharest; "31 decembrie 2026 16:00" a moment.
        deadline_has_time=timed,
        deadline_zone=BUCHAREST.key,
        deadline_text=(
            f"Data închiderii: {closing_text}"
            if closing_text and not closing and not continuous
            else ""
        ),
        continuous=continuous,
        budget_total=amount,
        currency=currency,
        keywords=tuple(dict.fromkeys([*domains, *kinds])),
        eligible_countries=tuple(dict.fromkeys([*countries, *regions(zones)])),
        eligible_org_types=org_types(beneficiaries),
        published_at=published,
        updated_at=_wp_date(post.get("modified")) or published,
        raw={"id": post_id, "slug": post.get("slug"), "modified": post.get("modified"), **detail},
    )
