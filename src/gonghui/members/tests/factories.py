"""Builders for member data in tests: valid resident ID numbers, and people enrolled through the services."""

import datetime as dt
import itertools

from stdnum.cn import ric

from gonghui.core.scope import SYSTEM
from gonghui.members import services

_seq = itertools.count(1)


def resident_id(
    birth: dt.date = dt.date(1990, 5, 17), *, region: str = "110105", female: bool = False
) -> str:
    """A valid 18-digit resident ID number (I1), different on every call."""
    n = next(_seq)
    order = (n * 2 + (0 if female else 1)) % 1000
    birth += dt.timedelta(days=n // 500)  # 500 sequence numbers per day, then the next day
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")  # it expects a full number, check digit included


def mobile() -> str:
    return f"139{next(_seq):08d}"


def person_data(name: str = "张伟", **overrides) -> services.PersonData:
    data = services.PersonData(full_name=name, id_number=resident_id(), mobile=mobile())
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def enrol(union, name: str = "张伟", *, approve: bool = True, **overrides):
    return services.membership_enrol(
        actor=SYSTEM, union=union, person_data=person_data(name, **overrides), approve=approve
    )
