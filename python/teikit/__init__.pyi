"""Type stubs of teikit: convert, validate and export TEI editions."""

import os
from typing import Any, Dict, List, Optional, Union

__version__: str
PRESETS: List[str]

Diagnostic = Dict[str, Any]
Source = Union[str, bytes, os.PathLike[str]]
ConfigSource = Union[None, str, os.PathLike[str]]

class TeikitError(Exception):
    diagnostic: Optional[Diagnostic]
    diagnostics: List[Diagnostic]
    def __init__(self, message: str, diagnostics: Optional[List[Diagnostic]] = None) -> None: ...

class InputError(TeikitError, ValueError): ...
class ConfigError(TeikitError, ValueError): ...

class Conversion:
    tei: str
    diagnostics: List[Diagnostic]
    documents: int

class Report:
    valid: bool
    diagnostics: List[Diagnostic]
    @property
    def errors(self) -> List[Diagnostic]: ...

def convert(
    source: Source,
    config: ConfigSource = None,
    preset: Optional[str] = None,
    *,
    name: str = "source.txt",
    xml_model: bool = True,
) -> Conversion: ...
def validate(
    source: Source,
    schema: Union[None, str, os.PathLike[str]] = None,
    schematron: bool = True,
    *,
    name: str = "edition.xml",
) -> Report: ...
def export(
    tei: Source,
    to: str = "html",
    config: ConfigSource = None,
    *,
    name: str = "edition.xml",
) -> str: ...
