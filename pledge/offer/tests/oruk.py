"""Validating API bodies against the Open Referral UK standard's own files.

The files are read at test time from ../shared/standards/oruk/ (byte for byte from their
sources; see its README), never copied into the project. Response schemas come from the UK
profile's OpenAPI file, whose `$ref`s name the profile's canonical schema URLs: those are
served from the local copies here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.shared import STANDARDS as SHARED_STANDARDS

STANDARDS = SHARED_STANDARDS / "oruk"
UK_SCHEMA = STANDARDS / "uk-profile" / "schema"
CANONICAL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI_URI = "urn:oruk:uk-profile:openapi"
API_DETAILS_URI = "urn:oruk:validator:api_details"

# The standard's known slip (../shared/standards/README.md): its OpenAPI file points
# /service_at_locations/{id} at the service schema; the right one is service_at_location.
CORRECTIONS = {
    "/service_at_locations/{id}": {"$ref": CANONICAL + "compiled/service_at_location.json"}
}


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _retrieve(uri: str) -> Resource[Any]:
    if uri == OPENAPI_URI:
        contents = _load(UK_SCHEMA / "openapi.json")
    elif uri == API_DETAILS_URI:
        contents = _load(STANDARDS / "oruk-validator" / "api_details.json")
    elif uri.startswith(CANONICAL):
        contents = _load(UK_SCHEMA / uri.removeprefix(CANONICAL))
    else:
        raise LookupError(f"No local copy of {uri}")
    return Resource.from_contents(contents, default_specification=DRAFT202012)


REGISTRY: Registry[Any] = Registry(retrieve=_retrieve)  # type: ignore[call-arg]


def profile_paths() -> list[str]:
    """Every path the UK profile's OpenAPI file defines."""
    return list(_load(UK_SCHEMA / "openapi.json")["paths"])


@cache
def validator_for(path: str) -> Draft202012Validator:
    """A validator for the 200 response of `path` (as the profile's OpenAPI file names it)."""
    if path == "/":
        schema: dict[str, Any] = {"$ref": API_DETAILS_URI}
    elif path in CORRECTIONS:
        schema = CORRECTIONS[path]
    else:
        pointer = path.replace("~", "~0").replace("/", "~1")
        response = "get/responses/200/content/application~1json/schema"
        schema = {"$ref": f"{OPENAPI_URI}#/paths/{pointer}/{response}"}
    return Draft202012Validator(
        schema, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(path: str, body: Any) -> list[str]:
    """What is wrong with `body` as a response of `path`, as readable lines (none if valid)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator_for(path).iter_errors(body)
    ]
