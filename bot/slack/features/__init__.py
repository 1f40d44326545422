"""Features: each module keeps its subcommands, buttons and modals together."""
