"""Fill translations into the catalogs from a Python dict file: a translator's convenience.

    python scripts/translate.py ro translations_ro.py

The dict file defines ``T = {"English msgid": "translation", ...}``; for plurals the value is
a list of forms. Entries are matched by msgid; the fuzzy flag is cleared on the ones filled.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def main(language: str, source: str) -> None:
    """Merge the translations of ``source`` into the ``language`` catalog."""
    po_path = (
        Path(__file__).resolve().parents[1] / f"bot/locales/{language}/LC_MESSAGES/messages.po"
    )
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    table = runpy.run_path(source)["T"]
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in table:
            value = table[key]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
        elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            missing.append(key)
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, no_location=True, sort_output=True)
    for key in missing:
        print(f"untranslated: {key!r}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
