"""Forms for the staff pages (an activity, registrations, check-in, people reached, photos) and the member's
phone page (registering, alone or with the family, in a group)."""

import datetime as dt
import re

from django import forms

from gonghui.core import backdating
from gonghui.core.forms import DateInput
from gonghui.orgs.fields import OrgChoices
from gonghui.orgs.models import Org, Place, Status

from . import selectors
from .models import Activity, ActivityKind, Approx, Group, RegistrationMode, Session
from .services import CO_ORGANISER_UNKNOWN, ActivityData, GroupData, SessionData

TARGET_SUGGESTIONS = (
    "新就业形态劳动者",
    "外卖配送员",
    "快递员",
    "网约车司机",
    "货车司机",
    "环卫工人",
    "基层工会干部",
    "教职工",
    "教职工家庭",
    "一线职工",
    "女职工",
    "劳动模范",
    "困难职工",
    "农民工",
)
SEPARATORS = re.compile(r"[、，,；;\n]+")


def lines(text: str) -> list[str]:
    return [s.strip() for s in (text or "").splitlines() if s.strip()]


def _moment(label: str, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


def _textarea(rows: int = 3, placeholder: str = "") -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "placeholder": placeholder})


class ActivityForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="主办单位", empty_label="请选择")
    kind = forms.ModelChoiceField(
        queryset=ActivityKind.objects.none(), label="活动类型", empty_label="请选择"
    )
    title = forms.CharField(label="活动名称", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=DateInput)
    starts_at_time = _time("开始时间")
    ends_on = forms.DateField(label="结束日期", required=False, widget=DateInput, help_text="一天的活动不填")
    ends_at_time = _time("结束时间")
    link = forms.CharField(max_length=60, required=False, widget=forms.HiddenInput)
    backdate_reason = forms.CharField(
        label="补录原因",
        max_length=200,
        required=False,
        help_text="开始日期早于 30 天前的活动（事后补录）须填写，如：据纸质签到表补录",
    )
    place = forms.ModelChoiceField(
        queryset=Place.objects.none(),
        label="服务阵地（已登记）",
        required=False,
        empty_label="（不在已登记阵地）",
    )
    place_text = forms.CharField(
        label="地点", max_length=200, required=False, help_text="未登记的地点，或阵地内的具体位置"
    )
    co_organisers = OrgChoices(
        queryset=Org.objects.none(),
        label="协办单位",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="可多选（按住 Ctrl 键点选）；列出您管辖范围内的工会组织，同名的以上级区分",
        error_messages={
            "invalid_choice": CO_ORGANISER_UNKNOWN.format("%(value)s"),
            "invalid_pk_value": "协办单位：“%(pk)s”不是有效的编号",
        },
    )
    target_groups = forms.CharField(
        label="服务对象",
        required=False,
        help_text="多个用顿号分隔，如：外卖配送员、快递员",
        widget=forms.TextInput(attrs={"list": "target-suggestions"}),
    )
    leaders = forms.CharField(label="出席领导", max_length=500, required=False)
    participants = forms.CharField(
        label="参加单位",
        required=False,
        widget=_textarea(4, "每行一个；可在名称后加空格和参加人数，如：北京师范大学工会 3"),
        help_text="已登记的工会组织按名称自动关联，未登记的按名称记录",
    )
    participant_orgs_count = forms.IntegerField(
        label="参加单位数",
        required=False,
        min_value=0,
        help_text="未逐一列出时填写总数，如“20余家企业”填 20；不少于上面列出的单位数",
    )
    participant_orgs_approx = forms.ChoiceField(label="单位数的说法", required=False, choices=Approx.choices)
    sessions = forms.CharField(
        label="专题/环节",
        required=False,
        widget=_textarea(4, "每行一个，可在前面写日期，如：2024-06-12 基层工会组建"),
        help_text="培训班的各专题课程、调研的各站点、讲座等；出勤按场次记录",
    )
    completion_sessions = forms.IntegerField(
        label="结业要求（出勤场次）", required=False, min_value=0, help_text="不填为须参加全部场次"
    )
    registration = forms.ChoiceField(
        label="报名方式", choices=RegistrationMode.choices, widget=forms.RadioSelect
    )
    family = forms.BooleanField(label="以家庭为单位报名（会员携家属）", required=False)
    max_party_size = forms.IntegerField(label="每户最多人数", min_value=1, max_value=20, initial=1)
    capacity = forms.IntegerField(
        label="名额", required=False, min_value=0, help_text="一人或一户占一个名额；不填为不限"
    )
    signup_deadline = _moment("报名截止时间", "会员在此之后不能自行报名；不填则活动结束前均可报名")
    checkin_opens_at = _moment("签到开始时间", "不填则不限")
    checkin_closes_at = _moment("签到截止时间", "不填则不限")
    groups = forms.CharField(
        label="小组及名额", required=False, widget=_textarea(4, "每行一个，名称后加空格和名额，如：毛猴 40")
    )
    summary = forms.CharField(label="活动概况", required=False, widget=_textarea(5))
    outcomes = forms.CharField(
        label="成果与措施", required=False, widget=_textarea(3, "每行一项，如：阵地共建")
    )

    def __init__(self, *args, actor, activity: Activity | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Org.objects.restrict(actor, "work.edit").exclude(
            status=Status.DISSOLVED
        )
        self.fields["co_organisers"].queryset = selectors.co_organiser_choices(actor=actor, activity=activity)
        self.fields["kind"].queryset = selectors.kinds()
        self.fields["place"].queryset = (
            Place.objects.restrict(actor, "view").select_related("org").order_by("name")
        )
        self.fields[
            "backdate_reason"
        ].help_text = (
            f"开始日期早于 {backdating.window_days()} 天前的活动（事后补录）须填写，如：据纸质签到表补录"
        )

    @classmethod
    def initial_from(cls, activity: Activity) -> dict:
        def dated(s: Session) -> str:
            return f"{s.on_date:%Y-%m-%d} {s.topic}" if s.on_date else s.topic

        return {
            "link": activity.link,
            "org": activity.org,
            "kind": activity.kind,
            "title": activity.title,
            "starts_on": activity.starts_on,
            "starts_at_time": activity.starts_at_time,
            "ends_on": activity.ends_on,
            "ends_at_time": activity.ends_at_time,
            "signup_deadline": activity.signup_deadline,
            "checkin_opens_at": activity.checkin_opens_at,
            "checkin_closes_at": activity.checkin_closes_at,
            "participant_orgs_count": activity.participant_orgs_count,
            "participant_orgs_approx": activity.participant_orgs_approx,
            "place": activity.place,
            "place_text": activity.place_text,
            "co_organisers": list(activity.co_organisers.all()),
            "target_groups": "、".join(activity.target_groups),
            "leaders": activity.leaders,
            "participants": "\n".join(
                f"{p.name} {p.attendees}" if p.attendees is not None else p.name
                for p in selectors.participants_of(activity)
            ),
            "sessions": "\n".join(dated(s) for s in activity.sessions.all()),
            "completion_sessions": activity.completion_sessions,
            "registration": activity.registration,
            "family": activity.family,
            "max_party_size": activity.max_party_size,
            "capacity": activity.capacity,
            "groups": "\n".join(
                f"{g.name} {g.capacity}" if g.capacity is not None else g.name for g in activity.groups.all()
            ),
            "summary": activity.summary,
            "outcomes": "\n".join(activity.outcomes),
        }

    def clean_groups(self) -> list[GroupData]:
        groups = []
        for line in lines(self.cleaned_data["groups"]):
            name, _, cap = line.rpartition(" ")
            if name.strip() and cap.isdigit():
                groups.append(GroupData(name=name.strip(), capacity=int(cap)))
            else:
                groups.append(GroupData(name=line))
        return groups

    def clean_sessions(self) -> list[SessionData]:
        sessions = []
        for line in lines(self.cleaned_data["sessions"]):
            first, _, rest = line.partition(" ")
            try:
                sessions.append(SessionData(topic=rest.strip(), on_date=dt.date.fromisoformat(first)))
            except ValueError:
                sessions.append(SessionData(topic=line))
        return sessions

    def data_for_service(self) -> ActivityData:
        d = self.cleaned_data
        return ActivityData(
            org=d["org"],
            kind=d["kind"],
            title=d["title"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            place=d["place"],
            place_text=d["place_text"],
            co_organisers=list(d["co_organisers"]),
            target_groups=SEPARATORS.split(d["target_groups"]),
            leaders=d["leaders"],
            summary=d["summary"],
            outcomes=lines(d["outcomes"]),
            registration=d["registration"],
            family=d["family"],
            max_party_size=d["max_party_size"] or 1,
            capacity=d["capacity"],
            completion_sessions=d["completion_sessions"],
            participants=selectors.participants_from_lines(lines(d["participants"])),
            groups=d["groups"],
            sessions=d["sessions"],
            starts_at_time=d["starts_at_time"],
            ends_at_time=d["ends_at_time"],
            signup_deadline=d["signup_deadline"],
            checkin_opens_at=d["checkin_opens_at"],
            checkin_closes_at=d["checkin_closes_at"],
            participant_orgs_count=d["participant_orgs_count"],
            participant_orgs_approx=d["participant_orgs_approx"] or Approx.EXACT,
            backdate_reason=d["backdate_reason"],
            link=d["link"],
        )


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label="类型", required=False)
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="主办单位（含下级）", required=False)
    date_from = forms.DateField(label="自", required=False, widget=DateInput)
    date_to = forms.DateField(label="至", required=False, widget=DateInput)
    q = forms.CharField(label="搜索", required=False, max_length=100)
    voided = forms.ChoiceField(
        label="作废",
        required=False,
        choices=[
            ("", "不含已作废"),
            (selectors.VOIDED_ONLY, "仅已作废"),
            (selectors.VOIDED_TOO, "含已作废"),
        ],
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "全部类型"), *selectors.kinds().values_list("code", "name")]
        self.fields["org"].queryset = Org.objects.restrict(actor, "view").filter(depth__lte=3)
        self.fields["org"].empty_label = "全部"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "org": d["org"],
            "date_from": d["date_from"],
            "date_to": d["date_to"],
            "search": d["q"],
            "voided": d["voided"],
        }


class GroupChoice(forms.ModelChoiceField):
    """A group named with its places; where the places taken are known (`taken`), with them too."""

    taken: dict[int, int] = {}

    def label_from_instance(self, obj) -> str:
        if obj.capacity is None:
            return f"{obj.name}（不限名额）"
        if obj.pk not in self.taken:
            return f"{obj.name}（名额 {obj.capacity}）"
        full = "（已满，可候补）" if self.taken[obj.pk] >= obj.capacity else ""
        return f"{obj.name}：已报 {self.taken[obj.pk]} / {obj.capacity}{full}"


class _PartyFields(forms.Form):
    group = GroupChoice(queryset=Group.objects.none(), label="小组", required=False, empty_label="请选择")
    party_size = forms.IntegerField(label="参加人数（含本人）", min_value=1, max_value=20, initial=1)
    family_note = forms.CharField(
        label="家庭成员", max_length=100, required=False, help_text="如：孩子1名（8岁）"
    )

    def __init__(self, *args, activity: Activity, taken: dict[int, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = activity.groups.all()
        self.fields["group"].queryset = groups
        self.fields["group"].taken = taken or {}
        if not groups.exists():
            del self.fields["group"]
        if not activity.family:
            del self.fields["party_size"]
            del self.fields["family_note"]
        else:
            self.fields["party_size"].max_value = activity.max_party_size


class SpeakerForm(forms.Form):
    """Who spoke: a member by their member number (so what they are known as comes from the records), or a name."""

    prefix = "speaker"  # the page also carries the registration form's 会员证号

    number = forms.CharField(
        label="会员证号", max_length=24, required=False, help_text="会员填写，可显示其荣誉"
    )
    name = forms.CharField(label="姓名", max_length=50, required=False, help_text="非会员只填姓名")
    note = forms.CharField(label="单位及职务", max_length=200, required=False)
    topic = forms.CharField(label="分享题目", max_length=200, required=False)

    def clean(self):
        d = super().clean()
        if not (d.get("number") or "").strip() and not (d.get("name") or "").strip():
            self.add_error("name", "请填写会员证号或姓名")
        return d


class RegisterForm(_PartyFields):
    """Staff add someone: a member by their member number, or a person not in the register by name."""

    field_order = ["number", "guest_name", "guest_unit", "group", "party_size", "family_note", "invite"]

    number = forms.CharField(label="会员证号", max_length=24, required=False)
    guest_name = forms.CharField(label="非会员姓名", max_length=50, required=False)
    guest_unit = forms.CharField(label="非会员单位", max_length=200, required=False)
    invite = forms.BooleanField(label="发出邀请（由会员在手机上确认报名）", required=False)

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, activity=activity, **kwargs)
        if activity.registration != RegistrationMode.INVITATION:
            del self.fields["invite"]


class MemberRegisterForm(_PartyFields):
    """The member's own registration on the phone."""

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, activity=activity, **kwargs)
        if "group" in self.fields:
            self.fields["group"].required = True
            self.fields["group"].empty_label = None
            self.fields["group"].widget = forms.RadioSelect()
            self.fields["group"].widget.choices = self.fields["group"].choices


class CheckInForm(forms.Form):
    code = forms.CharField(
        label="会员码", max_length=60, help_text="扫描会员电子会员证上的二维码，或输入其下方的号码"
    )
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(), label="场次", required=False, empty_label="（全场签到）"
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = activity.sessions.all()
        self.fields["session"].queryset = sessions
        if not sessions.exists():
            del self.fields["session"]


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="作废原因", max_length=200, widget=forms.TextInput(attrs={"placeholder": "如：重复录入"})
    )


class KindForm(forms.Form):
    name = forms.CharField(label="活动类型名称", max_length=40)
    sort = forms.IntegerField(label="排序", min_value=0, max_value=32767, initial=0, help_text="小的在前")


class ReachForm(forms.Form):
    reach_counted = forms.IntegerField(
        label="统计人次", required=False, min_value=0, help_text="不填则按签到计"
    )
    reach_method = forms.CharField(
        label="统计方式", max_length=40, required=False, help_text="如：现场统计、线上统计"
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label="照片", widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
    )
    caption = forms.CharField(label="说明", max_length=200, required=False)
