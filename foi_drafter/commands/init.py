"""``foi-draft init``: scaffold an authority's clause-library workspace."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from foi_drafter.errors import EXIT_OK, FoiError

HELP = "scaffold an authority workspace: profile, clauses, examples, CI, pre-commit"
EPILOG = """\
examples:
  foi-draft init our-clauses --authority-name "Exampleton Borough Council"
  foi-draft init our-clauses                 asks for the name (in a terminal)

DIR must be new or empty. It gets authority.yaml, clauses/ (one example
override), examples/ (two answers files), a README for the team, a
.pre-commit-config.yaml and a GitHub Actions workflow that checks the clauses
and comments on pull requests with the letter changes.
exit codes: 0 created, 2 bad input (DIR not empty, no name).
"""

SCAFFOLD = Path(__file__).resolve().parent.parent / "data" / "workspace"
_EXAMPLE_NAME = "Example Borough Council"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, metavar="DIR", help="the folder to create")
    parser.add_argument(
        "--authority-name", metavar="NAME", help="the authority's full name, as letters give it"
    )


def _name(given: str | None) -> str:
    if given is None:
        if not sys.stdin.isatty():
            raise FoiError("give the authority's name with --authority-name NAME")
        try:
            given = input("Authority's full name (e.g. Exampleton Borough Council): ")
        except EOFError:
            given = ""
    name = given.strip()
    if not name or "\n" in name or "\r" in name:
        raise FoiError("the authority's name must be one line of text, e.g. 'Exampleton Council'")
    return name


def _yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    import json

    import yaml

    try:
        plain = yaml.safe_load(f"key: {text}") == {"key": text}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def profile_text(name: str) -> str:
    """The bundled example profile, for ``name``, with ``clauses/`` as its overlay."""
    from foi_drafter.authority import bundled_profile_path

    lines = bundled_profile_path().read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if not line.startswith("#")]
    header = [
        f"# The authority profile of {name}: check every line, then commit it.",
        "# Fields: foi-draft schema authority. Letters use the clauses in `clauses:`",
        "# over the built-in library.",
    ]
    text = "\n".join([*header, *body, "clauses:", "  - clauses", ""])
    return text.replace(_EXAMPLE_NAME, _yaml_scalar(name))


def run(args: argparse.Namespace) -> int:
    from foi_drafter import __version__
    from foi_drafter.authority import load_profile

    target: Path = args.dir
    if target.exists() and not target.is_dir():
        raise FoiError("is a file; give a new or empty folder", where=str(target))
    if target.is_dir() and any(target.iterdir()):
        raise FoiError("is not empty; give a new or empty folder", where=str(target))
    name = _name(args.authority_name)
    files = {Path("authority.yaml"): profile_text(name)}
    for source in sorted(SCAFFOLD.rglob("*")):
        if source.is_file():
            relative = Path(
                *(p.replace("dot-", ".", 1) for p in source.relative_to(SCAFFOLD).parts)
            )
            text = source.read_text(encoding="utf-8")
            files[relative] = text.replace("@AUTHORITY_NAME@", name).replace(
                "@FOI_DRAFTER_VERSION@", __version__
            )
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    load_profile(target / "authority.yaml")
    print(f"created {target} for {name}:")
    for relative in sorted(files):
        print(f"  {relative}")
    print(
        f"\nnext: cd {target} && git init && git add . && git commit -m 'Clause library'\n"
        "      foi-draft clauses check && foi-draft diff"
    )
    return EXIT_OK
