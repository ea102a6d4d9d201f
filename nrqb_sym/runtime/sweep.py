r"""Parameter sweeps of any model: observables over the outer product of parameter axes.

:meth:`CompiledModel.sweep <nrqb_sym.runtime.model.CompiledModel.sweep>` varies the parameters
named by the keyword axes (each a 1-D array) over their outer product (C order), starting from
the base values, and returns every requested observable at every grid point and time, or
reduced over time (``reduce`` in ``"max"``, ``"argmax"``, ``"min"``, ``"last"``, ``"mean"``; see
:mod:`nrqb_sym.runtime.numerics`).

How it runs: the grid is cut into chunks of consecutive points; a chunk's parameter rows are
built with NumPy (``O(chunk)``; an optional ``link(P, axis_values)`` sets further parameters
from the axis values, such as a ratio axis) and passed to one generated kernel
(the ``coherent_sweep`` or ``gaussian_sweep`` pass of :mod:`nrqb_sym.runtime.numerics`, with the
model's generated ``matrices`` and derived observables) that loops in parallel over the rows,
each owning its outputs; a reduced sweep keeps one running accumulator per row and observable
and never holds a grid x time array.  The coherent pass is used when every point keeps a
coherent start coherent (checked per row by the ``classify`` pass), the Gaussian pass
otherwise.  With ``chunks=`` and ``dask`` installed the chunks are blocks of a ``dask.array``
(``map_blocks``, any scheduler); the in-process path calls the same per-chunk function
(:func:`compute_chunk`).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from . import values as V
from .numerics import COMPLEX_MODES, MODES, kernel
from .values import ParameterError

__all__ = ["SweepPlan", "compute_chunk", "run_sweep", "grid_rows", "REDUCTIONS"]

#: Reductions over time (``None``: full traces).
REDUCTIONS = (None, *MODES)
#: Throughput assumed when sizing chunks and deciding on a progress bar (point-times/s).
PLANNING_RATE = 1e8
#: A progress bar is shown for sweeps estimated to take longer than this (seconds).
PROGRESS_AFTER = 2.0
#: Work per chunk when the sweep is chunked for the progress bar (seconds at PLANNING_RATE).
CHUNK_SECONDS = 0.5


@dataclass(frozen=True, eq=False)
class SweepPlan:
    """Everything a chunk needs (picklable: sent to dask workers).

    Attributes:
        kernels: the kernel module's import name and file (re-imported by a worker).
        base: the base parameter vector (kernel order).
        axes: ``((name, values), ...)`` in grid order.
        columns: the kernel column of each axis (``-1``: an axis only ``link`` reads).
        link: the optional row function.
        t, uniform, mode: the times, whether they are evenly spaced, the reduction code.
        model: the variant; path: ``"coherent"`` or ``"gaussian"``.
        s0, W0: the initial state (the coherent amplitudes, or quadrature means, and W).
        sel, seld, xrows, rrows, drows: the observable selection (see ``CompiledModel``).
    """

    module: str
    file: str
    base: np.ndarray
    axes: tuple
    columns: tuple
    link: object
    t: np.ndarray
    uniform: bool
    mode: int
    model: str
    path: str
    s0: np.ndarray
    W0: np.ndarray
    sel: np.ndarray
    seld: np.ndarray
    xrows: tuple
    rrows: tuple
    drows: tuple

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for _, v in self.axes)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def samples(self) -> int:
        return 1 if self.mode else self.t.size


def _kernels(plan: SweepPlan):
    import importlib
    import sys

    mod = sys.modules.get(plan.module)
    if mod is None:
        if plan.module.startswith("nrqb_sym_generated."):
            mod = importlib.import_module(plan.module)
        else:  # a dask worker in another process: import the file again
            from .model import _import_file

            mod = _import_file(__import__("pathlib").Path(plan.file), plan.module, "")
    return mod


def grid_rows(plan: SweepPlan, start: int, stop: int) -> np.ndarray:
    """Parameter rows (kernel order) of the flat grid points ``start <= j < stop``."""
    count = stop - start
    P = np.empty((count, plan.base.size), dtype=np.float64)
    P[:] = plan.base
    if not plan.axes or count == 0:
        return P
    index = np.unravel_index(np.arange(start, stop), plan.shape)
    values = {name: v[index[i]] for i, (name, v) in enumerate(plan.axes)}
    for (name, _), col in zip(plan.axes, plan.columns, strict=True):
        if col >= 0:
            P[:, col] = values[name]
    if plan.link is not None:
        plan.link(P, values)
    return P


def _allocate(plan: SweepPlan, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = plan.samples
    return (
        np.empty((len(plan.xrows), count, n), dtype=np.complex128),
        np.empty((len(plan.rrows), count, n)),
        np.empty((len(plan.drows), count, n)),
    )


def compute_chunk(plan: SweepPlan, start: int, stop: int, out=None, vals=None):
    """Observables of the flat grid points ``start <= j < stop`` by one kernel call; ``out``:
    ``(out_x, out_r, out_D)`` with ``stop - start`` points on their second axis, written in
    place (allocated when ``None``)."""
    out = _allocate(plan, stop - start) if out is None else out
    P = grid_rows(plan, start, stop)
    finite = np.empty(stop - start, dtype=np.bool_)
    mod = _kernels(plan)
    upper = plan.model.upper()
    keep, drop = getattr(mod, f"KEEP_{upper}"), getattr(mod, f"DROP_{upper}")
    derived = getattr(mod, f"derived_{plan.model}")
    state = (plan.s0,) if plan.path == "coherent" else (plan.s0, plan.W0)
    with np.errstate(all="ignore"):
        kernel(f"{plan.path}_sweep", keep.shape[0])(
            mod.matrices,
            derived,
            P,
            keep,
            drop,
            *state,
            plan.t,
            plan.uniform,
            plan.mode,
            plan.sel,
            plan.seld,
            finite,
            *out,
        )
    if not finite.all():
        j = int(np.argmin(finite))
        raise V.range_error(
            dict(zip(vals or (), P[j], strict=False)) or {"point": float(start + j)},
            "the sweep is not finite at a grid point",
        )
    return out


def _pack(out) -> np.ndarray:
    """Complex and real outputs as one float64 block ``(points, samples, columns)``."""
    out_x, out_r, out_D = out
    cols = [out_x.real, out_x.imag, out_r, out_D]
    return np.concatenate([c.transpose(1, 2, 0) for c in cols], axis=2)


def _dask_block(block: np.ndarray, plan: SweepPlan, names) -> np.ndarray:
    cols = 2 * len(plan.xrows) + len(plan.rrows) + len(plan.drows)
    if block.size == 0:
        return np.empty((0, plan.samples, cols))
    start, stop = int(block[0]), int(block[-1]) + 1
    return _pack(compute_chunk(plan, start, stop, vals=names))


def _run_dask(plan: SweepPlan, chunk: int, names):
    import dask.array as da

    cols = 2 * len(plan.xrows) + len(plan.rrows) + len(plan.drows)
    index = da.arange(plan.size, chunks=chunk, dtype=np.int64)
    packed = da.map_blocks(
        _dask_block,
        index,
        plan,
        names,
        dtype=np.float64,
        chunks=(index.chunks[0], (plan.samples,), (cols,)),
        new_axis=[1, 2],
        meta=np.empty((0, 0, 0)),
    ).compute()
    nx, nr = len(plan.xrows), len(plan.rrows)
    out_x = (packed[..., :nx] + 1j * packed[..., nx : 2 * nx]).transpose(2, 0, 1)
    out_r = packed[..., 2 * nx : 2 * nx + nr].transpose(2, 0, 1)
    out_D = packed[..., 2 * nx + nr :].transpose(2, 0, 1)
    return out_x, out_r, out_D


def _run_in_process(plan: SweepPlan, chunk: int, progress: bool, names):
    out = _allocate(plan, plan.size)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=plan.size, unit="pt", desc="sweep", leave=False, dynamic_ncols=True)
    try:
        for start in range(0, plan.size, chunk):
            stop = min(plan.size, start + chunk)
            if stop - start == plan.size:
                compute_chunk(plan, start, stop, out, names)
            else:  # the kernels write C-contiguous blocks: compute the chunk, then copy it in
                part = compute_chunk(plan, start, stop, None, names)
                for a, p in zip(out, part, strict=True):
                    a[:, start:stop] = p
            if bar is not None:
                bar.update(stop - start)
    finally:
        if bar is not None:
            bar.close()
    return out


def _dask_available() -> bool:
    try:
        import dask.array  # noqa: F401
    except ImportError:
        return False
    return True


def _path_of(cm, plan_args, axes_plan: SweepPlan, model: str, coherent_start: bool, chunk: int):
    """``"coherent"`` when every grid point keeps a coherent start coherent, and the smallest
    elimination ratio over the grid (kernels' ``classify`` per chunk)."""
    coherent = coherent_start
    worst = math.inf
    for start in range(0, axes_plan.size, chunk):
        P = grid_rows(axes_plan, start, min(axes_plan.size, start + chunk))
        c, ratio = cm._classify(P, model)
        coherent = coherent and bool(c.all())
        worst = min(worst, float(ratio.min()))
    return ("coherent" if coherent else "gaussian"), worst


def run_sweep(
    cm, values, t, observables, reduce, model, chunks, initial, link, progress, use_dask, axes
) -> object:
    """The body of :meth:`CompiledModel.sweep` (module docstring)."""
    from .model import Sweep, _time_grid

    model = cm._model(model)
    vals = cm.values(values)
    tt, uniform = _time_grid(t)
    names = cm._names(observables, model)
    if observables is None and reduce is not None and reduce not in COMPLEX_MODES:
        names = tuple(n for n in names if not n.startswith("x_"))  # all the real ones
    if reduce not in REDUCTIONS:
        raise ParameterError("reduce", f"must be None or one of {', '.join(MODES)}", reduce)
    if reduce is not None and reduce not in COMPLEX_MODES:
        bad = [n for n in names if n.startswith("x_")]
        if bad:
            raise ParameterError(
                "reduce",
                f"{reduce} of the complex observable {bad[0]} is undefined (use last or mean, "
                "or a real observable such as an occupation)",
                reduce,
            )
    if chunks is not None and (
        isinstance(chunks, bool) or not isinstance(chunks, int | np.integer) or chunks < 1
    ):
        raise ParameterError("chunks", "must be a positive number of grid points", chunks)
    checked = []
    for name, v in axes.items():
        if name in cm.kinds:
            checked.append((name, V.check_axis(name, cm.kinds[name], v)))
        elif link is not None:
            checked.append((name, V.check_axis(name, "real", v)))
        else:
            raise ParameterError(name, f"unknown axis (parameters: {', '.join(cm.parameters)})")
    modes = cm.modes_of(model)
    x0, r0, W0, coherent_start = V.initial_state(modes, initial)
    sel, seld, xrows, rrows, drows = cm._selection(model, names)
    base = cm.vector(vals)
    columns = tuple(cm.parameters.index(n) if n in cm.kinds else -1 for n, _ in checked)
    module = cm.kernels.__name__
    plan = SweepPlan(
        module,
        str(getattr(cm.kernels, "__file__", "")),
        base,
        tuple(checked),
        columns,
        link,
        tt,
        uniform,
        0 if reduce is None else MODES[reduce],
        model,
        "coherent",
        x0,
        W0,
        sel,
        seld,
        tuple(xrows),
        tuple(rrows),
        tuple(drows),
    )
    estimate = plan.size * plan.samples / PLANNING_RATE
    if chunks is None:
        per_chunk = max(1024, int(CHUNK_SECONDS * PLANNING_RATE / plan.samples))
        chunk = plan.size if estimate <= PROGRESS_AFTER else per_chunk
    else:
        chunk = int(chunks)
    chunk = max(1, min(chunk, plan.size))
    from .resources import check_allocation

    per_point = (16 * len(xrows) + 8 * (len(rrows) + len(drows))) * plan.samples
    shape_text = " x ".join(str(n) for n in plan.shape) or "1"
    check_allocation(
        plan.size * per_point,
        f"sweep over {shape_text} points" + ("" if reduce else f" x {tt.size} times"),
        purpose="for the output",
        hint="reduce over time (reduce='max', ...) or use fewer points or times",
    )
    path, worst = _path_of(cm, None, plan, model, coherent_start, max(chunk, 65536))
    cm._warn_elimination(worst, model, " at some grid points")
    plan = SweepPlan(**{**plan.__dict__, "path": path, "s0": x0 if path == "coherent" else r0})
    dask = chunks is not None and use_dask is not False and _dask_available()
    if use_dask and not dask:
        raise ParameterError("use_dask", "needs chunks= and dask (pip install 'nrqb-sym[dask]')")
    t0 = time.perf_counter()
    if dask:
        out = _run_dask(plan, chunk, cm.parameters)
    else:
        show = estimate > PROGRESS_AFTER if progress is None else bool(progress)
        out = _run_in_process(plan, chunk, show, cm.parameters)
    seconds = time.perf_counter() - t0
    shape = plan.shape + (() if reduce else (tt.size,))
    values_out = {}
    for rows, arr in zip((xrows, rrows, drows), out, strict=True):
        for i, nm in enumerate(rows):
            v = arr[i].reshape(shape)
            values_out[nm] = v.real.astype(np.int64) if reduce == "argmax" else v
    ordered = {nm: values_out[nm] for nm in names}
    return Sweep(dict(checked), ordered, tt, reduce, model, vals, seconds)
