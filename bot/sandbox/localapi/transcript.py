"""A readable rendering of what happened in the chats (used by the demo and in test failures)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from bot.sandbox.localapi.state import TranscriptEntry

_ARROWS = {
    "user": "",
    "bot": "",
    "edit": "(edited) ",
    "press": "presses ",
    "answer": "(popup) ",
    "document": "",
    "event": "",
}


def _superseded(entries: list[TranscriptEntry], index: int) -> bool:
    """An edit that the next edit of the same message replaces, with only presses between."""
    entry = entries[index]
    if entry.kind != "edit" or entry.message_id is None:
        return False
    heading = entry.text.split("\n", 1)[0]
    for later in entries[index + 1 :]:
        if later.kind in {"press", "answer"}:
            continue
        # Same message, same screen (first line): a toggle redrawn, not a new step.
        return (
            later.kind == "edit"
            and later.message_id == entry.message_id
            and later.text.split("\n", 1)[0] == heading
        )
    return False


def render(
    entries: Iterable[TranscriptEntry],
    *,
    width: int = 78,
    chat_id: int | None = None,
    compact: bool = False,
) -> str:
    """Entries as a chat log: who said what, buttons under bot messages.

    ``compact`` shows only the final state of a message edited by a run of button presses
    (the presses stay visible), which keeps a long toggle sequence readable.
    """
    lines: list[str] = []
    selected = [e for e in entries if chat_id is None or e.chat_id == chat_id]
    for index, entry in enumerate(selected):
        if compact and _superseded(selected, index):
            continue
        prefix = f"{entry.who}: {_ARROWS.get(entry.kind, '')}"
        if entry.kind == "press":
            lines.append(f"{entry.who} presses [{entry.text}]")
            continue
        if entry.kind == "markup":
            lines.append(f"{entry.who}: (buttons {'changed' if entry.buttons else 'removed'})")
            lines.extend("    " + " ".join(f"[ {b} ]" for b in row) for row in entry.buttons)
            lines.append("")
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
