"""What the organisation tree tells the layers above it (statistics) about its writes (core.hooks)."""

from gonghui.core.hooks import Hook

# New employers or union organisations: send(employers=[ids], orgs=[ids]).
units_added = Hook("orgs.units_added")
# Around a change of employers or union organisations: around(employers=[ids], orgs=[ids]).
units_changing = Hook("orgs.units_changing")
# A subtree moved (O1): every ancestor's figures change at once. send().
subtree_moved = Hook("orgs.subtree_moved")
# A node was renamed (O4: a legal-person union must re-register a new name within 30 days).
# send(org=Org, old=str, new=str, on=date, actor=...), inside the rename's transaction.
org_renamed = Hook("orgs.org_renamed")
