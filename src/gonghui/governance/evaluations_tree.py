"""A scheme's indicator tree as staff write it (one line each), read into the data the services take (rule G4).

    组织建设 40
    - 建会率 | 达标 | 20 | 达标线=90 未达标得分=5
    - 安全事故 | 扣分 | 10 | 每次扣分=2 最低分=4
    - 会员增长 | 比较 | 10
    - 创新工作 | 加分 | 0 | 上限=3
    - 通报批评 | 减分 | 0 | 上限=5
    - 重大责任事故 | 否决 | 0 | 否决方式=清零

A line without "-" is a category with its weight; a line with "-" an indicator of the category above it:
name | method | full points | parameters (`键=值`, separated by spaces). Numbers may have two decimals."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gonghui.core.errors import DomainError

from .evaluations_scoring import VETO_LAST, VETO_ZERO

METHOD_WORDS = {
    "达标": "threshold",
    "扣分": "deduction",
    "比较": "ratio",
    "加分": "bonus",
    "减分": "penalty",
    "否决": "veto",
}
METHOD_NAMES = {v: k for k, v in METHOD_WORDS.items()}
PARAM_WORDS = {
    "达标线": "threshold",
    "未达标得分": "partial",
    "每次扣分": "per",
    "最低分": "floor",
    "上限": "cap",
}
PARAM_NAMES = {v: k for k, v in PARAM_WORDS.items()}
VETO_WORDS = {"清零": VETO_ZERO, "末位": VETO_LAST}
VETO_NAMES = {v: k for k, v in VETO_WORDS.items()}
REQUIRED = {"threshold": ("threshold",), "deduction": ("per",)}


@dataclass
class IndicatorData:
    name: str
    method: str
    max_points: int  # hundredths
    params: dict = field(default_factory=dict)


@dataclass
class CategoryData:
    name: str
    weight: int
    indicators: list[IndicatorData] = field(default_factory=list)


def hundredths(text: str) -> int:
    """ "85.5" → 8550; refuses more than two decimals or anything not a number."""
    try:
        d = Decimal(str(text).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not d.is_finite() or d != d.quantize(Decimal("0.01")):
        raise ValueError(text)
    return int(d * 100)


def shown_hundredths(value: int) -> str:
    sign = "-" if value < 0 else ""
    whole, cents = divmod(abs(value), 100)
    return f"{sign}{whole}" if cents == 0 else f"{sign}{whole}.{cents:02d}".rstrip("0")


def _bad(n: int, message: str) -> DomainError:
    return DomainError(
        "evaluation_tree", f"指标体系第{n}行：{message}", fields={"tree": f"第{n}行：{message}"}
    )


def parse(text: str) -> list[CategoryData]:
    cats: list[CategoryData] = []
    for n, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("-", "－")):
            if not cats:
                raise _bad(n, "指标前须先写类别及权重")
            cats[-1].indicators.append(_indicator(n, line[1:].strip()))
            continue
        name, _, weight = line.rpartition(" ")
        if not name.strip() or not weight.isdigit() or int(weight) < 1:
            raise _bad(n, "类别写作“类别名称 权重”，权重为正整数")
        cats.append(CategoryData(name.strip(), int(weight)))
    if not cats:
        raise DomainError("evaluation_tree", "请填写指标体系", fields={"tree": "请填写指标体系"})
    for c in cats:
        if not c.indicators:
            raise DomainError(
                "evaluation_tree", f"类别“{c.name}”没有指标", fields={"tree": f"类别“{c.name}”没有指标"}
            )
    return cats


def _indicator(n: int, line: str) -> IndicatorData:
    parts = [p.strip() for p in line.split("|")]
    if len(parts) < 3 or not parts[0]:
        raise _bad(n, "指标写作“- 指标名称 | 计分方法 | 满分 | 参数”")
    method = METHOD_WORDS.get(parts[1])
    if method is None:
        raise _bad(n, f"计分方法须为{'、'.join(METHOD_WORDS)}之一")
    try:
        max_points = hundredths(parts[2])
    except ValueError:
        raise _bad(n, "满分须为数字（最多两位小数）") from None
    params: dict = {}
    for item in (parts[3] if len(parts) > 3 else "").split():
        key, _, value = item.partition("=")
        if key == "否决方式":
            if value not in VETO_WORDS:
                raise _bad(n, "否决方式须为“清零”或“末位”")
            params["mode"] = VETO_WORDS[value]
            continue
        if key not in PARAM_WORDS:
            raise _bad(n, f"不认识的参数“{key}”")
        try:
            params[PARAM_WORDS[key]] = hundredths(value)
        except ValueError:
            raise _bad(n, f"参数“{key}”须为数字") from None
    for key in REQUIRED.get(method, ()):
        if key not in params:
            raise _bad(n, f"{parts[1]}指标须填写参数“{PARAM_NAMES[key]}”")
    if method in ("threshold", "deduction", "ratio") and max_points <= 0:
        raise _bad(n, "计分指标的满分须大于0")
    if method == "veto":
        params.setdefault("mode", VETO_ZERO)
    return IndicatorData(parts[0], method, max_points, params)


def params_text(method: str, params: dict) -> str:
    words = []
    for key, value in params.items():
        if key == "mode":
            words.append(f"否决方式={VETO_NAMES.get(value, value)}")
        elif key in PARAM_NAMES:
            words.append(f"{PARAM_NAMES[key]}={shown_hundredths(int(value))}")
    return " ".join(words)
