"""teikit: plain-text documentary editions to valid TEI P5, validation and export.

The Rust library does the work (in ``teikit._native``, with the GIL
released); this module turns Python values into its inputs and its failures
into exceptions. Diagnostics are dicts with the fields of the command line's
``--diagnostics json``: ``code``, ``severity``, ``message``, ``help``,
``file``, ``line``, ``column``, ``end_line``, ``end_column`` (and ``labels``
when a diagnostic points at more than one place).

    >>> import teikit
    >>> result = teikit.convert(open("source.txt").read(), name="source.txt")
    >>> teikit.validate(result.tei).valid
    True
    >>> page = teikit.export(result.tei, to="html")
"""

from __future__ import annotations

import json
import os
import pathlib
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Union

from . import _native

__all__ = [
    "Conversion",
    "Report",
    "TeikitError",
    "InputError",
    "ConfigError",
    "convert",
    "validate",
    "export",
    "PRESETS",
    "__version__",
]

__version__: str = _native.__version__
PRESETS: List[str] = list(_native.PRESETS)

Diagnostic = Dict[str, Any]
Source = Union[str, bytes, "os.PathLike[str]"]


class TeikitError(Exception):
    """A failure of teikit, with the diagnostics that explain it.

    ``diagnostic`` is the first error (a dict like every diagnostic, or None
    when the failure has no place in a file); ``diagnostics`` are all of them.
    """

    def __init__(self, message: str, diagnostics: Optional[List[Diagnostic]] = None):
        super().__init__(message)
        self.diagnostics: List[Diagnostic] = list(diagnostics or [])
        errors = [d for d in self.diagnostics if d.get("severity") == "error"]
        self.diagnostic: Optional[Diagnostic] = (errors or self.diagnostics or [None])[0]


class InputError(TeikitError, ValueError):
    """The input has errors: a source that does not convert, bytes that are not
    UTF-8, TEI that does not read."""


class ConfigError(TeikitError, ValueError):
    """The edition config, the preset or the schema is not usable."""


@dataclass(frozen=True)
class Conversion:
    """A converted source: the TEI document and the diagnostics (warnings and
    advice; a source with errors raises :class:`InputError` instead)."""

    tei: str
    diagnostics: List[Diagnostic] = field(default_factory=list)
    documents: int = 0


@dataclass(frozen=True)
class Report:
    """The validation of one file: ``valid`` when no diagnostic is an error."""

    valid: bool
    diagnostics: List[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> List[Diagnostic]:
        return [d for d in self.diagnostics if d["severity"] == "error"]


def _read(source: Source, name: str) -> "tuple[bytes, str]":
    """The bytes of ``source`` and the name diagnostics give it: a path-like
    is read from disk, a str is the text itself, bytes are the file's bytes."""
    if isinstance(source, bytes):
        return source, name
    if isinstance(source, str):
        return source.encode("utf-8"), name
    if isinstance(source, os.PathLike):
        path = os.fspath(source)
        with open(path, "rb") as f:
            return f.read(), path
    raise TypeError(
        f"expected str, bytes or a path (os.PathLike), not {type(source).__name__}"
    )


def _config(config: Union[None, str, "os.PathLike[str]"]) -> "tuple[Optional[str], str]":
    """The TOML text of ``config`` and the name diagnostics give it: a
    path-like is read from disk, a str is TOML text."""
    if config is None:
        return None, "edition.toml"
    if isinstance(config, str):
        return config, "<config>"
    if isinstance(config, os.PathLike):
        path = os.fspath(config)
        with open(path, encoding="utf-8") as f:
            return f.read(), path
    raise TypeError(
        f"config: expected TOML text (str) or a path (os.PathLike), not {type(config).__name__}"
    )


def _raise(result: Dict[str, Any], what: str) -> None:
    diagnostics = json.loads(result["diagnostics"])
    failure = result.get("failure")
    if failure is None:
        return
    first = next((d for d in diagnostics if d["severity"] == "error"), None)
    message = f"{what}: {first['message']}" if first else what
    if first and first.get("help"):
        message += f" (help: {first['help']})"
    if failure == "config":
        raise ConfigError(message, diagnostics)
    raise InputError(message, diagnostics)


def convert(
    source: Source,
    config: Union[None, str, "os.PathLike[str]"] = None,
    preset: Optional[str] = None,
    *,
    name: str = "source.txt",
    xml_model: bool = True,
) -> Conversion:
    """Convert a plain-text edition to TEI P5, as ``teikit convert`` does.

    ``source`` is the text (str), the file's bytes, or a path to read. ``name``
    names a text or bytes source in diagnostics and in the TEI header (a
    path names itself). ``config`` is the edition config: TOML text (str) or
    a path; for a path source without one, ``edition.toml`` beside it is read
    when present, as on the command line. ``preset`` selects a built-in
    config by name (see ``teikit.PRESETS``); an unknown name raises
    :class:`ConfigError`. ``xml_model=False`` leaves out the
    ``<?xml-model?>`` declaration of teikit's edition profile.

    Raises :class:`InputError` when the source has errors (``.diagnostics``
    holds them all) and :class:`ConfigError` for a bad config or preset.
    """
    if config is not None and preset is not None:
        raise ConfigError("give a config or a preset, not both")
    data, file = _read(source, name)
    if config is None and preset is None and isinstance(source, os.PathLike):
        beside = _native.config_path_for(None, file)
        if beside is not None:
            config = pathlib.Path(beside)
    toml, config_file = _config(config)
    result = _native.convert(
        data,
        file,
        config_toml=toml,
        config_file=config_file,
        preset=preset,
        xml_model=xml_model,
    )
    _raise(result, f"cannot convert {file}")
    diagnostics = json.loads(result["diagnostics"])
    if result["tei"] is None:
        raise InputError(
            f"{file} has errors: "
            + "; ".join(
                f"{d['line']}:{d['column']} {d['message']}"
                for d in diagnostics
                if d["severity"] == "error"
            ),
            diagnostics,
        )
    return Conversion(tei=result["tei"], diagnostics=diagnostics, documents=result["documents"])


def validate(
    source: Source,
    schema: Union[None, str, "os.PathLike[str]"] = None,
    schematron: bool = True,
    *,
    name: str = "edition.xml",
) -> Report:
    """Validate a TEI file, as ``teikit validate`` does.

    ``source`` is the XML text (str), the file's bytes, or a path to read.
    ``schema`` is a RELAX NG file (a path; compiled once per process);
    without it the file is checked against tei_all, or against teikit's
    edition profile when it declares it. ``schematron`` runs teikit's edition
    rules too (the checks a Schematron layer makes: IDs, pointers, dates,
    numbering; ``teikit rules`` lists them).

    An invalid file is a :class:`Report` with ``valid=False``, not an
    exception. Raises :class:`InputError` for bytes that are not UTF-8 and
    :class:`ConfigError` for a schema that does not load.
    """
    data, file = _read(source, name)
    schema_path = os.fspath(schema) if schema is not None else None
    try:
        result = _native.validate(data, file, schema=schema_path, rules=schematron)
    except ValueError as e:
        raise ConfigError(str(e)) from None
    diagnostics = json.loads(result["diagnostics"])
    if result["io_error"]:
        raise InputError(f"cannot validate {file}: {diagnostics[0]['message']}", diagnostics)
    return Report(valid=result["valid"], diagnostics=diagnostics)


def export(
    tei: Source,
    to: str = "html",
    config: Union[None, str, "os.PathLike[str]"] = None,
    *,
    name: str = "edition.xml",
) -> str:
    """Export a TEI edition, as ``teikit export --to TO`` writes one file.

    ``tei`` is the XML text (str), the file's bytes, or a path to read. ``to``
    is ``html`` (one self-contained page, style sheet inlined), ``text`` (the
    plain-text conventions of the source), ``markdown`` or ``json`` (the
    document model). ``config`` (TOML text or a path) gives the labels the
    text and Markdown exports write.

    Raises :class:`InputError` when the TEI has errors and ``ValueError`` for
    an unknown format.
    """
    data, file = _read(tei, name)
    toml, config_file = _config(config)
    result = _native.export(data, file, to, config_toml=toml, config_file=config_file)
    _raise(result, f"cannot export {file}")
    return result["output"]
