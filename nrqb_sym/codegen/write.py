"""Writing (or checking) every generated artefact: kernels in ``generated/``, documents in
``derivations/``."""

from __future__ import annotations

from pathlib import Path

from .documents import render_documents
from .kernels import render_kernels
from .pedigree import pipeline_hash

__all__ = ["render_all", "project_root", "generate"]


def render_all(derivation) -> dict[str, str]:
    """Every generated artefact, ``{path relative to the project root: text}``."""
    digest = pipeline_hash()
    out = {f"generated/{k}": v for k, v in render_kernels(derivation, digest).items()}
    out.update({f"derivations/{k}": v for k, v in render_documents(derivation, digest).items()})
    return dict(sorted(out.items()))


def project_root() -> Path:
    """The checkout that holds ``generated/`` and ``derivations/``.

    The parent of the ``nrqb_sym`` package when it lives in a checkout (editable install), else
    the current directory.
    """
    here = Path(__file__).resolve().parents[2]
    if (here / "generated").is_dir() and (here / "pyproject.toml").is_file():
        return here
    return Path.cwd()


def generate(root: Path, check: bool = False, progress=None) -> list[str]:
    """Write (or, with ``check``, compare) every generated file under ``root``.

    Returns:
        The relative paths that were stale: written, or with ``check`` left untouched.
    """
    from ..derive.pipeline import derive

    derivation = derive()
    files = render_all(derivation)
    stale = []
    expected_dirs = {"generated", "derivations"}
    for rel, text in files.items():
        path = root / rel
        current = path.read_bytes() if path.is_file() else None
        if current != text.encode("utf-8"):
            stale.append(rel)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(text.encode("utf-8"))
    # files the pipeline no longer produces are stale too
    for d in expected_dirs:
        folder = root / d
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                rel = f"{d}/{path.name}"
                if path.is_file() and path.suffix in {".py", ".md"} and rel not in files:
                    stale.append(rel)
                    if not check:
                        path.unlink()
    return stale
