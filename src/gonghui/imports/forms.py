"""Forms of the roster import pages."""

from django import forms
from django.conf import settings

from gonghui.core.limits_middleware import megabytes
from gonghui.orgs.models import Org

from .roster import FIELDS


class UploadForm(forms.Form):
    union = forms.ModelChoiceField(queryset=Org.objects.none(), label="导入到工会", empty_label="请选择")
    file = forms.FileField(
        label="名册文件（.xlsx、.xls、.csv）",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.xlsm,.ods,.csv"}),
    )

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions

    def clean_file(self):
        """Refused by its size before it is read; bigger rosters are for `gonghui importroster` (operations)."""
        upload = self.cleaned_data["file"]
        limit = settings.GONGHUI_ROSTER_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"名册文件“{upload.name}”有 {megabytes(upload.size)}，超过 {megabytes(limit)} 的上限；"
                "请分成几个文件导入，或由管理员用命令 gonghui importroster 导入。",
                code="too_large",
            )
        return upload


FIELD_CHOICES = [("", "（不导入）"), *[(f, label) for f, (label, _) in FIELDS.items()]]


class MappingForm(forms.Form):
    """One select per column of the roster: which register field it holds."""

    def __init__(self, *args, headings: list[str], mapping: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        for col, heading in enumerate(headings):
            self.fields[f"col{col}"] = forms.ChoiceField(
                label=heading or f"第{col + 1}列",
                choices=FIELD_CHOICES,
                required=False,
                initial=mapping.get(col, ""),
            )

    def mapping(self) -> dict[int, str]:
        return {int(name[3:]): value for name, value in self.cleaned_data.items() if value}

    def mark_refused(self, exc) -> None:
        """The service's word on the mapping, beside each column it concerns: every column of a field chosen
        twice."""
        note = exc.fields.get("mapping")
        chosen = list(self.mapping().items())
        for col, field in chosen:
            if note and sum(1 for _, f in chosen if f == field) > 1:
                self.add_error(f"col{col}", note)
