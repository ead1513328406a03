"""one conversation state per chat

What the bot waits for moves from three places (``members.awaiting``, a workshop draft's
``draft_step``, a broadcast draft's ``draft_step``) into one ``conversations`` row per chat.
Existing waiting states are carried over in the order the old text routing read them: a
workshop draft at a text step, then a broadcast draft at its text or link, then the member's
``awaiting``; a chat whose drafts wait for buttons only keeps its newest draft as its state.
Going down, member-level states return to ``members.awaiting`` (drafts kept their steps).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 23:29:49.998891
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The old ``members.awaiting`` values and their conversation kind and reference.
_MEMBER_STATES = {
    "org_name": ("org_name", None),
    "country_search": ("country_search", None),
    "include": ("keywords", "include"),
    "exclude": ("keywords", "exclude"),
    "dir_description": ("directory", "description"),
}
_WORKSHOP_TEXT_STEPS = frozenset(
    {"title", "description", "start", "end", "place", "capacity", "rsvp_close", "related"}
)
_BROADCAST_TEXT_STEPS = frozenset({"text", "link"})

_members = sa.table(
    "members", sa.column("chat_id", sa.BigInteger), sa.column("awaiting", sa.String)
)
_workshops = sa.table(
    "workshops",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("created_by", sa.BigInteger),
    sa.column("edits_id", sa.Integer),
    sa.column("draft_step", sa.String),
    sa.column("updated_at", sa.DateTime),
)
_broadcasts = sa.table(
    "broadcasts",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("created_by", sa.BigInteger),
    sa.column("draft_step", sa.String),
)
_conversations = sa.table(
    "conversations",
    sa.column("chat_id", sa.BigInteger),
    sa.column("kind", sa.String),
    sa.column("ref", sa.String),
)


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("ref", sa.String(length=48), nullable=True),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_conversations")),
    )
    _carry_states_over(op.get_bind())
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("awaiting")


def _carry_states_over(bind: sa.Connection) -> None:
    # Candidates per chat, best first: (rank, kind, ref).
    found: dict[int, list[tuple[int, str, str | None]]] = {}
    workshops = bind.execute(
        sa.select(
            _workshops.c.id, _workshops.c.created_by, _workshops.c.edits_id, _workshops.c.draft_step
        )
        .where(_workshops.c.status == "draft", _workshops.c.draft_step.is_not(None))
        .order_by(_workshops.c.updated_at.desc(), _workshops.c.id.desc())
    ).all()
    newest: set[int] = set()
    for draft_id, user, edits_id, step in workshops:
        if user in newest:
            continue  # the old routing read only the user's newest draft
        newest.add(user)
        kind = "workshop_draft" if edits_id is None else "workshop_edit"
        rank = 0 if str(step).rstrip("!") in _WORKSHOP_TEXT_STEPS else 3
        found.setdefault(user, []).append((rank, kind, f"{draft_id}:{step}"))
    broadcasts = bind.execute(
        sa.select(_broadcasts.c.id, _broadcasts.c.created_by, _broadcasts.c.draft_step)
        .where(_broadcasts.c.status == "draft", _broadcasts.c.draft_step.is_not(None))
        .order_by(_broadcasts.c.id.desc())
    ).all()
    newest = set()
    for draft_id, user, step in broadcasts:
        if user in newest:
            continue
        newest.add(user)
        rank = 1 if step in _BROADCAST_TEXT_STEPS else 4
        found.setdefault(user, []).append((rank, "broadcast", f"{draft_id}:{step}"))
    members = bind.execute(
        sa.select(_members.c.chat_id, _members.c.awaiting).where(_members.c.awaiting.is_not(None))
    ).all()
    for chat_id, awaiting in members:
        if awaiting in _MEMBER_STATES:
            kind, ref = _MEMBER_STATES[awaiting]
            found.setdefault(chat_id, []).append((2, kind, ref))
    rows = []
    for chat_id, candidates in found.items():
        _rank, kind, ref = min(candidates, key=lambda c: c[0])
        rows.append({"chat_id": chat_id, "kind": kind, "ref": ref})
    if rows:
        bind.execute(_conversations.insert(), rows)


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("awaiting", sa.VARCHAR(length=24), nullable=True))
    bind = op.get_bind()
    legacy = {state: name for name, state in _MEMBER_STATES.items()}
    for chat_id, kind, ref in bind.execute(
        sa.select(_conversations.c.chat_id, _conversations.c.kind, _conversations.c.ref)
    ).all():
        name = legacy.get((kind, ref))
        if name is not None:
            bind.execute(
                _members.update().where(_members.c.chat_id == chat_id).values(awaiting=name)
            )
    op.drop_table("conversations")
