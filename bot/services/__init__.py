"""Use-cases: each service owns its transactions and calls repositories; no telegram, no views."""
