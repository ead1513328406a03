"""Survey screens: the coordinator's draft, preview and results; members' questions."""
