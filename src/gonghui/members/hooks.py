"""What the register tells the layers above it (statistics) about its writes (core.hooks)."""

from gonghui.core.hooks import Hook

# Memberships whose timeline changed (joined, approved, moved, left, dues): send(ids=[membership ids]).
memberships_changed = Hook("members.memberships_changed")
