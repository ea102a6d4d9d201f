r"""Pedigree of generated files: the hash of the model and pipeline sources, and the header.

Every generated kernel module and derivation document starts with :func:`header`: what produced
it, the SHA-256 of the model file and of the pipeline sources plus the SymPy version, and the
command that regenerates it.

The pipeline sources are every ``.py`` file of the ``model``, ``derive`` and ``codegen`` layers
and the compiled numerics the kernels are used with (``runtime/numerics.py``):
a change to any of them marks every generated file stale, so a kernel is never compiled against
numerics it was not generated for (Numba's cache looks at the caller's file only).  Hashing
reads files and the installed SymPy's version string; it imports neither SymPy nor Numba.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from functools import lru_cache
from pathlib import Path

__all__ = ["PIPELINE_LAYERS", "PIPELINE_FILES", "pipeline_hash", "model_digest", "header"]

#: The layers whose sources define the models and the pipeline.
PIPELINE_LAYERS = ("model", "derive", "codegen")
#: Runtime files the generated kernels call.
KERNEL_NUMERICS = ("runtime/numerics.py", "runtime/odes.py", "runtime/polynomials.py")

_HERE = Path(__file__).resolve().parent.parent


def _pipeline_files() -> tuple[str, ...]:
    files = [
        p.relative_to(_HERE).as_posix()
        for layer in PIPELINE_LAYERS
        for p in (_HERE / layer).rglob("*.py")
        if "__pycache__" not in p.parts
    ]
    return tuple(sorted(files + list(KERNEL_NUMERICS)))


#: The files hashed into :func:`pipeline_hash`, relative to the package.
PIPELINE_FILES = _pipeline_files()


def sympy_version() -> str:
    """The installed SymPy's version (read from its metadata; SymPy is not imported)."""
    return importlib.metadata.version("sympy")


@lru_cache(maxsize=1)
def pipeline_hash() -> str:
    """SHA-256 of the pipeline sources (line endings normalised) and the SymPy version."""
    h = hashlib.sha256()
    for name in PIPELINE_FILES:
        text = (_HERE / name).read_text(encoding="utf-8").replace("\r\n", "\n")
        h.update(name.encode() + b"\0" + text.encode() + b"\0")
    h.update(f"sympy=={sympy_version()}".encode())
    return h.hexdigest()


def model_digest(source: str) -> str:
    """SHA-256 of a model file's text (line endings normalised) and of :func:`pipeline_hash`."""
    h = hashlib.sha256()
    h.update(b"model\0" + source.replace("\r\n", "\n").encode("utf-8") + b"\0")
    h.update(pipeline_hash().encode())
    return h.hexdigest()


def header(
    what: str, *, digest: str, produced_by: list[str], regenerate: str, comment: str = "#"
) -> str:
    """The pedigree header of a generated file: ``what``, ``produced_by`` (lines), the digest,
    the SymPy version and the ``regenerate`` command; ``comment`` ``"#"`` for Python, else an
    HTML comment for Markdown."""
    lines = [
        "GENERATED FILE - DO NOT EDIT.",
        f"Contents: {what}.",
        *produced_by,
        f"Model+pipeline hash: sha256:{digest}",
        f"SymPy {sympy_version()}.",
        f"Regenerate with: {regenerate}    (check with: {regenerate} --check)",
    ]
    if comment == "#":
        return "\n".join("# " + line for line in lines) + "\n# ruff: noqa\n"
    return "<!--\n" + "\n".join(lines) + "\n-->\n"
