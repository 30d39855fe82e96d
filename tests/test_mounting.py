"""Routes mounted on first use: a resource's routes are built when a path first could reach them.

``wcmock serve`` answering customers never imports the orders' modules; what a client sees is the
same table, in the same order, as if everything had been mounted at start.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from wcmock import create_app
from wcmock.harness.handle import rest_routes
from wcmock.resources import RESOURCES, customers, orders, products, system_status, webhooks
from wcmock.resources.base import Mount
from wcmock.resources.webhooks.deliveries import WebhookDeliveries
from wcmock.rest.server import Endpoint, Mountable, RawRequest, RestRequest, RestResponse, RestServer, Route
from wcmock.store import Store
from wcmock.versions import NAMESPACES


def answering(text: str) -> Endpoint:
    return Endpoint(("GET",), lambda request: RestResponse({"from": text}))


def get(server: RestServer, path: str) -> tuple[int, bytes]:
    status, _, body = server.handle(RawRequest("GET", path, "", {}, b"", "http://shop.test"))
    return status, body


class Counting:
    """A group's routes, counting how often they are made."""

    def __init__(self, *routes: Route) -> None:
        self.routes = list(routes)
        self.made = 0

    def __call__(self) -> list[Route]:
        self.made += 1
        return self.routes


def test_a_group_is_mounted_by_the_first_path_that_could_reach_it() -> None:
    widgets = Counting(Route("/demo/widgets", "demo", [answering("widgets")]))
    server = RestServer(
        Store(), [Route("/demo/gadgets", "demo", [answering("gadgets")]), Mountable(("/demo/w",), widgets)]
    )
    assert get(server, "/demo/gadgets") == (200, b'{"from":"gadgets"}')
    assert get(server, "/demo/nothing")[0] == 404
    assert widgets.made == 0
    assert get(server, "/demo/widgets") == (200, b'{"from":"widgets"}')
    assert get(server, "/DEMO/Widgets") == (200, b'{"from":"widgets"}')  # routes match case-insensitively
    assert widgets.made == 1


def test_the_first_route_that_matches_wins_whether_it_was_mounted_late_or_not() -> None:
    early = Counting(Route("/demo/(?P<name>[a-z]+)", "demo", [answering("any name")]))
    server = RestServer(
        Store(), [Mountable(("/demo/",), early), Route("/demo/widgets", "demo", [answering("widgets")])]
    )
    assert get(server, "/demo/widgets") == (200, b'{"from":"any name"}')


def test_reading_the_whole_table_mounts_every_group_in_its_place() -> None:
    first, second = Route("/demo/a", "demo", [answering("a")]), Route("/demo/b", "demo", [answering("b")])
    middle = Route("/demo/m", "demo", [answering("m")])
    server = RestServer(
        Store(), [Mountable(("/demo/a",), Counting(first)), middle, Mountable(("/demo/b",), Counting(second))]
    )
    assert server.routes == [first, middle, second]
    server.routes.append(Route("/demo/c", "demo", [answering("c")]))
    assert get(server, "/demo/c") == (200, b'{"from":"c"}')


def test_a_group_asked_for_on_many_threads_at_once_is_made_once() -> None:
    made: list[int] = []
    release = threading.Event()

    def slow() -> list[Route]:
        release.wait(5)
        made.append(1)
        return [Route("/demo/slow", "demo", [answering("slow")])]

    group = Mountable(("/demo/slow",), slow)
    seen: list[list[Route]] = []
    threads = [threading.Thread(target=lambda: seen.append(group.routes())) for _ in range(8)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(5)
    assert made == [1]
    assert len(seen) == 8
    assert all(routes is seen[0] for routes in seen)


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.name)
def test_every_route_of_a_resource_starts_with_a_path_its_registry_entry_names(resource: Any) -> None:
    """What makes mounting on first use exact: a path that starts with none of a resource's paths
    cannot match any of its routes, so leaving them unmounted changes no answer."""
    store = Store()
    mounted = resource.mount(store, Mount(validation="strict", deliveries=WebhookDeliveries(store, lambda: "")))
    named = tuple(f"/{ns}/{path}".lower() for ns in NAMESPACES for path in resource.paths)
    assert resource.paths, "a resource names the paths its routes start with"
    assert mounted.routes
    for route in mounted.routes:
        assert route.prefix.startswith(named), route.pattern


def test_the_registry_names_each_resource_as_its_backend_does() -> None:
    from wcmock.resources.customers.backend import NAME as CUSTOMERS
    from wcmock.resources.orders.backend import NAME as ORDERS
    from wcmock.resources.products.backend import NAME as PRODUCTS
    from wcmock.resources.system_status.routes import SINCE
    from wcmock.resources.webhooks import backend as hooks
    from wcmock.resources.webhooks.deliveries import WEBHOOKS

    assert (customers.RESOURCE.name, products.RESOURCE.name, orders.RESOURCE.name) == (CUSTOMERS, PRODUCTS, ORDERS)
    assert system_status.RESOURCE.since == SINCE
    assert (webhooks.RESOURCE.name, webhooks.RESOURCE.since, WEBHOOKS) == (hooks.NAME, hooks.SINCE, hooks.NAME)


def test_a_store_mounts_a_resource_when_a_request_first_reaches_it() -> None:
    app = create_app()
    server = app.state.server
    assert all(isinstance(entry, Mountable) for entry in server._table[4:])  # the indexes, then the resources
    request = RawRequest("GET", "/wc/v3/orders", "", {}, b"", "http://shop.test")
    server.handle(request)
    mounted = [entry for entry in server._table if isinstance(entry, Route)]
    assert any(route.pattern == "/wc/v3/orders" for route in mounted)
    assert not any(route.pattern.startswith("/wc/v3/customers") for route in mounted)


def test_an_index_lists_every_resource_before_any_was_asked_for() -> None:
    store = Store()
    routes = rest_routes(store, validation="strict", deliveries=WebhookDeliveries(store, lambda: ""))
    index = next(route for route in routes if isinstance(route, Route) and route.pattern == "/wc/v3")
    request = RestRequest("GET", "/wc/v3", {}, "http://shop.test", store, params={"context": "view"})
    listed = index.endpoints[0].handler(request).payload()["routes"]
    assert {"/wc/v3/customers", "/wc/v3/products", "/wc/v3/webhooks", "/wc/v3/orders", "/wc/v3/system_status"} <= set(
        listed
    )


def test_a_group_is_mounted_under_the_stores_lock() -> None:
    """Mounting waits for a command under way and holds it off: two threads mounting two groups
    at once cannot each put back a table lacking the other's routes, and a mount that makes a
    backend takes the one lock every command takes, in the same order."""
    store = Store()
    widgets = Counting(Route("/demo/widgets", "demo", [answering("widgets")]))
    server = RestServer(store, [Mountable(("/demo/w",), widgets, lock=store.lock)])
    answered: list[tuple[int, bytes]] = []
    with store.lock:  # a command under way on this thread
        asking = threading.Thread(target=lambda: answered.append(get(server, "/demo/widgets")))
        asking.start()
        asking.join(0.2)
        assert widgets.made == 0
        assert answered == []
    asking.join(5)
    assert widgets.made == 1
    assert answered == [(200, b'{"from":"widgets"}')]


def test_starlettes_routes_are_made_once_by_the_first_requests_that_need_them() -> None:
    """``/wp-json`` never reaches Starlette's router, so its routes wait for the control API, the
    dashboard or a 404; clients on several threads asking first at once get them made once."""
    from concurrent.futures import ThreadPoolExecutor

    from wcmock.harness.in_process import in_process_client

    app = create_app()
    assert app.router.routes == []  # a start made none
    with in_process_client(app) as client:
        assert client.get("/wp-json/wc/v3").status_code in (200, 401)
    assert app.router.routes == []  # nor does a /wp-json request
    start = threading.Barrier(8)

    def first_control_request(_: int) -> int:
        with in_process_client(app) as client:
            start.wait()
            return client.get("/__wcmock__/journal").status_code

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(first_control_request, range(8))) == {200}
    paths = [getattr(route, "path", None) for route in app.routes]
    assert len(paths) == len(set(paths)), paths  # each route once
    assert "/__wcmock__/{op:path}" in paths
