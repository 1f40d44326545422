"""Action items: the follow-ups an incident produces. They outlive the incident's close, so each
is a row of its own (`ActionItem`) with a short visible reference (`A-12`, its row id). Adding,
completing and reassigning one records a timeline event on its incident; `due` tells owners when
an item falls due and the announce channel, weekly, what is overdue."""
