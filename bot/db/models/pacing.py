"""The sending budget shared by every instance on PostgreSQL (see ``bot.delivery.budget``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class SendBudget(Base):
    """The cluster's next free sending slot: one row (id 1), advanced by every message sent.

    ``next_at`` and ``slow_until`` are on the database's clock, so instances on hosts whose
    clocks differ still space their messages by the same interval.
    """

    __tablename__ = "send_budget"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    #: The earliest moment the next message may go (any chat).
    next_at: Mapped[datetime]
    #: Until then the interval is doubled (a 429 came back: everyone slows down).
    slow_until: Mapped[datetime]


class SendChatSlot(Base):
    """When the next message to one chat may go; rows whose moment has passed are deleted.

    Only the instance holding a chat's oldest unfinished outbox row sends to that chat, so a
    row is written by one instance at a time. Not member data: a chat id and a moment a few
    seconds ahead, pruned as soon as it has passed.
    """

    __tablename__ = "send_chat_slots"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    next_at: Mapped[datetime]
