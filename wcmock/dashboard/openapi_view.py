"""An offline reader for wcmock's OpenAPI document: operations by tag, their parameters, bodies and
answers, and the schemas they point to (a small Swagger-UI without its JavaScript or a CDN)."""

from __future__ import annotations

from typing import Any

from wcmock.dashboard.html import esc, json_block, method_badge, table

OPERATIONS = ("get", "post", "put", "patch", "delete", "options", "head")


def render(document: dict[str, Any]) -> str:
    info = document.get("info", {})
    by_tag: dict[str, list[str]] = {}
    for path, item in document.get("paths", {}).items():
        for method in OPERATIONS:
            operation = item.get(method)
            if operation is not None:
                tag = (operation.get("tags") or ["other"])[0]
                by_tag.setdefault(tag, []).append(_operation(path, method, operation, item.get("parameters", [])))
    described = {t["name"]: t.get("description", t["name"]) for t in document.get("tags", [])}
    groups = "".join(
        f'<section class="api-tag"><h2>{esc(described.get(tag, tag))}</h2>{"".join(ops)}</section>'
        for tag, ops in by_tag.items()
    )
    schemas = "".join(
        f'<details class="schema" id="schema-{esc(name)}"><summary>{esc(name)}</summary>{json_block(schema)}</details>'
        for name, schema in document.get("components", {}).get("schemas", {}).items()
    )
    return f"""<section class="api-info">
<h2>{esc(info.get("title", "API"))} <small>{esc(info.get("version", ""))}</small></h2>
<p>{esc(info.get("description", ""))}</p>
<p><a href="openapi.json">openapi.json</a> (OpenAPI {esc(document.get("openapi", ""))})</p></section>
{groups}<section class="api-tag"><h2>Schemas</h2>{schemas}</section>"""


def _operation(path: str, method: str, operation: dict[str, Any], shared: list[dict[str, Any]]) -> str:
    ident = operation.get("operationId", f"{method}-{path}")
    parameters = [*shared, *operation.get("parameters", [])]
    rows = [
        (
            f"<code>{esc(p.get('name', ''))}</code>",
            esc(p.get("in", "")),
            _type(p.get("schema", {})),
            "yes" if p.get("required") else "",
            esc(p.get("description", "")),
        )
        for p in parameters
    ]
    body = operation.get("requestBody", {}).get("content", {})
    bodies = "".join(f"<p>{esc(mime)}: {_type(media.get('schema', {}))}</p>" for mime, media in body.items())
    answers = [(esc(code), _answer(answer)) for code, answer in operation.get("responses", {}).items()]
    return f"""<details class="operation" id="op-{esc(ident)}">
<summary>{method_badge(method.upper())} <code>{esc(path)}</code> {esc(operation.get("summary", ""))}</summary>
{table(["parameter", "in", "type", "required", "description"], rows, empty="No parameters.")}
{f"<h4>Request body</h4>{bodies}" if bodies else ""}
<h4>Answers</h4>{table(["status", ""], answers)}</details>"""


def _answer(answer: dict[str, Any]) -> str:
    if "$ref" in answer:
        return _ref(answer["$ref"])
    shapes = [_type(media.get("schema", {})) for media in answer.get("content", {}).values()]
    return esc(answer.get("description", "")) + "".join(f" <span>({shape})</span>" for shape in shapes)


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return _ref(schema["$ref"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if "enum" in schema:
        return esc(f"{kind}: " + " | ".join(str(v) for v in schema["enum"]))
    return esc(kind if isinstance(kind, str) else " | ".join(kind))


def _ref(ref: str) -> str:
    name = ref.rsplit("/", 1)[-1]
    if "/schemas/" in ref:
        return f'<a href="#schema-{esc(name)}">{esc(name)}</a>'
    return esc(name)
