"""Workshops' pure core: types, the draft step machine, fields, seats, calendar files, imports."""
