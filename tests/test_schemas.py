"""``schemas/``: generated from its sources, faithful to the recordings, usable by users and tools."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate as validate_openapi

from wcmock import schema_generator, validation
from wcmock.fixtures import build_store
from wcmock.openapi import openapi_document
from wcmock.resources.customers import schemas as customer_schemas
from wcmock.resources.customers.backend import customers_of
from wcmock.resources.customers.seed import customer_from
from wcmock.resources.customers.views import VIEWS
from wcmock.validation import SchemaViolation, validate_customer, validate_request, validate_response
from wcmock.versions import NAMES as VERSIONS

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = sorted((ROOT / "tests" / "contract" / "golden").glob("v*.json"))
WEBHOOKS_RECORDED = ROOT / "tests" / "contract" / "golden" / "webhooks-recorded.json"
BASE = "http://127.0.0.1:8080"
VALIDATION_CODES = ("rest_invalid_param", "rest_missing_callback_param")
RICH = {
    "email": "rich@example.com",
    "first_name": "Rica",
    "is_paying_customer": True,
    "orders_count": 3,
    "total_spent": "42.5",
    "last_order": {"id": 118, "date": "2025-06-30T10:00:00"},
    "date_modified_gmt": "2025-07-01T08:00:00",
    "meta_data": [{"id": 9, "key": "loyalty", "value": {"tier": "gold"}}, {"id": 10, "key": "n", "value": "5"}],
}


# ---------------------------------------------------------------------------------------- helpers


def exchanges(*, with_json_body: bool = False) -> list[Any]:
    found = []
    for path in GOLDEN:
        for index, exchange in enumerate(json.loads(path.read_text(encoding="utf-8"))["exchanges"]):
            if with_json_body and not isinstance(exchange["request"].get("json"), dict):
                continue
            found.append(pytest.param(exchange, id=f"{path.stem}-{index}-{exchange['step']}"))
    return found


def denormalise(value: Any, ids: list[int] | None = None) -> Any:
    """Undo the recordings' normalisation: realistic dates, meta ids and base URLs."""
    ids = ids if ids is not None else [100]
    if isinstance(value, dict):
        return {k: denormalise(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [denormalise(v, ids) for v in value]
    if value == "<meta-id>":
        ids[0] += 1
        return ids[0]
    if isinstance(value, str):
        return value.replace("<datetime>", "2025-07-01T12:34:56").replace("{base}", BASE)
    return value


def method_of(request: dict[str, Any]) -> str:
    query = dict(request.get("query") or [])
    override = query.get("_method") or (request.get("headers") or {}).get("X-HTTP-Method-Override")
    return str(override or request["method"]).upper()


def response_kind(exchange: dict[str, Any], status: int) -> tuple[str, str, str]:
    """(version, kind, context) of the schema a recorded response body must satisfy."""
    request = exchange["request"]
    path = request["path"].rstrip("/")
    method = method_of(request)
    version = re.search(r"/wc/(v\d)", path)
    assert version, path
    if method == "OPTIONS":
        return version[1], "route", "view"
    if status >= 400:
        return version[1], "error", "view"
    context = dict(request.get("query") or []).get("context", "view")
    if "/products" in path:
        return product_kind(version[1], path, method, context)
    if "/orders" in path or "/refunds" in path:
        return order_kind(version[1], path, method)
    if path.endswith("/downloads"):
        return version[1], "downloads", "view"
    if path.endswith("/batch"):
        return version[1], "batch", "edit"
    if path.endswith("/customers"):
        return (version[1], "customers", context) if method == "GET" else (version[1], "customer", "edit")
    return version[1], "customer", context if method == "GET" else "edit"


def placeholders_filled(value: Any) -> Any:
    """A scenario's ``"{cat}"`` (an id saved from an earlier answer) as an id."""
    if isinstance(value, dict):
        return {k: placeholders_filled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [placeholders_filled(v) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\{\w+\}", value):
        return 16
    return value


def product_kind(version: str, path: str, method: str, context: str) -> tuple[str, str, str]:
    if "/categories" in path:
        listed = path.endswith("/categories") and method == "GET"
        return version, "product_categories" if listed else "product_category", "view"
    if path.endswith("/batch"):
        return version, "products_batch", "edit"
    if path.endswith("/products") and method == "GET":
        return version, "products", context
    return version, "product", context if method == "GET" else "edit"


def order_kind(version: str, path: str, method: str) -> tuple[str, str, str]:
    listed = method == "GET"
    for child in ("notes", "refunds"):
        if path.endswith(f"/{child}") and "/orders/" in path:
            return version, f"order_{child}" if listed else f"order_{child[:-1]}", "view"
        if re.search(rf"/{child}/[^/]+$", path):
            return version, f"order_{child[:-1]}", "view"
    if path.endswith("/refunds"):
        return version, "refunds", "view"
    if path.endswith("/batch"):
        return version, "orders_batch", "view"
    return version, "orders" if path.endswith("/orders") and listed else "order", "view"


def request_kind(path: str) -> str:
    if "/orders" in path:
        if path.endswith("/notes"):
            return "order_note_create"
        if path.endswith("/refunds"):
            return "order_refund_create"
        if path.endswith("/batch"):
            return "orders_batch"
        return "order_create" if path.endswith("/orders") else "order_update"
    if "/products" in path:
        if "/categories" in path:
            return "product_category"
        return (
            "products_batch"
            if path.endswith("/batch")
            else "product_create"
            if path.endswith("/products")
            else "product_update"
        )
    return "batch" if path.endswith("/batch") else "create" if path.endswith("/customers") else "update"


# ---------------------------------------------------------------------------------------- generator


def test_schemas_are_exactly_what_the_generator_writes(tmp_path: Path) -> None:
    schema_generator.write(tmp_path)
    generated = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*.json")}
    committed = {p.relative_to(ROOT / "schemas").as_posix(): p.read_bytes() for p in (ROOT / "schemas").rglob("*.json")}
    assert sorted(committed) == sorted(generated)
    changed = [name for name in generated if committed[name] != generated[name]]
    assert not changed, f"hand-edited or stale, rerun scripts/generate_schemas.py: {changed}"


def test_generation_is_deterministic() -> None:
    first = {k: schema_generator.render(v) for k, v in schema_generator.build().items()}
    second = {k: schema_generator.render(v) for k, v in schema_generator.build().items()}
    assert first == second
    assert all(text.endswith("}\n") for text in first.values())


def test_an_undeclared_difference_between_docs_and_store_stops_the_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = dict(customer_schemas.store_rules())
    rules["differences"] = [d for d in rules["differences"] if d["name"] != "avatar_url"]
    monkeypatch.setattr(customer_schemas, "store_rules", lambda: rules)
    with pytest.raises(customer_schemas.GeneratorError, match=r"customer\.avatar_url read-only"):
        customer_schemas.reconcile("v1")


def test_every_schema_has_an_id_and_the_2020_12_dialect() -> None:
    for path, doc in validation.load_schemas().items():
        assert doc["$id"] == validation.BASE_URI + path
        assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# ---------------------------------------------------------------------------------------- recordings


@pytest.mark.parametrize("exchange", exchanges())
def test_every_recorded_response_body_validates(exchange: dict[str, Any]) -> None:
    body, status = denormalise(exchange["body"]), exchange["status"]
    query = dict(exchange["request"].get("query") or [])
    if "_envelope" in query:
        assert set(body) == {"body", "status", "headers"}
        body, status = body["body"], body["status"]
    version, kind, context = response_kind(exchange, status)
    validate_response(body, version=version, kind=kind, context=context, partial="_fields" in query)


def test_the_real_stores_webhook_payloads_validate_against_their_api_versions_customer() -> None:
    """A real store sets a webhook's ``api_version`` from the namespace it was created through and
    ignores one in the request: the webhook asked for ``wp_api_v2`` still sent v3 payloads."""
    recorded = json.loads(WEBHOOKS_RECORDED.read_text(encoding="utf-8"))
    versions = {  # webhook id -> the version of the namespace that created it
        exchange["body"]["id"]: re.search(r"/wc/(v\d)/", exchange["request"]["path"])[1]  # type: ignore[index]
        for exchange in recorded["exchanges"]
        if exchange["request"]["path"].endswith("/webhooks") and exchange["status"] == 201
    }
    payloads = [
        (versions[int(delivery["headers"]["X-WC-Webhook-ID"])], denormalise(delivery["body"]))
        for delivery in recorded["deliveries"]
        if delivery["headers"].get("X-WC-Webhook-Event") in ("created", "updated")
    ]
    assert len(payloads) == 7
    for version, payload in payloads:
        validate_response(payload, version=version, kind="customer", context="view")
    with pytest.raises(SchemaViolation, match="orders_count"):
        validate_response(payloads[0][1], version="v2", kind="customer", context="view")


@pytest.mark.parametrize("exchange", exchanges(with_json_body=True))
def test_recorded_request_bodies_pass_exactly_when_the_store_accepted_them(exchange: dict[str, Any]) -> None:
    request = exchange["request"]
    path, method = request["path"].rstrip("/"), method_of(request)
    version = re.search(r"/wc/(v\d)", path)
    assert version
    kind = request_kind(path)
    request = {**request, "json": placeholders_filled(request["json"])}
    rejected = exchange["status"] == 400 and exchange["body"].get("code") in VALIDATION_CODES
    assert method in ("POST", "PUT", "PATCH")
    if rejected:
        with pytest.raises(SchemaViolation):
            validate_request(request["json"], version=version[1], kind=kind, strict=False)
    else:
        validate_request(request["json"], version=version[1], kind=kind, strict=False)


def test_the_accelerator_decides_exactly_like_jsonschema() -> None:
    pytest.importorskip("jsonschema_rs")
    cases = []
    for param in exchanges():
        exchange = param.values[0]
        query = dict(exchange["request"].get("query") or [])
        if "_fields" in query or "_envelope" in query:
            continue
        version, kind, context = response_kind(exchange, exchange["status"])
        path = validation.schema_path(version=version, kind=kind, request=False, context=context)
        body = denormalise(exchange["body"])
        cases.append((path, body))
        if isinstance(body, dict) and "id" in body:
            broken = [{**body, "extra": 1}, {**body, "id": "3"}, {**body, "id": True}]
            if "date_created" in body:
                broken.append({**body, "date_created": "2025-07-01"})
            if "billing" in body:
                broken += [
                    {**body, "billing": {**body["billing"], "city": None}},
                    {k: v for k, v in body.items() if k != "email"},
                ]
            if "sku" in body:
                broken += [{**body, "price": 5}, {k: v for k, v in body.items() if k != "sku"}]
            cases += [(path, b) for b in broken]
    decisions = [
        (validation._fast(path).is_valid(body), validation.validator(path).is_valid(body)) for path, body in cases
    ]
    assert all(fast == slow for fast, slow in decisions)
    assert sum(not slow for _, slow in decisions) > 50


# ---------------------------------------------------------------------------------------- requests


@pytest.mark.parametrize(
    ("kind", "payload", "message"),
    [
        ("create", {"email": "a@example.com", "first_name": 123}, r"^\$\.first_name: 123 is not of type 'string'"),
        ("create", {"first_name": "No Email"}, r"^\$: 'email' is a required property"),
        ("create", {"email": "a@example.com", "role": "administrator"}, r"^\$\.role: 'administrator' is read-only"),
        ("create", {"email": "a@example.com", "id": 7}, r"^\$\.id: 7 is read-only"),
        ("create", {"email": "a@example.com", "billing": "Rio"}, r"^\$\.billing: 'Rio' is not of type 'object'"),
        ("create", {"email": "a@example.com", "billing": {"city": 5}}, r"^\$\.billing\.city: 5 is not of type"),
        ("create", {"email": "a@example.com", "billing": {"email": "nope"}}, r"^\$\.billing\.email: 'nope' is not"),
        ("update", {"email": ""}, r"^\$\.email: '' is not a 'email'"),
        ("update", {"meta_data": [{"key": ["k"]}]}, r"^\$\.meta_data\[0\]\.key: \['k'\] is not of type 'string'"),
        ("batch", {"update": [{"first_name": "x"}]}, r"^\$\.update\[0\]: 'id' is a required property"),
        ("batch", {"delete": ["two"]}, r"^\$\.delete\[0\]: 'two' does not match"),
        ("query", {"orderby": "email"}, r"^\$\.orderby: 'email' is not one of \['id', 'include', 'name'"),
        ("query", {"per_page": 101}, r"^\$\.per_page: 101 is greater than the maximum of 100"),
    ],
)
def test_invalid_requests_are_rejected_with_their_path(kind: str, payload: dict[str, Any], message: str) -> None:
    with pytest.raises(SchemaViolation, match=message) as caught:
        validate_request(payload, version="v3", kind=kind)
    assert "(schema: v3/" in str(caught.value)
    assert caught.value.path.startswith("$")


def test_a_violation_names_the_file_and_rule_behind_a_ref() -> None:
    with pytest.raises(SchemaViolation) as caught:
        validate_request({"email": "a@example.com", "billing": {"email": 5}}, version="v2", kind="create")
    violation = caught.value
    assert (violation.path, violation.rule, violation.value) == ("$.billing.email", "type", 5)
    assert violation.schema_path == "v2/billing.input.json#/properties/email/type"
    assert (
        str(violation)
        == "$.billing.email: 5 is not of type 'string' (schema: v2/billing.input.json#/properties/email/type)"
    )


def test_store_mode_lets_through_what_a_real_store_ignores() -> None:
    validate_request(
        {"email": "a@example.com", "role": "administrator", "extra": 1}, version="v3", kind="create", strict=False
    )
    validate_request({"create": [{"first_name": "NoEmail"}], "delete": ["x"]}, version="v2", kind="batch", strict=False)
    with pytest.raises(SchemaViolation, match=r"^\$\.first_name"):
        validate_request({"first_name": 5}, version="v2", kind="batch", strict=False)


def test_v1_and_v2_shipping_phone_is_not_writable_but_v3_is() -> None:
    for version in ("v1", "v2"):
        assert "phone" not in validation.load_schemas()[f"{version}/shipping.input.json"]["properties"]
        assert "phone" in validation.load_schemas()[f"{version}/shipping.json"]["properties"]
    assert "phone" in validation.load_schemas()["v3/shipping.input.json"]["properties"]


def test_password_is_write_only() -> None:
    schemas = validation.load_schemas()
    for version in VERSIONS:
        assert schemas[f"{version}/customer.create.json"]["properties"]["password"]["writeOnly"] is True
        for context in ("view", "edit"):
            assert "password" not in schemas[f"{version}/customer.{context}.json"]["properties"]


def test_errors_lists_every_violation_without_raising() -> None:
    found = validation.errors({"email": 5, "first_name": 6}, version="v3", kind="create", request=True)
    assert [e.path for e in found] == ["$.email", "$.first_name"]
    assert validation.is_valid({"email": "a@example.com"}, version="v3", kind="create", request=True)


# ---------------------------------------------------------------------------------------- responses


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("context", ["view", "edit"])
def test_wcmock_views_render_valid_customers_and_downloads(version: str, context: str) -> None:
    store = build_store(["default"])
    customers_of(store).add(customer_from(RICH, store))
    view = VIEWS[version](store.settings)
    seen_downloads = 0
    for customer in store:
        validate_customer(view.customer(customer), version=version, context=context)
        for download in customer.downloads:
            validate_response(view.download(download, customer, BASE), version=version, kind="download")
            seen_downloads += 1
    assert seen_downloads, "the default fixture should carry downloads"


def test_responses_are_closed() -> None:
    store = build_store(["default"])
    customer = customers_of(store).editable(1)
    assert customer is not None
    body = VIEWS["v3"](store.settings).customer(customer)
    with pytest.raises(SchemaViolation, match=r"Additional properties are not allowed \('orders_count'"):
        validate_customer({**body, "orders_count": 0}, version="v3")
    with pytest.raises(SchemaViolation, match=r"^\$\.is_paying_customer: 'no' is not of type 'boolean'"):
        validate_customer({**body, "is_paying_customer": "no"}, version="v3")
    with pytest.raises(SchemaViolation, match=r"^\$\.date_created: '2025-07-01 12:00:00' does not match"):
        validate_customer({**body, "date_created": "2025-07-01 12:00:00"}, version="v3")


def test_a_list_item_needs_its_links_but_a_fields_filtered_one_does_not() -> None:
    store = build_store(["default"])
    customer = customers_of(store).editable(1)
    assert customer is not None
    body = VIEWS["v2"](store.settings).customer(customer)
    with pytest.raises(SchemaViolation, match=r"^\$\[0\]: '_links' is a required property"):
        validate_response([body], version="v2", kind="customers")
    validate_response([{"id": 1, "billing": {"city": ""}}], version="v2", kind="customers", partial=True)


# ---------------------------------------------------------------------------------------- OpenAPI


def test_the_openapi_document_is_valid_openapi_3_1() -> None:
    document = openapi_document("http://localhost:9999")
    validate_openapi(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://localhost:9999"}]


def test_the_openapi_document_covers_every_route() -> None:
    paths = openapi_document()["paths"]
    assert "/wp-json/" in paths
    for version in VERSIONS:
        base = f"/wp-json/wc/{version}/customers"
        assert set(paths[base]) >= {"get", "post", "options"}
        assert set(paths[base + "/{id}"]) >= {"get", "put", "patch", "post", "delete", "options"}
        assert set(paths[base + "/batch"]) >= {"post", "put", "patch", "options"}
        assert set(paths[base + "/{customer_id}/downloads"]) >= {"get", "options"}
        assert "get" in paths[f"/wp-json/wc/{version}"]
        listed = {p["name"] for p in paths[base]["get"]["parameters"]}
        assert listed == {
            "context",
            "page",
            "per_page",
            "search",
            "exclude",
            "include",
            "offset",
            "order",
            "orderby",
            "email",
            "role",
        }
        delete = paths[base + "/{id}"]["delete"]
        assert {p["name"] for p in delete["parameters"]} == {"force", "reassign"}
        assert "501" in delete["responses"]
    operation_ids = [
        op["operationId"]
        for item in paths.values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]
    assert len(operation_ids) == len(set(operation_ids))
