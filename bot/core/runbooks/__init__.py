"""Runbooks used as checklists: a runbook from the policy's folder is copied into an incident (by
hand, or by its `[[runbooks.attach]]` rules), each step ticked and unticked by people in the
channel, every change on the timeline, and the whole list in the postmortem."""
