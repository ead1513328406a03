"""A readable rendering of what happened in the chats (used by the demo and in test failures)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from bot.localapi.state import TranscriptEntry

_ARROWS = {
    "user": "",
    "bot": "",
    "edit": "(edited) ",
    "press": "presses ",
    "answer": "(popup) ",
    "document": "",
    "event": "",
}


def render(
    entries: Iterable[TranscriptEntry], *, width: int = 78, chat_id: int | None = None
) -> str:
    """Entries as a chat log: who said what, buttons under bot messages."""
    lines: list[str] = []
    for entry in entries:
        if chat_id is not None and entry.chat_id != chat_id:
            continue
        prefix = f"{entry.who}: {_ARROWS.get(entry.kind, '')}"
        if entry.kind == "press":
            lines.append(f"{entry.who} presses [{entry.text}]")
            continue
        if entry.kind == "event":
            lines.append(f"* {entry.who} {entry.text}")
            continue
        body = entry.text.splitlines() or [""]
        first = True
        for paragraph in body:
            wrapped = textwrap.wrap(paragraph, width - 4) or [""]
            for line in wrapped:
                lines.append((prefix if first else "    ") + line)
                first = False
        for row in entry.buttons:
            lines.append("    " + " ".join(f"[ {label} ]" for label in row))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
