"""The project pipeline's tables: projects, their consortium members, partner requests and
the answers to them (issue 17).

A project row itself names nobody: who plans to apply is a ``project_members`` row (the
``lead`` is the member who planned it). Erasing a member deletes their rows here, which takes
their organisation out of every consortium; the project keeps only anonymous tallies
(``organisations``, ``countries``, ``introduced``, ``requests_answered``) for the indicators.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class Project(Base):
    """An application to one call, from idea to result.

    ``stage``: idea -> partners -> writing -> submitted -> funded | rejected | withdrawn.
    """

    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint(
            "stage IN ('idea', 'partners', 'writing', 'submitted', 'funded', 'rejected', "
            "'withdrawn')",
            name="stage",
        ),
        Index("ix_projects_stage", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(12), default="idea")
    #: Funding granted (in the call's currency), when the result is "funded" and was given.
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    created_at: Mapped[datetime]
    #: When the stage last changed ("stuck" is judged from it).
    stage_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    #: The call's deadline as last seen before submission (reminders and the outcome question).
    deadline_at: Mapped[datetime | None]
    #: The "still writing?" reminder before the deadline was queued.
    writing_reminded_at: Mapped[datetime | None]
    #: The "what came of it?" question after the result date was queued.
    outcome_asked_at: Mapped[datetime | None]
    #: Anonymous tallies that outlive erasure: organisations that ever joined (the lead
    #: included), their countries, joins that followed an accepted introduction, and
    #: interested answers to the project's partner requests.
    organisations: Mapped[int] = mapped_column(default=1, server_default="1")
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    introduced: Mapped[int] = mapped_column(default=0, server_default="0")
    requests_answered: Mapped[int] = mapped_column(default=0, server_default="0")


class ProjectMember(Base):
    """An organisation (for now: a member's chat) in a project's consortium, with its role."""

    __tablename__ = "project_members"
    __table_args__ = (
        CheckConstraint("role IN ('coordinator', 'partner')", name="role"),
        UniqueConstraint("member_id", "opportunity_id"),
    )

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    #: The project's call again, so a member is in at most one project per call.
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(12))
    #: The member who planned the application: moves its stages, posts partner requests.
    lead: Mapped[bool] = mapped_column(default=False)
    #: The member chose to show this plan to other members (coordinators always see it).
    visible: Mapped[bool] = mapped_column(default=False)
    joined_at: Mapped[datetime]


class PartnerRequest(Base):
    """A lead's search for partners for a project: draft -> open -> closed."""

    __tablename__ = "partner_requests"
    __table_args__ = (CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(8), default="draft")
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    org_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    expertise: Mapped[str] = mapped_column(String(500), default="")
    closes_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class PartnerAnswer(Base):
    """A partner request sent to one member (once), and what they and the requester said.

    ``status``: sent -> interested | declined; interested -> accepted | refused.
    """

    __tablename__ = "partner_answers"
    __table_args__ = (
        CheckConstraint(
            "status IN ('sent', 'interested', 'declined', 'accepted', 'refused')", name="status"
        ),
    )

    request_id: Mapped[int] = mapped_column(
        ForeignKey("partner_requests.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    status: Mapped[str] = mapped_column(String(12), default="sent")
    sent_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
