"""outbox media and retry horizon

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 21:58:40.452462
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("media_type", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("media_name", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("media", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("retry_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_outbox_media"), "media_type IS NULL OR media_type IN ('photo', 'document')"
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outbox_media"), type_="check")
        batch_op.drop_column("retry_since")
        batch_op.drop_column("media")
        batch_op.drop_column("media_name")
        batch_op.drop_column("media_type")
