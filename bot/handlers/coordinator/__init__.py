"""Coordinator tools in chat: /admins, /stats, /broadcast and /push, one module each."""
