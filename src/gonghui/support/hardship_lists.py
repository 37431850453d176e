"""The hardship files as the shared list declares them (core/lists.py): masked names and the band only, never
the income or the reasons, on the page and in the sheet."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import hardship_selectors
from .hardship_audit import HardshipAudit
from .hardship_forms import FilterForm


def _files(actor, params: dict[str, str]):
    return hardship_selectors.files_for(actor=actor, **FilterForm(params or None, actor=actor).filters())


FILES = ListSpec(
    name="support.hardship",
    title="困难职工档案",
    rows=_files,
    sorts=(
        Sort("submitted", "提交日期", ("submitted_on",)),
        Sort("due", "复审日期", ("valid_until",)),
        Sort("org", "工会", ("org__name", "submitted_on")),
    ),
    default_sort="-submitted",
    columns=(
        Column("姓名", lambda f: f.name_masked, 10),
        Column("会员证号", lambda f: f.member_number, 20),
        Column("工会", lambda f: f.org.name, 30),
        Column("困难类别", lambda f: f.get_category_display(), 10),
        Column("收入状况", lambda f: f.get_band_display(), 10),
        Column("家庭人口", lambda f: f.household_size, 8),
        Column("状态", lambda f: f.get_status_display(), 14),
        Column("提交日期", lambda f: f.submitted_on, 12),
        Column("有效期至", lambda f: f.valid_until, 12),
    ),
    export_action=HardshipAudit.LIST_EXPORT,
    download_action=HardshipAudit.LIST_EXPORT_DOWNLOAD,
    sheet_title=lambda actor, params: "困难职工档案（已遮蔽）",
)
