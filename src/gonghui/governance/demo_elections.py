"""The elections part of the governance demo (issue 20 §6): 通州区总工会's fourth congress elects its committee by
差额 (8 candidates for 7 seats, counted in totals, signed by the scrutineers), reported to 北京市总工会 and approved,
which installs the new committee on the node's page. Idempotent: a second run finds the election and says 已有."""

import datetime as dt

from django.db import transaction

from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org

from . import elections_services as services
from .models import CommitteeRole, Congress, CongressKind, Election, ElectionBody, ElectionStatus, TallyMode

ORG = "通州区总工会"
TITLE = "通州区总工会第四次代表大会选举工会委员会"
HELD_ON = dt.date(2025, 11, 20)  # a fixed past day
# fictional people; the yes votes of 186 valid ballots of 188 returned (200 entitled)
CANDIDATES = [
    ("王建国", CommitteeRole.CHAIR, 181),
    ("刘秀英", CommitteeRole.VICE_CHAIR, 176),
    ("孙立军", "", 170),
    ("李红梅", "", 168),
    ("张志强", "", 163),
    ("周晓燕", "", 150),
    ("郭东", "", 131),
    ("曹文彬", "", 88),
]


@transaction.atomic
def load() -> str:
    org = demo_org(ORG)
    if Election.objects.filter(org=org, title=TITLE).exists():
        return "换届选举：已有"
    congress, _ = Congress.objects.get_or_create(
        org=org,
        kind=CongressKind.CONGRESS,
        number=4,
        defaults={
            "title": "通州区总工会第四次代表大会",
            "starts_on": HELD_ON,
            "ends_on": HELD_ON,
            "place": "通州区职工服务中心",
            "entitled": 200,
        },
    )
    election = services.election_create(
        actor=SYSTEM,
        data=services.ElectionData(
            org=org,
            congress=congress,
            title=TITLE,
            body=ElectionBody.COMMITTEE,
            held_on=HELD_ON,
            seats=7,
            margin_percent=10,
            term_years=5,
            mode=TallyMode.TOTALS,
            entitled=200,
            candidates=[(name, role) for name, role, _ in CANDIDATES],
        ),
    )
    services.election_open(actor=SYSTEM, election=election)
    services.election_attendance(
        actor=SYSTEM, election=election, entitled=200, present=190, issued=190, returned=188
    )
    by_name = {c.name: c.pk for c in election.candidates.all()}
    services.totals_enter(
        actor=SYSTEM, election=election, yes={by_name[n]: v for n, _, v in CANDIDATES}, invalid=2
    )
    services.election_sign(actor=SYSTEM, election=election, scrutineers=["陈立新", "何雪梅", "吴海"])
    services.election_submit(actor=SYSTEM, election=election)
    services.election_decide(actor=SYSTEM, election=election, approve=True, note="同意选举结果")
    election.refresh_from_db()
    assert election.status == ElectionStatus.APPROVED
    return "换届选举：通州区总工会差额选举委员会7名（候选人8名），已获北京市总工会批准"
