"""Partner directory screens (pure): cards, the own entry, searches, introductions, errors."""
