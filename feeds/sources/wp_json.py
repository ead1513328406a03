"""WordPress REST sources, such as Romania's oportunitati-ue.gov.ro (``/wp-json/wp/v2/apel``).

1. List posts newest-modified first: ``GET …/apel?per_page=100&page=N&orderby=modified
   &order=desc&_fields=…``, until ``X-WP-TotalPages``, a short page, WordPress's 400 past
   the last page, or a post older than the cursor's ``since`` (nothing older changed).
2. For each post that is new or whose ``modified`` changed, read its page by labels:
   ``Data deschiderii:``, ``Data închiderii:``, ``Buget UE:``, ``Tip Apel:`` ("fără termen"
   means continuous). Dates ``31 decembrie 2026 23:59`` or ``31.12.2026`` are
   Europe/Bucharest; amounts look like ``33.435.294 EUR``.
3. Term ids (``beneficiar``, ``domeniu``, ``tip_apel``, ``zona_geografica``) become names
   through the taxonomy endpoints, fetched only when there is something to read.

Only posts read in this run become drafts (the store keeps the others). The cursor holds
``since`` and ``done`` (post id -> ``modified``); posts left over by ``max_details`` or by a
failed page download keep ``since`` back so the next run picks them up.

The site's WAF refuses requests without browser-like ``Accept``, ``Accept-Language`` and
``Referer``; we send those and still name ourselves in the User-Agent.

Parameters (``spec.params``): ``taxonomies``, ``per_page`` (100), ``max_pages`` (60),
``max_details`` (300), ``max_age_days`` (1095: older posts are not listed), ``pace_seconds``
(1.0), ``countries`` (``["RO"]``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from feeds.exceptions import FetchError, HTTPStatusError, ParseError
from feeds.sources import (
    AdapterResult,
    Pacer,
    non_negative,
    pacer,
    param,
    positive_int,
    read_json,
)
from feeds.text import fold, html_to_text, strip_accents
from feeds.types import CachingState, Draft, SourceSpec

if TYPE_CHECKING:
    from feeds.http import Fetcher, HttpResult

BUCHAREST = ZoneInfo("Europe/Bucharest")
TAXONOMIES: tuple[str, ...] = ("beneficiar", "domeniu", "tip_apel", "zona_geografica")
FIELDS = "id,slug,link,title,date,modified," + ",".join(TAXONOMIES)
#: Romanian sites that are not UTF-8 are windows-1250 (ISO-8859-2 agrees on ă, â, î, ş, ţ).
ENCODINGS = ("windows-1250", "iso-8859-2")
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


def browser_headers(url: str, *, page: bool = False) -> dict[str, str]:
    """Headers the site's WAF expects from a browser (the User-Agent still says who we are)."""
    parts = urlsplit(url)
    return {
        "Accept": (
            "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
            if page
            else "application/json, text/plain;q=0.9, */*;q=0.8"
        ),
        "Accept-Language": "ro-RO,ro;q=0.9,en;q=0.8",
        "Referer": f"{parts.scheme}://{parts.netloc}/",
    }


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


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of strings")
    return tuple(value)


async def _get(
    fetcher: Fetcher, gate: Pacer, url: str, params: Mapping[str, Any] | None, *, page: bool
) -> HttpResult:
    await gate.wait()
    headers = browser_headers(url, page=page)
    return await fetcher.get(
        url,
        params=params,
        expect="html" if page else "json",
        headers=headers,
        accept=headers["Accept"],
        conditional=False,
    )


async def _terms(
    fetcher: Fetcher, gate: Pacer, api_root: str, taxonomy: str, max_pages: int
) -> dict[int, str]:
    names: dict[int, str] = {}
    for page in range(1, max_pages + 1):
        try:
            result = await _get(
                fetcher,
                gate,
                f"{api_root}/{taxonomy}",
                {"per_page": 100, "page": page},
                page=False,
            )
        except HTTPStatusError as error:
            if error.status == 400 and page > 1:
                break
            raise
        body = read_json(result, f"taxonomy {taxonomy}")
        if not isinstance(body, list):
            raise ParseError(f"taxonomy {taxonomy} at {api_root} is not a list")
        for term in body:
            if isinstance(term, Mapping) and str(term.get("id", "")).isdecimal():
                names[int(term["id"])] = html_to_text(str(term.get("name") or ""))
        pages = result.headers.get("x-wp-totalpages", "")
        if len(body) < 100 or (pages.isdecimal() and page >= int(pages)):
            break
    return names


PARAMS = frozenset(
    {
        "taxonomies",
        "per_page",
        "max_pages",
        "max_details",
        "max_age_days",
        "pace_seconds",
        "countries",
    }
)


@dataclass(frozen=True, slots=True)
class Options:
    """The source's ``params``, checked."""

    taxonomies: tuple[str, ...]
    per_page: int
    max_pages: int
    max_details: int
    max_age_days: int
    countries: tuple[str, ...]
    pace_seconds: float


def options(spec: SourceSpec) -> Options:
    """``spec.params`` read and checked (also by ``inexa-bot check-config``).

    Raises:
        SourceConfigError: a value cannot work.
    """
    return Options(
        taxonomies=param(spec, "taxonomies", TAXONOMIES, _strings),
        per_page=param(spec, "per_page", 100, _per_page),
        max_pages=param(spec, "max_pages", 60, positive_int),
        max_details=param(spec, "max_details", 300, positive_int),
        max_age_days=param(spec, "max_age_days", 1095, positive_int),
        countries=param(spec, "countries", ("RO",), _strings),
        pace_seconds=param(spec, "pace_seconds", 1.0, non_negative),
    )


def _per_page(value: Any) -> int:
    number = positive_int(value)
    if number > 100:
        raise ValueError("WordPress answers at most 100 per page")
    return number


async def fetch(
    fetcher: Fetcher, spec: SourceSpec, state: CachingState, *, now: datetime
) -> AdapterResult:
    """Posts modified since the last run, each read from its page."""
    opts = options(spec)
    taxonomies, per_page, max_pages = opts.taxonomies, opts.per_page, opts.max_pages
    max_details, max_age, countries = opts.max_details, opts.max_age_days, opts.countries
    gate = pacer(fetcher, opts.pace_seconds)
    endpoint = state.url or spec.url
    api_root = endpoint.rstrip("/").rsplit("/", 1)[0]  # …/wp-json/wp/v2
    site = urlsplit(endpoint).hostname
    since = str(state.cursor.get("since") or "")
    raw_done = state.cursor.get("done", {})
    done = {str(k): str(v) for k, v in raw_done.items()} if isinstance(raw_done, Mapping) else {}
    oldest = (
        (now.astimezone(BUCHAREST) - timedelta(days=max_age))
        .replace(tzinfo=None)
        .isoformat(timespec="seconds")
    )
    fields = ",".join(dict.fromkeys([*FIELDS.split(","), *taxonomies]))

    posts: list[Mapping[str, Any]] = []
    total: int | None = None
    returned = 0
    for page in range(1, max_pages + 1):
        params = {
            "per_page": per_page,
            "page": page,
            "orderby": "modified",
            "order": "desc",
            "_fields": fields,
        }
        try:
            result = await _get(fetcher, gate, endpoint, params, page=False)
        except HTTPStatusError as error:
            if error.status == 400 and page > 1:  # rest_post_invalid_page_number
                break
            raise
        body = read_json(result, "post list")
        if not isinstance(body, list):
            raise ParseError(f"post list page {page} at {endpoint} is not a list")
        if page == 1 and result.headers.get("x-wp-total", "").isdecimal():
            total = int(result.headers["x-wp-total"])
        returned += len(body)
        reached_old = False
        for post in body:
            if not isinstance(post, Mapping):
                continue
            modified = str(post.get("modified") or "")
            if modified and (modified < oldest or (since and modified < since)):
                reached_old = True
                break
            posts.append(post)
        pages = result.headers.get("x-wp-totalpages", "")
        if reached_old or len(body) < per_page or (pages.isdecimal() and page >= int(pages)):
            break

    todo = [p for p in posts if done.get(str(p.get("id"))) != str(p.get("modified") or "")]
    drafts: list[Draft] = []
    skipped: list[str] = []
    deferred: list[str] = []
    failures: list[FetchError] = []
    problems: list[str] = []
    terms: dict[str, dict[int, str]] = {}
    if todo:
        for taxonomy in taxonomies:
            terms[taxonomy] = await _terms(fetcher, gate, api_root, taxonomy, max_pages)
    attempted = 0
    over_budget = 0
    for post in todo:
        key, stamp = str(post.get("id") or ""), str(post.get("modified") or "")
        link = str(post.get("link") or "")
        if attempted >= max_details:
            over_budget += 1
            deferred.append(stamp)
            continue
        if not key or not link.startswith(("http://", "https://")):
            skipped.append(f"post {key or '?'}: no id or link")
            continue
        if urlsplit(link).hostname != site:  # only the site's own pages, never elsewhere
            skipped.append(f"post {key}: link {link} leaves {site}")
            continue
        attempted += 1
        try:
            page_result = await _get(fetcher, gate, link, None, page=True)
        except FetchError as error:
            failures.append(error)
            deferred.append(stamp)
            skipped.append(f"{key}: {error.reason} (retried next run)")
            continue
        try:
            drafts.append(
                to_draft(post, terms, read_detail(page_result.text(ENCODINGS)), countries=countries)
            )
        except (ValueError, TypeError, AttributeError) as exc:
            skipped.append(f"{key}: {exc}")
        done[key] = stamp
    if attempted and len(failures) == attempted:
        raise failures[0]
    if over_budget:
        problems.append(f"{over_budget} calls left for the next run (max_details)")

    stamps = [str(p.get("modified") or "") for p in posts if p.get("modified")]
    new_since = min(deferred) if deferred else max([since, *stamps])
    live = {str(p.get("id")) for p in posts}
    cursor = {
        "since": new_since,
        "done": {k: v for k, v in done.items() if v >= new_since or k in live},
    }
    return AdapterResult(
        tuple(drafts),
        CachingState(url=state.url, cursor=cursor),
        skipped=tuple(skipped),
        listed=total if total is not None else returned,
        problems=tuple(problems),
    )
