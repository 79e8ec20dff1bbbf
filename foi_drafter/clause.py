"""Clauses: reviewed, versioned pieces of letter text with declared variables and samples.

A clause file under ``clauses/`` holds one clause (a mapping with ``id``) or a
small family (``clauses:`` followed by a list). See docs/clauses.md.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from foi_drafter.errors import FoiError
from foi_drafter.yaml_source import YamlDocument, load_yaml, validation_error

ClauseKind = Literal["exemption", "ncnd", "outcome", "paragraph", "pit-factor"]
VariableType = Literal[
    "text", "long-text", "date", "number", "url", "email", "choice", "list", "bool"
]

# Names every clause can read without declaring them (see docs/clauses.md).
CONTEXT_NAMES = frozenset(
    {"authority", "regime", "regulator", "case", "dates", "exemption", "questions", "refusal"}
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Variable(_Strict):
    """A value the clause needs that the case does not already hold; the questionnaire asks it."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: VariableType = "text"
    prompt: str
    help: str | None = None
    default: Any = None
    choices: list[str] = Field(default_factory=list)
    required: bool = True


class Sample(_Strict):
    """Example variables and the text the clause must render from them."""

    name: str | None = None
    variables: dict[str, Any] = Field(default_factory=dict)
    context: dict[str, Any] = Field(
        default_factory=dict, description="Overrides of the standard sample context"
    )
    expected: str


class Clause(_Strict):
    """A clause as written in a clause file."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: int = Field(ge=1)
    title: str
    regimes: list[Literal["foia", "eir", "foisa", "eisr"]] = Field(min_length=1)
    kind: ClauseKind
    provision: str | None = None
    status: Literal["absolute", "qualified"] | None = None
    test: Literal["prejudice", "class", "required"] | None = None
    side: Literal["for", "against"] | None = Field(
        default=None, description="pit-factor: which side of the balance it weighs on"
    )
    applies_to: list[str] = Field(
        default_factory=list, description="pit-factor: the provisions it is a preset for"
    )
    default: bool = Field(default=False, description="The default clause for its provision")
    variables: list[Variable] = Field(default_factory=list)
    text: str
    notes: str | None = Field(default=None, description="Handling notes for officers")
    samples: list[Sample] = Field(min_length=1)
    valid_to: date | None = None

    @field_validator("variables")
    @classmethod
    def _unique_names(cls, variables: list[Variable]) -> list[Variable]:
        names = [v.name for v in variables]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"variable {duplicates[0]!r} is declared twice")
        return variables

    def content_hash(self) -> str:
        """A stable hash of everything that shapes the clause's text."""
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


class LoadedClause(BaseModel):
    """A clause with where it came from."""

    model_config = ConfigDict(frozen=True)

    clause: Clause
    layer: str
    path: Path
    line: int
    text_line: int

    @property
    def id(self) -> str:
        return self.clause.id

    def where(self, text_lineno: int | None = None) -> str:
        """``file:line`` of the clause, or of line ``text_lineno`` (1-based) of its text."""
        line = self.line if text_lineno is None else self.text_line + text_lineno - 1
        return f"{self.path}:{line}"


def read_clause_file(path: Path, layer: str) -> list[LoadedClause]:
    """Load every clause in one file; errors name the file, line and field."""
    document = load_yaml(path, what="clause file")
    data = document.data
    if isinstance(data, dict) and "clauses" in data and "id" not in data:
        if set(data) != {"clauses"} or not isinstance(data["clauses"], list):
            raise FoiError(
                "a clause family file holds only 'clauses:' and a list", where=document.where()
            )
        entries = [(("clauses", i), item) for i, item in enumerate(data["clauses"])]
    elif isinstance(data, dict):
        entries = [((), data)]
    else:
        raise FoiError(
            "a clause file must be a mapping with 'id', or 'clauses:' and a list", where=str(path)
        )
    return [_validate(document, loc, item, layer) for loc, item in entries]


def _validate(document: YamlDocument, loc: tuple[Any, ...], item: Any, layer: str) -> LoadedClause:
    if not isinstance(item, dict):
        raise FoiError("each clause must be a mapping of fields", where=document.where(loc))
    try:
        clause = Clause.model_validate(item)
    except ValidationError as exc:
        error = validation_error(exc, document, prefix=loc)
        error.message = f"{item.get('id', '?')}: {error.message}"
        raise error from None
    text_node = document.node((*loc, "text"))
    text_line = (text_node.start_mark.line + 1) if text_node is not None else 1
    if getattr(text_node, "style", None) in ("|", ">"):
        text_line += 1  # a block scalar's first line is the one after the key
    return LoadedClause(
        clause=clause,
        layer=layer,
        path=document.path,
        line=document.line_of(loc) or 1,
        text_line=text_line,
    )
