"""The audit log in words: `{{ event.action|action_label }}` gives an action's Chinese label, and
`{% for label, before, after in event|changes %}` the values before and after, field by field, as a register
reads them."""

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from gonghui.core.audit import action_label as label_of
from gonghui.core.audit import field_label

register = template.Library()

EMPTY = "—"


@register.filter
def action_label(code: str) -> str:
    return label_of(code)


def _field(target_type: str, name: str):
    """The model field an audit key names, when the record's type is a model that has it."""
    try:
        return apps.get_model(target_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def _label(field, name: str, code: str) -> str:
    """The app's label for the key, else the field's own verbose name (a relation: its model's), else any app's
    label for the key, else the key."""
    own = field_label(code, name, own_only=True)
    if own:
        return own
    if field is not None and field.auto_created and not field.concrete:
        return str(field.related_model._meta.verbose_name_plural)
    label = getattr(field, "verbose_name", None)
    if label and str(label) != name.replace("_", " "):
        return str(label)
    return field_label(code, name) or name


def _value(field, value, code: str = "") -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_value(field, v, code) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{field_label(code, k) or k}：{_value(None, v, code)}" for k, v in value.items())
    choices = dict(getattr(field, "flatchoices", None) or ())
    return str(choices.get(value, value))


@register.filter
def changes(event) -> list[tuple[str, str, str]]:
    """(label, before, after) for every key either side records, in the order the record gives them."""
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("", _value(None, event.before, event.action), _value(None, event.after, event.action))]
    rows = []
    for name in dict.fromkeys([*before, *after]):
        field = _field(event.target_type, name) if event.target_type else None
        rows.append(
            (
                _label(field, name, event.action),
                _value(field, before[name], event.action) if name in before else "",
                _value(field, after[name], event.action) if name in after else "",
            )
        )
    return rows
