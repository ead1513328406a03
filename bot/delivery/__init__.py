"""Delivery: messages queued in the outbox, the paced sender that drains it, pacing of replies."""
