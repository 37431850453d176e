"""The congresses part of the governance demo (issue 20 §6): 朝阳区总工会's third congress (delegates elected by its
streets and units by quota, one sitting with attendance, the work, finance and audit reports approved by vote), at
which the elections part holds its election (`DEMO_CONGRESS_TITLE`), and 北京市交通运输工会's committee plenary of
SCENARIOS 002-1 (its work report approved, the year plan noted as an item; the plans part records the plan).
Idempotent: a congress or plenary found by its node and title is left as it is. The people are fictional."""

import datetime as dt

from django.db import transaction

from gonghui.core.scope import SYSTEM
from gonghui.demo.dates import reported
from gonghui.demo.loader import demo_org
from gonghui.orgs.models import Org

from . import congresses_services as services
from .models import Congress, CongressKind, MatterKind, Plenary, PlenaryKind

DEMO_CONGRESS_TITLE = "朝阳区总工会第三次会员代表大会"
PLENARY_TITLE = "北京市交通运输工会第三届委员会第五次全体会议"

# (unit, seats, delegates: (name, gender, front line, model worker))
UNITS = (
    (
        "东湖街道总工会",
        (("陈晓梅", "F", True, False), ("刘建国", "M", True, True), ("孙志远", "M", False, False)),
    ),
    (
        "常营地区总工会",
        (("周丽华", "F", True, False), ("吴海峰", "M", True, False), ("郑宇", "M", False, False)),
    ),
    (
        "望京街道总工会",
        (("冯雪", "F", False, True), ("褚明亮", "M", True, False), ("卫国强", "M", False, False)),
    ),
    ("金盏地区总工会", (("蒋春燕", "F", True, False), ("沈立新", "M", True, False))),
    ("北京市朝阳区环境卫生服务中心工会", (("韩桂英", "F", True, True), ("杨树林", "M", True, False))),
)


def _congress(chaoyang: Org) -> tuple[Congress, bool]:
    found = Congress.objects.filter(org=chaoyang, title=DEMO_CONGRESS_TITLE).first()
    if found is not None:
        return found, False
    starts = reported(dt.date(2024, 6, 12))
    seats = sum(len(people) for _, people in UNITS)
    number = (
        3
        if not Congress.objects.filter(org=chaoyang, kind=CongressKind.CONGRESS, number=3).exists()
        else (services.next_congress_number(chaoyang, CongressKind.CONGRESS))
    )
    congress = services.congress_create(
        actor=SYSTEM,
        data=services.CongressData(
            org=chaoyang,
            kind=CongressKind.CONGRESS,
            number=number,
            title=DEMO_CONGRESS_TITLE,
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=1),
            place="朝阳区职工之家报告厅",
            entitled=seats,
            agenda=[
                "听取和审议第二届委员会工作报告",
                "审查和批准经费收支情况报告",
                "审查和批准经费审查委员会工作报告",
                "选举产生第三届委员会和经费审查委员会",
            ],
            women_pct=30,
            front_line_pct=50,
            model_worker_pct=10,
        ),
    )
    present_ids = []
    for unit, people in UNITS:
        child = Org.objects.filter(parent=chaoyang, name=unit).first()
        quota = services.quota_set(
            actor=SYSTEM, congress=congress, unit=unit, unit_org=child, seats=len(people)
        )
        for name, gender, front, model in people:
            d = services.delegate_add(
                actor=SYSTEM,
                congress=congress,
                data=services.DelegateData(
                    quota=quota, name=name, gender=gender, front_line=front, model_worker=model
                ),
            )
            if name != "郑宇":  # on leave: one delegate absent
                present_ids.append(d.pk)
    services.credentials_confirm(actor=SYSTEM, congress=congress, on=starts - dt.timedelta(days=3))
    sitting = services.sitting_record(
        actor=SYSTEM, congress=congress, on=starts, label="第一次全体会议", present_ids=present_ids
    )
    for kind, title, votes in (
        (MatterKind.WORK_REPORT, "朝阳区总工会第二届委员会工作报告", (12, 0, 0)),
        (MatterKind.FINANCE_REPORT, "朝阳区总工会经费收支情况报告", (11, 0, 1)),
        (MatterKind.AUDIT_REPORT, "朝阳区总工会经费审查委员会工作报告", (12, 0, 0)),
    ):
        matter = services.matter_add(
            actor=SYSTEM, congress=congress, data=services.MatterData(kind=kind, title=title, sitting=sitting)
        )
        services.vote_record(
            actor=SYSTEM, matter=matter, votes_for=votes[0], votes_against=votes[1], votes_abstain=votes[2]
        )
    return congress, True


def _plenary(transport: Org) -> tuple[Plenary, bool]:
    found = Plenary.objects.filter(org=transport, title=PLENARY_TITLE).first()
    if found is not None:
        return found, False
    plenary = services.plenary_create(
        actor=SYSTEM,
        data=services.PlenaryData(
            org=transport,
            kind=PlenaryKind.FULL,
            number=services.next_plenary_number(transport, PlenaryKind.FULL),
            title=PLENARY_TITLE,
            on=reported(dt.date(2024, 5, 16)),
            place="北京市交通运输工会会议室",
            entitled=27,
            present=25,
        ),
    )
    report = services.matter_add(
        actor=SYSTEM,
        plenary=plenary,
        data=services.MatterData(kind=MatterKind.WORK_REPORT, title="北京市交通运输工会常委会工作报告"),
    )
    services.vote_record(actor=SYSTEM, matter=report, votes_for=25, votes_against=0, votes_abstain=0)
    services.matter_add(
        actor=SYSTEM,
        plenary=plenary,
        data=services.MatterData(
            kind=MatterKind.ITEM,
            title="本年度工作要点",
            text="创新工作室联盟、劳动和技能竞赛、工匠学院标准、新八级工学习宣传、货车司机入会（工作要点见工作计划）",
        ),
    )
    return plenary, True


@transaction.atomic
def load() -> str:
    congress, new_congress = _congress(demo_org("朝阳区总工会"))
    plenary, new_plenary = _plenary(demo_org("北京市交通运输工会"))
    said = "新建" if (new_congress or new_plenary) else "已有"
    return f"代表大会和全委会：{said}{congress.title}（代表{congress.delegates.count()}人）、{plenary.title}"
