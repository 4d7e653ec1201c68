"""The domain events of a case, for the apps above ``reports`` (DESIGN §7): ``reports`` sends
them and never imports its receivers. An app connects its receivers at start-up, in
``AppConfig.ready``::

    events.case_reopened.connect(integration.case_reopened)

Each event says when it fires, in which transaction, and what it carries (a receiver gets the
case's id and reads the rest itself, under its own locks: the case row first, then its own).
With no receiver connected, sending does nothing.

``case_inputs_final``
    A conclusion was accepted, or enforcement (the fine, the penalty decision, a concealed
    accident's deaths) was recorded or corrected: a reward may now be calculable or must be
    calculated anew. Sent **after the commit** of that step (``transaction.on_commit``,
    robust: a failing receiver is logged and does not undo the step; the hourly reward sweep
    catches what a receiver missed). Carries ``report_id``.

``case_reopened``
    An upheld objection set the accepted conclusion aside and sent the case back to
    investigation. Sent **inside** the reopening's transaction, right after the case row
    changed and while it is locked: what a receiver does (suspending a reward) commits or
    rolls back with the reopening, and a receiver that raises undoes it. Carries
    ``report_id``.

``case_withdrawn``
    The reporter withdrew an accepted case: the investigation goes on, the reply and the
    reward are waived. Sent **inside** the withdrawal's transaction under the case's lock,
    like ``case_reopened``, so that nothing can stay payable after the withdrawal commits.
    Carries ``report_id``.
"""

from collections.abc import Callable

from django.db import transaction

Receiver = Callable[[int], None]


class Event:
    """One domain event: its receivers, and whether it is sent after the commit."""

    def __init__(self, name: str, *, after_commit: bool) -> None:
        self.name = name
        self.after_commit = after_commit
        self._receivers: list[Receiver] = []

    def connect(self, receiver: Receiver) -> None:
        if receiver not in self._receivers:
            self._receivers.append(receiver)

    def send(self, report_id: int) -> None:
        for receiver in self._receivers:
            if self.after_commit:
                transaction.on_commit(lambda r=receiver: r(report_id), robust=True)
            else:
                receiver(report_id)

    def __repr__(self) -> str:
        return f"<Event {self.name}>"


case_inputs_final = Event("case_inputs_final", after_commit=True)
case_reopened = Event("case_reopened", after_commit=False)
case_withdrawn = Event("case_withdrawn", after_commit=False)
