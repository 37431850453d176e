"""The module contract: what an app tells the rest of Gonghui about itself, in its `AppConfig`.

An app that sets `contract = Module(...)` on its AppConfig (not `module`: Django keeps the app's Python module
there) is mounted and shown without an edit anywhere else:

- `urls` / `public_urls`: its staff pages under their prefix, and its worker pages at the site root;
- `api`: its django-ninja router under `/api/<prefix>`;
- `nav`: its entries in the staff navigation, each behind an access rule;
- `work`: its work figures for the dashboards (DOMAIN S5): keys, labels, units, how to count them for a subtree
  and a period, and the phrase the report sentence quotes;
- `org_figures`: counts it shows on an organisation's page (e.g. members);
- `todo`: what waits for the cadres of a subtree (e.g. overdue applications), shown on the dashboard;
- `member_panels` / `card_panels`: what it adds to a member's e-card page and to the staff card check page;
- `person_panels`: what it adds to the staff's page of a member (the honours they hold, …);
- `demo`: its step in `gonghui demo`;
- `not_found`: its own 404 page for its addresses (the worker's pages look like the rest of the phone flow);
- `access_rows`: its rows for the access matrix test (tests/access_rows.py);
- `answers`: the named questions it answers for other modules (`ask`): how one work module reads another's
  records without importing it (an activity's speakers who are model workers, a ceremony linked to a round).

Callables are named by dotted path and imported when first used, so declaring a module imports nothing of it and
no lower layer imports a higher one. `docs/adding-a-module.md` walks through a complete small module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    rule: str  # the access rule a user must pass to see the entry (a permission code, or LOGIN)
    order: int = 100


@dataclass(frozen=True)
class WorkFigure:
    key: str
    label: str  # the dashboard card's label: 开展活动
    unit: str  # 场, 人次, 家, 件（份）


@dataclass(frozen=True)
class Work:
    """A module's work figures (S5) for a subtree and a period.

    `count` names `f(org, start, end) -> {key: int}`; `links`, optionally, `f(org, start, end) -> {key: url}`.
    `phrase` is the module's part of the report sentence, formatted with the figures written as reports write
    them (zh_number): "开展各类活动{activities}场，服务职工{reach}人次". It is left out when every figure named
    in `shown_when` (default: all) is zero.

    `details`, optionally, names `f(org, start, end) -> str`: words the figures cannot carry, such as what was
    handed out, each in its own unit ("西瓜10,000斤、杯子15个"): figures of different units are never added up
    (issue 16 §4). The phrase quotes it as `{details}`; a phrase that does not name it gets it appended after a
    comma. Empty text adds nothing; the dashboards show it under the module's cards."""

    figures: tuple[WorkFigure, ...]
    count: str
    phrase: str
    links: str | None = None
    shown_when: tuple[str, ...] = ()
    order: int = 100
    details: str | None = None

    def figure_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.figures)

    def sentence_part(self, written: dict[str, str], details: str = "") -> str:
        """The phrase with the figures as written (`written`, key → text) and the details text."""
        if "{details}" in self.phrase:
            return self.phrase.format(**written, details=details)
        text = self.phrase.format(**written)
        return f"{text}，{details}" if details else text


@dataclass(frozen=True)
class DemoStep:
    label: str  # printed by `gonghui demo`: 关爱活动 care campaigns (000-3, 001-5, 001-6)
    run: str  # f() -> str (the line printed after it), idempotent: a second run creates nothing
    order: int = 100
    lines: str | None = None  # f(base url) -> [str]: where to look, printed when the demo is ready


@dataclass(frozen=True)
class Module:
    urls: tuple[str, str] | None = None  # (prefix, urls module): ("care/", "gonghui.care.urls")
    public_urls: str | None = None  # a module with `urlpatterns` mounted at the root: the worker's pages
    api: tuple[tuple[str, str], ...] = ()  # (prefix, router path): (("/care/", "gonghui.care.api.router"),)
    nav: tuple[NavItem, ...] = ()
    work: Work | None = None
    org_figures: str | None = None  # f(actor, org) -> [(label, value, url or "")]
    todo: str | None = None  # f(actor, org) -> [(label, count, url)]: what waits for the cadres of a subtree
    member_panels: tuple[str, ...] = ()  # f(request, person) -> (template, context) | None
    card_panels: tuple[str, ...] = ()  # f(request, check, code) -> (template, context) | None
    # f(request, person) -> (template, context) | None, on the staff's page of a member: read with request.user's scope
    person_panels: tuple[str, ...] = ()
    demo: DemoStep | None = None
    # (path prefix, template) of its own 404 page: the worker's pages answer in their phone style
    not_found: tuple[tuple[str, str], ...] = ()
    # a module (of the tests) with page_rows(world) and api_rows(world): its rows of the access matrix
    access_rows: str | None = None
    # question → dotted path of the function answering it; see `ask` and QUESTIONS
    answers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def registered() -> list[tuple[Any, Module]]:
    """(app config, module) of every installed app that declares one, in INSTALLED_APPS order."""
    return [
        (c, c.contract) for c in apps.get_app_configs() if isinstance(getattr(c, "contract", None), Module)
    ]


@cache
def load(path: str):
    return import_string(path)


def nav_items() -> list[NavItem]:
    items = [item for _, m in registered() for item in m.nav]
    return sorted(items, key=lambda i: i.order)


def not_found_template(address: str) -> str:
    """The 404 page for an address: a module's own where it declares one for that prefix, else the staff page."""
    for _, m in registered():
        for prefix, template in m.not_found:
            if address.startswith(prefix):
                return template
    return "404.html"


def work_modules() -> list[Work]:
    return sorted((m.work for _, m in registered() if m.work is not None), key=lambda w: w.order)


def demo_steps() -> list[DemoStep]:
    return sorted((m.demo for _, m in registered() if m.demo is not None), key=lambda s: s.order)


def demo_lines(base_url: str) -> list[str]:
    return [line for step in demo_steps() if step.lines for line in load(step.lines)(base_url)]


def panels(kind: str, *args) -> list[tuple[str, dict]]:
    """What every module adds to a shared page (`member_panels`, `card_panels`, `person_panels`): (template,
    context) pairs."""
    out = []
    for _, m in registered():
        for path in getattr(m, kind):
            panel = load(path)(*args)
            if panel is not None:
                out.append(panel)
    return out


def todo(actor, org) -> list[tuple[str, int, str]]:
    """Every module's waiting work in a subtree, for the dashboard: only what is there to do (count > 0)."""
    return [row for _, m in registered() if m.todo for row in load(m.todo)(actor, org) if row[1]]


def org_figures(actor, org) -> list[tuple[str, Any, str]]:
    return [row for _, m in registered() if m.org_figures for row in load(m.org_figures)(actor, org)]


# The questions modules ask each other (`ask`), with the shape of an answer. A module answering one declares
# `answers={"<question>": "<dotted path>"}`; a module asking merges what every answering module returns, so a
# question nobody answers is simply an empty list (the asking module still works on its own).
QUESTIONS = {
    # f(person_ids) -> {person id: [label, …]}: what a person is known as ("北京市劳动模范"), e.g. beside an
    # activity's speakers
    "person_marks": "what each of these people is known as",
    # f(org, start, end) -> [Speaker]: the speakers of activities held in a subtree and period, with their
    # person where they are registered
    "speakers": "who spoke at the activities of a subtree and period",
    # f(actor, key) -> (label, url) | None: the record a link key names ("awards.round:12"), if the actor may see it
    "link_label": "what record a link key names",
    # f(actor, key) -> [Linked]: the records linked to a record key, which the actor may see (a ceremony
    # recorded as an activity linked to its round)
    "linked": "which records are linked to this one",
    # f(key, *, title, kind) -> url | None: where to record a new activity linked to the record `key`, its form
    # filled in with a title and a kind (the ceremony of a round, the showcase of a competition)
    "new_linked": "where to record an activity linked to this record",
}


@dataclass(frozen=True)
class Linked:
    """A record another module holds, as the asking page shows it: what, when, where to open it."""

    label: str
    on: Any  # a date
    url: str
    note: str = ""


@dataclass(frozen=True)
class Speaker:
    activity_id: int
    title: str
    on: Any  # the activity's date
    url: str
    name: str
    person_id: int | None


@dataclass(frozen=True)
class LinkedRecords:
    """What a record's page shows of the activities linked to it: the records (`Linked`) and where to record a
    new one (None when no module records activities)."""

    items: list[Linked]
    new_url: str | None


def linked_records(actor, key: str, *, title: str, kind: str) -> LinkedRecords:
    """The records linked to the record `key` that the actor may see, and where to record a new linked activity
    titled `title` of `kind`: both asked of the other modules ("linked", "new_linked")."""
    items = [item for answer in ask("linked", actor, key) for item in answer]
    urls = ask("new_linked", key, title=title, kind=kind)
    return LinkedRecords(items, urls[0] if urls else None)


def ask(question: str, *args, **kwargs) -> list:
    """Every module's answer to a named question (QUESTIONS), in INSTALLED_APPS order, leaving out the ones
    that answer None. Answers are reads: they restrict to the actor where the question carries one."""
    if question not in QUESTIONS:
        raise KeyError(f"unknown question {question!r}: add it to core.modules.QUESTIONS")
    out = []
    for _, m in registered():
        path = m.answers.get(question)
        if path:
            answer = load(path)(*args, **kwargs)
            if answer is not None:
                out.append(answer)
    return out


def ask_merged(question: str, *args, **kwargs) -> dict:
    """The answers to a question whose answer is a mapping of id → list, merged into one mapping."""
    merged: dict = {}
    for answer in ask(question, *args, **kwargs):
        for key, values in answer.items():
            merged.setdefault(key, []).extend(values)
    return merged
