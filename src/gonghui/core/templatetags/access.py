"""What a page may link to: a link is shown only where the user may open it, so nobody meets their own 404.

`{% if user|can:"work.edit" %}` (holds the permission somewhere) and `{% if user|can_view:org %}` (may open
this object: the single-object form of `restrict`)."""

from django import template

from gonghui.core.scope import has_perm, in_scope

register = template.Library()


@register.filter
def can(user, perm: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_perm(user, perm)


@register.filter
def can_view(user, obj) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and obj is not None and in_scope(user, "view", obj)
