"""Follow-up: next steps, surveys, feedback polls, session proposals, broadcasts to attendees

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 03:04:54.789904
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUDIENCES_BEFORE = ("all", "topic", "country", "org_type")
#: A workshop's follow-up writes to those who attended it or registered for it.
AUDIENCES_AFTER = (*AUDIENCES_BEFORE, "attended", "registered")


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def upgrade() -> None:
    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("owner_label", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("draft_step", sa.String(length=12), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('draft', 'open', 'done')", name=op.f("ck_action_items_status")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["members.id"],
            name=op.f("fk_action_items_owner_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_action_items_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_items_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_action_items_status_due_at", ["status", "due_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_action_items_workshop_id"), ["workshop_id"], unique=False
        )

    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_broadcasts_audience"), type_="check")
        batch_op.create_check_constraint("audience", f"audience IN ({_quoted(AUDIENCES_AFTER)})")

    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("audience", sa.String(length=12), nullable=False),
        sa.Column("audience_value", sa.String(length=32), nullable=True),
        sa.Column("workshop_id", sa.Integer(), nullable=True),
        sa.Column("draft_step", sa.String(length=24), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recipients", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("kind IN ('survey', 'feedback')", name=op.f("ck_surveys_kind")),
        sa.CheckConstraint(
            "status IN ('draft', 'open', 'closed', 'discarded')", name=op.f("ck_surveys_status")
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_surveys_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
        sa.UniqueConstraint("workshop_id", name=op.f("uq_surveys_workshop_id")),
    )
    op.create_table(
        "survey_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('single', 'multiple', 'rating', 'text')",
            name=op.f("ck_survey_questions_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_questions_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_questions")),
    )
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_questions_survey_id"), ["survey_id"], unique=False
        )

    op.create_table(
        "survey_answers",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_survey_answers_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_questions.id"],
            name=op.f("fk_survey_answers_question_id_survey_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_answers_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("question_id", "member_id", name=op.f("pk_survey_answers")),
    )
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_answers_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_answers_survey_id"), ["survey_id"], unique=False
        )

    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feedback_hours", sa.Integer(), nullable=True))

    op.create_table(
        "session_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("topic", sa.String(length=120), nullable=False),
        sa.Column("details", sa.String(length=500), nullable=False),
        sa.Column("credit", sa.String(length=160), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('present', 'learn')", name=op.f("ck_session_proposals_kind")),
        sa.CheckConstraint(
            "status IN ('draft', 'open', 'drafted')", name=op.f("ck_session_proposals_status")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_session_proposals_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_session_proposals_workshop_id_workshops"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_proposals")),
    )
    with op.batch_alter_table("session_proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_proposals_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "proposal_votes",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_proposal_votes_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["session_proposals.id"],
            name=op.f("fk_proposal_votes_proposal_id_session_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("proposal_id", "member_id", name=op.f("pk_proposal_votes")),
    )
    with op.batch_alter_table("proposal_votes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_votes_member_id"), ["member_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("proposal_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_votes_member_id"))

    op.drop_table("proposal_votes")
    with op.batch_alter_table("session_proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_proposals_member_id"))

    op.drop_table("session_proposals")

    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_column("feedback_hours")

    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_answers_survey_id"))
        batch_op.drop_index(batch_op.f("ix_survey_answers_member_id"))

    op.drop_table("survey_answers")
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_questions_survey_id"))

    op.drop_table("survey_questions")
    op.drop_table("surveys")

    op.execute(
        sa.text(
            "UPDATE broadcasts SET status = 'discarded', audience = 'all', audience_value = NULL "
            "WHERE audience IN ('attended', 'registered')"
        )
    )
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_broadcasts_audience"), type_="check")
        batch_op.create_check_constraint("audience", f"audience IN ({_quoted(AUDIENCES_BEFORE)})")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_workshop_id"))
        batch_op.drop_index("ix_action_items_status_due_at")
        batch_op.drop_index(batch_op.f("ix_action_items_owner_id"))

    op.drop_table("action_items")
