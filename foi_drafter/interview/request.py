"""The request itself: read from a .txt or .eml file, and split into numbered questions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import Path

from foi_drafter.errors import FoiError

REQUEST_SUFFIXES = (".txt", ".eml")

# A line that starts a question: a bullet, "1." / "1)" / "(1)", "(a)" / "a)", or "Q1".
_ITEM = re.compile(
    r"^\s*(?:[-*\u2022\u00b7\u2013]|\(?\d{1,2}[.):]|\(?[a-z]\)|Q(?:uestion)?\s?\d{1,2}[.:)]?)"
    r"\s+(?P<text>\S.*)$"
)


@dataclass(frozen=True)
class RequestFile:
    """A request read from a file; an email also gives its sender and the date it was sent."""

    text: str
    sender_name: str | None = None
    sender_email: str | None = None
    sent: date | None = None


def read_request_file(path: Path) -> RequestFile:
    """Read a request from a ``.txt`` file or an ``.eml`` email's plain-text body."""
    suffix = path.suffix.lower()
    if suffix not in REQUEST_SUFFIXES:
        raise FoiError(f"{path.name}: only .txt and .eml files can be read; paste it instead")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FoiError(f"{path.name}: no such file; check the name and folder") from None
    except IsADirectoryError:
        raise FoiError(f"{path.name} is a folder; give the file inside it") from None
    except OSError as exc:
        raise FoiError(f"{path.name} cannot be read ({exc.strerror or exc})") from None
    found = _from_email(path, data) if suffix == ".eml" else RequestFile(_decode(data))
    text = "\n".join(line.rstrip() for line in found.text.strip().splitlines())
    if not text:
        raise FoiError(f"{path.name} holds no request text")
    return RequestFile(text, found.sender_name, found.sender_email, found.sent)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _from_email(path: Path, data: bytes) -> RequestFile:
    message = BytesParser(policy=policy.default).parsebytes(data)
    body = message.get_body(preferencelist=("plain",))
    if body is None:
        raise FoiError(f"{path.name} has no plain-text body; paste the request instead")
    try:
        text = body.get_content()
    except (LookupError, UnicodeError):
        text = _decode(body.get_payload(decode=True) or b"")
    name, address = parseaddr(str(message.get("From", "")))
    try:
        sent_header = message.get("Date")
        sent = sent_header.datetime.date() if sent_header and sent_header.datetime else None
    except (AttributeError, ValueError, TypeError):
        sent = None
    return RequestFile(text, name or None, address or None, sent)


def split_questions(request: str) -> list[str]:
    """The questions in a request: its numbered or bulleted items, else the whole request.

    An item runs on over the lines that follow it, up to a blank line or the next item.
    """
    items: list[list[str]] = []
    current: list[str] | None = None
    for line in request.splitlines():
        match = _ITEM.match(line)
        if match:
            current = [match["text"].strip()]
            items.append(current)
        elif not line.strip():
            current = None
        elif current is not None:
            current.append(line.strip())
    questions = [" ".join(parts) for parts in items]
    return questions or [" ".join(request.split())]


def question_lines(text: str) -> list[str]:
    """Questions typed one per line; a leading number or bullet is dropped."""
    lines = []
    for line in text.splitlines():
        match = _ITEM.match(line)
        cleaned = (match["text"] if match else line).strip()
        if cleaned:
            lines.append(cleaned)
    return lines
