"""Congresses and plenaries (G1, R19): numbering, members' assemblies entitled by the member count, quotas and
delegates with the composition against targets, credentials, sittings with attendance, reports with their
document and votes (approved iff for*2 > present), plenaries and their items, the list, the figures, the API."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.accounts.services import token_create
from gonghui.core.audit import AuditEvent
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.scope import SYSTEM
from gonghui.governance import congresses_selectors as sel
from gonghui.governance import congresses_services as services
from gonghui.governance import selectors
from gonghui.governance.congresses_audit import CongressesAudit
from gonghui.governance.models import CongressKind, MatterKind, PlenaryKind
from gonghui.members.tests.factories import enrol

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 18, 2, tzinfo=dt.UTC)
DAY = dt.date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def congress(org, number=None, kind=CongressKind.CONGRESS, entitled=5, actor=SYSTEM, **extra):
    return services.congress_create(
        actor=actor,
        data=services.CongressData(
            org=org,
            kind=kind,
            number=number or services.next_congress_number(org, kind),
            starts_on=extra.pop("starts_on", DAY),
            ends_on=extra.pop("ends_on", dt.date(2026, 5, 21)),
            entitled=entitled,
            **extra,
        ),
    )


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("工作报告.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")


def docx() -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile("财务报告.docx", out.getvalue())


def delegates(c, people):
    """people: (unit, name, gender, front_line, model_worker)."""
    quotas = {}
    for unit, *_ in people:
        quotas[unit] = quotas.get(unit, 0) + 1
    made = {u: services.quota_set(actor=SYSTEM, congress=c, unit=u, seats=n) for u, n in quotas.items()}
    return [
        services.delegate_add(
            actor=SYSTEM,
            congress=c,
            data=services.DelegateData(
                quota=made[unit], name=name, gender=gender, front_line=front, model_worker=model
            ),
        )
        for unit, name, gender, front, model in people
    ]


def test_a_congress_is_numbered_per_node_and_kind_and_titled_in_chinese(world):
    first = congress(world.chaoyang)
    second = congress(world.chaoyang, agenda=["听取和审议工作报告", "", "选举新一届委员会"])
    assert (first.number, second.number) == (1, 2)
    assert second.title == "朝阳区总工会第二次会员代表大会"
    assert [a.text for a in second.agenda.all()] == ["听取和审议工作报告", "选举新一届委员会"]
    with pytest.raises(Conflict, match="已有第二次会员代表大会"):
        congress(world.chaoyang, number=2)
    assert services.chinese_number(12) == "十二" and services.chinese_number(21) == "二十一"
    with pytest.raises(DomainError, match="无权"):
        congress(world.dashilan, actor=world.user("chaoyang"))


def test_a_members_assembly_entitles_every_member(world):
    # rule R19: a small base union meets as all its members; N is its member count
    for name in ("张伟", "李娜", "王强"):
        enrol(world.base_donghu, name)
    c = congress(world.base_donghu, kind=CongressKind.ASSEMBLY, entitled=0)
    assert c.entitled == 3 and c.title.endswith("第一次会员大会")
    s = services.sitting_record(actor=SYSTEM, congress=c, on=DAY, present_count=3)
    assert sel.attendance(s) == (3, 3)
    with pytest.raises(DomainError, match="不能超过应到人数3"):
        services.sitting_record(actor=SYSTEM, congress=c, on=DAY, present_count=4)
    with pytest.raises(DomainError, match="不分配代表名额"):
        services.quota_set(actor=SYSTEM, congress=c, unit="一车间", seats=2)


def test_composition_against_targets_is_checked_on_integers(world, login):
    c = congress(world.chaoyang, entitled=7, women_pct=30, front_line_pct=50, model_worker_pct=15)
    delegates(
        c,
        [
            ("东湖街道总工会", "甲", "F", True, False),
            ("东湖街道总工会", "乙", "M", True, False),
            ("东湖街道总工会", "丙", "F", False, True),
            ("常营地区总工会", "丁", "M", True, False),
            ("常营地区总工会", "戊", "M", False, False),
            ("常营地区总工会", "己", "M", False, False),
            ("常营地区总工会", "庚", "M", False, False),
        ],
    )
    shares = {s.label: s for s in sel.composition(c)}
    # women 2/7: 200 < 210 → not met; front line 3/7: 300 < 350 → not met; model 1/7: 100 < 105 → not met
    assert [(s.count, s.met) for s in shares.values()] == [(2, False), (3, False), (1, False)]
    page = login("chaoyang").get(f"/governance/congresses/{c.pk}/").content.decode()
    assert "女性代表 2人（28%，目标≥30%） 未达标" in page and "代表资格待确认" in page
    c2 = congress(world.chaoyang, entitled=3, women_pct=34)
    delegates(c2, [("东湖街道总工会", "辛", "F", False, False), ("东湖街道总工会", "壬", "M", False, False)])
    assert sel.composition(c2)[0].met  # 1/2: 100 >= 68


def test_a_unit_elects_within_its_quota_and_a_member_is_found_by_number(world):
    c = congress(world.chaoyang)
    quota = services.quota_set(actor=SYSTEM, congress=c, unit_org=world.donghu, seats=1)
    assert quota.unit == "东湖街道总工会"
    member = enrol(world.base_donghu, "赵敏")
    d = services.delegate_add(
        actor=world.user("chaoyang"),
        congress=c,
        data=services.DelegateData(quota=quota, number=member.number, gender="F"),
    )
    assert d.name == "赵敏" and d.membership == member
    with pytest.raises(DomainError, match="1个名额已满"):
        services.delegate_add(
            actor=SYSTEM, congress=c, data=services.DelegateData(quota=quota, name="钱多", gender="M")
        )
    with pytest.raises(DomainError, match="直属下级"):
        services.quota_set(actor=SYSTEM, congress=c, unit_org=world.base_donghu, seats=2)
    stranger = enrol(
        world.base_xicheng, "孙红"
    )  # outside 朝阳's subtree: not found, like a number nobody holds
    other = services.quota_set(actor=SYSTEM, congress=c, unit="常营", seats=2)
    with pytest.raises(DomainError, match="未找到会员证号"):
        services.delegate_add(
            actor=world.user("chaoyang"),
            congress=c,
            data=services.DelegateData(quota=other, number=stranger.number, gender="F"),
        )


def test_credentials_confirmed_once_audited_and_listed_as_waiting(world):
    c = congress(world.donghu)
    waiting = {label: n for label, n, _url in selectors.todo(SYSTEM, world.chaoyang)}
    assert waiting["代表大会代表资格待确认"] == 1
    with pytest.raises(DomainError, match="尚未登记代表"):
        services.credentials_confirm(actor=SYSTEM, congress=c)
    delegates(c, [("一车间", "甲", "F", True, False)])
    services.credentials_confirm(actor=SYSTEM, congress=c, on=dt.date(2026, 5, 19))
    assert AuditEvent.objects.filter(action=CongressesAudit.CREDENTIALS_CONFIRM.code).count() == 1
    with pytest.raises(Conflict, match="已确认"):
        services.credentials_confirm(actor=SYSTEM, congress=c)
    assert sel.todo(SYSTEM, world.chaoyang) == []


def test_a_sitting_counts_the_ticked_delegates_and_a_report_passes_with_more_than_half(world, login):
    c = congress(world.chaoyang, entitled=5)
    people = delegates(c, [("一车间", n, "M", False, False) for n in "甲乙丙丁戊"])
    s = services.sitting_record(actor=SYSTEM, congress=c, on=DAY, present_ids=[p.pk for p in people[:4]])
    assert s.present == 4 and sel.attendance(s) == (4, 5)
    work = services.matter_add(
        actor=SYSTEM,
        congress=c,
        data=services.MatterData(kind=MatterKind.WORK_REPORT, title="工作报告", sitting=s, upload=pdf()),
    )
    finance = services.matter_add(
        actor=SYSTEM,
        congress=c,
        data=services.MatterData(kind=MatterKind.FINANCE_REPORT, title="财务报告", sitting=s, upload=docx()),
    )
    with pytest.raises(DomainError, match="合计5，超过实到人数4"):
        services.vote_record(actor=SYSTEM, matter=work, votes_for=3, votes_against=1, votes_abstain=1)
    # rule G1: 3*2 > 4 passes; 2*2 > 4 does not (exactly half is not more than half)
    assert services.vote_record(
        actor=SYSTEM, matter=work, votes_for=3, votes_against=1, votes_abstain=0
    ).approved
    assert not services.vote_record(
        actor=SYSTEM, matter=finance, votes_for=2, votes_against=1, votes_abstain=1
    ).approved
    with pytest.raises(Conflict, match="已表决"):
        services.vote_record(actor=SYSTEM, matter=work, votes_for=4, votes_against=0, votes_abstain=0)
    client = login("chaoyang")
    page = client.get(f"/governance/congresses/{c.pk}/").content.decode()
    assert "3/1/0" in page and "未通过" in page and "工作报告.pdf" in page
    download = client.get(f"/governance/congresses/matters/{work.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert login("xicheng").get(f"/governance/congresses/matters/{work.pk}/file/").status_code == 404
    _, raw = token_create(actor=SYSTEM, user=world.user("chaoyang"), name="测试")
    bearer = {"Authorization": f"Bearer {raw}"}
    api = client.get(f"/api/governance/congresses/{c.pk}", headers=bearer).json()
    assert api["entitled"] == 5 and api["sittings"][0]["present"] == 4
    assert [(r["title"], r["votes_for"], r["result"]) for r in api["reports"]] == [
        ("工作报告", 3, "通过"),
        ("财务报告", 2, "未通过"),
    ]


def test_a_report_document_is_pdf_or_docx_up_to_ten_megabytes_by_its_bytes(world):
    c = congress(world.chaoyang)

    def add(upload):
        return services.matter_add(
            actor=SYSTEM,
            congress=c,
            data=services.MatterData(kind=MatterKind.AUDIT_REPORT, title="经审报告", upload=upload),
        )

    with pytest.raises(DomainError, match="不是 PDF 或 Word"):
        add(SimpleUploadedFile("报告.pdf", b"not a pdf at all"))
    with pytest.raises(DomainError, match="超过 10 MB"):
        add(SimpleUploadedFile("大.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)))
    assert add(docx()).file.endswith(".docx")


def test_a_plenary_votes_on_its_items_and_records_personnel_matters(world, login):
    p = services.plenary_create(
        actor=SYSTEM,
        data=services.PlenaryData(
            org=world.chaoyang,
            kind=PlenaryKind.FULL,
            number=2,
            on=dt.date(2026, 1, 10),
            entitled=21,
            present=19,
        ),
    )
    assert p.title == "朝阳区总工会第二次全委会"
    report = services.matter_add(
        actor=SYSTEM, plenary=p, data=services.MatterData(kind=MatterKind.WORK_REPORT, title="常委会工作报告")
    )
    by = services.matter_add(
        actor=SYSTEM,
        plenary=p,
        data=services.MatterData(kind=MatterKind.BY_ELECTION, title="增补委员", person="周立"),
    )
    assert not services.vote_record(
        actor=SYSTEM, matter=report, votes_for=9, votes_against=0, votes_abstain=0
    ).approved
    assert services.vote_record(
        actor=SYSTEM, matter=by, votes_for=10, votes_against=0, votes_abstain=0
    ).approved
    with pytest.raises(DomainError, match="不能超过应到人数"):
        services.plenary_create(
            actor=SYSTEM,
            data=services.PlenaryData(
                org=world.chaoyang, kind=PlenaryKind.STANDING, number=1, on=DAY, entitled=5, present=6
            ),
        )
    page = login("chaoyang").get(f"/governance/plenaries/{p.pk}/").content.decode()
    assert "增补委员（周立）" in page and "应到21人" in page
    assert login("xicheng").get(f"/governance/plenaries/{p.pk}/").status_code == 404


def test_figures_and_sentence_of_a_subtree_and_year(world):
    c = congress(world.donghu, entitled=3)
    people = delegates(c, [("一车间", n, "M", False, False) for n in "甲乙丙"])
    s = services.sitting_record(actor=SYSTEM, congress=c, on=DAY, present_ids=[p.pk for p in people])
    for title in ("工作报告", "财务报告"):
        m = services.matter_add(
            actor=SYSTEM,
            congress=c,
            data=services.MatterData(kind=MatterKind.WORK_REPORT, title=title, sitting=s),
        )
        services.vote_record(actor=SYSTEM, matter=m, votes_for=3, votes_against=0, votes_abstain=0)
    for n in (1, 2):
        services.plenary_create(
            actor=SYSTEM,
            data=services.PlenaryData(
                org=world.changying,
                kind=PlenaryKind.FULL,
                number=n,
                on=dt.date(2026, n, 5),
                entitled=9,
                present=9,
            ),
        )
    congress(world.dashilan)  # another subtree
    congress(world.donghu, starts_on=dt.date(2025, 5, 1), ends_on=None)  # another year
    fig = sel.figures(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fig == {"congresses_held": 1, "plenaries_held": 2, "reports_approved": 2, "delegates": 3}
    assert sel.sentence(fig) == "召开会员代表大会1次、全委会2次，审议通过工作报告等2项报告"
    assert sel.sentence(dict.fromkeys(sel.FIGURES, 0)) == ""
    assert (
        "全委会2次"
        in selectors.summary(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31)).sentence()
    )


def test_the_list_filters_searches_exports_and_pages_create(world, login):
    congress(world.donghu)
    congress(world.dashilan)
    services.plenary_create(
        actor=SYSTEM,
        data=services.PlenaryData(
            org=world.changying, kind=PlenaryKind.STANDING, number=1, on=DAY, entitled=7, present=6
        ),
    )
    client = login("chaoyang")
    page = client.get("/governance/congresses/").content.decode()
    assert "东湖街道总工会第一次会员代表大会" in page and "大栅栏" not in page
    assert (
        "东湖"
        not in client.get("/governance/congresses/?q=常营")
        .content.decode()
        .split('data-testid="congresses"')[1]
    )
    plen = client.get("/governance/congresses/?kind=standing").content.decode()
    assert "常营地区总工会第一次常委会" in plen
    export = client.get("/governance/congresses/?export=xlsx")
    assert export.status_code in (200, 302)
    response = client.post(
        "/governance/congresses/new/",
        {
            "org": world.changying.pk,
            "kind": "congress",
            "starts_on": "2026-06-01",
            "entitled": "80",
            "agenda": "审议工作报告\n选举",
            "women_pct": "30",
            "front_line_pct": "0",
            "model_worker_pct": "0",
        },
    )
    assert response.status_code == 302
    assert "常营地区总工会第一次会员代表大会" in client.get(response["Location"]).content.decode()


def test_a_cadre_records_a_congress_through_its_pages(world, login):
    c = congress(world.chaoyang, entitled=2, women_pct=50)
    client = login("chaoyang")
    base = f"/governance/congresses/{c.pk}"
    client.post(f"{base}/quotas/", {"unit_org": world.donghu.pk, "seats": "2"})
    quota = c.quotas.get()
    client.post(f"{base}/delegates/", {"quota": quota.pk, "name": "林芳", "gender": "F", "front_line": "on"})
    client.post(f"{base}/delegates/", {"quota": quota.pk, "name": "高山", "gender": "M"})
    refused = client.post(
        f"{base}/delegates/", {"quota": quota.pk, "name": "多余", "gender": "M"}, follow=True
    )
    assert "2个名额已满" in refused.content.decode()
    client.post(f"{base}/credentials/")
    ids = list(c.delegates.values_list("pk", flat=True))
    client.post(f"{base}/sittings/", {"on": "2026-05-20", "label": "第一次全体会议", "present": ids})
    sitting = c.sittings.get()
    client.post(
        f"{base}/matters/",
        {"kind": "work_report", "title": "工作报告", "sitting": sitting.pk, "upload": pdf()},
    )
    matter = c.matters.get()
    client.post(
        f"/governance/congresses/matters/{matter.pk}/vote/",
        {"votes_for": "2", "votes_against": "0", "votes_abstain": "0"},
    )
    page = client.get(f"{base}/").content.decode()
    assert "代表资格已确认" in page and "女性代表 1人（50%，目标≥50%） 达标" in page
    assert "2/0/0" in page and "通过" in page and "工作报告.pdf" in page
    assert AuditEvent.objects.filter(action=CongressesAudit.VOTE_RECORD.code).count() == 1
    assert login("viewer").post(f"{base}/credentials/").status_code == 404
