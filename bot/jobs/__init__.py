"""Background work: the outbox delivery worker."""
