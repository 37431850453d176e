"""Template filters that put history entries into words."""

from django import template

from gonghui.core.audit import action_label as label_of
from gonghui.orgs.models import Level, Status

register = template.Library()

FIELDS = {
    "name": "名称",
    "short_name": "简称",
    "level": "层级",
    "parent": "上级工会",
    "district_code": "行政区划代码",
    "industry": "产业",
    "uscc": "统一社会信用代码",
    "legal_person_certificate": "法人资格证书",
    "committee_chair": "工会主席",
    "term_start": "任期开始",
    "term_years": "任期(年)",
    "established_on": "成立日期",
    "status": "状态",
}
VALUES = {**dict(Level.choices), **dict(Status.choices)}


@register.filter
def action_label(code: str) -> str:
    """What the history shows for an entry: its action's label as orgs/audit.py declares it."""
    return label_of(code)


@register.filter
def changes(values: dict | None) -> str:
    if not values:
        return ""
    parts = []
    for key, value in values.items():
        if value in (None, ""):
            continue
        shown = VALUES.get(value, value) if key in ("level", "status") else value
        parts.append(f"{FIELDS.get(key, key)}：{shown}")
    return "；".join(parts)
