"""What the bot counts for Prometheus: updates, handler latency, the outbox, deliveries, fetches.

One :class:`Metrics` per process, with its own registry (so tests and several applications in
one process never mix their counts). Counters are per process; Prometheus sums them over the
instances. What lives in the database (outbox depth and age, the last weekly run) is read at
scrape time, so every instance reports the same cluster-wide figures.
"""

from __future__ import annotations

from datetime import datetime

from prometheus_client import CONTENT_TYPE_LATEST as CONTENT_TYPE
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.delivery.decide import SendStats
from bot.services.health import QueueFigures

__all__ = ["CONTENT_TYPE", "Metrics"]


class Metrics:
    """The process's metrics and the registry Prometheus scrapes."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.updates = Counter(
            "inexa_updates_handled", "Telegram updates handled, by type", ["type"], registry=r
        )
        self.latency = Histogram(
            "inexa_update_seconds",
            "Time to handle one update, all handlers included",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=r,
        )
        self.outbox_depth = Gauge(
            "inexa_outbox_pending", "Messages waiting in the outbox", registry=r
        )
        self.outbox_age = Gauge(
            "inexa_outbox_oldest_seconds", "Age of the oldest waiting message", registry=r
        )
        self.sent = Counter("inexa_messages_sent", "Messages delivered by the outbox", registry=r)
        self.failed = Counter(
            "inexa_messages_failed", "Messages that ended failed, by reason", ["reason"], registry=r
        )
        self.flood_waits = Counter(
            "inexa_flood_waits", "429 answers from Telegram (flood control)", registry=r
        )
        self.fetches = Counter(
            "inexa_source_fetches", "Source fetches, by outcome", ["outcome"], registry=r
        )
        self.last_weekly_run = Gauge(
            "inexa_last_weekly_run_timestamp",
            "When the last weekly digest run started (Unix time; 0: never)",
            registry=r,
        )
        self.job_ticks = Counter(
            "inexa_job_ticks",
            "Scheduled ticks this instance claimed and ran, by job",
            ["job"],
            registry=r,
        )
        self.webhook_refused = Counter(
            "inexa_webhook_refused", "Webhook calls refused, by reason", ["reason"], registry=r
        )

    def record_update(self, kind: str, seconds: float) -> None:
        """One update handled."""
        self.updates.labels(kind).inc()
        self.latency.observe(seconds)

    def record_sending(self, stats: SendStats) -> None:
        """What one outbox drain did."""
        self.sent.inc(stats.sent)
        for reason, count in stats.failed.items():
            self.failed.labels(reason).inc(count)
        self.flood_waits.inc(stats.flood_waits)

    def record_tick(self, job: str) -> None:
        """This instance runs one tick of a scheduled job (it claimed it, on PostgreSQL)."""
        self.job_ticks.labels(job).inc()

    def record_fetch(self, outcome: str) -> None:
        """One source fetched (``ok``, ``not_modified``, ``error``...)."""
        self.fetches.labels(outcome).inc()

    def exposition(self, figures: QueueFigures, *, now: datetime) -> bytes:
        """The text Prometheus scrapes, with the database figures refreshed."""
        oldest = figures.oldest_pending
        self.outbox_depth.set(figures.pending)
        self.outbox_age.set(max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
        last = figures.last_weekly_run
        self.last_weekly_run.set(last.timestamp() if last else 0.0)
        return generate_latest(self.registry)
