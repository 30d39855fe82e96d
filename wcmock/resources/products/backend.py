"""The products backend: the store's products and product terms, and what changes them.

Knows nothing of HTTP. Every command validates completely before it writes (the rules are in
:mod:`rules`), so a failed request leaves nothing behind; callers hold the store's lock. Ids come
from the store shell: products, order placeholders and refunds share WordPress's post-id sequence,
and all taxonomies share the term-id sequence, so the backend never numbers anything itself.
State is one :class:`ProductsState`; ``capture`` and ``restore`` copy its dicts, never its records.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, tzinfo
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from wcmock.errors import RestError
from wcmock.resources.products import rules
from wcmock.resources.products.models import (
    DEFAULT_CATEGORY_ID,
    PLACEHOLDER_IMAGE_ID,
    Meta,
    Product,
    ProductsState,
    StockChange,
    Term,
    same_but_modified,
)
from wcmock.resources.products.text import sanitize_title

if TYPE_CHECKING:
    from wcmock.resources.products.query import OrderedIndex, ProductQuery, SetIndex
    from wcmock.resources.products.related import RelatedIndex
    from wcmock.store import Store

NAME = "products"  # the backend's key in the store shell
TOPIC = "product"  # the webhook resource its changes are announced as

# wp_unique_post_slug refuses these as they are (a set: every product's slug is looked up in it)
FEED_SLUGS = frozenset({"feed", "rdf", "rss", "rss2", "atom", "embed"})

# Change serials, unique across every backend of the process (a rebuilt backend never repeats one), so
# a rendering can say what it read: ``serial`` moves on every product change, ``slugs_serial`` on
# every change of which product holds which slug (an ``edit`` answer's ``generated_slug`` reads
# them), ``terms_serial`` on every term change (a category's name shows in its products' answers).
_SERIALS = itertools.count(1)


class Services(Protocol):
    """What the products backend takes from the store shell (:class:`StoreServices` in a store)."""

    @property
    def random(self) -> random.Random: ...
    @property
    def timezone(self) -> tzinfo: ...

    def now(self) -> datetime: ...
    def next_post_id(self) -> int: ...
    def next_term_id(self) -> int: ...
    def next_meta_id(self) -> int: ...
    def reserve(self, sequence: str, taken: int) -> None: ...
    def announce(self, event: str, product: Product) -> None: ...


class StoreServices:
    """The shell's shared facts as the products backend uses them: WordPress's post ids (shared with
    orders and refunds), term ids (all taxonomies), post meta ids, the clock, the Random, webhooks."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # the shell's own methods, bound once (every write reads the clock and most take a post id)
        self.now: Callable[[], datetime] = store.now
        self.next_post_id: Callable[[], int] = store.next_post_id
        # every write announces itself: the shell's, with the topic bound (no frame of its own)
        self.announce: Callable[[str, Product], None] = partial(store.announce, TOPIC)

    @property
    def random(self) -> random.Random:
        return self.store.random

    @property
    def timezone(self) -> tzinfo:
        return self.store.settings.timezone

    def next_term_id(self) -> int:
        return self.store.ids.take("terms")

    def next_meta_id(self) -> int:
        return self.store.ids.take("postmeta")

    def reserve(self, sequence: str, taken: int) -> None:
        """An explicit id (a fixture's) is used: the sequence (``posts``, ``terms``) moves past it."""
        self.store.ids.at_least(sequence, taken + 1)


def invalid_id(status: int = 400, message: str = "Invalid ID.") -> RestError:
    return RestError("woocommerce_rest_product_invalid_id", message, status)


def uncategorized() -> Term:
    return Term(DEFAULT_CATEGORY_ID, "Uncategorized", "uncategorized")


class ProductsBackend:
    """Products, their terms and the related-products cache of one store."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.state = ProductsState(terms={DEFAULT_CATEGORY_ID: uncategorized()})
        # derived from the state, never part of a snapshot: emptied on restore. Made at first use,
        # with the modules of lists (query) and related products: a start that loads a few products
        # imports neither (~4 ms of a cold start), and an index made late is an index not built yet
        self._index: OrderedIndex | None = None
        self._sets: SetIndex | None = None
        self._related_index: RelatedIndex | None = None
        self._texts: dict[int, str] = {}  # folded search text per product, made on first search
        self._on_sale: set[int] | None = None
        self._suffix_hint: dict[str, int] = {}  # slug -> lowest suffix that may be free
        # product id -> (its record, a self-contained body that saved it unchanged, the slugs' serial then)
        self._unchanging: dict[int, tuple[Product, tuple[Any, ...], int]] = {}
        # the last product created from a body of rules.LIKE_CREATED keys, and that body's create_key
        self._last_created: tuple[tuple[Any, ...], Product] | None = None
        # the last product created and the record it was made like (``rules.created_like``: the two
        # differ in ``views.VARYING`` alone), else None: what a rendering made from the one before
        # need not compare again (``rendering.filled``)
        self.made_like: tuple[Product, Product] | None = None
        self._bits: Callable[[int], int] | None = None  # ``related_bits``, once asked for
        self.serial = next(_SERIALS)
        self.slugs_serial = next(_SERIALS)
        self.terms_serial = next(_SERIALS)

    # ------------------------------------------------------------------ state

    def capture(self) -> ProductsState:
        return self.state.copy()

    def restore(self, state: ProductsState) -> None:
        """The state put back; the serials of what it puts back unchanged stay (a reset to a store
        whose terms and slugs are as they were keeps the renderings that read them)."""
        terms_kept, slugs_kept = state.terms == self.state.terms, state.slugs == self.state.slugs
        self.state = state.copy()
        for derived in self._derived():
            derived.clear()
        self._texts.clear()
        self._on_sale = None
        self._suffix_hint.clear()
        self._unchanging.clear()
        self._last_created = None
        self.made_like = None
        self.serial = next(_SERIALS)
        if not slugs_kept:
            self.slugs_serial = next(_SERIALS)
        if not terms_kept:
            self.terms_serial = next(_SERIALS)

    def __len__(self) -> int:
        return len(self.state.products)

    @property
    def index(self) -> OrderedIndex:
        """The lists' orderings, each built at the first list ordered by it."""
        if self._index is None:
            from wcmock.resources.products.query import OrderedIndex

            self._index = OrderedIndex()
        return self._index

    @property
    def sets(self) -> SetIndex:
        """The lists' filters by term, type and status, each built at its first use."""
        if self._sets is None:
            from wcmock.resources.products.query import SetIndex

            self._sets = SetIndex()
        return self._sets

    @property
    def related_index(self) -> RelatedIndex:
        """The related products' candidates per term, built at the first related read."""
        if self._related_index is None:
            from wcmock.resources.products.related import RelatedIndex

            self._related_index = RelatedIndex()
        return self._related_index

    def _derived(self) -> Iterator[OrderedIndex | SetIndex | RelatedIndex]:
        """The indexes made so far (those not made have nothing to follow)."""
        return (kept for kept in (self._index, self._sets, self._related_index) if kept is not None)

    def __iter__(self) -> Iterator[Product]:
        return iter(list(self.state.products.values()))

    def announce(self, event: str, product: Product) -> None:
        self.services.announce(event, product)

    # ------------------------------------------------------------------ reading

    def get(self, product_id: int) -> Product | None:
        """The product in any status (trash too); ``None`` when there is none or it was force-deleted."""
        return self.state.products.get(product_id)

    def by_sku(self, sku: str) -> Product | None:
        """``wc_get_product_id_by_sku``: a non-trashed product or variation with this SKU, any case."""
        if not sku:
            return None
        for product_id in self.state.skus.get(sku.casefold(), ()):
            product = self.state.products[product_id]
            if product.status != "trash":
                return product
        return None

    def permalink(self, product: Product, home: str) -> str:
        if product.status in ("publish", "private") and product.slug:
            return f"{home}/product/{product.slug}/"
        return f"{home}/?post_type=product&p={product.id}"

    def query(self, q: ProductQuery) -> tuple[int, list[Product]]:
        from wcmock.resources.products.query import select

        products = self.state.products
        return select(
            products,
            q,
            on_sale_ids=self.on_sale_ids,
            ordered=lambda orderby: self.index.get(orderby, products),
            sets=self.sets,
            text=self._search_text,
        )

    def _search_text(self, product: Product) -> str:
        text = self._texts.get(product.id)
        if text is None:
            from wcmock.resources.products.query import search_text

            text = self._texts[product.id] = search_text(product)
        return text

    def on_sale_ids(self) -> set[int]:
        """``wc_get_product_ids_on_sale()``: published products whose stored price is their sale price.

        WooCommerce caches the list in a transient that every product save deletes; so does this.
        """
        if self._on_sale is None:
            ids: set[int] = set()
            for p in self.state.products.values():
                if p.status == "publish" and p.sale_price and p.price == p.sale_price:
                    ids.add(p.id)
                    if p.parent_id:
                        ids.add(p.parent_id)
            self._on_sale = ids
        return self._on_sale

    def related_ids(self, product: Product) -> list[int]:
        """``wc_get_related_products``: computed at the first read and cached for good, shuffled each time."""
        from wcmock.resources.products.related import pick

        return list(pick(self.related_pool(product), self.services.random.getrandbits))

    def related_pool(self, product: Product) -> tuple[int, ...]:
        """The related products' candidates, kept once computed (``wc_related_{id}``)."""
        cached = self.state.related.get(product.id)
        if cached is None:
            cached = self.state.related[product.id] = self._related_candidates(product)
        return cached

    def related_bits(self) -> Callable[[int], int]:
        """What each answer's related ids are drawn with (``related.pick``): the store's Random's,
        kept (the shell's Random is one object for the store's life; a reset sets its state)."""
        bits = self._bits
        if bits is None:
            bits = self._bits = self.services.random.getrandbits
        return bits

    def _related_candidates(self, product: Product) -> tuple[int, ...]:
        """The first published, catalogue-visible products (by id) sharing a category or tag with it.

        Read from the kept per-term id lists, so a new product's first answer walks neither the
        catalogue nor its category."""
        categories, tags = product.category_ids, product.tag_ids
        if not tags and len(categories) == 1:  # one category, no tags: most products
            return self.related_index.first_of(categories[0], self.state.products, other_than=product.id)
        terms = (*categories, *tags)
        if not terms:
            return ()
        return self.related_index.first(terms, self.state.products, other_than=product.id)

    # ------------------------------------------------------------------ the rules' questions (rules.Catalogue)

    def sku_holder(self, sku: str, *, other_than: int) -> int | None:
        for product_id in self.state.skus.get(sku.casefold(), ()):
            if product_id != other_than and self.state.products[product_id].status != "trash":
                return product_id
        return None

    def trashed_sku_holder(self, sku: str) -> int | None:
        for product_id in self.state.skus.get(sku.casefold(), ()):
            if self.state.products[product_id].status == "trash":
                return product_id
        return None

    def unique_slug(self, slug: str, product_id: int) -> str:
        """``wp_unique_post_slug`` among products: ``-2``, ``-3``, … until no other product has it."""
        holder = self.state.slugs.get(slug)
        if (holder is None or holder == product_id) and slug not in FEED_SLUGS:
            return slug
        suffix = self._suffix_hint.get(slug, 2)  # every suffix below the hint is taken
        while True:
            candidate = f"{slug[: 200 - len(str(suffix)) - 1]}-{suffix}"
            holder = self.state.slugs.get(candidate)
            if holder is None or holder == product_id:
                if len(slug) < 190:
                    self._suffix_hint[slug] = suffix
                return candidate
            suffix += 1

    def known_terms(self, ids: list[int], taxonomy: str) -> list[int]:
        terms = self.state.terms
        return [i for i in ids if i in terms and terms[i].taxonomy == taxonomy]

    def tag_by_name(self, name: str) -> int:
        for term in self.state.terms.values():
            if term.taxonomy == "product_tag" and term.name == name:
                return term.id
        return self.add_term(name, taxonomy="product_tag").id

    def is_image(self, attachment_id: int) -> bool:
        return attachment_id == PLACEHOLDER_IMAGE_ID

    def next_meta_id(self) -> int:
        return self.services.next_meta_id()

    def new_uuid(self) -> str:
        return rules.new_uuid(self.services.random)

    # ------------------------------------------------------------------ writing

    def create(self, data: dict[str, Any], *, insert_first: bool = False) -> Product:
        """A new product from a sanitised body; the post id is taken once the checks have passed.

        ``insert_first`` is v1's order (the post is written before the SKU is set, so a failure still
        uses up an id). A SKU held only by a trashed product passes the check but the lookup table
        refuses it after the insert: the id is used up too (v2/v3; v1's second save is an update).
        """
        now = self.services.now()
        key = rules.create_key(data)
        shape = (key, insert_first)
        like = self._last_created
        if key is not None and like is not None and like[0] == shape:
            # the body the last product was made of but for its name and SKU: made as that one was
            product_id = self.services.next_post_id() if insert_first else 0
            previous = like[1]
            product = rules.created_like(previous, data, self, product_id=product_id, now=now)
        else:
            previous = None
            draft = Product(id=0, name="", date_created=now, date_modified=now, status="publish")
            if insert_first:
                draft = draft.evolve(id=self.services.next_post_id())
            product = rules.apply_changes(
                draft, data, self, now=now, site_tz=self.services.timezone, default_name="Product"
            )
        # ``product`` is apply_changes' new record, not yet stored or shared: set in place
        if not insert_first:
            product.id = self.services.next_post_id()
            sku = product.sku  # held by none (a new SKU: most creates), it is held by no trashed product
            if sku and sku.casefold() in self.state.skus and self.trashed_sku_holder(sku) is not None:
                raise RestError(
                    "woocommerce_rest_product_not_created",
                    f"The product with SKU ({product.sku}) you are trying to insert is already present in "
                    "the lookup table",
                    400,
                )
        if not product.category_ids:
            product.category_ids = (DEFAULT_CATEGORY_ID,)
        self._put(None, product)
        # a product made like one that may be ``previous`` may be too (it has the same sale dates)
        liked = key is not None and (previous is not None or rules.like_created(product))
        self._last_created = (shape, product) if liked else None
        self.made_like = None if previous is None else (product, previous)
        self.services.announce("created", product)
        return product

    def update(self, product_id: int, data: dict[str, Any]) -> Product:
        """A partial update; every successful save refreshes ``date_modified``, even an empty one."""
        old = self.get(product_id)
        if old is None:
            raise invalid_id()
        now = self.services.now()
        key = rules.self_contained(data)
        known = False  # whether the memo holds this very record, body and serial already
        if key is not None and self._unchanging.get(product_id) == (old, key, self.slugs_serial):
            # this body changed nothing of this very record before, and nothing it reads has moved
            # since (``rules.SELF_CONTAINED``): it changes nothing again but the date
            known = old.date_modified == now
            product = old if known else old.evolve(date_modified=now)
        else:
            product = rules.apply_changes(old, data, self, now=now, site_tz=self.services.timezone)
            if not product.category_ids:
                product.category_ids = (DEFAULT_CATEGORY_ID,)  # apply_changes' new record, not yet stored
            if not same_but_modified(old, product):
                key = None
            elif old.date_modified == product.date_modified:
                product = old  # saved within the second it was last saved, with nothing else changed: as it was
        if product is not old:
            self._put(old, product)
        if key is not None and not known:
            self._unchanging[product_id] = (product, key, self.slugs_serial)
        self.services.announce("updated", product)
        return product

    def trash(self, product_id: int) -> Product:
        """``wp_trash_post``: status ``trash``, the slug renamed ``…__trashed``, WordPress's three meta rows."""
        old = self.get(product_id)
        if old is None:
            raise invalid_id(404)
        if old.status == "trash":
            raise RestError("woocommerce_rest_already_trashed", "The product has already been deleted.", 410)
        now = self.services.now()
        rows = (
            Meta(self.next_meta_id(), "_wp_trash_meta_status", old.status),
            Meta(self.next_meta_id(), "_wp_trash_meta_time", str(int(now.timestamp()))),
            Meta(self.next_meta_id(), "_wp_desired_post_slug", old.slug),
        )
        slug = old.slug if old.slug.endswith("__trashed") else self.unique_slug(f"{old.slug[:191]}__trashed", old.id)
        product = old.evolve(status="trash", slug=slug, meta=old.meta + rows, date_modified=now)
        self._put(old, product)
        self.announce("deleted", product)
        return product

    def delete(self, product_id: int) -> Product:
        """Permanent delete; the id is never given out again (the shell's sequence moves on)."""
        old = self.get(product_id)
        if old is None:
            raise invalid_id(404)
        self._put(old, None)
        self.state.related.pop(product_id, None)
        return old

    def add(self, product: Product) -> Product:
        """Put a ready-made record in (fixtures); the post sequence moves past its id."""
        self.services.reserve("posts", product.id)
        self._put(self.get(product.id), product)
        return product

    def change_stock(self, product_id: int, delta: int) -> StockChange | None:
        """``wc_update_product_stock`` by ``delta``, then the product's save (status, date, webhook)."""
        old = self.get(product_id)
        if old is None or not old.manage_stock:
            return None
        before = old.stock_quantity or 0
        now = self.services.now()
        if old.type == "simple":
            # what ``apply_changes`` makes of ``{"stock_quantity": n}`` for a managed simple product:
            # its stock props say manage_stock and stock_status as they are, then the save (slug,
            # stock status, date); its walk over every other prop (~2 us) finds nothing sent
            product = rules._save(old, {"stock_quantity": before + delta}, self, now=now)
        else:  # a variable product's prices are cleared by the rules on every save
            product = rules.apply_changes(
                old, {"stock_quantity": before + delta}, self, now=now, site_tz=self.services.timezone
            )
        self._put(old, product)
        self.announce("updated", product)
        return StockChange(product.id, product.formatted_name, before, product.stock_quantity or 0)

    def record_sales(self, product_id: int, delta: int) -> None:
        """``update_product_sales``: ``total_sales`` moves by ``delta``; no save, no event."""
        old = self.get(product_id)
        if old is not None:
            self._put(old, old.evolve(total_sales=old.total_sales + delta))

    def _put(self, old: Product | None, new: Product | None) -> None:
        state = self.state
        same = old is not None and new is not None and old.id == new.id
        # a save keeping its SKU (held by it alone) or its slug leaves that lookup as it is
        keeps_sku = same and old.sku == new.sku and state.skus.get(old.sku.casefold()) == (old.id,)  # type: ignore[union-attr]
        keeps_slug = same and old.slug == new.slug and state.slugs.get(old.slug) == old.id  # type: ignore[union-attr]
        if old is not None:
            if old.sku and not keeps_sku:
                holders = tuple(i for i in state.skus.get(old.sku.casefold(), ()) if i != old.id)
                if holders:
                    state.skus[old.sku.casefold()] = holders
                else:
                    state.skus.pop(old.sku.casefold(), None)
            if old.slug and not keeps_slug and state.slugs.get(old.slug) == old.id:
                del state.slugs[old.slug]
                base, dash, number = old.slug.rpartition("-")
                if dash and number.isdigit() and base in self._suffix_hint:
                    self._suffix_hint[base] = min(self._suffix_hint[base], int(number))
            if new is None or new.id != old.id:  # a changed copy takes the old one's place in one step:
                del state.products[old.id]  # reads take no lock, and must never find neither
        if new is not None:
            state.products[new.id] = new
            if new.sku and not keeps_sku:
                key = new.sku.casefold()
                state.skus[key] = (*state.skus.get(key, ()), new.id)
            if new.slug and not keeps_slug:
                state.slugs[new.slug] = new.id
        if old is None or new is None or old.slug != new.slug:
            self.slugs_serial = next(_SERIALS)
        for derived in (self._index, self._sets, self._related_index):  # those made so far
            if derived is not None:
                derived.changed(old, new)
        if old is not None:
            self._texts.pop(old.id, None)
            if new is None:  # nothing of a deleted product is kept
                self._unchanging.pop(old.id, None)
                if self._last_created is not None and self._last_created[1].id == old.id:
                    self._last_created = None
        self._on_sale = None
        self.serial = next(_SERIALS)

    # ------------------------------------------------------------------ terms

    def add_term(
        self, name: str, *, taxonomy: str = "product_cat", slug: str = "", term_id: int | None = None, **fields: Any
    ) -> Term:
        """A new term with the shell's next term id (or ``term_id``) and a slug unique in its taxonomy."""
        base = sanitize_title(slug or name)
        taken = {t.slug for t in self.state.terms.values() if t.taxonomy == taxonomy}
        unique, suffix = base, 2
        while unique in taken:
            unique, suffix = f"{base}-{suffix}", suffix + 1
        if term_id is not None:
            if term_id in self.state.terms:
                raise ValueError(f"term id {term_id} is used twice")
            self.services.reserve("terms", term_id)
        else:
            term_id = self.services.next_term_id()
        term = Term(term_id, name, unique, taxonomy, **fields)
        self.state.terms[term.id] = term
        self.terms_serial = next(_SERIALS)
        return term

    def update_term(self, term_id: int, **fields: Any) -> Term:
        term = self.state.terms[term_id]
        if "slug" in fields:
            fields["slug"] = sanitize_title(str(fields["slug"]))
        changed = replace(term, **fields)
        self.state.terms[term_id] = changed
        self.terms_serial = next(_SERIALS)
        return changed

    def delete_term(self, term_id: int) -> None:
        """A deleted category leaves its products; one left with none is put in the default category."""
        del self.state.terms[term_id]
        self.terms_serial = next(_SERIALS)
        for product in list(self.state.products.values()):
            if term_id in product.category_ids or term_id in product.tag_ids:
                categories = tuple(i for i in product.category_ids if i != term_id) or (DEFAULT_CATEGORY_ID,)
                tags = tuple(i for i in product.tag_ids if i != term_id)
                self._put(product, product.evolve(category_ids=categories, tag_ids=tags))

    def term(self, term_id: int, taxonomy: str = "product_cat") -> Term | None:
        term = self.state.terms.get(term_id)
        return term if term is not None and term.taxonomy == taxonomy else None

    def terms(self, taxonomy: str = "product_cat") -> list[Term]:
        return [t for t in self.state.terms.values() if t.taxonomy == taxonomy]

    def term_count(self, term_id: int) -> int:
        """``_update_post_term_count``: published products carrying the term."""
        products = self.state.products.values()
        return sum(1 for p in products if p.status == "publish" and term_id in (*p.category_ids, *p.tag_ids))


def _make(store: Store) -> ProductsBackend:
    return ProductsBackend(StoreServices(store))


def products_of(store: Store) -> ProductsBackend:
    """The store's products backend (made on first use, kept in the shell's snapshots)."""
    return store.backend(NAME, _make)
