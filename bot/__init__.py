"""The INEXA Alliance bot: a Telegram bot for EU funding news and the alliance's workshops."""
