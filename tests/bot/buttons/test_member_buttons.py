"""Members' buttons keep the legacy data: buttons already in chats decode to the same press."""

from __future__ import annotations

import pytest

from bot.buttons.digest import Follow
from bot.buttons.onboarding import (
    ConsentNo,
    ConsentYes,
    Country,
    CountryPage,
    CountrySearch,
    CountryZone,
    InterestsDone,
    Keywords,
    KeywordsClear,
    KeywordsDone,
    Language,
    OrgName,
    OrgNameSkip,
    OrgType,
    Programme,
    SelectAll,
    SelectNone,
    Topic,
)
from bot.buttons.settings import (
    AlsoThisWeek,
    EmptyDigest,
    Hour,
    OpenPage,
    Page,
    Pause,
    Quiet,
    TimeZone,
    Weekday,
)
from bot.callbacks import Button, Invalid, decode

#: Data the legacy ``encode(Action.X, ...)`` wrote, and the typed press it means now.
LEGACY: list[tuple[str, Button]] = [
    ("1cy", ConsentYes()),
    ("1cn", ConsentNo()),
    ("1l:ro", Language("ro")),
    ("1c:RO", Country("RO")),
    ("1c:-", Country(None)),
    ("1cp:3", CountryPage(3)),
    ("1cs", CountrySearch()),
    ("1cz:ES:1", CountryZone("ES", 1)),
    ("1cz:PT:-", CountryZone("PT", None)),
    ("1o:ngo", OrgType("ngo")),
    ("1o:-", OrgType(None)),
    ("1on", OrgName()),
    ("1os", OrgNameSkip()),
    ("1t:vet:1", Topic("vet", True)),
    ("1t:vet:0", Topic("vet", False)),
    ("1p:esf-plus:1", Programme("esf-plus", True)),
    ("1ta:t", SelectAll("t")),
    ("1tn:p", SelectNone("p")),
    ("1td:t", InterestsDone("t")),
    ("1k:i", Keywords("i")),
    ("1kc:e", KeywordsClear("e")),
    ("1kd", KeywordsDone()),
    ("1s:main", OpenPage(Page.MAIN)),
    ("1s:orgtype", OpenPage(Page.ORG_TYPE)),
    ("1w:4", Weekday(4)),
    ("1h:17", Hour(17)),
    ("1z:4", TimeZone(4)),
    ("1q:2207", Quiet("2207")),
    ("1pa:1", Pause(True)),
    ("1e:0", EmptyDigest(False)),
    ("1aw:1", AlsoThisWeek(True)),
    ("1f:12:1", Follow(12, True)),
    ("1f:12:0:l", Follow(12, False, "l")),
]


@pytest.mark.parametrize(("data", "press"), LEGACY)
def test_legacy_data_decodes_to_the_same_press(data: str, press: Button) -> None:
    assert decode(data) == press


@pytest.mark.parametrize(("data", "press"), LEGACY)
def test_new_buttons_write_the_legacy_data(data: str, press: Button) -> None:
    assert press.data == data


def test_a_digest_follow_button_marks_no_list() -> None:
    assert Follow(12, True).data == "1f:12:1"  # the optional list marker is left out
    assert isinstance(decode("1f:12:1:-"), Invalid)  # only the one canonical data decodes


@pytest.mark.parametrize(
    "data",
    [
        "1cn:x",  # "No thanks" erases the chat: nothing may be added to it
        "1s:nowhere",
        "1t:vet:yes",
        "1ta:x",
        "1k:both",
        "1f:12:1:x",
        "1w:monday",
        "1cz:ES",
    ],
)
def test_malformed_member_presses_are_invalid(data: str) -> None:
    assert isinstance(decode(data), Invalid)
