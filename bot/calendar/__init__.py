"""The alliance calendar's rules: recurring series, the agenda, feeds."""
