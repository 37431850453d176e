"""The audit log as a list (core/lists.py): its filters, its order and its sheet for the 审计员."""

from django import forms
from django.apps import apps

from .audit import Action, AuditActions, action_choices, action_label
from .forms import DateInput
from .lists import Column, ListSpec, Sort
from .models import AuditCategory
from .selectors import audit_events_for


class AuditLogAudit(AuditActions):
    EXPORT = Action("audit.export", "导出审计日志")
    EXPORT_DOWNLOAD = Action("audit.export.download", "下载审计日志（后台导出）")


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return "　" * (obj.depth - 1) + obj.name  # indented as in the tree


class AuditFilterForm(forms.Form):
    org = OrgChoiceField(label="组织（含下级）", required=False, queryset=None, empty_label="全部")
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *AuditCategory.choices])
    action = forms.ChoiceField(label="操作", required=False, choices=())
    username = forms.CharField(label="操作人", required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=DateInput)
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # the organisations above the base unions that the auditor may read (core cannot import orgs: by name)
        org_model = apps.get_model("orgs", "Org")
        self.fields["org"].queryset = (
            org_model.objects.restrict(actor, "audit.view")
            .exclude(level__in=("base", "branch"))
            .order_by("path")
        )
        # every declared action, grouped by the app that declares it
        self.fields["action"].choices = [("", "全部"), *action_choices()]


def _events(actor, params: dict[str, str]):
    form = AuditFilterForm(params or None, actor=actor)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    filters["action_code"] = filters.pop("action", "")  # one action exactly, not every code that begins so
    return audit_events_for(actor=actor, **{k: v for k, v in filters.items() if v})


def _changes(event) -> str:
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return f"{before or ''} → {after or ''}".strip(" →")
    keys = dict.fromkeys([*before, *after])
    return "；".join(f"{k}：{before.get(k, '')} → {after.get(k, '')}" for k in keys)


AUDIT_LOG = ListSpec(
    name="core.audit",
    title="审计日志",
    rows=_events,
    sorts=(
        Sort("at", "时间", ("created_at",)),
        Sort("actor", "操作人", ("actor_username",)),
        Sort("action", "操作", ("action",)),
    ),
    default_sort="-at",
    columns=(
        Column("时间", lambda e: e.created_at, 18),
        Column("操作人", lambda e: e.actor_username or "系统", 14),
        Column("类别", lambda e: e.get_category_display(), 8),
        Column("操作", lambda e: action_label(e.action), 24),
        Column("操作代码", lambda e: e.action, 22),
        Column("对象", lambda e: e.target_label, 24),
        Column("组织", lambda e: e.org.name if e.org else "", 24),
        Column("变更", _changes, 40),
        Column("原因", lambda e: e.reason, 24),
        Column("IP", lambda e: e.ip or "", 14),
    ),
    export_action=AuditLogAudit.EXPORT,
    download_action=AuditLogAudit.EXPORT_DOWNLOAD,
)
