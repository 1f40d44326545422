"""The dashboard's read models: the incident list, one incident's page and the overview, each read
in one transaction and filtered, ordered and paged in SQL, so bot/web only renders."""
