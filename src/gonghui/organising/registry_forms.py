"""The registry part's forms: the lists' filters, registering a certificate, recording a change, re-registering it
and cancelling the registration."""

from django import forms
from django.utils import timezone

from gonghui.core.forms import DateInput
from gonghui.orgs.models import Level, Org

from . import registry_selectors as selectors
from .models import ChangeField, LegalPersonStatus
from .registry_services import CertificateData


def _area_choices(field: forms.ModelChoiceField, actor) -> None:
    """The subtrees a list may be narrowed to: the federations the actor sees (not each base union)."""
    field.queryset = (
        Org.objects.restrict(actor, "view").exclude(level__in=(Level.BASE, Level.BRANCH)).order_by("path")
    )
    field.empty_label = "全部"


class RegistryFilterForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="组织（含下级）", required=False)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *LegalPersonStatus.choices]
    )
    pending = forms.ChoiceField(label="变更", required=False, choices=selectors.PENDING_CHOICES)
    q = forms.CharField(
        label="搜索", required=False, max_length=100, help_text="名称、证书编号或统一社会信用代码"
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        _area_choices(self.fields["org"], actor)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"org": d["org"], "status": d["status"], "pending": d["pending"], "search": d["q"]}


class ReminderFilterForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="组织（含下级）", required=False)
    state = forms.ChoiceField(label="期限", required=False, choices=selectors.REMINDER_CHOICES)
    q = forms.CharField(label="搜索", required=False, max_length=100, help_text="工会名称或证书编号")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        _area_choices(self.fields["org"], actor)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"org": d["org"], "state": d["state"], "search": d["q"]}


class MissingFilterForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="组织（含下级）", required=False)
    q = forms.CharField(label="搜索", required=False, max_length=100, help_text="工会名称")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        _area_choices(self.fields["org"], actor)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"org": self.cleaned_data["org"], "search": self.cleaned_data["q"]}


class RegisterForm(forms.Form):
    union = forms.ModelChoiceField(queryset=Org.objects.none(), label="基层工会", empty_label="请选择")
    certificate_no = forms.CharField(label="工会法人资格证书编号", max_length=40)
    uscc = forms.CharField(label="统一社会信用代码", max_length=30, help_text="18位，末位为校验码")
    representative = forms.CharField(label="法定代表人", max_length=60)
    address = forms.CharField(label="住所", max_length=255)
    issued_on = forms.DateField(label="发证日期", widget=DateInput)
    valid_until = forms.DateField(
        label="有效期至", required=False, widget=DateInput, help_text="长期有效可不填"
    )
    issuer = forms.CharField(label="发证机关", max_length=100, help_text="如：北京市总工会")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = selectors.registrable_unions(actor=actor)

    def data_for_service(self) -> CertificateData:
        d = self.cleaned_data
        return CertificateData(
            certificate_no=d["certificate_no"],
            uscc=d["uscc"],
            representative=d["representative"],
            address=d["address"],
            issued_on=d["issued_on"],
            valid_until=d["valid_until"],
            issuer=d["issuer"],
        )


class ChangeForm(forms.Form):
    field = forms.ChoiceField(label="变更事项", choices=ChangeField.choices)
    new_value = forms.CharField(label="变更后内容", max_length=255)
    changed_on = forms.DateField(label="变更日期", widget=DateInput, help_text="须在变更之日起30日内重新登记")
    note = forms.CharField(label="备注", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"changed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ReregisterForm(forms.Form):
    change = forms.IntegerField(widget=forms.HiddenInput)
    reregistered_on = forms.DateField(label="重新登记日期", widget=DateInput)
    certificate_no = forms.CharField(
        label="新证书编号", required=False, max_length=40, help_text="换发新证书时填写，否则不填"
    )
    note = forms.CharField(label="备注", required=False, max_length=300)


class CancelForm(forms.Form):
    cancelled_on = forms.DateField(label="注销日期", widget=DateInput)
    reason = forms.CharField(label="注销原因", max_length=200)
