"""The evaluations' forms (rule G4): the list's filters, a scheme with its indicator tree written one line each,
a round, a unit's self-assessment and the evaluating group's scores (one row per indicator)."""

from django import forms

from gonghui.core.forms import DateInput
from gonghui.orgs.models import Org, Status

from .evaluations_tree import hundredths, shown_hundredths
from .models import EvaluationScheme, RoundStatus

TREE_HELP = (
    "类别一行：“类别名称 权重”；其下每个指标一行：“- 指标名称 | 计分方法 | 满分 | 参数”。"
    "计分方法：达标（参数 达标线、未达标得分）、扣分（每次扣分、最低分）、比较（与最优单位比）、"
    "加分、减分（上限）、否决（否决方式=清零 或 末位）。"
)


SMALL = {"class": "form-control form-control-sm"}


def _nodes(actor):
    return Org.objects.restrict(actor, "work.edit").exclude(status=Status.DISSOLVED).order_by("path")


class FilterForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="单位（含下级）", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *RoundStatus.choices])
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
        return {"org": d["org"], "year": d["year"], "status": d["status"], "search": d["q"]}


class SchemeForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="考核单位", empty_label="请选择")
    name = forms.CharField(label="方案名称", max_length=200)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    tree = forms.CharField(label="指标体系", widget=forms.Textarea(attrs={"rows": 10}), help_text=TREE_HELP)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _nodes(actor).filter(children__isnull=False).distinct()


class RoundForm(forms.Form):
    scheme = forms.ModelChoiceField(
        queryset=EvaluationScheme.objects.none(), label="考核方案", empty_label="请选择"
    )
    name = forms.CharField(label="考核名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    units = forms.ModelMultipleChoiceField(
        queryset=Org.objects.none(),
        label="被考核单位",
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="方案所属单位的直属下级，可多选",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = EvaluationScheme.objects.restrict(actor, "manage").select_related(
            "org"
        )
        nodes = _nodes(actor)
        self.fields["units"].queryset = nodes.filter(parent__in=nodes)


def _value_field(label: str, initial=None) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=20, initial=initial, widget=forms.TextInput(attrs=SMALL)
    )


class ValuesForm(forms.Form):
    """One value per indicator (`v_<id>`), with the evidence (self-assessment) or a note (scores)."""

    def __init__(
        self, *args, indicators, initial_values: dict, notes: dict, note_label: str, files=None, **kw
    ):
        super().__init__(*args, **kw)
        self.indicators = list(indicators)
        self.with_files = files is not None
        for ind in self.indicators:
            v = initial_values.get(ind.pk)
            self.fields[f"v_{ind.pk}"] = _value_field(
                ind.name, shown_hundredths(v) if v is not None else None
            )
            self.fields[f"n_{ind.pk}"] = forms.CharField(
                label=note_label,
                required=False,
                max_length=500,
                initial=notes.get(ind.pk, ""),
                # a row of the table: the indicator's name is the visible label of the value, so the note and the
                # file names say whose they are to a screen reader
                widget=forms.TextInput(attrs={**SMALL, "aria-label": f"{ind.name}：{note_label}"}),
            )
            if self.with_files:
                self.fields[f"f_{ind.pk}"] = forms.CharField(
                    label="佐证文件名",
                    required=False,
                    max_length=500,
                    initial=(files or {}).get(ind.pk, ""),
                    widget=forms.TextInput(attrs={**SMALL, "aria-label": f"{ind.name}：佐证文件名"}),
                )

    def rows(self):
        for ind in self.indicators:
            yield (
                ind,
                self[f"v_{ind.pk}"],
                self[f"n_{ind.pk}"],
                self[f"f_{ind.pk}"] if self.with_files else None,
            )

    def clean(self):
        data = super().clean()
        self.values: dict[int, tuple] = {}
        for ind in self.indicators:
            raw = (data.get(f"v_{ind.pk}") or "").strip()
            if not raw:
                continue
            try:
                value = hundredths(raw)
            except ValueError:
                self.add_error(f"v_{ind.pk}", f"“{ind.name}”须为数字，最多两位小数")
                continue
            note = data.get(f"n_{ind.pk}", "")
            self.values[ind.pk] = (
                (value, note, data.get(f"f_{ind.pk}", "")) if self.with_files else (value, note)
            )
        if not self.values and not self.errors and not self.allow_empty():
            raise forms.ValidationError("请至少填写一项")
        return data

    def allow_empty(self) -> bool:
        return False


class ScoreForm(ValuesForm):
    visited_on = forms.DateField(
        label="实地考核日期", required=False, widget=DateInput(attrs={"class": "form-control"})
    )
    members = forms.CharField(
        label="考核组成员",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    visit_notes = forms.CharField(
        label="考核记录",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        max_length=2000,
    )

    def allow_empty(self) -> bool:
        return bool(self.data.get("visited_on"))

    def visit(self):
        d = self.cleaned_data
        if not d.get("visited_on"):
            return None
        return d["visited_on"], d.get("members", ""), d.get("visit_notes", "")
