"""Forms of the model-worker registry and of honours lists: uploading a 名单, filtering and editing model workers,
their visits, and lecture teams and studios."""

from django import forms

from gonghui.core.forms import DateInput
from gonghui.orgs.models import Org

from .models import AwardType, Level, ModelWorker, TeamKind, WorkerStatus

ALLOWED_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods", ".csv")
MAX_UPLOAD = 10 * 1024 * 1024


def _choices(choices) -> list[tuple[str, str]]:
    return [("", "全部"), *choices]


class ListUploadForm(forms.Form):
    """A 名单 for a node: the award type and year apply to every row unless the list has 荣誉 and 年度 columns."""

    org = forms.ModelChoiceField(label="登记在", queryset=Org.objects.none(), empty_label=None)
    award_type = forms.ModelChoiceField(
        label="荣誉",
        required=False,
        queryset=AwardType.objects.none(),
        empty_label="按名单中的“荣誉”列",
    )
    year = forms.IntegerField(
        label="年度", required=False, min_value=1950, max_value=2100, help_text="名单中有“年度”列时可不填"
    )
    file = forms.FileField(
        label="名单文件",
        help_text="Excel（.xlsx、.xls）或 CSV：序号、姓名、单位、职务、身份证号、荣誉、年度等列",
    )

    def __init__(self, *args, orgs, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["award_type"].queryset = types

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError("请上传 .xlsx、.xls 或 .csv 文件")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件超过10MB，请分批上传")
        return upload


class WorkerFilter(forms.Form):
    org = forms.ModelChoiceField(
        label="组织（含下级）", required=False, queryset=Org.objects.none(), empty_label="全部"
    )
    level = forms.ChoiceField(label="级别", required=False, choices=_choices(Level.choices))
    status = forms.ChoiceField(label="状态", required=False, choices=_choices(WorkerStatus.choices))
    year = forms.IntegerField(label="获评年度", required=False, min_value=1950, max_value=2100)
    q = forms.CharField(label="搜索", required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            Org.objects.restrict(actor, "view").exclude(level__in=("branch",)).order_by("path")
        )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "org": data.get("org"),
            "level": data.get("level", ""),
            "status": data.get("status", ""),
            "year": data.get("year"),
            "search": data.get("q", ""),
        }


class WorkerEditForm(forms.Form):
    allowance = forms.IntegerField(label="荣誉津贴（元/月）", min_value=0)
    contact = forms.CharField(label="联系人", required=False, max_length=50)
    status = forms.ChoiceField(label="状态", choices=WorkerStatus.choices)
    note = forms.CharField(label="备注", required=False, max_length=200)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label="慰问日期", widget=DateInput())
    visitors = forms.CharField(label="慰问人", max_length=100)
    given = forms.CharField(label="慰问内容", max_length=200, help_text="如：慰问金1000元、米面油一套")
    note = forms.CharField(label="备注", required=False, max_length=200)
    backdate_reason = forms.CharField(label="补录原因", required=False, max_length=200)


class TeamForm(forms.Form):
    org = forms.ModelChoiceField(label="所属组织", queryset=Org.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="类型", choices=TeamKind.choices)
    name = forms.CharField(label="名称", max_length=100)
    founded_on = forms.DateField(label="成立日期", widget=DateInput())
    note = forms.CharField(label="简介", required=False, max_length=300)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class TeamMemberForm(forms.Form):
    model_worker = forms.ModelChoiceField(
        label="劳模", queryset=ModelWorker.objects.none(), empty_label="请选择"
    )
    role = forms.CharField(label="职务", required=False, max_length=20, help_text="如：团长、领衔人")
    joined_on = forms.DateField(label="加入日期", widget=DateInput())

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model_worker"].queryset = workers
