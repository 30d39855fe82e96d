"""The customers' files under ``schemas/`` (JSON Schema Draft 2020-12), from the customer attribute tables.

Three sources, in increasing authority:

1. ``wcmock/resources/customers/schema_sources/v1.json`` and ``v2.json`` — the attribute tables of the documentation
   pages (names, types, descriptions, ``read-only`` / ``write-only`` / ``mandatory`` labels);
2. ``wcmock/resources/customers/wp_rest.json`` — the schemas and arguments a real store publishes via ``OPTIONS``
   (the only source for v3);
3. ``wcmock/resources/customers/schema_sources/store.json`` — what a real store does beyond its published schema
   (fields it outputs without declaring them, nullable values, value patterns), and the list of
   every known difference between the docs and the store.

The docs and the store are reconciled table by table: a difference that ``store.json`` does not
declare stops the generator (:class:`GeneratorError`), so neither source drifts silently.

Response schemas are closed (``additionalProperties: false``): wcmock controls its output exactly.
Request schemas are open (``true``): a real store ignores keys it does not know. Read-only
properties appear in request schemas as ``readOnly: true`` annotations (a real store ignores them);
:mod:`wcmock.validation` can enforce them in strict mode.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from wcmock.resources.customers import args as definitions
from wcmock.rest.schema import BASE_URI, INT_LIKE, links_of, list_of, query_of
from wcmock.rest.schema import batch_request as shared_batch_request
from wcmock.rest.schema import batch_response as shared_batch_response
from wcmock.rest.schema import closed as _closed
from wcmock.rest.schema import described as _described
from wcmock.rest.schema import document as _document
from wcmock.rest.schema import open_object as _open
from wcmock.versions import NAMES

DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$"
SOURCES = Path(__file__).resolve().parent / "schema_sources"
# Docs table name -> where the store publishes the same table, as a path into wp_rest.json.
TABLES = {
    "customer": ("customer_schema",),
    "last_order": ("customer_schema", "last_order"),
    "billing": ("customer_schema", "billing"),
    "shipping": ("customer_schema", "shipping"),
    "meta_data": ("customer_schema", "meta_data", "items"),
    "download": ("download_schema",),
    "download_file": ("download_schema", "file"),
}
DOC_TYPES = {"bool": "bool", "date-time": "date-time"}


class GeneratorError(ValueError):
    """The sources disagree in a way ``schema_sources/store.json`` does not declare."""


# ---------------------------------------------------------------------------------------- sources


@cache
def _source(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SOURCES / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


def docs(version: str) -> dict[str, list[dict[str, Any]]]:
    """The documentation's attribute tables for a version (v3 has none: the store is the source)."""
    path = SOURCES / f"{version}.json"
    return _source(version)["tables"] if path.exists() else {}


def store_rules() -> dict[str, Any]:
    return _source("store")


def _store_table(version: str, table: str) -> dict[str, Any] | None:
    path = TABLES[table]
    node: Any = definitions.version_data(version, path[0])
    for key in path[1:]:
        node = node.get("properties", {}).get(key) if key != "items" else node.get("items")
        if node is None:
            return None
    properties: dict[str, Any] | None = node.get("properties")
    return properties


def differences(version: str) -> list[dict[str, Any]]:
    """Where the documentation's tables and the store's published schema disagree."""
    found = []
    for table, rows in docs(version).items():
        published = _store_table(version, table) or {}
        documented = {row["name"]: row for row in rows}
        for name in sorted(set(documented) | set(published)):
            row, prop = documented.get(name), published.get(name)
            if row is None or prop is None:
                found.append(_difference(version, table, name, "presence", row is not None, prop is not None))
                continue
            doc_type = DOC_TYPES.get(row["type"], row["type"])
            if doc_type != prop["type"]:
                found.append(_difference(version, table, name, "type", doc_type, prop["type"]))
            doc_readonly = "read-only" in row.get("flags", [])
            if doc_readonly != bool(prop.get("readonly")):
                found.append(_difference(version, table, name, "read-only", doc_readonly, bool(prop.get("readonly"))))
    return found


def _difference(version: str, table: str, name: str, aspect: str, doc: Any, store: Any) -> dict[str, Any]:
    return {"version": version, "table": table, "name": name, "aspect": aspect, "docs": doc, "store": store}


def reconcile(version: str) -> None:
    """Raise unless every docs/store difference is declared in ``store.json`` (and none is stale)."""
    declared = {
        (d["version"], d["table"], d["name"], d["aspect"]): (d["docs"], d["store"])
        for d in store_rules()["differences"]
        if d["version"] == version
    }
    actual = {(d["version"], d["table"], d["name"], d["aspect"]): (d["docs"], d["store"]) for d in differences(version)}
    if declared != actual:
        undeclared = sorted(
            f"{k[1]}.{k[2]} {k[3]}: docs {v[0]!r}, store {v[1]!r}" for k, v in actual.items() if declared.get(k) != v
        )
        stale = sorted(f"{k[1]}.{k[2]} {k[3]}" for k in declared if k not in actual)
        raise GeneratorError(f"{version}: docs and store differ undeclared: {undeclared}; declared but gone: {stale}")


def _doc_flags(version: str, table: str, name: str) -> list[str]:
    for row in docs(version).get(table, []):
        if row["name"] == name:
            flags: list[str] = row.get("flags", [])
            return flags
    return []


# ---------------------------------------------------------------------------------------- helpers


def _value(prop: dict[str, Any], *, pattern: str | None = None, nullable: bool = False) -> dict[str, Any]:
    """A response property of a scalar type, with the store's non-standard types made standard."""
    kind = prop["type"]
    schema: dict[str, Any]
    if kind == "date-time":
        schema = {"type": ["string", "null"], "pattern": DATE_PATTERN}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "mixed":
        schema = {}
    else:
        schema = {"type": [kind, "null"] if nullable else kind}
    if pattern:
        schema["pattern"] = pattern
    if prop.get("readonly"):
        schema["readOnly"] = True
    return _described(schema, prop)


# ---------------------------------------------------------------------------------------- responses


def _response_object(version: str, table: str, props: dict[str, Any]) -> dict[str, Any]:
    rules = store_rules()
    out = {}
    for name, prop in props.items():
        out[name] = _value(
            prop,
            pattern=rules["patterns"].get(f"{table}.{name}"),
            nullable=f"{table}.{name}" in rules["nullable"],
        )
    for name, prop in rules["output_extra"].get(version, {}).get(table, {}).items():
        out[name] = _value(prop)
    return out


def customer_response(version: str, context: str) -> dict[str, Any]:
    schema = definitions.customer_schema(version)
    rules = store_rules()
    props: dict[str, Any] = {}
    for name, prop in schema["properties"].items():
        if context not in prop.get("context", []) or name in rules["never_output"]:
            continue
        if "write-only" in _doc_flags(version, "customer", name):
            continue
        if name in ("billing", "shipping"):
            props[name] = _described({"$ref": f"{name}.json"}, prop)
        elif name == "last_order":
            props[name] = _described({"$ref": "last-order.json"}, prop)
        elif name == "meta_data":
            props[name] = _described({"type": "array", "items": {"$ref": "meta-data.json"}}, prop)
        else:
            props[name] = _value(prop, pattern=rules["patterns"].get(f"customer.{name}"))
    body = _closed(props, [name for name in props if name != "meta_data"])  # administrators only see meta_data
    body["properties"]["_links"] = {"$ref": "../common/customer-links.json"}
    return _document(
        f"{version}/customer.{context}.json",
        f"customer ({version}, context {context})",
        body,
        f"A customer as wc/{version} renders it with context={context}; `_links` is added by the REST server.",
    )


def nested_response(version: str, table: str, file: str, title: str) -> dict[str, Any]:
    props = _store_table(version, table) or {}
    return _document(f"{version}/{file}", title, _closed(_response_object(version, table, props)))


def download_response(version: str) -> dict[str, Any]:
    schema = definitions.download_schema(version)
    props = {k: v for k, v in schema["properties"].items() if k != "file"}
    body = _closed(_response_object(version, "download", props))
    file_prop = schema["properties"]["file"]
    file_props = {k: _value(v) for k, v in file_prop["properties"].items()}
    body["properties"]["file"] = _described(_closed(file_props), file_prop)
    body["required"].append("file")
    body["properties"]["_links"] = {"$ref": "../common/download-links.json"}
    return _document(f"{version}/download.json", f"customer_download ({version})", body)


def lists(version: str) -> dict[str, dict[str, Any]]:
    return {
        f"{version}/customers.json": list_of(
            f"{version}/customers.json", f"customer list ({version})", "customer.view.json"
        ),
        f"{version}/downloads.json": list_of(
            f"{version}/downloads.json", f"customer download list ({version})", "download.json"
        ),
    }


def batch_response(version: str) -> dict[str, Any]:
    return shared_batch_response(
        f"{version}/batch.response.json", f"customer batch response ({version})", "customer.edit.json", "customers"
    )


# ---------------------------------------------------------------------------------------- requests


def _input(arg: dict[str, Any], version: str, name: str) -> dict[str, Any]:
    """A request property from a WordPress argument definition."""
    kind = arg.get("type")
    schema: dict[str, Any]
    if name in ("billing", "shipping"):
        schema = {"$ref": f"{name}.input.json"}
    elif name == "meta_data":
        schema = {"type": "array", "items": {"$ref": "meta-data.input.json"}}
    elif kind == "integer":
        schema = dict(INT_LIKE)
    else:
        schema = {"type": kind}
        for key in ("format", "enum"):
            if key in arg:
                schema[key] = arg[key]
    if "write-only" in _doc_flags(version, "customer", name) or name == "password":
        schema["writeOnly"] = True
    return _described(schema, arg)


def _read_only(version: str, taken: dict[str, Any]) -> dict[str, Any]:
    """The customer's read-only properties, as annotations: a real store ignores them in a body."""
    out = {}
    for name, prop in definitions.customer_schema(version)["properties"].items():
        if prop.get("readonly") and name not in taken:
            out[name] = _described({"readOnly": True}, prop)
    return out


def address_input(version: str, table: str) -> dict[str, Any]:
    props = {}
    for name, prop in (_store_table(version, table) or {}).items():
        schema: dict[str, Any] = {"type": prop["type"]}
        if "format" in prop:
            schema["format"] = prop["format"]
        props[name] = _described(schema, prop)
    return _document(
        f"{version}/{table}.input.json",
        f"{table} address in a request ({version})",
        _open(props),
        "Unknown keys are ignored by a real store, so they are allowed.",
    )


def meta_input(version: str) -> dict[str, Any]:
    props = _store_table(version, "meta_data") or {}
    body = _open(
        {
            "id": _described({**INT_LIKE}, {"description": "Meta ID: updates that row when given."}),
            "key": _described({"type": "string"}, props["key"]),
            "value": _described({}, props["value"]),
        }
    )
    return _document(f"{version}/meta-data.input.json", f"meta data item in a request ({version})", body)


def create_request(version: str) -> dict[str, Any]:
    args = definitions.version_data(version, "create_args")
    props = {name: _input(arg, version, name) for name, arg in args.items()}
    required = [name for name, arg in args.items() if arg.get("required")]
    documented = [r["name"] for r in docs(version).get("customer", []) if "mandatory" in r.get("flags", [])]
    if documented and documented != required:
        raise GeneratorError(f"{version}: docs say {documented} are mandatory on create, the store {required}")
    props.update(_read_only(version, props))
    return _document(
        f"{version}/customer.create.json",
        f"customer create request ({version})",
        _open(props, required),
        "POST /customers body. `email` is required (without a format check: the store checks it later); "
        "read-only properties are ignored by a real store.",
    )


def update_request(version: str) -> dict[str, Any]:
    schema = definitions.customer_schema(version)
    args = definitions.args_from_schema(schema)
    props: dict[str, Any] = {"id": _described(dict(INT_LIKE), definitions.ID_ARG)}
    props.update({name: _input(arg, version, name) for name, arg in args.items()})
    props.update(_read_only(version, props))
    return _document(
        f"{version}/customer.update.json",
        f"customer update request ({version})",
        _open(props),
        "PUT/PATCH/POST /customers/{id} body; nothing is required and `email` must be a valid address.",
    )


def batch_request(version: str) -> dict[str, Any]:
    return shared_batch_request(
        f"{version}/batch.request.json",
        f"customer batch request ({version})",
        "customer.create.json",
        "customer.update.json",
    )


def query(version: str) -> dict[str, Any]:
    return query_of(
        f"{version}/customers.query.json",
        f"customer list query ({version})",
        definitions.version_data(version, "collection_args"),
        "GET /customers parameters after WordPress's type coercion; unknown parameters are ignored.",
    )


def files() -> dict[str, dict[str, Any]]:
    """The customers' files under ``schemas/``, keyed by path: per version, and their links in ``common/``."""
    files = {
        "common/customer-links.json": _document(
            "common/customer-links.json", "customer links", links_of("self", "collection")
        ),
        "common/download-links.json": _document(
            "common/download-links.json", "download links", links_of("collection", "product", "order")
        ),
    }
    for version in NAMES:
        reconcile(version)
        made = [
            customer_response(version, "view"),
            customer_response(version, "edit"),
            nested_response(version, "billing", "billing.json", f"billing address ({version})"),
            nested_response(version, "shipping", "shipping.json", f"shipping address ({version})"),
            download_response(version),
            batch_response(version),
            address_input(version, "billing"),
            address_input(version, "shipping"),
            create_request(version),
            update_request(version),
            batch_request(version),
            query(version),
        ]
        if _store_table(version, "last_order") is not None:
            made.append(nested_response(version, "last_order", "last-order.json", f"last order ({version})"))
        if _store_table(version, "meta_data") is not None:
            made.append(nested_response(version, "meta_data", "meta-data.json", f"meta data item ({version})"))
            made.append(meta_input(version))
        files.update({doc["$id"].removeprefix(BASE_URI): doc for doc in made})
        files.update(lists(version))
    return files
