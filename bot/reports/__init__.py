"""Coordinator reports: charts (PNG) and CSV exports built from ``bot.services.stats``."""
