"""Alembic migrations, numbered 0001, 0002, ...; bot.db.migrate runs them."""
