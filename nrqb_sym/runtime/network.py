r"""Runtime API of model files: :func:`load_model` and :class:`CompiledModel`.

``load_model(path)`` parses the model file, finds its generated folder (beside the file, or in
the user cache; see :mod:`nrqb_sym.codegen.network_write`) or generates it when missing or
stale, and imports its ``kernels.py``.  Every number then comes from those kernels and the
numerics of :mod:`nrqb_sym.runtime.gaussian`: all first and second moments solve

.. math::

    \dot z = A z + b,\qquad z(t) \text{ from } e^{\tilde A t}
    \ (\tilde A = \begin{pmatrix}A & b\\0 & 0\end{pmatrix}),\qquad z_{ss} = -A^{-1}b,

with :math:`E_m = \omega_m\langle m^\dagger m\rangle` and the exact power
:math:`P_m = \omega_m\,d\langle m^\dagger m\rangle/dt = \omega_m (Az + b)_{m^\dagger m}`.

Initial states are product Gaussian states: per mode a displaced squeezed thermal state with
amplitude :math:`\alpha`, thermal occupation :math:`n`, squeezing :math:`r e^{i\phi}`:

.. math::

    \langle x\rangle = \alpha,\quad \langle x^\dagger x\rangle = |\alpha|^2 + N,\quad
    \langle x x\rangle = \alpha^2 + M,\qquad N = (n + \tfrac12)\cosh 2r - \tfrac12,\quad
    M = -(n + \tfrac12)e^{i\phi}\sinh 2r .
"""

from __future__ import annotations

import cmath
import importlib.util
import math
import numbers
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType

import numpy as np

from .simulation import ParameterError, _check_memory, _times, _uniform

__all__ = [
    "MODELS",
    "load_model",
    "CompiledModel",
    "NetworkTrace",
    "NetworkSteadyState",
    "NetworkExceptionalPoint",
    "resolve_values",
    "initial_moments",
    "mode_parameters",
]

MODELS = ("effective", "full")

#: Largest Re(eigenvalue) of A, relative to its size, still counted as stable (rounding).
_STABLE_TOL = 1e-12
#: Largest gap between the two coalescing eigenvalues, relative to their size, accepted at an
#: exceptional point (near an EP the gap grows like the square root of the distance to it).
_EP_GAP = 1e-4


# ------------------------------------------------------------------------------ values
def _number(name: str, value) -> float:
    if isinstance(value, str):
        try:
            v = float(value.strip())  # float() parses literals only; nothing is evaluated
        except ValueError:
            raise ParameterError(name, "must be a real number", value) from None
    elif isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterError(name, "must be a real number", value)
    else:
        v = float(value)
    if not math.isfinite(v):
        raise ParameterError(name, "must be finite", value)
    return v


def resolve_values(parameters: Mapping, values: Mapping | None, model: str = "") -> dict:
    """Check ``values`` against the declared ``parameters`` and fill in the defaults.

    Args:
        parameters: ``{name: Parameter}`` (``kind``, ``default``), declaration order.
        values: ``{name: number}`` given by the user (``None``: defaults only).
        model: the model's name, for messages.

    Returns:
        ``{name: float}`` for every parameter, in declaration order.

    Raises:
        ParameterError: unknown names, missing values without default, a value that is not a
            finite real number, or that breaks its kind (``positive``: > 0, ``nonnegative``:
            >= 0); the message names the parameters as given.
    """
    values = {} if values is None else values
    if not isinstance(values, Mapping):
        raise ParameterError("values", "must be a mapping {parameter name: number}")
    of = f" of model {model!r}" if model else ""
    unknown = [str(k) for k in values if k not in parameters]
    if unknown:
        raise ParameterError(
            ", ".join(unknown),
            f"unknown parameter{'s' if len(unknown) > 1 else ''}{of} "
            f"(known: {', '.join(parameters)})",
        )
    missing = [n for n, p in parameters.items() if n not in values and p.default is None]
    if missing:
        raise ParameterError(
            ", ".join(missing), f"required{of}: no value given and no default in the model file"
        )
    out: dict[str, float] = {}
    for name, par in parameters.items():
        raw = values[name] if name in values else par.default
        v = _number(name, raw)
        if par.kind == "positive" and not v > 0:
            raise ParameterError(name, "must be > 0 (declared positive)", raw)
        if par.kind == "nonnegative" and not v >= 0:
            raise ParameterError(name, "must be >= 0 (declared nonnegative)", raw)
        out[name] = v
    return out


def _complex(name: str, value) -> complex:
    if isinstance(value, str):
        try:
            v = complex(value.strip().replace(" ", ""))  # a literal such as 0.3+0.1j
        except ValueError:
            raise ParameterError(name, "must be a (complex) number", value) from None
    elif isinstance(value, bool) or not isinstance(value, numbers.Complex):
        raise ParameterError(name, "must be a (complex) number", value)
    else:
        v = complex(value)
    if not (math.isfinite(v.real) and math.isfinite(v.imag)):
        raise ParameterError(name, "must be finite", value)
    return v


_STATE_KEYS = ("alpha", "n", "r", "phi")


def mode_parameters(mode: str, spec) -> tuple[complex, float, float, float]:
    """``(alpha, n, r, phi)`` of one mode's initial state: a complex amplitude, or a mapping
    with keys ``alpha``, ``n`` (thermal occupation >= 0), ``r`` and ``phi`` (squeezing)."""
    if isinstance(spec, Mapping):
        bad = [k for k in spec if k not in _STATE_KEYS]
        if bad:
            raise ParameterError(
                f"initial[{mode!r}]",
                f"unknown key {bad[0]!r} (known: {', '.join(_STATE_KEYS)})",
            )
        alpha = _complex(f"initial[{mode!r}].alpha", spec.get("alpha", 0.0))
        n = _number(f"initial[{mode!r}].n", spec.get("n", 0.0))
        if n < 0:
            raise ParameterError(f"initial[{mode!r}].n", "thermal occupation must be >= 0", n)
        r = _number(f"initial[{mode!r}].r", spec.get("r", 0.0))
        phi = _number(f"initial[{mode!r}].phi", spec.get("phi", 0.0))
        return alpha, n, r, phi
    return _complex(f"initial[{mode!r}]", spec), 0.0, 0.0, 0.0


def _mode_state(mode: str, spec) -> tuple[complex, float, complex]:
    """``(alpha, N, M)`` of one mode's initial state (see the module docstring)."""
    alpha, n, r, phi = mode_parameters(mode, spec)
    # N = (n + 1/2) cosh 2r - 1/2 written without the 1/2 - 1/2 cancellation
    N = n * math.cosh(2 * r) + math.sinh(r) ** 2
    M = -(n + 0.5) * cmath.exp(1j * phi) * math.sinh(2 * r)
    return alpha, N, M


def initial_moments(keys, modes, initial: Mapping | None) -> np.ndarray:
    r"""The moment vector :math:`z(0)` of a product Gaussian start.

    Args:
        keys: the normal-ordered monomial of each moment (``MOMENT_KEYS_*`` of the kernels).
        modes: the modes of the model simulated.
        initial: ``None`` (vacuum) or ``{mode: amplitude}`` / ``{mode: {"alpha", "n", "r",
            "phi"}}``; modes not named start in the vacuum.
    """
    initial = {} if initial is None else initial
    if not isinstance(initial, Mapping):
        raise ParameterError("initial", "must be a mapping {mode: amplitude or state}")
    states = {m: (0j, 0.0, 0j) for m in modes}
    for m, s in initial.items():
        if m not in states:
            raise ParameterError(
                f"initial[{m!r}]",
                f"not a mode of this model (modes: {', '.join(modes)}; "
                "eliminated modes exist only in model='full')",
            )
        states[m] = _mode_state(m, s)
    z = np.empty(len(keys), dtype=np.complex128)
    for i, key in enumerate(keys):
        value = 1.0 + 0j
        for m, nd, na in key:
            alpha, N, M = states[m]
            if (nd, na) == (0, 1):
                value *= alpha
            elif (nd, na) == (1, 0):
                value *= alpha.conjugate()
            elif (nd, na) == (1, 1):
                value *= abs(alpha) ** 2 + N
            elif (nd, na) == (0, 2):
                value *= alpha * alpha + M
            elif (nd, na) == (2, 0):
                value *= (alpha * alpha + M).conjugate()
            else:  # pragma: no cover - the kernels hold first and second moments only
                raise ValueError(f"moment {key} is beyond second order")
        z[i] = value
    return z


# ------------------------------------------------------------------------------ results
@dataclass(frozen=True)
class NetworkTrace:
    r"""A time trace of a model file's network.

    Attributes:
        t: float64[n] times.
        amplitude: ``{mode: complex128[n]}``, :math:`\langle m\rangle`.
        occupation: ``{mode: float64[n]}``, :math:`\langle m^\dagger m\rangle` (fluctuations
            included).
        energy: ``{mode: float64[n]}``, :math:`E_m = \omega_m\langle m^\dagger m\rangle`, for the
            modes with an energy.
        power: ``{mode: float64[n]}``, :math:`P_m = dE_m/dt` (exact, from the moment equations).
        model: ``"effective"`` or ``"full"``.
        values: the parameter values used (defaults filled in).
        moments: every first and second moment by name, ``complex128[n]``.
    """

    t: np.ndarray
    amplitude: dict[str, np.ndarray]
    occupation: dict[str, np.ndarray]
    energy: dict[str, np.ndarray]
    power: dict[str, np.ndarray]
    model: str
    values: dict[str, float]
    moments: dict[str, np.ndarray] = field(repr=False)


@dataclass(frozen=True)
class NetworkSteadyState:
    """The stationary state: the fields of :class:`NetworkTrace` as scalars (power 0)."""

    amplitude: dict[str, complex]
    occupation: dict[str, float]
    energy: dict[str, float]
    power: dict[str, float]
    model: str
    values: dict[str, float]
    moments: dict[str, complex] = field(repr=False)


@dataclass(frozen=True)
class NetworkExceptionalPoint:
    """An exceptional point found by :meth:`CompiledModel.exceptional_points`.

    Attributes:
        parameter: the parameter solved for; value: its value there.
        values: every parameter value at the point.
        discriminant: the discriminant of the characteristic polynomial there (~0).
        eigenvalue: the double eigenvalue.
        eigenvalues: all eigenvalues of the first-moment drift there.
        method: ``"closed form"`` (roots of the derived EP polynomial) or ``"numeric"`` (scan and
            refinement of the discriminant).
    """

    parameter: str
    value: float
    values: dict[str, float]
    discriminant: complex
    eigenvalue: complex
    eigenvalues: np.ndarray
    method: str


# ------------------------------------------------------------------------------ loading
_LOADED: dict[tuple[str, str], ModuleType] = {}


def _import_kernels(folder: Path, name: str, digest: str) -> ModuleType:
    """Import ``folder/kernels.py`` under a module name unique per model and digest (so that
    Numba's ``cache=True`` can locate it)."""
    path = (Path(folder) / "kernels.py").resolve()
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
    if getattr(module, "DIGEST", None) != digest:
        sys.modules.pop(modname, None)
        raise ImportError(f"{path}: kernels do not match the model file (digest)")
    _LOADED[key] = module
    return module


def load_model(path: str | Path, out: str | Path | None = None) -> CompiledModel:
    """Parse a model file and load (generating when needed) its compiled kernels.

    The generated folder is ``out``, else ``<dir>/<stem>.nrqb/`` beside the file, else (inside
    the installed package or site-packages, or not writable) the user cache
    ``$NRQB_CACHE_DIR/models/<name>-<digest16>/``.  A folder generated from another version of
    the file or pipeline is regenerated; the derivation is cached on disk by the same digest.

    Raises:
        ModelError: the model file is invalid (one line naming the file, key and token), or no
            folder can be written.
    """
    from ..codegen.network_write import (
        candidate_folders,
        folder_digest,
        generate_model,
        model_digest,
        target_folder,
    )
    from ..model.spec import load_spec

    path = Path(path)
    spec = load_spec(path)
    digest = model_digest(spec.source)
    folders = [Path(out)] if out is not None else candidate_folders(path, spec.name, digest)
    folder = next((f for f in folders if folder_digest(f) == digest), None)
    if folder is None:
        target = Path(out) if out is not None else target_folder(path, spec.name, digest)
        result = generate_model(path, out=target, progress=True)
        folder = result.folder
        print(f"nrqb: kernels of model {spec.name!r} written to {folder}", file=sys.stderr)
    kernels = _import_kernels(folder, spec.name, digest)
    return CompiledModel(spec, kernels, Path(folder), digest)


# ------------------------------------------------------------------------------ the model
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
        name: the model's name; path: the model file; folder: the generated folder;
        digest: SHA-256 of the model file and pipeline; spec: the parsed
        :class:`~nrqb_sym.model.spec.ModelSpec`; kernels: the imported kernel module.
    """

    def __init__(self, spec, kernels: ModuleType, folder: Path, digest: str):
        self.spec = spec
        self.kernels = kernels
        self.folder = folder
        self.digest = digest
        self.name = spec.name
        self.path = spec.path

    def __repr__(self) -> str:
        return f"CompiledModel({self.name!r}, modes={self.modes}, folder={str(self.folder)!r})"

    @property
    def modes(self) -> tuple[str, ...]:
        """All modes (the full model), in matrix order."""
        return tuple(self.kernels.MODES)

    @property
    def kept(self) -> tuple[str, ...]:
        """Modes of the effective model."""
        return tuple(self.kernels.KEPT)

    @property
    def parameters(self) -> dict[str, tuple[str, float | None]]:
        """``{name: (kind, default)}`` in declaration order."""
        return {n: (p.kind, p.default) for n, p in self.spec.parameters.items()}

    @cached_property
    def derivation(self):
        """The SymPy results of every stage (derived once, cached on disk by digest)."""
        from ..codegen.network_write import cached_network_derive

        return cached_network_derive(self.spec, self.digest, progress=True)

    # -------------------------------------------------------------------------- helpers
    def values(self, values: Mapping | None = None) -> dict[str, float]:
        """Checked parameter values with the defaults filled in (see :func:`resolve_values`)."""
        return resolve_values(self.spec.parameters, values, self.name)

    def _vector(self, values: dict[str, float]) -> np.ndarray:
        return np.array([values[n] for n in self.kernels.PARAMETERS], dtype=np.float64)

    def _model(self, model: str) -> str:
        if model not in MODELS:
            raise ParameterError("model", f"must be one of {', '.join(MODELS)}", model)
        return model

    def _model_modes(self, model: str) -> tuple[str, ...]:
        return self.modes if model == "full" else self.kept

    def _keys(self, model: str):
        k = self.kernels
        return k.MOMENT_KEYS_FULL if model == "full" else k.MOMENT_KEYS_EFFECTIVE

    def _names(self, model: str) -> tuple[str, ...]:
        k = self.kernels
        return k.VARIABLES_FULL if model == "full" else k.VARIABLES_EFFECTIVE

    def drift(self, values: Mapping | None, model: str = "effective"):
        r"""``(A, b)`` of :math:`\dot z = Az + b` at ``values`` (checked, finite)."""
        model = self._model(model)
        vals = self.values(values)
        return self._drift(vals, model)

    def _drift(self, vals: dict[str, float], model: str):
        fn = self.kernels.drift_full if model == "full" else self.kernels.drift_effective
        with np.errstate(all="ignore"):
            A, b = fn(self._vector(vals))
        if not (np.all(np.isfinite(A)) and np.all(np.isfinite(b))):
            if model == "effective":
                raise ParameterError(
                    "values",
                    "the effective model is undefined here: the eliminated modes have no "
                    "zero-frequency response (undamped and resonant?); use model='full'",
                )
            raise ParameterError("values", "the moment equations are not finite at these values")
        return A, b

    def _index(self, model: str) -> dict[tuple, int]:
        return {key: i for i, key in enumerate(self._keys(model))}

    def _fields(self, model: str, vals: dict[str, float], Z, dZ):
        """amplitude/occupation/energy/power dicts from moments ``Z`` and rates ``dZ``."""
        idx = self._index(model)
        omega = self.kernels.energies(self._vector(vals))
        amp, occ, energy, power = {}, {}, {}, {}
        for m in self._model_modes(model):
            amp[m] = Z[..., idx[((m, 0, 1),)]]
            k = idx[((m, 1, 1),)]
            occ[m] = Z[..., k].real
            if m in self.kernels.ENERGY_MODES:
                w = float(omega[self.modes.index(m)])
                energy[m] = w * occ[m]
                power[m] = w * dZ[..., k].real
        return amp, occ, energy, power

    # -------------------------------------------------------------------------- API
    def simulate(
        self,
        values: Mapping | None,
        t,
        model: str = "effective",
        initial: Mapping | None = None,
    ) -> NetworkTrace:
        r"""Every first and second moment along ``t`` from a product Gaussian start.

        Args:
            values: ``{parameter: number}``; parameters with a default may be omitted.
            t: 1-d array of times >= 0.
            model: ``"effective"`` (eliminated modes removed) or ``"full"``.
            initial: ``None`` (vacuum) or ``{mode: amplitude}`` or
                ``{mode: {"alpha": complex, "n": thermal occupation, "r": squeezing,
                "phi": squeezing angle}}``.

        Evenly spaced grids of at least 1024 points step with the exact one-step propagator
        (re-anchored every 256 points); other grids take one matrix exponential per time.
        """
        model = self._model(model)
        vals = self.values(values)
        tt = _times(t)
        # Z, dz/dt and the per-mode arrays: about four complex numbers per moment and time
        _check_memory(64 * tt.size * len(self._keys(model)), f"t ({tt.size} times)")
        from . import gaussian

        A, b = self._drift(vals, model)
        z0 = initial_moments(self._keys(model), self._model_modes(model), initial)
        if _uniform(tt):
            dt = (tt[-1] - tt[0]) / (tt.size - 1)
            Z = gaussian.trace_uniform(A, b, z0, float(tt[0]), float(dt), tt.size)
        else:
            Z = gaussian.trace_points(A, b, z0, tt)
        dZ = gaussian.rates(A, b, Z)
        amp, occ, energy, power = self._fields(model, vals, Z, dZ)
        moments = {n: Z[:, i] for i, n in enumerate(self._names(model))}
        return NetworkTrace(tt, amp, occ, energy, power, model, vals, moments)

    def _check_stable(self, A: np.ndarray) -> None:
        ev = np.linalg.eigvals(A)
        scale = max(1.0, float(np.max(np.abs(A))))
        worst = float(np.max(ev.real)) if ev.size else -1.0
        if worst >= -_STABLE_TOL * scale:
            raise ParameterError(
                "values",
                "unstable: drift matrix has an eigenvalue with Re >= 0 (squeezing above "
                f"threshold?) - max Re = {worst:.3g}; no steady state",
            )

    def steady_state(self, values: Mapping | None, model: str = "effective") -> NetworkSteadyState:
        r"""The stationary state :math:`z_{ss} = -A^{-1}b` (a stable drift matrix required).

        Raises:
            ParameterError: unknown/missing values, or an unstable drift matrix.
        """
        model = self._model(model)
        vals = self.values(values)
        A, b = self._drift(vals, model)
        self._check_stable(A)
        from . import gaussian

        z = gaussian.steady(A, b)
        amp, occ, energy, _ = self._fields(model, vals, z, np.zeros_like(z))
        return NetworkSteadyState(
            {m: complex(v) for m, v in amp.items()},
            {m: float(v) for m, v in occ.items()},
            {m: float(v) for m, v in energy.items()},
            {m: 0.0 for m in energy},
            model,
            vals,
            {n: complex(z[i]) for i, n in enumerate(self._names(model))},
        )

    # -------------------------------------------------------------------------- spectrum
    def first_moment_drift(self, values: Mapping | None, model: str = "effective") -> np.ndarray:
        r"""The drift whose spectrum is meant: the :math:`\langle x\rangle` block :math:`M`
        when the :math:`\langle x\rangle`, :math:`\langle x^\dagger\rangle` blocks decouple,
        else the whole first-moment drift :math:`M_1`."""
        model = self._model(model)
        vals = self.values(values)
        return self._first(vals, model)

    def _first(self, vals: dict[str, float], model: str) -> np.ndarray:
        A, _ = self._drift(vals, model)
        idx = self._index(model)
        modes = self._model_modes(model)
        rows = [idx[((m, 0, 1),)] for m in modes]
        if not self.kernels.DECOUPLED[model]:
            rows += [idx[((m, 1, 0),)] for m in modes]
        return A[np.ix_(rows, rows)]

    def _disc(self, vals: dict[str, float], model: str) -> tuple[complex, float]:
        """The discriminant and its natural scale :math:`\\max(|\\lambda|)^{n(n-1)}`."""
        k = self.kernels
        M = self._first(vals, model)
        n = M.shape[0]
        size = max(float(np.max(np.abs(M))), 1e-300) * n
        scale = size ** (n * (n - 1))
        pieces = k.SPECTRUM.get(model, {})
        p = self._vector(vals)
        with np.errstate(all="ignore"):
            if "discriminant" in pieces:
                return complex(getattr(k, pieces["discriminant"])(p)[0]), scale
            if "charpoly" in pieces:
                coeffs = getattr(k, pieces["charpoly"])(p)
            else:
                coeffs = np.poly(M)
        return _discriminant(coeffs), scale

    def _ep_point(self, vals, model, name, method) -> NetworkExceptionalPoint | None:
        """The EP at ``vals``: two eigenvalues of the drift coincide (to :data:`_EP_GAP` of
        their size: the discriminant vanishes) and the drift is defective there (a missing
        eigenvector: :math:`M - \\lambda I` keeps rank :math:`n - 1`)."""
        try:
            D, _ = self._disc(vals, model)
            M = self._first(vals, model)
        except ParameterError:
            return None
        if not np.isfinite(D):
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
            return None  # a degenerate but diagonalisable point: not exceptional
        return NetworkExceptionalPoint(name, vals[name], dict(vals), D, complex(lam), ev, method)

    def exceptional_points(
        self,
        values: Mapping | None,
        solve_for: str,
        model: str = "effective",
        bounds: tuple[float, float] | None = None,
    ) -> list[NetworkExceptionalPoint]:
        r"""Values of ``solve_for`` (the others fixed) where the first-moment drift has an EP.

        With the EP polynomial in closed form its roots are taken (real, or on the unit circle
        for a phase entering as :math:`e^{i\theta}`); otherwise the discriminant is scanned over
        ``bounds`` (default: three decades either side of the given value for a positive
        parameter, a window of ten rate scales for a real one) and refined at its minima.
        Kept: admissible values where two eigenvalues coincide (the discriminant vanishes) and
        the drift is defective there (a missing eigenvector, not a diagonal degeneracy).
        """
        model = self._model(model)
        if solve_for not in self.spec.parameters:
            raise ParameterError(
                "solve-for",
                f"unknown parameter (known: {', '.join(self.spec.parameters)})",
                solve_for,
            )
        vals = self.values(values)
        k = self.kernels
        eps = k.EP_POLYNOMIALS.get(model, {})
        structured = k.STRUCTURED.get(model, {})
        if solve_for in eps:
            candidates = self._ep_roots(vals, model, solve_for, *eps[solve_for])
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
        # a double root split by rounding: one point, at the midpoint
        clusters: list[list[float]] = []
        for x in sorted(x for x in candidates if np.isfinite(x)):
            if clusters and abs(x - clusters[-1][-1]) < 1e-6 * max(1.0, abs(x)):
                clusters[-1].append(x)
            else:
                clusters.append([x])
        found: list[NetworkExceptionalPoint] = []
        for cl in clusters:
            try:
                cand = self.values({**vals, solve_for: float(np.mean(cl))})
            except ParameterError:
                continue
            ep = self._ep_point(cand, model, solve_for, method)
            if ep is not None:
                found.append(ep)
        return found

    def _ep_roots(self, vals, model, name, fn, in_exp) -> list[float]:
        with np.errstate(all="ignore"):
            out = np.asarray(getattr(self.kernels, fn)(self._vector(vals)), dtype=complex)
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
        kind = self.spec.parameters[name].kind
        v = vals[name]
        if bounds is not None:
            lo, hi = (float(x) for x in bounds)
            grid = np.linspace(lo, hi, 2001)
        else:
            M = self._first(vals, model)
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
                return self._disc({**vals, name: float(x)}, model)[0]
            except ParameterError:
                return complex(np.nan)

        D = np.array([disc(x) for x in grid])
        a = np.abs(D)
        out = []
        for i in range(1, grid.size - 1):
            if not (np.isfinite(a[i - 1]) and np.isfinite(a[i]) and np.isfinite(a[i + 1])):
                continue
            if a[i] <= a[i - 1] and a[i] <= a[i + 1]:
                out.append(self._refine(disc, grid[i - 1], grid[i], grid[i + 1]))
        return out

    @staticmethod
    def _refine(disc, lo: float, x: float, hi: float) -> float:
        """Minimise :math:`|D|` on ``[lo, hi]`` (golden section), then polish with Newton steps
        on :math:`D` along the real line."""
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

    # -------------------------------------------------------------------------- symbolic
    def nonreciprocity(self, source: str, target: str):
        """The derived nonreciprocity condition for the ordered pair (``source``, ``target``):
        the coefficient of ``<target>`` in ``d<source>/dt`` set to zero and solved for the
        coherent coupling between them (from the derivation)."""
        for role, m in (("source", source), ("target", target)):
            if m not in self.modes:
                raise ParameterError(role, f"unknown mode (modes: {', '.join(self.modes)})", m)
        return self.derivation.nonreciprocity(source, target)

    def nonreciprocal_coupling(
        self, values: Mapping | None, source: str, target: str
    ) -> dict[str, complex | float]:
        """The solved nonreciprocity condition of (``source``, ``target``) at ``values``, from
        the kernels: ``{"value": w}`` (the complex coupling that zeroes the back-action of
        ``target`` on ``source``) and, when the coupling is written ``c J exp(i k theta)``, the
        parameter values solving it (e.g. ``{"J": ..., "theta": ...}``)."""
        for role, m in (("source", source), ("target", target)):
            if m not in self.modes:
                raise ParameterError(role, f"unknown mode (modes: {', '.join(self.modes)})", m)
        entry = self.kernels.NONRECIPROCITY.get((source, target))
        if entry is None:
            pairs = ", ".join(f"({s}, {t})" for s, t in self.kernels.NONRECIPROCITY) or "none"
            raise ParameterError(
                f"({source}, {target})",
                "no coherent coupling between these kept modes to solve for "
                f"(pairs with a closed form: {pairs}); see .nonreciprocity() for the condition",
            )
        fn, names = entry
        vals = self.values(values)
        with np.errstate(all="ignore"):
            out = getattr(self.kernels, fn)(self._vector(vals))
        result: dict[str, complex | float] = {"value": complex(out[0])}
        for i, n in enumerate(names[1:], start=1):
            result[n] = float(out[i].real)
        return result
