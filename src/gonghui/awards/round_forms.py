"""The forms of a round: opening it with totals and rules, and putting a nominee on a node's list."""

from django import forms

from gonghui.core.forms import DateInput
from gonghui.orgs.models import Org

from .attachments import ACCEPTED
from .models import Attachment, AwardType, Category, Stream
from .round_services import USUAL_RULES

RULE_KINDS = [("", "不设"), ("floor", "不低于"), ("cap", "不高于")]


class RoundForm(forms.Form):
    """A round's name, year and 公示 period, a total per type and stream (A2), a rule per category (A3)."""

    org = forms.ModelChoiceField(label="组织单位", queryset=Org.objects.none(), empty_label=None)
    name = forms.CharField(label="评选名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    publicity_days = forms.IntegerField(label="公示期（工作日）", min_value=1, max_value=30, initial=5)

    def __init__(self, *args, orgs, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.types = list(types)
        for t in self.types:
            for stream, label in Stream.choices:
                self.fields[f"total-{t.pk}-{stream}"] = forms.IntegerField(
                    label=f"{t.name}（{label}）", min_value=0, required=False
                )
        usual = {c: (p, floor) for c, p, floor in USUAL_RULES}
        for category, label in Category.choices:
            percent, floor = usual.get(category, (None, True))
            self.fields[f"kind-{category}"] = forms.ChoiceField(
                label=f"{label}比例",
                choices=RULE_KINDS,
                required=False,
                initial="" if percent is None else ("floor" if floor else "cap"),
            )
            self.fields[f"percent-{category}"] = forms.IntegerField(
                label=f"{label}（%）", min_value=1, max_value=100, required=False, initial=percent
            )

    def total_rows(self):
        return [(t, [self[f"total-{t.pk}-{s}"] for s in Stream.values]) for t in self.types]

    def rule_rows(self):
        return [(label, self[f"kind-{c}"], self[f"percent-{c}"]) for c, label in Category.choices]

    def totals(self) -> dict[tuple[AwardType, str], int]:
        data = self.cleaned_data
        return {
            (t, s): data[f"total-{t.pk}-{s}"]
            for t in self.types
            for s in Stream.values
            if data.get(f"total-{t.pk}-{s}")
        }

    def rules(self) -> list[tuple[str, int, bool]]:
        data = self.cleaned_data
        return [
            (c, data[f"percent-{c}"], data[f"kind-{c}"] == "floor")
            for c in Category.values
            if data.get(f"kind-{c}") and data.get(f"percent-{c}")
        ]


class NominationForm(forms.Form):
    """A nominee (A4): the award and stream within the node's quota, the recipient named by kind, the material."""

    award_type = forms.ModelChoiceField(label="荣誉", queryset=AwardType.objects.none(), empty_label="请选择")
    stream = forms.ChoiceField(label="名额类别", choices=Stream.choices, initial=Stream.REGULAR)
    unit_name = forms.CharField(label="单位名称", max_length=200)
    team_name = forms.CharField(label="集体名称（班组、车间）", max_length=100, required=False)
    person_name = forms.CharField(label="姓名", max_length=50, required=False)
    id_number = forms.CharField(
        label="身份证号码（会员可按证件号查找）",
        max_length=18,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    position = forms.CharField(label="职务（岗位）", max_length=100, required=False)
    categories = forms.MultipleChoiceField(
        label="人员类别", choices=Category.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    deeds = forms.CharField(label="主要事迹", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    below_reason = forms.CharField(label="未获下一级荣誉的说明", max_length=200, required=False)

    def __init__(self, *args, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = types


class StepForm(forms.Form):
    """The fields the steps of a nominee's path ask for; each step reads the ones it needs."""

    on = forms.DateField(label="日期", widget=DateInput)
    votes_yes = forms.IntegerField(label="同意票数", min_value=0, required=False)
    votes_total = forms.IntegerField(label="参加评议人数", min_value=1, required=False)
    department = forms.CharField(label="联审部门", max_length=60, required=False)
    passed = forms.ChoiceField(label="意见", choices=[("yes", "同意"), ("no", "否决")], required=False)
    reason = forms.CharField(label="理由", max_length=300, required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label="受理日期", widget=DateInput)
    raised_by = forms.CharField(label="反映人", max_length=60, required=False, help_text="可填“匿名”")
    content = forms.CharField(label="反映内容", widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    decided_on = forms.DateField(label="办结日期", widget=DateInput)
    investigation = forms.CharField(label="调查核实情况", widget=forms.Textarea(attrs={"rows": 2}))
    upheld = forms.ChoiceField(label="结论", choices=[("no", "反映不实"), ("yes", "反映属实")])


class AttachmentForm(forms.Form):
    """A file for a nominee's material (推荐材料附件); its bytes are checked by the service."""

    kind = forms.ChoiceField(label="材料类别", choices=Attachment.Kind.choices, initial=Attachment.Kind.DEEDS)
    file = forms.FileField(
        label="附件",
        help_text=f"{ACCEPTED}，每个不超过 10 MB，每人最多 10 个",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )
