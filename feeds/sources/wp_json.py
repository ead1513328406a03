"""WordPress REST sources, such as Romania's oportunitati-ue.gov.ro (``/wp-json/wp/v2/apel``).

1. List posts newest-modified first: ``GET …/apel?per_page=100&page=N&orderby=modified
   &order=desc&_fields=…``, until ``X-WP-TotalPages``, a short page, WordPress's 400 past
   the last page, or a post older than the cursor's ``since`` (nothing older changed).
2. For each post that is new or whose ``modified`` changed, read its page by labels
   (:mod:`feeds.sources.wp_json_posts`: ``Data închiderii:``, ``Buget UE:``, …).
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

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from feeds.exceptions import HTTPStatusError, ParseError
from feeds.sources import (
    AdapterResult,
    Pacer,
    non_negative,
    pacer,
    param,
    positive_int,
    read_json,
)
from feeds.sources.listing import Page, oldest_pending, prune_marks, read_details, read_pages
from feeds.sources.wp_json_posts import (
    BUCHAREST,
    org_types,
    parse_amount,
    parse_ro_date,
    parse_ro_date_timed,
    read_detail,
    regions,
    to_draft,
)
from feeds.text import html_to_text
from feeds.types import CachingState, Draft, SourceSpec

if TYPE_CHECKING:
    from feeds.http import Fetcher, HttpResult

__all__ = [  # reading a post and its page lives in feeds.sources.wp_json_posts
    "BUCHAREST",
    "ENCODINGS",
    "FIELDS",
    "PARAMS",
    "TAXONOMIES",
    "Options",
    "browser_headers",
    "fetch",
    "options",
    "org_types",
    "parse_amount",
    "parse_ro_date",
    "parse_ro_date_timed",
    "read_detail",
    "refusal",
    "regions",
    "to_draft",
]

TAXONOMIES: tuple[str, ...] = ("beneficiar", "domeniu", "tip_apel", "zona_geografica")
FIELDS = "id,slug,link,title,date,modified," + ",".join(TAXONOMIES)
#: Romanian sites that are not UTF-8 are windows-1250 (ISO-8859-2 agrees on ă, â, î, ş, ţ).
ENCODINGS = ("windows-1250", "iso-8859-2")


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


async def _json_page(
    fetcher: Fetcher,
    gate: Pacer,
    url: str,
    params: Mapping[str, Any],
    page: int,
    *,
    what: str,
    not_a_list: str,
) -> tuple[list[Any], HttpResult] | None:
    """One page of a WordPress collection; None past the last page (WordPress answers 400)."""
    try:
        result = await _get(fetcher, gate, url, params, page=False)
    except HTTPStatusError as error:
        if error.status == 400 and page > 1:  # rest_post_invalid_page_number
            return None
        raise
    body = read_json(result, what)
    if not isinstance(body, list):
        raise ParseError(not_a_list)
    return body, result


def _last_page(result: HttpResult, page: int, returned: int, per_page: int) -> bool:
    """A short page, or the page ``X-WP-TotalPages`` names, ends a collection."""
    pages = result.headers.get("x-wp-totalpages", "")
    return returned < per_page or (pages.isdecimal() and page >= int(pages))


async def _terms(
    fetcher: Fetcher, gate: Pacer, api_root: str, taxonomy: str, max_pages: int
) -> tuple[dict[int, str], bool]:
    """The taxonomy's term names by id, and whether ``max_pages`` ran out before its end."""
    url = f"{api_root}/{taxonomy}"

    async def read_page(page: int) -> Page[Mapping[str, Any]] | None:
        params = {"per_page": 100, "page": page}
        answer = await _json_page(
            fetcher,
            gate,
            url,
            params,
            page,
            what=f"taxonomy {taxonomy}",
            not_a_list=f"taxonomy {taxonomy} at {api_root} is not a list",
        )
        if answer is None:
            return None
        body, result = answer
        rows = [t for t in body if isinstance(t, Mapping) and str(t.get("id", "")).isdecimal()]
        return Page(rows, last=_last_page(result, page, len(body), 100))

    listing = await read_pages(read_page, first=1, max_pages=max_pages)
    names = {int(term["id"]): html_to_text(str(term.get("name") or "")) for term in listing.rows}
    return names, listing.exhausted


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


def _post_id(post: Mapping[str, Any]) -> str:
    return str(post.get("id") or "")


def _modified(post: Mapping[str, Any]) -> str:
    return str(post.get("modified") or "")


def refusal(post: Mapping[str, Any], site: str | None) -> str | None:
    """Why a post's page is not read (no id or link, a link off the site), or None."""
    key, link = _post_id(post), str(post.get("link") or "")
    if not key or not link.startswith(("http://", "https://")):
        return f"post {key or '?'}: no id or link"
    if urlsplit(link).hostname != site:  # only the site's own pages, never elsewhere
        return f"post {key}: link {link} leaves {site}"
    return None


def _post_pages(
    fetcher: Fetcher, gate: Pacer, endpoint: str, opts: Options
) -> Callable[[int], Awaitable[Page[Mapping[str, Any]] | None]]:
    """Reads one page of posts, newest-modified first (1-based)."""
    fields = ",".join(dict.fromkeys([*FIELDS.split(","), *opts.taxonomies]))

    async def read_page(page: int) -> Page[Mapping[str, Any]] | None:
        params = {
            "per_page": opts.per_page,
            "page": page,
            "orderby": "modified",
            "order": "desc",
            "_fields": fields,
        }
        answer = await _json_page(
            fetcher,
            gate,
            endpoint,
            params,
            page,
            what="post list",
            not_a_list=f"post list page {page} at {endpoint} is not a list",
        )
        if answer is None:
            return None
        body, result = answer
        total = result.headers.get("x-wp-total", "")
        return Page(
            [post for post in body if isinstance(post, Mapping)],
            last=_last_page(result, page, len(body), opts.per_page),
            total=int(total) if page == 1 and total.isdecimal() else None,
            returned=len(body),
        )

    return read_page


async def fetch(
    fetcher: Fetcher, spec: SourceSpec, state: CachingState, *, now: datetime
) -> AdapterResult:
    """Posts modified since the last run, each read from its page."""
    opts = options(spec)
    gate = pacer(fetcher, opts.pace_seconds)
    endpoint = state.url or spec.url
    api_root = endpoint.rstrip("/").rsplit("/", 1)[0]  # …/wp-json/wp/v2
    since = str(state.cursor.get("since") or "")
    raw_done = state.cursor.get("done", {})
    done = {str(k): str(v) for k, v in raw_done.items()} if isinstance(raw_done, Mapping) else {}
    oldest = (
        (now.astimezone(BUCHAREST) - timedelta(days=opts.max_age_days))
        .replace(tzinfo=None)
        .isoformat(timespec="seconds")
    )

    def unchanged_since(post: Mapping[str, Any]) -> bool:
        """Posts come newest-modified first: from this one on, nothing changed."""
        modified = _modified(post)
        return bool(modified) and (modified < oldest or bool(since and modified < since))

    listing = await read_pages(
        _post_pages(fetcher, gate, endpoint, opts),
        first=1,
        max_pages=opts.max_pages,
        stop=unchanged_since,
    )
    todo = [post for post in listing.rows if done.get(str(post.get("id"))) != _modified(post)]
    problems: list[str] = []
    terms: dict[str, dict[int, str]] = {}
    for taxonomy in opts.taxonomies if todo else ():
        terms[taxonomy], cut = await _terms(fetcher, gate, api_root, taxonomy, opts.max_pages)
        if cut:  # posts tagged with the unread terms would lose those labels without a word
            problems.append(
                f"taxonomy {taxonomy} has more than {opts.max_pages} pages; raise max_pages"
            )

    async def read(post: Mapping[str, Any]) -> Draft:
        page = await _get(fetcher, gate, str(post.get("link") or ""), None, page=True)
        detail = read_detail(page.text(ENCODINGS))
        return to_draft(post, terms, detail, countries=opts.countries)

    site = urlsplit(endpoint).hostname
    details = await read_details(
        todo,
        key=_post_id,
        read=read,
        budget=opts.max_details,
        refuse=lambda post: refusal(post, site),
    )
    done.update((_post_id(post), _modified(post)) for post, _ in details.settled)
    pending = [_modified(post) for post in (*details.failed, *details.left)]
    stamps = [_modified(post) for post in listing.rows if post.get("modified")]
    if listing.exhausted:
        # Pages past max_pages were never read: they are not caught up with. The watermark
        # stays where it was (posts read now are remembered in ``done`` and not read again).
        problems.append(f"stopped after {opts.max_pages} listing pages; raise max_pages")
        caught_up = since
    else:
        caught_up = max([since, *stamps])
    new_since = oldest_pending(pending, caught_up=caught_up)
    live = {str(post.get("id")) for post in listing.rows}
    cursor = {"since": new_since, "done": prune_marks(done, keep_from=new_since, keep=live)}
    return AdapterResult(
        details.drafts,
        CachingState(url=state.url, cursor=cursor),
        skipped=details.skipped,
        listed=listing.listed,
        problems=(
            *problems,
            *(
                (f"{len(details.left)} calls left for the next run (max_details)",)
                if details.left
                else ()
            ),
        ),
    )
