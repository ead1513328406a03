"""The project pipeline: plans to apply, stages, consortia, partner requests, coordinators'
overview and indicators. One service (:class:`Pipeline`), one module per group of use-cases;
SQL in :mod:`bot.db.repositories.pipeline`, records and pure rules in :mod:`bot.pipeline`."""

from __future__ import annotations

from bot.services.pipeline.overview import PipelineOverview
from bot.services.pipeline.plans import Plans
from bot.services.pipeline.requests import Requests

__all__ = ["Pipeline"]


class Pipeline(Plans, Requests, PipelineOverview):
    """Every pipeline use-case, bound to a database, settings, catalogs and message texts."""
