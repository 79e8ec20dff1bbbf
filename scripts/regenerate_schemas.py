"""Regenerate the JSON Schemas in foi_drafter/schemas/ from the pydantic models.

Run it after changing Clause, Case or Authority:

    python scripts/regenerate_schemas.py

tests/test_schema_init.py fails while a shipped file differs from what this generates.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from foi_drafter.authority import Authority
from foi_drafter.case import Case
from foi_drafter.clause import Clause

SCHEMAS = Path(__file__).resolve().parent.parent / "foi_drafter" / "schemas"
# Draft 7: the newest dialect the YAML language server (VS Code, Neovim, Helix) supports.
DIALECT = "http://json-schema.org/draft-07/schema#"
REF = "#/definitions/{model}"


def _draft7(model: type[BaseModel]) -> dict[str, Any]:
    """The model's schema with its definitions where draft 7 keeps them."""
    schema = model.model_json_schema(ref_template=REF)
    definitions = schema.pop("$defs", {})
    return {**schema, "definitions": definitions} if definitions else schema


def clause_schema() -> dict[str, Any]:
    """A clause file: one clause, or ``clauses:`` and a list of them."""
    clause = _draft7(Clause)
    definitions = clause.pop("definitions", {})
    definitions["Clause"] = clause
    family = {
        "type": "object",
        "title": "Clause family",
        "properties": {
            "clauses": {"type": "array", "items": {"$ref": "#/definitions/Clause"}, "minItems": 1}
        },
        "required": ["clauses"],
        "additionalProperties": False,
    }
    return {
        "$schema": DIALECT,
        "title": "foi-drafter clause file",
        "description": "One clause, or a family: 'clauses:' and a list. See docs/clauses.md.",
        "anyOf": [{"$ref": "#/definitions/Clause"}, family],
        "definitions": definitions,
    }


def _any_date_spelling(node: Any) -> Any:
    """Dates in answers files may be written 27/06/2024 or 27 June 2024 too, not only ISO."""
    if isinstance(node, dict):
        return {
            key: _any_date_spelling(value)
            for key, value in node.items()
            if not (key == "format" and value == "date")
        }
    if isinstance(node, list):
        return [_any_date_spelling(item) for item in node]
    return node


# Models that also accept a plain string in an answers file (their "before" validators).
_ALSO_TEXT = {
    "Factor": "A public-interest factor in your own words",
    "ParagraphChoice": "The id of an optional paragraph clause",
}


def answers_schema() -> dict[str, Any]:
    schema = _any_date_spelling(_draft7(Case))
    for name, description in _ALSO_TEXT.items():
        model = schema["definitions"][name]
        text = {"type": "string", "description": description}
        schema["definitions"][name] = {"title": model["title"], "anyOf": [text, model]}
    return {"$schema": DIALECT, **schema, "title": "foi-drafter answers file"}


def authority_schema() -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        **_draft7(Authority),
        "title": "foi-drafter authority profile",
    }


GENERATORS = {"clause": clause_schema, "answers": answers_schema, "authority": authority_schema}


def schema_text(name: str) -> str:
    """The file content for one schema, as shipped."""
    return json.dumps(GENERATORS[name](), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    for name in GENERATORS:
        path = SCHEMAS / f"{name}.json"
        text = schema_text(name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
