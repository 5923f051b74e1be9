"""This module's rows of the scoping matrix (see gonghui/orgs/tests/test_scoping_matrix.py)."""

from gonghui.orgs.tests.matrix_types import Row

ROWS: list[Row] = []
