"""Every button kind: one frozen dataclass each, one module per feature (codec: bot.callbacks)."""
