"""The words orders are written in: statuses and address fields.

Plain data, apart from the records, because a fixture file's schema (``fixture_schema``) needs them
and ``wcmock serve`` reads that schema at every start, while the records load with the first order.
"""

from __future__ import annotations

ORDER_STATUSES = (
    "pending",
    "processing",
    "on-hold",
    "completed",
    "cancelled",
    "refunded",
    "failed",
    "checkout-draft",
)
# wc_get_order_statuses() display names, as the status notes print them.
STATUS_NAMES = {
    "pending": "Pending payment",
    "processing": "Processing",
    "on-hold": "On hold",
    "completed": "Completed",
    "cancelled": "Cancelled",
    "refunded": "Refunded",
    "failed": "Failed",
    "checkout-draft": "Draft",
}
PAID_STATUSES = ("processing", "completed")  # wc_get_is_paid_statuses(): what total_spent sums
EDITABLE_STATUSES = ("pending", "on-hold", "auto-draft")
DRAFT_STATUSES = ("checkout-draft", "auto-draft", "draft", "new")
ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "state",
    "postcode",
    "country",
)
BILLING_FIELDS = (*ADDRESS_FIELDS, "email", "phone")
SHIPPING_FIELDS = (*ADDRESS_FIELDS, "phone")
