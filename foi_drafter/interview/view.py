"""The terminal view of the interview: each engine step asked as a questionary prompt.

The view decides nothing: it shows a step's notes, warnings and help, asks the
question with the step's default, and shows the engine's validation message
inline until the answer is accepted. Ctrl-C raises KeyboardInterrupt.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from foi_drafter.interview.engine import Choice, Step
from foi_drafter.term import style

if TYPE_CHECKING:
    from prompt_toolkit.completion import Completer
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output
    from prompt_toolkit.styles import Style

MAX_WIDTH = 80
LONG_TEXT_HINT = "\n  (Esc then Enter to finish)\n>"
CHECKBOX_HINT = "\n  (space to select, Enter to confirm)"
# questionary's style classes; with NO_COLOR each is reset to the terminal's plain text.
_STYLE_CLASSES = (
    "qmark",
    "question",
    "answer",
    "pointer",
    "highlighted",
    "selected",
    "separator",
    "instruction",
    "text",
    "disabled",
    "search_success",
    "search_none",
)
_ITEM_PREFIX = re.compile(r"\s*(?:- |\d+\. )?")

Check = Callable[[Any], "str | None"]


def width() -> int:
    """The width to lay text out in: the terminal's, at most 80 columns."""
    return min(MAX_WIDTH, shutil.get_terminal_size((MAX_WIDTH, 24)).columns)


def wrap_text(text: str, columns: int) -> str:
    """Wrap each line of a plain-text letter, keeping list items' hanging indent."""
    wrapped = []
    for line in text.splitlines():
        if not line.strip():
            wrapped.append("")
            continue
        indent = " " * _ITEM_PREFIX.match(line).end()
        wrapped.append(
            textwrap.fill(
                line,
                columns,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(wrapped)


def plain_style() -> Style | None:
    """A questionary style without colour or emphasis when NO_COLOR is set, else None."""
    if not os.environ.get("NO_COLOR"):
        return None
    from prompt_toolkit.styles import Style

    return Style([(name, "noinherit") for name in _STYLE_CLASSES])


def choice_completer(choices: Iterable[Choice]) -> Completer:
    """Completions for an autocomplete step: choices whose words contain every typed word."""
    from prompt_toolkit.completion import CompleteEvent, Completer, Completion
    from prompt_toolkit.document import Document

    options = tuple(choices)

    class _Search(Completer):
        def get_completions(
            self, document: Document, complete_event: CompleteEvent
        ) -> Iterator[Completion]:
            typed = document.text_before_cursor
            words = typed.casefold().split()
            for choice in options:
                haystack = f"{choice.value} {choice.title} {choice.keywords}".casefold()
                if all(word in haystack for word in words):
                    yield Completion(
                        str(choice.value),
                        start_position=-len(typed),
                        display=choice.title,
                        display_meta=choice.meta,
                    )

    return _Search()


class TerminalView:
    """Asks steps with questionary; ``input`` and ``output`` are for tests (pipe input)."""

    def __init__(
        self,
        *,
        input: Input | None = None,
        output: Output | None = None,
        stream: TextIO | None = None,
    ) -> None:
        self._io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}
        self.stream = stream or sys.stdout
        self.style = plain_style()

    # --- plain output --------------------------------------------------------------------

    def say(self, text: str = "", *, indent: str = "") -> None:
        """Print text wrapped to the terminal, each line indented by ``indent``."""
        columns = width() - len(indent)
        for line in text.splitlines() or [""]:
            filled = textwrap.fill(line, columns, break_long_words=False, break_on_hyphens=False)
            print(textwrap.indent(filled, indent) if filled else "", file=self.stream)

    def command(self, text: str) -> None:
        """A path or command to copy, on its own indented line and never wrapped."""
        print(f"  {text}", file=self.stream)

    def warn(self, text: str, *, severity: str = "warning") -> None:
        """A warning (or an error) for the officer, on stdout with the questions."""
        colour = "red" if severity == "error" else "yellow"
        self.say(f"{style(severity + ':', colour, self.stream)} {text}")

    def heading(self, text: str) -> None:
        rule = "-" * max(0, width() - len(text) - 4)
        print(f"\n-- {style(text, 'bold', self.stream)} {rule}", file=self.stream)

    # --- questions -----------------------------------------------------------------------

    def ask(self, step: Step, check: Check | None = None) -> Any:
        """Show the step's notes, then ask it until ``check`` accepts the answer."""
        for note in step.notes:
            self.say(note, indent="  ")
        for warning in step.warnings:
            self.warn(warning)
        if step.help:
            self.say(step.help, indent="  ")
        return self.question(step, check).unsafe_ask()

    def question(self, step: Step, check: Check | None = None) -> Any:
        """The questionary question for a step (not yet asked)."""
        import questionary

        common: dict[str, Any] = {"style": self.style, **self._io}
        typed = {**common, "validate_while_typing": False}
        validate = (lambda raw: check(raw) or True) if check else None
        default = step.default
        if step.kind in ("text", "date"):
            return questionary.text(step.message, default=default or "", validate=validate, **typed)
        if step.kind == "long-text":
            return questionary.text(
                step.message,
                default=default or "",
                multiline=True,
                instruction=LONG_TEXT_HINT,
                validate=validate,
                **typed,
            )
        if step.kind == "autocomplete":
            return questionary.autocomplete(
                step.message,
                choices=[c.title for c in step.choices],
                default=default or "",
                completer=choice_completer(step.choices),
                validate=validate,
                **typed,
            )
        choices = [
            questionary.Choice(
                c.title,
                value=c.value,
                checked=step.kind == "checkbox" and c.value in (default or ()),
            )
            for c in step.choices
        ]
        if step.kind == "select":
            return questionary.select(step.message, choices=choices, default=default, **common)
        if step.kind == "checkbox":
            return questionary.checkbox(
                step.message,
                choices=choices,
                instruction=CHECKBOX_HINT,
                validate=validate or (lambda _: True),
                **common,
            )
        return questionary.confirm(step.message, default=bool(default), **common)
