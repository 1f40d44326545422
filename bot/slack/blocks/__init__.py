"""Block Kit builders: pure functions from core data to blocks, one module per surface."""
