"""Excel export of a subtree in the layout federations already keep (one row per organisation)."""

import io

from django.utils import timezone

from gonghui.core.downloads import heading_format, title_format, workbook
from gonghui.core.jobs import job_kind, reported

from .audit import OrgAudit
from .models import Org

COLUMNS = [
    ("序号", 6),
    ("组织名称", 36),
    ("简称", 16),
    ("层级", 18),
    ("上级工会", 30),
    ("行政区划代码", 12),
    ("产业", 20),
    ("统一社会信用代码", 22),
    ("法人资格证书编号", 18),
    ("工会主席", 10),
    ("本届任期开始", 12),
    ("任期(年)", 8),
    ("成立日期", 12),
    ("状态", 8),
    ("层次", 6),
]


def subtree_workbook(org: Org, rows) -> bytes:
    """Write the subtree's organisations, in tree order, to an .xlsx (constant memory)."""
    buffer = io.BytesIO()
    book = workbook(buffer, constant_memory=True)
    sheet = book.add_worksheet("工会组织")
    head = heading_format(book, align="center", text_wrap=True)
    title = title_format(book)
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write(0, 0, f"{org.name} 所属工会组织名册", title)
    for col, (label, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write(1, col, label, head)
    sheet.freeze_panes(2, 2)
    base_depth = org.depth
    r = 1
    for r, node in enumerate(rows, start=2):
        indent = "　" * (node.depth - base_depth)
        values = [
            r - 1,
            indent + node.name,
            node.short_name,
            node.get_level_display(),
            node.parent.name if node.parent_id else "",
            node.district_code,
            node.get_industry_display() if node.industry else "",
            node.uscc,
            node.legal_person_certificate,
            node.committee_chair,
            node.term_start,
            node.term_years or "",
            node.established_on,
            node.get_status_display(),
            node.depth - base_depth + 1,
        ]
        for col, value in enumerate(values):
            if hasattr(value, "isoformat"):
                sheet.write_datetime(r, col, value, date)
            else:
                sheet.write(r, col, value)
    sheet.autofilter(1, 0, max(r, 1), len(COLUMNS) - 1)
    book.close()
    return buffer.getvalue()


def subtree_rows(*, actor, org: Org):
    from .selectors import orgs_for

    return orgs_for(actor=actor, subtree=org).select_related("parent").order_by("path")


def export_filename(org: Org) -> str:
    return f"{org.name}-组织名册-{timezone.localtime():%Y%m%d}.xlsx"


@job_kind("org.export", download=OrgAudit.EXPORT_DOWNLOAD)
def export_job(job, progress) -> tuple[str, bytes]:
    """The subtree export as a background job, for subtrees too large to wait for."""
    org = Org.objects.get(pk=job.org_id)
    rows = subtree_rows(actor=job.actor, org=org)
    content = subtree_workbook(org, reported(rows, progress))
    return export_filename(org), content
