"""job ticks claimed once per cluster

Several ``serve``/``worker`` instances on one PostgreSQL database each schedule every job;
the instance that inserts ``(name, tick)`` first runs that tick, so a digest run, a fetch or
a purge happens once per tick in the whole cluster.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 01:12:06.754981
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_ticks",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("tick", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("instance", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("name", "tick", name=op.f("pk_job_ticks")),
    )


def downgrade() -> None:
    op.drop_table("job_ticks")
