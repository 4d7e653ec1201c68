"""/unit/rewards/: leaders approve rewards; finance checks the recipient at the counter,
records the payment and sees its budget."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.calendar import local_date
from core.documents import pdf_response
from core.errors import ApplicationError
from core.forms import DecisionForm
from core.http import no_store
from rewards import documents, selectors, services
from rewards.forms import CounterForm, PaymentForm
from rewards.models import Reward
from units import permissions
from units.permissions import Perm
from units.workspace import workspace_view


def _prefix(reward_pk: int) -> str:
    """Each reward's form has its own field names and ids: several are on one page."""
    return f"r{reward_pk}"


def _page(request: HttpRequest, bound: dict | None = None, status: int = 200) -> HttpResponse:
    """The page, with a form beside each reward to approve (the bound one after a mistake),
    and a link to the counter for each claimed reward to pay."""
    lists = selectors.rewards_for_unit_page(request.user)
    bound = bound or {}
    for reward in lists["to_approve"]:
        reward.form = bound.get(reward.pk) or DecisionForm(prefix=_prefix(reward.pk))
    finance_units = permissions.roots(request.user, Perm.PAY)
    context = {
        **lists,
        "budgets": selectors.budget_summary(payers=finance_units, year=local_date().year)
        if finance_units
        else [],
    }
    return render(request, "rewards/unit_rewards.html", context, status=status)


@workspace_view
def unit_rewards(request: HttpRequest) -> HttpResponse:
    return _page(request)


@workspace_view
@require_POST
def unit_reward_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    reward = get_object_or_404(Reward.objects.select_related("report", "payer"), pk=pk)
    if action != "approve":
        raise Http404
    form = DecisionForm(request.POST, prefix=_prefix(reward.pk))
    if form.is_valid():
        try:
            services.reward_approve(
                reward=reward,
                actor=request.user,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            if not selectors.listed_on_unit_page(request.user, reward):
                # Not this person's to act on: no form of theirs to show the error beside.
                messages.error(request, exc.message)
                return redirect("rewards:unit-rewards")
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("rewards:unit-rewards")
    return _page(request, bound={reward.pk: form}, status=400)


@workspace_view
@require_http_methods(["GET", "POST"])
def counter(request: HttpRequest, pk: int) -> HttpResponse:
    """Finance at the counter, on a phone: first check the person who came (the register,
    the receipt code or the reporter's ID), then record the payment. Each refusal is shown
    with its reason."""
    reward = selectors.counter_reward(request.user, pk)
    if reward is None:
        raise Http404
    needs_code = selectors.needs_receipt_code(reward)
    check = CounterForm(needs_code=needs_code, prefix="check")
    payment = PaymentForm(
        prefix="pay", initial={"paid_on": local_date().isoformat(), "method": reward.claim_method}
    )
    error, status = "", 200
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "check":
            check = CounterForm(request.POST, needs_code=needs_code, prefix="check")
            form, run = (
                check,
                lambda d: services.reward_verify_recipient(reward=reward, actor=request.user, **d),
            )
        elif step == "pay":
            payment = PaymentForm(request.POST, prefix="pay")
            form, run = (
                payment,
                lambda d: services.reward_pay(reward=reward, actor=request.user, **d),
            )
        else:
            raise Http404
        if form.is_valid():
            try:
                run(form.cleaned_data)
            except ApplicationError as exc:
                error = exc.message
            else:
                messages.success(
                    request,
                    _("Recipient checked: record the payment.")
                    if step == "check"
                    else _("Payment recorded."),
                )
                return redirect("rewards:counter", pk=reward.pk)
        status = 400
        reward = selectors.counter_reward(request.user, pk)  # a refusal may have changed it
    context = {
        "reward": reward,
        "needs_code": needs_code,
        "check": check,
        "payment": payment,
        "error": error,
        **selectors.reward_words(reward),
    }
    return no_store(render(request, "rewards/unit_counter.html", context, status=status))


@workspace_view
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The payment receipt, with the recipient's identity: for the paying unit's finance."""
    reward = get_object_or_404(Reward.objects.select_related("report", "payment"), pk=pk)
    if reward.status != Reward.Status.PAID:
        raise Http404
    try:
        services.receipt_opened(reward=reward, actor=request.user)
    except ApplicationError as exc:
        raise Http404 from exc
    return pdf_response(documents.receipt_pdf(reward), f"{reward.report.number}-领取凭证.pdf")
