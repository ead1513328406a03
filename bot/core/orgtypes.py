"""Organisation types members choose from (ids match ``Opportunity.eligible_org_types``)."""

from __future__ import annotations

from bot.core.i18n import N_

ORG_TYPES: dict[str, str] = {
    "ngo": N_("NGO"),
    "public": N_("Public body"),
    "vet_provider": N_("Training / VET provider"),
    "school": N_("School or university"),
    "sme": N_("SME"),
    "social_enterprise": N_("Social enterprise"),
    "other": N_("Other"),
}
