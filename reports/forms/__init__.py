"""The forms that bring a lead in, one module per audience: the parts they share (``common``),
the citizen's form (``citizen``), the staff's entry of a tip from any channel (``staff``) and
the custodian's receipt reissue (``custodian``). Everything is importable from ``reports.forms``
as before."""

from reports.forms.citizen import CitizenReportForm
from reports.forms.common import (
    TOKEN_SALT,
    IdentityMixin,
    OneTimeTokenMixin,
    PlaceChoiceField,
    WhatWhereMixin,
    check_intake_token,
    new_intake_token,
)
from reports.forms.custodian import NeverShownBack, ReceiptReissueForm
from reports.forms.staff import OfficeEntryForm, StaffIntakeMixin, UnitTipForm

__all__ = [
    "TOKEN_SALT",
    "CitizenReportForm",
    "IdentityMixin",
    "NeverShownBack",
    "OfficeEntryForm",
    "OneTimeTokenMixin",
    "PlaceChoiceField",
    "ReceiptReissueForm",
    "StaffIntakeMixin",
    "UnitTipForm",
    "WhatWhereMixin",
    "check_intake_token",
    "new_intake_token",
]
