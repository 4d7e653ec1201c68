"""The key-task plan."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import params, staging
from core.calendar import local_date
from core.errors import ApplicationError
from publicity import selectors, services
from publicity.forms import (
    TaskDoneForm,
)
from publicity.models import (
    TaskAssignment,
)
from publicity.views.common import _context, _seen, _unit
from units import permissions
from units.models import Unit
from units.permissions import Perm
from units.workspace import workspace_view


# ------------------------------------------------------------------------------
# Key tasks
# ------------------------------------------------------------------------------
@workspace_view
def tasks(request: HttpRequest) -> HttpResponse:
    return _tasks_page(request, _unit(request), params.year(request.GET))


def _tasks_page(request: HttpRequest, unit: Unit, year: int, bound=None) -> HttpResponse:
    """The plan; ``bound`` is a refused "done" form, shown again open with what was given."""
    own = list(
        TaskAssignment.objects.filter(unit=unit, year=year)
        .select_related("task", "done_by")
        .prefetch_related("photos")
    )
    today = local_date()
    for a in own:
        a.overdue = a.done_at is None and a.due_date < today
        a.form = bound if bound is not None and bound.prefix == f"t{a.pk}" else None
        a.form = a.form or TaskDoneForm(prefix=f"t{a.pk}")
    township = unit.township() or unit
    return render(
        request,
        "publicity/tasks.html",
        _context(
            request,
            unit,
            year=year,
            own=own,
            matrix=selectors.task_matrix(unit, year) if unit.kind != Unit.Kind.VILLAGE else None,
            can_plan=unit.pk == township.pk
            and permissions.can(request.user, Perm.TRIAGE, township),
            can_answer=permissions.can(request.user, Perm.ANSWER_FOR, unit),
        ),
        status=400 if bound is not None else 200,
    )


@workspace_view
@require_POST
def tasks_plan(request: HttpRequest) -> HttpResponse:
    unit = _unit(request, Perm.TRIAGE)
    township = unit.township() or unit
    year = params.year(request.POST)
    try:
        added = services.task_plan_generate(actor=request.user, township=township, year=year)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s assignments added.") % {"n": added})
    return redirect(f"{reverse('publicity:tasks')}?unit={unit.pk}&year={year}")


@workspace_view
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        _seen(request, TaskAssignment.objects.select_related("unit")), pk=pk
    )
    form = TaskDoneForm(request.POST, request.FILES, prefix=f"t{pk}")
    kept = staging.Keeper(request, form)  # photos chosen survive a mistake (core.staging)
    if kept.is_valid():
        try:
            services.task_complete(
                actor=request.user,
                assignment=assignment,
                evidence=form.cleaned_data["evidence"],
                link=form.cleaned_data["link"],
                photos=form.cleaned_data["photos"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            kept.release()
            messages.success(request, _("Marked done."))
            return redirect(
                f"{reverse('publicity:tasks')}?unit={assignment.unit_id}&year={assignment.year}"
            )
    return _tasks_page(request, assignment.unit, assignment.year, bound=form)
