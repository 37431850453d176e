"""`{% load numbers %}{{ n|thousands }}`: an amount with thousands separators (10000 → 10,000, None → —)."""

from django import template

from gonghui.core.numbers import thousands as _thousands

register = template.Library()


@register.filter
def thousands(value, empty: str | None = None) -> str:
    return _thousands(value) if empty is None else _thousands(value, empty=empty)
