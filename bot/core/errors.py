"""The domain's error tree. Adapters map these to user messages in one place; the message of
each error is already written for the person who caused it."""


class IncidentError(Exception):
    """Base of every error a user can cause; `str(error)` is safe to show them."""


class InvalidInput(IncidentError):
    """The request is malformed: a bad severity, an empty or too-long title, a missing mention."""


class IllegalTransition(IncidentError):
    """The incident's state does not allow this now (e.g. close before resolve)."""


class NotFound(IncidentError):
    """No such incident."""


class NeedsConfirmation(IncidentError):
    """Allowed, but only once the person confirms it (cancelling an incident that pages)."""
