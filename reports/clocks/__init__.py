"""The clocks of the lifecycle: every reminder and escalation comes from a sweep over the
database, never from an ETA task (DESIGN §3, §7).

Each ``Clock`` says which cases qualify on a given day, the threshold that makes a reminder
unique (with the case and the kind), who is told, in which words, and an optional action
(listed supervision after 7 days overdue). ``clocks_sweep`` (``sweep``) runs them all in
batches through ``core.reminders``, which records each reminder once per case, kind and
threshold and tells only what this batch recorded, so a reminder is sent once however often
the sweep runs or retries. A batch costs the same few queries whatever its size or the
number of cases.

Offsets are settings. Working days (W) come from the holiday table; days before and after the
due date (D) are calendar days in Asia/Shanghai.

The reminders about a date (T-15, T-5, T-1 and "due today" before the due date; those before
the assigning body's deadline) go out on working days only: a reminder whose day is not a
working day goes out on the last working day before it, with the real number of days left,
and on a non-working day none goes out. So "due today" is never said on a holiday: after the
holiday table is applied a rolled-over due date is a working day, and a date that stays on a
holiday (a policy without rollover, an assigning body's own deadline) is announced the working
day before, in words that say so. Their threshold carries the date, so a due date that moves
(an extension, a change of the holiday table) is reminded again for its new date.

One module per part: what a clock is (``clock``), the cases each finds (``candidates``), every
clock with its words and recipients (``catalogue``) and the sweep (``sweep``).
"""

from reports.clocks.candidates import reminder_horizon
from reports.clocks.catalogue import build_clocks
from reports.clocks.clock import Clock, Recipients
from reports.clocks.sweep import clocks_sweep, close_after_objection_window

__all__ = [
    "Clock",
    "Recipients",
    "build_clocks",
    "clocks_sweep",
    "close_after_objection_window",
    "reminder_horizon",
]
