"""Figures as the sentences federation reports print ("今年以来，新发展会员X人，其中新就业形态劳动者Y人")."""

import datetime as dt

from gonghui.core.numbers import thousands
from gonghui.members.models import Channel
from gonghui.stats.selectors import Figures, Period


def zh_number(n: int) -> str:
    """A count as Chinese reports write it (GB/T 15835-2011): exact below 100,000, thousands separated
    ("12,000", issue 16 §4); above, in 万 (or 亿) with up to two decimals and no trailing zeros."""
    if abs(n) < 100_000:
        return thousands(n)
    unit, size = ("亿", 100_000_000) if abs(n) >= 100_000_000 else ("万", 10_000)
    text = f"{n / size:.2f}".rstrip("0").rstrip(".")
    return text + unit


# S3 入会率, as it is written under the figure, in the sentences and in the yearbook
JOIN_RATE_DEFINITION = "入会率＝已建会单位（独立建会或联合工会覆盖）的会员÷这些单位的职工人数，直接加入街道、新业态工会的会员另计"
JOIN_RATE_UNSOUND = "已建会单位登记的职工人数少于其会员人数，请核对职工人数"


def join_rate_text(f) -> str:
    """入会率 as a headline: never above 100%; where the headcounts recorded are too low, a note instead."""
    return "待核" if f.membership_rate_unsound else zh_percent(f.membership_rate)


def zh_percent(rate: float | None) -> str:
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}".rstrip("0").rstrip(".") + "%"


def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def period_phrase(period: Period, today: dt.date) -> str:
    """今年以来 / 本季度以来 / 本月以来 for a period running to today; otherwise the period's own name."""
    running = period.end >= today
    if period.kind == "year" and running:
        return "今年以来"
    if period.kind == "quarter" and running:
        return "本季度以来"
    if period.kind == "month" and running:
        return "本月以来"
    return period.label


def _list(parts: list[tuple[str, int]], unit: str) -> str:
    return "、".join(f"{label}{zh_number(n)}{unit}" for label, n in parts if n)


def sentences(f: Figures, *, today: dt.date) -> list[str]:
    name = f.org.name
    out = []
    new = f["new"]
    others = _list(
        [
            ("新就业形态劳动者", f["new:new_form"]),
            ("女职工", f["new:woman"]),
            ("农民工", f["new:migrant"]),
        ],
        "人",
    )
    line = f"{period_phrase(f.period, today)}，{name}新发展会员{zh_number(new)}人"
    out.append(line + (f"，其中{others}。" if new and others else "。"))
    if new:
        labels = dict(Channel.choices)
        ways = _list([(f"通过{labels[c]}", f["new:channel:" + c]) for c in Channel.values], "人")
        out.append(f"新发展会员中，{ways}。")
    members = _list(
        [("女职工", f["m:woman"]), ("农民工", f["m:migrant"]), ("新就业形态劳动者", f["m:new_form"])], "人"
    )
    line = f"截至{zh_date(f.on)}，{name}共有会员{zh_number(f.members)}人"
    out.append(line + (f"，其中{members}。" if members else "。"))
    if f["emp"]:
        out.append(
            f"辖区登记用人单位{zh_number(f['emp'])}家，已建会{zh_number(f['emp:covered'])}家"
            f"（独立建会{zh_number(f['emp:own'])}家、联合工会覆盖{zh_number(f['emp:joint'])}家），"
            f"建会率{zh_percent(f.unionisation_rate)}；已建会单位职工{zh_number(f['emp:covered_headcount'])}人，"
            f"其中会员{zh_number(f.employer_members)}人，入会率{join_rate_text(f)}"
            + (f"（{JOIN_RATE_UNSOUND}）" if f.membership_rate_unsound else "")
            + "。"
        )
    if f["formed"]:
        out.append(
            f"{period_phrase(f.period, today)}，新建工会{zh_number(f['formed'])}家，"
            f"覆盖职工{zh_number(f['formed:headcount'])}人。"
        )
    if f.direct_members:
        out.append(f"另有直接加入街道、新业态等工会的会员{zh_number(f.direct_members)}人，不计入入会率。")
    moves = _list([("转入", f["in"]), ("转出", f["out"]), ("退会", f["left"])], "人")
    if moves:
        lapsed = f["left:lapsed"]
        tail = f"（其中连续六个月未缴会费{zh_number(lapsed)}人）" if lapsed else ""
        out.append(f"{period_phrase(f.period, today)}，会员{moves}{tail}。")
    return out


def work_sentence(name: str, period, *, today: dt.date, phrases: list[str]) -> str | None:
    """S5: the work of the subtree in the period, as reports quote it: each module's phrase (core.modules)."""
    return f"{period_phrase(period, today)}，{name}{'；'.join(phrases)}。" if phrases else None
