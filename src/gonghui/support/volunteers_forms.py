"""The volunteers part's forms: filters of the lists, a team, a volunteer joining or leaving, and a service event
with its services by type, each volunteer's hours (one row per volunteer of the team) and the enterprises."""

from django import forms

from gonghui.core.errors import DomainError
from gonghui.core.forms import DateInput
from gonghui.orgs.models import Employer, Org, Status

from . import volunteers_services as services
from .models.volunteers import ServiceEvent, ServiceType, TeamMember, VolunteerTeam

ACTIVE_CHOICES = [("", "全部"), ("1", "在册"), ("0", "已停止")]


def _bound(args, kwargs) -> bool:
    return (bool(args) and args[0] is not None) or kwargs.get("data") is not None


def _orgs_seen(actor):
    return Org.objects.restrict(actor, "view").filter(depth__lte=3).order_by("path")


class TeamFilterForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="所属组织（含下级）", required=False)
    active = forms.ChoiceField(label="状态", required=False, choices=ACTIVE_CHOICES)
    q = forms.CharField(label="搜索", required=False, max_length=100)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs_seen(actor)
        self.fields["org"].empty_label = "全部"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        active = {"1": True, "0": False}.get(d["active"])
        return {"org": d["org"], "active": active, "search": d["q"].strip()}


class EventFilterForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="所属组织（含下级）", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label="服务项目", required=False, choices=[("", "全部项目"), *ServiceType.choices]
    )
    q = forms.CharField(label="搜索", required=False, max_length=100)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs_seen(actor)
        self.fields["org"].empty_label = "全部"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"org": d["org"], "year": d["year"], "kind": d["kind"], "search": d["q"].strip()}


class TeamForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="所属组织", empty_label="请选择")
    name = forms.CharField(label="服务队名称", max_length=120)
    leader_name = forms.CharField(label="队长", max_length=60, required=False)
    founded_on = forms.DateField(label="成立日期", required=False, widget=DateInput)
    skills = forms.CharField(
        label="服务专长",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如 理发、义诊、维修家电",
    )
    is_active = forms.BooleanField(label="在册", required=False, initial=True)

    def __init__(self, *args, actor, team: VolunteerTeam | None = None, **kwargs):
        if team is not None and not _bound(args, kwargs):
            kwargs.setdefault(
                "initial",
                {
                    "org": team.org_id,
                    "name": team.name,
                    "leader_name": team.leader_name,
                    "founded_on": team.founded_on,
                    "skills": team.skills,
                    "is_active": team.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            Org.objects.restrict(actor, "work.edit").exclude(status=Status.DISSOLVED).order_by("path")
        )
        if team is not None:
            del self.fields["org"]  # a team stays with its node

    def data_for_service(self) -> services.TeamData:
        d = self.cleaned_data
        return services.TeamData(
            org=d.get("org"),
            name=d["name"],
            leader_name=d["leader_name"],
            founded_on=d["founded_on"],
            skills=d["skills"],
            is_active=d["is_active"],
        )


class MemberForm(forms.Form):
    prefix = "member"

    number = forms.CharField(
        label="会员证号", max_length=40, required=False, help_text="工会会员填写，姓名自动带出"
    )
    name = forms.CharField(label="姓名", max_length=60, required=False, help_text="非会员填写姓名")
    skills = forms.CharField(label="专长", max_length=200, required=False)
    joined_on = forms.DateField(label="加入日期", required=False, widget=DateInput)

    def clean(self):
        d = super().clean()
        if not (d.get("number") or "").strip() and not (d.get("name") or "").strip():
            self.add_error("name", "请填写会员证号或姓名")
        return d

    def data_for_service(self) -> services.MemberData:
        d = self.cleaned_data
        return services.MemberData(
            name=d["name"], number=d["number"], skills=d["skills"], joined_on=d["joined_on"]
        )


class LeaveForm(forms.Form):
    left_on = forms.DateField(label="退出日期", widget=DateInput)


class VoidForm(forms.Form):
    reason = forms.CharField(label="作废原因", max_length=200)


def _count(label: str, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=10_000_000, required=required)


class EventForm(forms.Form):
    """A service event: the services by type (项次), the people served (人次) and, apart from them, one row per
    volunteer of the team with the hours they served (blank: did not serve), the enterprises taking part."""

    date = forms.DateField(label="服务日期", widget=DateInput)
    title = forms.CharField(label="活动名称", max_length=200)
    place_text = forms.CharField(label="地点", max_length=200, required=False)
    notes = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    people_served = _count("服务人次", required=True)
    enterprise_names = forms.CharField(
        label="参与企业名称",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="未登记的企业每行写一家",
    )
    employers = forms.ModelMultipleChoiceField(
        queryset=Employer.objects.none(),
        label="参与企业（已登记的用人单位）",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    enterprises_total = _count("参与企业总数")

    def __init__(self, *args, actor, team: VolunteerTeam, event: ServiceEvent | None = None, **kwargs):
        self.team = team
        members = TeamMember.objects.restrict(actor, "view").filter(team=team)
        if event is None:
            members = members.filter(left_on__isnull=True)
        self.members = list(members.order_by("name", "pk"))
        if event is not None and not _bound(args, kwargs):
            served = {v.member_id: v.minutes for v in event.volunteers.all()}
            counts = {s.kind: s.count for s in event.services.all()}
            kwargs.setdefault(
                "initial",
                {
                    "date": event.date,
                    "title": event.title,
                    "place_text": event.place_text,
                    "notes": event.notes,
                    "people_served": event.people_served,
                    "enterprise_names": "\n".join(
                        e.name for e in event.enterprises.all() if e.employer_id is None
                    ),
                    "employers": [e.employer_id for e in event.enterprises.all() if e.employer_id],
                    "enterprises_total": event.enterprises_total,
                    **{f"service_{k}": n for k, n in counts.items()},
                    **{f"hours_{pk}": services.hours_text(m) for pk, m in served.items()},
                },
            )
            self.members = [m for m in self.members if m.left_on is None or m.pk in served]
        super().__init__(*args, **kwargs)
        self.fields["employers"].queryset = (
            Employer.objects.restrict(actor, "view").in_subtree(team.org).order_by("name", "pk")
        )
        for t in ServiceType:
            self.fields[f"service_{t.value}"] = _count(f"{t.label}（项次）")
        for row, m in enumerate(self.members, start=1):
            self.fields[f"hours_{m.pk}"] = forms.CharField(
                label=f"第{row}行 {m.name}", max_length=8, required=False
            )

    def service_fields(self):
        return [self[f"service_{t.value}"] for t in ServiceType]

    def hour_fields(self):
        return [self[f"hours_{m.pk}"] for m in self.members]

    def main_fields(self):
        names = ("date", "title", "place_text", "notes", "people_served")
        return [self[n] for n in names]

    def enterprise_fields(self):
        return [self[n] for n in ("employers", "enterprise_names", "enterprises_total")]

    def clean(self):
        d = super().clean()
        self.served: list[tuple[TeamMember, int]] = []
        for row, m in enumerate(self.members, start=1):
            typed = (d.get(f"hours_{m.pk}") or "").strip()
            if not typed:
                continue
            try:
                self.served.append((m, services.minutes_of(typed)))
            except DomainError as exc:
                self.add_error(f"hours_{m.pk}", f"第{row}行（{m.name}）：{exc.message}")
        return d

    def data_for_service(self) -> services.EventData:
        d = self.cleaned_data
        names = [n.strip() for n in (d["enterprise_names"] or "").splitlines() if n.strip()]
        employers = list(d["employers"])
        total = d["enterprises_total"]
        if total is None:
            total = len({*names, *(e.name for e in employers)})
        return services.EventData(
            date=d["date"],
            title=d["title"],
            place_text=d["place_text"],
            notes=d["notes"],
            people_served=d["people_served"],
            services={t.value: d.get(f"service_{t.value}") or 0 for t in ServiceType},
            volunteers=self.served,
            enterprise_names=names,
            employers=employers,
            enterprises_total=total,
        )
