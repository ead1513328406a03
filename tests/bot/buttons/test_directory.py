"""The directory's typed buttons read the data of the former ``Action.DIR_*`` buttons (same
prefixes, same field order and encoding), so buttons already in members' chats keep working."""

from __future__ import annotations

import pytest

from bot.buttons.directory import (
    AnswerIntroduction,
    EditEntry,
    PartnersForCall,
    PublishEntry,
    RequestIntroduction,
    SearchPartners,
    ToggleLanguage,
    ToggleRole,
    ToggleTopic,
)
from bot.callbacks import Button, Invalid, decode

LEGACY = [
    ("1de:description", EditEntry("description")),
    ("1de:cleardesc", EditEntry("cleardesc")),
    ("1de:-", EditEntry("-")),
    ("1dr:coordinator:1", ToggleRole("coordinator", True)),
    ("1dl:fr:0", ToggleLanguage("fr", False)),
    ("1dt:social-inclusion:1", ToggleTopic("social-inclusion", True)),
    ("1dp:1", PublishEntry(True)),
    ("1dp:0", PublishEntry(False)),
    ("1ds", SearchPartners()),  # the filter screen
    ("1ds:t:green:0", SearchPartners("t", "green", 0)),
    ("1ds:-:-:2", SearchPartners("-", "-", 2)),
    ("1di:12", RequestIntroduction(12)),
    ("1di:12:42", RequestIntroduction(12, 42)),
    ("1da:7:1", AnswerIntroduction(7, True)),
    ("1dc:42", PartnersForCall(42)),  # the digest's 🤝: a new message
    ("1dc:42:1", PartnersForCall(42, 1)),
]


@pytest.mark.parametrize(("data", "press"), LEGACY)
def test_former_data_decodes_to_the_same_press(data: str, press: Button) -> None:
    assert decode(data) == press


@pytest.mark.parametrize(
    ("press", "data"),
    [
        (EditEntry("roles"), "1de:roles"),
        (ToggleTopic("green", False), "1dt:green:0"),
        (PublishEntry(False), "1dp:0"),
        (SearchPartners("c", "RO", 0), "1ds:c:RO:0"),
        (AnswerIntroduction(7, False), "1da:7:0"),
        (RequestIntroduction(12, 42), "1di:12:42"),
        (PartnersForCall(42, 0), "1dc:42:0"),
        # Optional fields left empty are left out, as the former data did.
        (SearchPartners(), "1ds"),
        (RequestIntroduction(12), "1di:12"),
        (PartnersForCall(42), "1dc:42"),
    ],
)
def test_buttons_write_the_former_encoding(press: Button, data: str) -> None:
    assert press.data == data
    assert decode(data) == press


@pytest.mark.parametrize(
    "data",
    [
        "1dp",  # publish or remove: exactly one switch, never a default
        "1dp:1:x",
        "1dp:2",
        "1de:title",  # not a part of the entry
        "1dr:chief:1",  # not a role
        "1ds:x:green:0",  # not a filter
        "1ds:t:green:first",
        "1di:twelve",
        "1da:7",
        "1da:7:yes",
        "1dc:42:1:2",
    ],
)
def test_malformed_data_never_decodes(data: str) -> None:
    assert isinstance(decode(data), Invalid)
