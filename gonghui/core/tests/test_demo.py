"""`load_demo`: the session's demo (conftest `demo`) is loaded by this command, in autocommit,
the way `make demo` loads it; these tests read what it printed and load it a second time."""

from datetime import date
from io import StringIO

from django.core.management import call_command

from gonghui.core import indicators
from gonghui.core.demo import parts
from gonghui.orgs.models import Level, Org, User
from gonghui.testing import Demo


def test_the_demo_has_the_speechs_twelve_county_unions(demo: Demo) -> None:
    city = Org.objects.get(admin_code="350400")
    names = set(
        Org.objects.filter(parent=city, level=Level.COUNTY).values_list("short_name", flat=True)
    )
    assert names == {
        "梅列",
        "三元",
        "永安",
        "明溪",
        "清流",
        "宁化",
        "大田",
        "尤溪",
        "沙县",
        "将乐",
        "泰宁",
        "建宁",
    }
    grassroots = indicators.compute("orgs.grassroots_units", city, date(2018, 6, 30)).value
    assert 4500 <= grassroots <= 5500


def test_loading_the_demo_twice_changes_nothing(demo: Demo) -> None:
    before = (Org.objects.count(), User.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert (Org.objects.count(), User.objects.count()) == before
    # Not a row more or less in any table, and no data version moved.
    assert demo.fingerprint() == demo.database.fingerprint
    assert out.getvalue().count("已加载，跳过") == len(parts())
    for name, _load in parts():
        assert f"[{name}] 已加载，跳过" in out.getvalue()
        assert demo.summary(name) != "已加载，跳过"


def test_the_demo_prints_a_login_for_each_persona(demo: Demo) -> None:
    for username in ["city", "jianning", "taining", "chair", "lawyer", "judge", "worker"]:
        assert username in demo.report
        assert User.objects.filter(username=username).exists()
