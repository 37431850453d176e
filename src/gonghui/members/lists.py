"""The register's lists as the shared list declares them (core/lists.py): the members, 入会审批 and transfers."""

from django.utils import timezone

from gonghui.core.lists import Column, ListSpec, Sort

from . import selectors
from .audit import MemberAudit
from .filters import ApplicationFilterForm, MemberFilterForm, search_data


def _members(actor, params: dict[str, str]):
    data, _ = search_data(dict(params))
    return selectors.members_for(actor=actor, filters=MemberFilterForm(data or None, actor=actor).filters())


# The register keeps its own export in the columns of 《工会会员登记表》 (members/exports.py), masked or full.
MEMBERS = ListSpec(
    name="members.list",
    title="会员名册",
    rows=_members,
    sorts=(
        Sort("recorded", "登记先后", ("id",)),
        Sort("name", "姓名", ("person__full_name",)),
        Sort("number", "会员证号", ("number",)),
        Sort("union", "所属工会", ("org__name",)),
        Sort("employer", "工作单位", ("employer_name",)),
        Sort("joined", "入会日期", ("join_date",)),
    ),
    default_sort="-recorded",
)


def _applications(actor, params: dict[str, str]):
    form = ApplicationFilterForm(params or None, actor=actor)
    return selectors.applications_for(actor=actor, **form.filters())


def _overdue(m) -> str:
    return "逾期" if m.applied_on and m.applied_on < selectors.overdue_before() else ""


APPLICATIONS = ListSpec(
    name="members.applications",
    title="入会申请",
    rows=_applications,
    sorts=(
        Sort("applied", "申请日期", ("applied_on",)),
        Sort("name", "姓名", ("person__full_name",)),
        Sort("union", "申请加入", ("org__name",)),
        Sort("employer", "工作单位", ("employer_name",)),
        Sort("channel", "渠道", ("channel",)),
    ),
    default_sort="applied",
    columns=(
        Column("申请日期", lambda m: m.applied_on, 12),
        Column("姓名", lambda m: m.person.full_name, 10),
        Column("证件号码", lambda m: m.person.id_masked, 22),
        Column("手机号码", lambda m: m.person.mobile_masked, 14),
        Column("申请加入", lambda m: m.org.name, 30),
        Column("工作单位", lambda m: m.employer_name, 30),
        Column("渠道", lambda m: m.get_channel_display(), 14),
        Column("是否逾期", _overdue, 8),
    ),
    export_action=MemberAudit.APPLICATIONS_EXPORT,
    download_action=MemberAudit.APPLICATIONS_EXPORT_DOWNLOAD,
)


def _transfers(actor, params: dict[str, str]):
    return selectors.transfers_for(actor=actor, direction="out" if params.get("dir") == "out" else "in")


TRANSFERS = ListSpec(
    name="members.transfers",
    title="转会",
    rows=_transfers,
    sorts=(
        Sort("started", "发起日期", ("created_at",)),
        Sort("name", "会员", ("membership__person__full_name",)),
        Sort("from", "转出工会", ("from_org__name",)),
        Sort("to", "转入工会", ("to_org__name",)),
        Sort("status", "状态", ("status",)),
    ),
    default_sort="-started",
    columns=(
        Column("发起日期", lambda t: timezone.localtime(t.created_at).date(), 12),
        Column("会员", lambda t: t.membership.person.full_name, 10),
        Column("转出工会", lambda t: t.from_org.name, 30),
        Column("转入工会", lambda t: t.to_org.name, 30),
        Column("状态", lambda t: t.get_status_display(), 10),
        Column("原因", lambda t: t.reason, 30),
    ),
    export_action=MemberAudit.TRANSFERS_EXPORT,
    download_action=MemberAudit.TRANSFERS_EXPORT_DOWNLOAD,
)
