"""Render clause samples against the standard sample case: the library tests itself."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from foi_drafter.case import Case, Exemption
from foi_drafter.clause import LoadedClause
from foi_drafter.clause_render import render_clause
from foi_drafter.library import ClauseLibrary
from foi_drafter.markup import parse, to_text
from foi_drafter.resources import data_dir
from foi_drafter.yaml_source import load_yaml

_DEFAULT_PROVISION = {
    "foia": "s31(1)(a)",
    "eir": "reg 12(5)(a)",
    "foisa": "s35(1)(a)",
    "eisr": "reg 10(5)(b)",
}


@dataclass(frozen=True)
class SampleResult:
    clause: LoadedClause
    index: int
    expected: str
    actual: str

    @property
    def passed(self) -> bool:
        return self.expected.strip() == self.actual.strip()


def sample_text(markup: str) -> str:
    """What a sample's ``expected`` holds: the rendered clause as a reader sees it."""
    return to_text(parse(markup)).strip()


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class SampleRenderer:
    """Builds the sample context per regime once, and renders samples against it."""

    def __init__(self, library: ClauseLibrary):
        self.library = library
        self._composers: dict[str, Any] = {}
        document = load_yaml(data_dir() / "sample-case.yaml", what="sample case")
        self._raw = document.data

    def _composer(self, regime: str):
        if regime not in self._composers:
            from foi_drafter.answers_file import LoadedCase
            from foi_drafter.authority import resolve_profile
            from foi_drafter.compose import Composer

            raw = copy.deepcopy(self._raw)
            raw["regime"] = regime
            raw["questions"][0]["exemptions"][0]["provision"] = _DEFAULT_PROVISION[regime]
            case = Case.model_validate(raw)
            profile = resolve_profile(case.authority, base=data_dir())
            loaded = LoadedCase(case, profile, self.library, None, "sample case")
            self._composers[regime] = Composer(loaded, today=date(2024, 7, 12))
        return self._composers[regime]

    def context(self, loaded: LoadedClause) -> dict[str, Any]:
        """The standard context for a clause's samples, before the sample's own overrides."""
        clause = loaded.clause
        regime = clause.regimes[0]
        composer = self._composer(regime)
        sample = composer.case.questions[0].exemptions[0]
        provision = clause.provision or (clause.applies_to[0] if clause.applies_to else None)
        provision = provision or _DEFAULT_PROVISION[regime]
        exemption = Exemption(
            provision=provision,
            level=sample.level,
            harm=sample.harm,
            public_interest=sample.public_interest,
        )
        groups = composer.groups()
        return {
            **composer.base,
            "exemption": composer.exemption_context(exemption, [1], ()),
            "questions": groups[0]["questions"],
            "refusal": composer.refusal_context(),
        }

    def run(self, loaded: LoadedClause) -> list[SampleResult]:
        """Render each sample of a clause and compare it with its expected text."""
        base = self.context(loaded)
        results = []
        for index, sample in enumerate(loaded.clause.samples):
            context = _merge(base, sample.context)
            actual = render_clause(loaded, context, sample.variables, where=loaded.where())
            results.append(SampleResult(loaded, index, sample.expected, sample_text(actual)))
        return results
