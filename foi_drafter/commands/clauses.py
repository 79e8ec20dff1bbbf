"""``foi-draft clauses``: check, list and show the clauses of the layered library."""

from __future__ import annotations

import argparse
import json
import shutil
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foi_drafter.errors import EXIT_OK, EXIT_PROBLEMS

if TYPE_CHECKING:
    from foi_drafter.clause import LoadedClause
    from foi_drafter.library import ClauseLibrary

HELP = "check, list or show the clauses of the library (built-in plus your overlays)"
EPILOG = """\
examples:
  foi-draft clauses check                     built-in + your overlays
  foi-draft clauses check clauses/            one overlay, over the built-in
  foi-draft clauses check --base origin/main  changes need a new version
  foi-draft clauses check --json              for machines
  foi-draft clauses list                      a table of every clause
  foi-draft clauses show internal-review      its metadata, variables, samples

Without folders, the library is the built-in one plus the clause folders that
the authority.yaml in the current folder lists. --base compares the overlay
folders (or, with none, the built-in library) with a git revision.
exit codes: 0 no errors (warnings allowed), 1 problems found, 2 bad input.
"""

_ALL_REGIMES = ["foia", "eir", "foisa", "eisr"]
_TITLE_MIN = 24  # narrower than this, titles go on a line of their own


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    formatter = parser.formatter_class
    check = sub.add_parser(
        "check",
        help="report every problem in the clause library, one line each",
        description="Report every problem in the clause library: file:line: clause-id: message.",
        epilog=EPILOG,
        formatter_class=formatter,
    )
    check.add_argument(
        "dirs", nargs="*", type=Path, metavar="DIR", help="overlay clause folders to check"
    )
    check.add_argument(
        "--base", metavar="REV", help="git revision to compare with: changed clauses need a bump"
    )
    check.add_argument(
        "-v", "--verbose", action="store_true", help="also report overrides of built-in clauses"
    )
    check.add_argument("--json", action="store_true", help="print one JSON object")
    for name, help_text in (
        ("list", "a table of the clauses: id, title, regime, provision, status, version, layer"),
        ("show", "one clause: metadata, variables and its rendered samples"),
    ):
        command = sub.add_parser(
            name, help=help_text, description=help_text, epilog=EPILOG, formatter_class=formatter
        )
        if name == "show":
            command.add_argument("id", metavar="ID", help="the clause id")
        else:
            command.add_argument("--json", action="store_true", help="print a JSON list")
        command.add_argument(
            "--clauses",
            type=Path,
            action="append",
            default=[],
            metavar="DIR",
            help="an overlay clause folder instead of authority.yaml's (repeatable)",
        )


def run(args: argparse.Namespace) -> int:
    return {"check": _check, "list": _list, "show": _show}[args.action](args)


def _overlays(dirs: list[Path]) -> list[tuple[str, Path]]:
    """The overlay folders: those given, else those of ./authority.yaml, if there is one."""
    if dirs:
        return [(str(d), d) for d in dirs]
    from foi_drafter.authority import PROFILE_NAME, load_profile
    from foi_drafter.clause_check import display_path

    local = Path.cwd() / PROFILE_NAME
    if not local.is_file():
        return []
    return [(display_path(d), d) for d in load_profile(local).clause_dirs()]


def _check(args: argparse.Namespace) -> int:
    from foi_drafter.clause_check import Layer, check_library
    from foi_drafter.library import BUILT_IN
    from foi_drafter.resources import clauses_dir

    overlays = [Layer(name, folder) for name, folder in _overlays(args.dirs)]
    built_in = Layer(BUILT_IN, clauses_dir(), checked=not args.dirs)
    report = check_library(
        [built_in, *overlays], base=args.base, base_layers=overlays or [built_in]
    )
    shown = [p for p in report.problems if args.verbose or p.severity != "info"]
    errors, warnings = report.count("error"), report.count("warning")
    if args.json:
        summary = {"ok": report.ok, "clauses": report.clauses, "files": report.files}
        summary |= {"errors": errors, "warnings": warnings}
        print(json.dumps({**summary, "problems": [p.as_json() for p in shown]}, indent=2))
    else:
        for problem in shown:
            print(problem.as_line())
        found = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        outcome = found if errors or warnings else "no problems"
        print(
            f"checked {_plural(report.clauses, 'clause')} in {_plural(report.files, 'file')}: "
            f"{outcome}"
        )
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _library(args: argparse.Namespace) -> ClauseLibrary:
    from foi_drafter.library import load_library

    return load_library([folder for _, folder in _overlays(args.clauses)])


def _row(loaded: LoadedClause) -> dict[str, Any]:
    from foi_drafter.clause_check import display_path
    from foi_drafter.library import BUILT_IN

    clause = loaded.clause
    return {
        "id": clause.id,
        "title": clause.title,
        "regimes": list(clause.regimes),
        "kind": clause.kind,
        "provision": clause.provision,
        "status": clause.status,
        "version": clause.version,
        "layer": loaded.layer if loaded.layer == BUILT_IN else display_path(Path(loaded.layer)),
        "file": f"{display_path(loaded.path)}:{loaded.line}",
    }


def _list(args: argparse.Namespace) -> int:
    rows = [_row(loaded) for loaded in _library(args)]
    if args.json:
        print(json.dumps(rows, indent=2))
        return EXIT_OK
    header = ["ID", "REGIME", "PROVISION", "A/Q", "VER", "LAYER"]
    cells = [
        [
            row["id"],
            "all" if row["regimes"] == _ALL_REGIMES else ",".join(row["regimes"]),
            row["provision"] or "-",
            {"absolute": "abs", "qualified": "qual"}.get(row["status"] or "", "-"),
            str(row["version"]),
            _shorten(row["layer"], 16),
        ]
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    columns = shutil.get_terminal_size((80, 24)).columns
    gap = 2 if sum(widths) + 2 * (len(widths) - 1) <= columns else 1
    room = columns - sum(widths) - gap * len(widths)
    titles = ["TITLE", *(row["title"] for row in rows)]
    for line, title in zip([header, *cells], titles, strict=True):
        fields = (" " * gap).join(
            cell.ljust(width) for cell, width in zip(line, widths, strict=True)
        )
        if room >= _TITLE_MIN:
            print(f"{fields}{' ' * gap}{_shorten(title, room, left=False)}")
            continue
        print(fields.rstrip())
        if line is not header:
            print(f"    {_shorten(title, min(columns, 80) - 4, left=False)}")
    return EXIT_OK


def _shorten(text: str, width: int, *, left: bool = True) -> str:
    """``text`` in at most ``width`` characters: paths lose their start, titles their end."""
    if len(text) <= width:
        return text
    return "…" + text[1 - width :] if left else text[: width - 1] + "…"


def _show(args: argparse.Namespace) -> int:
    from foi_drafter.clause_check import display_path
    from foi_drafter.clause_samples import SampleRenderer
    from foi_drafter.errors import FoiError

    library = _library(args)
    loaded = library.require(args.id)
    clause = loaded.clause
    row = _row(loaded)
    test = ", ".join(filter(None, [clause.status, clause.test]))
    facts = [
        ("title", clause.title),
        ("kind", clause.kind),
        ("regimes", ", ".join(clause.regimes)),
        ("provision", f"{clause.provision} ({test})" if clause.provision else None),
        ("side", clause.side),
        ("applies to", ", ".join(clause.applies_to) or None),
        ("default", "yes" if clause.default else None),
        ("valid to", clause.valid_to.isoformat() if clause.valid_to else None),
        ("layer", row["layer"]),
        ("file", row["file"]),
        (
            "overrides",
            ", ".join(
                f"version {o.clause.version} in {o.layer} ({display_path(o.path)})"
                for o in library.overridden.get(clause.id, [])
            )
            or None,
        ),
        ("notes", " ".join(clause.notes.split()) if clause.notes else None),
    ]
    print(f"{clause.id} (version {clause.version})")
    for label, value in facts:
        if value:
            print(
                textwrap.fill(
                    value,
                    80,
                    initial_indent=f"  {label + ':':<12}",
                    subsequent_indent=" " * 14,
                    break_on_hyphens=False,
                )
            )
    print("\nvariables:" if clause.variables else "\nvariables: none")
    for variable in clause.variables:
        default = "" if variable.default is None else f" [default: {variable.default}]"
        optional = "" if variable.required else " (optional)"
        print(f"  {variable.name} ({variable.type}){optional}: {variable.prompt}{default}")
    try:
        results = SampleRenderer(library).run(loaded)
    except FoiError as exc:
        print(f"\nsamples: cannot render: {exc}")
        return EXIT_PROBLEMS
    for result in results:
        name = clause.samples[result.index].name
        title = f"sample {result.index + 1}" + (f" ({name})" if name else "")
        note = "" if result.passed else "  [differs from its expected text: run clauses check]"
        print(f"\n{title}:{note}")
        for line in result.actual.splitlines():
            print(f"  {line}".rstrip())
    return EXIT_OK if all(r.passed for r in results) else EXIT_PROBLEMS
