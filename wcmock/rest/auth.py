"""Who is calling: WooCommerce's REST authentication, WordPress application passwords, and the
key's read/write permission.

Mirrors the ``determine_current_user`` chain of a real store: ``WC_REST_Authentication`` tries
Basic or query-string keys (HTTPS only on a stock store), then one-legged OAuth 1.0a; then WordPress
tries the Basic credentials as a username and application password
(``wp_validate_application_password``). An unknown Basic key is *not* an error while the site has
no application passwords (the request goes on anonymously and fails the route's permission check),
exactly as a real store answers. WooCommerce's errors win over WordPress's (its
``rest_authentication_errors`` filter runs first).

Store settings (``Settings``) change the transport around it: ``auth=False`` makes every
request the first administrator, ``strip_authorization`` drops the header as a misconfigured host
does, ``basic_auth_over_http=False`` makes Basic, query keys and application passwords HTTPS-only.

Whoever authenticates is returned as an :class:`ApiKey`; an application password or ``auth=False``
gives a key with no consumer key and ``read_write`` permission (WooCommerce limits only its own keys).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, unquote

from wcmock.errors import AuthenticationError, RestError
from wcmock.store import ApiKey, Store
from wcmock.users import User
from wcmock.wordpress import is_email

OAUTH_PARAMS = ("oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method")
OAUTH_WINDOW = 15 * 60
PERMISSIONS = ("read", "write", "read_write")
# wp_authenticate_application_password (wp-includes/user.php)
UNKNOWN_USERNAME = "<strong>Error:</strong> Unknown username. Check again or try your email address."
UNKNOWN_EMAIL = "<strong>Error:</strong> Unknown email address. Check again or try your username."
INVALID_APP_PASSWORD = "The provided password is an invalid application password."


def auth_error(message: str) -> RestError:
    return AuthenticationError(message)


class Credentials:
    """What the request carries, as the transport layer found it (a plain class, not a dataclass:
    ``@dataclass`` compiles its ``__init__`` at every start, a written one is in the bytecode cache)."""

    __slots__ = ("authorization", "form", "method", "query", "url")
    method: str
    url: str  # scheme, host and path as the store sees them, no query string
    query: Mapping[str, Any]
    form: Mapping[str, Any]
    authorization: str

    def __init__(
        self, method: str, url: str, query: Mapping[str, Any], form: Mapping[str, Any], authorization: str = ""
    ) -> None:
        self.method = method
        self.url = url
        self.query = query
        self.form = form
        self.authorization = authorization


def authenticate(store: Store, creds: Credentials, *, woocommerce: bool = True) -> ApiKey | None:
    """The key the request authenticates with, ``None`` for anonymous, or a 401 ``RestError``.

    ``woocommerce``: whether WooCommerce tries its keys at all (:func:`is_request_to_rest_api`);
    when it does not, only application passwords can authenticate.
    """
    settings = store.settings
    if not settings.auth:
        admin = store.users.first_administrator()
        return acting_as(admin, "auth off") if admin else None
    if settings.strip_authorization:
        creds.authorization = ""
    secure = creds.url.startswith("https://") or settings.basic_auth_over_http  # is_ssl()
    if woocommerce:
        key, error = _basic(store, creds) if secure else (None, None)
        if key:
            return key
        oauth_key = _oauth(store, creds)
        if oauth_key:
            return oauth_key
        if error:
            raise error
    user = _application_password(store, creds.authorization) if secure else None
    return acting_as(user, "application password") if user else None


def is_request_to_rest_api(request_uri: str) -> bool:
    """``WC_REST_Authentication::is_request_to_rest_api``: a plain substring test on the raw request
    URI (path and query), so ``/?rest_route=/wc/v3/…`` is not one, but ``…&x=wp-json/wc/`` is."""
    return "wp-json/wc/" in request_uri or "wp-json/wc-" in request_uri


def acting_as(user: User, how: str) -> ApiKey:
    """A caller that is a user, not a WooCommerce key: no key limit applies."""
    return ApiKey(consumer_key="", consumer_secret="", user_id=user.id, permissions="read_write", description=how)


def _basic(store: Store, creds: Credentials) -> tuple[ApiKey | None, RestError | None]:
    query = creds.query
    ck, cs = (query.get("consumer_key"), query.get("consumer_secret")) if query else (None, None)
    if not (isinstance(ck, str) and isinstance(cs, str) and ck and cs):
        ck, cs = basic_credentials(creds.authorization) or ("", "")
    if not ck:
        return None, None
    key = store.keys.get(ck)
    if key is None:
        return None, None
    if not hmac.compare_digest(key.consumer_secret.encode(), (cs or "").encode()):
        return None, auth_error("Consumer secret is invalid.")
    return key, None


Basic = tuple[str, str]  # a Basic header's user and password (``PHP_AUTH_USER``, ``PHP_AUTH_PW``)
Known = tuple[str, ApiKey, str]  # the consumer key named, the key found, the secret it had when it matched


def basic_known(store: Store, basic: Basic, key: ApiKey | None, url: str) -> Known | None:
    """What ``still_basic`` needs to let the same Basic credentials through again without checking
    them: given ``key``, what ``authenticate`` answered a request with these credentials, no query
    string and this ``url``, when it was the key they name, matched by its secret (as ``_basic``
    found it, the first way WooCommerce tries); else None."""
    ck, cs = basic
    if key is None or not ck or store.keys.get(ck) is not key or not _basic_allowed(store, url):
        return None
    secret = key.consumer_secret
    return (ck, key, secret) if hmac.compare_digest(secret.encode(), cs.encode()) else None


def still_basic(store: Store, known: Known, url: str) -> bool:
    """Whether ``authenticate`` answers a request with ``known``'s credentials (and no query string)
    with its key again: the settings still let Basic keys in at ``url``, the store still has that
    very key under that consumer key, and its secret is the string it was matched against (a
    changed secret is another string). A revoked or replaced key, or a setting changed, fails it."""
    ck, key, secret = known
    settings = store.settings  # ``_basic_allowed``, written out: every request with a known key asks
    return (
        settings.auth
        and not settings.strip_authorization
        and (settings.basic_auth_over_http or url.startswith("https://"))
        and store.keys.get(ck) is key
        and key.consumer_secret is secret
    )


def _basic_allowed(store: Store, url: str) -> bool:
    """Whether ``authenticate`` tries a Basic key first: auth on, the header kept, HTTPS or Basic over HTTP allowed."""
    settings = store.settings
    return (
        settings.auth
        and not settings.strip_authorization
        and (url.startswith("https://") or settings.basic_auth_over_http)
    )


@functools.lru_cache(maxsize=256)  # a client sends the same header with every request
def basic_credentials(header: str) -> Basic | None:
    """``PHP_AUTH_USER`` and ``PHP_AUTH_PW``: set only when the header is ``Basic`` with a colon."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, colon, password = base64.b64decode(token.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (user, password) if colon else None


def _application_password(store: Store, authorization: str) -> User | None:
    """``wp_authenticate_application_password``: the user, ``None`` (not tried), or a 401 ``RestError``."""
    found = basic_credentials(authorization)
    if found is None:
        return None
    username, password = found
    user: User | None = store.users.by_username(username)
    if user is None and is_email(username):
        user = store.users.by_email(username)
    if not ((user is not None and user.application_passwords) or _in_use(store)):
        return None  # WP_Application_Passwords::is_in_use(): nobody on the site has one yet
    if user is None:
        if is_email(username):
            raise RestError("invalid_email", UNKNOWN_EMAIL, 401)
        raise RestError("invalid_username", UNKNOWN_USERNAME, 401)
    given = normalize_application_password(password)
    if not any(hmac.compare_digest(given.encode(), known.encode()) for known in user.application_passwords):
        raise RestError("incorrect_password", INVALID_APP_PASSWORD, 401)
    return user


def _in_use(store: Store) -> bool:
    return any(user.application_passwords for user in store.users)


def normalize_application_password(password: str) -> str:
    """WordPress drops everything but ASCII letters and digits, so the grouping spaces are optional."""
    return re.sub(r"[^a-z\d]", "", password, flags=re.IGNORECASE | re.ASCII)


def application_passwords_from(value: Any) -> tuple[str, ...]:
    """A fixture's ``application_passwords``: strings, or objects with a ``password`` (and a ``name``)."""
    if not isinstance(value, list):
        raise ValueError("application_passwords must be a list")
    out = []
    for item in value:
        password = item.get("password") if isinstance(item, dict) else item
        if not isinstance(password, str) or not normalize_application_password(password):
            raise ValueError(f"application password {item!r}: needs letters or digits")
        out.append(normalize_application_password(password))
    return tuple(out)


def _oauth(store: Store, creds: Credentials) -> ApiKey | None:
    if not (creds.query or creds.form or creds.authorization[:6].lower() == "oauth "):
        return None  # nothing could carry an OAuth parameter
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
            pairs += _joined({str(index): item for index, item in enumerate(value)}, name)
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
        store.lock.changed()  # the same request is refused next time: nothing before it may be given again


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


# ---------------------------------------------------------------------------- configuring keys


def api_key_from(spec: ApiKey | str | Mapping[str, Any]) -> ApiKey:
    """A key from ``CK:CS[:USER_ID[:PERMISSION]]``, a fixture's mapping, or an ``ApiKey``.

    ``user_id`` 0 (the default) means "the first administrator", resolved by :func:`install_keys`;
    ``permissions`` defaults to ``read_write``.
    """
    if isinstance(spec, ApiKey):
        key = ApiKey(spec.consumer_key, spec.consumer_secret, spec.user_id, spec.permissions, spec.description)
    elif isinstance(spec, str):
        parts = spec.split(":")
        if len(parts) < 2 or len(parts) > 4 or not all(parts[:2]):
            raise ValueError(f"API key {_masked_spec(spec)!r}: use CK:CS[:USER_ID[:PERMISSION]]")
        user = parts[2] if len(parts) > 2 and parts[2] else "0"
        if not user.isdigit():
            raise ValueError(f"API key {parts[0]!r}: the user id must be a number, not {user!r}")
        key = ApiKey(parts[0], parts[1], int(user), parts[3] if len(parts) > 3 else "read_write")
    elif isinstance(spec, Mapping):
        unknown = set(spec) - {"consumer_key", "consumer_secret", "user_id", "permissions", "description"}
        if unknown:
            raise ValueError(f"unknown API key field(s): {', '.join(sorted(unknown))}")
        if not spec.get("consumer_key") or not spec.get("consumer_secret"):
            raise ValueError("an API key needs a consumer_key and a consumer_secret")
        key = ApiKey(
            str(spec["consumer_key"]),
            str(spec["consumer_secret"]),
            int(spec.get("user_id") or 0),
            str(spec.get("permissions", "read_write")),
            str(spec.get("description", "")),
        )
    else:
        raise TypeError(f"an API key is a 'CK:CS[:USER_ID[:PERMISSION]]' string, a mapping or an ApiKey, not {spec!r}")
    if key.permissions not in PERMISSIONS:
        raise ValueError(f"API key {key.consumer_key!r}: permissions must be one of {', '.join(PERMISSIONS)}")
    return key


def install_keys(store: Store, specs: Iterable[ApiKey | str | Mapping[str, Any]]) -> list[ApiKey]:
    """Add keys to the store; a key without an owner belongs to the first administrator."""
    added = []
    for spec in specs:
        key = api_key_from(spec)
        if key.user_id == 0:
            admin_user = store.users.first_administrator()
            admin = admin_user.id if admin_user is not None else None
            if admin is None:
                raise ValueError(f"API key {key.consumer_key!r} needs a user_id: the store has no administrator")
            key.user_id = admin
        elif store.users.lookup(key.user_id) is None:
            raise ValueError(f"API key {key.consumer_key!r}: no user with id {key.user_id}")
        added.append(store.add_key(key))
    return added


def _masked_spec(spec: str) -> str:
    ck, _, rest = spec.partition(":")
    return f"{ck}:***" if rest else ck
