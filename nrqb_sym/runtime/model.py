r"""The runtime of model files: :func:`load_model` -> :class:`CompiledModel`.

``load_model(path)`` reads the model file, finds its generated kernels whose header carries the
current digest (the shipped models' in the package ``nrqb_sym_generated``, else beside the file
in ``<stem>.nrqb/``, else in the user cache) and imports them; only when none matches does it
derive and generate them (SymPy is imported then, and only then).  Every number afterwards comes
from those kernels and :mod:`nrqb_sym.runtime.numerics`:

* the coherent path (a passive network from a coherent state with vacuum baths,
  :func:`~nrqb_sym.runtime.numerics.is_coherent` at the parameter point): the :math:`N` first
  moments, :math:`\dot x = Mx + f`, and :math:`\langle m^\dagger m\rangle = |\langle m\rangle|^2`;
* the Gaussian path (anything else): quadrature means and the normal-ordered covariance
  :math:`W = V - I/2`, :math:`\dot W = AW + WA^T + D_W`, :math:`O(N^3)` per step.

The effective model is the full one with the eliminated modes removed numerically at each
parameter point (:func:`~nrqb_sym.runtime.numerics.schur`), the Schur complement the reduction
stage derives symbolically.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import re
import sys
import tomllib
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType

import numpy as np

from . import values as V
from .numerics import kernel, trace_block
from .values import ParameterError

__all__ = [
    "MODELS",
    "load_model",
    "CompiledModel",
    "Trace",
    "SteadyState",
    "Moments",
    "ExceptionalPoint",
    "Sweep",
]

MODELS = ("effective", "full")
KINDS = ("x", "n", "E", "P", "W")
_FIELDS = {"x": "amplitude", "n": "occupation", "E": "energy", "P": "power", "W": "ergotropy"}
#: Largest Re(eigenvalue) of the drift, relative to its size, still counted as stable.
_STABLE_TOL = 1e-12
#: Largest gap between two coalescing eigenvalues, relative to their size, at an EP.
_EP_GAP = 1e-4
#: Bytes per time point and requested value of a trace (float64 or complex128 outputs).
_BYTES = {"real": 8, "complex": 16}


# --------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Trace:
    r"""A time trace of a model.

    Attributes:
        t: float64[n] times.
        model: ``"effective"`` or ``"full"``.
        values: the parameter values used (defaults filled in).
        amplitude, occupation, energy, power, ergotropy: ``{mode: array}`` of
            :math:`\langle m\rangle`, :math:`\langle m^\dagger m\rangle`,
            :math:`E_m = \omega_m\langle m^\dagger m\rangle`, :math:`P_m = dE_m/dt` (exact),
            the single-mode Gaussian ergotropy (and, keyed by a tuple of modes, the joint
            Gaussian ergotropy asked with ``ergotropy=``); only the observables asked for.
        derived: ``{name: array}`` of the model's derived observables asked for.
    """

    t: np.ndarray
    model: str
    values: dict[str, float]
    amplitude: dict = field(default_factory=dict)
    occupation: dict = field(default_factory=dict)
    energy: dict = field(default_factory=dict)
    power: dict = field(default_factory=dict)
    ergotropy: dict = field(default_factory=dict)
    derived: dict = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        """An observable by name: ``"E_b"``, ``"x_a"``, a derived name such as ``"R"``."""
        return _lookup(self, name)

    @property
    def observables(self) -> dict[str, np.ndarray]:
        """Every computed observable by name."""
        return _named(self)


@dataclass(frozen=True)
class SteadyState:
    """The stationary state: the fields of :class:`Trace` as scalars (power 0)."""

    model: str
    values: dict[str, float]
    amplitude: dict = field(default_factory=dict)
    occupation: dict = field(default_factory=dict)
    energy: dict = field(default_factory=dict)
    power: dict = field(default_factory=dict)
    ergotropy: dict = field(default_factory=dict)
    derived: dict = field(default_factory=dict)

    def __getitem__(self, name: str):
        return _lookup(self, name)

    @property
    def observables(self) -> dict:
        return _named(self)


def _lookup(obj, name: str):
    kind, _, mode = name.partition("_")
    if kind in _FIELDS and mode in getattr(obj, _FIELDS[kind]):
        return getattr(obj, _FIELDS[kind])[mode]
    if name in obj.derived:
        return obj.derived[name]
    raise KeyError(f"{name!r} was not computed (computed: {', '.join(_named(obj))})")


def _named(obj) -> dict:
    out = {}
    for kind, fname in _FIELDS.items():
        for m, v in getattr(obj, fname).items():
            if isinstance(m, str):
                out[f"{kind}_{m}"] = v
    out.update(obj.derived)
    return out


@dataclass(frozen=True)
class Moments:
    r"""Every first and second moment along a trace, in structured form.

    Attributes:
        t: times; model: the variant; modes: its modes.
        mean: complex128[n, N], :math:`\langle x_i\rangle`.
        covariance: float64[n, 2N, 2N], the normal-ordered quadrature covariance
            :math:`W = V - I/2` over :math:`(q_1..q_N, p_1..p_N)`.
    """

    t: np.ndarray
    model: str
    modes: tuple[str, ...]
    mean: np.ndarray
    covariance: np.ndarray

    def normal(self) -> np.ndarray:
        r""":math:`\Sigma_{kl} = \langle{:}\delta A_k\delta A_l{:}\rangle` over
        :math:`A = (x, x^\dagger)`, complex128[n, 2N, 2N] (:math:`\Sigma = T^\dagger W\bar T`)."""
        n = len(self.modes)
        h = math.sqrt(0.5)
        T = np.zeros((2 * n, 2 * n), dtype=complex)
        T[:n, :n] = T[:n, n:] = h * np.eye(n)
        T[n:, :n] = -1j * h * np.eye(n)
        T[n:, n:] = 1j * h * np.eye(n)
        return np.einsum("ki,tkl,lj->tij", T.conj(), self.covariance, T.conj())

    def value(self, name: str) -> np.ndarray:
        r"""A first or second moment by name, e.g. ``"<a>"``, ``"<a'b>"``, ``"<ab>"``,
        ``"<a'b'>"`` (normal ordered)."""
        ops = _parse_moment(name, self.modes)
        n = len(self.modes)
        mu = np.concatenate([self.mean, self.mean.conj()], axis=1)
        if len(ops) == 1:
            return mu[:, ops[0]]
        k, l = ops
        return self.normal()[:, k, l] + mu[:, k] * mu[:, l] if n else None


def _parse_moment(name: str, modes: tuple[str, ...]) -> list[int]:
    if not (name.startswith("<") and name.endswith(">")):
        raise ParameterError("moment", "write moments as <a>, <a'b>, <ab> or <a'b'>", name)
    body = name[1:-1].replace(" ", "")
    n = len(modes)
    ordered = sorted(modes, key=len, reverse=True)
    out, k = [], 0
    while k < len(body):
        m = next((m for m in ordered if body.startswith(m, k)), None)
        if m is None:
            raise ParameterError("moment", f"unknown mode in {name!r} (modes: {', '.join(modes)})")
        k += len(m)
        dag = k < len(body) and body[k] == "'"
        k += dag
        out.append(modes.index(m) + (n if dag else 0))
    if len(out) not in (1, 2):
        raise ParameterError("moment", "first and second moments only", name)
    # normal order: creation operators first
    return sorted(out, key=lambda a: a < n)


@dataclass(frozen=True)
class ExceptionalPoint:
    """An exceptional point found by :meth:`CompiledModel.exceptional_points`.

    Attributes:
        parameter: the parameter solved for; value: its value there.
        values: every parameter value at the point.
        discriminant: the discriminant of the characteristic polynomial there (~0; of the drift
            divided by n times its largest entry where the model has no closed form).
        eigenvalue: the double eigenvalue; eigenvalues: all eigenvalues of the drift there.
        method: ``"closed form"`` (roots of the derived EP polynomial) or ``"numeric"``.
    """

    parameter: str
    value: float
    values: dict[str, float]
    discriminant: complex
    eigenvalue: complex
    eigenvalues: np.ndarray
    method: str


@dataclass(frozen=True)
class Sweep:
    r"""Result of :meth:`CompiledModel.sweep`.

    Attributes:
        axes: ``{name: values}`` in grid order.
        values: ``{observable: array}`` of shape ``(*axis lengths, len(t))``, or
            ``(*axis lengths)`` when reduced (``argmax``: int64 time indices, -1 where every
            sample is ``nan``).
        t: the times; reduce: the reduction or ``None``; model: the variant.
        base: the base point's parameter values.
    """

    axes: dict[str, np.ndarray]
    values: dict[str, np.ndarray]
    t: np.ndarray
    reduce: str | None
    model: str
    base: dict[str, float]
    seconds: float = field(default=0.0, compare=False)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.axes.values())

    def __getitem__(self, name: str) -> np.ndarray:
        return self.values[name]


# --------------------------------------------------------------------------------- loading
_LOADED: dict[tuple[str, str], ModuleType] = {}


def _import_file(path: Path, name: str, digest: str) -> ModuleType:
    """Import a generated ``kernels.py`` under a module name unique per model and digest (so
    that Numba's ``cache=True`` can locate it)."""
    path = path.resolve()
    key = (str(path), digest)
    if key in _LOADED:
        return _LOADED[key]
    modname = f"nrqb_model_{re.sub(r'[^A-Za-z0-9_]', '_', name)}_{digest[:16]}"
    spec = importlib.util.spec_from_file_location(modname, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py path always has one
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[modname] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(modname, None)
        raise
    _LOADED[key] = module
    return module


def _read(path: Path) -> str:
    from ..model.errors import ModelError

    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ModelError(f"{path}: cannot read the model file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ModelError(f"{path}: the model file is not UTF-8 text") from None


def _name_of(text: str) -> str | None:
    """The model's ``name`` read with :mod:`tomllib` only (``None`` when the file needs the full
    parser's messages)."""
    try:
        name = tomllib.loads(text).get("name")
    except (tomllib.TOMLDecodeError, RecursionError):
        return None
    return name if isinstance(name, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name) else None


def load_model(
    path: str | Path | None = None, out: str | Path | None = None, progress: bool = True
) -> CompiledModel:
    """Load a model file with its compiled kernels, generating them when missing or stale.

    Args:
        path: the model file (TOML); default the package's ``nrqb.toml`` (the paper's model).
        out: the folder for the generated kernels and documents (default: the shipped kernels
            for the package's own model files, else ``<stem>.nrqb/`` beside the file, else the
            user cache ``$NRQB_CACHE_DIR``).
        progress: say on stderr when kernels are being generated.

    Raises:
        ModelError: the model file is invalid (one line naming the file, key and token), or no
            folder can be written.
    """
    from ..codegen.pedigree import model_digest
    from ..codegen.write import (
        KERNELS,
        candidate_folders,
        file_digest,
        generate_model,
        shipped_kernel_file,
        target_folder,
    )

    if path is None:
        from ..model.names import PAPER_MODEL

        path = PAPER_MODEL
    path = Path(path)
    text = _read(path)
    digest = model_digest(text)
    if out is None:
        shipped = shipped_kernel_file(path)
        if shipped is not None and file_digest(shipped) == digest:
            module = importlib.import_module(f"nrqb_sym_generated.{path.stem}")
            return _model_class(module)(module, path, digest, shipped.parent)
    name = _name_of(text)
    if out is not None:
        folders = [Path(out)]
    elif name is not None:
        folders = candidate_folders(path, name, digest)
    else:
        folders = []
    folder = next((f for f in folders if file_digest(f / KERNELS) == digest), None)
    if folder is None:
        if out is not None:
            target = Path(out)
        else:
            from ..model.spec import load_spec

            name = load_spec(path).name  # the full parser's one-line errors
            target = target_folder(path, name, digest)
        result = generate_model(path, out=target, progress=progress)
        folder = result.folder
        if progress:
            print(f"nrqb: kernels of model {name!r} written to {folder}", file=sys.stderr)
    module = _import_file(folder / KERNELS, name or "model", digest)
    if getattr(module, "DIGEST", None) != digest:
        raise ImportError(f"{folder / KERNELS}: kernels do not match the model file (digest)")
    return _model_class(module)(module, path, digest, folder)


def _model_class(module: ModuleType) -> type:
    """:class:`CompiledModel`, or :class:`~nrqb_sym.runtime.cumulant.CumulantModel` for the
    kernels of a model with ``order``."""
    if getattr(module, "KIND", "gaussian") == "cumulant":
        from .cumulant import CumulantModel

        return CumulantModel
    return CompiledModel


# --------------------------------------------------------------------------------- the model
def _discriminant(coeffs: np.ndarray) -> complex:
    r""":math:`\operatorname{Disc}(p) = (-1)^{n(n-1)/2}\operatorname{Res}(p, p')/c_n` from the
    coefficients (highest first) by the Sylvester determinant."""
    c = np.asarray(coeffs, dtype=complex)
    n = c.size - 1
    if n < 2:
        return 1.0 + 0j
    d = c[:-1] * np.arange(n, 0, -1)
    size = 2 * n - 1
    S = np.zeros((size, size), dtype=complex)
    for i in range(n - 1):
        S[i, i : i + n + 1] = c
    for i in range(n):
        S[n - 1 + i, i : i + n] = d
    sign = -1.0 if (n * (n - 1) // 2) % 2 else 1.0
    return complex(sign * np.linalg.det(S) / c[0])


class CompiledModel:
    """A model file with its compiled kernels (see :func:`load_model`).

    Attributes:
        name, description: the model's; path: the model file; folder: where the kernels are;
        digest: SHA-256 of the model file and pipeline; kernels: the imported kernel module;
        parameters, modes, kept, eliminated, energy_modes: from the model file;
        presets: the named parameter sets it declares; derived: its derived observables.
    """

    def __init__(self, kernels: ModuleType, path: Path, digest: str, folder: Path):
        k = kernels
        self.kernels = k
        self.path = Path(path)
        self.digest = digest
        self.folder = Path(folder)
        self.name: str = k.MODEL
        self.description: str = k.DESCRIPTION
        self.parameters: tuple[str, ...] = k.PARAMETERS
        self.kinds: dict[str, str] = k.KINDS
        self.defaults: dict[str, float | None] = k.DEFAULTS
        self.latex: dict[str, str] = k.LATEX
        self.modes: tuple[str, ...] = k.MODES
        self.kept: tuple[str, ...] = k.KEPT
        self.eliminated: tuple[str, ...] = k.ELIMINATED
        self.energy_modes: tuple[str, ...] = k.ENERGY_MODES
        self.presets: dict = k.PRESETS
        self.derived: dict[str, tuple[str, str]] = k.DERIVED

    def __repr__(self) -> str:
        return f"CompiledModel({self.name!r}, modes={self.modes}, folder={str(self.folder)!r})"

    # ----------------------------------------------------------------------------- values
    def values(self, values: Mapping | None = None) -> dict[str, float]:
        """``values`` checked against the declared parameters, defaults filled in."""
        return V.resolve_values(self.parameters, self.kinds, self.defaults, values, self.name)

    def vector(self, vals: Mapping[str, float]) -> np.ndarray:
        """float64 vector in the kernels' parameter order."""
        return np.array([vals[n] for n in self.parameters], dtype=np.float64)

    def preset(self, name: str, **overrides) -> dict[str, float]:
        """The parameter values of a preset the model file declares, with ``overrides`` applied
        before the preset's nonreciprocal couplings are solved (so it stays nonreciprocal;
        overriding a solved coupling parameter keeps the override)."""
        if name not in self.presets:
            known = ", ".join(self.presets) or "none declared in the model file"
            raise ParameterError("preset", f"unknown preset (known: {known})", name)
        p = self.presets[name]
        vals = self.values({**p["values"], **overrides})
        solved_keys: dict[str, float] = {}
        for source, target in p["nonreciprocal"]:
            solved = self.nonreciprocal_coupling(vals, source, target)
            for key, v in solved.items():
                if key != "value" and key not in overrides:
                    vals[key] = v
                    solved_keys[key] = v
        try:
            return self.values(vals)
        except ParameterError as exc:
            if exc.name not in solved_keys:
                raise
            given = {k: V.number(k, v) for k, v in overrides.items()} or dict(p["values"])
            culprit, value = V.most_extreme(given) if given else ("preset", name)
            raise ParameterError(
                culprit,
                f"from this value the preset {name!r} solves {exc.name} as "
                f"{solved_keys[exc.name]:.3g}, which breaks its rule ({exc.rule})",
                value,
            ) from None

    def _model(self, model: str) -> str:
        if model not in MODELS:
            raise ParameterError("model", f"must be one of {', '.join(MODELS)}", model)
        return model

    def modes_of(self, model: str = "effective") -> tuple[str, ...]:
        """The modes of a model variant."""
        return self.kept if self._model(model) == "effective" else self.modes

    def observables(self, model: str = "effective") -> tuple[str, ...]:
        """Every observable a trace of ``model`` can hold, in kernel order."""
        from ..model.names import builtin_observables

        model = self._model(model)
        return builtin_observables(self.modes_of(model), self.energy_modes) + tuple(
            self.kernels.DERIVED_ORDER[model]
        )

    # ----------------------------------------------------------------------------- matrices
    def matrices(self, values: Mapping | None = None) -> dict[str, np.ndarray]:
        r"""The full model's matrix form at ``values``: ``M1x`` (:math:`N\times 2N`), ``f``,
        ``Dn`` (:math:`2N\times 2N`) and ``omega`` (see :mod:`nrqb_sym.runtime.numerics`)."""
        vals = self.values(values)
        with np.errstate(all="ignore"):
            M1x, f, Dn, omega = self.kernels.matrices(self.vector(vals))
        return {"M1x": M1x, "f": f, "Dn": Dn, "omega": omega}

    def _variant(self, model: str):
        """``(keep, drop, derived function)`` of a model variant."""
        V = model.upper()
        k = self.kernels
        return getattr(k, f"KEEP_{V}"), getattr(k, f"DROP_{V}"), getattr(k, f"derived_{model}")

    def drift(self, values: Mapping | None = None, model: str = "effective"):
        r""":math:`(M, f, \omega)` of :math:`\dot x = Mx + f` for the :math:`\langle x\rangle`
        block of ``model`` (valid on the coherent path; see :meth:`first_moment_drift`)."""
        from .numerics import coherent_system

        model = self._model(model)
        m = self.matrices(values)
        keep, drop, _ = self._variant(model)
        with np.errstate(all="ignore"):
            return coherent_system(m["M1x"], m["f"], m["omega"], keep, drop)

    def drift_entries(self, P: np.ndarray, i: int, j: int, model: str = "effective") -> np.ndarray:
        r""":math:`M_{ij}` of the :math:`\langle x\rangle` block of ``model`` for every parameter
        row of ``P`` (kernel order; one compiled pass)."""
        from .numerics import kernel as _pass

        keep, drop, _ = self._variant(self._model(model))
        entry = _pass("drift_entry")
        return entry(self.kernels.matrices, np.ascontiguousarray(P), keep, drop, i, j)

    def quadrature_system(self, values: Mapping | None = None, model: str = "effective"):
        r""":math:`(A, b, D_W, \omega)`: :math:`\dot r = Ar + b`, :math:`\dot W = AW + WA^T + D_W`
        over :math:`r = (q, p)` of ``model``."""
        from .numerics import gaussian_system

        model = self._model(model)
        m = self.matrices(values)
        keep, drop, _ = self._variant(model)
        with np.errstate(all="ignore"):
            return gaussian_system(m["M1x"], m["f"], m["Dn"], m["omega"], keep, drop)

    def first_moment_drift(self, values: Mapping | None = None, model: str = "effective"):
        r"""The drift whose spectrum is meant: the :math:`\langle x\rangle` block :math:`M` when
        the :math:`\langle x\rangle` and :math:`\langle x^\dagger\rangle` blocks decouple, else
        the whole complex :math:`2N\times 2N` drift :math:`M_1` of :math:`(x, x^\dagger)`."""
        model = self._model(model)
        vals = self.values(values)
        m = self.matrices(vals)
        n = len(self.modes)
        if not np.any(m["M1x"][:, n:]):
            return self.drift(vals, model)[0]
        A, _, _, _ = self.quadrature_system(vals, model)
        k = A.shape[0] // 2
        h = math.sqrt(0.5)
        T = np.zeros((2 * k, 2 * k), dtype=complex)
        T[:k, :k] = T[:k, k:] = h * np.eye(k)
        T[k:, :k] = -1j * h * np.eye(k)
        T[k:, k:] = 1j * h * np.eye(k)
        return T.conj().T @ A @ T

    # ----------------------------------------------------------------------------- runs
    def _classify(self, P: np.ndarray, model: str) -> tuple[np.ndarray, np.ndarray]:
        """Per parameter row: whether a coherent start stays coherent, and the elimination
        ratio (one row: NumPy on the printed matrices; many rows: the compiled pass)."""
        from .numerics import elimination_ratio, kernel

        keep, drop, _ = self._variant(model)
        P = np.ascontiguousarray(P, dtype=np.float64)
        if P.shape[0] == 1:
            with np.errstate(all="ignore"):
                M1x, f, Dn, omega = self.kernels.matrices(P[0])
            n = M1x.shape[0]
            coherent = not M1x[:, n:].any() and not Dn.any()
            return np.array([coherent]), np.array([elimination_ratio(M1x, keep, drop)])
        with np.errstate(all="ignore"):
            return kernel("classify")(self.kernels.matrices, P, keep, drop)

    def _warn_elimination(self, ratio: float, model: str, where: str = "") -> None:
        if model == "effective" and ratio < V.ELIMINATION_RATIO:
            warnings.warn(
                f"2 min|M_qq| / max|M_pq| = {ratio:.3g} < {V.ELIMINATION_RATIO:g}{where}: the "
                f"eliminated modes ({', '.join(self.eliminated)}) are not fast enough for the "
                "elimination (kappa_c/g for one bad cavity); compare model='full'",
                V.EliminationWarning,
                stacklevel=3,
            )

    def _selection(self, model: str, names: tuple[str, ...]):
        """Selection arrays and output row maps for the fused passes: ``sel[kind, mode]`` is the
        output row, ``-2`` for a value only a requested derived observable reads, else ``-1``."""
        modes = self.modes_of(model)
        derived = tuple(self.kernels.DERIVED_ORDER[model])
        sel = np.full((5, len(modes)), -1, dtype=np.int64)
        seld = np.full(max(1, len(derived)), -1, dtype=np.int64)
        xrows, rrows, drows = [], [], []
        uses = getattr(self.kernels, f"DERIVED_USES_{model.upper()}")
        for nm in names:
            kind, _, mode = nm.partition("_")
            if nm in derived:
                seld[derived.index(nm)] = len(drows)
                drows.append(nm)
                for ref in uses[nm]:  # computed for the derived observable, not written
                    rk, _, rm = ref.partition("_")
                    if sel[KINDS.index(rk), modes.index(rm)] == -1:
                        sel[KINDS.index(rk), modes.index(rm)] = -2
            elif kind == "x":
                sel[0, modes.index(mode)] = len(xrows)
                xrows.append(nm)
            else:
                sel[KINDS.index(kind), modes.index(mode)] = len(rrows)
                rrows.append(nm)
        # a value asked for after a derived observable that reads it keeps its output row
        return sel, seld, xrows, rrows, drows

    def _names(self, observables, model: str) -> tuple[str, ...]:
        known = self.observables(model)
        if observables is None:
            return known
        if isinstance(observables, str):
            observables = (observables,)
        try:
            names = tuple(observables)
        except TypeError:
            raise ParameterError("observables", "must be a name or a sequence of names") from None
        if not names:
            raise ParameterError("observables", "need at least one observable")
        for nm in names:
            if not isinstance(nm, str) or nm not in known:
                raise ParameterError(
                    "observables", f"unknown observable {nm!r} (known: {', '.join(known)})"
                )
        return tuple(dict.fromkeys(names))

    def _joint(self, ergotropy, model: str) -> list[tuple[str, ...]]:
        if ergotropy is None:
            return []
        if isinstance(ergotropy, str):
            ergotropy = [(ergotropy,)]
        groups = list(ergotropy)
        if groups and all(isinstance(g, str) for g in groups):
            groups = [tuple(groups)]
        out = []
        modes = self.modes_of(model)
        for g in groups:
            g = tuple(g)
            for m in g:
                if m not in modes or m not in self.energy_modes:
                    raise ParameterError(
                        "ergotropy", f"{m!r} is not a mode with an energy of the {model} model"
                    )
            if len(set(g)) != len(g) or not g:
                raise ParameterError("ergotropy", "each group names distinct modes", g)
            out.append(g)
        return out

    def simulate(
        self,
        values: Mapping | None,
        t,
        model: str = "effective",
        initial: Mapping | None = None,
        observables: str | Iterable[str] | None = None,
        ergotropy=None,
    ) -> Trace:
        r"""Every requested observable along ``t`` in one fused compiled pass.

        Args:
            values: ``{parameter: number}``; parameters with a default may be omitted.
            t: 1-d array of times >= 0 (evenly spaced ones are stepped exactly).
            model: ``"effective"`` (eliminated modes removed) or ``"full"``.
            initial: ``None`` (vacuum) or ``{mode: amplitude}`` or ``{mode: {"alpha": complex,
                "n": thermal occupation, "r": squeezing, "phi": squeezing angle}}``.
            observables: names (``n_<m>``, ``E_<m>``, ``P_<m>``, ``W_<m>``, ``x_<m>`` and the
                model's derived observables); ``None``: all.
            ergotropy: modes whose joint Gaussian ergotropy is wanted, e.g. ``("b", "d")`` (or a
                list of such groups): ``trace.ergotropy[("b", "d")]``.

        Raises:
            ParameterError: a bad value, name, time grid or initial state (one line).
            ResourceError: the outputs would not fit in memory.
        """
        model = self._model(model)
        vals = self.values(values)
        tt, uniform = _time_grid(t)
        names = self._names(observables, model)
        groups = self._joint(ergotropy, model)
        modes = self.modes_of(model)
        x0, r0, W0, coherent_start = V.initial_state(modes, initial)
        p = self.vector(vals)
        coherent, ratio = self._classify(p[None, :], model)
        self._warn_elimination(float(ratio[0]), model)
        coherent = bool(coherent[0]) and coherent_start
        sel, seld, xrows, rrows, drows = self._selection(model, names)
        m = 2 * len(modes)
        moments = bool(groups) and not coherent
        nbytes = tt.size * (16 * len(xrows) + 8 * (len(rrows) + len(drows)))
        nbytes += tt.size * 8 * (m + m * m) if moments else 0
        V.check_memory(nbytes, f"t ({tt.size} times)")
        block = trace_block(tt.size)
        out_x = np.empty((len(xrows), tt.size), dtype=np.complex128)
        out_r = np.empty((len(rrows), tt.size))
        out_D = np.empty((len(drows), tt.size))
        out_s = np.empty((tt.size if moments else 0, m))
        out_W = np.empty((tt.size if moments else 0, m, m))
        finite = np.empty((tt.size + block - 1) // block, dtype=np.bool_)
        keep, drop, derived = self._variant(model)
        if coherent:
            run = kernel("coherent_trace", len(modes))
            args = (x0, tt, uniform, block, sel, seld, finite, out_x, out_r, out_D)
        else:
            run = kernel("gaussian_trace")
            args = (
                r0,
                W0,
                tt,
                uniform,
                block,
                sel,
                seld,
                finite,
                out_x,
                out_r,
                out_D,
                out_s,
                out_W,
            )
        try:
            with np.errstate(all="ignore"):
                run(self.kernels.matrices, derived, p, keep, drop, *args)
        except ZeroDivisionError as exc:
            raise V.range_error(vals, f"a kernel failed ({exc})") from None
        if not finite.all():
            raise V.range_error(vals, "the trace is not finite")
        tr = _assemble(tt, model, vals, xrows, rrows, drows, out_x, out_r, out_D)
        _warn_unphysical(tr.t, tr.occupation, "occupation")
        _warn_unphysical(tr.t, tr.ergotropy, "ergotropy")
        if groups:
            omega = self.drift(vals, model)[2]
            for g in groups:
                tr.ergotropy[g] = _joint_ergotropy(
                    g, modes, omega, tr, coherent, out_s, out_W, self, vals, tt, model, initial
                )
        return tr

    def moments(
        self, values: Mapping | None, t, model: str = "effective", initial: Mapping | None = None
    ) -> Moments:
        """Every first and second moment along ``t`` (:class:`Moments`: means and the
        normal-ordered quadrature covariance), from the Gaussian pass."""
        model = self._model(model)
        vals = self.values(values)
        tt, uniform = _time_grid(t)
        modes = self.modes_of(model)
        _, r0, W0, _ = V.initial_state(modes, initial)
        m = 2 * len(modes)
        V.check_memory(tt.size * 8 * (m + m * m), f"t ({tt.size} times)")
        block = trace_block(tt.size)
        out_s = np.empty((tt.size, m))
        out_W = np.empty((tt.size, m, m))
        sel = np.full((5, len(modes)), -1, dtype=np.int64)
        seld = np.full(1, -1, dtype=np.int64)
        finite = np.empty((tt.size + block - 1) // block, dtype=np.bool_)
        empty = np.empty((0, tt.size))
        keep, drop, derived = self._variant(model)
        with np.errstate(all="ignore"):
            kernel("gaussian_trace")(
                self.kernels.matrices,
                derived,
                self.vector(vals),
                keep,
                drop,
                r0,
                W0,
                tt,
                uniform,
                block,
                sel,
                seld,
                finite,
                empty.astype(np.complex128),
                empty,
                empty,
                out_s,
                out_W,
            )
        if not (np.isfinite(out_s).all() and np.isfinite(out_W).all()):
            raise V.range_error(vals, "the moments are not finite")
        n = len(modes)
        h = math.sqrt(0.5)
        mean = h * (out_s[:, :n] + 1j * out_s[:, n:])
        return Moments(tt, model, modes, mean, out_W)

    def steady_state(self, values: Mapping | None = None, model: str = "effective") -> SteadyState:
        r"""The stationary state (a stable drift is required): on the coherent path
        :math:`x_{ss} = -M^{-1}f`, else :math:`r_{ss} = -A^{-1}b` and the Lyapunov solution
        :math:`AW + WA^T + D_W = 0`.

        Raises:
            ParameterError: bad values, or an unstable drift (no steady state).
        """
        from . import numerics as nm

        model = self._model(model)
        vals = self.values(values)
        p = self.vector(vals)
        coherent, ratio = self._classify(p[None, :], model)
        self._warn_elimination(float(ratio[0]), model)
        modes = self.modes_of(model)
        n = len(modes)
        A, b, DW, omega = self.quadrature_system(vals, model)
        self._check_stable(A, vals)
        with np.errstate(all="ignore"):
            r = nm.solve(A, -b[:, None])[:, 0]
            if coherent[0]:
                W = np.zeros_like(A)
            else:
                W, ok = nm.lyapunov_steady(A, DW)
                if not ok:
                    raise V.NoSteadyState(
                        "values", "the covariance does not converge: no steady state"
                    )
            if not (np.isfinite(r).all() and np.isfinite(W).all()):
                raise V.range_error(vals, "the steady state is not finite")
            h = math.sqrt(0.5)
            x = h * (r[:n] + 1j * r[n:])
            x2 = 0.5 * (r[:n] ** 2 + r[n:] ** 2)
            occ = x2 + 0.5 * (np.diag(W)[:n] + np.diag(W)[n:])
            erg = np.array(
                [
                    nm.mode_ergotropy(omega[i], x2[i], W[i, i], W[n + i, n + i], W[i, n + i])
                    for i in range(n)
                ]
            )
            energies = omega * occ
        if not (np.isfinite(occ).all() and np.isfinite(energies).all() and np.isfinite(erg).all()):
            raise V.range_error(vals, "the steady-state occupations or energies overflow")
        ss = SteadyState(model, vals)
        for i, mode in enumerate(modes):
            ss.amplitude[mode] = complex(x[i])
            ss.occupation[mode] = float(occ[i])
            if mode in self.energy_modes:
                ss.energy[mode] = float(energies[i])
                ss.power[mode] = 0.0
                ss.ergotropy[mode] = float(erg[i])
        derived = tuple(self.kernels.DERIVED_ORDER[model])
        if derived:
            d = np.empty((len(derived), 1))
            col = [np.ascontiguousarray(a.reshape(n, 1)) for a in (occ, omega * occ, 0 * occ, erg)]
            with np.errstate(all="ignore"):
                self._variant(model)[2](p, *col, d)
            ss.derived.update({nm_: float(v) for nm_, v in zip(derived, d[:, 0], strict=True)})
        return ss

    def _check_stable(self, A: np.ndarray, vals) -> None:
        if not np.isfinite(A).all():
            raise V.range_error(vals, "the drift matrix is not finite")
        ev = np.linalg.eigvals(A)
        scale = float(np.max(np.abs(A))) if A.size else 1.0  # relative: units are free
        scale = scale if scale > 0 else 1.0
        worst = float(np.max(ev.real)) if ev.size else -1.0
        if worst >= -_STABLE_TOL * scale:
            raise V.NoSteadyState(
                "values",
                "unstable: the drift has an eigenvalue with Re >= 0 (an undamped mode, or "
                f"squeezing above threshold) - max Re = {worst:.3g}; no steady state",
            )

    # ----------------------------------------------------------------------------- sweeps
    def sweep(
        self,
        values: Mapping | None,
        t,
        observables: str | Iterable[str] | None = None,
        reduce: str | None = None,
        model: str = "effective",
        chunks: int | None = None,
        initial: Mapping | None = None,
        *,
        link=None,
        progress: bool | None = None,
        use_dask: bool | None = None,
        **axes,
    ) -> Sweep:
        r"""Observables over the outer product of parameter axes, reduced over time in the kernel
        or not.

        Args:
            values: the base point; every parameter not named by an axis keeps its value.
            t: 1-d times (evenly spaced ones are stepped exactly).
            observables: names as in :meth:`simulate` (``None``: all).
            reduce: ``None``, ``"max"``, ``"argmax"``, ``"min"``, ``"last"``, ``"mean"`` over time
                (``nan`` samples skipped; complex observables: last, mean).
            model: ``"effective"`` or ``"full"``.
            chunks: grid points per chunk; with ``dask`` installed (and ``use_dask`` not False)
                the chunks run as ``dask.array`` blocks on the current scheduler.
            initial: the initial state, as in :meth:`simulate`.
            link: optional function ``link(P, axis_values)`` that sets further parameters of a
                chunk's rows ``P`` (kernel order, in place) from the axis values of its points
                (e.g. a ratio ``kappa_b = r kappa_a``); it must be picklable for dask.
            progress: tqdm progress bar (``None``: when estimated to take more than 2 s).
            **axes: ``name=values`` for parameters, or for names ``link`` understands.

        Returns:
            :class:`Sweep`.
        """
        from .sweep import run_sweep

        return run_sweep(
            self,
            values,
            t,
            observables,
            reduce,
            model,
            chunks,
            initial,
            link,
            progress,
            use_dask,
            axes,
        )

    # ----------------------------------------------------------------------------- spectrum
    def _disc(self, vals: dict[str, float], model: str) -> complex:
        r"""The discriminant of the drift's characteristic polynomial: the derived closed form
        where the model has one, else that of :math:`M/s`, :math:`s = n\max|M_{ij}|` (the same
        zeros; it stays finite for large models, where :math:`D \sim s^{n(n-1)}` would not)."""
        k = self.kernels
        M = self.first_moment_drift(vals, model)
        n = M.shape[0]
        size = max(float(np.max(np.abs(M))), 1e-300) * n
        pieces = k.SPECTRUM.get(model, {})
        p = self.vector(vals)
        with np.errstate(all="ignore"):
            if "discriminant" in pieces:
                return complex(getattr(k, pieces["discriminant"])(p)[0])
            coeffs = None
            if "charpoly" in pieces:  # c_k of det(x - M), highest first, scales like s^k
                c = np.asarray(getattr(k, pieces["charpoly"])(p), dtype=complex)
                coeffs = c / size ** np.arange(c.size)
            if coeffs is None or not np.isfinite(coeffs).all():
                coeffs = np.poly(M / size)
        return _discriminant(coeffs)

    def _ep_point(self, vals, model, name, method) -> ExceptionalPoint | None:
        """Two eigenvalues of the drift coincide (to :data:`_EP_GAP` of their size) and the drift
        is defective there (:math:`M - \\lambda I` keeps rank :math:`n - 1`)."""
        try:
            D = self._disc(vals, model)
            M = self.first_moment_drift(vals, model)
        except ParameterError:
            return None
        if not np.isfinite(D) or not np.isfinite(M).all():
            return None
        ev = np.linalg.eigvals(M)
        n = ev.size
        if n < 2:
            return None
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        i, j = min(pairs, key=lambda ij: abs(ev[ij[0]] - ev[ij[1]]))
        norm = max(float(np.max(np.abs(M))), 1e-300)
        size = max(abs(ev[i]), abs(ev[j])) or norm
        if abs(ev[i] - ev[j]) > _EP_GAP * size:
            return None
        lam = 0.5 * (ev[i] + ev[j])
        sv = np.linalg.svd(M - lam * np.eye(n), compute_uv=False)
        if sv[-2] < 1e-4 * norm:
            return None  # degenerate but diagonalisable: not exceptional
        return ExceptionalPoint(name, vals[name], dict(vals), D, complex(lam), ev, method)

    def exceptional_points(
        self,
        values: Mapping | None,
        solve_for: str,
        model: str = "effective",
        bounds: tuple[float, float] | None = None,
    ) -> list[ExceptionalPoint]:
        r"""Values of ``solve_for`` (the others fixed) where the first-moment drift has an EP.

        With the EP polynomial in closed form its roots are taken (real, or on the unit circle
        for a phase entering as :math:`e^{i\theta}`); otherwise the discriminant is scanned over
        ``bounds`` (default: three decades either side of the value for a positive parameter, a
        window of ten rate scales for a real one) and refined at its minima.  Kept: admissible
        values where two eigenvalues coincide and the drift is defective.
        """
        model = self._model(model)
        if solve_for not in self.parameters:
            raise ParameterError(
                "solve-for", f"unknown parameter (known: {', '.join(self.parameters)})", solve_for
            )
        vals = self.values(values)
        k = self.kernels
        eps = k.EP_POLYNOMIALS.get(model, {})
        structured = k.STRUCTURED.get(model, {})
        if solve_for in eps:
            candidates = self._ep_roots(vals, solve_for, *eps[solve_for])
            method = "closed form"
        else:
            reason = structured.get(f"ep:{solve_for}", "")
            closed_disc = "discriminant" in k.SPECTRUM.get(model, {})
            if (closed_disc and not reason) or "does not depend" in reason:
                raise ParameterError(
                    solve_for, "the EP condition does not depend on this parameter"
                )
            candidates = self._ep_scan(vals, model, solve_for, bounds)
            method = "numeric"
        clusters: list[list[float]] = []
        for x in sorted(x for x in candidates if np.isfinite(x)):
            if clusters and abs(x - clusters[-1][-1]) < 1e-6 * max(1.0, abs(x)):
                clusters[-1].append(x)
            else:
                clusters.append([x])
        found: list[ExceptionalPoint] = []
        for cl in clusters:
            # the cluster's mean, else its members (a double root at a bound of the
            # parameter's range, e.g. J = 0, splits into two roots either side of it)
            for x in (float(np.mean(cl)), *cl):
                try:
                    cand = self.values({**vals, solve_for: x})
                except ParameterError:
                    continue
                ep = self._ep_point(cand, model, solve_for, method)
                if ep is not None:
                    found.append(ep)
                break
        return found

    def _ep_roots(self, vals, name, fn, in_exp) -> list[float]:
        with np.errstate(all="ignore"):
            out = np.asarray(getattr(self.kernels, fn)(self.vector(vals)), dtype=complex)
        coeffs, denominator = out[:-1], out[-1]
        scale = np.max(np.abs(coeffs)) if coeffs.size else 0.0
        if not np.isfinite(scale) or scale == 0 or denominator == 0:
            return []
        coeffs = coeffs / scale
        nz = np.nonzero(np.abs(coeffs) > 1e-14)[0]
        coeffs = coeffs[nz[0] :]
        roots = np.roots(coeffs) if coeffs.size > 1 else np.array([])
        out_vals = []
        for r in roots:
            if in_exp:
                if abs(abs(r) - 1) <= 1e-6:
                    out_vals.append(float(np.angle(r)))
            elif abs(r.imag) <= 1e-6 * max(1.0, abs(r)):
                out_vals.append(float(r.real))
        return out_vals

    def _ep_scan(self, vals, model, name, bounds) -> list[float]:
        kind = self.kinds[name]
        v = vals[name]
        if bounds is not None:
            lo, hi = (float(x) for x in bounds)
            grid = np.linspace(lo, hi, 2001)
        else:
            M = self.first_moment_drift(vals, model)
            rate = max(float(np.max(np.abs(M))), abs(v), 1e-12)
            if kind in ("positive", "nonnegative"):
                centre = v if v > 0 else rate
                grid = np.geomspace(centre * 1e-3, centre * 1e3, 2001)
                if kind == "nonnegative":
                    grid = np.concatenate([[0.0], grid])
            else:
                grid = np.linspace(v - 10 * rate, v + 10 * rate, 2001)

        def disc(x: float) -> complex:
            try:
                return self._disc({**vals, name: float(x)}, model)
            except ParameterError:
                return complex(np.nan)

        D = np.array([disc(x) for x in grid])
        a = np.abs(D)
        out = []
        for i in range(1, grid.size - 1):
            if not (np.isfinite(a[i - 1]) and np.isfinite(a[i]) and np.isfinite(a[i + 1])):
                continue
            if a[i] <= a[i - 1] and a[i] <= a[i + 1]:
                out.append(_refine(disc, grid[i - 1], grid[i], grid[i + 1]))
        return out

    # ----------------------------------------------------------------------------- couplings
    def induced(self, values: Mapping | None = None) -> dict[str, np.ndarray]:
        r"""What the elimination adds among the kept modes at ``values``, from
        :math:`K = iM`: ``shifts`` :math:`= \tfrac12(\Delta K + \Delta K^\dagger)` (frequency
        shifts, induced coherent couplings) and ``rates`` :math:`= i(\Delta K - \Delta K^\dagger)`
        (induced dissipative couplings, :math:`\Gamma_{ij}`), :math:`\Delta K = K_\text{eff} -
        K_{PP}` (the :math:`\langle x\rangle` block; zero when nothing is eliminated)."""
        vals = self.values(values)
        K_eff = 1j * self.drift(vals, "effective")[0]
        full = 1j * self.drift(vals, "full")[0]
        idx = [self.modes.index(m) for m in self.kept]
        dK = K_eff - full[np.ix_(idx, idx)]
        return {"shifts": 0.5 * (dK + dK.conj().T), "rates": 1j * (dK - dK.conj().T)}

    def nonreciprocal_coupling(
        self, values: Mapping | None, source: str, target: str
    ) -> dict[str, complex | float]:
        r"""The derived nonreciprocity condition of (``source``, ``target``) solved at ``values``:
        the coefficient of :math:`\langle\mathrm{target}\rangle` in
        :math:`d\langle\mathrm{source}\rangle/dt`, :math:`-iw + R`, vanishes for
        :math:`w = h_{st} - iM_{st}` (the coupling as written minus what it leaves, evaluated
        from the drift the kernels print).  Returns ``{"value": w}`` and, when the coupling is
        written :math:`cJe^{ik\theta}`, the parameter values solving it (e.g. ``{"J": ...,
        "theta": ...}``)."""
        for role, m in (("source", source), ("target", target)):
            if m not in self.kept:
                raise ParameterError(role, f"not a kept mode (kept: {', '.join(self.kept)})", m)
        entry = self.kernels.COUPLINGS.get((source, target))
        if entry is None:
            pairs = ", ".join(f"({s}, {t})" for s, t in self.kernels.COUPLINGS) or "none"
            raise ParameterError(
                f"({source}, {target})",
                "no coherent coupling c*J*exp(i*k*theta) between these kept modes to solve for "
                f"(pairs with one: {pairs}); see .nonreciprocity() for the condition",
            )
        c, J, theta, k = entry
        vals = self.values(values)
        M = self.drift(vals, "effective")[0]
        i, j = self.kept.index(source), self.kept.index(target)
        phase = complex(math.cos(k * vals[theta]), math.sin(k * vals[theta])) if theta else 1.0
        w = c * vals[J] * phase - 1j * complex(M[i, j])
        # the same without the coupling (no cancellation of c J e^{ik theta} against itself,
        # which loses digits when J is far larger than the rest), if M_ij is linear in it
        w0 = -1j * complex(self.drift({**vals, J: 0.0}, "effective")[0][i, j])
        if abs(w0 - w) <= 1e-9 * (abs(w) + abs(c * vals[J])):
            w = w0
        out: dict[str, complex | float] = {"value": w}
        if theta is not None:
            out[J] = abs(w) / c
            out[theta] = math.atan2(w.imag, w.real) / k
        elif w.real >= 0 and abs(w.imag) <= 1e-12 * max(abs(w), 1e-300):
            out[J] = w.real / c
        return out

    # ----------------------------------------------------------------------------- symbolic
    @cached_property
    def spec(self):
        """The parsed model file (SymPy; on first use)."""
        from ..model.spec import load_spec

        return load_spec(self.path)

    @cached_property
    def derivation(self):
        """Every derived SymPy result (on first use; cached on disk by the digest)."""
        from ..derive.pipeline import cached_derive

        return cached_derive(self.spec, self.digest)

    def nonreciprocity(self, source: str, target: str):
        """The derived nonreciprocity condition of (``source``, ``target``), in SymPy (see
        :mod:`nrqb_sym.derive.nonreciprocity`)."""
        for role, m in (("source", source), ("target", target)):
            if m not in self.modes:
                raise ParameterError(role, f"unknown mode (modes: {', '.join(self.modes)})", m)
        return self.derivation.nonreciprocity(source, target)


def _time_grid(t) -> tuple[np.ndarray, bool]:
    """Checked times and whether they are evenly spaced (one compiled pass over them)."""
    from .numerics import is_uniform, scan_times

    tt = V.as_times(t)
    scan = scan_times(tt)
    V.check_times(bool(scan[0]), float(scan[1]), float(scan[2]))
    return tt, is_uniform(tt, 2, scan)


def _refine(disc, lo: float, x: float, hi: float) -> float:
    """Minimise :math:`|D|` on ``[lo, hi]`` (golden section), then polish with Newton steps."""
    from scipy.optimize import minimize_scalar

    res = minimize_scalar(
        lambda y: abs(disc(y)), bounds=(lo, hi), method="bounded", options={"xatol": 1e-13}
    )
    x = float(res.x) if np.isfinite(res.fun) else x
    for _ in range(8):
        h = 1e-7 * max(abs(x), hi - lo, 1e-12)
        d0 = disc(x)
        dd = (disc(x + h) - disc(x - h)) / (2 * h)
        if not (np.isfinite(d0) and np.isfinite(dd)) or dd == 0:
            break
        step = (d0 / dd).real
        if not np.isfinite(step) or abs(step) > (hi - lo):
            break
        x_new = x - step
        if abs(disc(x_new)) >= abs(d0):
            break
        x = x_new
    return x


def _assemble(tt, model, vals, xrows, rrows, drows, out_x, out_r, out_D) -> Trace:
    tr = Trace(tt, model, vals)
    for i, nm in enumerate(xrows):
        tr.amplitude[nm[2:]] = out_x[i]
    for i, nm in enumerate(rrows):
        kind, _, mode = nm.partition("_")
        getattr(tr, _FIELDS[kind])[mode] = out_r[i]
    for i, nm in enumerate(drows):
        tr.derived[nm] = out_D[i]
    return tr


#: Relative size (to the largest value along the trace) of a negative occupation or ergotropy
#: that is rounding, not a broken state (at least 1e-12 in absolute terms).
UNPHYSICAL_TOL = 1e-9


def _warn_unphysical(t: np.ndarray, series: Mapping, what: str) -> None:
    """Warn (:class:`UnphysicalWarning`, naming the mode and the first time) when a quantity
    that cannot be negative in any state (an occupation, an ergotropy) is, beyond rounding."""
    for mode, v in series.items():
        v = np.asarray(v)
        if v.size == 0 or not np.isfinite(v).all():
            continue
        tol = UNPHYSICAL_TOL * max(float(np.max(np.abs(v))), 1e-3)
        bad = np.nonzero(v < -tol)[0]
        if bad.size:
            k = int(bad[0])
            when = f" at t = {float(t[k]):.6g}" if np.ndim(t) and len(t) == v.shape[-1] else ""
            warnings.warn(
                f"{what} of {mode} is negative ({float(v.flat[k]):.3g}){when}: not a physical "
                "state; check the initial state and the parameters",
                V.UnphysicalWarning,
                stacklevel=3,
            )


def _joint_ergotropy(
    group, modes, omega, tr, coherent, out_s, out_W, cm, vals, tt, model, initial=None
):
    r"""Joint Gaussian ergotropy of ``group`` along the trace (see
    :mod:`nrqb_sym.derive.observables`): :math:`\sum\omega\langle m^\dagger m\rangle -
    \sum_k\omega_{(k)}(\nu_k - \tfrac12)` from the symplectic eigenvalues of the group's
    covariance (batched NumPy eigenvalues)."""
    idx = [modes.index(m) for m in group]
    w = np.array([omega[i] for i in idx])
    if coherent:
        x = cm.simulate(vals, tt, model, initial, [f"x_{m}" for m in group]).amplitude
        return sum(wi * np.abs(x[m]) ** 2 for wi, m in zip(w, group, strict=True))
    n = len(modes)
    k = len(idx)
    rows = idx + [n + i for i in idx]
    r = out_s[:, rows]
    W = out_W[:, rows][:, :, rows]
    Vm = W + 0.5 * np.eye(2 * k)
    Om = np.zeros((2 * k, 2 * k))
    Om[:k, k:] = np.eye(k)
    Om[k:, :k] = -np.eye(k)
    ev = np.linalg.eigvals(1j * Om @ Vm)
    nu = np.sort(np.abs(ev.real), axis=1)[:, ::2][:, ::-1]  # each nu twice: one per pair
    occ = 0.5 * (r[:, :k] ** 2 + r[:, k:] ** 2) + 0.5 * (
        np.diagonal(W, axis1=1, axis2=2)[:, :k] + np.diagonal(W, axis1=1, axis2=2)[:, k:]
    )
    energy = occ @ w
    passive = (nu - 0.5) @ np.sort(w)
    return energy - passive
