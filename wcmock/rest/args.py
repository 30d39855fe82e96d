"""WordPress REST argument rules: how a request's parameters are read, checked and cleaned.

WordPress validates every argument of a route against a small JSON-Schema dialect of its own
(``rest_validate_value_from_schema``) and then sanitises it. Its messages, its type coercions
(``"2"`` is an integer, ``"true"`` a boolean, ``""`` an object) and the order of its checks are part
of the wire contract, so they are ported here rather than delegated to a JSON Schema library.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl

from wcmock.errors import InvalidParams, RestError
from wcmock.patterns import LazyPattern
from wcmock.php import PHP_INT_MAX, PHP_INT_MIN, is_boolean, is_numeric, is_whole, to_boolean, to_int, to_number
from wcmock.records import immutable
from wcmock.wordpress import is_email, sanitize_text_field

Detail = dict[str, Any]
_LIST_SPLIT = LazyPattern(r"[\s,]+")
_SANITIZE_KEY = LazyPattern(r"[^a-z0-9_\-]")
# rest_parse_date(): what a date-time argument must look like (the zone is optional)
_RFC3339 = LazyPattern(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::\d{2})?)?$")


def _detail(code: str, message: str, param: str | None = None) -> Detail:
    return {"code": code, "message": message, "data": {"param": param} if param is not None else None}


def _not_of_type(param: str, type_name: str) -> Detail:
    return _detail("rest_invalid_type", f"{param} is not of type {type_name}.", param)


def string_to_bool(value: Any) -> bool:
    """``wc_string_to_bool``: ``yes``, ``true`` and ``1`` (any case for the words) are true."""
    if isinstance(value, bool):
        return value
    return value == 1 or (isinstance(value, str) and value.lower() in ("yes", "true", "1"))


def parse_list(value: Any) -> list[Any]:
    """``wp_parse_list``: arrays stay, strings split on commas and whitespace."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [part for part in _LIST_SPLIT.split(str(value)) if part]
    return []


def parse_id_list(value: Any) -> list[int]:
    """``wp_parse_id_list``: unique absolute integers, in first-seen order (junk becomes 0)."""
    ids: dict[int, None] = {}
    for item in parse_list(value):
        ids[abs(to_int(item))] = None
    return list(ids)


def sanitize_key(value: Any) -> str:
    return _SANITIZE_KEY.sub("", str(value).lower())


def _is_object(value: Any) -> bool:
    return value == "" or isinstance(value, (dict, list))


def _is_array(value: Any) -> bool:
    if isinstance(value, (str, int, float, bool)):
        return True  # scalars are split into lists
    if isinstance(value, dict):
        return all(str(k).isdigit() for k in value)
    return isinstance(value, list)


_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "array": _is_array,
    "object": _is_object,
    "integer": lambda v: is_numeric(v) and is_whole(to_number(v)),
    "number": is_numeric,
    "boolean": is_boolean,
    "string": lambda v: isinstance(v, str),
    "null": lambda v: v is None,
}


def _best_type(value: Any, types: list[str]) -> str | None:
    """``rest_get_best_type_for_value``: the first of the schema's types the value passes, loosely."""
    if value == "" and "string" in types:
        return "string"
    for name in types:
        check = _TYPE_CHECKS.get(name)
        if check is not None and check(value):
            return name
    return None


def validate_value(value: Any, schema: Mapping[str, Any], param: str) -> Detail | None:
    """``rest_validate_value_from_schema``: ``None`` when valid, else the WordPress error detail."""
    type_name = schema.get("type")
    if isinstance(type_name, list):
        best = _best_type(value, type_name)
        if best is None:
            return _not_of_type(param, ",".join(type_name))
        type_name = best
    if type_name == "boolean" and not is_boolean(value):
        return _not_of_type(param, "boolean")
    if type_name == "string" and not isinstance(value, str):
        return _not_of_type(param, "string")
    if type_name in ("integer", "number"):
        error = _validate_number(value, schema, param, type_name)
        if error:
            return error
    if type_name == "object":
        if not _is_object(value):
            return _not_of_type(param, "object")
        properties = schema.get("properties", {})
        for key, item in value.items() if isinstance(value, dict) else enumerate(value or []):
            if str(key) in properties:
                error = validate_value(item, properties[str(key)], f"{param}[{key}]")
                if error:
                    return error
    if type_name == "array":
        if not _is_array(value):
            return _not_of_type(param, "array")
        if "items" in schema:
            for index, item in enumerate(parse_list(value)):
                error = validate_value(item, schema["items"], f"{param}[{index}]")
                if error:
                    return error
    enum = schema.get("enum")
    if enum and value not in enum:
        return _detail("rest_not_in_enum", f"{param} is {_one_of(enum)}.")
    if schema.get("format") == "email" and type_name in ("string", None) and not is_email(str(value)):
        return _detail("rest_invalid_email", "Invalid email address.")
    if schema.get("format") == "date-time" and type_name in ("string", None) and not _RFC3339.match(str(value)):
        return _detail("rest_invalid_date", "Invalid date.")
    return None


def _validate_number(value: Any, schema: Mapping[str, Any], param: str, type_name: str) -> Detail | None:
    if not is_numeric(value):
        return _not_of_type(param, type_name)
    number = to_number(value)
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None and not low <= number <= high:
        return _detail("rest_out_of_bounds", f"{param} must be between {low} (inclusive) and {high} (inclusive)")
    if low is not None and high is None and number < low:
        return _detail("rest_out_of_bounds", f"{param} must be greater than or equal to {low}")
    if high is not None and low is None and number > high:
        return _detail("rest_out_of_bounds", f"{param} must be less than or equal to {high}")
    if type_name == "integer" and not is_whole(number):
        return _not_of_type(param, "integer")
    return None


def _one_of(values: list[Any]) -> str:
    names = [str(v) for v in values]
    if len(names) == 1:
        return f"not {names[0]}"
    if len(names) == 2:
        return f"not one of {names[0]} and {names[1]}"
    return "not one of " + ", ".join(names[:-1]) + f", and {names[-1]}"


def sanitize_value(value: Any, schema: Mapping[str, Any]) -> Any:
    """``rest_sanitize_value_from_schema`` for the types the routes use."""
    type_name = schema.get("type")
    if isinstance(type_name, list):
        type_name = _best_type(value, type_name)
    if type_name == "integer":
        return to_int(value)
    if type_name == "number":
        return to_number(value)
    if type_name == "boolean":
        return to_boolean(value)
    if type_name == "array":
        items = schema.get("items")
        values = parse_list(value)
        return [sanitize_value(v, items) for v in values] if items else values
    if type_name == "object":
        if isinstance(value, list):
            return value  # a PHP array either way: rest_sanitize_object keeps it
        if not isinstance(value, dict):
            return {}
        properties = schema.get("properties", {})
        return {k: sanitize_value(v, properties[k]) if k in properties else v for k, v in value.items()}
    if type_name == "string":
        if schema.get("format") == "email":
            return sanitize_text_field(str(value))
        return str(value)
    return value


# ------------------------------------------------------------------ the same rules, compiled per schema

Validator = Callable[[Any, str], Detail | None]
Sanitizer = Callable[[Any], Any]
_Step = tuple[bool, Validator, Sanitizer, bool]


def _valid(value: Any, param: str) -> Detail | None:
    return None


def _same(value: Any) -> Any:
    return value


def compile_validator(schema: Mapping[str, Any]) -> Validator:
    """``validate_value`` for one schema, read once: what a request's values meet then is a closure
    per schema node that knows its type, bounds and children, not the schema's keys read per value
    (an order's three line items were ~40 µs of reading). ``tests/test_params_compiled.py`` holds the
    two to the same answers on every argument the routes publish."""
    types = schema.get("type")
    if not isinstance(types, list):
        return _validator_for(schema, types, typed=False)
    # resolved per value, as rest_get_best_type_for_value does; a body per listed type, made once,
    # which need not check the type again (the value passed that type's check to be chosen)
    best_type = _best_type_of(types)
    bodies = {name: _validator_for(schema, name, typed=True) for name in types}
    wrong = ",".join(types)
    if all(body is _valid for body in bodies.values()):  # "mixed" and the like: any value of a listed type

        def check_type(value: Any, param: str) -> Detail | None:
            return None if best_type(value) is not None else _not_of_type(param, wrong)

        return check_type

    def check_any(value: Any, param: str) -> Detail | None:
        best = best_type(value)
        if best is None:
            return _not_of_type(param, wrong)
        return bodies[best](value, param)

    return check_any


# Which of the schema types accept every value of a Python type (True) or some (None); unnamed: none
# (``_TYPE_CHECKS`` read type by type). A str is "" only if it is an object: with "string" listed,
# ``_best_type`` answers "" before reading the list.
_ACCEPTING: dict[type, dict[str, bool | None]] = {
    type(None): {"null": True},
    list: {"object": True, "array": True},
    dict: {"object": True, "array": None},
    int: {"number": True, "integer": True, "array": True, "boolean": None},
    str: {"string": True, "array": True, "number": None, "integer": None, "boolean": None, "object": None},
}


def _best_type_of(types: list[str]) -> Callable[[Any], str | None]:
    """``_best_type`` for one list of types: settled once for the Python types whose every value
    gets the same answer (an id sent as a number for a ``mixed`` argument), read per value otherwise."""
    checks = tuple((name, _TYPE_CHECKS[name]) for name in types if name in _TYPE_CHECKS)
    empty_is_string = "string" in types
    settled: dict[type, str | None] = {}
    for kind, accepting in _ACCEPTING.items():
        for name in types:
            verdict = accepting.get(name, False)
            if kind is str and name == "object" and empty_is_string:
                verdict = False
            if verdict is None:
                break  # depends on the value
            if verdict:
                if kind is not str or name == "string" or not empty_is_string:  # else "" is a string
                    settled[kind] = name
                break
        else:
            settled[kind] = None

    def best(value: Any) -> str | None:
        kind = type(value)
        if kind in settled:
            return settled[kind]
        if empty_is_string and value == "":
            return "string"
        for name, check in checks:
            if check(value):
                return name
        return None

    return best


def _validator_for(schema: Mapping[str, Any], type_name: Any, *, typed: bool) -> Validator:
    own = _type_check(schema, type_name, typed=typed)
    tail = _value_check(schema, type_name)
    if tail is None:
        return own or _valid
    if own is None:
        return tail
    first, then = own, tail
    return lambda value, param: first(value, param) or then(value, param)


def _type_check(schema: Mapping[str, Any], type_name: Any, *, typed: bool) -> Validator | None:
    """What ``validate_value`` checks of the value's type (and, for containers, of its children);
    ``typed``: the value is known to pass the type's own check."""
    if type_name == "boolean":
        return None if typed else lambda value, param: None if is_boolean(value) else _not_of_type(param, "boolean")
    if type_name == "string":
        return None if typed else lambda value, param: None if isinstance(value, str) else _not_of_type(param, "string")
    if type_name in ("integer", "number"):
        return _number_check(schema, type_name, typed=typed)
    if type_name == "object":
        return _object_check(schema, typed=typed)
    if type_name == "array":
        return _array_check(schema, typed=typed)
    return None


def _number_check(schema: Mapping[str, Any], type_name: str, *, typed: bool) -> Validator | None:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is None and high is None:
        if typed:
            return None  # numeric, and whole if chosen as an integer
        if type_name == "number":
            return lambda value, param: None if is_numeric(value) else _not_of_type(param, "number")

    def check_number(value: Any, param: str) -> Detail | None:
        if type(value) is int and (low is None or value >= low) and (high is None or value <= high):
            return None  # what most requests send: an int within bounds
        if type(value) is str and len(value) < 16 and value.isdigit() and value.isascii():
            number = int(value)  # a URL's id: plain digits, exact as a double, numeric and whole
            if (low is None or number >= low) and (high is None or number <= high):
                return None
        return _validate_number(value, schema, param, type_name)

    return check_number


def _object_check(schema: Mapping[str, Any], *, typed: bool) -> Validator | None:
    properties = {k: compile_validator(v) for k, v in schema.get("properties", {}).items()}
    if not properties:
        return None if typed else lambda value, param: None if _is_object(value) else _not_of_type(param, "object")

    def check_object(value: Any, param: str) -> Detail | None:
        if not _is_object(value):
            return _not_of_type(param, "object")
        for key, item in value.items() if isinstance(value, dict) else enumerate(value or []):
            check = properties.get(str(key))
            if check is not None and check is not _valid:
                error = check(item, f"{param}[{key}]")
                if error:
                    return error
        return None

    return check_object


def _array_check(schema: Mapping[str, Any], *, typed: bool) -> Validator | None:
    items = compile_validator(schema["items"]) if "items" in schema else _valid
    if items is _valid:
        return None if typed else lambda value, param: None if _is_array(value) else _not_of_type(param, "array")

    def check_array(value: Any, param: str) -> Detail | None:
        if not _is_array(value):
            return _not_of_type(param, "array")
        for index, item in enumerate(parse_list(value)):
            error = items(item, f"{param}[{index}]")
            if error:
                return error
        return None

    return check_array


_FORMATS: dict[str, tuple[Callable[[str], Any], str, str]] = {
    "email": (is_email, "rest_invalid_email", "Invalid email address."),
    "date-time": (_RFC3339.match, "rest_invalid_date", "Invalid date."),
}


def _value_check(schema: Mapping[str, Any], type_name: Any) -> Validator | None:
    """What ``validate_value`` checks after the type: the enum, then an email's or a date's format."""
    enum = schema.get("enum")
    name = schema.get("format")
    fmt = _FORMATS.get(name) if isinstance(name, str) and type_name in ("string", None) else None
    if not enum and fmt is None:
        return None
    not_in = f" is {_one_of(enum)}." if enum else ""

    def check_value(value: Any, param: str) -> Detail | None:
        if enum and value not in enum:
            return _detail("rest_not_in_enum", param + not_in)
        if fmt is not None and not fmt[0](str(value)):
            return _detail(fmt[1], fmt[2])
        return None

    return check_value


def compile_sanitizer(schema: Mapping[str, Any]) -> Sanitizer:
    """``sanitize_value`` for one schema, read once (as ``compile_validator``)."""
    types = schema.get("type")
    if not isinstance(types, list):
        return _sanitizer_for(schema, types)
    best_type = _best_type_of(types)
    bodies = {name: _sanitizer_for(schema, name) for name in types}

    def clean_any(value: Any) -> Any:
        best = best_type(value)
        return value if best is None else bodies[best](value)

    return clean_any


def _int(value: Any) -> int:
    if type(value) is int:
        return value if PHP_INT_MIN <= value <= PHP_INT_MAX else to_int(value)
    if type(value) is str and len(value) < 19 and value.isdigit() and value.isascii():
        return int(value)  # a URL's id, below 2**63: what ``to_int`` makes of it
    return to_int(value)


def _sanitizer_for(schema: Mapping[str, Any], type_name: Any) -> Sanitizer:
    if type_name == "integer":
        return _int
    if type_name == "number":
        return to_number
    if type_name == "boolean":
        return to_boolean
    if type_name == "array":
        items = compile_sanitizer(schema["items"]) if schema.get("items") else None
        if items is None:
            return parse_list
        each = items
        return lambda value: [each(v) for v in parse_list(value)]
    if type_name == "object":
        properties = {k: compile_sanitizer(v) for k, v in schema.get("properties", {}).items()}
        kept = properties.get

        def clean_object(value: Any) -> Any:
            if isinstance(value, list):
                return value  # a PHP array either way: rest_sanitize_object keeps it
            if not isinstance(value, dict):
                return {}
            return {k: v if (clean := kept(k)) is None else clean(v) for k, v in value.items()}

        return clean_object
    if type_name == "string":
        if schema.get("format") == "email":
            return lambda value: sanitize_text_field(str(value))
        return str
    return _same


SANITIZERS: dict[str, Callable[[Any], Any]] = {
    "absint": lambda v: abs(to_int(v)),
    "sanitize_key": sanitize_key,
    "sanitize_text_field": lambda v: sanitize_text_field(str(v)),
    "wp_parse_id_list": parse_id_list,
    "wp_parse_list": parse_list,
    "wc_string_to_bool": string_to_bool,
    "rest_sanitize_boolean": to_boolean,
}


# ------------------------------------------------------------------------ arguments from a schema

MIXED = ["null", "object", "string", "number", "boolean", "integer", "array"]
ARG_KEYWORDS = (
    "type",
    "format",
    "enum",
    "items",
    "properties",
    "additionalProperties",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
)
ID_ARG = {"description": "Unique identifier for the resource.", "type": "integer", "required": False}
BATCH_SCHEMA = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "batch",
    "type": "object",
    "properties": {
        "create": {
            "description": "List of created resources.",
            "type": "array",
            "context": ["view", "edit"],
            "items": {"type": "object"},
        },
        "update": {
            "description": "List of updated resources.",
            "type": "array",
            "context": ["view", "edit"],
            "items": {"type": "object"},
        },
        "delete": {
            "description": "List of delete resources.",
            "type": "array",
            "context": ["view", "edit"],
            "items": {"type": "integer"},
        },
    },
}


def _arg_types(schema: Any) -> Any:
    """WooCommerce's v3 base controller publishes ``mixed`` and ``date-time`` as JSON types."""
    if isinstance(schema, dict):
        out = {k: _arg_types(v) for k, v in schema.items()}
        if out.get("type") == "mixed":
            out["type"] = list(MIXED)
        elif out.get("type") == "date-time":
            out["type"] = ["null", "string"]
        return out
    if isinstance(schema, list):
        return [_arg_types(v) for v in schema]
    return schema


def args_from_schema(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``rest_get_endpoint_args_for_schema`` for an editable endpoint: every writable property."""
    args: dict[str, dict[str, Any]] = {}
    for name, prop in schema["properties"].items():
        if prop.get("readonly"):
            continue
        arg: dict[str, Any] = {}
        if "description" in prop:
            arg["description"] = prop["description"]
        arg.update({k: _arg_types(prop[k]) for k in ARG_KEYWORDS if k in prop})
        arg["required"] = False
        args[name] = arg
    return args


PLAN_LIMIT = 1024  # argument tables kept read (one per endpoint: a few hundred in a store)
KEPT_LIMIT = 1024  # lists of objects kept checked and cleaned, per argument table
SHAPE_LIMIT = 256  # sets of parameter names kept read, per argument table (a client sends a few)
_PLAIN = frozenset({str, int, bool, type(None)})
Objects = list[dict[str, Any]]
# the sent arguments in the table's order with their steps, and the defaults to append (``ArgsPlan.shape``)
Shape = tuple[tuple[tuple[str, _Step], ...], dict[str, Any]]


def _objects_key(value: list[Any]) -> tuple[Any, ...] | None:
    """A key for a list of objects whose members are strings, ints, booleans and nulls (an
    order's line items, ``[{"product_id": 11, "quantity": 1}, …]``), else None: each object's
    members in order, with their values' types beside them (``True``, ``1`` and ``1.0`` are equal
    keys but not equal arguments; floats are never keys: ``0.0`` and ``-0.0`` are equal too)."""
    key = []
    for item in value:
        if type(item) is not dict:
            return None
        kinds = tuple(map(type, item.values()))
        if not _PLAIN.issuperset(kinds):
            return None
        key.append((tuple(item.items()), kinds))
    return tuple(key)


def plain_objects(value: Any) -> bool:
    """Whether a cleaned value is a list of objects of plain values (what can be kept and copied)."""
    return type(value) is list and all(
        type(item) is dict and _PLAIN.issuperset(map(type, item.values())) for item in value
    )


@immutable
class ArgsPlan:
    """What ``check_args`` reads of an argument table on every request, read once."""

    args: Mapping[str, Mapping[str, Any]]  # held, so its ``id()`` (the plan's key) is not reused
    required: tuple[str, ...]
    position: dict[str, int]
    defaults: tuple[tuple[str, Any], ...]
    # the defaults as one mapping, and their names: a request that sends none of them (a create's
    # few fields against a table of seventeen defaults) takes them all in one ``update``
    default_values: dict[str, Any]
    default_names: frozenset[str]
    validators: dict[str, Validator]  # compiled the first time the argument is sent
    sanitizers: dict[str, Sanitizer]
    steps: dict[str, _Step]  # what ``check_args`` does with the argument, read the first time it is sent
    kept: dict[tuple[str, tuple[Any, ...]], Objects]  # (argument, ``_objects_key``) -> the value cleaned
    shapes: dict[tuple[str, ...], Shape]  # the parameters' names, in the order sent -> what checking them takes

    def shape(self, names: tuple[str, ...]) -> Shape:
        """What ``check_planned`` does with parameters of these names, none of them null: the
        table's arguments among them in the table's order, with their steps, and the defaults
        of the others, in the table's order (appended after the parameters, as the walk does)."""
        found = self.shapes.get(names)
        if found is None:
            position = self.position
            sent = sorted((name for name in names if name in position), key=position.__getitem__)
            given = set(names)
            found = (
                tuple((name, self.step(name)) for name in sent),
                {name: default for name, default in self.defaults if name not in given},
            )
            if len(self.shapes) >= SHAPE_LIMIT:
                self.shapes.clear()
            self.shapes[names] = found
        return found

    def step(self, name: str) -> _Step:
        """``(validated with the others first, its check, what cleans it, cleaned by a named sanitiser)``."""
        found = self.steps.get(name)
        if found is None:
            arg = self.args[name]
            named = arg.get("sanitize")
            validate = bool(arg.get("validate", True))
            check = self.validator(name) if validate or not named else _valid
            clean = SANITIZERS[named] if named else self.sanitizer(name)
            found = self.steps[name] = (validate, check, clean, bool(named))
        return found

    def validator(self, name: str) -> Validator:
        check = self.validators.get(name)
        if check is None:
            check = self.validators[name] = compile_validator(self.args[name])
        return check

    def sanitizer(self, name: str) -> Sanitizer:
        clean = self.sanitizers.get(name)
        if clean is None:
            clean = self.sanitizers[name] = compile_sanitizer(self.args[name])
        return clean


_PLANS: dict[int, ArgsPlan] = {}


def _plan_of(args: Mapping[str, Mapping[str, Any]]) -> ArgsPlan:
    """An endpoint's table is fixed once its route is made; a request sends a few of its dozens of
    arguments, so the checks walk what was sent and the table's defaults, not every argument."""
    plan = _PLANS.get(id(args))
    if plan is None or plan.args is not args:
        defaults = tuple((name, arg["default"]) for name, arg in args.items() if "default" in arg)
        plan = ArgsPlan(
            args,
            tuple(name for name, arg in args.items() if arg.get("required")),
            {name: at for at, name in enumerate(args)},
            defaults,
            dict(defaults),
            frozenset(name for name, _ in defaults),
            {},
            {},
            {},
            {},
            {},
        )
        if len(_PLANS) >= PLAN_LIMIT:
            _PLANS.clear()
        _PLANS[id(args)] = plan
    return plan


def args_plan(args: Mapping[str, Mapping[str, Any]]) -> ArgsPlan:
    """What ``check_args`` reads of ``args`` on every request, read once (``check_planned`` takes
    it: an endpoint keeps its own, while its ``args`` stay that very table)."""
    return _plan_of(args)


def check_args(params: dict[str, Any], args: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """``check_planned`` by the plan of ``args``."""
    return check_planned(params, _plan_of(args))


def check_planned(params: dict[str, Any], plan: ArgsPlan) -> dict[str, Any]:
    """Apply a route's argument rules (read into ``plan``) to the merged parameters, in WordPress's order.

    Missing required arguments first, then every argument's validation (errors collected), then
    sanitising. Returns the parameters with defaults filled in and values sanitised; unknown
    parameters pass through untouched, as WordPress leaves them.

    Each argument's check and cleaning is a pure function of its value, so a list of objects of
    plain values that passed (an order's line items: every checkout sends the same few) is kept
    cleaned per argument (``_objects_key``, a bounded memo) and handed out as a copy: what
    checking it again costs is its key (``tests/test_params_plan.py`` holds the two alike).
    """
    # plain loops rather than comprehensions: on Python 3.11 each comprehension is a function call,
    # and a request sends one or two arguments (a customer's create, its email), so those calls
    # were most of the time spent here
    for required in plan.required:
        if params.get(required) is None:
            missing = [name for name in plan.required if params.get(name) is None]
            raise RestError(
                "rest_missing_callback_param", "Missing parameter(s): " + ", ".join(missing), 400, params=missing
            )
    walked = None in params.values()  # a null counts as not sent: a default may take its place
    if walked:
        position = plan.position
        sent = [name for name, value in params.items() if value is not None and name in position]
        sent.sort(key=position.__getitem__)
        steps: Sequence[tuple[str, _Step]] = [(name, plan.step(name)) for name in sent]
        defaults: dict[str, Any] = {}
    else:  # read once per set of names (a client sends a few)
        names = tuple(params)
        shape = plan.shapes.get(names)
        steps, defaults = shape if shape is not None else plan.shape(names)
    out = dict(params)
    known: list[tuple[str, Objects]] = []  # kept cleaned: neither checked nor cleaned again
    keys: list[tuple[str, tuple[Any, ...]]] = []  # lists to keep once cleaned
    for name, _ in steps:
        if type(params[name]) is list:
            steps = _unless_known(params, plan, steps, known, keys)
            break
    details: dict[str, Detail] = {}
    for name, (validate, check, _, _) in steps:
        if validate:
            error = check(out[name], name)
            if error:
                details[name] = error
    if details:
        raise InvalidParams(details)
    for name, (validate, check, clean, named) in steps:
        value = out[name]
        if not validate and not named:  # validated as it is cleaned (``validate: False``)
            error = check(value, name)
            if error:
                details[name] = error
                continue
        out[name] = clean(value)
    if details:
        raise InvalidParams(details)
    if keys or known:
        _keep_lists(out, plan, known, keys)
    if walked:
        for name, default in plan.defaults:  # a default goes where the parameter was, else after the rest
            if params.get(name) is None:
                out[name] = default
    elif defaults:
        out.update(defaults)
    return out


def _unless_known(
    params: dict[str, Any],
    plan: ArgsPlan,
    steps: Sequence[tuple[str, _Step]],
    known: list[tuple[str, Objects]],
    keys: list[tuple[str, tuple[Any, ...]]],
) -> list[tuple[str, _Step]]:
    """``steps`` but those of the lists of objects kept cleaned (added to ``known``); the keys of
    the lists of objects that are not are added to ``keys``."""
    left = []
    for name, step in steps:
        value = params[name]
        if type(value) is list and (key := _objects_key(value)) is not None:
            found = plan.kept.get((name, key))
            if found is not None:
                known.append((name, found))
                continue
            keys.append((name, key))
        left.append((name, step))
    return left


def _keep_lists(
    out: dict[str, Any], plan: ArgsPlan, known: list[tuple[str, Objects]], keys: list[tuple[str, tuple[Any, ...]]]
) -> None:
    """The lists of objects of ``keys`` kept cleaned (when they still are plain objects), and those
    ``known`` put in ``out`` as copies."""
    for name, key in keys:
        if plain_objects(out[name]):
            if len(plan.kept) >= KEPT_LIMIT:
                plan.kept.clear()
            plan.kept[name, key] = list(map(dict.copy, out[name]))
    for name, cleaned in known:
        out[name] = list(map(dict.copy, cleaned))


def parse_php_query(query: str | bytes) -> dict[str, Any]:
    """PHP's ``parse_str``: ``a[]=1&a[]=2`` is a list, ``a[b]=1`` a map, a repeated key the last value.

    As in PHP, ``.`` and spaces in a top-level name become ``_``. Maps whose keys are exactly
    ``0..n-1`` come back as lists.
    """
    if not query:
        return {}
    if isinstance(query, bytes):
        query = query.decode("utf-8", "surrogateescape")  # invalid bytes are caught below
    out: dict[str, Any] = {}
    for raw_key, value in parse_qsl(query, keep_blank_values=True, errors="surrogateescape"):
        if not _valid_text(raw_key):
            continue
        set_php_param(out, raw_key, value if _valid_text(value) else "")  # wp_check_invalid_utf8
    return {k: _listify(v) for k, v in out.items()}


def _valid_text(text: str) -> bool:
    """False for text decoded from invalid UTF-8 (lone surrogates), which WordPress empties."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


MAX_INPUT_NESTING_LEVEL = 64  # PHP's max_input_nesting_level


def set_php_param(out: dict[str, Any], raw_key: str, value: Any) -> None:
    name, bracket, rest = raw_key.partition("[")
    name = name.replace(".", "_").replace(" ", "_")
    if not name:
        return
    keys = [name] + ([part.rstrip("]") for part in ("[" + rest).split("[")[1:]] if bracket else [])
    if len(keys) - 1 > MAX_INPUT_NESTING_LEVEL:
        out.pop(name, None)  # PHP drops the whole variable, and so what it held already
        return
    target = out
    for position, key in enumerate(keys):
        if key == "":
            numeric = [int(k) for k in target if k.isascii() and k.isdigit() and len(k) <= 18]
            key = str(max(numeric) + 1 if numeric else 0)
        if position == len(keys) - 1:
            target[key] = value
            return
        child = target.get(key)
        if not isinstance(child, dict):
            child = target[key] = {}
        target = child


def _listify(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    items = {k: _listify(v) for k, v in value.items()}
    if list(items) == [str(i) for i in range(len(items))]:
        return list(items.values())
    return items
