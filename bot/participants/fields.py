"""The registration fields a workshop's form may ask, and the answers each allows.

The ESF+ characteristics follow Regulation (EU) 2021/1057, Annex I (common output indicators
for participants): gender, age (below 30 / 55 and above), labour-market status, education
(ISCED 0-2 / 3-4 / 5-8) and the sensitive characteristics reported in aggregate only.
Answers are short codes stored in ``participant_profiles``; labels are translated at display.
"""

from __future__ import annotations

from enum import StrEnum

from bot.core.i18n import N_


class Field(StrEnum):
    """A question a registration form can ask (the column of ``participant_profiles``)."""

    JOB_TITLE = "job_title"
    ORG_ROLE = "org_role"
    GENDER = "gender"
    AGE_BAND = "age_band"
    EMPLOYMENT_STATUS = "employment_status"
    EDUCATION_LEVEL = "education_level"
    DISABILITY = "disability"
    THIRD_COUNTRY_NATIONAL = "third_country_national"
    FOREIGN_BACKGROUND = "foreign_background"
    MINORITY = "minority"
    HOMELESS = "homeless"
    RURAL_AREA = "rural_area"


#: Every answer may be declined; the person is then counted as "not stated".
PREFER_NOT = "prefer_not"

#: Free-text fields (a short line typed by the person).
FREE_TEXT: frozenset[Field] = frozenset({Field.JOB_TITLE, Field.ORG_ROLE})

#: GDPR Art. 9 special categories (or close to them): asked only after explicit consent,
#: reported only in aggregate with small counts suppressed.
SENSITIVE: frozenset[Field] = frozenset(
    {
        Field.DISABILITY,
        Field.THIRD_COUNTRY_NATIONAL,
        Field.FOREIGN_BACKGROUND,
        Field.MINORITY,
        Field.HOMELESS,
        Field.RURAL_AREA,
    }
)

#: The ESF+ participant fields, in the order a form asks them.
ESF_FIELDS: tuple[Field, ...] = (
    Field.GENDER,
    Field.AGE_BAND,
    Field.EMPLOYMENT_STATUS,
    Field.EDUCATION_LEVEL,
    Field.DISABILITY,
    Field.THIRD_COUNTRY_NATIONAL,
    Field.FOREIGN_BACKGROUND,
    Field.MINORITY,
    Field.HOMELESS,
    Field.RURAL_AREA,
)

_YES_NO: dict[str, str] = {"yes": N_("Yes"), "no": N_("No")}

#: The answers of each button field, code -> English label (translated at display),
#: in the order the buttons show them; ``PREFER_NOT`` is added to every one.
CHOICES: dict[Field, dict[str, str]] = {
    Field.GENDER: {"female": N_("Woman"), "male": N_("Man"), "non_binary": N_("Non-binary")},
    Field.AGE_BAND: {
        "under_18": N_("Under 18"),
        "18_29": N_("18–29"),
        "30_54": N_("30–54"),
        "55_plus": N_("55 or over"),
    },
    Field.EMPLOYMENT_STATUS: {
        "employed": N_("Employed"),
        "self_employed": N_("Self-employed"),
        "unemployed": N_("Unemployed (under 12 months)"),
        "long_term_unemployed": N_("Unemployed for 12 months or more"),
        "inactive": N_("Not working and not looking for work (e.g. studying, caring)"),
    },
    Field.EDUCATION_LEVEL: {
        "isced_0_2": N_("Up to lower secondary (ISCED 0–2)"),
        "isced_3_4": N_("Upper secondary or post-secondary (ISCED 3–4)"),
        "isced_5_8": N_("Tertiary: university or equivalent (ISCED 5–8)"),
    },
    Field.DISABILITY: _YES_NO,
    Field.THIRD_COUNTRY_NATIONAL: _YES_NO,
    Field.FOREIGN_BACKGROUND: _YES_NO,
    Field.MINORITY: _YES_NO,
    Field.HOMELESS: _YES_NO,
    Field.RURAL_AREA: _YES_NO,
}


def allowed(field: Field, answer: str) -> bool:
    """Whether ``answer`` is a valid stored code for a button field."""
    return answer == PREFER_NOT or answer in CHOICES.get(field, {})
