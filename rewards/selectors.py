"""Reads about rewards: the public standard, estimates, what waits for whom, budgets."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import refcache
from core.calendar import local_date
from core.money import yuan_in_capitals
from rewards.calculation import percent
from rewards.models import Budget, Payment, Reward, Standard, StandardItem
from units import permissions
from units.models import Unit
from units.permissions import Perm

S = Reward.Status
# What the reporter sees on /track/ (before approval the reward is an internal matter); a
# reward suspended or refused after its notice was issued stays visible, saying so.
REPORTER_VISIBLE = (S.NOTIFIED, S.CLAIMED, S.PAID, S.EXPIRED, S.WAIVED, S.DECLINED)
# The notice (PDF) stands while the reward does.
NOTICE_STANDS = (S.NOTIFIED, S.CLAIMED, S.PAID, S.EXPIRED)
# Approved and owed to a reporter: counted in the payout rate.
APPROVED = (S.NOTIFIED, S.CLAIMED, S.PAID, S.EXPIRED, S.WAIVED)


def standard_in_force() -> Standard | None:
    return Standard.objects.in_force(local_date())


def standard_items(standard: Standard, query: str = "") -> list[tuple[str, list[StandardItem]]]:
    """The standard's items grouped by sector, filtered by a search over matter, sector and
    department."""
    items = standard.items.all()
    if query:
        items = items.filter(
            Q(text__icontains=query) | Q(sector__icontains=query) | Q(department__icontains=query)
        )
    groups: dict[str, list[StandardItem]] = {}
    for item in items.order_by("sort_order", "code"):
        groups.setdefault(item.sector, []).append(item)
    return list(groups.items())


def category_estimates() -> dict[int, str]:
    """What a citizen may expect for each category, in words (the standard in force); once per
    process, language and day until a category or the standard changes (core.refcache)."""
    key = ("reward-estimates", get_language(), local_date())
    return dict(refcache.cached(key, _category_estimates))


def _category_estimates() -> dict[int, str]:
    standard = standard_in_force()
    if standard is None:
        return {}
    ranges: dict[int, list[Decimal]] = {}
    for item in standard.items.prefetch_related("categories"):
        for category in item.categories.all():
            ranges.setdefault(category.pk, []).append(item.amount)
    formula = _(
        "%(rate)s%% of the fine, at least %(minimum)s and at most %(maximum)s yuan, "
        "when a fine is imposed"
    ) % {
        "rate": percent(standard.fine_rate),
        "minimum": f"{standard.fine_minimum:,.0f}",
        "maximum": f"{standard.fine_maximum:,.0f}",
    }
    from reports.models import Category

    estimates = {}
    for category in Category.objects.filter(active=True):
        amounts = ranges.get(category.pk)
        if amounts:
            low, high = min(amounts), max(amounts)
            listed = (
                _("%(amount)s yuan for listed matters") % {"amount": f"{low:,.0f}"}
                if low == high
                else _("%(low)s to %(high)s yuan for listed matters")
                % {"low": f"{low:,.0f}", "high": f"{high:,.0f}"}
            )
            estimates[category.pk] = _("%(listed)s; or %(formula)s") % {
                "listed": listed,
                "formula": formula,
            }
        elif category.code == "concealed_accident":
            estimates[category.pk] = _(
                "%(low)s to %(high)s yuan per concealed death by the accident's grade, "
                "at most %(cap)s"
            ) % {
                "low": f"{standard.death_ordinary:,.0f}",
                "high": f"{standard.death_grave:,.0f}",
                "cap": f"{standard.concealed_maximum:,.0f}",
            }
        else:
            estimates[category.pk] = formula
    return estimates


def reporter_visible() -> Q:
    return Q(status__in=REPORTER_VISIBLE) | Q(
        status__in=[S.SUSPENDED, S.REFUSED], claim_deadline__isnull=False
    )


def reward_for_reporter(report) -> Reward | None:
    """The case's reward as its reporter may see it on /track/, or None."""
    return Reward.objects.filter(reporter_visible(), report=report).first()


def claim_window(reward: Reward) -> dict:
    """Whether the reporter may claim now, and until when (the window, then the public
    announcement that follows it)."""
    last_day = reward.last_claim_day(settings.REWARD_ANNOUNCEMENT_DAYS)
    claimable = (
        reward.status in (S.NOTIFIED, S.EXPIRED)
        and last_day is not None
        and local_date() <= last_day
    )
    in_window = reward.claim_deadline is not None and local_date() <= reward.claim_deadline
    return {"claimable": claimable, "last_claim_day": last_day, "in_window": in_window}


def claimed_words(method: str) -> str:
    """What a reporter who claimed is told to do next, for the way of payment they chose: the
    paying office checks the person at its counter before it pays, whatever the way."""
    if method == Reward.Method.CASH:
        return _(
            "Claimed: you are paid in cash. Bring your ID card to the paying office; it checks "
            "it and pays you there."
        )
    if method == Reward.Method.MOBILE:
        return _(
            "Claimed: you are paid through WeChat Pay or Alipay. Bring your ID card to the "
            "paying office, or wait for its call; after the check it pays into your account."
        )
    return _(
        "Claimed: you are paid by bank transfer. Bring your ID card and a bank card in your "
        "name to the paying office, or wait for its call; after the check it transfers the "
        "reward to your account."
    )


def reward_words(reward: Reward) -> dict:
    """The arithmetic in words, its legal basis, the amount in capitals and the shares. A
    decision made before citations were kept shows what it has: its standard's name."""
    calculation = reward.calculation or {}
    standard = calculation.get("standard") or {}
    standard_name = f"{standard.get('name', '')} {standard.get('document', '')}".strip()
    cited = (f"《{standard['name']}》" if standard.get("name") else "") + (
        f"（{standard['document']}）" if standard.get("document") else ""
    )
    return {
        "words": calculation.get("words", ""),
        "basis": calculation.get("basis") or cited,
        "standard_name": standard_name,
        "capitals": yuan_in_capitals(reward.amount) if reward.amount is not None else "",
        "shares": calculation.get("shares", []),
    }


def unclaimed_anonymous() -> QuerySet[Reward]:
    """Rewards of anonymous reporters waiting to be claimed, announced by case number."""
    return (
        Reward.objects.filter(status__in=[S.NOTIFIED, S.EXPIRED])
        .exclude(report__reporters__anonymous=False)
        .select_related("report", "payer")
        .order_by("claim_deadline")
    )


def waiting_for(user) -> list[dict]:
    """Rewards waiting for this office (to check and submit), this leader (to approve) or this
    finance officer (to pay). One query."""
    office_q = permissions.scope_q(user, Perm.TRIAGE, prefix="report__township__")
    leader_q = permissions.scope_q(user, Perm.APPROVE, prefix="report__township__")
    finance_q = permissions.scope_q(user, Perm.PAY, prefix="payer__")
    counts = Reward.objects.aggregate(
        to_submit=Count("pk", filter=office_q & Q(status=S.CALCULATED)),
        to_approve=Count("pk", filter=leader_q & Q(status=S.SUBMITTED)),
        to_pay=Count("pk", filter=finance_q & Q(status=S.CLAIMED)),
    )
    url = reverse("rewards:unit-rewards")
    items = []
    if counts["to_submit"]:
        items.append(
            {
                "text": _("%(n)s calculated rewards to check and submit")
                % {"n": counts["to_submit"]},
                "url": reverse("admin:rewards_reward_changelist") + "?status__exact=calculated",
            }
        )
    if counts["to_approve"]:
        items.append(
            {"text": _("%(n)s rewards to approve") % {"n": counts["to_approve"]}, "url": url}
        )
    if counts["to_pay"]:
        items.append(
            {"text": _("%(n)s claimed rewards to pay") % {"n": counts["to_pay"]}, "url": url}
        )
    return items


def rewards_for_unit_page(user) -> dict[str, list[Reward]]:
    leader_q = permissions.scope_q(user, Perm.APPROVE, prefix="report__township__")
    finance_q = permissions.scope_q(user, Perm.PAY, prefix="payer__")
    base = Reward.objects.select_related("report", "report__category", "payer", "submitted_by")
    return {
        "to_approve": list(base.filter(leader_q, status=S.SUBMITTED)),
        "to_pay": list(base.filter(finance_q, status=S.CLAIMED).order_by("claimed_at")),
        "awaiting_claim": list(base.filter(finance_q, status=S.NOTIFIED)),
        "paid": list(base.filter(finance_q, status=S.PAID).select_related("payment")[:50]),
    }


# What the counter page shows: a claimed reward to check and pay, and how it ended.
COUNTER_STATUSES = (S.CLAIMED, S.PAID, S.REFUSED, S.SUSPENDED)


def counter_reward(user, pk: int) -> Reward | None:
    """A reward of a unit this person keeps the books for (finance), for the counter page."""
    return (
        Reward.objects.select_related(
            "report", "report__category", "payer", "recipient_verified_by"
        )
        .filter(permissions.scope_q(user, Perm.PAY, prefix="payer__"))
        .filter(pk=pk, status__in=COUNTER_STATUSES, claimed_at__isnull=False)
        .first()
    )


def needs_receipt_code(reward: Reward) -> bool:
    """The first signatory (who collects) left no ID number: anonymous, or named without
    one. Then the person at the counter proves the receipt code."""
    first = reward.report.reporters.order_by("position").first()
    return not (first and first.id_number_index)


def listed_on_unit_page(user, reward: Reward) -> bool:
    """Whether /unit/rewards/ shows this reward's form to this person."""
    lists = rewards_for_unit_page(user)
    return any(r.pk == reward.pk for r in (*lists["to_approve"], *lists["to_pay"]))


def budget_summary(*, payers: list[Unit], year: int) -> list[dict]:
    """Per paying unit and year: allocated, committed (approved, not yet paid), paid, and the
    payout rate (paid ÷ everything approved). Four queries whatever the number of rewards."""
    payer_ids = [p.pk for p in payers]
    budgets = dict(
        Budget.objects.filter(payer_id__in=payer_ids, year=year).values_list(
            "payer_id", "allocated"
        )
    )
    committed = dict(
        Reward.objects.filter(
            payer_id__in=payer_ids, status__in=[S.NOTIFIED, S.CLAIMED], approved_at__year=year
        )
        .values_list("payer_id")
        .annotate(total=Sum("amount"))
    )
    approved = dict(
        Reward.objects.filter(payer_id__in=payer_ids, status__in=APPROVED, approved_at__year=year)
        .values_list("payer_id")
        .annotate(total=Sum("amount"))
    )
    paid = dict(
        Payment.objects.filter(reward__payer_id__in=payer_ids, paid_on__year=year)
        .values_list("reward__payer_id")
        .annotate(total=Sum("amount"))
    )
    rows = []
    for payer in payers:
        payer_id = payer.pk
        due = approved.get(payer_id) or Decimal(0)
        rows.append(
            {
                "payer": payer,
                "year": year,
                "allocated": budgets.get(payer_id),
                "committed": committed.get(payer_id) or Decimal(0),
                "paid": paid.get(payer_id) or Decimal(0),
                "approved": due,
                "payout_rate": ((paid.get(payer_id) or Decimal(0)) / due * 100) if due else None,
            }
        )
    return rows
