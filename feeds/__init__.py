"""Funding sources read into normalised opportunities: HTTP, adapters, deadlines, topics."""
