"""Workshop answers indexed for the reports: who answered and who attended, per workshop,
read from the index alone.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 04:05:54
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workshop_rsvps", schema=None) as batch_op:
        batch_op.create_index(
            "ix_workshop_rsvps_workshop_attendance",
            ["workshop_id", "status", "attended", "member_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("workshop_rsvps", schema=None) as batch_op:
        batch_op.drop_index("ix_workshop_rsvps_workshop_attendance")
