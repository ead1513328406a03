"""``inexa-bot demo``: the local Bot API server, the real bot, a scripted member, a transcript.

Needs no token and no network; runs on a temporary SQLite database and finishes in seconds.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bot.callbacks import Action, encode
from bot.localapi import LocalBotApi, render
from bot.localrun import LocalBot, local_settings

MEMBER_ID = 1000
NAMES = {"en": "Ana", "ro": "Ana", "es": "Lucía"}
ORGS = {
    "en": "Inclusion Works Association",
    "ro": "Asociația Pro Incluziune",
    "es": "Asociación Inclusión Activa",
}
COUNTRIES = {"en": "RO", "ro": "RO", "es": "ES"}


async def run_demo(*, language: str = "en") -> str:
    """Play the member's conversation and return the readable transcript."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="inexa-demo-") as workdir:
        database_url = f"sqlite+aiosqlite:///{Path(workdir) / 'demo.sqlite3'}"
        async with LocalBotApi() as api:
            sim = api.sim
            api.world.add_user(MEMBER_ID, NAMES[language], language_code=language)
            settings = local_settings(api, database_url)
            async with LocalBot(api, settings):
                await sim.send(MEMBER_ID, "/start")
                await sim.settle()
                welcome = sim.last(MEMBER_ID)
                await sim.press(MEMBER_ID, welcome, encode(Action.CONSENT_YES))
                await sim.settle()
                await sim.send(MEMBER_ID, ORGS[language])
                await sim.settle()
                await sim.press(
                    MEMBER_ID, sim.last(MEMBER_ID), encode(Action.COUNTRY, COUNTRIES[language])
                )
                await sim.settle()
                await sim.press(MEMBER_ID, sim.last(MEMBER_ID), encode(Action.ORG_TYPE, "ngo"))
                await sim.settle()
                for topic in ("vet", "social-inclusion", "employment"):
                    await sim.press(MEMBER_ID, sim.last(MEMBER_ID), encode(Action.TOPIC, topic, 1))
                    await sim.settle()
                await sim.press(MEMBER_ID, sim.last(MEMBER_ID), encode(Action.DONE, "t"))
                await sim.settle()
                for programme in ("esf-plus", "erasmus-plus"):
                    await sim.press(
                        MEMBER_ID, sim.last(MEMBER_ID), encode(Action.PROGRAMME, programme, 1)
                    )
                    await sim.settle()
                await sim.press(MEMBER_ID, sim.last(MEMBER_ID), encode(Action.DONE, "p"))
                await sim.settle()
                await sim.press(MEMBER_ID, sim.last(MEMBER_ID), encode(Action.KEYWORDS_DONE))
                await sim.settle()
                await sim.send(MEMBER_ID, "/help")
                await sim.settle()
            transcript = render(api.world.transcript, compact=True)
    elapsed = time.monotonic() - started
    header = (
        "INEXA Alliance bot: offline demo\n"
        "A local Bot API server plays Telegram; the real bot runs against it on a temporary\n"
        f"database. Member: {NAMES[language]} ({language}).\n" + "=" * 78 + "\n"
    )
    footer = "=" * 78 + f"\nDemo finished in {elapsed:.1f} s. Run it for real: see README.md.\n"
    return header + transcript + footer
