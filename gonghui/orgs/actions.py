"""Named writes on the org tree (STYLE: writes are actions that validate, write and audit).

The tree's moves and merges live in `gonghui.orgs.tree`; they are re-exported here."""

from __future__ import annotations

from gonghui.orgs.tree import merge_org, move_org

__all__ = ["merge_org", "move_org"]
