"""The rights pages, by topic."""
