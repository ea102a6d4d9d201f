r"""User input of the runtime: parameter values, times, initial states; the one-line errors.

Nothing here imports SymPy or Numba.  Every rule broken gives a :class:`ParameterError` whose
message names the input as the user gave it and the rule, on one line.

Initial states are product Gaussian states: per mode a displaced squeezed thermal state with
amplitude :math:`\alpha`, thermal occupation :math:`n` and squeezing :math:`re^{i\phi}`:

.. math::

    \langle x\rangle = \alpha,\quad \langle\delta x^\dagger\delta x\rangle = N
        = (n + \tfrac12)\cosh 2r - \tfrac12,\quad
    \langle\delta x\,\delta x\rangle = M = -(n + \tfrac12)e^{i\phi}\sinh 2r,

in quadratures :math:`r = \sqrt2(\operatorname{Re}\alpha, \operatorname{Im}\alpha)` and the
normal-ordered covariance :math:`W_{qq} = N + \operatorname{Re}M`,
:math:`W_{pp} = N - \operatorname{Re}M`, :math:`W_{qp} = \operatorname{Im}M`.
"""

from __future__ import annotations

import cmath
import math
import numbers
from collections.abc import Mapping

import numpy as np

__all__ = [
    "ParameterError",
    "EliminationWarning",
    "UnphysicalWarning",
    "MAX_MAGNITUDE",
    "T_MAX",
    "ELIMINATION_RATIO",
    "number",
    "complex_number",
    "resolve_values",
    "check_axis",
    "times",
    "as_times",
    "check_times",
    "mode_state",
    "initial_state",
    "is_coherent_start",
    "most_extreme",
    "range_error",
    "check_memory",
]

#: Largest magnitude of a parameter or initial amplitude: the moments are products of a few
#: parameters and stay inside the float64 range (1.8e308) with every value at most 1e100.
MAX_MAGNITUDE = 1e100
#: Largest time accepted (beyond it t^2 and the exponentials' scaling leave the float range for
#: ordinary rates; every stable trace is at its steady state long before).
T_MAX = 1e15
#: The elimination is flagged when ``2 min|M_qq| / max|M_pq|`` (``kappa_c/g`` for the paper's
#: cavity) falls below this.
ELIMINATION_RATIO = 10.0


class ParameterError(ValueError):
    """A parameter value or name that breaks a rule; the message names both, on one line."""

    def __init__(self, name: str, rule: str, value=None):
        self.name = name
        self.rule = rule
        if getattr(value, "ndim", None) == 0:  # a NumPy scalar: shown as the plain number
            value = value.item()
        self.value = value
        shown = "" if value is None else f" = {value!r}"
        super().__init__(f"{name}{shown}: {rule}")


class NoSteadyState(ParameterError):
    """The parameters are valid but the dynamics has no steady state (an undamped or unstable
    mode); callers that report a trace may print the reason instead of a steady state."""


class EliminationWarning(UserWarning):
    """The eliminated modes are not fast enough for the adiabatic elimination to be trusted."""


class UnphysicalWarning(UserWarning):
    """A result that is not a physical state (a negative occupation); says where."""


def number(name: str, value) -> float:
    """A finite real number (a string is read with :func:`float`: literals only, nothing is
    evaluated) of magnitude at most :data:`MAX_MAGNITUDE`."""
    if isinstance(value, str):
        try:
            v = float(value.strip())
        except ValueError:
            raise ParameterError(name, "must be a real number", value) from None
    elif isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterError(name, "must be a real number", value)
    else:
        v = float(value)
    if not math.isfinite(v):
        raise ParameterError(name, "must be finite", value)
    if abs(v) > MAX_MAGNITUDE:
        raise ParameterError(
            name,
            f"|{name}| must be <= {MAX_MAGNITUDE:g} so that the moments stay finite in double "
            "precision; rescale the units",
            value,
        )
    return v


def complex_number(name: str, value) -> complex:
    """A finite complex number (a string is read with :func:`complex`, e.g. ``0.3+0.1j``)."""
    if isinstance(value, str):
        try:
            v = complex(value.strip().replace(" ", ""))
        except ValueError:
            raise ParameterError(name, "must be a (complex) number", value) from None
    elif isinstance(value, bool) or not isinstance(value, numbers.Complex):
        raise ParameterError(name, "must be a (complex) number", value)
    else:
        v = complex(value)
    if not (math.isfinite(v.real) and math.isfinite(v.imag)):
        raise ParameterError(name, "must be finite", value)
    if abs(v) > MAX_MAGNITUDE:
        raise ParameterError(name, f"|{name}| must be <= {MAX_MAGNITUDE:g}", value)
    return v


def _kind_rule(name: str, kind: str, v: float, raw) -> None:
    if kind == "positive" and not v > 0:
        raise ParameterError(name, "must be > 0 (declared positive)", raw)
    if kind == "nonnegative" and not v >= 0:
        raise ParameterError(name, "must be >= 0 (declared nonnegative)", raw)


def resolve_values(
    parameters: tuple[str, ...],
    kinds: Mapping[str, str],
    defaults: Mapping[str, float | None],
    values: Mapping | None,
    model: str = "",
) -> dict[str, float]:
    """Check ``values`` against the declared parameters and fill in the defaults.

    Returns:
        ``{name: float}`` for every parameter, in declaration order.

    Raises:
        ParameterError: unknown names, missing values without default, a value that is not a
            finite real number, or that breaks its kind; the message names the parameters as
            given.
    """
    values = {} if values is None else values
    if not isinstance(values, Mapping):
        raise ParameterError("values", "must be a mapping {parameter name: number}")
    of = f" of model {model!r}" if model else ""
    unknown = [str(k) for k in values if k not in kinds]
    if unknown:
        raise ParameterError(
            ", ".join(unknown),
            f"unknown parameter{'s' if len(unknown) > 1 else ''}{of} "
            f"(known: {', '.join(parameters)})",
        )
    missing = [n for n in parameters if n not in values and defaults.get(n) is None]
    if missing:
        raise ParameterError(
            ", ".join(missing), f"required{of}: no value given and no default in the model file"
        )
    out: dict[str, float] = {}
    for name in parameters:
        raw = values[name] if name in values else defaults[name]
        v = number(name, raw)
        _kind_rule(name, kinds[name], v, raw)
        out[name] = v
    return out


def check_axis(name: str, kind: str, values) -> np.ndarray:
    """A sweep axis: a non-empty 1-d array of finite numbers inside the parameter's kind."""
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ParameterError(name, "axis values must be real numbers") from None
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ParameterError(name, "axis values must be a 1-d array")
    if arr.size == 0:
        raise ParameterError(name, "axis needs at least one value")
    if not np.all(np.isfinite(arr)):
        raise ParameterError(name, "axis values must be finite")
    if np.any(np.abs(arr) > MAX_MAGNITUDE):
        raise ParameterError(name, f"axis values must be <= {MAX_MAGNITUDE:g} in magnitude")
    if kind == "positive" and np.any(arr <= 0):
        raise ParameterError(name, "must be > 0 (declared positive)", float(arr.min()))
    if kind == "nonnegative" and np.any(arr < 0):
        raise ParameterError(name, "must be >= 0 (declared nonnegative)", float(arr.min()))
    return arr


def as_times(t) -> np.ndarray:
    """A non-empty 1-d contiguous float64 array (the values are checked by :func:`check_times`)."""
    try:
        arr = np.ascontiguousarray(np.atleast_1d(np.asarray(t, dtype=np.float64)))
    except (TypeError, ValueError):
        raise ParameterError("t", "must be an array of numbers") from None
    if arr.ndim != 1:
        raise ParameterError("t", "must be a 1-d array of times")
    if arr.size == 0:
        raise ParameterError("t", "need at least one time")
    return arr


def check_times(finite: bool, lo: float, hi: float) -> None:
    """Times must be finite, >= 0 and <= :data:`T_MAX` (from a scan of the array)."""
    if not finite or lo < 0:
        raise ParameterError("t", "times must be finite and >= 0")
    if hi > T_MAX:
        raise ParameterError("t", f"times must be <= {T_MAX:g} (use steady_state for t -> inf)")


def times(t) -> np.ndarray:
    """A 1-d contiguous float64 array of finite times in ``[0, T_MAX]`` (NumPy passes)."""
    arr = as_times(t)
    check_times(bool(np.all(np.isfinite(arr))), float(arr.min()), float(arr.max()))
    return arr


_STATE_KEYS = ("alpha", "n", "r", "phi")


def mode_state(mode: str, state) -> tuple[complex, float, float, float]:
    """``(alpha, n, r, phi)`` of one mode's initial state: a complex amplitude, or a mapping with
    keys ``alpha``, ``n`` (thermal occupation >= 0), ``r`` and ``phi`` (squeezing)."""
    if isinstance(state, Mapping):
        bad = [k for k in state if k not in _STATE_KEYS]
        if bad:
            raise ParameterError(
                f"initial[{mode!r}]", f"unknown key {bad[0]!r} (known: {', '.join(_STATE_KEYS)})"
            )
        alpha = complex_number(f"initial[{mode!r}].alpha", state.get("alpha", 0.0))
        n = number(f"initial[{mode!r}].n", state.get("n", 0.0))
        if n < 0:
            raise ParameterError(f"initial[{mode!r}].n", "thermal occupation must be >= 0", n)
        r = number(f"initial[{mode!r}].r", state.get("r", 0.0))
        if abs(r) > 50:
            raise ParameterError(f"initial[{mode!r}].r", "squeezing must be |r| <= 50", r)
        phi = number(f"initial[{mode!r}].phi", state.get("phi", 0.0))
        return alpha, n, r, phi
    return complex_number(f"initial[{mode!r}]", state), 0.0, 0.0, 0.0


def initial_state(modes: tuple[str, ...], initial: Mapping | None):
    """Quadrature means and normal-ordered covariance of a product Gaussian start (module
    docstring), and whether it is coherent (no thermal part, no squeezing).

    Args:
        modes: the modes of the model variant simulated.
        initial: ``None`` (vacuum) or ``{mode: amplitude}`` / ``{mode: {"alpha", "n", "r",
            "phi"}}``; modes not named start in the vacuum.

    Returns:
        ``(x0 complex[N], r0 float[2N], W0 float[2N, 2N], coherent)``.
    """
    initial = {} if initial is None else initial
    if not isinstance(initial, Mapping):
        raise ParameterError("initial", "must be a mapping {mode: amplitude or state}")
    n = len(modes)
    x0 = np.zeros(n, dtype=np.complex128)
    r0 = np.zeros(2 * n)
    W0 = np.zeros((2 * n, 2 * n))
    coherent = True
    for m, state in initial.items():
        if m not in modes:
            raise ParameterError(
                f"initial[{m!r}]",
                f"not a mode of this model (modes: {', '.join(modes)}; eliminated modes exist "
                "only in model='full')",
            )
        alpha, th, r, phi = mode_state(m, state)
        i = modes.index(m)
        x0[i] = alpha
        r0[i] = math.sqrt(2.0) * alpha.real
        r0[n + i] = math.sqrt(2.0) * alpha.imag
        # N = (n + 1/2) cosh 2r - 1/2 written without the 1/2 - 1/2 cancellation
        N = th * math.cosh(2 * r) + math.sinh(r) ** 2
        M = -(th + 0.5) * cmath.exp(1j * phi) * math.sinh(2 * r)
        W0[i, i] = N + M.real
        W0[n + i, n + i] = N - M.real
        W0[i, n + i] = W0[n + i, i] = M.imag
        if th != 0 or r != 0:
            coherent = False
    return x0, r0, W0, coherent


def is_coherent_start(initial: Mapping | None) -> bool:
    """Whether an ``initial`` mapping (already checked) describes a coherent state."""
    for state in (initial or {}).values():
        if isinstance(state, Mapping) and (state.get("n", 0) or state.get("r", 0)):
            return False
    return True


def most_extreme(values: Mapping[str, float]) -> tuple[str, float]:
    """The parameter farthest from 1 in magnitude (log scale), ignoring zeros."""
    nonzero = {k: v for k, v in values.items() if v != 0}
    if not nonzero:
        return next(iter(values.items()), ("values", 0.0))
    return max(nonzero.items(), key=lambda kv: abs(math.log(abs(kv[1]))))


def range_error(values: Mapping[str, float], detail: str) -> ParameterError:
    """The error for a result out of the float64 range, naming the most extreme parameter."""
    name, value = most_extreme(values)
    return ParameterError(
        name,
        f"out of range for double precision: {detail} with this value; bring the parameters "
        "closer together (rescale the units)",
        value,
    )


def check_memory(nbytes: int, what: str, purpose: str = "for the trace") -> None:
    """Refuse an allocation that would not fit (:func:`nrqb_sym.runtime.resources.check_allocation`)."""
    from .resources import check_allocation

    check_allocation(nbytes, what, purpose=purpose, hint="use fewer times or points")
