r"""Pedigree of generated files: the hash of the model and pipeline sources, and the header.

Every generated kernel module and derivation document starts with :func:`header`: what produced
it, the SHA-256 of the model and pipeline sources plus the SymPy version (:func:`pipeline_hash`),
and the command that regenerates it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

__all__ = ["PIPELINE_LAYERS", "PIPELINE_MODULES", "REGENERATE", "pipeline_hash", "header"]

#: The layers whose sources define the models and the pipeline: every ``.py`` file below them is
#: hashed, so any change to the engine marks every generated file stale.
PIPELINE_LAYERS = ("model", "derive", "codegen")

#: Model files hashed into the paper's pipeline hash (the paper model is read from its file).
PAPER_MODEL_FILES = ("model/models/nrqb.toml",)


def _pipeline_files(here: Path) -> list[str]:
    files = [
        p.relative_to(here).as_posix()
        for layer in PIPELINE_LAYERS
        for p in (here / layer).rglob("*.py")
        if "__pycache__" not in p.parts
    ]
    files += [f for f in PAPER_MODEL_FILES if (here / f).is_file()]
    return sorted(files)


#: The files hashed into :func:`pipeline_hash`, relative to the package.
PIPELINE_MODULES = tuple(_pipeline_files(Path(__file__).resolve().parent.parent))

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


def header(
    what: str,
    comment: str = "#",
    digest: str | None = None,
    produced_by: list[str] | None = None,
    regenerate: str | None = None,
) -> str:
    """The pedigree header of a generated file.

    ``produced_by`` (lines) and ``regenerate`` (a command) replace the paper model's defaults,
    for files generated from a model file.
    """
    digest = digest or pipeline_hash()
    cmd = regenerate or REGENERATE
    lines = [
        "GENERATED FILE - DO NOT EDIT.",
        f"Contents: {what}.",
        *(
            produced_by
            or [
                "Produced by nrqb_sym.codegen from the model nrqb_sym.model.core.three_mode_model",
                "through the pipeline model -> elimination -> moments -> nonreciprocity -> "
                "solutions ->",
                "spectrum.",
            ]
        ),
        f"Model+pipeline hash: sha256:{digest}",
        f"SymPy {importlib.metadata.version('sympy')}.",
        f"Regenerate with: {cmd}    (check with: {cmd} --check)",
    ]
    if comment == "#":
        return "\n".join("# " + line for line in lines) + "\n# ruff: noqa\n"
    return "<!--\n" + "\n".join(lines) + "\n-->\n"
