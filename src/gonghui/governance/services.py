"""What the parts share writing: a node's new committee (O6, R21)."""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import DomainError
from gonghui.core.scope import in_scope
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Org

from .audit import GovernanceAudit
from .models import Committee, CommitteeMember, CommitteeRole

# a committee is the node's own record (O6): installing one is managing the organisation, as the approval above
# (R21) does
MANAGE = "org.manage"


@transaction.atomic
def committee_install(
    *,
    actor,
    org: Org,
    term_start: dt.date,
    term_years: int,
    members: Sequence[tuple[str, str]],
    source: str,
    election_key: str = "",
) -> Committee:
    """The node's committee for a new term (O6), in one step: the present one ends on the day the new one starts,
    the new one is recorded with its members in their roles (委员会, 经审会, 女职工委员会), and the node's own
    record gets the chair and the term. An approved election calls it (R21); a cadre may record a committee
    elected before Gonghui the same way. `members` are (name, role) pairs, in the order they are listed."""
    if not in_scope(actor, MANAGE, org):
        raise DomainError("scope", "无权为该组织登记委员会", fields={"org": "无权"})
    if term_years not in (3, 5):
        raise DomainError("term_years", "工会委员会每届任期为3年或5年", fields={"term_years": "应为3或5"})
    if term_start > timezone.localdate():
        raise DomainError("term_start", "任期开始日期不能晚于今天", fields={"term_start": "日期不对"})
    people = [(" ".join(name.split()), role) for name, role in members if name.strip()]
    if any(role not in CommitteeRole.values for _, role in people):
        raise DomainError("members", "委员会成员的职务不在可选范围内", fields={"members": "职务不对"})
    chairs = [name for name, role in people if role == CommitteeRole.CHAIR]
    if len(chairs) != 1:
        raise DomainError("members", "委员会应有且只有一名主席", fields={"members": "主席人数不对"})
    if not source.strip():
        raise DomainError("source", "请写明产生方式（如：第三次会员代表大会选举）", fields={"source": "必填"})
    present = Committee.objects.select_for_update(of=("self",)).filter(org=org, ended_on__isnull=True).first()
    if present is not None:
        if term_start <= present.term_start:
            raise DomainError(
                "term_start",
                f"新一届任期应晚于本届（{present.term_start:%Y-%m-%d}起）开始",
                fields={"term_start": "早于本届"},
            )
        present.ended_on = term_start
        present.save(update_fields=["ended_on"])
    committee = Committee.objects.create(
        org=org,
        term_start=term_start,
        term_years=term_years,
        source=source.strip(),
        election_key=election_key,
    )
    CommitteeMember.objects.bulk_create(
        CommitteeMember(committee=committee, name=name, role=role, order=i)
        for i, (name, role) in enumerate(people)
    )
    org_services.org_update(
        actor=actor,
        org=org,
        reason=f"新一届工会委员会：{source.strip()}",
        committee_chair=chairs[0],
        term_start=term_start,
        term_years=term_years,
    )
    audit_record(
        actor=actor,
        action=GovernanceAudit.COMMITTEE_INSTALL,
        org=org,
        target=committee,
        target_label=f"{org.name}工会委员会",
        after={
            "chair": chairs[0],
            "members": "、".join(f"{name}（{CommitteeRole(role).label}）" for name, role in people),
            "term_start": term_start.isoformat(),
            "term_years": term_years,
            "source": source.strip(),
        },
    )
    return committee
