"""Supervision pages: the plan overview, tasks, the unit desk, reviews, league table, notices."""
