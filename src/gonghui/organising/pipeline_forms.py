"""The pipeline part's forms: the lists' filters, a target's follow-up (owner, priority, next step), a visit with the
opinions given on it, a new target (an employer on the register, or a new one), an event, an employer contacted
at it, an opinion and its answer."""

from django import forms
from django.utils import timezone

from gonghui.core.forms import DateInput
from gonghui.orgs.models import Employer, Industry, Level, Org, Ownership

from . import pipeline_selectors as selectors
from .models import Priority, Stage, Target
from .models.pipeline import EventKind, OpinionCategory, Outcome, OutreachEvent, VisitKind


def _orgs(actor, perm: str = "view"):
    """Federations down to the streets, as the filters and the forms offer them."""
    return (
        Org.objects.restrict(actor, perm)
        .filter(depth__lte=3)
        .exclude(level__in=(Level.BASE, Level.BRANCH, Level.JOINT))
        .order_by("path")
    )


def _all(label: str, choices) -> list[tuple[str, str]]:
    return [("", label), *choices]


class _Filters(forms.Form):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs(actor)
        self.fields["org"].empty_label = "全部"

    def values(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


class TargetFilterForm(_Filters):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="所在组织（含下级）", required=False)
    stage = forms.ChoiceField(label="阶段", required=False, choices=_all("全部阶段", Stage.choices))
    priority = forms.ChoiceField(label="优先级", required=False, choices=_all("全部", Priority.choices))
    owner = forms.ModelChoiceField(queryset=Target.objects.none(), label="责任人", required=False)
    size = forms.ChoiceField(
        label="职工人数",
        required=False,
        choices=_all("不限", [(k, label) for k, (label, _) in selectors.SIZES.items()]),
    )
    overdue = forms.BooleanField(label="只看下一步已逾期", required=False)
    q = forms.CharField(label="搜索", required=False, max_length=100, help_text="单位名称或统一社会信用代码")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["owner"].queryset = selectors.owners_seen(actor)
        self.fields["owner"].empty_label = "全部"

    def filters(self) -> dict:
        d = self.values()
        return {
            "org": d.get("org"),
            "stage": d.get("stage", ""),
            "priority": d.get("priority", ""),
            "owner": d.get("owner"),
            "size": d.get("size", ""),
            "overdue": bool(d.get("overdue")),
            "search": d.get("q", ""),
        }


class TargetEditForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=Target.objects.none(), label="责任人", required=False)
    priority = forms.ChoiceField(label="优先级", choices=Priority.choices)
    is_priority_group = forms.BooleanField(label="八大群体用工单位", required=False)
    is_platform = forms.BooleanField(label="平台企业", required=False)
    next_step = forms.CharField(label="下一步", max_length=200, required=False)
    next_step_on = forms.DateField(label="下一步日期", required=False, widget=DateInput)
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, actor, target: Target, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                k: getattr(target, k)
                for k in ("priority", "is_priority_group", "is_platform", "next_step", "note")
            }
            | {"owner": target.owner_id, "next_step_on": target.next_step_on},
        )
        super().__init__(*args, prefix="t", **kwargs)
        self.fields["owner"].queryset = selectors.owner_choices(actor, target.org)
        self.fields["owner"].empty_label = "未指定"


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label="方式", choices=VisitKind.choices)
    on = forms.DateField(label="走访日期", widget=DateInput)
    visitors = forms.CharField(
        label="走访人员", max_length=200, help_text="如：街道总工会 赵子鹏、组织员 刘敏"
    )
    met = forms.CharField(label="接待人", max_length=100, required=False, help_text="如：店长 王某")
    said = forms.CharField(label="沟通情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label="结果", choices=_all("请选择", Outcome.choices))
    next_step = forms.CharField(label="下一步", max_length=200, required=False)
    next_step_on = forms.DateField(label="下一步日期", required=False, widget=DateInput)
    opinion_category = forms.ChoiceField(
        label="职工意见建议类别", required=False, choices=_all("无", OpinionCategory.choices)
    )
    opinion_text = forms.CharField(
        label="职工意见建议",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="走访中职工提出的，可不填",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, prefix="v", **kwargs)

    def for_service(self) -> dict:
        d = dict(self.cleaned_data)
        category, text = d.pop("opinion_category"), d.pop("opinion_text")
        d["opinions"] = [(category or "other", text)] if text.strip() else []
        return d


class EmployerSearchForm(_Filters):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="所在组织（含下级）", required=False)
    q = forms.CharField(label="搜索", required=False, max_length=100, help_text="单位名称或统一社会信用代码")

    def filters(self) -> dict:
        d = self.values()
        return {"org": d.get("org"), "search": d.get("q", "")}


class TargetOpenForm(forms.Form):
    employer = forms.IntegerField(widget=forms.HiddenInput)


class NewEmployerForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="登记在", empty_label="请选择")
    name = forms.CharField(label="单位名称", max_length=200)
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    ownership = forms.ChoiceField(label="单位性质", choices=Ownership.choices, initial=Ownership.PRIVATE)
    industry = forms.ChoiceField(label="行业", required=False, choices=_all("请选择", Industry.choices))
    headcount = forms.IntegerField(label="职工人数", min_value=0, max_value=10_000_000, initial=0)
    address = forms.CharField(label="地址", max_length=255, required=False)
    priority = forms.ChoiceField(label="优先级", choices=Priority.choices, initial=Priority.NORMAL)
    is_priority_group = forms.BooleanField(label="八大群体用工单位", required=False)
    is_platform = forms.BooleanField(label="平台企业", required=False)

    EMPLOYER = ("name", "uscc", "ownership", "industry", "headcount", "address")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, prefix="n", **kwargs)
        self.fields["org"].queryset = _orgs(actor, "employer.manage")

    def split(self) -> tuple[dict, dict]:
        d = self.cleaned_data
        return (
            {k: d[k] for k in self.EMPLOYER},
            {k: d[k] for k in ("priority", "is_priority_group", "is_platform")},
        )


class EventFilterForm(_Filters):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="举办单位（含下级）", required=False)
    kind = forms.ChoiceField(label="形式", required=False, choices=_all("全部", EventKind.choices))
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label="搜索", required=False, max_length=100, help_text="名称或地点")

    def filters(self) -> dict:
        d = self.values()
        return {
            "org": d.get("org"),
            "kind": d.get("kind", ""),
            "year": d.get("year") or None,
            "search": d.get("q", ""),
        }


class EventForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="举办单位", empty_label="请选择")
    kind = forms.ChoiceField(label="形式", choices=EventKind.choices)
    title = forms.CharField(label="名称", max_length=120, help_text="如：大栅栏西街“摆摊设点”职工沟通会")
    on = forms.DateField(label="日期", widget=DateInput)
    place = forms.CharField(label="地点", max_length=120, required=False)
    note = forms.CharField(label="情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, actor, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs(actor, "employer.manage")


class ContactForm(forms.Form):
    employer = forms.ModelChoiceField(
        queryset=Employer.objects.none(), label="已登记的单位", required=False, empty_label="（登记新单位）"
    )
    name = forms.CharField(label="新单位名称", max_length=200, required=False, help_text="未登记的门店、企业")
    headcount = forms.IntegerField(label="职工人数", min_value=0, max_value=10_000_000, required=False)
    address = forms.CharField(label="地址", max_length=255, required=False)
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="新单位登记在", required=False)
    met = forms.CharField(label="接待人", max_length=100, required=False, help_text="如：店长 王某")
    outcome = forms.ChoiceField(label="结果", choices=_all("请选择", Outcome.choices))
    next_step = forms.CharField(label="下一步", max_length=200, required=False)
    next_step_on = forms.DateField(label="下一步日期", required=False, widget=DateInput)

    def __init__(self, *args, actor, event: OutreachEvent, **kwargs):
        super().__init__(*args, prefix="c", **kwargs)
        self.fields["employer"].queryset = selectors.contact_employers(actor, event)
        self.fields["org"].queryset = selectors.federations(actor, event.org, "employer.manage")
        self.fields["org"].empty_label = event.org.name

    def for_service(self) -> dict:
        d = self.cleaned_data
        new = None
        if d["employer"] is None:
            new = {"name": d["name"], "headcount": d["headcount"] or 0, "address": d["address"]}
        return {
            "employer": d["employer"],
            "new_employer": new,
            "org": d["org"],
            "met": d["met"],
            "outcome": d["outcome"],
            "next_step": d["next_step"],
            "next_step_on": d["next_step_on"],
        }


class OpinionForm(forms.Form):
    on = forms.DateField(label="收集日期", widget=DateInput)
    category = forms.ChoiceField(label="类别", choices=OpinionCategory.choices)
    text = forms.CharField(label="意见建议", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, day=None, **kwargs):
        kwargs.setdefault("initial", {"on": day or timezone.localdate()})
        super().__init__(*args, prefix="o", **kwargs)


class OpinionNewForm(OpinionForm):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="登记单位", empty_label="请选择")

    field_order = ["org", "on", "category", "text"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs(actor, "employer.manage")


class OpinionFilterForm(_Filters):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="登记单位（含下级）", required=False)
    category = forms.ChoiceField(label="类别", required=False, choices=_all("全部", OpinionCategory.choices))
    state = forms.ChoiceField(
        label="答复", required=False, choices=[("", "全部"), ("open", "待答复"), ("answered", "已答复")]
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label="搜索", required=False, max_length=100, help_text="意见或答复中的文字")

    def filters(self) -> dict:
        d = self.values()
        return {
            "org": d.get("org"),
            "category": d.get("category", ""),
            "state": d.get("state", ""),
            "year": d.get("year") or None,
            "search": d.get("q", ""),
        }


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 2}))
    answered_on = forms.DateField(label="答复日期", widget=DateInput)

    def __init__(self, *args, opinion, **kwargs):
        kwargs.setdefault(
            "initial", {"answer": opinion.answer, "answered_on": opinion.answered_on or timezone.localdate()}
        )
        super().__init__(*args, prefix=f"a{opinion.pk}", **kwargs)


class BoardForm(_Filters):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="组织（含下级）", required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["org"].empty_label = None
