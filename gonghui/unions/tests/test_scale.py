from gonghui.conftest import client_for
from gonghui.orgs.models import User
from gonghui.unions import scale


def test_the_benchmark_data_builds_and_the_pages_read_it(db) -> None:
    counts = scale.build(0.02)
    assert counts["unions"] == 2 * 10 * 2
    assert counts["receipts"] == counts["unions"] * scale.MONTHS
    client = client_for(User.objects.get(username="bench"))
    dues = client.get("/funds/", {"as_of": "2018-06-30"}).content.decode()
    assert dues.count("data-county=") == 2
    tracker = client.get("/unions/", {"as_of": "2018-06-30"}).content.decode()
    assert tracker.count("data-county=") == 2
