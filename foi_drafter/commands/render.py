"""``foi-draft render``: answers files to DOCX letters (or plain text)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from foi_drafter.commands.options import add_clauses_option
from foi_drafter.errors import EXIT_OK, FoiError

HELP = "render answers files to DOCX letters, or print a letter as plain text"
EPILOG = """\
examples:
  foi-draft render examples/sefton-s31.yaml                 writes examples/sefton-s31.docx
  foi-draft render case.yaml -o letters/3396225.docx        choose the letter's name
  foi-draft render case.yaml --text                         print the letter, write nothing
  foi-draft render examples/ --out-dir letters/             a batch, with progress
  foi-draft render case.yaml --clauses ../our-clauses       add an authority clause folder

The answers file is copied beside the letter when the letter goes elsewhere.
An existing letter is never overwritten without --force.
exit codes: 0 written, 1 compliance errors stopped the letter, 2 bad input.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("answers", nargs="+", type=Path, help="answers files, or folders of them")
    parser.add_argument("-o", "--output", type=Path, help="the letter to write (one answers file)")
    parser.add_argument("--out-dir", type=Path, help="folder for a batch of letters")
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite existing letters, and write letters despite compliance errors "
        "(the override is recorded in the letter)",
    )
    parser.add_argument("--text", action="store_true", help="print plain text; write no DOCX")
    add_clauses_option(parser)
    parser.add_argument(
        "--json", action="store_true", help="print a JSON summary of what was written"
    )


def answers_files(paths: list[Path]) -> list[Path]:
    """Expand folders into the answers files they hold."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
            if not found:
                raise FoiError("no answers files (.yaml) in this folder", where=str(path))
            files.extend(found)
        else:
            files.append(path)
    return files


def run(args: argparse.Namespace) -> int:
    from foi_drafter.letter_output import render_one

    files = answers_files(args.answers)
    if args.output and len(files) > 1:
        raise FoiError("-o names one letter; for several answers files use --out-dir")
    if args.text:
        for path in files:
            letter = render_one(path, clauses=tuple(args.clauses), text_only=True)
            sys.stdout.write(letter.text)
            _warn(path, letter.warnings)
        return EXIT_OK
    batch = len(files) > 1
    results = []
    for index, path in enumerate(files, start=1):
        if args.output:
            out = args.output
        elif args.out_dir:
            out = args.out_dir / path.with_suffix(".docx").name
        else:
            out = path.with_suffix(".docx")
        result = render_one(path, out=out, force=args.force, clauses=tuple(args.clauses))
        results.append(result)
        if batch and not args.json:
            _progress(index, len(files), path.name)
        elif not args.json:
            print(f"wrote {result.docx}")
        if not args.json:
            _warn(path, result.warnings)
    if batch and not args.json:
        print(f"wrote {len(results)} letters to {args.out_dir or 'their answers files folders'}")
    if args.json:
        print(json.dumps({"letters": [r.summary() for r in results]}, indent=2))
    return EXIT_OK


def _warn(path: Path, warnings: list[str]) -> None:
    """Each warning (clock warnings and compliance findings) as one line on stderr."""
    from foi_drafter.term import warning_line

    for warning in warnings:
        warning_line(f"{path}: {warning}")


def _progress(done: int, total: int, name: str) -> None:
    width = 30
    filled = width * done // total
    bar = "#" * filled + "-" * (width - filled)
    end = "\n" if done == total else "\r"
    stream = sys.stderr
    if stream.isatty():
        stream.write(f"\r[{bar}] {done}/{total} {name[:30]:<30}{end}")
    elif done == total or done % max(1, total // 10) == 0:
        stream.write(f"rendered {done}/{total}\n")
    stream.flush()
