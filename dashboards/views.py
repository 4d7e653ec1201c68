"""/dashboard/: the supervisors' view of their subtree, read from the roll-ups."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core import params
from core.calendar import local_date
from core.documents import pdf_response, render_pdf
from core.exports import Percent, table_response
from dashboards import selectors
from dashboards.rollups import month_start
from units.models import Industry, Unit
from units.workspace import workspace_view

PARTS = {
    "on_time": gettext_lazy("Concluded on time"),
    "overdue": gettext_lazy("Overdue cases"),
    "leads": gettext_lazy("Leads and filed cases"),
    "forms": gettext_lazy("Monthly form"),
    "publicity": gettext_lazy("Publicity targets"),
    "tasks": gettext_lazy("Key tasks"),
}


def _filters(request: HttpRequest) -> selectors.Filters:
    roots = list(selectors.dashboard_units(request.user))
    if not roots:
        raise PermissionDenied(_("The dashboard is for supervisors, leaders and safety offices."))
    unit = roots[0]
    if params.text(request.GET, "unit"):
        chosen = Unit.objects.filter(pk=params.unit_id(request.GET)).first()
        if chosen is None or not selectors.may_see(request.user, chosen):
            raise Http404
        unit = chosen
    first, last = selectors.period_months(params.text(request.GET, "period") or "12")
    industry = None
    if industry_id := params.record_id(request.GET, "industry"):
        industry = Industry.objects.filter(pk=industry_id).first()
    return selectors.Filters(unit=unit, first=first, last=last, industry=industry)


def _chart_data(data: dict) -> dict:
    months = [f"{r['month']:%Y-%m}" for r in data["trend"]]
    return {
        "months": months,
        "received": [r["received"] for r in data["trend"]],
        "concluded": [r["concluded"] for r in data["trend"]],
        "on_time": [r["on_time"] for r in data["trend"]],
        "decided": [float(r["rewards_decided_amount"]) for r in data["trend"]],
        "paid": [float(r["rewards_paid_amount"]) for r in data["trend"]],
        "sources": [{"name": s["name"], "value": s["n"]} for s in data["mix"]["sources"]],
        "channels": {
            "names": [c["name"] for c in data["mix"]["channels"]],
            "values": [c["n"] for c in data["mix"]["channels"]],
        },
        "aging": {
            "labels": [a["label"] for a in data["aging"]],
            "open": [a["n"] for a in data["aging"]],
            "overdue": [a["overdue"] for a in data["aging"]],
        },
        "labels": {
            "received": _("Received"),
            "concluded": _("Concluded"),
            "on_time": _("On time"),
            "decided": _("Rewards decided"),
            "paid": _("Rewards paid"),
            "open": pgettext("dashboard", "Open"),
            "overdue": _("Overdue"),
            "days": _("days since acceptance"),
        },
    }


def _number(value) -> str:
    return f"{value:,.0f}" if value is not None else "—"


def _percent(value) -> str:
    return f"{value:.0f}%" if value is not None else "—"


def _yuan(value) -> str:
    return _("%(amount)s yuan") % {"amount": _number(value)} if value is not None else "—"


def _delta(this, before, *, points: bool = False) -> str:
    if this is None or before is None:
        return ""
    change = this - before
    if not change:
        return _("same as the month before")
    sign = "+" if change > 0 else "−"
    amount = f"{abs(change):.0f}" if points else f"{abs(change):,.0f}"
    if points:
        return _("%(change)s points against the month before") % {"change": sign + amount}
    return _("%(change)s against the month before") % {"change": sign + amount}


def tile_list(data: dict) -> list[dict]:
    """The KPI tiles: this month (the period's last) against the month before."""
    this, before = data["tiles"]["this"], data["tiles"]["before"]
    d = selectors.DEFINITIONS

    def tile(key, value, delta=""):
        return {
            "key": key,
            "label": d[key][0],
            "definition": d[key][1],
            "value": value,
            "delta": delta,
        }

    counts = ["received", "accepted", "concluded"]
    tiles = [tile(k, _number(this[k]), _delta(this[k], before[k])) for k in counts]
    tiles += [
        tile(
            "on_time_rate",
            _percent(this["on_time_rate"]),
            _delta(this["on_time_rate"], before["on_time_rate"], points=True),
        ),
        tile("avg_days", f"{this['avg_days']:.1f}" if this["avg_days"] is not None else "—"),
        tile("overdue", _number(this["overdue"]), _delta(this["overdue"], before["overdue"])),
        tile(
            "open_overdue",
            _number(sum(a["overdue"] for a in data["aging"])),
            _("%(n)s listed now") % {"n": sum(a["listed"] for a in data["aging"])},
        ),
        tile("filed", _number(this["filed"]), _delta(this["filed"], before["filed"])),
        tile("fines", _yuan(this["fines"])),
        tile("rewards_paid_amount", _yuan(this["rewards_paid_amount"])),
        tile("payout_rate", _percent(data["totals"]["payout_rate"])),
        tile(
            "qr_scans",
            _number(this["qr_scans"]),
            _("%(n)s reports from QR codes") % {"n": this["qr_reports"]},
        ),
    ]
    return tiles


@workspace_view
def home(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    data = selectors.dashboard(filters)
    children = list(Unit.objects.filter(parent=filters.unit, active=True).order_by("path"))
    ancestors = list(
        Unit.objects.filter(pk__in=filters.unit.ancestor_ids).exclude(pk=filters.unit.pk)
    )
    ancestors = [a for a in ancestors if selectors.may_see(request.user, a)]
    context = {
        **data,
        "filters": filters,
        "children": children,
        "ancestors": sorted(ancestors, key=lambda u: u.depth),
        "industries": Industry.objects.all(),
        "period": params.text(request.GET, "period") or "12",
        "quarters": [
            (f"{year}-Q{quarter}", year, quarter) for year, quarter in selectors.recent_quarters()
        ],
        "chart": _chart_data(data),
        "tile_list": tile_list(data),
        "query": request.GET.urlencode(),
    }
    return render(request, "dashboards/home.html", context)


# ------------------------------------------------------------------------------
# Exports: every table as CSV or XLSX
# ------------------------------------------------------------------------------
def _rate(value) -> Percent | str:
    """A rate as a number (a percent cell in XLSX); empty when there is nothing to divide."""
    return Percent(value) if value is not None else ""


def _days(value) -> float | str:
    return round(float(value), 1) if value is not None else ""


def _table(name: str, data: dict) -> tuple[str, list, list]:
    if name == "trend":
        headers = [
            _("Month"),
            _("Received"),
            _("Rejected"),
            _("Accepted cases"),
            _("Transferred"),
            _("Concluded"),
            _("On time (%)"),
            _("Average days"),
            _("Overdue"),
            _("Extensions"),
            _("Listed"),
            _("Filed"),
            _("Fines (yuan)"),
            _("Rewards decided (yuan)"),
            _("Rewards paid (yuan)"),
            _("QR scans"),
            _("Reports from QR codes"),
            _("Publicity items"),
        ]
        rows = [
            [
                f"{r['month']:%Y-%m}",
                r["received"],
                r["rejected"],
                r["accepted"],
                r["transferred"],
                r["concluded"],
                _rate(r["on_time_rate"]),
                _days(r["avg_days"]),
                r["overdue"],
                r["extensions"],
                r["listed"],
                r["filed"],
                float(r["fines"]),
                float(r["rewards_decided_amount"]),
                float(r["rewards_paid_amount"]),
                r["qr_scans"],
                r["qr_reports"],
                r["publicity_items"],
            ]
            for r in data["trend"]
        ]
        return _("Trend"), headers, rows
    if name == "mix":
        rows = [[_("Source"), s["name"], s["n"]] for s in data["mix"]["sources"]]
        rows += [[_("Channel"), c["name"], c["n"]] for c in data["mix"]["channels"]]
        return _("Sources and channels"), [_("Kind"), _("Label"), _("Reports")], rows
    if name == "aging":
        headers = [
            _("Days since acceptance"),
            pgettext("dashboard", "Open"),
            _("Overdue"),
            _("Listed"),
        ]
        rows = [[a["label"], a["n"], a["overdue"], a["listed"]] for a in data["aging"]]
        return _("Open cases by age"), headers, rows
    if name == "stuck":
        headers = [_("Case"), _("Category"), _("Unit"), _("Due"), _("Days overdue"), _("Listed")]
        rows = [
            [
                r.number,
                r.category.name,
                r.responsible_unit.name if r.responsible_unit else r.township.name,
                r.due_date.isoformat() if r.due_date else "",
                r.days_overdue,
                _("yes") if r.listed_at else "",
            ]
            for r in data["stuck"]
        ]
        return _("Overdue and listed"), headers, rows
    if name == "league":
        headers = [
            _("Rank"),
            _("Unit"),
            _("Concluded"),
            _("On time (%)"),
            _("Average days"),
            _("Overdue"),
        ]
        league = data["league"]
        rows = [
            [
                r.get("rank", ""),
                r["unit__name"],
                r["concluded"],
                _rate(r["on_time_rate"]),
                _days(r["avg_days"]),
                r["overdue"],
            ]
            for r in [*league["ranked"], *league["unranked"]]
        ]
        return _("Unit league"), headers, rows
    if name == "sectors":
        headers = [
            _("Sector"),
            _("Received"),
            _("Accepted cases"),
            _("Filed"),
            _("Concluded"),
            _("Concluded on time"),
        ]
        rows = [
            [
                r["name"] or _("Other"),
                r["received"],
                r["accepted"],
                r["filed"],
                r["concluded"],
                r["on_time"],
            ]
            for r in data["sectors"]
        ]
        return _("By sector"), headers, rows
    if name == "filed":
        rows = [
            [f"{r['month']:%Y-%m}", r["filed"], _("met") if r["met"] else _("missed")]
            for r in data["filed_target"]
        ]
        return _("Filed leads"), [_("Month"), _("Filed"), _("Target")], rows
    raise Http404


@workspace_view
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filters = _filters(request)
    data = selectors.dashboard(filters)
    title, headers, rows = _table(table, data)
    name = f"{filters.unit.name}-{title}-{filters.first:%Y%m}-{filters.last:%Y%m}"
    return table_response(title, headers, rows, fmt, name)


# ------------------------------------------------------------------------------
# Assessment
# ------------------------------------------------------------------------------
@workspace_view
def assessment(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    default = month_start(month_start(local_date()) - dt.timedelta(days=1))
    month = params.period(request.GET, "month", default=default)
    scores = selectors.assessment(filters.unit, month)
    if request.GET.get("format") in ("csv", "xlsx"):
        headers = [_("Rank"), _("Unit"), _("Score"), _("How")]
        rows = [
            [
                s.rank,
                s.unit.name,
                float(s.total),
                "；".join(
                    f"{PARTS.get(p['part'], p['part'])} {p['points']}/{p['of']}（{p['how']}）"
                    for p in s.breakdown
                ),
            ]
            for s in scores
        ]
        return table_response(
            _("Assessment"),
            headers,
            rows,
            request.GET["format"],
            f"{filters.unit.name}-{month:%Y%m}",
        )
    half = 1 if month.month <= 6 else 2
    return render(
        request,
        "dashboards/assessment.html",
        {
            "filters": filters,
            "month": month,
            "previous": month_start(month - dt.timedelta(days=1)),
            "next": month_start(month + dt.timedelta(days=32)) if month < default else None,
            "scores": scores,
            "half": half,
            "parts": PARTS,
        },
    )


@workspace_view
def assessment_bulletin(request: HttpRequest, year: int, half: int) -> HttpResponse:
    year, half = params.year_or_404(year), params.half_or_404(half)
    if year > local_date().year:
        raise Http404
    filters = _filters(request)
    table = selectors.assessment_half(filters.unit, year, half)
    pdf = render_pdf(
        "dashboards/pdf/assessment_bulletin.html",
        {"unit": filters.unit, "printed_at": timezone.localtime(), **table},
    )
    label = "上半年" if half == 1 else "下半年"
    return pdf_response(pdf, f"{filters.unit.name}{year}年{label}举报奖励工作考核通报.pdf")
