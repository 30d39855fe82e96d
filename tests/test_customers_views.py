"""The customer views' dates: each shown in the site's zone and in GMT, whatever was shown before.

A view keeps the texts of the last moment it showed (the store's clock hands out one datetime per
second, so a batch's creates show the same one): a new moment, or the same moment once the site's
zone has changed, is written afresh.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from wcmock.resources.customers.models import Customer
from wcmock.resources.customers.views import V1View, V2View, V3View
from wcmock.settings import Settings

MOMENT = datetime(2024, 5, 1, 10, 0, 30, tzinfo=UTC)
LATER = datetime(2024, 5, 2, 11, 0, 0, tzinfo=UTC)


def customer(created: datetime, modified: datetime | None) -> Customer:
    return Customer(id=5, email="ana@example.org", username="ana", date_created=created, date_modified=modified)


def dates(body: dict[str, object]) -> tuple[object, ...]:
    return tuple(body[name] for name in ("date_created", "date_created_gmt", "date_modified", "date_modified_gmt"))


def test_a_new_customers_dates_and_an_updated_ones() -> None:
    view = V3View(Settings(timezone=timezone(timedelta(hours=2))))
    assert dates(view.customer(customer(MOMENT, MOMENT))) == (
        "2024-05-01T12:00:30",
        "2024-05-01T10:00:30",
        "2024-05-01T12:00:30",
        "2024-05-01T10:00:30",
    )
    assert dates(view.customer(customer(MOMENT, LATER))) == (
        "2024-05-01T12:00:30",
        "2024-05-01T10:00:30",
        "2024-05-02T13:00:00",
        "2024-05-02T11:00:00",
    )
    assert dates(view.customer(customer(LATER, None)))[2:] == (None, None)
    assert dates(view.customer(customer(LATER, None)))[:2] == ("2024-05-02T13:00:00", "2024-05-02T11:00:00")


def test_the_same_moment_after_the_site_zone_changed_is_written_in_the_new_zone() -> None:
    settings = Settings()
    view = V2View(settings)
    record = customer(MOMENT, LATER)
    assert dates(view.customer(record))[::2] == ("2024-05-01T10:00:30", "2024-05-02T11:00:00")
    settings.timezone = timezone(timedelta(hours=-3))
    assert dates(view.customer(record)) == (
        "2024-05-01T07:00:30",
        "2024-05-01T10:00:30",
        "2024-05-02T08:00:00",
        "2024-05-02T11:00:00",
    )


def test_each_version_shows_its_own_dates() -> None:
    settings = Settings(timezone=timezone(timedelta(hours=1)))
    record = customer(MOMENT, MOMENT)
    assert V1View(settings).customer(record)["date_created"] == "2024-05-01T10:00:30"  # v1: GMT only
    assert V2View(settings).customer(record)["date_created"] == "2024-05-01T11:00:30"
