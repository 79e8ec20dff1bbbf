"""Load YAML files safely, remembering the line of every value for error messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from foi_drafter.errors import FoiError

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

# libyaml's safe loader when PyYAML has it (much faster), else the pure-Python one.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    """A parsed YAML file: its data, and the node tree that knows each value's line."""

    path: Path
    data: Any
    root: yaml.Node | None

    def node(self, loc: tuple[Any, ...]) -> yaml.Node | None:
        """The node at ``loc``, or None if there is none."""
        node = self.root
        for part in loc:
            node = _child(node, part)
            if node is None:
                return None
        return node

    def line_of(self, loc: tuple[Any, ...]) -> int | None:
        """The 1-based line of the value at ``loc``, or of its nearest parent."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line

    def where(self, loc: tuple[Any, ...] = ()) -> str:
        """``file:line`` for a location, as error messages show it."""
        line = self.line_of(loc)
        return f"{self.path}:{line}" if line else str(self.path)


def _child(node: yaml.Node | None, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def read_text(path: Path, *, what: str = "file") -> str:
    """Read a UTF-8 text file, turning every failure into a one-line FoiError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FoiError(f"{what} not found; check the path", where=str(path)) from None
    except IsADirectoryError:
        raise FoiError(f"is a folder, not a {what}", where=str(path)) from None
    except OSError as exc:
        raise FoiError(f"cannot read {what}: {exc.strerror}", where=str(path)) from None
    if b"\x00" in raw:
        raise FoiError(f"is a binary file, not a YAML {what}", where=str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FoiError(
            f"is not UTF-8 text (byte {exc.start}); save it as UTF-8", where=str(path)
        ) from None


def load_yaml(path: Path, *, what: str = "YAML file") -> YamlDocument:
    """Parse ``path`` with the safe loader; syntax errors name the file and line."""
    text = read_text(path, what=what)
    loader = _SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FoiError(
            f"YAML syntax error: {problem}; check indentation and quoting", where=where
        ) from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, root)


def load_model(path: Path, model: type[M], *, what: str) -> tuple[M, YamlDocument]:
    """Load a YAML mapping and validate it as ``model``; errors name file, line and field."""
    from pydantic import ValidationError

    document = load_yaml(path, what=what)
    if not isinstance(document.data, dict):
        raise FoiError(f"an {what} must be a mapping of fields", where=str(path))
    try:
        return model.model_validate(document.data), document
    except ValidationError as exc:
        raise validation_error(exc, document) from None


def validation_error(exc: Any, document: YamlDocument, *, prefix: tuple[Any, ...] = ()) -> FoiError:
    """Turn the first pydantic validation error into ``file:line: field.path: message``."""
    error = exc.errors()[0]
    loc = prefix + tuple(part for part in error["loc"] if not _is_union_tag(part))
    field = ".".join(str(p) for p in loc) or "(top level)"
    message = _message(error)
    more = len(exc.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return FoiError(f"{field}: {message}{suffix}", where=document.where(loc))


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and (part.startswith("function-") or "[" in part)


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required but missing; add it"
    if kind == "extra_forbidden":
        return "is not a known field; check its spelling or remove it"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"must be one of {expected}"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return message[0].lower() + message[1:] if message else kind
