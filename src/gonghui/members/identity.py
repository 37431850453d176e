"""Identity documents and mobile numbers: validation, normalisation and what a resident ID number tells us.

DOMAIN I1: resident ID numbers are checked with python-stdnum's `cn.ric` (length, check digit, birth date,
birth place); a lowercase x is accepted and stored upper case. Other documents are accepted by type, with
only a format check, because their numbers carry no checksum we can verify.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric

from gonghui.core.errors import DomainError


class DocType(models.TextChoices):
    RIC = "ric", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HMT = "hmt", _("港澳台居民居住证")
    FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")


OTHER_DOCUMENT = re.compile(r"^[A-Z0-9]{5,20}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class Document:
    doc_type: str
    number: str
    birth_date: dt.date | None = None
    gender: str = ""  # "m" / "f", known only from a resident ID number


RIC_SHAPE = re.compile(r"\d{17}[\dX]")


def parse_document(
    doc_type: str, raw: str, *, field: str = "id_number", today: dt.date | None = None
) -> Document:
    """Normalise and check a document number, or raise a DomainError naming the field in Chinese.

    A resident ID number is checked as `cn.ric.validate` checks it, in its order (length, digits, stdnum's check
    digit, birth date, county code from stdnum's table), with one difference (decision 0003), and without
    stdnum's per-call cleaning and table walk, which cost a roster import most of its time: the county lookup is
    cached per code.
    """
    number = re.sub(r"[\s-]", "", raw or "").upper()
    if not number:
        raise DomainError("id_required", "请填写证件号码", fields={field: "必填"})
    if doc_type == DocType.RIC:
        if len(number) != 18:
            raise DomainError("id_invalid", "身份证号码应为18位", fields={field: "身份证号码应为18位"})
        if not RIC_SHAPE.fullmatch(number):
            raise DomainError("id_invalid", "身份证号码格式不正确", fields={field: "格式不正确"})
        if ric.calc_check_digit(number) != number[-1]:
            raise DomainError("id_invalid", "身份证号码校验位不正确", fields={field: "校验位不正确"})
        try:
            birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            birth = None
        if birth is None or not _county_exists(number[:6]):
            raise DomainError(
                "id_invalid", "身份证号码中的出生日期或地区码无效", fields={field: "出生日期或地区码无效"}
            )
        if birth > (today or timezone.localdate()):
            raise DomainError("id_invalid", "身份证号码中的出生日期晚于今天", fields={field: "出生日期无效"})
        return Document(doc_type, number, birth, "m" if int(number[16]) % 2 else "f")
    if doc_type not in DocType.values:
        raise DomainError("doc_type_invalid", "证件类型无效", fields={"doc_type": "请选择证件类型"})
    if not OTHER_DOCUMENT.match(number):
        raise DomainError(
            "id_invalid",
            f"{DocType(doc_type).label}号码应为5至20位字母或数字",
            fields={field: "格式不正确"},
        )
    return Document(doc_type, number)


@cache
def _county_exists(code: str) -> bool:
    """Whether stdnum's table knows this county code for some period. stdnum also requires the county to have
    existed in the birth year; but a number is issued where the person registers, often long after birth (a
    worker born in 1975 in 郑州中原区, a county since 1983, holds 410102…), so any period will do
    (docs/decisions/0003)."""
    return any("county" in props for _, props in numdb.get("cn/loc").info(code))


def parse_mobile(raw: str, *, field: str = "mobile") -> str:
    """An 11-digit mainland mobile number; spaces, hyphens and a +86 prefix are dropped."""
    number = re.sub(r"[\s-]", "", raw or "")
    number = re.sub(r"^(\+?86)(?=1\d{10}$)", "", number)
    if not MOBILE.match(number):
        raise DomainError("mobile_invalid", "手机号码应为1开头的11位数字", fields={field: "手机号码无效"})
    return number
