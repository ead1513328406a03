"""Screens (HTML text and inline keyboards) built by pure functions, per feature and language."""
