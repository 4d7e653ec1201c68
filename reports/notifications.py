"""Who is told about a case, and in which words.

``Audience`` finds the recipients of many cases at once (one query for the memberships of
every unit involved), so a sweep's batch costs the same whatever its size. Texts carry only the
case number, a date and a link: never reporter data, never a receipt code.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from core import notify
from reports.models import Report
from units import offices, permissions
from units.models import Membership, Role, Unit


class Audience:
    def __init__(self, reports: Iterable[Report]) -> None:
        reports = list(reports)
        unit_ids = {r.responsible_unit_id for r in reports if r.responsible_unit_id}
        ancestor_ids = {pk for r in reports for pk in r.township.ancestor_ids}
        # The offices the responsible units belong to, with who signs for a unit without a head.
        self._offices = {
            u.pk: u
            for u in Unit.objects.filter(
                pk__in=[r.responsible_unit.parent_id for r in reports if r.responsible_unit_id],
                kind__in=Unit.OFFICE_KINDS,
            )
        }
        self._by_unit_role: dict[tuple[int, str], list] = defaultdict(list)
        for m in Membership.objects.filter(
            active=True,
            user__is_active=True,
            unit_id__in=unit_ids | ancestor_ids | set(self._offices),
        ).select_related("user"):
            self._by_unit_role[(m.unit_id, m.role)].append(m.user)

    def unit(self, report: Report, *roles: str) -> list:
        """People of the responsible unit with these roles (officers by default)."""
        roles = roles or (Role.OFFICER,)
        return [u for role in roles for u in self._by_unit_role[(report.responsible_unit_id, role)]]

    def signers(self, report: Report) -> list:
        """Who signs for the responsible unit: its heads, or for a unit without a head account
        the person its office names (``permissions.stand_in_for``), so a signature always has
        someone to wait on."""
        heads = self.unit(report, Role.HEAD)
        unit = report.responsible_unit
        if heads or unit is None or unit.kind in Unit.OFFICE_KINDS:
            return heads
        office = self._offices.get(unit.parent_id)
        if office is None:
            return []
        return self._by_unit_role[(office.pk, permissions.stand_in_role(office))]

    def nearest(self, report: Report, role: str) -> list:
        """People with ``role`` at the case's township, or else at the nearest unit above it."""
        for unit_id in reversed(report.township.ancestor_ids):
            people = self._by_unit_role[(unit_id, role)]
            if people:
                return people
        return []

    def office(self, report: Report) -> list:
        return self.nearest(report, Role.INTAKE)

    def leader(self, report: Report) -> list:
        return self.nearest(report, Role.LEADER)

    @staticmethod
    def robots(report: Report) -> list[str]:
        unit = report.responsible_unit
        return [unit.robot_webhook_url] if unit and unit.robot_webhook_url else []


def subject(obj, work: str) -> str:
    """The name of a piece of work on a case, a conclusion or an extension ("conclusion:12:sign"):
    the notices asking for it clear when it is done (``reports.handoffs``)."""
    return f"{type(obj).__name__.lower()}:{obj.pk}:{work}"


def unit_link(report: Report) -> str:
    return reverse("reports:unit-case", args=[report.number])


def office_link(report: Report) -> str:
    return reverse("admin:reports_report_change", args=[report.pk])


# --- what reporters who left a phone are told ----------------------------------------------
def tell_reporters(report: Report, template: str) -> None:
    """A short text message to every named reporter with a phone: accepted, concluded, or the
    office wrote (needs an answer). Nothing when the reporter waived the reply."""
    if report.reply_waived:
        return
    texts = {
        "case_accepted": _(
            "%(office)s accepted your report %(number)s and sent it for investigation. "
            "Questions: %(hotline)s."
        ),
        "case_concluded": _(
            "%(office)s concluded your report %(number)s. Read the reply with your receipt code."
        ),
        "case_message": _("%(office)s wrote to you about report %(number)s."),
    }
    # The office that answers the reporter (the accepting township, also after a hand-over).
    office = offices.office_for(report.township)
    params = {"number": report.number, "office": office.name, "hotline": office.hotline}
    for reporter in report.reporters.exclude(phone=""):
        notify.notify_phone(
            phone=reporter.phone,
            template=template,
            text=f"{texts[template] % params} {notify.absolute(reverse('reports:track'))}",
            params=params,
        )


def tell_reporters_of_new_code(report: Report) -> int:
    """Every reporter of the case with a phone hears that a new receipt code was issued and the
    old one stopped working; the message carries the case number, the date and the hotline,
    never the code (it is handed over in person). Returns how many were told."""
    from core.calendar import local_date

    hotline = offices.office_for(report.township).hotline
    params = {"number": report.number, "date": local_date().isoformat(), "hotline": hotline}
    text = _(
        "A new receipt code for your report %(number)s was issued by the safety office on "
        "%(date)s; the old code no longer works. If you did not ask for it, call %(hotline)s."
    )
    told = 0
    for reporter in report.reporters.exclude(phone=""):
        notify.notify_phone(
            phone=reporter.phone, template="receipt_reissued", text=text % params, params=params
        )
        told += 1
    return told


def tell_office_of_new_report(report: Report, *, actor=None) -> None:
    """The intake desk hears of every new lead, with its acceptance deadline."""
    audience = Audience([report])
    people = [u for u in audience.office(report) if actor is None or u.pk != actor.pk]
    params = {"number": report.number, "date": report.acceptance_due.isoformat()}
    notify.notify(
        users=people,
        template="new_report",
        text=_("New report %(number)s: decide on acceptance by %(date)s.") % params,
        params=params,
        link=office_link(report),
        subject=subject(report, "accept"),
    )
