"""A model-checked store: hypothesis drives the HTTP API, a plain in-memory model says what a real
WooCommerce store would answer, and every answer is compared with it.

The model knows only what the reference describes: ids are sequential and never reused, failed
creates consume none; emails are unique case-insensitively, usernames too; generated usernames are
the email's local part (the domain for ``sales``, ``info``, …) with ``-NNNN`` on a collision;
REST-created users are ``customer``s whose display name is their username; administrators'
emails cannot change and administrators cannot be deleted, through the item route and in batches
alike (a batch runs each item's permission check; it skips only argument validation); lists filter
by role, search, email, include/exclude, sort by id, display name, registration date or include
order, and page with ``X-WP-Total`` / ``X-WP-TotalPages``.

The store's clock is frozen and moves one second per request, so registration dates differ between
requests; customers created by one batch share a second and then sort by id (backwards for desc).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.conftest import BASIC

VERSIONS = ("v1", "v2", "v3")
EMAILS = (
    "ana@example.org",
    "ANA@example.org",
    "bea@example.com",
    "caio@example.net",
    "sales@example.org",
    "info@shop.example",
    "dora.d@example.org",
    "eli@example.org",
    "fay@example.com",
    "gus@example.net",
    "hal_h@example.org",
    "customer@woocommercecoretestsuite.com",
    "admin@example.com",
    "not-an-email",
)
USERNAMES = ("zed", "Zoe", "ana", "bea.b", "bad!name", "ADMIN")
NAMES = ("Ana", "Bea", "Zoë", "", "Jane")
SEARCHES = ("ana", "example", "@example.org", "3", "4", "zz", "jane", "a-b", "ZOE")
GENERIC_LOCAL_PARTS = ("sales", "hello", "mail", "contact", "info")
PER_PAGE_MAX = 4


# ---------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    username: str
    display_name: str
    role: str
    registered: int  # seconds on the frozen clock
    first_name: str = ""
    last_name: str = ""


class Refused(Exception):
    """What a real store answers instead: status and error code."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(status, code)
        self.status, self.code = status, code


def is_email(value: str) -> bool:
    local, at, domain = value.partition("@")
    return bool(at and local and "." in domain and len(value) >= 6)


def fold(text: str) -> str:
    """utf8mb4_unicode_ci, as far as this test's names need: accent- and case-insensitive."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


class Shop:
    """What a real store holds: people by id, and the next id."""

    def __init__(self) -> None:
        self.people = {
            1: Person(1, "admin@example.com", "admin", "admin", "administrator", -2),
            2: Person(
                2, "customer@woocommercecoretestsuite.com", "customer", "Jane Smith", "subscriber", -1, "Jane", "Smith"
            ),
        }
        self.next_id = 3

    def by_email(self, email: str) -> Person | None:
        return next((p for p in self.people.values() if p.email.lower() == email.lower()), None)

    def username_taken(self, username: str) -> bool:
        return any(p.username.lower() == username.lower() for p in self.people.values())

    def generated_base(self, email: str) -> str:
        local, _, domain = email.partition("@")
        return (domain if local in GENERIC_LOCAL_PARTS else local).lower()

    def create(self, body: dict[str, Any], now: int) -> tuple[Person, str | None]:
        """The new person and, when the username is generated and its base is taken, that base."""
        email = body.get("email", "")
        if email and not is_email(email):
            raise Refused(400, "customer_invalid_email")
        if not email:
            raise Refused(400, "registration-error-invalid-email")
        if self.by_email(email):
            raise Refused(400, "registration-error-email-exists")
        suffixed_base = None
        username = body.get("username")
        if username is None:
            username = self.generated_base(email)
            if self.username_taken(username):
                suffixed_base = username
        elif not re.fullmatch(r"[A-Za-z0-9 _.\-@]+", username):
            raise Refused(400, "registration-error-invalid-username")
        elif self.username_taken(username):
            raise Refused(400, "registration-error-username-exists")
        person = Person(
            self.next_id,
            email,
            username,
            username,
            "customer",
            now,
            body.get("first_name", ""),
            body.get("last_name", ""),
        )
        self.next_id += 1
        return person, suffixed_base

    def add(self, person: Person) -> None:
        self.people[person.id] = person

    def update(self, customer_id: int, body: dict[str, Any], *, item_route: bool) -> Person:
        email = body.get("email")
        if item_route and email is not None and not is_email(email):
            raise Refused(400, "rest_invalid_param")
        current = self.people.get(customer_id)
        if current is None:
            raise Refused(404, "wc_user_invalid_id")
        if current.role == "administrator" and email is not None and email != current.email:
            raise Refused(403, "woocommerce_rest_cannot_edit")
        if email:
            owner = self.by_email(email)
            if owner is not None and email != current.email:
                raise Refused(400, "woocommerce_rest_customer_invalid_email")
            if not is_email(email):
                raise Refused(400, "customer_invalid_email")
        changed = replace(current, **{k: v for k, v in body.items() if k in ("email", "first_name", "last_name")})
        self.people[customer_id] = changed
        return changed

    def delete(self, customer_id: int, *, force: bool) -> Person:
        current = self.people.get(customer_id)
        if current is None:
            raise Refused(404, "wc_user_invalid_id")
        if current.role == "administrator":
            raise Refused(403, "woocommerce_rest_cannot_delete")
        if not force:
            raise Refused(501, "woocommerce_rest_trash_not_supported")
        return self.people.pop(customer_id)

    def listing(self, q: dict[str, Any]) -> tuple[int, list[int]]:
        """``X-WP-Total`` and the page's ids."""
        role, term, email = q["role"], q.get("search", "").lower(), q.get("email", "")
        include, exclude = q.get("include", []), q.get("exclude", [])

        def matches(p: Person) -> bool:
            if role != "all" and p.role != role:
                return False
            if email:
                return p.email.lower() == email.lower()
            if not term:
                return True
            if "@" in term:
                return term in p.email.lower()
            if term.isdigit():
                return term in p.username.lower() or int(term) == p.id
            nicename = re.sub(r"[\s.]+", "-", p.username.lower())
            return any(term in column.lower() for column in (p.username, p.email, nicename, p.display_name))

        keys = {  # the ORDER BY column, ties by id: desc is asc backwards, ties included (newest id first)
            "id": lambda p: p.id,
            "name": lambda p: fold(p.display_name),
            "registered_date": lambda p: p.registered,
            "include": lambda p: fold(p.username),
        }
        descending = q["order"] == "desc"
        if include:
            found = [self.people[i] for i in dict.fromkeys(include) if i in self.people and matches(self.people[i])]
            if q["orderby"] != "include":
                found = sorted(sorted(found, key=keys["id"]), key=keys[q["orderby"]])
                if descending:
                    found.reverse()
            elif descending:
                found.reverse()
        else:
            by_id = sorted((p for p in self.people.values() if matches(p)), key=keys["id"])
            found = [p for p in sorted(by_id, key=keys[q["orderby"]]) if p.id not in exclude]
            if descending:
                found.reverse()
        start = (q["page"] - 1) * q["per_page"]
        return len(found), [p.id for p in found[start : start + q["per_page"]]]


# ---------------------------------------------------------------------- the machine

customer_fields = st.fixed_dictionaries(
    {},
    optional={"first_name": st.sampled_from(NAMES), "last_name": st.sampled_from(NAMES)},
)
new_customers = st.fixed_dictionaries(
    {"email": st.sampled_from(EMAILS)},
    optional={"username": st.sampled_from(USERNAMES), "first_name": st.sampled_from(NAMES)},
)
changes = st.fixed_dictionaries(
    {},
    optional={
        "email": st.sampled_from(EMAILS),
        "first_name": st.sampled_from(NAMES),
        "last_name": st.sampled_from(NAMES),
    },
)


def error_code(response: Any) -> str:
    return response.json().get("code", "")


def predict(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The model's answer: a result, or the ``Refused`` a real store would answer instead."""
    try:
        return call(*args, **kwargs)
    except Refused as refused:
        return refused


class CustomersMachine(RuleBasedStateMachine):
    """Steps are HTTP requests; after each one, wcmock and the model must agree."""

    client: TestClient

    def __init__(self) -> None:
        super().__init__()
        self.shop = Shop()
        self.now = 0
        assert self.client.post("/__wcmock__/reset").status_code == 200
        assert self.client.post("/__wcmock__/clock", json={"freeze": "2026-01-01T00:00:00"}).status_code == 200

    def tick(self) -> int:
        self.now += 1
        assert self.client.post("/__wcmock__/clock", json={"advance": 1}).status_code == 200
        return self.now

    def some_id(self) -> st.SearchStrategy[int]:
        """Mostly a customer the store holds; sometimes one it never had or no longer has."""
        return st.one_of(
            st.sampled_from(sorted(self.shop.people)), st.integers(min_value=1, max_value=self.shop.next_id)
        )

    def expect_person(self, body: dict[str, Any], person: Person) -> None:
        got = {k: body[k] for k in ("id", "email", "username", "first_name", "last_name")}
        assert got == {
            "id": person.id,
            "email": person.email,
            "username": person.username,
            "first_name": person.first_name,
            "last_name": person.last_name,
        }

    def created(self, body: dict[str, Any], person: Person, suffixed_base: str | None) -> None:
        if suffixed_base is not None:  # the -NNNN suffix is random: take it from the answer
            assert re.fullmatch(re.escape(suffixed_base) + r"-\d{4}", body["username"]), body["username"]
            assert not self.shop.username_taken(body["username"])
            person = replace(person, username=body["username"], display_name=body["username"])
        self.expect_person(body, person)
        self.shop.add(person)

    # ------------------------------------------------------------------ rules

    @rule(version=st.sampled_from(VERSIONS), body=new_customers)
    def create(self, version: str, body: dict[str, Any]) -> None:
        now = self.tick()
        response = self.client.post(f"/wp-json/wc/{version}/customers", json=body)
        expected = predict(self.shop.create, body, now)
        if isinstance(expected, Refused):
            assert (response.status_code, error_code(response)) == (expected.status, expected.code)
            return
        person, suffixed_base = expected
        assert response.status_code == 201, response.text
        assert response.headers["location"].endswith(f"/wp-json/wc/{version}/customers/{person.id}")
        self.created(response.json(), person, suffixed_base)

    @rule(
        version=st.sampled_from(VERSIONS),
        data=st.data(),
        body=changes,
        method=st.sampled_from(["PUT", "PATCH", "POST"]),
    )
    def update(self, version: str, data: st.DataObject, body: dict[str, Any], method: str) -> None:
        customer_id = data.draw(self.some_id(), label="customer_id")
        self.tick()
        response = self.client.request(method, f"/wp-json/wc/{version}/customers/{customer_id}", json=body)
        expected = predict(self.shop.update, customer_id, body, item_route=True)
        if isinstance(expected, Refused):
            assert (response.status_code, error_code(response)) == (expected.status, expected.code)
            return
        person = expected
        assert response.status_code == 200, response.text
        self.expect_person(response.json(), person)

    @rule(version=st.sampled_from(VERSIONS), data=st.data())
    def recase_own_email(self, version: str, data: st.DataObject) -> None:
        """Only the letter case of one's own email changes: the lookup finds oneself, yet it is refused."""
        customer_id = data.draw(st.sampled_from(sorted(self.shop.people)), label="customer_id")
        body = {"email": self.shop.people[customer_id].email.swapcase()}
        self.tick()
        response = self.client.put(f"/wp-json/wc/{version}/customers/{customer_id}", json=body)
        expected = predict(self.shop.update, customer_id, body, item_route=True)
        if isinstance(expected, Refused):
            assert (response.status_code, error_code(response)) == (expected.status, expected.code)
            return
        person = expected
        assert response.status_code == 200, response.text
        self.expect_person(response.json(), person)

    @precondition(lambda self: len(self.shop.people) > 4)
    @rule(version=st.sampled_from(VERSIONS), data=st.data(), force=st.booleans())
    def delete(self, version: str, data: st.DataObject, force: bool) -> None:
        customer_id = data.draw(self.some_id(), label="customer_id")
        self.tick()
        response = self.client.delete(
            f"/wp-json/wc/{version}/customers/{customer_id}", params={"force": "true" if force else "false"}
        )
        expected = predict(self.shop.delete, customer_id, force=force)
        if isinstance(expected, Refused):
            assert (response.status_code, error_code(response)) == (expected.status, expected.code)
            return
        person = expected
        assert response.status_code == 200, response.text
        self.expect_person(response.json(), person)

    @initialize(
        usernames=st.lists(st.sampled_from(USERNAMES[:4]), unique=True, max_size=2),
        emails=st.lists(st.sampled_from([e for e in EMAILS if "@" in e]), min_size=3, max_size=7, unique=True),
    )
    def some_customers(self, usernames: list[str], emails: list[str]) -> None:
        creates = [{"email": email} for email in emails]
        for create, username in zip(creates, usernames, strict=False):
            create["username"] = username
        self.send_batch("v3", creates, [], [])

    @rule(
        version=st.sampled_from(VERSIONS),
        creates=st.lists(st.one_of(new_customers, customer_fields), max_size=3),
        data=st.data(),
    )
    def batch(self, version: str, creates: list[dict[str, Any]], data: st.DataObject) -> None:
        updates = data.draw(st.lists(st.tuples(self.some_id(), changes), max_size=2), label="updates")
        # the administrator too: the role rule refuses it, so their key survives
        deletes = data.draw(
            st.lists(self.some_id(), max_size=2 if len(self.shop.people) > 4 else 0),
            label="deletes",
        )
        self.send_batch(version, creates, updates, deletes)

    def send_batch(
        self, version: str, creates: list[dict[str, Any]], updates: list[tuple[int, dict[str, Any]]], deletes: list[int]
    ) -> None:
        now = self.tick()
        request = {
            "create": creates,
            "update": [{"id": target, **body} for target, body in updates],
            "delete": deletes,
        }
        response = self.client.post(f"/wp-json/wc/{version}/customers/batch", json=request)
        assert response.status_code == 200, response.text
        answer = response.json()
        if not (creates or updates or deletes):
            assert answer == []
            return
        assert set(answer) == {name for name, items in request.items() if items}
        for body, entry in zip(creates, answer.get("create", []), strict=True):
            expected = predict(self.shop.create, body, now)
            if isinstance(expected, Refused):
                assert entry == {
                    "id": 0,
                    "error": {
                        "code": expected.code,
                        "message": entry["error"]["message"],
                        "data": {"status": expected.status},
                    },
                }
                continue
            person, suffixed_base = expected
            self.created(entry, person, suffixed_base)
        outcomes = [
            (target, entry, predict(self.shop.update, target, body, item_route=False))
            for (target, body), entry in zip(updates, answer.get("update", []), strict=True)
        ]
        outcomes += [  # after the updates, as the store runs them
            (target, entry, predict(self.shop.delete, target, force=True))
            for target, entry in zip(deletes, answer.get("delete", []), strict=True)
        ]
        for target, entry, expected in outcomes:
            if isinstance(expected, Refused):
                assert (entry["id"], entry["error"]["code"], entry["error"]["data"]["status"]) == (
                    target,
                    expected.code,
                    expected.status,
                )
            else:
                self.expect_person(entry, expected)

    @rule(
        version=st.sampled_from(VERSIONS),
        role=st.sampled_from(["all", "customer", "all", "subscriber", "administrator"]),
        page=st.integers(min_value=1, max_value=3),
        per_page=st.integers(min_value=1, max_value=PER_PAGE_MAX),
        order=st.sampled_from(["asc", "desc"]),
        orderby=st.sampled_from(["id", "name", "registered_date", "include"]),
        filters=st.fixed_dictionaries(
            {},
            optional={
                "search": st.sampled_from(SEARCHES),
                "email": st.sampled_from([e for e in EMAILS if "@" in e]),
            },
        ),
        data=st.data(),
    )
    def list_customers(
        self,
        version: str,
        role: str,
        page: int,
        per_page: int,
        order: str,
        orderby: str,
        filters: dict[str, Any],
        data: st.DataObject,
    ) -> None:
        ids = st.lists(self.some_id(), min_size=1, max_size=4)
        filters = {**filters, **data.draw(st.fixed_dictionaries({}, optional={"include": ids, "exclude": ids}))}
        query = {"role": role, "page": page, "per_page": per_page, "order": order, "orderby": orderby, **filters}
        params = {k: ",".join(map(str, v)) if isinstance(v, list) else v for k, v in query.items()}
        response = self.client.get(f"/wp-json/wc/{version}/customers", params=params)
        assert response.status_code == 200, response.text
        total, ids = self.shop.listing(query)
        assert [c["id"] for c in response.json()] == ids, query
        assert response.headers["x-wp-total"] == str(total)
        assert response.headers["x-wp-totalpages"] == str(math.ceil(total / per_page))

    # ------------------------------------------------------------------ after every step

    @invariant()
    def store_holds_what_the_model_holds(self) -> None:
        response = self.client.get("/wp-json/wc/v3/customers", params={"role": "all", "orderby": "id", "per_page": 100})
        assert response.status_code == 200
        held = [
            (c["id"], c["email"], c["username"], c["first_name"], c["last_name"], c["role"]) for c in response.json()
        ]
        assert held == [
            (p.id, p.email, p.username, p.first_name, p.last_name, p.role)
            for p in sorted(self.shop.people.values(), key=lambda p: p.id)
        ]


@pytest.fixture
def api(e2e_app: Starlette) -> Iterator[TestClient]:
    with TestClient(e2e_app, base_url="http://testserver", headers=BASIC) as client:
        yield client


def test_wcmock_agrees_with_the_model(api: TestClient) -> None:
    CustomersMachine.client = api
    run_state_machine_as_test(
        CustomersMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=50,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
