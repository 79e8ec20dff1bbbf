"""Drafts of ``foi-draft new``, saved after every answer so that nothing is lost.

A draft lives in ``.foi-draft/`` in the output folder, readable by its owner
only. It holds the answers file as far as it goes, and under ``draft:`` the
answers the questionnaire resumes from (``foi-draft new --resume DRAFT``).
"""

from __future__ import annotations

import contextlib
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from foi_drafter.atomic import write_atomic
from foi_drafter.errors import FoiError

DRAFT_FOLDER = ".foi-draft"
DRAFT_SUFFIX = ".draft.yaml"
DRAFT_VERSION = 1
_HEADER = """\
# A draft of 'foi-draft new', saved after every answer. It holds personal data:
# keep it private. Continue with: foi-draft new --resume {path}
"""


class _Dumper(yaml.SafeDumper):
    """Safe YAML with multi-line texts as readable ``|`` blocks; shared parts as aliases."""

    ANCHOR_TEMPLATE = "shared%d"


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_yaml(data: Any, header: str = "") -> str:
    """``data`` as YAML in the answers files' layout, after an optional comment header."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def file_stem(reference: str) -> str:
    """A file name from a reference: ``FOI/2024/17`` -> ``FOI-2024-17``."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", reference).strip("-.") or "request"


class DraftFile:
    """The draft of one questionnaire; named after the reference once it is known."""

    def __init__(self, folder: Path, *, path: Path | None = None, started: datetime) -> None:
        self.folder = path.parent if path else folder / DRAFT_FOLDER
        self.path = path
        self.started = started
        self._stem: str | None = None

    def save(self, data: dict[str, Any], answers: dict[str, Any], reference: str | None) -> Path:
        """Write the draft (atomically, 0600), renaming it when the reference is first known."""
        stem = file_stem(reference) if reference else self.started.strftime("draft-%Y%m%d-%H%M%S")
        target = self.path if self.path and stem == self._stem else self._free(stem)
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        draft = {**data, "draft": {"version": DRAFT_VERSION, "answers": answers}}
        write_atomic(target, dump_yaml(draft, _HEADER.format(path=target)), force=True)
        if self.path and self.path != target:
            self.path.unlink(missing_ok=True)
        self.path, self._stem = target, stem
        return target

    def _free(self, stem: str) -> Path:
        """The first ``STEM[-N].draft.yaml`` that is this draft's own or not taken."""
        candidate, number = self.folder / f"{stem}{DRAFT_SUFFIX}", 2
        while candidate.exists() and candidate != self.path:
            candidate = self.folder / f"{stem}-{number}{DRAFT_SUFFIX}"
            number += 1
        return candidate

    def remove(self) -> None:
        """Delete the draft once the letter and answers file are written."""
        if self.path:
            self.path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                self.folder.rmdir()  # only when no other draft is left in it


def load_draft(path: Path) -> dict[str, Any]:
    """The answers saved in a draft file; a FoiError if it is not one."""
    from foi_drafter.yaml_source import load_yaml

    data = load_yaml(path, what="draft").data
    draft = data.get("draft") if isinstance(data, dict) else None
    answers = draft.get("answers") if isinstance(draft, dict) else None
    if not isinstance(answers, dict) or draft.get("version") != DRAFT_VERSION:
        raise FoiError(
            f"not a draft of 'foi-draft new'; give a {DRAFT_SUFFIX} file from {DRAFT_FOLDER}/",
            where=str(path),
        )
    return answers
