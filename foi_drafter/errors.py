"""Errors that reach the user as one clear line, never as a traceback."""

from __future__ import annotations

# Exit codes: what each one means to a script calling foi-draft.
EXIT_OK = 0
EXIT_PROBLEMS = 1  # the command ran and found problems (check failed, compliance errors)
EXIT_BAD_INPUT = 2  # bad input, bad usage, or a refusal to overwrite
EXIT_INTERRUPTED = 130  # Ctrl-C


class FoiError(Exception):
    """A problem the user can fix; shown as one line and mapped to an exit code.

    ``where`` names the file (and line or field path) the problem is in.
    """

    def __init__(self, message: str, *, where: str | None = None, exit_code: int = EXIT_BAD_INPUT):
        super().__init__(message)
        self.message = message
        self.where = where
        self.exit_code = exit_code

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message
