"""Buttons of /report: the period."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import Button, button
from bot.reports.periods import Preset


@button("nr")
@dataclass(frozen=True, slots=True)
class ReportPeriod(Button):
    """Make the report for a preset period, or ask for two dates (``custom``)."""

    period: Preset
