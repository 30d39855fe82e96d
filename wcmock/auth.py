"""Who is calling: WooCommerce's REST authentication and the key's read/write permission.

Mirrors ``WC_REST_Authentication``: Basic or query-string keys first, then one-legged OAuth 1.0a.
An unknown Basic key is *not* an error (the request goes on anonymously and fails the route's
permission check), exactly as a real store answers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from wcmock.errors import RestError
from wcmock.store import ApiKey, Store

OAUTH_PARAMS = ("oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method")
OAUTH_WINDOW = 15 * 60


def auth_error(message: str) -> RestError:
    return RestError("woocommerce_rest_authentication_error", message, 401)


@dataclass(slots=True)
class Credentials:
    """What the request carries, as the transport layer found it."""

    method: str
    url: str  # scheme, host and path as the store sees them, no query string
    query: Mapping[str, Any]
    form: Mapping[str, Any]
    authorization: str = ""


def authenticate(store: Store, creds: Credentials) -> ApiKey | None:
    """The key the request authenticates with, ``None`` for anonymous, or a 401 ``RestError``."""
    key, error = _basic(store, creds)
    if key:
        return key
    oauth_key = _oauth(store, creds)
    if oauth_key:
        return oauth_key
    if error:
        raise error
    return None


def _basic(store: Store, creds: Credentials) -> tuple[ApiKey | None, RestError | None]:
    ck, cs = creds.query.get("consumer_key"), creds.query.get("consumer_secret")
    if not (isinstance(ck, str) and isinstance(cs, str) and ck and cs):
        ck, cs = _basic_header(creds.authorization)
    if not ck:
        return None, None
    key = store.keys.get(ck)
    if key is None:
        return None, None
    if not hmac.compare_digest(key.consumer_secret.encode(), (cs or "").encode()):
        return None, auth_error("Consumer secret is invalid.")
    return key, None


def _basic_header(header: str) -> tuple[str, str]:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        user, _, password = base64.b64decode(token.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    return user, password


def _oauth(store: Store, creds: Credentials) -> ApiKey | None:
    params: dict[str, Any] = {**creds.query, **creds.form, **_oauth_header(creds.authorization)}
    missing = [name for name in OAUTH_PARAMS if not params.get(name)]
    if len(missing) == len(OAUTH_PARAMS):
        return None
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise RestError(
            "woocommerce_rest_authentication_missing_parameter",
            f"Missing OAuth parameter{plural} {', '.join(missing)}",
            401,
        )
    key = store.keys.get(str(params["oauth_consumer_key"]))
    if key is None:
        raise auth_error("Consumer key is invalid.")
    method = str(params["oauth_signature_method"])
    if method not in ("HMAC-SHA1", "HMAC-SHA256"):
        raise auth_error("Invalid signature - signature method is invalid.")
    given = unquote(str(params["oauth_signature"]).replace(" ", "+"))
    expected = oauth_signature(creds.method, creds.url, params, key.consumer_secret, method)
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise auth_error("Invalid signature - provided signature does not match.")
    _check_timestamp_and_nonce(store, key, params["oauth_timestamp"], str(params["oauth_nonce"]))
    return key


def _oauth_header(header: str) -> dict[str, str]:
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "oauth":
        return {}
    out: dict[str, str] = {}
    for part in rest.split(","):
        name, _, value = part.strip().partition("=")
        if name.startswith("oauth_"):
            out[name] = unquote(value.strip().strip('"'))
    return out


def rfc3986(value: str) -> str:
    return quote(value, safe="~")


def _joined(params: Mapping[str, Any], prefix: str = "") -> list[str]:
    """WooCommerce's ``join_with_equals_sign``: nested arrays become ``name%5Bkey%5D`` pairs."""
    pairs: list[str] = []
    for key, value in params.items():
        name = f"{prefix}%5B{rfc3986(str(key))}%5D" if prefix else rfc3986(str(key))
        if isinstance(value, dict):
            pairs += _joined(value, name)
        elif isinstance(value, list):
            pairs += _joined(dict(enumerate(value)), name)
        else:
            pairs.append(rfc3986(f"{name}={rfc3986(_php_string(value))}"))
    return pairs


def _php_string(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else ""
    return "" if value is None else str(value)


def oauth_signature(method: str, url: str, params: Mapping[str, Any], secret: str, algorithm: str) -> str:
    """The signature WooCommerce expects: its base string, signed with ``secret&``."""
    signed = {k: v for k, v in params.items() if k != "oauth_signature"}
    ordered = dict(sorted(signed.items(), key=lambda kv: str(kv[0]).encode()))
    base = f"{method.upper()}&{rfc3986(url)}&{'%26'.join(_joined(ordered))}"
    digest = hashlib.sha1 if algorithm == "HMAC-SHA1" else hashlib.sha256
    return base64.b64encode(hmac.new(f"{secret}&".encode(), base.encode(), digest).digest()).decode()


def _check_timestamp_and_nonce(store: Store, key: ApiKey, timestamp: Any, nonce: str) -> None:
    now = store.now().timestamp()
    try:
        stamp = int(str(timestamp))
    except ValueError:
        raise auth_error("Invalid timestamp.") from None
    if abs(now - stamp) > OAUTH_WINDOW:
        raise auth_error("Invalid timestamp.")
    with store.lock:
        seen = store.nonces.setdefault(key.consumer_key, {})
        for old, used_at in list(seen.items()):
            if used_at < now - OAUTH_WINDOW:
                del seen[old]
        if nonce in seen:
            raise auth_error("Invalid nonce - nonce has already been used.")
        seen[nonce] = now


def check_key_permission(key: ApiKey | None, method: str) -> None:
    """The key's own read/write limit, checked before routing (``check_user_permissions``)."""
    if key is None or method == "OPTIONS":
        return
    if method in ("GET", "HEAD"):
        if key.permissions not in ("read", "read_write"):
            raise auth_error("The API key provided does not have read permissions.")
    elif method in ("POST", "PUT", "PATCH", "DELETE"):
        if key.permissions not in ("write", "read_write"):
            raise auth_error("The API key provided does not have write permissions.")
    else:
        raise auth_error("Unknown request method.")
