"""Who may do what: WordPress roles and capabilities, and WooCommerce's rules on managing users.

A route's permission check raises the error a real store answers with; ``401`` when nobody is
authenticated and ``403`` when someone is (``rest_authorization_required_code``).
"""

from __future__ import annotations

from wcmock.errors import RestError
from wcmock.users import User

DELETABLE_ROLES = ("customer", "subscriber")  # the roles REST may delete, or change the email and password of

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    "administrator": frozenset(
        {"list_users", "create_customers", "edit_users", "delete_users", "promote_users", "manage_woocommerce"}
    ),
    # WooCommerce's create_roles gives shop managers list_users but not delete_users; edit_users is
    # granted on the fly (wc_shop_manager_has_capability), for customers and themselves only
    "shop_manager": frozenset({"list_users", "create_customers", "edit_users", "manage_woocommerce"}),
}


def can(user: User | None, capability: str, target: User | None = None) -> bool:
    """``wc_rest_check_user_permissions``: shop managers manage customers (and themselves) only."""
    if user is None or capability not in ROLE_CAPABILITIES.get(user.role, frozenset()):
        return False
    if target is not None and user.role == "shop_manager" and capability == "edit_users":
        return target.role == "customer" or target.id == user.id
    return True


def denied(user: User | None, code: str, message: str) -> RestError:
    return RestError(code, message, 403 if user is not None else 401)


def role_locked(target: User) -> bool:
    """Only customers and subscribers can be deleted, or have email and password changed, over REST."""
    return target.role not in DELETABLE_ROLES


def is_administrator(user: User | None) -> bool:
    """``wc_current_user_has_role( 'administrator' )``: who sees customers' ``meta_data``."""
    return user is not None and user.role == "administrator"
