"""Validate API responses against the Open Referral HSDS 3 JSON Schemas copied in api/schemas/."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parent.parent / "api" / "schemas"
PAGE_FIELDS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def _load(name):
    return json.loads((SCHEMAS / name).read_text())


@cache
def registry():
    names = ["taxonomy.json", "taxonomy_term.json", "metadata.json"]
    return Registry().with_resources(
        (name, DRAFT202012.create_resource(_load(name))) for name in names
    )


@cache
def validator(name):
    return Draft202012Validator(_load(name), registry=registry(), format_checker=FormatChecker())


@cache
def page_validator():
    page = _load("openapi.json")["components"]["schemas"]["Page"]
    return Draft202012Validator({**page, "required": sorted(PAGE_FIELDS - {"contents"})})


def assert_valid(instance, schema_name):
    errors = sorted(validator(schema_name).iter_errors(instance), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def assert_valid_page(page, item_schema_name):
    assert set(page) == PAGE_FIELDS
    errors = list(page_validator().iter_errors(page))
    assert not errors, errors
    for item in page["contents"]:
        assert_valid(item, item_schema_name)
