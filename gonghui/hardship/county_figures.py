"""The city's hardship figures computed once, grouped by the stored county, and kept for each
county: the shared pass of gonghui.core.county_pass (see there)."""

from gonghui.core.county_pass import applies, county_ids, exact_counties, keep, kept

__all__ = ["applies", "county_ids", "exact_counties", "keep", "kept"]
