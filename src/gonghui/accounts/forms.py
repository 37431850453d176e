"""Forms for sign-in, tokens and staff management."""

from django import forms

from gonghui.orgs.models import Org, Role


class LoginForm(forms.Form):
    username = forms.CharField(
        label="用户名",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="密码", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class TokenForm(forms.Form):
    name = forms.CharField(label="令牌用途", max_length=80, help_text="例如：区级统计系统对接")


class PasswordForm(forms.Form):
    password = forms.CharField(
        label="新密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    confirm = forms.CharField(
        label="再次输入", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("confirm"):
            self.add_error("confirm", "两次输入的密码不一致")
        return data


class OwnPasswordForm(PasswordForm):
    """Changing one's own password starts with the current one."""

    current = forms.CharField(
        label="当前密码",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    field_order = ["current", "password", "confirm"]


class CodeForm(forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=20,
        help_text="身份验证器上显示的 6 位数字；手机不在身边时，可输入一个恢复码",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=10,
        help_text="扫码或输入密钥后，填写身份验证器上当前显示的 6 位数字",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Org) -> str:
        return "　" * max(0, obj.depth - self.base_depth) + obj.name

    base_depth = 1


def org_field(queryset, label: str) -> OrgChoiceField:
    field = OrgChoiceField(queryset=queryset, label=label)
    first = queryset.first()
    field.base_depth = first.depth if first else 1
    return field


class StaffForm(PasswordForm):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=60)
    field_order = ["username", "full_name", "org", "password", "confirm"]

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_field(orgs, "所属组织")
        self.order_fields(self.field_order)


class GrantForm(forms.Form):
    role = forms.ModelChoiceField(queryset=Role.objects.all(), label="角色")

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_field(orgs, "授权组织（含全部下级）")
