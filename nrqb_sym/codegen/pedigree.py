r"""Pedigree of generated files: the hash of the model and pipeline sources, and the header.

Every generated kernel module and derivation document starts with :func:`header`: what produced
it, the SHA-256 of the model and pipeline sources plus the SymPy version (:func:`pipeline_hash`),
and the command that regenerates it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

__all__ = ["PIPELINE_MODULES", "REGENERATE", "pipeline_hash", "header"]

#: The modules whose source defines the model and the pipeline; their text is hashed.
PIPELINE_MODULES = (
    "model/core.py",
    "model/operators.py",
    "derive/elimination.py",
    "derive/moments.py",
    "derive/nonreciprocity.py",
    "derive/solutions.py",
    "derive/ergotropy.py",
    "derive/spectrum.py",
    "derive/special.py",
    "derive/pipeline.py",
    "codegen/pedigree.py",
    "codegen/kernels.py",
    "codegen/documents.py",
    "codegen/write.py",
)

REGENERATE = "nrqb generate"


def pipeline_hash() -> str:
    """SHA-256 of the pipeline sources (line endings normalised) and the SymPy version."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent.parent
    for name in PIPELINE_MODULES:
        text = (here / name).read_text(encoding="utf-8").replace("\r\n", "\n")
        h.update(name.encode() + b"\0" + text.encode() + b"\0")
    h.update(f"sympy=={importlib.metadata.version('sympy')}".encode())
    return h.hexdigest()


def header(what: str, comment: str = "#", digest: str | None = None) -> str:
    """The pedigree header of a generated file."""
    digest = digest or pipeline_hash()
    lines = [
        "GENERATED FILE - DO NOT EDIT.",
        f"Contents: {what}.",
        "Produced by nrqb_sym.codegen from the model nrqb_sym.model.core.three_mode_model",
        "through the pipeline model -> elimination -> moments -> nonreciprocity -> solutions ->",
        "spectrum.",
        f"Model+pipeline hash: sha256:{digest}",
        f"SymPy {importlib.metadata.version('sympy')}.",
        f"Regenerate with: {REGENERATE}    (check with: {REGENERATE} --check)",
    ]
    if comment == "#":
        return "\n".join("# " + line for line in lines) + "\n# ruff: noqa\n"
    return "<!--\n" + "\n".join(lines) + "\n-->\n"
