"""Forms of the care pages. Quantities of supplies are one number field per catalogue item (`item_<id>`)."""

import re

from django import forms
from django.conf import settings

from gonghui.core.forms import DateInput
from gonghui.members.forms import UnionChoiceField
from gonghui.orgs.models import Employer, Org, Place

from .models import CampaignKind, Package, RecipientKind, SupplyItem

TARGET_GROUPS = (
    "环卫工人",
    "快递员、外卖配送员",
    "建筑工人",
    "保安员",
    "医护人员",
    "公安干警",
    "消防救援人员",
    "网约车、货车司机",
    "户外劳动者",
    "困难职工",
)


BACKDATE_HELP = f"补录{settings.GONGHUI_BACKDATE_DAYS}天以前的记录时必填"


class ItemQuantities(forms.Form):
    """Adds a quantity field for each catalogue item and reads them back as {item: quantity}."""

    item_help = ""

    def __init__(self, *args, catalogue: list[SupplyItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        for item in catalogue:
            self.fields[f"item_{item.pk}"] = forms.IntegerField(
                label=f"{item.name}（{item.unit}）", min_value=0, required=False
            )

    def item_fields(self):
        return [self[f"item_{item.pk}"] for item in self.catalogue]

    def other_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith("item_")]

    def lines(self) -> dict[SupplyItem, int]:
        return {
            item: self.cleaned_data[f"item_{item.pk}"]
            for item in self.catalogue
            if self.cleaned_data.get(f"item_{item.pk}")
        }


class CampaignForm(forms.Form):
    org = UnionChoiceField(queryset=Org.objects.none(), label="主办工会", empty_label="请选择")
    kind = forms.ModelChoiceField(queryset=CampaignKind.objects.all(), label="活动类型", empty_label="请选择")
    name = forms.CharField(label="活动名称", max_length=200, help_text="如：2026年“夏送清凉”慰问活动")
    starts_on = forms.DateField(label="开始日期", widget=DateInput)
    ends_on = forms.DateField(label="结束日期", widget=DateInput)
    budget = forms.DecimalField(label="预算（元）", min_value=0, max_digits=12, decimal_places=2, initial=0)
    target_employers = forms.IntegerField(label="目标企业数", min_value=0, initial=0)
    target_workers = forms.IntegerField(label="目标职工数", min_value=0, initial=0)
    target_groups = forms.MultipleChoiceField(
        label="慰问对象",
        choices=[(g, g) for g in TARGET_GROUPS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_groups = forms.CharField(
        label="其他慰问对象", max_length=200, required=False, help_text="多个用逗号分隔"
    )
    allow_repeat = forms.BooleanField(label="允许同一职工重复领取同一种物资", required=False)
    description = forms.CharField(label="活动说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs

    def groups(self) -> list[str]:
        extra = re.split(r"[，,；;\n]", self.cleaned_data.get("other_groups", ""))
        return list(self.cleaned_data["target_groups"]) + [g.strip() for g in extra if g.strip()]


class ReceiveForm(ItemQuantities):
    """One purchase: a quantity and unit price per item bought, and optionally an item new to the catalogue."""

    supplier = forms.CharField(label="供应商", max_length=200, required=False)
    received_at = forms.DateTimeField(
        label="入库时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="物资实际入库的时间，不填为现在",
    )
    backdate_reason = forms.CharField(
        label="补录原因", max_length=200, required=False, help_text=BACKDATE_HELP
    )
    new_item = forms.CharField(
        label="新增物资名称", max_length=60, required=False, help_text="目录中没有的物资"
    )
    new_unit = forms.CharField(label="计量单位", max_length=8, required=False, help_text="如：件、盒、斤、份")
    new_quantity = forms.IntegerField(label="数量", min_value=1, required=False)
    new_price = forms.DecimalField(
        label="单价（元）", min_value=0, max_digits=10, decimal_places=2, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in self.catalogue:
            self.fields[f"price_{item.pk}"] = forms.DecimalField(
                label=f"{item.name}单价（元）", min_value=0, max_digits=10, decimal_places=2, required=False
            )

    def rows(self):
        """(quantity field, price field) per catalogue item, for the purchase table."""
        return [(self[f"item_{i.pk}"], self[f"price_{i.pk}"], i) for i in self.catalogue]

    def clean(self):
        data = super().clean()
        for item in self.catalogue:
            if data.get(f"item_{item.pk}") and data.get(f"price_{item.pk}") is None:
                self.add_error(f"price_{item.pk}", f"请填写{item.name}的单价")
        if data.get("new_item", "").strip():
            for name, label in (("new_unit", "计量单位"), ("new_quantity", "数量"), ("new_price", "单价")):
                if data.get(name) in (None, ""):
                    self.add_error(name, f"请填写新增物资的{label}")
        elif not self.lines():
            self.add_error(None, "请至少填写一种物资的入库数量")
        return data

    def purchases(self) -> list[tuple[SupplyItem | None, int, object]]:
        """(item, quantity, unit price); a new item is None, created by the view with the purchase."""
        rows: list[tuple[SupplyItem | None, int, object]] = [
            (item, qty, self.cleaned_data[f"price_{item.pk}"]) for item, qty in self.lines().items()
        ]
        if self.cleaned_data.get("new_item", "").strip():
            rows.append((None, self.cleaned_data["new_quantity"], self.cleaned_data["new_price"]))
        return rows


class PackageForm(ItemQuantities):
    name = forms.CharField(label="礼包名称", max_length=60, help_text="如：清凉包")


class AllocateForm(ItemQuantities):
    org = UnionChoiceField(queryset=Org.objects.none(), label="下拨给", empty_label="请选择下级组织")
    target_employers = forms.IntegerField(label="目标企业数", min_value=0, initial=0)
    target_workers = forms.IntegerField(label="目标职工数", min_value=0, initial=0)
    budget = forms.DecimalField(
        label="下拨预算（元）", min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    package = forms.ModelChoiceField(
        queryset=Package.objects.none(), label="下拨礼包", required=False, empty_label="（不按礼包）"
    )
    packages = forms.IntegerField(label="礼包份数", min_value=0, required=False)

    def __init__(self, *args, orgs, packages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["package"].queryset = packages


class DistributeForm(ItemQuantities):
    recipient_kind = forms.ChoiceField(
        label="发放对象", choices=RecipientKind.choices, initial=RecipientKind.SITE
    )
    place = forms.ModelChoiceField(
        queryset=Place.objects.none(), label="服务阵地", required=False, empty_label="（非登记阵地）"
    )
    employer = forms.ModelChoiceField(
        queryset=Employer.objects.none(), label="用人单位", required=False, empty_label="请选择"
    )
    recipient_name = forms.CharField(
        label="对象名称",
        max_length=200,
        required=False,
        help_text="站点、班组或车队的名称；选了阵地或单位可不填",
    )
    card = forms.CharField(
        label="职工电子会员证码", max_length=64, required=False, help_text="发给个人时扫码或输入"
    )
    package = forms.ModelChoiceField(
        queryset=Package.objects.none(), label="礼包", required=False, empty_label="（不按礼包）"
    )
    packages = forms.IntegerField(label="礼包份数", min_value=0, required=False)
    people_covered = forms.IntegerField(label="覆盖职工人数", min_value=0, required=False)
    handed_out_by = forms.CharField(label="发放人", max_length=100)
    handed_at = forms.DateTimeField(
        label="发放时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="实际发放的时间，按这一天统计",
    )
    backdate_reason = forms.CharField(
        label="补录原因", max_length=200, required=False, help_text=BACKDATE_HELP
    )
    photo = forms.FileField(label="现场照片", required=False, help_text="JPG、PNG 或 WebP，不超过 8 MB")
    note = forms.CharField(label="备注", max_length=500, required=False)

    def __init__(self, *args, places, employers, packages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["employer"].queryset = employers
        self.fields["package"].queryset = packages

    def clean(self):
        data = super().clean()
        kind = data.get("recipient_kind")
        if kind == RecipientKind.PERSON and not data.get("card", "").strip():
            self.add_error("card", "发给个人时请扫描或输入职工电子会员证码")
        elif kind != RecipientKind.PERSON and data.get("people_covered") is None:
            self.add_error("people_covered", "请填写覆盖职工人数")
        if kind == RecipientKind.EMPLOYER and not data.get("employer"):
            self.add_error("employer", "请选择用人单位")
        if data.get("packages") and not data.get("package"):
            self.add_error("package", "请选择礼包")
        return data


class CampaignFilter(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    kind = forms.ModelChoiceField(
        queryset=CampaignKind.objects.all(), label="类型", required=False, empty_label="全部类型"
    )
