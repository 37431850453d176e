"""The pipeline part's lists as the shared list declares them (core/lists.py): targets (filtered, exported), the
worklist, employers that may be opened as targets, events and workers' opinions."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import pipeline_selectors as selectors
from .pipeline_audit import PipelineAudit
from .pipeline_forms import EmployerSearchForm, EventFilterForm, OpinionFilterForm, TargetFilterForm


def _who(user) -> str:
    return (user.full_name or user.username) if user else ""


def _yes(value: bool) -> str:
    return "是" if value else ""


def _targets(actor, params: dict[str, str]):
    return selectors.targets_for(actor=actor, **TargetFilterForm(params or None, actor=actor).filters())


TARGET_SORTS = (
    Sort("next", "下一步日期", ("undated", "next_step_on")),
    Sort("name", "用人单位", ("employer__name",)),
    Sort("stage", "阶段", ("stage_rank", "employer__name")),
    Sort("headcount", "职工人数", ("employer__headcount",)),
    Sort("org", "所在组织", ("org__path", "employer__name")),
)

TARGETS = ListSpec(
    name="organising.targets",
    title="建会目标",
    rows=_targets,
    sorts=TARGET_SORTS,
    default_sort="next",
    columns=(
        Column("用人单位", lambda t: t.employer.name, 32),
        Column("统一社会信用代码", lambda t: t.employer.uscc, 22),
        Column("所在组织", lambda t: t.org.name, 22),
        Column("职工人数", lambda t: t.employer.headcount, 10),
        Column("阶段", lambda t: t.get_stage_display(), 10),
        Column("优先级", lambda t: t.get_priority_display(), 8),
        Column("八大群体用工单位", lambda t: _yes(t.is_priority_group), 10),
        Column("平台企业", lambda t: _yes(t.is_platform), 8),
        Column("接触途径", lambda t: t.get_channel_display(), 10),
        Column("责任人", lambda t: _who(t.owner), 12),
        Column("下一步", lambda t: t.next_step, 30),
        Column("下一步日期", lambda t: t.next_step_on, 12),
        Column("首次接触日期", lambda t: t.first_contact_on, 12),
        Column("建会日期", lambda t: t.formed_on, 12),
    ),
    export_action=PipelineAudit.TARGETS_EXPORT,
    download_action=PipelineAudit.TARGETS_DOWNLOAD,
)


WORKLIST = ListSpec(
    name="organising.worklist",
    title="我的建会工作",
    rows=lambda actor, params: selectors.worklist_for(actor=actor)[0],
    sorts=TARGET_SORTS,
    default_sort="next",
)


def _untargeted(actor, params: dict[str, str]):
    return selectors.untargeted_employers(
        actor=actor, **EmployerSearchForm(params or None, actor=actor).filters()
    )


UNTARGETED = ListSpec(
    name="organising.untargeted",
    title="未建会单位",
    rows=_untargeted,
    sorts=(
        Sort("name", "单位名称", ("name",)),
        Sort("headcount", "职工人数", ("headcount",)),
        Sort("org", "所在组织", ("org__path", "name")),
    ),
    default_sort="-headcount",
    size=20,
)


def _events(actor, params: dict[str, str]):
    return selectors.events_for(actor=actor, **EventFilterForm(params or None, actor=actor).filters())


EVENTS = ListSpec(
    name="organising.events",
    title="摆摊设点和沟通会",
    rows=_events,
    sorts=(Sort("on", "日期", ("on",)), Sort("title", "名称", ("title", "on"))),
    default_sort="-on",
    columns=(
        Column("日期", lambda e: e.on, 12),
        Column("形式", lambda e: e.get_kind_display(), 10),
        Column("名称", lambda e: e.title, 36),
        Column("地点", lambda e: e.place, 20),
        Column("举办单位", lambda e: e.org.name, 22),
        Column("联系单位数", lambda e: e.n_contacts, 10),
        Column("收集意见建议数", lambda e: e.n_opinions, 12),
        Column("情况", lambda e: e.note, 40),
    ),
    export_action=PipelineAudit.EVENTS_EXPORT,
    download_action=PipelineAudit.EVENTS_DOWNLOAD,
)


def _source(o) -> str:
    if o.event_id:
        return o.event.title
    if o.visit_id:
        return f"走访{o.visit.target.employer.name}"
    return ""


def _opinions(actor, params: dict[str, str]):
    return selectors.opinions_for(actor=actor, **OpinionFilterForm(params or None, actor=actor).filters())


OPINIONS = ListSpec(
    name="organising.opinions",
    title="职工意见建议",
    rows=_opinions,
    sorts=(
        Sort("on", "收集日期", ("on",)),
        Sort("category", "类别", ("category", "on")),
        Sort("answered", "答复日期", ("answered_on", "on")),
    ),
    default_sort="-on",
    columns=(
        Column("收集日期", lambda o: o.on, 12),
        Column("类别", lambda o: o.get_category_display(), 10),
        Column("意见建议", lambda o: o.text, 50),
        Column("来源", _source, 30),
        Column("登记单位", lambda o: o.org.name, 22),
        Column("答复", lambda o: o.answer, 50),
        Column("答复日期", lambda o: o.answered_on, 12),
        Column("答复人", lambda o: _who(o.answered_by), 12),
    ),
    export_action=PipelineAudit.OPINIONS_EXPORT,
    download_action=PipelineAudit.OPINIONS_DOWNLOAD,
)
