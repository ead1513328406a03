"""The opt-in partner directory and introductions: one service, one module per use-case.

:class:`Directory` (built once in ``Runtime.build``) joins the three: the member's own entry
(:mod:`.entries`), searches (:mod:`.search`) and introductions (:mod:`.introductions`). Each
public method owns one transaction; SQL lives in :mod:`bot.db.repositories.directory`, data
classes and pure rules in :mod:`bot.directory`. Contacts are exchanged only when the target of
an introduction accepts it (:meth:`Introductions.answer_introduction`).
"""

from __future__ import annotations

from bot.services.directory.entries import EntryEditing
from bot.services.directory.introductions import Introductions
from bot.services.directory.search import PartnerSearch

__all__ = ["Directory"]


class Directory(EntryEditing, PartnerSearch, Introductions):
    """Directory and introduction use-cases, bound to a database and the settings."""
