"""The audit log in words: `{{ event.action|action_label }}` gives an action's Chinese label."""

from django import template

from gonghui.core.audit import action_label as label_of

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return label_of(code)
