"""The numbers in 本报讯 reports: "千余名一线职工", "2万余名户外劳动者", "近200名教职工家庭" read as counts
(value, unit, how approximate), and counts written back the way a report writes them (GB/T 15835: Arabic
numerals, 万 for whole ten-thousands, thousands grouped from 10,000 up)."""

import re
from dataclasses import dataclass
from fractions import Fraction

from gonghui.core.numbers import thousands

# Counting units, longest first so that 人次 is not read as 人. 万元 needs no entry: 万 belongs to the number,
# so "50万元" is 500000 元.
UNITS = (
    "人次",
    "名",
    "人",
    "家",
    "支",
    "斤",
    "份",
    "件",
    "个",
    "把",
    "所",
    "位",
    "项",
    "条",
    "场",
    "次",
    "元",
    "篇",
    "幅",
    "组",
)

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "亿": 10**8}
_ARABIC = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
_TOKEN = re.compile(rf"{_ARABIC}|[{_NUMERALS}]")
_RUN = re.compile(rf"(?:{_ARABIC}|[{_NUMERALS}])+")

# Approximation markers before the number, after it (before the unit) and after the unit.
_BEFORE = {"将近": "nearly", "接近": "nearly", "大约": "about", "近": "nearly", "约": "about", "逾": "over"}
_AFTER_NUMBER = {"余": "over", "多": "over"}
_AFTER_UNIT = {"以上": "over", "左右": "about"}
# Words that end in a marker character without being one: "附近3家", "签约5家".
_NOT_MARKERS = frozenset(
    {
        "附近",
        "最近",
        "就近",
        "邻近",
        "靠近",
        "临近",
        "亲近",
        "贴近",
        "走近",
        "拉近",
        "签约",
        "预约",
        "邀约",
        "合约",
        "公约",
        "条约",
        "制约",
        "节约",
        "履约",
        "违约",
        "相约",
        "特约",
        "集约",
        "续约",
        "解约",
    }
)
_RANGE_SEPARATORS = frozenset("至到-～~—–")
# Words ending in 一 whose 一 counts nothing: "统一组织" is no 1 组; "唯一一个" is one 个.
_WORDS_ENDING_IN_ONE = frozenset({"统一", "唯一", "同一", "逐一", "单一", "专一", "划一", "合一"})
# Set phrases that begin with a number and a unit character but count nothing.
_IDIOMS = ("一把手", "一条龙", "一次性", "一家人", "一家亲", "千家万户", "万家灯火", "百家争鸣")
# Nouns that begin with a unit character: "千万家庭" is no 千万 家.
_NOUNS = frozenset({"家庭", "家属", "家乡", "家园", "人民", "场所", "条件", "条例", "元素", "位置", "支持"})


@dataclass(frozen=True)
class Quantity:
    """A count read from a report: "千余名" is Quantity(1000, "名", "over")."""

    value: int  # the lower bound of a range; 万元 is counted in 元
    unit: str
    approx: str = ""  # "" exact, "over" (余/多/以上/逾), "about" (约/大约/左右), "nearly" (近/将近/接近)
    upper: int | None = None  # the upper bound of a range ("3至5人")
    text: str = ""  # the source text read, markers included ("近200名")
    start: int = 0  # offsets of `text` in the source
    end: int = 0


def read_number(text: str) -> int | None:
    """The whole of `text` read as one number, written any way the reports write it: "80", "2,500", "1.5万",
    "一千零五", "两千", "三万五千", "百", "1万2千", "〇", "1.2亿". None when it is not one whole number
    ("1.55", "二〇二四", "第一")."""
    tokens: list[str] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            return None
        tokens.append(match.group())
        pos = match.end()
    if not tokens:
        return None

    closed = Fraction(0)  # the 亿 and 万 groups already read
    group = Fraction(0)  # the group below the last 万/亿 read so far
    digit: Fraction | None = None  # a number waiting for its unit
    arabic = False  # whether `digit` was written in Arabic numerals
    after_zero = False  # a 零 came since the last unit: "一千零五" is 1005, not 1500
    small_limit = 10**4  # 十/百/千 must come in falling order within a group
    big_limit = 10**12  # and 亿 before 万
    last_unit = 0  # the last unit of any size, for the shortened "一百五" (150) and "三万五" (35000)
    for index, token in enumerate(tokens):
        if _DIGITS.get(token) == 0:
            if digit is not None:
                return None
            after_zero = True
        elif token in _DIGITS or token[0].isascii():
            if digit is not None:
                return None
            arabic = token[0].isascii()
            digit = Fraction(token.replace(",", "")) if arabic else Fraction(_DIGITS[token])
        elif token in _SMALL_UNITS:
            unit = _SMALL_UNITS[token]
            if unit >= small_limit or (
                digit is not None and not (digit.denominator == 1 and 1 <= digit <= 9)
            ):
                return None
            group += (1 if digit is None else digit) * unit
            small_limit = last_unit = unit
            digit, after_zero = None, False
        else:
            unit = _BIG_UNITS[token]
            if unit >= big_limit or (arabic and digit is not None and group):
                return None
            multiplier = group + (digit or 0)
            if not multiplier:
                if index:
                    return None
                multiplier = Fraction(1)  # a bare "万"
            closed += multiplier * unit
            group = Fraction(0)
            big_limit = last_unit = unit
            small_limit = 10**4
            digit, after_zero = None, False
    if digit is not None and last_unit:
        if not after_zero and digit.denominator == 1 and digit < 10:
            digit *= Fraction(last_unit, 10)
        elif digit >= last_unit:
            return None
    total = closed + group + (digit or 0)
    return int(total) if total.denominator == 1 else None


def quantities(text: str) -> list[Quantity]:
    """Every count in `text` (a number followed by a counting unit), in the order they appear. Ordinals
    ("第十一届"), years, dates, "103周年", "二十大" and phrases such as "一线" or "一个个" are not counts."""
    found: list[Quantity] = []
    for run in _RUN.finditer(text):
        if found and run.start() < found[-1].end:
            continue  # the upper bound of a range already read
        quantity = _quantity_at(text, run.start(), run.end())
        if quantity is not None:
            found.append(quantity)
    return found


def _quantity_at(text: str, start: int, end: int) -> Quantity | None:
    """The count whose number is text[start:end], or None when that number counts nothing."""
    if start and text[start - 1] == "第":
        return None
    if start and text[start - 1 : start + 1] in _WORDS_ENDING_IN_ONE:
        start += 1
    if start == end or text.startswith(_IDIOMS, start):
        return None
    numeral = text[start:end]
    value = read_number(numeral)
    if value is None:
        return None

    approx, first = "", start
    ahead = text[max(0, start - 2) : start]
    if ahead not in _NOT_MARKERS:
        for marker in (ahead, ahead[-1:]):
            if marker in _BEFORE:
                approx, first = _BEFORE[marker], start - len(marker)
                break

    pos, upper = end, None
    if text[pos : pos + 1] in _RANGE_SEPARATORS:
        second = _RUN.match(text, pos + 1)
        upper = read_number(second.group()) if second else None
        if second is None or upper is None or upper <= value:
            return None
        pos = second.end()
    if text[pos : pos + 1] in _AFTER_NUMBER:
        approx = _AFTER_NUMBER[text[pos]]
        pos += 1
        if text[pos : pos + 1] in _BIG_UNITS:  # "10余万元": over 100000 元
            value *= _BIG_UNITS[text[pos]]
            pos += 1
    unit = next((u for u in UNITS if text.startswith(u, pos)), None)
    if unit is None or text[pos : pos + 2] in _NOUNS:
        return None
    if numeral == "一" and text.startswith(unit * 2, pos):  # "一个个"
        return None
    pos += len(unit)
    marker = text[pos : pos + 2]
    if marker in _AFTER_UNIT:
        approx = _AFTER_UNIT[marker]
        pos += 2
    return Quantity(value, unit, approx, upper, text[first:pos], first, pos)


def write_count(q: Quantity) -> str:
    """The count as a report writes it: "1000余名", "近200名", "2万余名", "1万斤", "约200名", "3至5人",
    "12,345名"."""
    number = _figure(q.value) if q.upper is None else f"{_figure(q.value)}至{_figure(q.upper)}"
    before = {"nearly": "近", "about": "约"}.get(q.approx, "")
    after = "余" if q.approx == "over" else ""
    return f"{before}{number}{after}{q.unit}"


def _figure(n: int) -> str:
    """n in Arabic numerals: whole 亿 and 万 (to one decimal) as "2万", "1.5万", "1亿"; commas from 10,000 up."""
    for base, name in ((10**8, "亿"), (10**4, "万")):
        if n >= base and n % (base // 10) == 0:
            whole, tenth = divmod(n // (base // 10), 10)
            return f"{_plain(whole)}.{tenth}{name}" if tenth else f"{_plain(whole)}{name}"
    return _plain(n)


def _plain(n: int) -> str:
    """n in Arabic numerals, thousands grouped from 10,000 up ("1000", "12,345")."""
    return thousands(n) if n >= 10000 else str(n)
