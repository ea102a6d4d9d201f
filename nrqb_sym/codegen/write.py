r"""Writing (or checking) generated files: one writer for every model file.

A model file ``path/two_batteries.toml`` gets ``path/two_batteries.nrqb/`` (or ``--out DIR``)::

    kernels.py            Numba kernels (nrqb_sym.codegen.kernels)
    derivations/*.md      the derivation documents (nrqb_sym.codegen.documents)

The models shipped with the package have theirs in the project checkout instead
(:func:`generate_shipped`): ``generated/<name>.py`` (the package ``nrqb_sym_generated``, so an
installed package runs them without SymPy) and ``derivations/models/<name>/*.md``.

Every file carries the digest of :func:`~nrqb_sym.codegen.pedigree.model_digest`: SHA-256 of the
model file text and of the pipeline.  Nothing is ever written inside the installed package or
``site-packages`` by :func:`generate_model`: a model file there (or in a folder that is not
writable) gets its folder in the user cache, ``$NRQB_CACHE_DIR/models/<name>-<digest16>/``
(default ``~/.cache/nrqb-sym``).  This module imports neither SymPy nor Numba until it renders.
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
import tempfile
from pathlib import Path

from ..model.names import cache_dir
from .pedigree import model_digest

__all__ = [
    "KERNELS",
    "DOCS",
    "SUFFIX",
    "HASH_LINE",
    "cache_dir",
    "default_folder",
    "candidate_folders",
    "target_folder",
    "file_digest",
    "shipped_kernel_file",
    "render_model_files",
    "generate_model",
    "generate_shipped",
    "CheckResult",
    "write_files",
    "project_root",
]

KERNELS = "kernels.py"
DOCS = "derivations"
SUFFIX = ".nrqb"
#: Prefix of the header line that carries the digest.
HASH_LINE = "Model+pipeline hash: sha256:"
#: The shipped models' kernels, relative to the project root (the package nrqb_sym_generated).
GENERATED = "generated"
#: The shipped models' derivation documents, relative to the project root.
MODEL_DOCS = "derivations/models"

_PACKAGE = Path(__file__).resolve().parents[1]


def _protected_roots() -> list[Path]:
    """Folders never written into: the installed package and every site-packages folder."""
    roots = [_PACKAGE]
    try:
        roots += [Path(p) for p in site.getsitepackages()]
    except AttributeError:  # pragma: no cover - virtualenv without getsitepackages
        pass
    user = site.getusersitepackages()
    if isinstance(user, str):
        roots.append(Path(user))
    for key in ("purelib", "platlib"):
        p = sysconfig.get_paths().get(key)
        if p:
            roots.append(Path(p))
    return [r.resolve() for r in roots]


def _protected(path: Path) -> bool:
    path = path.resolve()
    return any(path == r or r in path.parents for r in _protected_roots())


def _writable(folder: Path) -> bool:
    """Whether ``folder`` (or its nearest existing ancestor) accepts new files."""
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        return False
    try:  # os.access ignores read-only mounts and is always True for root: try for real
        with tempfile.NamedTemporaryFile(dir=probe, prefix=".nrqb-probe-"):
            pass
    except OSError:
        return False
    return True


def default_folder(model_path: Path) -> Path:
    """``<model file dir>/<stem>.nrqb`` (before any fallback)."""
    model_path = Path(model_path)
    return model_path.parent / (model_path.stem + SUFFIX)


def _cache_folder(name: str, digest: str) -> Path:
    return cache_dir() / "models" / f"{name}-{digest[:16]}"


def candidate_folders(model_path: Path, name: str, digest: str) -> list[Path]:
    """Where the generated folder of a model file may be found, in order of preference: beside
    the file (unless inside the package or site-packages), then the user cache."""
    beside = default_folder(model_path)
    out = [] if _protected(beside) else [beside]
    out.append(_cache_folder(name, digest))
    return out


def target_folder(model_path: Path, name: str, digest: str) -> Path:
    """Where a new generated folder goes: beside the file when allowed and writable, else the
    user cache."""
    cands = candidate_folders(model_path, name, digest)
    return next((c for c in cands if _writable(c)), cands[-1])


def file_digest(path: Path) -> str | None:
    """The digest in the header of a generated file (``None`` if absent or unreadable)."""
    try:
        with Path(path).open(encoding="utf-8") as fh:
            for _, line in zip(range(20), fh, strict=False):
                k = line.find(HASH_LINE)
                if k >= 0:
                    return line[k + len(HASH_LINE) :].strip()
    except (OSError, UnicodeDecodeError):
        return None
    return None


def shipped_kernel_file(model_path: Path) -> Path | None:
    """``generated/<stem>.py`` of the installed package ``nrqb_sym_generated`` when
    ``model_path`` is one of the shipped model files, else ``None``."""
    from ..model.names import MODELS_DIR

    model_path = Path(model_path).resolve()
    if model_path.parent != MODELS_DIR:
        return None
    try:
        import nrqb_sym_generated
    except ImportError:  # pragma: no cover - the package is always installed with nrqb_sym
        return None
    return Path(nrqb_sym_generated.__file__).parent / f"{model_path.stem}.py"


def render_model_files(derivation, digest: str, filename: str, regenerate: str) -> dict[str, str]:
    """Every file of a model's generated folder, ``{relative path: text}``."""
    if getattr(derivation, "order", None) is not None:  # a model with order: cumulant stage
        from .cumulant_documents import render_cumulant_documents as render_documents
        from .cumulant_kernels import render_cumulant_kernels as render_kernels
    else:
        from .documents import render_documents
        from .kernels import render_kernels

    files = {KERNELS: render_kernels(derivation, digest, filename, regenerate)}
    for name, text in render_documents(derivation, digest, filename, regenerate).items():
        files[f"{DOCS}/{name}"] = text
    return dict(sorted(files.items()))


class CheckResult(list):
    """Outcome of a generation: the stale relative paths (files that differ, are missing, or are
    orphans), with the folder and, when a folder is out of date as a whole, one line why."""

    def __init__(self, folder: Path, stale: list[str], reason: str = ""):
        super().__init__(stale)
        self.folder = Path(folder)
        self.reason = reason

    @property
    def stale(self) -> list[str]:
        return list(self)


def write_files(
    root: Path, files: dict[str, str], check: bool, orphan_dirs: list[str], suffixes=(".py", ".md")
) -> list[str]:
    """Write (or with ``check`` compare) ``files`` under ``root``; files with one of ``suffixes``
    in ``orphan_dirs`` that are not in ``files`` are orphans (removed unless ``check``).

    Returns:
        The stale relative paths, sorted.
    """
    stale: list[str] = []
    for rel, text in files.items():
        target = root / rel
        current = target.read_bytes() if target.is_file() else None
        if current != text.encode("utf-8"):
            stale.append(rel)
            if not check:
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                tmp.write_bytes(text.encode("utf-8"))
                tmp.replace(target)
    for sub in orphan_dirs:
        folder = root / sub
        if folder.is_dir():
            for p in sorted(folder.iterdir()):
                rel = p.relative_to(root).as_posix()
                if p.is_file() and p.suffix in suffixes and rel not in files:
                    stale.append(rel)
                    if not check:
                        p.unlink()
    return sorted(stale)


def _load(path: Path):
    from ..model.spec import load_spec

    return load_spec(Path(path))


def generate_model(
    path: Path, out: Path | None = None, check: bool = False, progress: bool = False
) -> CheckResult:
    """Write (or, with ``check``, compare) the generated folder of the model file ``path``.

    With ``check`` nothing is written; a folder whose header digest is not the current one is
    reported as a whole (``reason``) with all its files stale.  Otherwise stale files are
    rewritten and orphans (``.py``/``.md`` files the pipeline no longer produces) removed.

    Raises:
        ModelError: the model file is invalid, or ``out`` is not writable.
    """
    from ..derive.pipeline import cached_derive
    from ..model.errors import ModelError

    path = Path(path)
    spec = _load(path)
    digest = model_digest(spec.source)
    shipped = shipped_kernel_file(path) if out is None else None
    if shipped is not None:
        return _generate_shipped_model(path, shipped, digest, check, progress)
    if out is not None:
        folder = Path(out)
        if _protected(folder):
            raise ModelError(
                f"--out {folder}: refusing to write inside the installed package or site-packages"
            )
    else:
        folder = target_folder(path, spec.name, digest)
    if check:
        found = file_digest(folder / KERNELS)
        if found is None:
            return CheckResult(folder, [KERNELS], f"{folder}: no generated kernels")
        if found != digest:
            existing = sorted(
                str(p.relative_to(folder)) for p in folder.rglob("*") if p.suffix in {".py", ".md"}
            )
            return CheckResult(
                folder,
                existing,
                f"{folder} was generated from another version of the model file or pipeline "
                f"(hash {found[:12]}, current {digest[:12]})",
            )
    elif not _writable(folder):
        raise ModelError(f"{folder}: cannot write the generated folder (not writable)")
    derivation = cached_derive(spec, digest, progress=progress)
    regenerate = f"nrqb generate --model-file {path.name}"
    files = render_model_files(derivation, digest, path.name, regenerate)
    stale = write_files(folder, files, check, [".", DOCS])
    return CheckResult(folder, stale)


def _generated_init(names: list[str]) -> str:
    """``generated/__init__.py``: the pedigree header (the pipeline hash) and a docstring."""
    from .pedigree import header, pipeline_hash

    head = header(
        "the package nrqb_sym_generated (the kernels of the model files shipped with nrqb_sym)",
        digest=pipeline_hash(),
        produced_by=["Produced by nrqb_sym.codegen.write (nrqb generate), one module per model."],
        regenerate="nrqb generate",
    )
    doc = f"Generated Numba kernels of the model files shipped with nrqb_sym: {', '.join(names)}."
    return head + f'"""{doc}"""\n'


def _render_shipped_model(name: str, path: Path, progress=None) -> dict[str, str]:
    """The kernels and documents of one shipped model, ``{path relative to the root: text}``."""
    from ..derive.pipeline import cached_derive

    if progress is not None:
        progress(name)
    spec = _load(path)
    digest = model_digest(spec.source)
    derivation = cached_derive(spec, digest)
    files = {}
    for rel, text in render_model_files(derivation, digest, path.name, "nrqb generate").items():
        if rel == KERNELS:
            files[f"{GENERATED}/{name}.py"] = text
        else:
            files[f"{MODEL_DOCS}/{name}/{rel.removeprefix(DOCS + '/')}"] = text
    return files


def render_shipped(progress=None) -> dict[str, str]:
    """``{path relative to the project root: text}`` for every shipped model's kernels and
    documents."""
    from ..model.names import shipped_models

    models = shipped_models()
    files = {f"{GENERATED}/__init__.py": _generated_init(sorted(models))}
    for name, path in models.items():
        files.update(_render_shipped_model(name, path, progress))
    return dict(sorted(files.items()))


def _generate_shipped_model(
    path: Path, shipped: Path, digest: str, check: bool, progress: bool
) -> CheckResult:
    """``generate_model`` for a model file shipped with the package: its files are the
    checkout's ``generated/<name>.py`` and ``derivations/models/<name>/`` (what ``nrqb
    generate`` writes), never a cache folder.  An installed package (no checkout) can only be
    checked, by the digest in the header of its shipped kernels."""
    from ..model.errors import ModelError

    root = project_root()
    if not (root / GENERATED).is_dir():
        if not check:
            raise ModelError(
                f"{path.name}: a model shipped with the package; regenerate its kernels from "
                "the project checkout with `nrqb generate`"
            )
        found = file_digest(shipped)
        if found != digest:
            return CheckResult(
                shipped.parent, [shipped.name], f"{shipped} is not current (hash mismatch)"
            )
        return CheckResult(shipped.parent, [])
    report = (lambda name: print(f"nrqb: model {name}", file=sys.stderr)) if progress else None
    files = _render_shipped_model(path.stem, path, report)
    return CheckResult(root, write_files(root, files, check, []))


def generate_shipped(root: Path, check: bool = False, progress=None) -> list[str]:
    """Write (or, with ``check``, compare) ``generated/`` and ``derivations/models/`` under
    ``root``; returns the stale relative paths."""
    files = render_shipped(progress)
    dirs = [GENERATED, MODEL_DOCS]
    model_dirs = sorted({str(Path(rel).parent) for rel in files if rel.startswith(MODEL_DOCS)})
    existing = root / MODEL_DOCS
    if existing.is_dir():
        model_dirs += [
            p.relative_to(root).as_posix() for p in sorted(existing.iterdir()) if p.is_dir()
        ]
    stale = write_files(root, files, check, dirs + sorted(set(model_dirs)))
    return stale


def project_root() -> Path:
    """The checkout that holds ``generated/`` and ``derivations/``: the parent of the
    ``nrqb_sym`` package when it lives in a checkout (editable install), else the current
    directory."""
    here = _PACKAGE.parent
    if (here / GENERATED).is_dir() and (here / "pyproject.toml").is_file():
        return here
    return Path.cwd()
