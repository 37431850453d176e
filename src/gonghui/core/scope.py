"""Who sees what, said one way (CONVENTIONS "Who may see what", decision 0001).

- An **actor** is a staff user, or `SYSTEM` (commands, the demo loader, a worker's own join), said explicitly.
  `None` is not an actor: passing it is a programming error, never "skip every check".
- A **permission code** (`member.view`, `work.edit` …) is registered by the app that owns it, in its `AppConfig`
  (`permissions = {code: label}`); `permission_labels()` collects them and a system check fails on any code used
  but not registered (core.checks).
- A **grant** gives a user a role's permissions on a node's whole subtree. Which grants a user holds is read by the
  loader the organisation app registers (`register_grants_loader`), once per user object (per request).
- A model says which permission each action needs and where its rows hang in the tree (`Scope`), and every read
  starts from `Model.objects.restrict(actor, action)`: one range condition per subtree on the row's path, never a
  hand-written comparison. `in_scope(actor, action, obj)` answers the same question for one object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q

from .paths import is_within, minimal_prefixes, scope_q


class System:
    """The system acting on its own (commands, the demo loader, jobs): every scope is open to it. Distinct from
    a user and from None, so a view that forgets its actor fails instead of seeing everything."""

    is_authenticated = False
    is_active = True
    is_superuser = False
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return "系统"

    def get_username(self) -> str:
        return ""


SYSTEM = System()


def is_system(actor) -> bool:
    return actor is SYSTEM


def _checked(actor):
    if actor is None:
        raise TypeError("an actor is required: a user, or SYSTEM when the system acts")
    return actor


# ---- permission codes -----------------------------------------------------------------------------------------


def permission_labels() -> dict[str, str]:
    """Every registered permission code with its Chinese label, from the apps' `permissions` declarations."""
    labels: dict[str, str] = {}
    for config in apps.get_app_configs():
        labels.update(getattr(config, "permissions", {}) or {})
    return labels


# ---- grants ---------------------------------------------------------------------------------------------------

GrantsLoader = Callable[[object], Iterable[tuple[str, Iterable[str]]]]
_loader: list[GrantsLoader] = []
_CACHE_ATTR = "_gonghui_grants"


def register_grants_loader(loader: GrantsLoader) -> None:
    """The organisation app tells core how to read a user's grants: (node path, permission codes) pairs."""
    _loader[:] = [loader]


def grants(user) -> list[tuple[str, frozenset[str]]]:
    """(path, permissions) of every grant the user holds; loaded once per user object (per request)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        if not _loader:
            raise RuntimeError("no grants loader registered (is gonghui.orgs installed?)")
        cached = [(path, frozenset(perms)) for path, perms in _loader[0](user)]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def scope_prefixes(actor, perm: str) -> list[str] | None:
    """Paths of the subtrees where the actor holds `perm`; None means everywhere (SYSTEM, superusers)."""
    actor = _checked(actor)
    if actor is SYSTEM:
        return None
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return []
    if actor.is_superuser:
        return None
    return minimal_prefixes(path for path, perms in grants(actor) if perm in perms)


def _follow(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def path_of(obj) -> str:
    """Where an object hangs in the tree: a node's own path, or the path of the node a row is recorded under
    (the first path its `Scope` names)."""
    scope = getattr(type(obj), "scope", None)
    if isinstance(scope, Scope):
        return path_of(getattr(obj, scope.parent)) if scope.parent else _follow(obj, scope.paths[0])
    path = getattr(obj, "org_path", None)
    return path if path is not None else obj.path


def covers(prefixes: list[str] | None, path: str) -> bool:
    """Whether a path lies in one of the subtrees (None: everywhere). The one in-memory form of `scope_q`."""
    return prefixes is None or any(is_within(path, p) for p in prefixes)


def has_perm(actor, perm: str, org=None) -> bool:
    """Whether the actor holds `perm` anywhere, or on `org` (a node, or any row recorded under one)."""
    prefixes = scope_prefixes(actor, perm)
    if org is None:
        return prefixes is None or bool(prefixes)
    return covers(prefixes, path_of(org))


# ---- what a model declares --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """A model's scoping: the path(s) its rows hang on (`org_path`; `path` for nodes; a parent's through a
    relation, `campaign__org_path`; or two, `from_path` and `to_path`, for a row both sides see) and the permission
    each action needs (`view="org.view"`, `edit="work.edit"`). A permission code also serves as an action."""

    paths: tuple[str, ...] = ("org_path",)
    actions: dict[str, str] = field(default_factory=dict)
    parent: str = ""  # a child row (a session of an activity): scoped as its parent is, through this relation

    def permission(self, action: str) -> str:
        if action in self.actions:
            return self.actions[action]
        if "." in action:
            return action
        raise KeyError(f"no permission declared for action {action!r}")

    @classmethod
    def of(cls, *paths: str, **actions: str) -> Scope:
        return cls(paths=paths or ("org_path",), actions=actions)

    @classmethod
    def via(cls, parent: str, **actions: str) -> Scope:
        """A child row of a scoped parent: `Session.objects.restrict(actor, "view")` gives the sessions of the
        activities `Activity.objects.restrict(actor, "view")` gives, whatever rule the parent has."""
        return cls(paths=(), actions=actions, parent=parent)

    def parent_model(self, model):
        return model._meta.get_field(self.parent).related_model

    def permission_for(self, model, action: str) -> str:
        """The permission an action needs: the model's own declaration, else its parent's."""
        if action in self.actions or "." in action or not self.parent:
            return self.permission(action)
        return scope_of(self.parent_model(model)).permission_for(self.parent_model(model), action)

    def q(self, prefixes: list[str]) -> Q:
        q = scope_q(self.paths[0], prefixes)
        for path in self.paths[1:]:
            q |= scope_q(path, prefixes)
        return q


def scope_of(model) -> Scope:
    scope = getattr(model, "scope", None)
    if not isinstance(scope, Scope):
        raise TypeError(f"{model.__name__} declares no Scope")
    return scope


def in_scope(actor, action: str, obj) -> bool:
    """Whether the actor may do `action` on this one object (the single-object form of `restrict`)."""
    model = type(obj)
    scope = getattr(model, "scope", None)
    if not isinstance(scope, Scope):
        return has_perm(actor, action, obj)
    if scope.parent:
        return in_scope(actor, scope.permission_for(model, action), getattr(obj, scope.parent))
    queryset = model._default_manager.all()
    if isinstance(queryset, ScopedQuerySet) and type(queryset).scoped is not ScopedQuerySet.scoped:
        return queryset.restrict(actor, action).filter(pk=obj.pk).exists()  # a model with its own rule
    prefixes = scope_prefixes(actor, scope.permission(action))
    return any(covers(prefixes, _follow(obj, path)) for path in scope.paths)


class ScopedQuerySet(models.QuerySet):
    """The one entry for reads: `Model.objects.restrict(actor, action)`."""

    def restrict(self, actor, action: str):
        prefixes = scope_prefixes(actor, scope_of(self.model).permission_for(self.model, action))
        return self if prefixes is None else self.scoped(prefixes)

    def scoped(self, prefixes: list[str]):
        """Rows in these subtrees; a model whose rows are seen from elsewhere too overrides this."""
        scope = scope_of(self.model)
        if scope.parent:
            parents = scope.parent_model(self.model)._default_manager.all().scoped(prefixes)
            return self.filter(**{f"{scope.parent}__in": parents.values("pk")})
        return self.filter(scope.q(prefixes))

    def in_subtree(self, org):
        """Rows recorded in one node's subtree (on the paths the model declares), whoever asks: for the figures
        of a node already reached through `restrict`."""
        scope = scope_of(self.model)
        if scope.parent:
            parents = scope.parent_model(self.model)._default_manager.all().in_subtree(org)
            return self.filter(**{f"{scope.parent}__in": parents.values("pk")})
        return self.filter(scope.q([org.path]))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
