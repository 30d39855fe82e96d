"""The customers resource's errors, as a real store words them (``wc_create_new_customer``,
``WC_Customer``, the customers controller)."""

from __future__ import annotations

from wcmock.errors import KnownError


class CustomerExists(KnownError):
    CODE, MESSAGE = "woocommerce_rest_customer_exists", "Cannot create existing resource."


class InvalidEmail(KnownError):
    CODE, MESSAGE = "customer_invalid_email", "Invalid email address"


class InvalidBillingEmail(KnownError):
    CODE, MESSAGE = "customer_invalid_billing_email", "Invalid billing email address"


class EmailInUse(KnownError):
    """An update to another customer's email."""

    CODE, MESSAGE = "woocommerce_rest_customer_invalid_email", "Email address is invalid."


class UsernameNotEditable(KnownError):
    CODE, MESSAGE = "woocommerce_rest_customer_invalid_argument", "Username isn't editable."


class InvalidReassign(KnownError):
    CODE, MESSAGE = "woocommerce_rest_customer_invalid_reassign", "Invalid resource id for reassignment."


class NoSuchCustomer(KnownError):
    """The downloads route's check (``woocommerce_rest_customer_invalid``)."""

    CODE, MESSAGE, STATUS = "woocommerce_rest_customer_invalid", "Resource does not exist.", 404


# wc_create_new_customer's registration errors
class MissingPassword(KnownError):
    CODE, MESSAGE = "registration-error-missing-password", "Please create a password for your account."


class RegistrationInvalidEmail(KnownError):
    CODE, MESSAGE = "registration-error-invalid-email", "Please provide a valid email address."


class RegistrationEmailExists(KnownError):
    """The message names the address: ``RegistrationEmailExists.for_email(email)``."""

    CODE = "registration-error-email-exists"


class InvalidUsername(KnownError):
    CODE, MESSAGE = "registration-error-invalid-username", "Please provide a valid account username."


class UsernameExists(KnownError):
    CODE = "registration-error-username-exists"
    MESSAGE = "An account is already registered with that username. Please choose another."


class UsernameTooLong(KnownError):
    CODE, MESSAGE = "user_login_too_long", "Username may not be longer than 60 characters."
