r"""Fused traces: every requested observable of the state from vacuum in one compiled pass.

With zero-temperature baths the state from vacuum stays coherent, so every observable is a
function of the first moments :math:`x = (\langle a\rangle, \langle b\rangle)`.  The generated
kernels ``effective_fused_trace`` / ``effective_sweep_*`` (printed from the derivation by
:func:`nrqb_sym.codegen.kernels.fused_functions`) evaluate :math:`x(t)` and, in the same loop,
the occupations, ``<a'b>``, the energies, :math:`P_B`, :math:`R`, :math:`\eta` and the Gaussian
ergotropies, writing each into an output allocated once here; an output not asked for is not
computed (it is passed with length 0).  Nothing is post-processed in NumPy.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numba import njit, prange

__all__ = [
    "OBSERVABLES",
    "observable_names",
    "is_uniform",
    "allocate",
    "effective_trace_values",
]


def _generated():
    from nrqb_sym_generated import effective

    return effective


def _observables() -> tuple[tuple[str, ...], dict[str, bool]]:
    eff = _generated()
    return eff.EFFECTIVE_FUSED_OUTPUTS, dict(
        zip(eff.EFFECTIVE_FUSED_OUTPUTS, eff.EFFECTIVE_FUSED_REAL, strict=True)
    )


#: Observables of the fused kernels (effective model), in kernel order.
OBSERVABLES: tuple[str, ...] = _observables()[0]


def observable_names(
    observables: str | Iterable[str] | None, known: Iterable[str] = OBSERVABLES
) -> tuple[str, ...]:
    """The requested observable names, checked (``None``: all of ``known``).

    Raises:
        ParameterError: not a name or a sequence of names, an unknown name, or none at all.
    """
    from .simulation import ParameterError

    known = tuple(known)
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
    for n in names:
        if not isinstance(n, str) or n not in known:
            raise ParameterError(
                "observables", f"unknown observable {n!r} (known: {', '.join(known)})"
            )
    return tuple(dict.fromkeys(names))


@njit(parallel=True, cache=True)
def _max_deviation(t, step):
    """max_k |t_k - (t_0 + k step)| (a parallel pass over blocks)."""
    n = t.shape[0]
    blocks = (n + 65535) // 65536
    worst = np.zeros(blocks)
    t0 = t[0]
    for b in prange(blocks):
        w = 0.0
        for k in range(65536 * b, min(n, 65536 * (b + 1))):
            d = abs(t[k] - (t0 + k * step))
            if d > w:
                w = d
        worst[b] = w
    return worst.max()


def is_uniform(t: np.ndarray, min_points: int = 2) -> bool:
    """Evenly spaced to 1e-12 of the largest time (one compiled pass, no temporaries)."""
    if t.size < max(min_points, 2):
        return False
    step = (t[-1] - t[0]) / (t.size - 1)
    if not step > 0:
        return False
    scale = max(abs(t[0]), abs(t[-1]), step)
    return bool(_max_deviation(t, step) <= 1e-12 * scale)


def allocate(
    names: tuple[str, ...], shape: tuple[int, ...], empty_shape: tuple[int, ...] | None = None
) -> dict[str, np.ndarray]:
    """Outputs of the fused kernels: ``shape`` for the requested ``names``, zero-length for the
    others (``empty_shape``, default all zeros of the same rank)."""
    all_names, real = _observables()
    empty_shape = empty_shape or (0,) * len(shape)
    return {
        n: np.empty(shape if n in names else empty_shape, np.float64 if real[n] else np.complex128)
        for n in all_names
    }


#: Times per block of the fused trace kernel (one finiteness flag per block).
BLOCK = 256


def effective_trace_values(
    p: np.ndarray, t: np.ndarray, names: tuple[str, ...], uniform: bool
) -> tuple[dict[str, np.ndarray], bool]:
    """The requested observables of the effective model from vacuum at parameters ``p``
    (kernel order), by ``effective_fused_trace``; ``uniform``: step on the evenly spaced ``t``.

    Returns the outputs and whether every value the kernel checked is finite (``R`` and ``eta``
    are not checked: they are ``nan`` where undefined).
    """
    outs = allocate(names, (t.size,))
    finite = np.empty((t.size + BLOCK - 1) // BLOCK, dtype=np.bool_)
    _generated().effective_fused_trace(p, t, bool(uniform), finite, *outs.values())
    return {n: outs[n] for n in names}, bool(finite.all())


def trace_observables(model: str) -> tuple[str, ...]:
    """The observables a :class:`~nrqb_sym.runtime.simulation.Trace` of ``model`` can hold."""
    return OBSERVABLES + (("gamma",) if model == "full" else ())


def effective_trace(params, tt: np.ndarray, names: tuple[str, ...], uniform: bool):
    """:class:`~nrqb_sym.runtime.simulation.Trace` of the effective model from vacuum with the
    requested observables (the others ``None``), by one fused kernel call."""
    from .simulation import Trace, _require_finite

    values, finite = effective_trace_values(params.array(), tt, names, uniform)
    if not finite:  # R, eta are nan where undefined; the rest must be finite
        _require_finite(
            params, "the trace", **{k: v for k, v in values.items() if k not in ("R", "eta")}
        )  # raises, naming a parameter
    fields = {n: values.get(n) for n in trace_observables("effective")}
    return Trace(t=tt, gamma=None, model="effective", params=params, **fields)


def select(trace, names: tuple[str, ...]):
    """``trace`` with the observables not in ``names`` set to ``None``."""
    import dataclasses

    drop = {n: None for n in trace_observables(trace.model) if n not in names}
    return dataclasses.replace(trace, **drop) if drop else trace


def effective_grid_trace(params: list, P: np.ndarray, tt: np.ndarray):
    """:func:`~nrqb_sym.runtime.simulation.simulate_grid` of the effective model: every
    observable at the parameter rows ``P`` (``params`` the matching points), arrays
    ``(len(P), len(tt))``, by the fused sweep kernel."""
    from .simulation import Trace, _require_finite

    outs = allocate(OBSERVABLES, (P.shape[0], tt.size))
    finite = np.empty(P.shape[0], dtype=np.bool_)
    _generated().effective_sweep_trace(P, tt, is_uniform(tt, 16), finite, *outs.values())
    if not finite.all():
        i = int(np.argmin(finite))
        checked = {k: v[i] for k, v in outs.items() if k not in ("R", "eta")}
        _require_finite(params[i], "the trace", **checked)
    return Trace(t=tt, gamma=None, model="effective", params=None, **outs)
