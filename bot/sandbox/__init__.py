"""A Telegram of our own for tests and the demo: local Bot API server, the bot run on it, feeds."""
