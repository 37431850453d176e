"""Materialized paths: every node's path is its ancestors' segments plus its own, so a subtree is one range.

A segment is the node's primary key in fixed-width base 36. Paths use only 0-9 and A-Z and are compared
byte-wise (collation "C" on PostgreSQL), so the subtree of P is exactly the range [P, P + "~").
"""

from collections.abc import Iterable

from django.db import models
from django.db.models import Q

SEGMENT_WIDTH = 6
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PATH_MAX_LENGTH = 255
_UPPER_BOUND = "~"  # sorts after every character of ALPHABET


def segment(pk: int) -> str:
    if pk < 0 or pk >= len(ALPHABET) ** SEGMENT_WIDTH:
        raise ValueError(f"primary key {pk} does not fit in a path segment")
    digits = []
    for _ in range(SEGMENT_WIDTH):
        pk, rest = divmod(pk, len(ALPHABET))
        digits.append(ALPHABET[rest])
    return "".join(reversed(digits))


def depth_of(path: str) -> int:
    return len(path) // SEGMENT_WIDTH


def ancestor_paths(path: str, *, include_self: bool = True) -> list[str]:
    """Paths of every ancestor from the root down (and the node itself)."""
    paths = [path[:i] for i in range(SEGMENT_WIDTH, len(path) + 1, SEGMENT_WIDTH)]
    return paths if include_self else paths[:-1]


def is_within(path: str, ancestor: str) -> bool:
    """Whether a node lies in another's subtree (itself included): the in-memory form of `subtree_q`, for
    checks on the tree's shape (a move, an allocation) rather than on who may see what (`scope.covers`)."""
    return path[: len(ancestor)] == ancestor


def subtree_q(field: str, prefix: str) -> Q:
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + _UPPER_BOUND})


def minimal_prefixes(prefixes: Iterable[str]) -> list[str]:
    """Drop prefixes already covered by a shorter one, so scope filters stay short."""
    kept: list[str] = []
    for p in sorted(set(prefixes)):
        if not kept or not is_within(p, kept[-1]):
            kept.append(p)
    return kept


def scope_q(field: str, prefixes: Iterable[str]) -> Q:
    """Rows whose path lies in any of the subtrees; no prefixes means no rows."""
    q = Q(pk__in=[])
    for p in minimal_prefixes(prefixes):
        q |= subtree_q(field, p)
    return q


class BytewiseCharField(models.CharField):
    """Text compared byte by byte (collation "C" on PostgreSQL; SQLite always compares so): for codes, paths and
    hashes, where a language's collation means nothing and makes every index comparison slower."""

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


class PathField(BytewiseCharField):
    """A materialized path, compared byte-wise on every database so prefix ranges use the index."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", PATH_MAX_LENGTH)
        super().__init__(*args, **kwargs)
