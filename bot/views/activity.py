"""Words for activities: their types and repeat rules (shared by workshop cards and the
alliance calendar)."""

from __future__ import annotations

from datetime import datetime

from bot.calendar import recurrence
from bot.core import dates
from bot.core.i18n import Translator
from bot.core.render import esc

KIND_EMOJI = {"workshop": "📣", "session": "🤝", "meeting": "👥", "conference": "🎤"}
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def kind_label(tr: Translator, kind: str) -> str:
    """The activity type in words (``Workshop``, ``Mutual-learning session``...)."""
    names = {
        "workshop": tr.gettext("Workshop"),
        "session": tr.gettext("Mutual-learning session"),
        "meeting": tr.gettext("Partners' meeting"),
        "conference": tr.gettext("Conference"),
    }
    return names.get(kind, names["workshop"])


def kind_heading(tr: Translator, kind: str) -> str:
    """The type with its emoji, as the first line of a card."""
    return f"{KIND_EMOJI.get(kind, KIND_EMOJI['workshop'])} {kind_label(tr, kind)}"


def _ordinal(tr: Translator, n: int) -> str:
    names = {
        1: tr.gettext("first"),
        2: tr.gettext("second"),
        3: tr.gettext("third"),
        4: tr.gettext("fourth"),
        -1: tr.gettext("last"),
    }
    return names.get(n, str(n))


def repeat_text(tr: Translator, stored: str) -> str:
    """A repeat rule in words: ``every week``, ``monthly, on the first Tuesday``, with its end
    and the dates left out (an unusual rule is shown as written)."""
    rule = recurrence.stored(stored)
    parts = dict(p.split("=", 1) for p in rule.rule.split(";") if "=" in p)
    freq, interval = parts.get("FREQ"), int(parts.get("INTERVAL", "1") or 1)
    language = tr.language
    if freq == "DAILY" and interval == 1 and len(parts) <= 2:
        text = tr.gettext("every day")
    elif freq == "WEEKLY" and "BYDAY" not in parts:
        text = (
            tr.gettext("every week")
            if interval == 1
            else tr.ngettext("every %(n)s week", "every %(n)s weeks", interval)
        )
    elif freq == "MONTHLY" and interval == 1 and "BYMONTHDAY" in parts:
        text = tr.gettext("monthly, on day %(day)s", day=parts["BYMONTHDAY"])
    elif (
        freq == "MONTHLY"
        and interval == 1
        and parts.get("BYDAY", "")[-2:] in _WEEKDAY_CODES
        and parts["BYDAY"][:-2].lstrip("-").isdigit()
    ):
        weekday = _WEEKDAY_CODES.index(parts["BYDAY"][-2:])
        text = tr.gettext(
            "monthly, on the %(ordinal)s %(weekday)s",
            ordinal=_ordinal(tr, int(parts["BYDAY"][:-2])),
            weekday=dates.weekday_name(weekday, language, capital=False),
        )
    else:
        text = esc(rule.rule)
    if "COUNT" in parts and parts["COUNT"].isdigit():
        text += ", " + tr.ngettext("%(n)s time", "%(n)s times", int(parts["COUNT"]))
    elif "UNTIL" in parts:
        try:
            until = datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()  # noqa: DTZ007
            text += ", " + tr.gettext("until %(day)s", day=dates.day(until, language))
        except ValueError:
            pass
    if rule.exceptions:
        text += ", " + tr.gettext(
            "except %(days)s", days=", ".join(dates.day_month(d, language) for d in rule.exceptions)
        )
    return text
