def dashboard_link(request) -> dict:
    """Whether the workspace shows the dashboard link (the memberships are cached per request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from dashboards.selectors import can_open

    return {"can_dashboard": can_open(user)}
