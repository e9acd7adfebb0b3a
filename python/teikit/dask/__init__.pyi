"""Type stubs of teikit.dask: a teikit batch on a Dask cluster."""

from typing import Any, Dict, List, Optional, Sequence, Tuple

def convert_batch(
    client: Any,
    sources: Sequence[str],
    out_dir: str,
    config: Optional[str] = None,
    diagnostics: str = "human",
    xml_model: bool = True,
    deny_warnings: bool = False,
) -> Tuple[Dict[str, Any], List[str]]: ...
def validate_batch(
    client: Any,
    files: Sequence[str],
    schema: Optional[str] = None,
    rules: bool = True,
    fmt: str = "human",
) -> Tuple[Dict[str, Any], List[str]]: ...
def main(argv: Optional[Sequence[str]] = None) -> int: ...
