"""What a person tells the bot for a funder's participant counts (ESF+ Annex I): pure codes."""
