"""shared sending budget

Several instances on one PostgreSQL database drain the outbox together; the global rate and
the per-chat intervals hold across them through these two tables (see bot/delivery/budget.py).
SQLite runs one process and never writes them.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30 03:05:07.058612
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "send_budget",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("slow_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_send_budget")),
    )
    op.create_table(
        "send_chat_slots",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_send_chat_slots")),
    )


def downgrade() -> None:
    op.drop_table("send_chat_slots")
    op.drop_table("send_budget")
