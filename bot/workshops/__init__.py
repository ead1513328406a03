"""Workshops: pure rules (fields, seats, calendar files, imports); the service does the I/O."""
