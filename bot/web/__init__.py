"""The web side of the bot: Telegram webhooks, health and readiness checks, Prometheus metrics."""
