"""Hooks: how a lower layer lets higher layers take part in its writes without importing them.

The register (members) and the tree (orgs) sit below statistics, yet every change of a membership, an employer
or a node must be journalled for the figures in the same transaction. So the lower app declares a hook
(`memberships_changed = Hook("…")`) and calls it where the change happens; the higher app connects its receiver
in its `AppConfig.ready()`. Receivers run at once, in order of connection, inside the caller's transaction:
an error in one rolls the whole change back, as if the code were inline.

Two shapes: `hook.send(**kw)` after a change, and `with hook.around(**kw):` around one (for receivers that read
the state before and after, e.g. take back what an employer counted and add what it counts now).
"""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager


class Hook:
    def __init__(self, name: str):
        self.name = name
        self._receivers: list[Callable] = []

    def __repr__(self) -> str:
        return f"Hook({self.name!r}, {len(self._receivers)} receivers)"

    def connect(self, receiver: Callable) -> Callable:
        """Connect a receiver once (a second connect of the same function is ignored); usable as a decorator."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def disconnect(self, receiver: Callable) -> None:
        if receiver in self._receivers:
            self._receivers.remove(receiver)

    def send(self, **kwargs) -> None:
        for receiver in list(self._receivers):
            receiver(**kwargs)

    @contextmanager
    def around(self, **kwargs) -> Iterator[None]:
        """Each receiver is a context manager factory: entered before the change, left after it."""
        with ExitStack() as stack:
            for receiver in list(self._receivers):
                manager: AbstractContextManager = receiver(**kwargs)
                stack.enter_context(manager)
            yield
