"""Public reward pages and the reporter's claim on /track/."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents import pdf_response
from core.errors import ApplicationError
from reports.tracking import tracked_report
from rewards import documents, selectors, services
from rewards.forms import ClaimForm
from rewards.models import Reward


def standard(request: HttpRequest) -> HttpResponse:
    """The published list (明码实价), searchable, grouped by sector, in plain Chinese."""
    current = selectors.standard_in_force()
    query = request.GET.get("q", "").strip()[:50]
    context = {
        "standard": current,
        "query": query,
        "groups": selectors.standard_items(current, query) if current else [],
    }
    return render(request, "rewards/standard.html", context)


def unclaimed(request: HttpRequest) -> HttpResponse:
    """Rewards of anonymous reporters still to be claimed, by case number only."""
    return render(request, "rewards/unclaimed.html", {"rewards": selectors.unclaimed_anonymous()})


def _tracked_reward(request: HttpRequest) -> Reward | None:
    report = tracked_report(request)
    if report is None:
        return None
    return selectors.reward_for_reporter(report)


@require_POST
def claim(request: HttpRequest) -> HttpResponse:
    """Claiming on /track/ proves the receipt code: the session was opened with it."""
    reward = _tracked_reward(request)
    if reward is None:
        return redirect("reports:track")
    form = ClaimForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how you want to be paid."))
        return redirect("reports:track-case")
    try:
        reward = services.reward_claim(reward=reward, method=form.cleaned_data["method"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, selectors.claimed_words(reward.claim_method))
    return redirect("reports:track-case")


@require_POST
def decline(request: HttpRequest) -> HttpResponse:
    reward = _tracked_reward(request)
    if reward is None:
        return redirect("reports:track")
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you decline the reward."))
        return redirect("reports:track-case")
    try:
        services.reward_decline(reward=reward)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You declined the reward. Thank you for reporting."))
    return redirect("reports:track-case")


def notice(request: HttpRequest) -> HttpResponse:
    reward = _tracked_reward(request)
    if reward is None or reward.status not in selectors.NOTICE_STANDS:
        raise Http404  # a suspended or refused reward's notice is withdrawn
    return pdf_response(documents.notice_pdf(reward), f"{reward.report.number}-奖励通知书.pdf")
