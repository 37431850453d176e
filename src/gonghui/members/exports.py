"""The member register as .xlsx, in the columns of the Beijing 《工会会员登记表》 (DOMAIN M9).

Masked by default (I3); a full export decrypts each row and is only started by someone holding
member.reveal, with the export itself audited by the view that starts it.
"""

import io
from collections.abc import Iterable

from django.utils import timezone

from gonghui.core.downloads import heading_format, title_format, workbook
from gonghui.core.jobs import job_kind, reported

from .audit import MemberAudit
from .models import Membership

COLUMNS = [
    ("序号", 6),
    ("姓名", 10),
    ("证件类型", 12),
    ("证件号码", 22),
    ("性别", 6),
    ("出生日期", 12),
    ("民族", 8),
    ("学历", 12),
    ("手机号码", 14),
    ("工作单位", 30),
    ("就业状态", 10),
    ("技能等级", 10),
    ("户籍/居住地", 24),
    ("是否农民工", 8),
    ("新就业形态", 14),
    ("会员证号", 18),
    ("入会日期", 12),
    ("入会渠道", 14),
    ("会籍状态", 12),
    ("所属工会", 30),
]


def register_workbook(title: str, rows: Iterable[Membership], *, full: bool = False) -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer, constant_memory=True)
    sheet = book.add_worksheet("会员名册")
    head = heading_format(book, align="center")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write(0, 0, title, title_format(book))
    for col, (label, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write(1, col, label, head)
    sheet.freeze_panes(2, 2)
    today = timezone.localdate()
    r = 1
    for r, m in enumerate(rows, start=2):
        p = m.person
        new_form = (p.get_priority_group_display() or "是") if p.is_new_form else ""
        values = [
            r - 1,
            p.full_name,
            p.get_doc_type_display(),
            p.reveal_document() if full else p.id_masked,
            p.get_gender_display(),
            p.birth_date,
            p.ethnicity,
            p.get_education_display(),
            p.reveal_mobile() if full else p.mobile_masked,
            m.employer_name,
            p.get_employment_status_display(),
            p.get_skill_level_display(),
            p.residence,
            "是" if p.is_migrant else "否",
            new_form,
            m.number or "",
            m.join_date,
            m.get_channel_display(),
            m.status_label(today),
            m.org.name,
        ]
        for col, value in enumerate(values):
            if hasattr(value, "isoformat"):
                sheet.write_datetime(r, col, value, date)
            else:
                sheet.write(r, col, value)
    sheet.autofilter(1, 0, max(r, 1), len(COLUMNS) - 1)
    book.close()
    return buffer.getvalue()


def export_filename(title: str, full: bool) -> str:
    return f"{title}-会员名册{'-完整' if full else ''}-{timezone.localtime():%Y%m%d}.xlsx"


@job_kind("members.export", download=MemberAudit.EXPORT_DOWNLOAD)
def export_job(job, progress) -> tuple[str, bytes]:
    """A filtered member list too large to wait for, written in the background."""
    from .filters import filters_from_params
    from .selectors import members_for

    filters = filters_from_params(job.params.get("filters", {}), actor=job.actor)
    full = bool(job.params.get("full"))
    rows = members_for(actor=job.actor, filters=filters, perm="member.reveal" if full else "member.view")
    title = job.org.name if job.org else "会员名册"
    content = register_workbook(title, reported(rows, progress), full=full)
    return export_filename(title, full), content
