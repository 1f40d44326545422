"""Drills (game days): an incident run through the real process but marked as practice. It pages
only the people it names (`paging`), is announced only in the policy's drills channel, replays a
scenario's alerts on a timetable through the real alert intake (`replay`), and is left out of the
numbers (bot/core/stats/queries.py `counted`, the export's selection)."""
