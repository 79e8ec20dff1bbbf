"""``foi-draft new``: the questionnaire that drafts a response letter end to end."""

from __future__ import annotations

import argparse
import contextlib
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foi_drafter.errors import EXIT_INTERRUPTED, EXIT_OK, FoiError

if TYPE_CHECKING:
    from foi_drafter.answers_file import LoadedCase
    from foi_drafter.compliance import ComplianceReport
    from foi_drafter.compose import Letter
    from foi_drafter.drafts import DraftFile
    from foi_drafter.interview.engine import Interview, Step
    from foi_drafter.interview.view import TerminalView

HELP = "draft a response by answering plain questions; writes the DOCX and its answers file"
EPILOG = """\
examples:
  foi-draft new                                    ask the questions; write REF.docx here
  foi-draft new --profile council/authority.yaml   use your authority's profile
  foi-draft new --out-dir letters/                 write the letter and answers there
  foi-draft new --resume .foi-draft/3396225.draft.yaml   carry on after Ctrl-C
  foi-draft new --from letters/3396225.yaml        start from an earlier case's answers

The profile is authority.yaml in this folder unless --profile says otherwise
(else the bundled example council). Every answer is saved at once to a draft in
.foi-draft/ (readable by you only): stop at any time with Ctrl-C and carry on
with --resume. Before anything is written you see the whole letter, its
deadlines and any warnings, and can go back to change an answer. Existing files
are only replaced if you say so. Re-render after editing the answers file with
'foi-draft render REF.yaml --force'.
exit codes: 0 written (or stopped, draft kept), 2 bad input, 130 interrupted.
"""

_NOT_A_TERMINAL = (
    "'foi-draft new' asks questions, so it needs a terminal; "
    "to make a letter from an answers file use 'foi-draft render ANSWERS.yaml'"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", type=Path, metavar="PATH", help="the authority.yaml to use")
    parser.add_argument(
        "--out-dir", type=Path, metavar="DIR", help="where to write (default: this folder)"
    )
    start = parser.add_mutually_exclusive_group()
    start.add_argument(
        "--resume", type=Path, metavar="DRAFT", help="carry on from a draft in .foi-draft/"
    )
    start.add_argument(
        "--from",
        dest="from_",
        type=Path,
        metavar="ANSWERS",
        help="take an earlier answers file's reasons, outcomes and paragraphs as defaults",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing letter without asking"
    )


def run(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise FoiError(_NOT_A_TERMINAL)
    from datetime import date, datetime

    from foi_drafter.drafts import DraftFile, load_draft
    from foi_drafter.interview.engine import Interview
    from foi_drafter.interview.view import TerminalView

    cwd = Path.cwd()
    out_dir = (args.out_dir or cwd).resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise FoiError(f"{out_dir} is a file; give a folder with --out-dir")
    prior, prior_base = _prior(args.from_)
    engine = Interview(
        base=out_dir,
        today=date.today(),
        cwd=cwd,
        profile=_profile(args.profile, cwd, resuming=args.resume is not None),
        prior=prior,
        prior_base=prior_base,
        answers=load_draft(args.resume) if args.resume else None,
    )
    drafts = DraftFile(out_dir, path=args.resume, started=datetime.now())
    return Session(engine, drafts, TerminalView(), out_dir, force=args.force).run()


def _profile(given: Path | None, cwd: Path, *, resuming: bool) -> str | None:
    """The profile chosen before any question: --profile, else authority.yaml here."""
    from foi_drafter.authority import PROFILE_NAME, load_profile

    if given is None:
        local = cwd / PROFILE_NAME
        return str(local.resolve()) if local.is_file() and not resuming else None
    path = given / PROFILE_NAME if given.is_dir() else given
    if not path.is_file():
        raise FoiError(
            "authority profile not found; check the path given to --profile", where=str(path)
        )
    load_profile(path)
    return str(path.resolve())


def _prior(path: Path | None) -> tuple[dict[str, Any] | None, Path | None]:
    """An earlier answers file's data, whose answers become defaults."""
    if path is None:
        return None, None
    from foi_drafter.yaml_source import load_yaml

    data = load_yaml(path, what="answers file").data
    if not isinstance(data, dict):
        raise FoiError("an answers file must be a mapping of fields", where=str(path))
    return data, path.resolve().parent


class Session:
    """One run of the questionnaire: ask, preview, change, write; the draft kept throughout."""

    def __init__(
        self,
        engine: Interview,
        drafts: DraftFile,
        view: TerminalView,
        out_dir: Path,
        *,
        force: bool = False,
    ) -> None:
        self.engine, self.drafts, self.view = engine, drafts, view
        self.out_dir = out_dir
        self.force = force

    def run(self) -> int:
        try:
            return self._run()
        except (KeyboardInterrupt, EOFError):
            self.view.say()
            self._tell_draft("Stopped.")
            return EXIT_INTERRUPTED
        except FoiError:
            self._tell_draft("Stopped.")
            raise
        except Exception:
            with contextlib.suppress(Exception):  # the original error matters more
                self._tell_draft("Something went wrong, but your answers are safe.")
            raise

    def _run(self) -> int:
        self.view.say("Answer each question; press Enter to take the answer shown.")
        self.view.say("Ctrl-C stops at any time; your answers so far are kept.")
        self.view.say()
        while True:
            self._interview()
            try:
                loaded, letter = self._compose()
            except FoiError as exc:
                self.view.warn(f"the letter cannot be made from these answers: {exc}")
                action = self._menu(can_write=False, errors=True)
            else:
                report = self._preview(loaded, letter)
                action = self._menu(can_write=True, errors=bool(report.errors))
                if action in ("write", "override") and self._write(
                    loaded, letter, report, override=action == "override"
                ):
                    return EXIT_OK
            if action == "change":
                self._change()
            elif action == "stop":
                self._tell_draft("Nothing written.")
                return EXIT_OK

    def _interview(self) -> None:
        from foi_drafter.interview.engine import AnswerError

        engine = self.engine
        step = engine.next_step()
        while step is not None:
            asked = step
            raw = self.view.ask(asked, partial(engine.check, asked))
            try:
                step = engine.answer(asked, raw)
            except AnswerError as exc:
                self.view.warn(str(exc))
            self._save()

    def _save(self) -> None:
        if self.engine.answers:
            self.drafts.save(
                self.engine.answers_file(), dict(self.engine.answers), self.engine.reference
            )

    def _tell_draft(self, first: str) -> None:
        self._save()
        path = self.drafts.path
        if path is None:
            self.view.say(f"{first} No answers were given, so there is nothing to keep.")
            return
        self.view.say(f"{first} Your answers are saved (readable by you only) in:")
        self.view.command(_shown(path))
        self.view.say("Carry on with:")
        self.view.command(f"foi-draft new --resume {_shown(path)}")

    def _compose(self) -> tuple[LoadedCase, Letter]:
        from foi_drafter.compose import compose

        loaded = self.engine.loaded()
        return loaded, compose(loaded, today=self.engine.today)

    def _preview(self, loaded: LoadedCase, letter: Letter) -> ComplianceReport:
        """Show the letter, its deadlines and its compliance findings."""
        from foi_drafter.formatting import long_date
        from foi_drafter.interview.view import width, wrap_text
        from foi_drafter.letter_output import check_case

        view = self.view
        view.heading("Preview of the letter")
        print(wrap_text(letter.text, width()), file=view.stream)
        view.heading("Deadlines")
        deadlines = letter.deadlines
        for label, day in (
            ("Response due", deadlines.response_due),
            ("Extended date", deadlines.extended_due),
            ("Review requests by", deadlines.review_request_by),
        ):
            if day:
                view.say(f"{label}: {long_date(day)}", indent="  ")
        report = check_case(loaded, letter, today=self.engine.today)
        for message in letter.warnings:
            view.warn(message)
        for finding in report.findings:
            view.warn(f"{finding.message} ({finding.ref})", severity=finding.severity)
        if not letter.warnings and not report.findings:
            view.say("No compliance problems found.", indent="  ")
        if report.errors:
            view.say("Go back and change the answers behind the errors before writing.")
        return report

    def _menu(self, *, can_write: bool, errors: bool) -> str:
        from foi_drafter.interview.engine import Choice, Step

        write = Choice("write", "Write the letter and its answers file")
        override = Choice("override", "Write it despite the errors (recorded in the letter)")
        change = Choice("change", "Go back and change an answer")
        stop = Choice("stop", "Stop here and keep the draft")
        if not can_write:
            choices: tuple[Choice, ...] = (change, stop)
        else:
            choices = (change, stop, override) if errors else (write, change, stop)
        step = Step("menu", "select", "What next?", default=choices[0].value, choices=choices)
        return self.view.ask(step)

    def _change(self) -> None:
        from foi_drafter.interview.engine import Choice, Step

        choices = tuple(
            Choice(step.key, _history_title(step, value)) for step, value in self.engine.history()
        )
        pick = Step("change", "select", "Which answer?", default=choices[-1].value, choices=choices)
        self.engine.reopen(self.view.ask(pick))
        self._save()

    def _write(
        self, loaded: LoadedCase, letter: Letter, report: ComplianceReport, *, override: bool
    ) -> bool:
        """Write the DOCX and the answers file; False (after saying why) if they cannot be.

        ``override`` writes a letter despite compliance errors, as ``render --force`` does.
        """
        from foi_drafter.atomic import write_atomic
        from foi_drafter.drafts import dump_yaml, file_stem
        from foi_drafter.letter_output import write_letter_file

        stem = file_stem(self.engine.reference or "letter")
        replace = self.force
        docx, answers = self._targets(stem)
        if not replace and (docx.exists() or answers.exists()):
            replace = self._ask_replace(docx, answers)
            if not replace:
                docx, answers = self._free_targets(stem)
                self.view.say(f"Keeping them; writing {docx.name} and {answers.name} instead.")
        header = (
            f"# Answers for request {self.engine.reference}, from 'foi-draft new'.\n"
            f"# After editing, re-render with: foi-draft render {answers.name} --force\n"
        )
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            write_letter_file(loaded, letter, docx, force=replace or override, report=report)
            write_atomic(
                answers, dump_yaml(self.engine.answers_file(), header), force=replace, mode=0o600
            )
        except FoiError as exc:
            self.view.warn(f"not written: {exc}")
            return False
        self.drafts.remove()
        view = self.view
        view.say()
        view.say("Wrote the letter:")
        view.command(_shown(docx))
        view.say("and its answers file (readable by you only):")
        view.command(_shown(answers))
        view.say("Next: open the letter in Word, check it, and send it by the due date.")
        view.say("To change it later, edit the answers file and render it again:")
        view.command(f"foi-draft render {_shown(answers)} --force")
        return True

    def _targets(self, stem: str) -> tuple[Path, Path]:
        return self.out_dir / f"{stem}.docx", self.out_dir / f"{stem}.yaml"

    def _free_targets(self, stem: str) -> tuple[Path, Path]:
        number = 2
        while any(p.exists() for p in self._targets(f"{stem}-{number}")):
            number += 1
        return self._targets(f"{stem}-{number}")

    def _ask_replace(self, docx: Path, answers: Path) -> bool:
        from foi_drafter.interview.engine import Step

        existing = [p.name for p in (docx, answers) if p.exists()]
        message = (
            f"{existing[0]} already exists. Replace it?"
            if len(existing) == 1
            else f"{' and '.join(existing)} already exist. Replace them?"
        )
        step = Step("replace", "confirm", message, default=False)
        return bool(self.view.ask(step))


def _history_title(step: Step, value: Any) -> str:
    """An answered step for the 'change an answer' list; requester details are not shown."""
    shown = "..." if step.key.startswith("requester.") else step.summary(value)
    title = f"{step.message}: {shown}"
    return title if len(title) <= 74 else title[:71] + "..."


def _shown(path: Path) -> str:
    """A path as short as it can be: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
