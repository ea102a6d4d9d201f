r"""Runtime API over the generated kernels: parameters, traces, steady states, exceptional points.

Nothing here restates a model formula: every number comes from a kernel in ``generated/`` (or,
for :func:`nonreciprocal` couplings, from the derived rates evaluated by those kernels).
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, make_dataclass

import numpy as np

from ..model.core import PAPER_SPEC, PARAMETER_NAMES

__all__ = [
    "ParameterError",
    "EliminationWarning",
    "Params",
    "Trace",
    "SteadyState",
    "ExceptionalPoint",
    "simulate",
    "simulate_grid",
    "InitialState",
    "VACUUM",
    "elimination_error",
    "steady_state",
    "exceptional_points",
    "derived_rates",
    "check_model",
    "MODELS",
    "PRESETS",
    "ELIMINATION_RATIO",
]

MODELS = ("effective", "full")

#: kappa_c / max(g_a, g_b, |Delta_c|-independent) below which the elimination is flagged.
ELIMINATION_RATIO = 10.0

_RATE_NAMES = ("kappa_a", "kappa_b", "kappa_c")
_NONNEGATIVE = ("g_a", "g_b", "J")
_POSITIVE = ("omega_a", "omega_b")
_OCCUPATIONS = ("n_a", "n_b", "n_c")


class ParameterError(ValueError):
    """A parameter value or name that breaks a rule; the message names both, on one line."""

    def __init__(self, name: str, rule: str, value=None):
        self.name = name
        self.rule = rule
        shown = "" if value is None else f" = {value!r}"
        super().__init__(f"{name}{shown}: {rule}")


class EliminationWarning(UserWarning):
    """The bad cavity is not fast enough for the adiabatic elimination to be trusted."""


#: Largest magnitude of a parameter.  The kernels form products of up to three parameters
#: (e.g. :math:`F^2 g_a g_b/\kappa_c^2`-like moments); with every value at most 1e100 these stay
#: below the float64 range (1.8e308).  Combinations that still overflow (a huge drive over tiny
#: rates) are caught on the results by :func:`_require_finite`.
MAX_MAGNITUDE = 1e100


def _number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterError(name, "must be a real number", value)
    v = float(value)
    if not math.isfinite(v):
        raise ParameterError(name, "must be finite", value)
    if abs(v) > MAX_MAGNITUDE:
        raise ParameterError(
            name,
            f"|{name}| must be <= {MAX_MAGNITUDE:g} so that the moments (products of up to "
            "three parameters) stay finite in double precision; rescale the units",
            value,
        )
    return v


def _most_extreme(params: Params) -> tuple[str, float]:
    """The parameter farthest from 1 in magnitude (log scale), ignoring zeros and ``theta``."""
    values = {k: v for k, v in params.as_dict().items() if v != 0 and k != "theta"}
    if not values:
        return "F", params.F
    return max(values.items(), key=lambda kv: abs(math.log(abs(kv[1]))))


def _range_error(params, detail: str) -> ParameterError:
    """The error for a result out of the float64 range, naming the most extreme parameter."""
    points = [params] if isinstance(params, Params) else list(params)
    if not points:
        return ParameterError("params", f"out of range for double precision: {detail}")
    name, value = max(
        (_most_extreme(p) for p in points), key=lambda kv: abs(math.log(abs(kv[1]) or 1.0))
    )
    return ParameterError(
        name,
        f"out of range for double precision: {detail} with this value; bring the parameters "
        "closer together (rescale the units)",
        value,
    )


def _require_finite(params: Params, what: str, **values) -> None:
    """Raise :class:`ParameterError` naming the most extreme parameter when a result overflows.

    Every input is finite and bounded by :data:`MAX_MAGNITUDE`, so a non-finite result means
    the values span too many orders of magnitude for float64 (e.g. ``F/kappa`` ~ 1e200).
    """
    for key, v in values.items():
        if v is not None and not np.all(np.isfinite(v)):
            raise _range_error(params, f"{key} of {what} is not finite")


def _in_range(fn):
    """Turn a kernel's ``ZeroDivisionError``/``OverflowError`` into a :class:`ParameterError`.

    Numba raises on a complex division by an exact zero even with ``error_model='numpy'``; with
    damped modes (checked by :func:`check_model`) a denominator is zero only by underflow, i.e.
    when the parameters span too many orders of magnitude.
    """

    @functools.wraps(fn)
    def wrapper(params, *args, **kwargs):
        try:
            return fn(params, *args, **kwargs)
        except (ZeroDivisionError, OverflowError) as exc:
            raise _range_error(params, f"a kernel failed ({exc})") from None

    return wrapper


@dataclass(frozen=True, kw_only=True)
class Params:
    r"""Parameters of the three-mode model, validated on construction.

    Rates are in any consistent unit (the package's examples use units of :math:`\Gamma`).
    Rules: every value a finite real number; ``kappa_*``, ``g_*``, ``J`` and the bath
    occupations ``n_*`` non-negative; ``omega_*`` positive.  The model-specific rules (``kappa_c > 0`` for the effective model, the
    elimination-validity warning) are checked by :func:`check_model`.
    """

    Delta_a: float = 0.0
    Delta_b: float = 0.0
    Delta_c: float = 0.0
    kappa_a: float
    kappa_b: float
    kappa_c: float
    g_a: float
    g_b: float
    J: float
    theta: float
    F: float
    omega_a: float = 1.0
    omega_b: float = 1.0
    n_a: float = 0.0
    n_b: float = 0.0
    n_c: float = 0.0

    def __post_init__(self):
        for f in fields(self):
            v = _number(f.name, getattr(self, f.name))
            if f.name in _RATE_NAMES and v < 0:
                raise ParameterError(f.name, "rates must be >= 0", v)
            if f.name in _NONNEGATIVE and v < 0:
                raise ParameterError(
                    f.name, "couplings must be >= 0 (a sign is a phase; put it in theta)", v
                )
            if f.name in _POSITIVE and v <= 0:
                raise ParameterError(f.name, "frequencies must be > 0", v)
            if f.name in _OCCUPATIONS and v < 0:
                raise ParameterError(f.name, "thermal occupations must be >= 0", v)
            kind = PAPER_SPEC.parameters[f.name].kind
            if f.name in _RATE_NAMES + _NONNEGATIVE + _POSITIVE + _OCCUPATIONS:
                pass  # the rules above
            elif kind == "positive" and v <= 0:
                raise ParameterError(f.name, "must be > 0 (declared positive in nrqb.toml)", v)
            if kind == "nonnegative" and v < 0:
                raise ParameterError(f.name, "must be >= 0 (declared nonnegative in nrqb.toml)", v)
            object.__setattr__(self, f.name, v)

    @classmethod
    def from_mapping(cls, values: dict) -> Params:
        """Build from a name -> value mapping, refusing unknown names."""
        for name in values:
            if name not in PARAMETER_NAMES:
                raise ParameterError(
                    name, f"unknown parameter (known: {', '.join(PARAMETER_NAMES)})"
                )
        missing = [
            n
            for n in ("kappa_a", "kappa_b", "kappa_c", "g_a", "g_b", "J", "theta", "F")
            if n not in values
        ]
        if missing:
            raise ParameterError(missing[0], "is required (or use a preset)")
        return cls(**values)

    @classmethod
    def nonreciprocal(
        cls,
        Gamma: float,
        kappa_a: float,
        kappa_b: float,
        kappa_c: float,
        F: float,
        *,
        Delta_a: float = 0.0,
        Delta_b: float = 0.0,
        Delta_c: float = 0.0,
        omega_a: float = 1.0,
        omega_b: float = 1.0,
        n_a: float = 0.0,
        n_b: float = 0.0,
        n_c: float = 0.0,
    ) -> Params:
        r"""Fully nonreciprocal parameters: ``g_a = g_b`` chosen so that the derived
        :math:`\Gamma` has the given value, ``J`` and ``theta`` from the solved :math:`M_{12} = 0`.
        """
        Gamma = _number("Gamma", Gamma)
        if Gamma <= 0:
            raise ParameterError("Gamma", "must be > 0", Gamma)
        kappa_c = _number("kappa_c", kappa_c)
        if kappa_c <= 0:
            raise ParameterError("kappa_c", "must be > 0 for a nonreciprocal coupling", kappa_c)
        unit = cls(
            kappa_a=kappa_a,
            kappa_b=kappa_b,
            kappa_c=kappa_c,
            g_a=1.0,
            g_b=1.0,
            J=0.0,
            theta=0.0,
            F=F,
            Delta_a=Delta_a,
            Delta_b=Delta_b,
            Delta_c=Delta_c,
            omega_a=omega_a,
            omega_b=omega_b,
            n_a=n_a,
            n_b=n_b,
            n_c=n_c,
        )
        # Gamma is bilinear in (g_a, g_b): scale the unit-coupling value.
        g = math.sqrt(Gamma / derived_rates(unit)["Gamma"])
        trial = unit.replace(g_a=g, g_b=g)
        rates = derived_rates(trial)
        return trial.replace(J=rates["J_nonreciprocal"], theta=rates["theta_nonreciprocal"])

    def replace(self, **changes) -> Params:
        """A copy with some values changed (validated again)."""
        values = self.as_dict()
        for k in changes:
            if k not in values:
                raise ParameterError(k, f"unknown parameter (known: {', '.join(PARAMETER_NAMES)})")
        values.update(changes)
        return Params(**values)

    def as_dict(self) -> dict[str, float]:
        """Name -> value, in kernel order."""
        return {n: getattr(self, n) for n in PARAMETER_NAMES}

    def array(self) -> np.ndarray:
        """float64 vector in the kernels' parameter order."""
        return np.array([getattr(self, n) for n in PARAMETER_NAMES], dtype=np.float64)


def _with_file_parameters(cls: type) -> type:
    """``cls`` extended by the parameters that ``nrqb.toml`` declares beyond its fields (a user's
    edit of the model file), each with the file's default (required when it has none)."""
    known = {f.name for f in fields(cls)}
    extra = [
        (n, float, field(default=p.default) if p.default is not None else field())
        for n, p in PAPER_SPEC.parameters.items()
        if n not in known
    ]
    if not extra:
        return cls
    return make_dataclass(
        "Params", extra, bases=(cls,), frozen=True, kw_only=True, namespace={"__doc__": cls.__doc__}
    )


Params = _with_file_parameters(Params)

#: Named parameter sets (units of Gamma).  ``nonreciprocal``: the paper's fully nonreciprocal,
#: resonant battery with weak intrinsic damping and a bad cavity 100x faster than Gamma.
PRESETS: dict[str, dict[str, float]] = {
    "nonreciprocal": {"Gamma": 1.0, "kappa_a": 0.05, "kappa_b": 0.05, "kappa_c": 100.0, "F": 0.5},
}


def preset(name: str, **overrides) -> Params:
    """Parameters of a named preset with overrides.

    Overrides of ``Gamma``, the rates, the drive, detunings or frequencies are applied *before*
    the nonreciprocal couplings are solved (so the preset stays nonreciprocal); overrides of
    ``g_a``, ``g_b``, ``J``, ``theta`` and of parameters the model file adds are applied after,
    as given.
    """
    if name not in PRESETS:
        raise ParameterError("preset", f"unknown preset {name!r} (known: {', '.join(PRESETS)})")
    inputs = dict(PRESETS[name])
    late = {}
    solved_from = set(inspect.signature(Params.nonreciprocal).parameters)
    for k, v in overrides.items():
        if k in solved_from:
            inputs[k] = v
        elif k in PARAMETER_NAMES:  # g_a, g_b, J, theta and any parameter the model file adds
            late[k] = v
        else:
            raise ParameterError(
                k, f"unknown parameter (known: Gamma, {', '.join(PARAMETER_NAMES)})"
            )
    base = Params.nonreciprocal(**inputs)
    return base.replace(**late) if late else base


def _kernels():
    from nrqb_sym_generated import effective, exceptional_points, full

    return effective, full, exceptional_points


def derived_rates(params: Params) -> dict[str, float]:
    """The elimination's derived rates (``Gamma_a``, ``Gamma``, ``Lambda_a``, shifts, ...) and
    the solved nonreciprocal ``J_nonreciprocal``, ``theta_nonreciprocal`` at these parameters."""
    eff, _, _ = _kernels()
    if params.kappa_c <= 0:
        raise ParameterError("kappa_c", "must be > 0 to eliminate the cavity", params.kappa_c)
    with np.errstate(all="ignore"):
        values = eff.effective_rates(params.array())
    out = dict(zip(eff.EFFECTIVE_RATES_OUTPUTS, (float(v) for v in values), strict=True))
    _require_finite(params, "the elimination's derived rates", **out)
    return out


def check_model(params: Params, model: str) -> None:
    """Model-specific rules; warns with :class:`EliminationWarning` when the elimination is weak.

    Raises:
        ParameterError: unknown model; ``kappa_c = 0`` for the effective model; no steady state
            (a mode with no damping at all).
    """
    if model not in MODELS:
        raise ParameterError("model", f"must be one of {', '.join(MODELS)}", model)
    g = max(params.g_a, params.g_b)
    if model == "effective":
        if params.kappa_c <= 0:
            raise ParameterError(
                "kappa_c", "must be > 0 for the effective model (nothing to eliminate)", 0.0
            )
        if g > 0 and params.kappa_c / g < ELIMINATION_RATIO:
            warnings.warn(
                f"kappa_c/max(g_a, g_b) = {params.kappa_c / g:.3g} < {ELIMINATION_RATIO:g}: "
                "the bad cavity is not fast enough for the elimination; compare --model full",
                EliminationWarning,
                stacklevel=3,
            )
        rates = derived_rates(params)
        for mode in ("a", "b"):
            if rates[f"Lambda_{mode}"] <= 0:
                raise ParameterError(
                    f"kappa_{mode}",
                    f"Lambda_{mode} = kappa_{mode} + Gamma_{mode} must be > 0 for a steady state",
                    params.as_dict()[f"kappa_{mode}"],
                )
    else:
        _, full, _ = _kernels()
        with np.errstate(all="ignore"):
            r = np.array(full.full_drift(params.array())[:9], dtype=complex).reshape(3, 3)
        ev = np.linalg.eigvals(r)
        if not np.all(ev.real < 0):
            raise ParameterError(
                "kappa",
                "the full model needs every mode damped (directly or through c) "
                "for a steady state: max Re(eigenvalue) = "
                f"{ev.real.max():.3g}",
            )


@dataclass(frozen=True, kw_only=True)
class InitialState:
    r"""A product Gaussian initial state: each mode a displaced thermal state.

    ``alpha``, ``beta``, ``gamma`` are the coherent amplitudes of a, b, c and ``n_a0``, ``n_b0``,
    ``n_c0`` their thermal occupations (``<x'x> = |amplitude|^2 + n``).  ``gamma`` and ``n_c0``
    apply to the full model only.  The default is the vacuum of the paper.
    """

    alpha: complex = 0j
    beta: complex = 0j
    gamma: complex = 0j
    n_a0: float = 0.0
    n_b0: float = 0.0
    n_c0: float = 0.0

    def __post_init__(self):
        for name in ("alpha", "beta", "gamma"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, numbers.Complex):
                raise ParameterError(name, "must be a (complex) number", v)
            v = complex(v)
            if not (math.isfinite(v.real) and math.isfinite(v.imag)):
                raise ParameterError(name, "must be finite", v)
            if abs(v) > MAX_MAGNITUDE:
                raise ParameterError(name, f"|{name}| must be <= {MAX_MAGNITUDE:g}", v)
            object.__setattr__(self, name, v)
        for name in ("n_a0", "n_b0", "n_c0"):
            v = _number(name, getattr(self, name))
            if v < 0:
                raise ParameterError(name, "initial thermal occupations must be >= 0", v)
            object.__setattr__(self, name, v)

    @property
    def is_vacuum(self) -> bool:
        return not any((self.alpha, self.beta, self.gamma, self.n_a0, self.n_b0, self.n_c0))

    def moment(self, name: str) -> complex:
        """Value of a moment such as ``"<a' b>"`` or ``"conj <a^2>"`` in this product state."""
        if name == "1":
            return 1.0 + 0j
        if name.startswith("conj "):
            return complex(np.conj(self.moment(name[5:])))
        amp = {"a": self.alpha, "b": self.beta, "c": self.gamma}
        occ = {"a": self.n_a0, "b": self.n_b0, "c": self.n_c0}
        counts: dict[str, list[int]] = {}
        for tok in name[1:-1].split():
            base, _, power = tok.partition("^")
            k = int(power) if power else 1
            dag = base.endswith("'")
            m = base.rstrip("'")
            counts.setdefault(m, [0, 0])[0 if dag else 1] += k
        value = 1.0 + 0j
        for m, (nd, na) in counts.items():
            a = amp[m]
            if (nd, na) == (1, 1):
                value *= abs(a) ** 2 + occ[m]  # displaced thermal: <x'x> = |a|^2 + n
            elif nd + na <= 2 and (nd == 0 or na == 0):
                value *= np.conj(a) ** nd * a**na  # <x>, <x'>, <x^2>, <x'^2>: no thermal part
            else:
                raise ValueError(f"moment {name} is beyond second order")
        return complex(value)


VACUUM = InitialState()


@dataclass(frozen=True)
class Trace:
    r"""A time trace.

    Attributes (numpy arrays over ``t``): ``alpha`` :math:`=\langle a\rangle`, ``beta``
    :math:`=\langle b\rangle` (``gamma`` :math:`=\langle c\rangle` for the full model, else
    ``None``), ``n_a`` :math:`=\langle a^\dagger a\rangle`, ``n_b``, ``ab``
    :math:`=\langle a^\dagger b\rangle`, ``E_A``, ``E_B``, ``P_B`` :math:`= dE_B/dt`,
    ``R = E_B/E_A`` and ``eta = E_B/(E_A+E_B)`` (``nan`` where ``E_A = 0`` resp.
    ``E_A + E_B = 0``, e.g. at ``t = 0`` from vacuum), and the Gaussian ergotropies
    ``ergotropy_A``, ``ergotropy_B``.  ``moments`` holds every first and second moment when they
    were evolved as such (thermal baths or a non-vacuum start), keyed by name.  Observables not
    asked for (``simulate(..., observables=...)``) are ``None``.
    """

    t: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    gamma: np.ndarray | None
    n_a: np.ndarray
    n_b: np.ndarray
    ab: np.ndarray
    E_A: np.ndarray
    E_B: np.ndarray
    P_B: np.ndarray
    R: np.ndarray
    eta: np.ndarray
    ergotropy_A: np.ndarray
    ergotropy_B: np.ndarray
    model: str
    params: Params | None = None
    moments: dict[str, np.ndarray] | None = None

    FIELDS = ("t", "E_A", "E_B", "P_B", "R", "eta", "ergotropy_A", "ergotropy_B")


def _ratios(E_A, E_B):
    E_A = np.asarray(E_A, dtype=float)
    E_B = np.asarray(E_B, dtype=float)
    R = np.full(E_A.shape, np.nan)
    np.divide(E_B, E_A, out=R, where=E_A > 0)
    tot = E_A + E_B
    eta = np.full(E_A.shape, np.nan)
    np.divide(E_B, tot, out=eta, where=tot > 0)
    return R, eta


def _ergotropy(omega: float, x, n, m) -> np.ndarray:
    """The generated Gaussian ergotropy, elementwise (compiled loop)."""
    eff, _, _ = _kernels()
    x, n, m = np.broadcast_arrays(
        np.asarray(x, complex), np.asarray(n, float), np.asarray(m, complex)
    )
    shape = x.shape
    out = eff.ergotropy_array(
        float(omega),
        np.ascontiguousarray(x.ravel()),
        np.ascontiguousarray(n.ravel()),
        np.ascontiguousarray(m.ravel()),
    )
    return out.reshape(shape)


#: Largest time accepted.  Beyond it t^2 and the matrix exponential's scaling leave the float
#: range for ordinary rates; every stable trace is at its steady state long before.
T_MAX = 1e15


def _times(t) -> np.ndarray:
    try:
        arr = np.ascontiguousarray(np.atleast_1d(np.asarray(t, dtype=np.float64)))
    except (TypeError, ValueError):
        raise ParameterError("t", "must be an array of numbers") from None
    if arr.ndim != 1:
        raise ParameterError("t", "must be a 1-d array of times")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ParameterError("t", "times must be finite and >= 0")
    if arr.size and arr.max() > T_MAX:
        raise ParameterError("t", f"times must be <= {T_MAX:g} (use steady_state for t -> inf)")
    return arr


#: Bytes per time point of a vacuum-start trace: the stored arrays (t, alpha, beta, ab complex;
#: n_a, n_b, E_A, E_B, P_B, R, eta, two ergotropies float64: 128 B; gamma +16 B in the full
#: model) and the largest temporaries of the post-processing (~48 B).
TRACE_BYTES = {"effective": 176, "full": 208}


def trace_nbytes(
    n_times: int, model: str = "effective", *, n_points: int = 1, moments: bool = False
) -> int:
    """Estimated peak memory (bytes) of :func:`simulate` (``n_points = 1``) or
    :func:`simulate_grid` over ``n_times`` times; ``moments``: every first and second moment is
    evolved (thermal baths or a non-vacuum start), two complex arrays per moment."""
    per_time = TRACE_BYTES.get(model, TRACE_BYTES["full"])
    if moments:
        eff, full, _ = _kernels()
        names = eff.EFFECTIVE_MOMENTS if model == "effective" else full.FULL_MOMENTS
        per_time += 2 * 16 * len(names)
    return int(n_times) * int(n_points) * per_time


def _check_memory(nbytes: int, what: str) -> None:
    from .resources import check_allocation

    check_allocation(nbytes, what, purpose="for the trace", hint="use fewer times or points")


#: Traces at least this long on an evenly spaced grid use the stepping kernel.
UNIFORM_MIN_POINTS = 1024


def _uniform(t: np.ndarray) -> bool:
    """Evenly spaced (to 1e-12 of the step) and long enough for the stepping kernel."""
    if t.size < UNIFORM_MIN_POINTS:
        return False
    step = (t[-1] - t[0]) / (t.size - 1)
    if step <= 0:
        return False
    k = np.arange(t.size)
    scale = max(abs(t[0]), abs(t[-1]), step)
    return bool(np.max(np.abs(t - (t[0] + k * step))) <= 1e-12 * scale)


def _thermal(params: Params) -> bool:
    return bool(params.n_a or params.n_b or params.n_c)


def _coherent_trace(params, tt, alpha, beta, gamma, E_A, E_B, P_B, model) -> Trace:
    _require_finite(params, "the trace", E_A=E_A, E_B=E_B)
    R, eta = _ratios(E_A, E_B)
    n_a = E_A / params.omega_a  # coherent state: <x'x> = |<x>|^2
    n_b = E_B / params.omega_b
    # the derived Gaussian ergotropy on the coherent state (N = 0, M = 0)
    erg_a = _ergotropy(params.omega_a, alpha, n_a, alpha * alpha)
    erg_b = _ergotropy(params.omega_b, beta, n_b, beta * beta)
    return Trace(
        tt,
        alpha,
        beta,
        gamma,
        n_a,
        n_b,
        np.conj(alpha) * beta,
        E_A,
        E_B,
        P_B,
        R,
        eta,
        erg_a,
        erg_b,
        model,
        params,
    )


def _ergotropy_coherent(omega, x):
    # the derived Gaussian formula on a coherent state (N = M = 0)
    return _ergotropy(omega, x, np.abs(x) ** 2, np.asarray(x) ** 2)


def _moments_trace(params: Params, tt: np.ndarray, model: str, initial: InitialState) -> Trace:
    eff, full, _ = _kernels()
    if model == "effective":
        names, matrix, run = (
            eff.EFFECTIVE_MOMENTS,
            eff.effective_moment_matrix,
            eff.effective_moments_trace,
        )
    else:
        names, matrix, run = full.FULL_MOMENTS, full.full_moment_matrix, full.full_moments_trace
    p = params.array()
    z0 = np.array([initial.moment(n) for n in names], dtype=np.complex128)
    Z = run(p, z0, tt)
    dZ = Z @ matrix(p).T
    col = {n: Z[:, i] for i, n in enumerate(names)}
    alpha, beta = col["<a>"], col["<b>"]
    gamma = col.get("<c>")
    n_a, n_b = col["<a' a>"].real, col["<b' b>"].real
    E_A = params.omega_a * n_a
    E_B = params.omega_b * n_b
    P_B = params.omega_b * dZ[:, names.index("<b' b>")].real
    _require_finite(params, "the trace", E_A=E_A, E_B=E_B)
    R, eta = _ratios(E_A, E_B)
    erg_a = _ergotropy(params.omega_a, alpha, n_a, col["<a^2>"])
    erg_b = _ergotropy(params.omega_b, beta, n_b, col["<b^2>"])
    return Trace(
        tt,
        alpha,
        beta,
        gamma,
        n_a,
        n_b,
        col["<a' b>"],
        E_A,
        E_B,
        P_B,
        R,
        eta,
        erg_a,
        erg_b,
        model,
        params,
        {n: c for n, c in col.items() if n != "1"},
    )


def _check_initial(initial: InitialState | None, model: str) -> InitialState:
    initial = initial or VACUUM
    if not isinstance(initial, InitialState):
        raise ParameterError("initial", "must be an InitialState")
    if model == "effective" and (initial.gamma or initial.n_c0):
        raise ParameterError("gamma", "the effective model has no mode c (use model='full')")
    return initial


@_in_range
def simulate(
    params: Params,
    t,
    model: str = "effective",
    initial: InitialState | None = None,
    method: str = "auto",
    observables: Sequence[str] | str | None = None,
) -> Trace:
    r"""Time trace by the generated kernels (``model``: effective or full).

    ``observables``: the :class:`Trace` fields to compute (``None``: all; e.g.
    ``("E_B", "P_B")``); the others are ``None``.  For the effective model from vacuum with
    zero-temperature baths every requested observable is computed in one fused compiled pass
    (:mod:`nrqb_sym.runtime.fused`) into outputs allocated once.

    ``method="auto"``: from the vacuum with zero-temperature baths the closed-form propagator
    kernels are used (``"closed"``: every time point evaluated independently); on an evenly
    spaced grid of at least :data:`UNIFORM_MIN_POINTS` times the effective model steps
    :math:`x_{k+1} = x_{ss} + e^{M\,dt}(x_k - x_{ss})` from closed-form restarts every 256
    points (agreement with ``"closed"`` ~1e-13).  With thermal baths or any other initial state
    every first and second moment is evolved by the matrix exponential of the derived moment
    equations (``"moments"``, which may also be requested explicitly).
    """
    check_model(params, model)
    initial = _check_initial(initial, model)
    tt = _times(t)
    if method not in ("auto", "closed", "moments"):
        raise ParameterError("method", "must be auto, closed or moments", method)
    needs_moments = _thermal(params) or not initial.is_vacuum
    if method == "closed" and needs_moments:
        raise ParameterError(
            "method", "the closed form is for the vacuum start at zero temperature", method
        )
    moments = method == "moments" or needs_moments
    _check_memory(trace_nbytes(tt.size, model, moments=moments), f"t ({tt.size} times)")
    from . import fused

    names = fused.observable_names(observables, fused.trace_observables(model))
    if moments:
        return fused.select(_moments_trace(params, tt, model, initial), names)
    if model == "effective":
        uniform = method == "auto" and fused.is_uniform(tt, UNIFORM_MIN_POINTS)
        return fused.effective_trace(params, tt, names, uniform)
    _, full, _ = _kernels()
    alpha, beta, gamma, E_A, E_B, P_B = full.full_trace(params.array(), tt)
    trace = _coherent_trace(params, tt, alpha, beta, gamma, E_A, E_B, P_B, model)
    return fused.select(trace, names)


@_in_range
def simulate_grid(params: Sequence[Params], t, model: str = "effective") -> Trace:
    """Traces from vacuum for many parameter points at once (arrays ``(len(params), len(t))``).

    The effective model has a parallel grid kernel; ``model="full"`` calls the compiled
    full-model kernel point by point.  Zero-temperature baths only.
    """
    params = list(params)
    if not params:
        raise ParameterError("params", "need at least one parameter point")
    for pp in params:
        check_model(pp, model)
        if _thermal(pp):
            raise ParameterError("n_a", "simulate_grid is for zero-temperature baths; use simulate")
    tt = _times(t)
    _check_memory(
        trace_nbytes(tt.size, model, n_points=len(params)),
        f"{len(params)} parameter points x {tt.size} times",
    )
    eff, full, _ = _kernels()
    P = np.ascontiguousarray(np.stack([pp.array() for pp in params]))
    if model == "effective":  # every observable in one fused pass (nrqb_sym.runtime.fused)
        from . import fused

        return fused.effective_grid_trace(params, P, tt)
    outs = [full.full_trace(row, tt) for row in P]
    alpha, beta, gamma, E_A, E_B, P_B = (np.stack(c) for c in zip(*outs, strict=True))
    if not (np.isfinite(E_A).all() and np.isfinite(E_B).all()):
        ok = np.isfinite(E_A).all(axis=1) & np.isfinite(E_B).all(axis=1)
        bad = int(np.argmin(ok))
        _require_finite(params[bad], "the trace", E_A=E_A[bad], E_B=E_B[bad])
    R, eta = _ratios(E_A, E_B)
    omega_a = P[:, PARAMETER_NAMES.index("omega_a")][:, None]
    omega_b = P[:, PARAMETER_NAMES.index("omega_b")][:, None]
    return Trace(
        tt,
        alpha,
        beta,
        gamma,
        np.abs(alpha) ** 2,
        np.abs(beta) ** 2,
        np.conj(alpha) * beta,
        E_A,
        E_B,
        P_B,
        R,
        eta,
        omega_a * np.abs(alpha) ** 2,
        omega_b * np.abs(beta) ** 2,
        model,
        None,
    )


@dataclass(frozen=True)
class SteadyState:
    """Steady state (scalars): same fields as :class:`Trace`; ``P_B = 0`` by definition."""

    alpha: complex
    beta: complex
    gamma: complex | None
    E_A: float
    E_B: float
    P_B: float
    R: float
    eta: float
    model: str
    ergotropy_A: float = 0.0
    ergotropy_B: float = 0.0
    n_a: float = 0.0
    n_b: float = 0.0

    FIELDS = ("E_A", "E_B", "P_B", "R", "eta", "ergotropy_A", "ergotropy_B")


@_in_range
def steady_state(params: Params, model: str = "effective") -> SteadyState:
    """Steady state by the generated kernels: :math:`x_{ss} = -M^{-1}f` at zero temperature,
    else the fixed point of the full moment system :math:`Az = 0` with :math:`z_{last} = 1`."""
    check_model(params, model)
    eff, full, _ = _kernels()
    p = params.array()
    if _thermal(params):
        if model == "effective":
            names, A = eff.EFFECTIVE_MOMENTS, eff.effective_moment_matrix(p)
        else:
            names, A = full.FULL_MOMENTS, full.full_moment_matrix(p)
        z = np.linalg.solve(A[:-1, :-1], -A[:-1, -1])
        _require_finite(params, "the steady state", moments=z)
        col = dict(zip(names[:-1], z, strict=True))
        n_a, n_b = col["<a' a>"].real, col["<b' b>"].real
        E_A, E_B = params.omega_a * n_a, params.omega_b * n_b
        R, eta = _ratios(E_A, E_B)
        erg_a = float(_ergotropy(params.omega_a, col["<a>"], n_a, col["<a^2>"]))
        erg_b = float(_ergotropy(params.omega_b, col["<b>"], n_b, col["<b^2>"]))
        gamma = complex(col["<c>"]) if "<c>" in col else None
        return SteadyState(
            complex(col["<a>"]),
            complex(col["<b>"]),
            gamma,
            float(E_A),
            float(E_B),
            0.0,
            float(R),
            float(eta),
            model,
            erg_a,
            erg_b,
            float(n_a),
            float(n_b),
        )
    if model == "effective":
        alpha, beta, E_A, E_B = eff.effective_steady(p)
        gamma = None
    else:
        alpha, beta, gamma, E_A, E_B = full.full_steady(p)
    n_a, n_b = abs(alpha) * abs(alpha), abs(beta) * abs(beta)  # inf, not OverflowError
    _require_finite(params, "the steady state", E_A=E_A, E_B=E_B, n_a=n_a, n_b=n_b)
    R, eta = _ratios(E_A, E_B)
    erg_a = float(_ergotropy_coherent(params.omega_a, alpha))
    erg_b = float(_ergotropy_coherent(params.omega_b, beta))
    return SteadyState(
        complex(alpha),
        complex(beta),
        None if gamma is None else complex(gamma),
        float(E_A),
        float(E_B),
        0.0,
        float(R),
        float(eta),
        model,
        erg_a,
        erg_b,
        n_a,
        n_b,
    )


def elimination_error(params: Params, t, initial: InitialState | None = None) -> dict[str, float]:
    r"""How far the effective model is from the full one along a trace.

    Returns the largest deviation over ``t`` of ``E_A``, ``E_B`` and ``P_B`` between the models,
    each relative to the largest value of that quantity in the full model (``max|P_B|`` for the
    power), and the steady-state relative deviation of ``E_B``.
    """
    check_model(params, "effective")
    full = simulate(params, t, "full", initial)
    eff = simulate(params, t, "effective", initial)
    out = {}
    for name in ("E_A", "E_B", "P_B"):
        ref = np.max(np.abs(getattr(full, name)))
        diff = np.max(np.abs(getattr(full, name) - getattr(eff, name)))
        out[name] = float(diff / ref) if ref > 0 else float(diff)
    sf, se = steady_state(params, "full"), steady_state(params, "effective")
    out["E_B_steady"] = abs(sf.E_B - se.E_B) / sf.E_B if sf.E_B > 0 else abs(sf.E_B - se.E_B)
    return out


@dataclass(frozen=True)
class ExceptionalPoint:
    """An EP found by :func:`exceptional_points`."""

    parameter: str
    value: float
    params: Params
    discriminant: complex
    eigenvalue: complex


_EP_TOL = 1e-7


def exceptional_points(params: Params, solve_for: str) -> list[ExceptionalPoint]:
    r"""Values of ``solve_for`` (others fixed) at which the effective drift matrix has an EP.

    Roots of the generated polynomial form of :math:`D = 0` are kept when they are real (for
    ``theta``: on the unit circle), admissible for the parameter (rates and couplings >= 0), not a
    zero of the cleared denominator, and when :math:`M` is not diagonal there.
    """
    eff, _, epk = _kernels()
    if solve_for not in PARAMETER_NAMES:
        raise ParameterError(
            "solve-for", f"unknown parameter (known: {', '.join(PARAMETER_NAMES)})", solve_for
        )
    if solve_for not in epk.EP_SOLVERS:
        raise ParameterError(solve_for, "the EP condition does not depend on this parameter")
    check_model(params, "effective")
    kernel, in_exp = epk.EP_SOLVERS[solve_for]
    with np.errstate(all="ignore"):
        out = kernel(params.array())
    coeffs = np.array(out[:-1], dtype=complex)
    scale = np.max(np.abs(coeffs))
    if scale == 0:
        return []
    coeffs = coeffs / scale
    nz = np.nonzero(np.abs(coeffs) > 1e-14)[0]
    coeffs = coeffs[nz[0] :] if nz.size else coeffs
    roots = np.roots(coeffs) if coeffs.size > 1 else np.array([])
    found: list[ExceptionalPoint] = []
    for r in roots:
        if in_exp:
            if abs(abs(r) - 1) > 1e-6:
                continue
            value = float(np.angle(r))
        else:
            if abs(r.imag) > 1e-6 * max(1.0, abs(r)):
                continue
            value = float(r.real)
        try:
            cand = params.replace(**{solve_for: value})
        except ParameterError:
            continue
        with np.errstate(all="ignore"):
            tau, det, D, lp, lm = eff.effective_spectrum(cand.array())
            M11, M12, M21, M22, _, _ = eff.effective_drift(cand.array())
        size = max(abs(M11), abs(M22), abs(M12), abs(M21), 1e-300)
        if not np.isfinite(D) or abs(D) > _EP_TOL * size**2:
            continue
        if abs(M12) + abs(M21) < 1e-12 * size:
            continue  # diagonal and degenerate: not an exceptional point
        close = [e for e in found if abs(value - e.value) < 1e-6 * max(1.0, abs(value))]
        if close:  # a double root split by rounding: keep the midpoint
            e = close[0]
            mid = 0.5 * (e.value + value)
            found[found.index(e)] = ExceptionalPoint(
                solve_for, mid, params.replace(**{solve_for: mid}), e.discriminant, e.eigenvalue
            )
            continue
        found.append(ExceptionalPoint(solve_for, value, cand, complex(D), complex(tau)))
    return sorted(found, key=lambda e: e.value)
