"""Partner directory screens (pure: snapshots in, Screen out): cards, the own entry, searches,
introductions, and the words for refused requests."""
