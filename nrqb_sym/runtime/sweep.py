r"""Parameter sweeps: traces of the effective model over a grid of parameter points.

``sweep(params, t, observables=("E_B", "P_B"), reduce=None, **axes)`` varies the parameters
named by the keyword ``axes`` (each a 1-D array of values) over their outer product, starting
from ``params``, and returns every requested observable at every grid point and time, or
reduced over time (``reduce`` in ``"max"``, ``"argmax"``, ``"min"``, ``"last"``, ``"mean"``;
see :mod:`nrqb_sym.runtime.reductions`).

How it runs: the grid is cut into chunks of consecutive points (C order over the axes); a chunk's
parameter vectors are built with NumPy (``O(chunk)``, no :class:`Params` per point) and passed
to one generated kernel (``effective_sweep_trace`` / ``effective_sweep_reduce``) that loops in
parallel over the points, each iteration owning its outputs; a reduced sweep keeps one running
accumulator per point and observable and never holds a grid x time array.  On an evenly spaced
``t`` each point steps :math:`x_{k+1} = x_{ss} + e^{M\,dt}(x_k - x_{ss})` from closed-form
restarts every 256 times.  With ``chunks=`` and ``dask`` installed the chunks are blocks of a
``dask.array`` (``map_blocks``; any scheduler); the in-process path calls the same per-chunk
function (:func:`compute_chunk`).

Derived axes (applied after the parameter axes, so they may combine with them):

* ``r``: the damping ratio :math:`r = \kappa_b/\kappa_a`; with ``hold="kappa_a"`` (default)
  :math:`\kappa_b = r\,\kappa_a`, with ``hold="kappa_b"`` :math:`\kappa_a = \kappa_b/r`.
* ``detuning``: a common drive detuning :math:`\delta` added to both
  :math:`\Delta_a` and :math:`\Delta_b` (:math:`\Delta_{a,b} \to \Delta_{a,b} + \delta`), as
  shifting the drive frequency does; with ``Delta_a = Delta_b = 0`` this is the paper's common
  detuning.

Everything else (``J``, ``theta``, ...) stays as in ``params``: a sweep of ``kappa_c`` at the
``nonreciprocal`` preset is no longer nonreciprocal away from the preset's value.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from nrqb_sym_generated import effective as _eff
from numba import njit, prange

from ..model.core import PARAMETER_NAMES
from . import fused
from .reductions import COMPLEX_MODES, MODES
from .simulation import (
    ELIMINATION_RATIO,
    EliminationWarning,
    ParameterError,
    Params,
    _times,
)

__all__ = [
    "Sweep",
    "sweep",
    "compute_chunk",
    "SweepPlan",
    "DERIVED_AXES",
    "REDUCTIONS",
    "HOLD",
    "grid_parameters",
    "point_parameters",
    "rates_rows",
]

#: Axis names that are not parameters (module docstring).
DERIVED_AXES = ("r", "detuning")
#: What ``r`` may hold fixed.
HOLD = ("kappa_a", "kappa_b")
#: Reductions over time (``None``: full traces).
REDUCTIONS = (None, *MODES)
#: Times at least this many on an evenly spaced grid are stepped (closed form otherwise).
STEP_MIN_POINTS = 16
#: Throughput assumed when sizing chunks and deciding on a progress bar (point-times/s).
PLANNING_RATE = 1e8
#: A progress bar is shown for sweeps estimated to take longer than this (seconds).
PROGRESS_AFTER = 2.0
#: Work per chunk when the sweep is chunked for the progress bar (seconds at PLANNING_RATE).
CHUNK_SECONDS = 0.5

_COL = {n: i for i, n in enumerate(PARAMETER_NAMES)}
_RATES = ("kappa_a", "kappa_b", "kappa_c")
_NONNEGATIVE = ("g_a", "g_b", "J")
_POSITIVE = ("omega_a", "omega_b")
_OCCUPATIONS = ("n_a", "n_b", "n_c")


@dataclass(frozen=True)
class Sweep:
    r"""Result of :func:`sweep`.

    Attributes:
        axes: ``{name: values}`` in grid order (the order the axes were given).
        values: ``{observable: array}`` of shape ``(*axis lengths, len(t))``, or
            ``(*axis lengths)`` when reduced (``argmax``: int64 time indices, -1 where every
            sample is ``nan``).
        t: the times.
        reduce: the reduction, or ``None``.
        params: the base point.
        hold: what the ``r`` axis holds fixed.
    """

    axes: dict[str, np.ndarray]
    values: dict[str, np.ndarray]
    t: np.ndarray
    reduce: str | None
    params: Params
    hold: str = "kappa_a"
    seconds: float = field(default=0.0, compare=False)

    @property
    def shape(self) -> tuple[int, ...]:
        """Axis lengths."""
        return tuple(len(v) for v in self.axes.values())

    def __getitem__(self, name: str) -> np.ndarray:
        return self.values[name]

    def point(self, *index: int) -> Params:
        """The parameters of one grid point (``index`` per axis)."""
        if len(index) != len(self.axes):
            raise ParameterError("index", f"need {len(self.axes)} indices, one per axis")
        plan = SweepPlan.build(self.params, self.axes, self.hold, self.t, None, ("E_A",))
        flat = int(np.ravel_multi_index(index, self.shape)) if self.axes else 0
        row = grid_parameters(plan, flat, flat + 1)[0]
        return Params(**dict(zip(PARAMETER_NAMES, (float(v) for v in row), strict=True)))


@dataclass(frozen=True, eq=False)
class SweepPlan:
    """Everything a chunk needs (picklable: sent to dask workers)."""

    base: tuple[float, ...]
    axes: tuple[tuple[str, np.ndarray], ...]
    hold: str
    t: np.ndarray
    uniform: bool
    mode: int  # 0: no reduction
    names: tuple[str, ...]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for _, v in self.axes)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @classmethod
    def build(cls, params, axes, hold, t, reduce, names, uniform=True) -> SweepPlan:
        return cls(
            base=tuple(float(v) for v in params.array()),
            axes=tuple((n, np.asarray(v, dtype=np.float64)) for n, v in axes.items()),
            hold=hold,
            t=t,
            uniform=uniform,
            mode=0 if reduce is None else MODES[reduce],
            names=tuple(names),
        )


# ----------------------------------------------------------------------------- grid points
def grid_parameters(plan: SweepPlan, start: int, stop: int) -> np.ndarray:
    """Parameter vectors (kernel order) of the flat grid points ``start <= j < stop``.

    Returns:
        float64 array of shape ``(stop - start, len(PARAMETER_NAMES))``.
    """
    count = stop - start
    if not plan.axes or count == 0:
        return point_parameters(plan.base, {}, plan.hold, count)
    index = np.unravel_index(np.arange(start, stop), plan.shape)
    values = {name: v[index[i]] for i, (name, v) in enumerate(plan.axes)}
    return point_parameters(plan.base, values, plan.hold, count)


def point_parameters(base, values: dict[str, np.ndarray], hold: str, count: int) -> np.ndarray:
    """Parameter vectors of ``count`` points: ``base`` (kernel order) with each named axis set
    to its per-point values, then the derived axes applied (module docstring)."""
    P = np.empty((count, len(PARAMETER_NAMES)), dtype=np.float64)
    P[:] = np.asarray(base, dtype=np.float64)
    for name, v in values.items():
        if name in _COL:
            P[:, _COL[name]] = v
    if "r" in values:
        ka, kb = _COL["kappa_a"], _COL["kappa_b"]
        if hold == "kappa_a":
            P[:, kb] = values["r"] * P[:, ka]
        else:
            P[:, ka] = P[:, kb] / values["r"]
    if "detuning" in values:
        P[:, _COL["Delta_a"]] += values["detuning"]
        P[:, _COL["Delta_b"]] += values["detuning"]
    return P


@njit(parallel=True, cache=True)
def _rates_kernel(P):
    m = P.shape[0]
    k = len(_eff.effective_rates(P[0]))
    out = np.empty((m, k), dtype=np.float64)
    for j in prange(m):
        r = _eff.effective_rates(P[j])
        for i in range(k):
            out[j, i] = r[i]
    return out


def rates_rows(P: np.ndarray) -> dict[str, np.ndarray]:
    """The derived rates (``effective_rates``: ``Gamma``, ``Lambda_a``, ...,
    ``J_nonreciprocal``, ``theta_nonreciprocal``) at every row of ``P``, one compiled loop."""
    P = np.ascontiguousarray(P, dtype=np.float64)
    if P.shape[0] == 0:
        return {n: np.empty(0) for n in _eff.EFFECTIVE_RATES_OUTPUTS}
    with np.errstate(all="ignore"):
        out = _rates_kernel(P)
    return {n: out[:, i] for i, n in enumerate(_eff.EFFECTIVE_RATES_OUTPUTS)}


# ----------------------------------------------------------------------------- validation
def _axis_values(name: str, values) -> np.ndarray:
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
    from . import simulation

    limit = getattr(simulation, "MAX_MAGNITUDE", None)
    if limit is not None and np.any(np.abs(arr) > limit):
        raise ParameterError(name, f"axis values must be <= {limit:g} in magnitude")
    if name in _RATES and np.any(arr < 0):
        raise ParameterError(name, "rates must be >= 0", float(arr.min()))
    if name in _NONNEGATIVE and np.any(arr < 0):
        raise ParameterError(
            name, "couplings must be >= 0 (a sign is a phase; put it in theta)", float(arr.min())
        )
    if name in _POSITIVE and np.any(arr <= 0):
        raise ParameterError(name, "frequencies must be > 0", float(arr.min()))
    if name in _OCCUPATIONS and np.any(arr != 0):
        raise ParameterError(
            name,
            "sweep is for zero-temperature baths (the state from vacuum stays coherent); "
            "use simulate for thermal baths",
        )
    if name == "r" and np.any(arr <= 0):
        raise ParameterError("r", "the damping ratio kappa_b/kappa_a must be > 0", float(arr.min()))
    return arr


def _check_axes(params: Params, axes: dict, hold: str) -> dict[str, np.ndarray]:
    if not isinstance(params, Params):
        raise ParameterError("params", "must be a Params (e.g. nrqb_sym.preset('nonreciprocal'))")
    if hold not in HOLD:
        raise ParameterError("hold", f"must be one of {', '.join(HOLD)}", hold)
    for name in ("n_a", "n_b", "n_c"):
        if getattr(params, name) != 0:
            raise ParameterError(
                name,
                "sweep is for zero-temperature baths (the state from vacuum stays coherent); "
                "use simulate for thermal baths",
                getattr(params, name),
            )
    out = {}
    for name, values in axes.items():
        if name not in _COL and name not in DERIVED_AXES:
            raise ParameterError(
                name,
                f"unknown axis (parameters: {', '.join(PARAMETER_NAMES)}; derived: "
                f"{', '.join(DERIVED_AXES)})",
            )
        out[name] = _axis_values(name, values)
    if "r" in out:
        moved = "kappa_b" if hold == "kappa_a" else "kappa_a"
        if moved in out:
            raise ParameterError(
                moved, f"cannot be an axis together with r holding {hold} (r sets {moved})"
            )
    return out


def _axis_for(param: str, axes: dict, hold: str) -> str:
    """The axis (or base parameter) the user gave that sets ``param``."""
    if param in axes:
        return param
    if "r" in axes and param == ("kappa_b" if hold == "kappa_a" else "kappa_a"):
        return "r"
    return param


def _check_points(plan: SweepPlan, axes: dict, chunk: int) -> None:
    """Model rules at every grid point, vectorised per chunk (no Params objects)."""
    worst_ratio = math.inf
    for start in range(0, plan.size, chunk):
        stop = min(plan.size, start + chunk)
        P = grid_parameters(plan, start, stop)
        kc = P[:, _COL["kappa_c"]]
        if np.any(kc <= 0):
            raise ParameterError(
                _axis_for("kappa_c", axes, plan.hold),
                "must be > 0 for the effective model (nothing to eliminate)",
                float(kc.min()),
            )
        ka, kb = P[:, _COL["kappa_a"]], P[:, _COL["kappa_b"]]
        if np.any(ka < 0) or np.any(kb < 0):
            name = "kappa_a" if np.any(ka < 0) else "kappa_b"
            raise ParameterError(_axis_for(name, axes, plan.hold), "rates must be >= 0")
        g = np.maximum(P[:, _COL["g_a"]], P[:, _COL["g_b"]])
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(g > 0, kc / np.where(g > 0, g, 1.0), np.inf)
        worst_ratio = min(worst_ratio, float(ratio.min()))
        rates = rates_rows(P)
        for mode in "ab":
            bad = ~(rates[f"Lambda_{mode}"] > 0)
            if np.any(bad):
                j = int(np.argmax(bad))
                name = _axis_for(f"kappa_{mode}", axes, plan.hold)
                where = ", ".join(
                    f"{n} = {v[idx]:.6g}"
                    for (n, v), idx in zip(
                        plan.axes, np.unravel_index(start + j, plan.shape), strict=True
                    )
                )
                raise ParameterError(
                    name,
                    f"Lambda_{mode} = kappa_{mode} + Gamma_{mode} must be > 0 for a steady state"
                    + (f" (at {where})" if where else ""),
                )
    if worst_ratio < ELIMINATION_RATIO:
        warnings.warn(
            f"kappa_c/max(g_a, g_b) = {worst_ratio:.3g} < {ELIMINATION_RATIO:g} at some grid "
            "points: the bad cavity is not fast enough for the elimination there",
            EliminationWarning,
            stacklevel=3,
        )


# ----------------------------------------------------------------------------- chunks
def _outputs_nbytes(plan: SweepPlan) -> int:
    _, real = fused._observables()
    per_point = sum(8 if real[n] else 16 for n in plan.names)
    per_point *= 1 if plan.mode else plan.t.size
    return plan.size * per_point


def _allocate(plan: SweepPlan, count: int) -> dict[str, np.ndarray]:
    if plan.mode:
        return fused.allocate(plan.names, (count,), (0,))
    return fused.allocate(plan.names, (count, plan.t.size), (0, 0))


def compute_chunk(
    plan: SweepPlan, start: int, stop: int, out: dict[str, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """Observables of the flat grid points ``start <= j < stop`` by one kernel call.

    ``out``: arrays (every fused observable; zero-length for those not requested) whose first
    axis has ``stop - start`` rows, written in place; allocated here when ``None``.  Returns
    the requested observables (reduced: shape ``(stop - start,)``, else
    ``(stop - start, len(t))``; ``argmax`` as float indices).
    """
    out = _allocate(plan, stop - start) if out is None else out
    P = grid_parameters(plan, start, stop)
    finite = np.empty(stop - start, dtype=np.bool_)
    if plan.mode:
        _eff.effective_sweep_reduce(P, plan.t, plan.uniform, plan.mode, finite, *out.values())
    else:
        _eff.effective_sweep_trace(P, plan.t, plan.uniform, finite, *out.values())
    if not finite.all():
        _refuse_nonfinite(plan, start + int(np.argmin(finite)))
    return {n: out[n] for n in plan.names}


def _refuse_nonfinite(plan: SweepPlan, j: int) -> None:
    """Raise for a grid point whose values left the float64 range, naming its most extreme
    parameter (:func:`nrqb_sym.runtime.simulation._require_finite`)."""
    from .simulation import _require_finite

    row = grid_parameters(plan, j, j + 1)[0]
    point = Params(**dict(zip(PARAMETER_NAMES, (float(x) for x in row), strict=True)))
    _require_finite(point, "the sweep", **{"a value": np.array([np.nan])})


def _columns(plan: SweepPlan) -> list[tuple[str, bool]]:
    _, real = fused._observables()
    return [(n, real[n]) for n in plan.names]


def _dask_block(block: np.ndarray, plan: SweepPlan) -> np.ndarray:
    """One dask block: the flat indices ``block`` -> packed float64 values (complex as two
    columns), shape ``(len, ncols)`` or ``(len, len(t), ncols)``."""
    cols = _columns(plan)
    ncols = sum(1 if r else 2 for _, r in cols)
    tail = (ncols,) if plan.mode else (plan.t.size, ncols)
    if block.size == 0:
        return np.empty((0, *tail))
    start, stop = int(block[0]), int(block[-1]) + 1
    values = compute_chunk(plan, start, stop)
    packed = np.empty((stop - start, *tail))
    c = 0
    for name, real in cols:
        v = values[name]
        if real:
            packed[..., c] = v
            c += 1
        else:
            packed[..., c] = v.real
            packed[..., c + 1] = v.imag
            c += 2
    return packed


def _run_dask(plan: SweepPlan, chunk: int) -> dict[str, np.ndarray]:
    import dask.array as da

    cols = _columns(plan)
    ncols = sum(1 if r else 2 for _, r in cols)
    index = da.arange(plan.size, chunks=chunk, dtype=np.int64)
    if plan.mode:
        new_axis, chunks, meta = [1], (index.chunks[0], (ncols,)), np.empty((0, 0))
    else:
        new_axis = [1, 2]
        chunks = (index.chunks[0], (plan.t.size,), (ncols,))
        meta = np.empty((0, 0, 0))
    packed = da.map_blocks(
        _dask_block,
        index,
        plan,
        dtype=np.float64,
        chunks=chunks,
        new_axis=new_axis,
        meta=meta,
    ).compute()
    out = {}
    c = 0
    for name, real in cols:
        if real:
            out[name] = np.ascontiguousarray(packed[..., c])
            c += 1
        else:
            out[name] = packed[..., c] + 1j * packed[..., c + 1]
            c += 2
    return out


def _dask_available() -> bool:
    try:
        import dask.array  # noqa: F401
    except ImportError:
        return False
    return True


def _run_in_process(plan: SweepPlan, chunk: int, progress: bool) -> dict[str, np.ndarray]:
    out = _allocate(plan, plan.size)
    starts = range(0, plan.size, chunk)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=plan.size, unit="pt", desc="sweep", leave=False, dynamic_ncols=True)
    try:
        for start in starts:
            stop = min(plan.size, start + chunk)
            view = {
                n: (a[start:stop] if a.shape[0] else a) for n, a in out.items()
            }  # rows of the full outputs, written in place
            compute_chunk(plan, start, stop, view)
            if bar is not None:
                bar.update(stop - start)
    finally:
        if bar is not None:
            bar.close()
    return {n: out[n] for n in plan.names}


# ----------------------------------------------------------------------------- the API
def sweep(
    params: Params,
    t,
    observables: str | Iterable[str] = ("E_B", "P_B"),
    reduce: str | None = None,
    chunks: int | None = None,
    *,
    hold: str = "kappa_a",
    method: str = "auto",
    progress: bool | None = None,
    use_dask: bool | None = None,
    **axes,
) -> Sweep:
    r"""Observables of the effective model from vacuum over a grid of parameter points.

    Args:
        params: the base point; every parameter not named by an axis keeps its value.
        t: 1-d times (evenly spaced ones are stepped, module docstring).
        observables: names from :data:`nrqb_sym.runtime.fused.OBSERVABLES` (``alpha``, ``beta``,
            ``n_a``, ``n_b``, ``ab``, ``E_A``, ``E_B``, ``P_B``, ``R``, ``eta``,
            ``ergotropy_A``, ``ergotropy_B``).
        reduce: ``None`` or ``"max"``, ``"argmax"``, ``"min"``, ``"last"``, ``"mean"`` over time,
            inside the kernel (``nan`` samples skipped; complex observables: last, mean).
        chunks: grid points per chunk; with ``dask`` installed (and ``use_dask`` not False) the
            chunks run as ``dask.array`` blocks on the current dask scheduler.  ``None``: one
            chunk, or chunks of about :data:`CHUNK_SECONDS` when a progress bar is shown.
        hold: what the derived axis ``r`` holds fixed (``kappa_a`` or ``kappa_b``).
        method: ``"auto"`` (step on evenly spaced times) or ``"closed"`` (closed form at every
            time).
        progress: tqdm progress bar (``None``: when the sweep is estimated to take more than
            :data:`PROGRESS_AFTER` seconds; in-process path only).
        use_dask: force (True) or forbid (False) dask for a chunked sweep.
        **axes: ``name=values`` for parameters and the derived axes ``r`` and ``detuning``.

    Returns:
        :class:`Sweep` with ``values[name]`` of shape ``(*axis lengths, len(t))``, or
        ``(*axis lengths)`` when reduced.

    Raises:
        ParameterError: unknown names, values that break a parameter rule at some grid point
            (named by the axis that set it), thermal baths, a complex observable with
            max/min/argmax.
        ResourceError: the outputs would not fit in memory.
    """
    axes = _check_axes(params, axes, hold)
    tt = _times(t)
    if tt.size == 0:
        raise ParameterError("t", "need at least one time")
    names = fused.observable_names(observables)
    if reduce not in REDUCTIONS:
        raise ParameterError("reduce", f"must be None or one of {', '.join(MODES)}", reduce)
    if reduce is not None and reduce not in COMPLEX_MODES:
        _, real = fused._observables()
        bad = [n for n in names if not real[n]]
        if bad:
            raise ParameterError(
                "reduce",
                f"{reduce} of the complex observable {bad[0]} is undefined (use last or mean, "
                "or a real observable such as n_a, E_A)",
                reduce,
            )
    if method not in ("auto", "closed"):
        raise ParameterError("method", "must be auto or closed", method)
    if chunks is not None:
        if isinstance(chunks, bool) or not isinstance(chunks, int | np.integer) or chunks < 1:
            raise ParameterError("chunks", "must be a positive number of grid points", chunks)
    uniform = method == "auto" and fused.is_uniform(tt, STEP_MIN_POINTS)
    plan = SweepPlan.build(params, axes, hold, tt, reduce, names, uniform)
    samples = 1 if reduce == "last" else tt.size
    estimate = plan.size * samples / PLANNING_RATE
    if chunks is None:
        per_chunk = max(1024, int(CHUNK_SECONDS * PLANNING_RATE / samples))
        chunk = plan.size if estimate <= PROGRESS_AFTER else per_chunk
    else:
        chunk = int(chunks)
    chunk = max(1, min(chunk, plan.size))

    from .resources import check_allocation

    shape_text = " x ".join(str(n) for n in plan.shape) or "1"
    check_allocation(
        _outputs_nbytes(plan),
        f"sweep over {shape_text} points" + ("" if reduce else f" x {tt.size} times"),
        purpose="for the output",
        hint="reduce over time (reduce='max', ...) or use fewer points or times",
    )
    _check_points(plan, axes, max(chunk, 65536))

    dask = chunks is not None and use_dask is not False and _dask_available()
    if use_dask and not dask:
        raise ParameterError("use_dask", "needs chunks= and dask (pip install 'nrqb-sym[dask]')")
    t0 = time.perf_counter()
    if dask:
        values = _run_dask(plan, chunk)
    else:
        show = estimate > PROGRESS_AFTER if progress is None else bool(progress)
        values = _run_in_process(plan, chunk, show)
    seconds = time.perf_counter() - t0
    shape = plan.shape + (() if reduce else (tt.size,))
    out = {}
    for n in names:
        v = values[n].reshape(shape)
        out[n] = v.astype(np.int64) if reduce == "argmax" else v
    return Sweep(
        axes=dict(axes),
        values=out,
        t=tt,
        reduce=reduce,
        params=params,
        hold=hold,
        seconds=seconds,
    )
