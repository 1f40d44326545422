"""Every action_id and callback_id, shared by the builders that emit them and the listeners."""

ACKNOWLEDGE = "incident_acknowledge"
POST_UPDATE = "incident_post_update"
ASSIGN_ROLE = "incident_assign_role"
RESOLVE = "incident_resolve"
REOPEN = "incident_reopen"
RETRY_SETUP = "incident_retry_setup"
DECLARE_ALERT = "incident_declare_alert"
CONFIRM_CANCEL = "incident_confirm_cancel"
SNOOZE = "incident_snooze_nudge"
TAKE_COMMAND = "incident_take_command"
ESCALATE_NOW = "incident_escalate_now"
REOPEN_FIRING = "incident_reopen_still_firing"
ACTION_DONE = "incident_action_done"
ACTION_REASSIGN = "incident_action_reassign"
RUNBOOK_TICK = "incident_runbook_tick"

DECLARE_MODAL = "incident_declare_modal"
UPDATE_MODAL = "incident_update_modal"
ROLE_MODAL = "incident_role_modal"

DECLARE_SHORTCUT = "incident_declare_from_message"

ACTIONS = (
    ACKNOWLEDGE,
    POST_UPDATE,
    ASSIGN_ROLE,
    RESOLVE,
    REOPEN,
    RETRY_SETUP,
    CONFIRM_CANCEL,
    SNOOZE,
    TAKE_COMMAND,
    ESCALATE_NOW,
    DECLARE_ALERT,
    REOPEN_FIRING,
    ACTION_DONE,
    ACTION_REASSIGN,
    RUNBOOK_TICK,
)
VIEWS = (DECLARE_MODAL, UPDATE_MODAL, ROLE_MODAL)
