"""Who may act in the campaign, for which unit."""


from django.utils.translation import gettext as _

from core.errors import ApplicationError
from publicity import selectors
from units.models import Unit


def _require_campaign_unit(actor, unit: Unit) -> None:
    if not selectors.campaign_units(actor).filter(pk=unit.pk).exists():
        raise ApplicationError(_("You do not work for this unit."))


def _require_answerable(actor, unit: Unit) -> None:
    if not selectors.can_answer_for(actor, unit):
        raise ApplicationError(
            _("Only the unit's head, or the township's safety office or leader, may do this.")
        )


def _require_office(actor, township: Unit) -> None:
    if not selectors.is_office_of(actor, township):
        raise ApplicationError(_("Only the township's safety office may do this."))
