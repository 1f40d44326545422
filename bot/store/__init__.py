"""Persistence: the SQLModel tables, the engine, migrations and the outbox queue."""
