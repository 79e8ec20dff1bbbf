"""The authority profile (``authority.yaml``): who is writing, and how its letters look."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from foi_drafter.resources import data_dir
from foi_drafter.yaml_source import load_model

BUNDLED_EXAMPLE = "example"
PROFILE_NAME = "authority.yaml"

# The appropriate limit under the Fees Regulations 2004 reg 3 (foi-law.md §3.1).
COST_LIMITS = {"local": 450, "central": 600}
HOURLY_RATE = 25


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(_Strict):
    """A team that requesters write to."""

    team: str
    email: str | None = None
    address: list[str] = Field(default_factory=list)
    phone: str | None = None
    url: str | None = Field(default=None, description="A web page, e.g. the review procedure")


class Signatory(_Strict):
    name: str | None = None
    role: str


class Regulator(_Strict):
    """The regulator's details as letters quote them."""

    name: str
    title: str
    address: list[str]
    phone: str
    website: str
    complaint_url: str
    sources: list[str] = Field(default_factory=list)


class RegulatorOverride(_Strict):
    name: str | None = None
    title: str | None = None
    address: list[str] | None = None
    phone: str | None = None
    website: str | None = None
    complaint_url: str | None = None


class Authority(_Strict):
    """An authority profile as written in ``authority.yaml``."""

    name: str
    short_name: str = Field(description="How letters refer to the authority, e.g. 'the Council'")
    address: list[str] = Field(default_factory=list)
    website: str | None = None
    foi_contact: Contact
    review_contact: Contact
    signatory: Signatory
    letterhead: str | None = Field(
        default=None, description="Path to a .docx, relative to this file"
    )
    styles: dict[str, str] = Field(default_factory=dict, description="Letterhead style overrides")
    locale: Literal["en-GB", "cy-GB"] = "en-GB"
    regulator: Literal["ico", "sic"] | None = Field(
        default=None,
        description="The regulator that regulator_details override; the regime picks the "
        "regulator letters name (ICO for FOIA/EIR, SIC for FOISA/EISR)",
    )
    regulator_details: RegulatorOverride | None = None
    body: Literal["local", "central"] = Field(
        default="local", description="local (£450 cost limit) or central government (£600)"
    )
    holidays_file: str | None = Field(default=None, description="Extra or corrected holidays")
    clauses: list[str] = Field(default_factory=list, description="Clause overlay folders")
    privacy_notice_url: str | None = None
    open_data_url: str | None = None

    @property
    def cost_limit(self) -> int:
        return COST_LIMITS[self.body]

    @property
    def cost_limit_hours(self) -> int:
        return self.cost_limit // HOURLY_RATE


class AuthorityProfile(BaseModel):
    """A loaded profile: the authority and the folder its relative paths start from."""

    model_config = ConfigDict(frozen=True)

    authority: Authority
    folder: Path
    source: str

    def path(self, relative: str | None) -> Path | None:
        return None if relative is None else (self.folder / relative).resolve()

    def clause_dirs(self) -> list[Path]:
        return [self.folder / d for d in self.authority.clauses]

    def letterhead_path(self) -> Path | None:
        return self.path(self.authority.letterhead)

    def regulator(self, regime_regulator: str) -> Regulator:
        """The regime's regulator, with the profile's overrides when they are for that regulator.

        The regime decides the regulator (ICO for FOIA and the EIR, SIC for FOISA and
        the EISR); ``regulator_details`` in the profile change its name or address,
        e.g. when the Information Commissioner becomes the Information Commission.
        """
        base = _regulators()[regime_regulator]
        overrides = self.authority.regulator_details
        if overrides is None or self.authority.regulator not in (None, regime_regulator):
            return base
        return base.model_copy(update=overrides.model_dump(exclude_none=True))


@cache
def _regulators() -> dict[str, Regulator]:
    raw = yaml.safe_load((data_dir() / "regulators.yaml").read_text(encoding="utf-8"))
    return {key: Regulator.model_validate(value) for key, value in raw.items()}


def bundled_profile_path() -> Path:
    return data_dir() / "example-authority" / PROFILE_NAME


def load_profile(path: Path) -> AuthorityProfile:
    """Load and validate an ``authority.yaml``; errors name the file, line and field."""
    authority, _ = load_model(path, Authority, what="authority profile")
    return AuthorityProfile(authority=authority, folder=path.resolve().parent, source=str(path))


def resolve_profile(reference: str | None, *, base: Path) -> AuthorityProfile:
    """Find a profile: ``example`` for the bundled one, else a path relative to ``base``."""
    if reference in (None, BUNDLED_EXAMPLE):
        return load_profile(bundled_profile_path())
    return load_profile((base / reference).resolve())


def default_profile(cwd: Path) -> AuthorityProfile:
    """The profile in the current folder, or the bundled example."""
    local = cwd / PROFILE_NAME
    return load_profile(local if local.is_file() else bundled_profile_path())
