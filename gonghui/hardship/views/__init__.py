"""Pages of hardship assistance, split by topic."""
