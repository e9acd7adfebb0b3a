"""Type stubs of teikit._native, the Rust side of the package (see teikit/__init__.py).

Every function releases the GIL while teikit works. Diagnostics and
summaries come back as JSON text: a list of the objects `--diagnostics json`
prints, and one `teikit-summary/1` object.
"""

from os import PathLike
from typing import List, Optional, TypedDict, Union

__version__: str
PRESETS: List[str]

class ConvertResult(TypedDict):
    tei: Optional[str]
    diagnostics: str
    documents: int
    exit_code: int
    failure: Optional[str]
    printed: Optional[str]
    summary: str

class ValidateResult(TypedDict):
    valid: bool
    io_error: bool
    diagnostics: str
    exit_code: int
    printed: Optional[str]
    summary: str

class ExportResult(TypedDict):
    output: Optional[str]
    diagnostics: str
    documents: int
    exit_code: int
    failure: Optional[str]
    printed: Optional[str]
    summary: str

def convert(
    source: bytes,
    file: str,
    config_toml: Optional[str] = None,
    config_file: str = "edition.toml",
    preset: Optional[str] = None,
    xml_model: bool = True,
    printed: Optional[str] = None,
) -> ConvertResult: ...
def validate(
    source: bytes,
    file: str,
    schema: Optional[Union[str, PathLike[str]]] = None,
    rules: bool = True,
    printed: Optional[str] = None,
) -> ValidateResult: ...
def export(
    tei: bytes,
    file: str,
    to: str,
    config_toml: Optional[str] = None,
    config_file: str = "edition.toml",
) -> ExportResult: ...
def expand_inputs(paths: List[Union[str, PathLike[str]]], extensions: List[str]) -> List[str]: ...
def config_path_for(
    explicit: Optional[Union[str, PathLike[str]]], input: Union[str, PathLike[str]]
) -> Optional[str]: ...
def out_dir_target(dir: Union[str, PathLike[str]], source: Union[str, PathLike[str]]) -> str: ...
def merge_summaries(command: str, summaries: List[str]) -> str: ...
def write_failed_code() -> str: ...
