"""Screens of organisations: the name's matches, joining, /organisation, invites, notices."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.buttons.organisations import (
    ConfirmPerson,
    DecideOrganisation,
    EditOrganisation,
    JoinOrganisation,
    ListInvites,
    NewInvite,
    NewOrganisation,
    OrganisationMenu,
    RevokeInvite,
)
from bot.core import countries, dates
from bot.core.i18n import Translator
from bot.core.orgtypes import ORG_TYPES
from bot.core.render import esc
from bot.organisations.rules import invite_link
from bot.organisations.types import Choice, InviteInfo, Membership, OrgInfo, Placed, Rendered
from bot.views.common import Screen, button, keyboard


def status_label(tr: Translator, status: str) -> str:
    """An organisation's status in words."""
    labels = {
        "pending": tr.gettext("waiting for a coordinator's approval"),
        "approved": tr.gettext("approved"),
        "rejected": tr.gettext("not approved"),
    }
    return labels.get(status, status)


def error_text(tr: Translator, code: str) -> str:
    """Why an organisation request cannot be done."""
    messages = {
        "not_member": tr.gettext("First let's get you set up: send /start."),
        "no_organisation": tr.gettext(
            "You have not named your organisation yet: send /profile and add its name."
        ),
        "not_confirmed": tr.gettext(
            "Your organisation's people have not confirmed you yet. I will tell you when they do."
        ),
        "pending": tr.gettext(
            "Your organisation waits for a coordinator's approval. "
            "I will tell you as soon as it is decided."
        ),
        "rejected": tr.gettext(
            "Your organisation was not approved. Please write to the coordinators if you think "
            "this is a mistake."
        ),
        "needs_invite": tr.gettext(
            "New organisations join by invitation: ask a partner organisation for its invite "
            "link or QR code."
        ),
        "not_allowed": tr.gettext("Only the organisation's confirmed people can do this."),
        "decided": tr.gettext("Someone already answered this."),
        "unknown": tr.gettext("I no longer know this organisation."),
        "invalid": tr.gettext("That value does not fit. Please try again."),
    }
    return messages.get(code, tr.gettext("That cannot be done now."))


def _country(tr: Translator, code: str | None) -> str:
    return countries.name(code, tr.language) if code else "—"


def choice(tr: Translator, found: Choice, *, contact: str) -> Screen:
    """The typed name matches known organisations: join one, or a different one."""
    if not found.matches:
        return Screen(
            error_text(tr, "needs_invite")
            + "\n"
            + tr.gettext(
                "If your organisation is already a member, send its name as it is registered. "
                "Questions: %(contact)s",
                contact=esc(contact),
            )
        )
    lines = [
        tr.gettext(
            "Is “%(typed)s” one of these organisations already in the alliance?",
            typed=esc(found.typed),
        ),
        *(f"• {esc(m.name)}" for m in found.matches),
        tr.gettext("If you join one, its people are asked to confirm that you belong to it."),
    ]
    text = "\n".join(lines)
    buttons = [
        [button(tr.gettext("Join %(name)s", name=m.name), JoinOrganisation(m.id))]
        for m in found.matches
    ]
    buttons.append([button(tr.gettext("No, a different one"), NewOrganisation())])
    return Screen(text, keyboard(buttons))


def placed(tr: Translator, result: Placed) -> str:
    """What happened to the person's organisation (a line above the next step)."""
    org = result.membership.organisation
    if org is None:
        return ""
    name = esc(org.name)
    if not result.created:
        if result.membership.confirmed:
            return tr.gettext("You are in %(name)s.", name=name)
        if result.asked == "coordinators":
            return tr.gettext(
                "I asked the coordinators to confirm that you belong to %(name)s.", name=name
            )
        return tr.gettext(
            "I asked the people of %(name)s to confirm that you belong to it.", name=name
        )
    if org.status == "pending":
        return tr.gettext(
            "%(name)s is registered and waits for a coordinator's approval; until then the "
            "partner directory and introductions wait too.",
            name=name,
        )
    return tr.gettext("%(name)s is registered.", name=name)


def organisation_screen(tr: Translator, found: Membership) -> Screen:
    """/organisation: the person's organisation, its fields and what they can do."""
    org = found.organisation
    if org is None:
        return Screen(error_text(tr, "no_organisation"))
    none = "—"
    lines = [
        "<b>" + esc(org.name) + "</b>",
        tr.gettext("Status: %(status)s", status=status_label(tr, org.status)),
        tr.gettext("Country: %(country)s", country=esc(_country(tr, org.country))),
        tr.gettext("NUTS region: %(region)s", region=esc(org.nuts_region or none)),
        tr.gettext(
            "Type: %(type)s",
            type=tr.gettext(ORG_TYPES[org.org_type]) if org.org_type in ORG_TYPES else none,
        ),
        tr.gettext(
            "Registration or VAT number: %(number)s", number=esc(org.registration_number or none)
        ),
        tr.gettext("Website: %(website)s", website=esc(org.website or none)),
        tr.ngettext("%(n)s person", "%(n)s people", org.people),
    ]
    if not found.confirmed:
        lines += ["", error_text(tr, "not_confirmed")]
        return Screen("\n".join(lines))
    rows = [
        [
            button(tr.gettext("Name"), EditOrganisation("name")),
            button(tr.gettext("NUTS region"), EditOrganisation("nuts_region")),
        ],
        [
            button(tr.gettext("Registration no."), EditOrganisation("registration_number")),
            button(tr.gettext("Website"), EditOrganisation("website")),
        ],
    ]
    if org.status == "approved":
        rows.append([button("🔗 " + tr.gettext("Invite links"), ListInvites())])
    lines += ["", tr.gettext("Country and type follow your /profile.")]
    return Screen("\n".join(lines), keyboard(rows))


def field_prompt(tr: Translator, field: str) -> Screen:
    """Ask for a new value of one field."""
    prompts = {
        "name": tr.gettext("Send the organisation's name as it is registered."),
        "nuts_region": tr.gettext(
            "Send the NUTS code of the organisation's region (for example RO42 or ES61), "
            "or - to clear it."
        ),
        "registration_number": tr.gettext(
            "Send the registration or VAT number (for example RO12345678), or - to clear it."
        ),
        "website": tr.gettext("Send the website address, or - to clear it."),
    }
    back = keyboard([[button("« " + tr.gettext("Back"), OrganisationMenu())]])
    return Screen(prompts[field], back)


def invites_screen(
    tr: Translator, invites: list[InviteInfo], *, bot_username: str, coordinators: bool
) -> Screen:
    """The invite links with their uses; revoke buttons under the valid ones."""
    title = (
        tr.gettext("<b>The coordinators' invite links</b>")
        if coordinators
        else tr.gettext("<b>Your organisation's invite links</b>")
    )
    lines = [title, tr.gettext("Whoever opens a link can register a new organisation.")]
    rows = [[button("➕ " + tr.gettext("New invite link with QR code"), NewInvite())]]
    for invite in invites[:10]:
        uses = tr.ngettext("used %(n)s time", "used %(n)s times", invite.uses)
        if invite.valid:
            lines.append(f"• {esc(invite_link(bot_username, invite.code))} ({uses})")
            rows.append(
                [
                    button(
                        tr.gettext("Revoke %(code)s", code=invite.code[:6]), RevokeInvite(invite.id)
                    )
                ]
            )
        else:
            revoked = tr.gettext("revoked")
            lines.append(f"• <s>{esc(invite.code)}</s> ({uses}, {revoked})")
    if not coordinators:
        rows.append([button("« " + tr.gettext("Back"), OrganisationMenu())])
    return Screen("\n".join(lines), keyboard(rows))


def invite_caption(tr: Translator, invite: InviteInfo, *, bot_username: str) -> str:
    """The caption of an invite's QR code."""
    who = (
        esc(invite.organisation_name)
        if invite.organisation_name
        else tr.gettext("the coordinators")
    )
    return tr.gettext(
        "Scan to join the INEXA Alliance, invited by %(who)s:\n%(link)s",
        who=who,
        link=esc(invite_link(bot_username, invite.code)),
    )


def needs_invite(tr: Translator, *, contact: str) -> Screen:
    """A newcomer without a valid invite, in ``invite`` mode."""
    return Screen(
        tr.gettext(
            "The INEXA Alliance is open to organisations invited by a partner. Ask a partner "
            "organisation (or the coordinators: %(contact)s) for an invite link or QR code, "
            "then open it.",
            contact=esc(contact),
        )
    )


class ScreenOrgNotices:
    """Implements :class:`bot.organisations.types.OrgNotices`."""

    def join_request(
        self, tr: Translator, org: OrgInfo, *, member_id: int, typed: str, coordinator: bool
    ) -> Rendered:
        """Ask to confirm a newcomer."""
        text = (
            tr.gettext(
                "Someone says they work at %(name)s (they wrote “%(typed)s”), which has no one "
                "who can confirm them. Do they belong to it?",
                name=esc(org.name),
                typed=esc(typed),
            )
            if coordinator
            else tr.gettext(
                "Someone says they work at %(name)s too (they wrote “%(typed)s”). "
                "Do they belong to your organisation?",
                name=esc(org.name),
                typed=esc(typed),
            )
        )
        markup = keyboard(
            [
                [
                    button("✅ " + tr.gettext("Yes, confirm"), ConfirmPerson(member_id, True)),
                    button("✖️ " + tr.gettext("No, not ours"), ConfirmPerson(member_id, False)),
                ]
            ]
        )
        return Rendered(text, markup.to_dict())

    def join_answer(self, tr: Translator, org: OrgInfo, *, accepted: bool) -> Rendered:
        """Tell the newcomer."""
        if accepted:
            return Rendered(
                tr.gettext("✅ You are confirmed as one of %(name)s's people.", name=esc(org.name))
            )
        return Rendered(
            tr.gettext(
                "%(name)s did not confirm you. Send /profile to name your organisation again.",
                name=esc(org.name),
            )
        )

    def approval_request(self, tr: Translator, org: OrgInfo, *, pending: int) -> Rendered:
        """Ask a coordinator to decide."""
        lines = [
            tr.gettext("🆕 A new organisation asks to join: <b>%(name)s</b>", name=esc(org.name)),
            tr.ngettext(
                "%(n)s organisation waits for approval (/members).",
                "%(n)s organisations wait for approval (/members).",
                pending,
            ),
        ]
        return Rendered("\n".join(lines), decision_keyboard(tr, org.id).to_dict())

    def decision(self, tr: Translator, org: OrgInfo, *, approved: bool) -> Rendered:
        """Tell the organisation's people."""
        if approved:
            return Rendered(
                tr.gettext(
                    "✅ %(name)s is approved: the partner directory (/partners) is open to you.",
                    name=esc(org.name),
                )
            )
        return Rendered(error_text(tr, "rejected"))


def decision_keyboard(tr: Translator, organisation_id: int) -> InlineKeyboardMarkup:
    """Approve / Reject buttons for a pending organisation."""
    return keyboard(
        [
            [
                button("✅ " + tr.gettext("Approve"), DecideOrganisation(organisation_id, True)),
                button("✖️ " + tr.gettext("Reject"), DecideOrganisation(organisation_id, False)),
            ]
        ]
    )


def decided(tr: Translator, org: OrgInfo) -> Screen:
    """What a coordinator's press did."""
    return Screen(
        tr.gettext(
            "%(name)s: %(status)s (%(when)s).",
            name=esc(org.name),
            status=status_label(tr, org.status),
            when=dates.day((org.decided_at or org.created_at).date(), tr.language),
        )
    )


NOTICES = ScreenOrgNotices()
