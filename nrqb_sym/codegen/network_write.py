r"""Writing (or checking) the generated folder of a model file.

A model file ``path/two_batteries.toml`` gets ``path/two_batteries.nrqb/`` (or ``--out DIR``)::

    kernels.py            Numba kernels (nrqb_sym.codegen.network_kernels)
    derivations/*.md      the derivation documents (nrqb_sym.codegen.network_documents)

Every file carries the digest of :func:`model_digest`: SHA-256 of the model file text and of the
pipeline (:func:`~nrqb_sym.codegen.pedigree.pipeline_hash`).  Nothing is ever written inside the installed package or
``site-packages``: a model file there (or in a folder that is not writable) gets its folder in
the user cache, ``$NRQB_CACHE_DIR/models/<name>-<digest16>/`` (default ``~/.cache/nrqb-sym``).
"""

from __future__ import annotations

import hashlib
import os
import site
import sysconfig
import tempfile
from pathlib import Path

from .pedigree import pipeline_hash

__all__ = [
    "model_digest",
    "cache_dir",
    "default_folder",
    "candidate_folders",
    "target_folder",
    "folder_digest",
    "render_model_files",
    "generate_model",
    "CheckResult",
    "check_model_folder",
    "cached_network_derive",
]

KERNELS = "kernels.py"
DOCS = "derivations"
SUFFIX = ".nrqb"


def model_digest(source: str) -> str:
    """SHA-256 of the model file text (line endings normalised) and of the pipeline
    (:func:`~nrqb_sym.codegen.pedigree.pipeline_hash`: every source of the model, derive and
    codegen layers, and the SymPy version)."""
    h = hashlib.sha256()
    h.update(b"model\0" + source.replace("\r\n", "\n").encode("utf-8") + b"\0")
    h.update(pipeline_hash().encode())
    return h.hexdigest()


def cache_dir() -> Path:
    """``$NRQB_CACHE_DIR`` (default ``~/.cache/nrqb-sym``)."""
    return Path(os.environ.get("NRQB_CACHE_DIR") or Path.home() / ".cache" / "nrqb-sym")


def _protected_roots() -> list[Path]:
    """Folders never written into: the installed package and every site-packages folder."""
    roots = [Path(__file__).resolve().parents[1]]
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


def folder_digest(folder: Path) -> str | None:
    """The digest in the header of ``folder/kernels.py`` (``None`` if absent or unreadable)."""
    from .network_kernels import HASH_LINE

    path = Path(folder) / KERNELS
    try:
        with path.open(encoding="utf-8") as fh:
            for _, line in zip(range(20), fh, strict=False):
                k = line.find(HASH_LINE)
                if k >= 0:
                    return line[k + len(HASH_LINE) :].strip()
    except (OSError, UnicodeDecodeError):
        return None
    return None


def cached_network_derive(spec, digest: str, progress: bool = False):
    """``derive_network(spec)``, memoised on disk by ``digest`` in ``cache_dir()/derivations``.

    A corrupt or incompatible cache file is rebuilt; a read-only cache is skipped.
    """
    import pickle
    import sys

    from ..derive.network import derive_network

    path = cache_dir() / "derivations" / f"network-{spec.name}-{digest[:16]}.pkl"
    if path.is_file():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # noqa: BLE001 - any unpickling failure means: derive again
            path.unlink(missing_ok=True)
    if progress:
        print(f"nrqb: deriving model {spec.name!r} (once; cached by hash)...", file=sys.stderr)
    d = derive_network(spec)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump(d, fh)
        tmp.replace(path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        try:  # no cache, still correct
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    return d


def render_model_files(derivation, digest: str, filename: str) -> dict[str, str]:
    """Every file of the generated folder, ``{relative path: text}``."""
    from .network_documents import render_network_documents
    from .network_kernels import render_network_kernels

    files = {KERNELS: render_network_kernels(derivation, digest, filename)}
    for name, text in render_network_documents(derivation, digest, filename).items():
        files[f"{DOCS}/{name}"] = text
    return dict(sorted(files.items()))


class CheckResult(list):
    """Outcome of :func:`generate_model`: the stale relative paths (a list: files that differ,
    are missing, or are orphans) with two attributes.

    Attributes:
        folder: the generated folder.
        reason: one line when the folder as a whole is out of date (digest mismatch or no
            kernels), else "".
    """

    def __init__(self, folder: Path, stale: list[str], reason: str = ""):
        super().__init__(stale)
        self.folder = Path(folder)
        self.reason = reason

    @property
    def stale(self) -> list[str]:
        return list(self)


def _load(path: Path):
    from ..model.spec import load_spec

    return load_spec(Path(path))


def _resolve_out(path: Path, spec, digest: str, out: Path | None) -> Path:
    if out is not None:
        out = Path(out)
        if _protected(out):
            from ..model.spec import ModelError

            raise ModelError(
                f"--out {out}: refusing to write inside the installed package or site-packages"
            )
        return out
    return target_folder(path, spec.name, digest)


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
    from ..model.spec import ModelError

    path = Path(path)
    spec = _load(path)
    digest = model_digest(spec.source)
    folder = _resolve_out(path, spec, digest, out)
    if check:
        found = folder_digest(folder)
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
    derivation = cached_network_derive(spec, digest, progress=progress)
    files = render_model_files(derivation, digest, path.name)
    stale: list[str] = []
    if not check and not _writable(folder):
        raise ModelError(f"{folder}: cannot write the generated folder (not writable)")
    for rel, text in files.items():
        target = folder / rel
        current = target.read_bytes() if target.is_file() else None
        if current != text.encode("utf-8"):
            stale.append(rel)
            if not check:
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                tmp.write_bytes(text.encode("utf-8"))
                tmp.replace(target)
    for sub in (folder, folder / DOCS):
        if sub.is_dir():
            for p in sorted(sub.iterdir()):
                rel = str(p.relative_to(folder))
                if p.is_file() and p.suffix in {".py", ".md"} and rel not in files:
                    stale.append(rel)
                    if not check:
                        p.unlink()
    return CheckResult(folder, sorted(stale))


def check_model_folder(path: Path, out: Path | None = None) -> CheckResult:
    """:func:`generate_model` with ``check=True``."""
    return generate_model(path, out, check=True)
