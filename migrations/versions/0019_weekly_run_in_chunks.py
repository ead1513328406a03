"""weekly run in chunks

A weekly digest run commits its members a chunk at a time: ``delivery_runs.queueing`` marks
a run whose messages are still being queued, so its report waits for the last chunk and a
run that stopped half-way is resumed under the same id. Two indexes let /stats count a
month of 100,000 members' messages and digest items without reading the rows.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30 03:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("delivery_runs") as batch:
        batch.add_column(
            sa.Column("queueing", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_index(
        "ix_outbox_sent", "outbox", ["status", "sent_at", "kind", "member_id", "run_id"]
    )
    op.create_index("ix_digest_items_uid_sent_at", "digest_items", ["opportunity_uid", "sent_at"])


def downgrade() -> None:
    op.drop_index("ix_digest_items_uid_sent_at", table_name="digest_items")
    op.drop_index("ix_outbox_sent", table_name="outbox")
    with op.batch_alter_table("delivery_runs") as batch:
        batch.drop_column("queueing")
