"""The plans part's forms: the list's filters, a new plan, an item with its owner units, a progress report."""

from django import forms

from gonghui.core.forms import DateInput
from gonghui.orgs.fields import OrgChoices
from gonghui.orgs.models import Org

from .models import Plan, PlanItem, PlanKind
from .plans_services import ItemData, PlanData, ReportData


class PlanFilterForm(forms.Form):
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部类别"), *PlanKind.choices])
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="组织（含下级）", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    overdue = forms.ChoiceField(label="逾期", required=False, choices=[("", "全部"), ("1", "有逾期事项")])
    q = forms.CharField(label="搜索", required=False, max_length=100)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            Org.objects.restrict(actor, "view").filter(depth__lte=3).order_by("path")
        )
        self.fields["org"].empty_label = "全部"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "org": d["org"],
            "year": d["year"],
            "search": d["q"],
            "overdue_only": d["overdue"] == "1",
        }


class PlanForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="制定单位", empty_label="请选择")
    kind = forms.ChoiceField(label="类别", choices=PlanKind.choices)
    title = forms.CharField(label="计划名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    starts_on = forms.DateField(label="开始日期", widget=DateInput)
    ends_on = forms.DateField(label="结束日期", widget=DateInput)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Org.objects.restrict(actor, "work.edit").order_by("path")

    def data_for_service(self) -> PlanData:
        d = self.cleaned_data
        return PlanData(
            org=d["org"],
            kind=d["kind"],
            title=d["title"],
            year=d["year"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
        )


class ItemForm(forms.Form):
    parent = forms.ModelChoiceField(
        queryset=PlanItem.objects.none(), label="上级事项", required=False, empty_label="（无，顶层事项）"
    )
    label = forms.CharField(label="序号", max_length=20, help_text="如：一、1、1.2")
    title = forms.CharField(label="事项", max_length=300)
    target = forms.CharField(label="目标", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = forms.DateField(label="开始日期", required=False, widget=DateInput)
    due_on = forms.DateField(label="完成时限", required=False, widget=DateInput)
    weight = forms.IntegerField(label="权重", required=False, min_value=1, help_text="不填按1计")
    owners = OrgChoices(
        queryset=Org.objects.none(),
        label="责任单位",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text="可多选；本计划制定单位及其下级",
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = plan.items.all()
        self.fields["owners"].queryset = (
            Org.objects.in_subtree(plan.org).select_related("parent").order_by("path")
        )

    def data_for_service(self) -> tuple[ItemData, list[Org]]:
        d = self.cleaned_data
        return (
            ItemData(
                label=d["label"],
                title=d["title"],
                target=d["target"],
                starts_on=d["starts_on"],
                due_on=d["due_on"],
                weight=d["weight"],
                parent=d["parent"],
            ),
            list(d["owners"]),
        )


class ReportForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    unit = forms.IntegerField(widget=forms.HiddenInput)
    reported_on = forms.DateField(label="报告日期", widget=DateInput)
    percent = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(label="佐证材料", required=False, max_length=1000, help_text="文件名或说明")

    def data_for_service(self) -> ReportData:
        d = self.cleaned_data
        return ReportData(
            reported_on=d["reported_on"], text=d["text"], percent=d["percent"], evidence=d["evidence"]
        )
