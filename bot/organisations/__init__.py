"""Organisations as the alliance's members: name matching, membership rules, roster exports."""
