"""Buttons of session proposals: proposing, upvoting, turning one into a workshop draft."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import Button, button
from bot.proposals.types import ProposalKind


@button("up")
@dataclass(frozen=True, slots=True)
class ProposeKind(Button):
    """Start a proposal: the member can present the topic, or wants to learn about it."""

    kind: ProposalKind


@button("uk")
@dataclass(frozen=True, slots=True)
class ProposalNoDetails(Button):
    """List the proposal without details."""

    proposal_id: int


@button("uu")
@dataclass(frozen=True, slots=True)
class ProposalVote(Button):
    """Upvote a proposal (``on``) or take the vote back."""

    proposal_id: int
    on: bool


@button("uy")
@dataclass(frozen=True, slots=True)
class ProposalToDraft(Button):
    """Turn a proposal into a workshop draft (coordinators)."""

    proposal_id: int
