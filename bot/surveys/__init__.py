"""Surveys as plain data and pure rules: questions, answers, the feedback poll, tallies."""
