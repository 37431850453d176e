"""The conflict check's comparisons (rule V1), as pure functions: how a party's name is normalised, spelt in
pinyin and, for an organisation, stripped of its region and company form; and which of an earlier case's parties a
new party matches, and whether that blocks (the other side: 冲突) or is only related (the same side: 关联).

"王建国", "王 建国" and "Wang Jianguo" are one person's name; "北京鑫达物流有限公司", "鑫达物流（北京）分公司" and
"Xinda Wuliu" are one employer's."""

import re
import unicodedata
from dataclasses import dataclass

from pypinyin import lazy_pinyin

# region prefixes an employer's name may carry (省、自治区、直辖市 and the larger cities), with 市/省 or not
REGIONS = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
    "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
    "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "深圳", "广州", "杭州", "南京", "武汉",
    "成都", "西安", "苏州", "青岛", "大连", "厦门", "宁波", "沈阳", "长沙", "郑州", "济南", "哈尔滨", "廊坊",
    "中国",
)  # fmt: skip
# company forms stripped from the end, longest first (repeatedly: 集团有限公司 → 集团 → nothing)
SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "分公司", "子公司", "公司", "集团", "门店", "店")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")
_PREFIX = re.compile(
    "^(?:" + "|".join(sorted(REGIONS, key=len, reverse=True)) + ")(?:市|省|自治区|特别行政区)?"
)
_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u9fff]")


def normalise(name: str) -> str:
    """Full-width to half-width (NFKC), lower case, spaces and punctuation dropped: "王 建国" → "王建国"."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", name or "").lower())


def spelt(text: str) -> str:
    """The tone-less pinyin, joined and lower case: "王建国" → "wangjianguo", "Wang Jianguo" → "wangjianguo"."""
    return normalise("".join(lazy_pinyin(normalise(text))))


def employer_key(name: str) -> str:
    """An organisation's name without region or company form (rule V1): "北京鑫达物流有限公司" and
    "鑫达物流（北京）分公司" are both "鑫达物流"."""
    text = unicodedata.normalize("NFKC", name or "")
    text = re.sub(r"\s+", "", text)
    previous = None
    while previous != text:
        previous = text
        text = _BRACKETS.sub("", text)
        text = _PREFIX.sub("", text)
        for suffix in SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                break
    return normalise(text)


@dataclass(frozen=True)
class Keys:
    """What a party is compared by."""

    side: str  # "applicant" / "opposing"
    kind: str  # "person" / "org"
    name_key: str
    pinyin_key: str
    id_hash: str = ""


def keys(side: str, kind: str, name: str, id_hash: str = "") -> Keys:
    """A party's keys: a person's normalised name; an organisation's name as `employer_key` gives it; both in
    pinyin."""
    key = employer_key(name) if kind == "org" else normalise(name)
    return Keys(
        side=side, kind=kind, name_key=key, pinyin_key=spelt(key), id_hash=id_hash if kind == "person" else ""
    )


def matched_by(new: Keys, old: Keys) -> list[str]:
    """How a new party matches an earlier one (empty: it does not). Persons are compared with persons and
    organisations with organisations."""
    if new.kind != old.kind:
        return []
    how = []
    if new.id_hash and new.id_hash == old.id_hash:
        how.append("证件号码相同")
    org = new.kind == "org"
    if new.name_key and new.name_key == old.name_key:
        how.append("单位名称相同（去除地区和公司类型）" if org else "姓名相同")
    elif new.pinyin_key and new.pinyin_key == old.pinyin_key:
        how.append("单位名称拼音相同" if org else "姓名拼音相同")
    return how


def blocking(new: Keys, old: Keys) -> bool:
    """rule V1: a match against the earlier case's opposite side is a conflict (this applicant was an earlier
    opposing party, or this opposing party was an earlier client); the same side is only related."""
    return new.side != old.side


@dataclass(frozen=True)
class Hit:
    new: int  # the index of the new party in the list given
    old: int
    how: str
    blocking: bool


def hits(new: list[Keys], old: list[Keys]) -> list[Hit]:
    """Every match of the new parties against the earlier ones, blocking ones first."""
    found = []
    for i, n in enumerate(new):
        for j, o in enumerate(old):
            how = matched_by(n, o)
            if how:
                found.append(Hit(i, j, "，".join(how), blocking(n, o)))
    return sorted(found, key=lambda h: (not h.blocking, h.new, h.old))
