"""Queries only.

Functions take a session and never commit: the calling service owns the transaction.
"""
