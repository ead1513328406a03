"""Membership rules: directory access by mode, invite codes, roster search tokens, field values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.organisations.rules import (
    clean_field,
    invite_code,
    new_invite_code,
    new_status,
    partner_access,
    search_token,
    search_words,
)


@pytest.mark.parametrize(
    ("mode", "status", "confirmed", "refused"),
    [
        ("open", None, False, None),  # as before: no organisation named, directory open
        ("open", "approved", True, None),
        ("open", "approved", False, "not_confirmed"),
        ("approval", None, False, "no_organisation"),
        ("approval", "pending", True, "pending"),
        ("approval", "rejected", True, "rejected"),
        ("approval", "approved", True, None),
        ("approval", "approved", False, "not_confirmed"),
        ("invite", None, False, "no_organisation"),
        ("invite", "approved", True, None),
        ("open", "pending", True, "pending"),  # left over from a time in approval mode
    ],
)
def test_partner_access(
    mode: str, status: str | None, confirmed: bool, refused: str | None
) -> None:
    assert partner_access(mode, status, confirmed) == refused  # type: ignore[arg-type]


def test_new_organisations_wait_only_in_approval_mode() -> None:
    assert [new_status(m) for m in ("open", "approval", "invite")] == [
        "approved",
        "pending",
        "approved",
    ]


def test_invite_codes_round_trip_through_a_start_argument() -> None:
    codes = {new_invite_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        argument = f"inv{code}"
        assert len(argument) <= 64  # Telegram's limit for a deep-link payload
        assert invite_code(argument) == code
    assert invite_code("ws12") is None
    assert invite_code("inv") is None
    assert invite_code("inv<script>") is None


@given(st.text(max_size=80))
def test_search_tokens_fit_a_button(text: str) -> None:
    token = search_token(text)
    if token is not None:
        assert len(token) <= 40
        assert all(c.isascii() and (c.isalnum() or c == "+") for c in token)
        assert search_words(token)


def test_search_tokens_fold_diacritics_and_punctuation() -> None:
    assert search_token("  Fundación  Lucero, S.L. ") == "fundacion+lucero+sl"
    assert search_token("Asociația „Vest”") == "asociatia+vest"
    assert search_token("!!!") is None
    assert search_words("fundacion+lucero") == ["fundacion", "lucero"]


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("website", "https://vest.ro", "https://vest.ro"),
        ("website", "www.fundacionlucero.es/contacto", "www.fundacionlucero.es/contacto"),
        ("website", "not a site", None),
        ("website", "-", ""),
        ("nuts_region", "ro 42", "RO42"),
        ("nuts_region", "ES611", "ES611"),
        ("nuts_region", "Timiș", None),
        ("registration_number", "RO 12345678", "RO 12345678"),
        ("registration_number", "x" * 41, None),
        ("name", "  Asociația   Vest ", "Asociația Vest"),
        ("name", "", None),
    ],
)
def test_field_values(field: str, text: str, value: str | None) -> None:
    assert clean_field(field, text) == value
