"""Session proposals as plain data and pure rules: what members propose, ranked by votes."""
