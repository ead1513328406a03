"""Scheduled work: fetching sources and the ticks that queue digests, reminders and alerts."""
