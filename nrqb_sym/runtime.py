r"""Runtime API over the generated kernels: parameters, traces, steady states, exceptional points.

Nothing here restates a model formula: every number comes from a kernel in ``generated/`` (or,
for :func:`nonreciprocal` couplings, from the derived rates evaluated by those kernels).
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

import numpy as np

from .model import PARAMETER_NAMES

__all__ = [
    "ParameterError",
    "EliminationWarning",
    "Params",
    "Trace",
    "SteadyState",
    "ExceptionalPoint",
    "simulate",
    "simulate_grid",
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


class ParameterError(ValueError):
    """A parameter value or name that breaks a rule; the message names both, on one line."""

    def __init__(self, name: str, rule: str, value=None):
        self.name = name
        self.rule = rule
        shown = "" if value is None else f" = {value!r}"
        super().__init__(f"{name}{shown}: {rule}")


class EliminationWarning(UserWarning):
    """The bad cavity is not fast enough for the adiabatic elimination to be trusted."""


def _number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterError(name, "must be a real number", value)
    v = float(value)
    if not math.isfinite(v):
        raise ParameterError(name, "must be finite", value)
    return v


@dataclass(frozen=True, kw_only=True)
class Params:
    r"""Parameters of the three-mode model, validated on construction.

    Rates are in any consistent unit (the package's examples use units of :math:`\Gamma`).
    Rules: every value a finite real number; ``kappa_*``, ``g_*`` and ``J`` non-negative;
    ``omega_*`` positive.  The model-specific rules (``kappa_c > 0`` for the effective model, the
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


#: Named parameter sets (units of Gamma).  ``nonreciprocal``: the paper's fully nonreciprocal,
#: resonant battery with weak intrinsic damping and a bad cavity 100x faster than Gamma.
PRESETS: dict[str, dict[str, float]] = {
    "nonreciprocal": {"Gamma": 1.0, "kappa_a": 0.05, "kappa_b": 0.05, "kappa_c": 100.0, "F": 0.5},
}


def preset(name: str, **overrides) -> Params:
    """Parameters of a named preset with overrides.

    Overrides of ``Gamma``, the rates, the drive, detunings or frequencies are applied *before*
    the nonreciprocal couplings are solved (so the preset stays nonreciprocal); overrides of
    ``g_a``, ``g_b``, ``J`` or ``theta`` are applied after, as given.
    """
    if name not in PRESETS:
        raise ParameterError("preset", f"unknown preset {name!r} (known: {', '.join(PRESETS)})")
    inputs = dict(PRESETS[name])
    late = {}
    for k, v in overrides.items():
        if k in ("g_a", "g_b", "J", "theta"):
            late[k] = v
        elif k == "Gamma" or k in PARAMETER_NAMES:
            inputs[k] = v
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
    return dict(zip(eff.EFFECTIVE_RATES_OUTPUTS, (float(v) for v in values), strict=True))


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


@dataclass(frozen=True)
class Trace:
    r"""A time trace from vacuum.

    Attributes (numpy arrays over ``t``): ``alpha`` :math:`=\langle a\rangle`, ``beta``
    :math:`=\langle b\rangle` (``gamma`` :math:`=\langle c\rangle` for the full model, else
    ``None``), ``n_a`` :math:`=\langle a^\dagger a\rangle`, ``n_b``, ``ab``
    :math:`=\langle a^\dagger b\rangle`, ``E_A``, ``E_B``, ``P_B`` :math:`= dE_B/dt`,
    ``R = E_B/E_A`` and ``eta = E_B/(E_A+E_B)`` (``nan`` where ``E_A = 0`` resp.
    ``E_A + E_B = 0``, e.g. at ``t = 0``).
    """

    t: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    gamma: np.ndarray | None
    E_A: np.ndarray
    E_B: np.ndarray
    P_B: np.ndarray
    R: np.ndarray
    eta: np.ndarray
    model: str
    params: Params | None = None

    @property
    def n_a(self) -> np.ndarray:
        return np.abs(self.alpha) ** 2

    @property
    def n_b(self) -> np.ndarray:
        return np.abs(self.beta) ** 2

    @property
    def ab(self) -> np.ndarray:
        return np.conj(self.alpha) * self.beta

    FIELDS = ("t", "E_A", "E_B", "P_B", "R", "eta")


def _ratios(E_A, E_B):
    E_A = np.asarray(E_A, dtype=float)
    E_B = np.asarray(E_B, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        R = np.where(E_A > 0, E_B / np.where(E_A > 0, E_A, 1.0), np.nan)
        tot = E_A + E_B
        eta = np.where(tot > 0, E_B / np.where(tot > 0, tot, 1.0), np.nan)
    return R, eta


def _times(t) -> np.ndarray:
    arr = np.ascontiguousarray(np.atleast_1d(np.asarray(t, dtype=np.float64)))
    if arr.ndim != 1:
        raise ParameterError("t", "must be a 1-d array of times")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ParameterError("t", "times must be finite and >= 0")
    return arr


def simulate(params: Params, t, model: str = "effective") -> Trace:
    """Time trace from vacuum by the generated kernels (``model``: effective or full)."""
    check_model(params, model)
    tt = _times(t)
    eff, full, _ = _kernels()
    p = params.array()
    if model == "effective":
        alpha, beta, E_A, E_B, P_B = eff.effective_trace(p, tt)
        gamma = None
    else:
        alpha, beta, gamma, E_A, E_B, P_B = full.full_trace(p, tt)
    R, eta = _ratios(E_A, E_B)
    return Trace(tt, alpha, beta, gamma, E_A, E_B, P_B, R, eta, model, params)


def simulate_grid(params: Sequence[Params], t, model: str = "effective") -> Trace:
    """Traces for many parameter points at once (arrays of shape ``(len(params), len(t))``).

    Only the effective model has a grid kernel; ``model="full"`` loops over points in the
    compiled full-model kernel.
    """
    params = list(params)
    if not params:
        raise ParameterError("params", "need at least one parameter point")
    for pp in params:
        check_model(pp, model)
    tt = _times(t)
    eff, full, _ = _kernels()
    P = np.ascontiguousarray(np.stack([pp.array() for pp in params]))
    if model == "effective":
        alpha, beta, E_A, E_B, P_B = eff.effective_grid(P, tt)
        gamma = None
    else:
        outs = [full.full_trace(row, tt) for row in P]
        alpha, beta, gamma, E_A, E_B, P_B = (np.stack(c) for c in zip(*outs, strict=True))
    R, eta = _ratios(E_A, E_B)
    return Trace(tt, alpha, beta, gamma, E_A, E_B, P_B, R, eta, model, None)


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

    FIELDS = ("E_A", "E_B", "P_B", "R", "eta")


def steady_state(params: Params, model: str = "effective") -> SteadyState:
    """Steady state :math:`x_{ss} = -M^{-1}f` by the generated kernels."""
    check_model(params, model)
    eff, full, _ = _kernels()
    p = params.array()
    if model == "effective":
        alpha, beta, E_A, E_B = eff.effective_steady(p)
        gamma = None
    else:
        alpha, beta, gamma, E_A, E_B = full.full_steady(p)
    R, eta = _ratios(E_A, E_B)
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
    )


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
    _, _, epk = _kernels()
    eff, _, _ = _kernels()
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


def params_from_pairs(pairs: Iterable[tuple[str, float]], base: dict | None = None) -> dict:
    """Merge ``(name, value)`` pairs into a mapping, refusing repeated names."""
    out = dict(base or {})
    seen = set()
    for name, value in pairs:
        if name in seen:
            raise ParameterError(name, "given twice")
        seen.add(name)
        out[name] = value
    return out
