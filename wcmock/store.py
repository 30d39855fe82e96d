"""The store shell: what WordPress shares between resources, and the resources' backends.

A :class:`Store` holds the settings, the clock, one seeded ``Random``, the lock every command runs
under, the id sequences (WordPress's shared post ids among them), the users table and API keys, the
listeners told of every change, and ``{resource name: backend}``. It names no resource: each
resource makes its backend on first use (``store.backend(name, factory)``), so adding one never
touches this file. Knows nothing of HTTP.

``capture``/``restore`` walk the users, keys, sequences and every backend; ``reset()`` returns to
the state construction left (``setup`` runs inside the constructor, so there is nothing to
remember), or to the ``initial`` state another store shares.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from wcmock.clock import Clock
from wcmock.records import Record, immutable
from wcmock.settings import Settings
from wcmock.users import Users, UsersState

log = logging.getLogger("wcmock")


class Backend(Protocol):
    """A resource's state and rules. ``capture`` returns something ``restore`` takes back; what a
    captured state holds is never changed afterwards (copy before changing a shared record)."""

    def capture(self) -> Any: ...

    def restore(self, state: Any) -> None: ...


B = TypeVar("B", bound=Backend)


class ChangeLock:
    """The store's lock, counting the changes it guards.

    Every command runs under this lock, so taking it is the one sign every change gives, whatever
    made it (a REST write, the control API, a test's ``add_customer``, a webhook delivery, a
    ``load``): each acquisition counts one change in ``changes``. The one exception is ``read``, how
    the transport takes it for a GET it answers on the loop: what that request takes inside it
    (nested, on the same thread) counts nothing. A read that changes the store all the same (a
    v1/v2 read caching a customer's order numbers in user meta, as WooCommerce does) says so with
    ``changed``. wcmock's answer cache keeps an answer only while ``changes`` stays where it was.
    """

    __slots__ = ("_lock", "_reading", "changes")

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._reading = False
        self.changes = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if not self._lock.acquire(blocking, timeout):
            return False
        if not self._reading:
            self.changes += 1
        return True

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        # ``acquire()`` written out, without its call: every command takes the lock (a create three times)
        self._lock.acquire()
        if not self._reading:
            self.changes += 1
        return True

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def read(self) -> bool:
        """Take the lock for a read if it is free (never waits): nothing taken inside counts."""
        if not self._lock.acquire(blocking=False):
            return False
        self._reading = True
        return True

    def end_read(self) -> None:
        self._reading = False
        self._lock.release()

    def changed(self) -> None:
        """Count a change made while the lock is held for a read."""
        self.changes += 1


Listener = Callable[[str, str, Any], None]  # (topic resource, event, record): ("customer", "created", c)


@dataclass(slots=True, repr=False, eq=False)
class ApiKey(Record):
    """A WooCommerce REST key: who it acts as and what it may do (``read``, ``write``, ``read_write``)."""

    consumer_key: str
    consumer_secret: str
    user_id: int
    permissions: str = "read_write"
    description: str = ""


class Sequences:
    """Auto-increment counters by name, as WordPress's tables keep them.

    ``posts`` is WordPress's one post-id sequence: products, orders (and, with HPOS, the
    placeholder post an order or a refund reserves its id with) and refunds all draw from it.
    ``users`` and ``usermeta`` number users and their meta rows; each resource may add its own.
    A counter starts at 1 unless a fixture's ``sequences`` says otherwise.
    """

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, name: str) -> int:
        """The next id of ``name``, used up."""
        value = self._next.get(name, 1)
        self._next[name] = value + 1
        return value

    def peek(self, name: str) -> int:
        """The id ``take`` would hand out next."""
        return self._next.get(name, 1)

    def at_least(self, name: str, value: int) -> None:
        """Make sure ``take`` hands out ``value`` or more (after a record with an explicit id)."""
        self._next[name] = max(self.peek(name), value)

    def capture(self) -> dict[str, int]:
        return dict(self._next)

    def restore(self, state: dict[str, int]) -> None:
        self._next = dict(state)


@immutable
class StoreState:
    """A captured store: ``Store.restore`` puts it back, and ``Store(initial=...)`` starts from it."""

    users: UsersState
    keys: dict[str, ApiKey]
    sequences: dict[str, int]
    random_state: Any
    backends: dict[str, tuple[Callable[[Store], Any], Any]] = field(default_factory=dict)  # name: (factory, state)


class Store:
    """One shop. Thread-safe: commands run under ``lock`` (which counts them); lookups are dictionary hits."""

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        seed: int = 0,
        clock: Clock | None = None,
        setup: Callable[[Store], None] | None = None,
        initial: StoreState | None = None,
    ) -> None:
        """``setup`` fills the new store (fixtures, keys); the state it leaves is what ``reset()``
        returns to. ``initial`` starts from another store's captured state instead (sharing its
        records, copying none)."""
        self.settings = settings or Settings()
        self.seed = seed
        self.lock = ChangeLock()
        self.clock = clock or Clock()
        self.random = random.Random(seed)  # the store's one source of randomness: passwords, secrets
        self.users = Users()
        self.ids = Sequences()
        self.keys: dict[str, ApiKey] = {}
        self.nonces: dict[str, dict[str, float]] = {}
        self.fixture_faults: list[dict[str, Any]] = []  # faults a fixture asks for, armed again on every reset
        self.listeners: list[Listener] = []
        self._backends: dict[str, Any] = {}
        self._factories: dict[str, Callable[[Store], Any]] = {}
        self._fresh: dict[str, Any] = {}  # each backend's state as its construction left it
        if initial is not None:
            self._initial = initial
            self.restore(initial)
        else:
            if setup is not None:
                with self.lock:
                    setup(self)
            self._initial = self.capture()

    # ------------------------------------------------------------------ shared facts

    def now(self) -> datetime:
        """The clock's moment to the second, as WordPress stores dates (``Clock.now_second``)."""
        return self.clock.now_second()

    def next_post_id(self) -> int:
        """WordPress's next post id (``wp_posts``): products, orders, refunds and placeholders share it."""
        return self.ids.take("posts")

    def __len__(self) -> int:
        """How many users the site has."""
        return len(self.users)

    def __iter__(self) -> Iterator[Any]:
        """Every user, to read (see ``Users.lookup``)."""
        return iter(self.users)

    def add_key(self, key: ApiKey) -> ApiKey:
        with self.lock:
            self.keys[key.consumer_key] = key
            return key

    def announce(self, topic: str, event: str, record: Any) -> None:
        """Tell the listeners (webhooks) that a ``topic`` record ("customer") was ``event``
        ("created", "updated", "deleted"). Called under the lock, after the change is made."""
        for listener in self.listeners:
            try:
                listener(topic, event, record)
            except Exception:  # a listener's bug must not undo or fail the change itself
                log.exception("wcmock: a %s.%s listener failed", topic, event)

    # ------------------------------------------------------------------ backends

    def backend(self, name: str, factory: Callable[[Store], B]) -> B:
        """The backend of resource ``name``, made by ``factory(store)`` on first use."""
        found = self._backends.get(name)
        if found is None:
            with self.lock:
                found = self._backends.get(name)
                if found is None:
                    found = self._backends[name] = factory(self)
                    self._factories[name] = factory
                    self._fresh[name] = found.capture()
        backend: B = found
        return backend

    def find_backend(self, name: str) -> Any:
        """The backend of resource ``name`` if it was made, else None: how one resource reads
        another's answers without importing it (orders read products, customers their orders)."""
        return self._backends.get(name)

    # ------------------------------------------------------------------ state

    @property
    def initial(self) -> StoreState:
        """What ``reset()`` returns to; ``Store(initial=store.initial)`` shares it with a new store."""
        return self._initial

    def amend_initial(self, setup: Callable[[Store], None]) -> None:
        """Run ``setup`` (more keys, say) and make the state it leaves the one ``reset()`` returns to."""
        with self.lock:
            setup(self)
            self._initial = self.capture()

    def capture(self) -> StoreState:
        """The whole state, cheaply: records are shared, never copied; backends copy before changing one."""
        with self.lock:
            return StoreState(
                self.users.capture(),
                dict(self.keys),
                self.ids.capture(),
                self.random.getstate(),
                {name: (self._factories[name], b.capture()) for name, b in self._backends.items()},
            )

    def restore(self, state: StoreState) -> None:
        """Put a captured state back; a backend the state does not know goes back to as it was made."""
        with self.lock:
            self.users.restore(state.users)
            self.keys = dict(state.keys)
            self.ids.restore(state.sequences)
            self.random.setstate(state.random_state)
            self.nonces = {}
            for name, (factory, _) in state.backends.items():
                self.backend(name, factory)
            for name, backend in self._backends.items():
                backend.restore(state.backends[name][1] if name in state.backends else self._fresh[name])

    def reset(self) -> None:
        """Back to the state construction (or ``amend_initial``) left."""
        self.restore(self._initial)
