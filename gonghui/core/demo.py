"""The demo loader: each module adds its own part in its `demo.py` (演示数据).

A part is a function `load(ctx: DemoContext) -> str` in `<app>/demo.py`; parts run in the
order of INSTALLED_APPS, each in its own transaction, once: a loaded part is marked and
skipped the next time, so loading twice changes nothing. The demo describes the first half
of 2018, the time of the speech (DEMO_AS_OF).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from functools import cached_property
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import transaction

from gonghui.core.models import DemoPart

if TYPE_CHECKING:
    from gonghui.orgs.models import Org, User

DEMO_AS_OF = date(2018, 6, 30)
DEMO_PASSWORD = "Gonghui@2018"
CITY_CODE = "350400"


class DemoContext:
    """What the parts share: a seeded random source and look-ups of the demo's orgs and users."""

    def __init__(self, seed: int = 2018) -> None:
        self.seed = seed

    def rng(self, part: str) -> random.Random:
        """A random source of the part's own, so that parts do not disturb each other."""
        return random.Random(f"{self.seed}:{part}")

    @cached_property
    def city(self) -> Org:
        from gonghui.orgs.models import Org

        return Org.objects.get(admin_code=CITY_CODE)

    @cached_property
    def counties(self) -> dict[str, Org]:
        """The twelve county-level unions by short name (梅列, 三元, …), in the speech's order."""
        from gonghui.orgs.models import Level, Org

        found = {o.short_name: o for o in Org.objects.filter(level=Level.COUNTY, parent=self.city)}
        from gonghui.orgs.demo import COUNTIES

        return {c.short: found[c.short] for c in COUNTIES if c.short in found}

    def grassroots(self, county: Org) -> list[Org]:
        """The grassroots unions under a county, in a stable order."""
        from gonghui.orgs.models import Level, Org

        return list(
            Org.objects.filter(path__startswith=county.path, level=Level.GRASSROOTS).order_by("pk")
        )

    def user(self, username: str) -> User:
        from gonghui.orgs.models import User

        return User.objects.get(username=username)


def parts() -> list[tuple[str, Callable[[DemoContext], str]]]:
    """Every module's demo part, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if config.name.startswith("gonghui.") and find_spec(module_name) is not None:
            module = import_module(module_name)
            if hasattr(module, "load"):
                found.append((config.label, module.load))
    return found


def load_all(report: Callable[[str], None] = print, seed: int = 2018) -> list[str]:
    """Load every part not loaded yet; returns the names of the parts loaded now."""
    ctx = DemoContext(seed)
    loaded = []
    for name, load in parts():
        if DemoPart.objects.filter(name=name).exists():
            report(f"[{name}] 已加载，跳过")
            continue
        with transaction.atomic():
            summary = load(ctx)
            DemoPart.objects.create(name=name)
        loaded.append(name)
        report(f"[{name}] {summary}")
    return loaded
