"""On-call read from iCalendar feeds (PagerDuty, Opsgenie, Google, Outlook): the calendar read into an
index of shifts, the last good copy kept in the database, and who to page when the feed lets us down."""
