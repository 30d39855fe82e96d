"""A few HTML helpers: everything shown passes through :func:`esc`, so store data never becomes markup.

Plain strings rather than a template engine: the pages are small, and wcmock adds no dependency
for them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from html import escape
from typing import Any
from urllib.parse import urlencode


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def json_block(value: Any) -> str:
    """A value as indented JSON (text that is not JSON is shown as it is)."""
    text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False, default=str)
    return f'<pre class="json">{esc(text)}</pre>'


def query(**params: Any) -> str:
    """``?a=1&b=2`` with empty values left out, for links that keep the page's filters."""
    kept = {k: v for k, v in params.items() if v not in ("", None, False)}
    return "?" + urlencode(kept) if kept else "?"


def link(href: str, text: str, *, current: bool = False, cls: str = "") -> str:
    classes = " ".join(c for c in (cls, "current" if current else "") if c)
    attrs = f' class="{classes}"' if classes else ""
    aria = ' aria-current="page"' if current else ""
    return f'<a href="{esc(href)}"{attrs}{aria}>{text}</a>'


def table(headers: Iterable[str] | None, rows: Iterable[Iterable[str]], *, empty: str = "None yet.") -> str:
    """A table of already-escaped cells (``headers`` None: no header row), or a note when there are no rows."""
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    if not body:
        return f'<p class="empty">{esc(empty)}</p>'
    head = "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in headers) + "</tr></thead>" if headers else ""
    return f"<table>{head}<tbody>{body}</tbody></table>"


def status_badge(status: int | None) -> str:
    if status is None:
        return '<span class="status none">—</span>'
    return f'<span class="status s{status // 100}">{status}</span>'


def method_badge(method: str) -> str:
    return f'<span class="method m-{esc(method.lower())}">{esc(method)}</span>'


def live(section_id: str, content: str, *, tag: str = "div") -> str:
    """A region the page's script re-reads while the store changes (by id)."""
    return f'<{tag} id="{esc(section_id)}" data-live>{content}</{tag}>'


def pager(page: int, pages: int, params: dict[str, Any], *, labels: tuple[str, str] = ("← previous", "next →")) -> str:
    """Previous / next links that keep the other parameters of the page."""
    if pages <= 1:
        return ""
    parts = []
    if page > 1:
        parts.append(link(query(**params, page=page - 1), labels[0]))
    parts.append(f"<span>page {page} of {pages}</span>")
    if page < pages:
        parts.append(link(query(**params, page=page + 1), labels[1]))
    return '<nav class="pager">' + " ".join(parts) + "</nav>"


def layout(*, title: str, header: str, nav: str, main: str) -> str:
    return f"""<!doctype html>
<html lang="en" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="stylesheet" href="static/dashboard.css">
<script src="static/dashboard.js" defer></script>
</head>
<body>
<header class="top">{header}</header>
{nav}
<main>{main}</main>
</body>
</html>
"""
