def dashboard_link(request) -> dict:
    """Whether the workspace shows the dashboard link (the memberships are cached per request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from dashboards.selectors import DASHBOARD_ROLES
    from units.selectors import memberships_of

    return {
        "can_dashboard": user.is_superuser
        or any(m.role in DASHBOARD_ROLES for m in memberships_of(user))
    }
