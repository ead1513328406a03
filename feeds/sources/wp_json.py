"""WordPress REST sources, such as Romania's oportunitati-ue.gov.ro (``/wp-json/wp/v2/apel``).

Listing pages give the call, its link and taxonomy term ids (beneficiaries, domains, call
type, region); the term names come from the taxonomy endpoints. Dates and budget are not in
REST: they are read from the call's page by their labels ("Data închiderii:", "Buget UE:"),
and a page is fetched again only when the post's ``modified`` stamp changed. The site's WAF
refuses requests without browser-like Accept, Accept-Language and Referer headers.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, time
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from feeds.exceptions import FeedError, ParseError, SourceOutage
from feeds.sources import AdapterResult
from feeds.text import fold, html_to_text
from feeds.types import CachingState, Draft, SourceSpec

if TYPE_CHECKING:
    from feeds.http import Fetcher

BUCHAREST = ZoneInfo("Europe/Bucharest")
TAXONOMIES = ("beneficiar", "domeniu", "tip_apel", "zona_geografica")
FIELDS = "id,slug,link,title,date,modified,beneficiar,domeniu,tip_apel,zona_geografica"
MAX_PAGES = 60
Sleep = Callable[[float], Awaitable[None]]
_RO_MONTHS = {
    "ianuarie": 1, "februarie": 2, "martie": 3, "aprilie": 4, "mai": 5, "iunie": 6,
    "iulie": 7, "august": 8, "septembrie": 9, "octombrie": 10, "noiembrie": 11, "decembrie": 12,
}  # fmt: skip
_LONG_DATE = re.compile(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})(?:[,\s]+(?:ora\s+)?(\d{1,2})[:.](\d{2}))?")
_SHORT_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[,\s]+(?:ora\s+)?(\d{1,2})[:.](\d{2}))?")
#: Beneficiary term names -> organisation types (folded substrings).
_ORG_TYPES = (
    ("ong", "ngo"), ("asociati", "ngo"), ("fundati", "ngo"), ("autoritat", "public"),
    ("institutii publice", "public"), ("uat", "public"), ("imm", "sme"), ("intreprinderi", "sme"),
    ("furnizori de formare", "vet_provider"), ("scoli", "school"),
    ("unitati de invatamant", "school"),
    ("universitat", "university"), ("economie sociala", "social_enterprise"),
)  # fmt: skip


def browser_headers(url: str) -> dict[str, str]:
    """Headers the site's WAF expects from a browser (we still say who we are in User-Agent)."""
    parts = urlsplit(url)
    return {
        "Accept": "application/json, text/html;q=0.9, */*;q=0.8",
        "Accept-Language": "ro-RO,ro;q=0.9,en;q=0.8",
        "Referer": f"{parts.scheme}://{parts.netloc}/",
    }


def parse_ro_date(text: str) -> datetime | None:
    """``31 decembrie 2026 23:59`` or ``31.12.2026`` (Europe/Bucharest; no time: 23:59)."""
    folded = fold(text)
    match = _LONG_DATE.search(folded)
    month: int | None = None
    if match and match.group(2) in _RO_MONTHS:
        day, month, year = int(match.group(1)), _RO_MONTHS[match.group(2)], int(match.group(3))
    else:
        match = _SHORT_DATE.search(folded)
        if not match:
            return None
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    at = time(23, 59)
    if match.group(4):
        try:
            at = time(int(match.group(4)), int(match.group(5)))
        except ValueError:
            return None
    try:
        return datetime(year, month, day, at.hour, at.minute, tzinfo=BUCHAREST)
    except ValueError:
        return None


def parse_amount(text: str) -> tuple[Decimal | None, str | None]:
    """``33.435.294 EUR`` or ``1.250.000,50 lei`` -> (amount, currency)."""
    match = re.search(r"([\d.\s]+(?:,\d+)?)\s*(eur|euro|lei|ron)\b", fold(text))
    if not match:
        return None, None
    digits = match.group(1).replace(" ", "").replace(".", "").replace(",", ".")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        return None, None
    return amount, "EUR" if match.group(2).startswith("eur") else "RON"


def read_detail(page: str) -> dict[str, str]:
    """Label -> value from a call page ("Data deschiderii:", "Data închiderii:", ...)."""
    text = html_to_text(page)
    fields: dict[str, str] = {}
    for label, key in (
        ("data deschiderii", "opening"),
        ("data inchiderii", "closing"),
        ("buget ue", "budget"),
        ("buget total", "budget_total"),
        ("tip apel", "call_type"),
    ):
        for line in text.splitlines():
            folded = fold(line)
            if folded.startswith(label):
                value = line.split(":", 1)[1].strip() if ":" in line else ""
                fields[key] = value
                break
    return fields


def _org_types(names: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for name in names:
        folded = fold(name)
        found.extend(kind for marker, kind in _ORG_TYPES if marker in folded)
    return tuple(dict.fromkeys(found))


def to_draft(
    post: Mapping[str, Any], terms: Mapping[str, Mapping[int, str]], detail: Mapping[str, str]
) -> Draft:
    """A call from its REST post, the taxonomy names and the fields read on its page."""
    post_id = str(post.get("id") or "")
    if not post_id:
        raise ParseError("post without id")
    rendered = post.get("title")
    title = html_to_text(
        str(rendered.get("rendered") if isinstance(rendered, Mapping) else rendered or "")
    )

    def names(taxonomy: str) -> list[str]:
        ids = post.get(taxonomy) or []
        return [terms.get(taxonomy, {}).get(int(i), "") for i in ids if str(i).isdigit()]

    closing_text = detail.get("closing", "")
    continuous = "fara termen" in fold(closing_text) or "fara termen" in fold(
        detail.get("call_type", "")
    )
    closing = None if continuous else parse_ro_date(closing_text)
    opening = parse_ro_date(detail.get("opening", ""))
    budget, currency = parse_amount(detail.get("budget") or detail.get("budget_total") or "")
    domains = [n for n in names("domeniu") if n]
    published = _wp_date(post.get("date"))
    return Draft(
        native_id=post_id,
        url=str(post.get("link") or ""),
        title=title or post_id,
        summary=" · ".join([*domains, *[n for n in names("tip_apel") if n]]),
        language="ro",
        opening_date=opening,
        deadlines=(closing,) if closing else (),
        continuous=continuous,
        budget_total=budget,
        currency=currency,
        keywords=tuple(domains),
        eligible_countries=("RO",),
        eligible_org_types=_org_types([n for n in names("beneficiar") if n]),
        published_at=published,
        updated_at=_wp_date(post.get("modified")) or published,
        raw={"id": post_id, "slug": post.get("slug"), "modified": post.get("modified")},
    )


def _wp_date(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BUCHAREST)


async def _json(
    fetcher: Fetcher, url: str, params: Mapping[str, Any]
) -> tuple[Any, Mapping[str, str]]:
    result = await fetcher.get(
        url,
        params=params,
        expect="json",
        headers=browser_headers(url),
        accept="application/json",
        conditional=False,
    )
    try:
        return json.loads(result.content), result.headers
    except ValueError as exc:
        raise ParseError(f"{url} answered something that is not JSON: {exc}") from exc


async def fetch(
    fetcher: Fetcher,
    spec: SourceSpec,
    state: CachingState,
    now: datetime,
    *,
    sleep: Sleep = asyncio.sleep,
    pace: float = 1.0,
) -> AdapterResult:
    """Every call, with the detail page re-read only for posts modified since last time."""
    endpoint = state.url or spec.url
    api_root = endpoint.rsplit("/", 1)[0]  # …/wp-json/wp/v2
    pace = float(spec.params.get("pace_seconds", pace))
    terms: dict[str, dict[int, str]] = {}
    for taxonomy in TAXONOMIES:
        body, _ = await _json(fetcher, f"{api_root}/{taxonomy}", {"per_page": 100})
        terms[taxonomy] = (
            {
                int(t["id"]): html_to_text(str(t.get("name", "")))
                for t in body
                if isinstance(body, list)
                and isinstance(t, Mapping)
                and str(t.get("id", "")).isdigit()
            }
            if isinstance(body, list)
            else {}
        )
    posts: list[Mapping[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        params = {"per_page": 100, "page": page, "orderby": "modified", "order": "desc"}
        body, headers = await _json(fetcher, endpoint, {**params, "_fields": FIELDS})
        if not isinstance(body, list) or not body:
            break
        posts.extend(p for p in body if isinstance(p, Mapping))
        total_pages = headers.get("x-wp-totalpages")
        if total_pages and total_pages.isdigit() and page >= int(total_pages):
            break
        await sleep(pace)
    modified: dict[str, str] = {
        str(k): str(v) for k, v in dict(state.cursor.get("modified", {})).items()
    }
    details: dict[str, dict[str, str]] = {
        str(k): dict(v) for k, v in dict(state.cursor.get("details", {})).items()
    }
    drafts: list[Draft] = []
    skipped: list[str] = []
    for post in posts:
        key = str(post.get("id") or "")
        stamp = str(post.get("modified") or "")
        try:
            if modified.get(key) != stamp or key not in details:
                await sleep(pace)
                link = str(post.get("link"))
                page_result = await fetcher.get(
                    link,
                    expect="html",
                    headers=browser_headers(link),
                    accept="text/html",
                    conditional=False,
                )
                details[key] = read_detail(page_result.content.decode("utf-8", errors="replace"))
                modified[key] = stamp
            drafts.append(to_draft(post, terms, details[key]))
        except (FeedError, ValueError, TypeError) as exc:
            skipped.append(f"{key}: {exc}")
    if spec.min_items and len(posts) < spec.min_items:
        raise SourceOutage(
            f"{spec.id}: {len(posts)} calls where at least {spec.min_items} are usual"
        )
    live = {str(p.get("id")) for p in posts}
    cursor = {
        "modified": {k: v for k, v in modified.items() if k in live},
        "details": {k: v for k, v in details.items() if k in live},
    }
    return AdapterResult(
        tuple(drafts), CachingState(url=state.url, cursor=cursor), skipped=tuple(skipped)
    )
