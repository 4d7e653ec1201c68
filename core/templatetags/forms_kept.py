"""Template parts of every form: the files kept across a mistake (``core.staging``) beside
their field, and the list of errors at the top."""

from django import template

from core.staging import FIELD, REMOVE

register = template.Library()


@register.inclusion_tag("core/_kept_files.html")
def kept_files(field) -> dict:
    """The files kept for ``field`` (a bound field) from the person's last try, with the hidden
    ids that carry them and a box to leave each out. Nothing for other fields."""
    keeper = getattr(field.form, "kept", None)
    files = keeper.for_field(field.name) if keeper is not None else []
    return {
        "files": files,
        "field": field,
        "input": field.form.add_prefix(FIELD),
        "remove": field.form.add_prefix(REMOVE),
    }


@register.inclusion_tag("core/_error_summary.html")
def error_summary(form, admin: bool = False, summary_id: str = "form-errors") -> dict:
    """Every error of ``form`` at its top, each linked to its field, in the page's style."""
    items = [{"text": str(e), "anchor": ""} for e in form.non_field_errors()]
    for field in form:
        label = str(field.label or "")
        for error in field.errors:
            text = str(error)
            if not field.is_hidden and label and label not in text:
                text = f"{label}：{text}"
            anchor = "" if field.is_hidden else (field.id_for_label or f"{field.auto_id}_0")
            items.append({"text": text, "anchor": anchor})
    return {"items": items, "admin": admin, "summary_id": summary_id}
