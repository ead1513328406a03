"""A local Telegram Bot API server for tests and the offline demo.

Telegram cannot be reached from CI, and users want to try the bot before they have a
token. This server speaks the Bot API over real HTTP (and in-process through an ASGI
transport): the same paths, JSON shapes, exact error descriptions and flood limits, with
controls to play members. python-telegram-bot reaches it through ``base_url`` exactly as it
would reach a self-hosted Bot API server.
"""

from bot.sandbox.localapi.controls import ControlError, Simulator
from bot.sandbox.localapi.flood import FloodControl, FloodLimits
from bot.sandbox.localapi.server import LocalBotApi
from bot.sandbox.localapi.state import StoredMessage, TranscriptEntry, World
from bot.sandbox.localapi.transcript import render

__all__ = [
    "ControlError",
    "FloodControl",
    "FloodLimits",
    "LocalBotApi",
    "Simulator",
    "StoredMessage",
    "TranscriptEntry",
    "World",
    "render",
]
