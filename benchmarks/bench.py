#!/usr/bin/env python
r"""The engine's kernels against NumPy, QuTiP and the machine's memory bandwidth, in one run.

Measured on this machine (printed as Markdown; the README's tables come from it):

1. the memory bandwidth (parallel writes into touched and into fresh memory), the limit of any
   method that writes its outputs;
2. the paper's model (``nrqb.toml``, effective, 2 modes): a 2,000,000-point trace at the
   ``nonreciprocal`` preset (an exceptional point) and at a general point, fused ``simulate``
   with every observable and with ``E_b, P_b`` only, against a hand-vectorised NumPy 2x2
   propagator (:math:`e^{Mt} = e^{\tau t}[\cosh(st)I + \sinh(st)/s\,(M - \tau I)]`, finite at
   the EP) and a vectorised NumPy eigen-decomposition (general point only: at an EP the
   eigenvectors are degenerate);
3. the paper's model: a ``200 x 200`` sweep of ``(kappa_b, Delta_b)`` x 1,000 times, reduced in
   the kernel (max of ``P_b``), unreduced, through dask, ``compute_map``, and a NumPy loop over
   the grid;
4. a 5-mode star (charger, three batteries, one eliminated cavity; 4 effective modes): a
   2,000,000-point effective trace of the three battery energies against a vectorised NumPy
   eigen-decomposition of the same linear system;
5. a two-battery star: a ``100 x 100 x 500`` reduced sweep against a NumPy loop over the grid;
6. cost against the number of modes ``N`` (stars of ``N - 2`` batteries, ``N`` up to 65): load
   from an empty model cache (derivation, generation, compilation of the model's kernels; the
   shared passes already compiled), the size of the generated kernels, and one Gaussian
   (thermal) and one coherent 2,001-point trace; fitted exponents ``cost ~ N^p`` and a plot
   ``docs/cost_vs_modes.png``;
7. cold start in fresh processes (``import nrqb_sym`` + ``load_model()`` + first ``simulate``
   with warm caches), and the one-time compilation of the shared passes (empty Numba cache);
8. the paper's full model against ``qutip.mesolve`` at equal accuracy.

Timings: best of ``--repeats`` rounds after a warm-up call; rounds during which other processes
used >= 0.25 cores are repeated.

Usage::

    python benchmarks/bench.py                   # everything (~15 min on 2 cores)
    python benchmarks/bench.py --quick           # smaller sizes, no cold compile, N <= 17
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numba
import numpy as np
from numba import njit, prange

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from stars import star  # noqa: E402

import nrqb_sym as nq  # noqa: E402

#: a timed round counts as disturbed when other processes used more cores than this meanwhile
DISTURBED = 0.25
ROUND_SECONDS = 0.3
MAX_SECONDS_PER_METHOD = 60.0


# ------------------------------------------------------------------------------ timing helpers
class OtherLoad:
    """CPU time used by *other* processes since :meth:`start` (Linux ``/proc/stat``), in cores."""

    def __init__(self):
        self.ok = os.path.exists("/proc/stat")
        if self.ok:
            self.t0, self.b0, self.o0 = time.perf_counter(), self._busy(), self._own()

    @staticmethod
    def _busy() -> float:
        with open("/proc/stat") as fh:
            v = [int(x) for x in fh.readline().split()[1:]]
        idle = v[3] + (v[4] if len(v) > 4 else 0)
        return (sum(v[:8]) - idle) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _own() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def cores(self) -> float:
        if not self.ok:
            return float("nan")
        wall = time.perf_counter() - self.t0
        other = (self._busy() - self.b0) - (self._own() - self.o0)
        return max(other, 0.0) / wall if wall > 0 else 0.0


def timed(fn, repeats: int):
    """Warm-up call, then the best call of ``repeats`` undisturbed rounds (a round repeats
    ``fn`` for :data:`ROUND_SECONDS`).  Returns ``(best seconds, last result)``."""
    out = fn()
    clean, dirty = [], []
    deadline = time.perf_counter() + MAX_SECONDS_PER_METHOD
    while len(clean) < repeats:
        load = OtherLoad()
        start = time.perf_counter()
        best = math.inf
        while True:
            t0 = time.perf_counter()
            out = fn()
            t1 = time.perf_counter()
            best = min(best, t1 - t0)
            if t1 - start >= ROUND_SECONDS:
                break
        (clean if load.cores() < DISTURBED else dirty).append(best)
        if time.perf_counter() > deadline and clean + dirty:
            break
    return min(clean or dirty), out


def rel_error(got, want) -> float:
    """max over outputs of max_t |got - want| / max_t |want|."""
    worst = 0.0
    for g, w in zip(got, want, strict=True):
        scale = float(np.max(np.abs(w)))
        diff = float(np.max(np.abs(np.asarray(g) - w)))
        worst = max(worst, diff / scale if scale > 0 else diff)
    return worst


def rate(count: float, seconds: float) -> str:
    return f"{count / seconds / 1e6:,.0f} M"


def table(head: list[str], rows: list[list[str]]) -> None:
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()


# ------------------------------------------------------------------------------ memory bandwidth
@njit(parallel=True)
def _fill(dst, v):
    for i in prange(dst.shape[0]):
        dst[i] = v


def bandwidth(nbytes: int, repeats: int) -> dict[str, float]:
    """Bytes/s of a parallel write into touched memory and into fresh memory (``np.empty`` +
    first touch: what a function returning new arrays pays)."""
    n = nbytes // 8
    dst = np.ones(n)
    _fill(dst[:8], 1.0)

    def fresh():
        x = np.empty(n)
        _fill(x, 3.0)
        return x

    out = {}
    best, _ = timed(lambda: _fill(dst, 2.0), repeats)
    out["touched"] = nbytes / best
    best, _ = timed(fresh, repeats)
    out["fresh"] = nbytes / best
    return out


# ------------------------------------------------------------------------------ NumPy baselines
def numpy_eig(M, f, x0, t, rows, need_rate=False):
    r"""Vectorised eigen-decomposition: :math:`x(t) = x_{ss} + V e^{\Lambda t}V^{-1}(x_0 - x_{ss})`
    for the rows ``rows`` (and :math:`\dot x = Mx + f` there when ``need_rate``)."""
    x_ss = -np.linalg.solve(M, f)
    w, V = np.linalg.eig(M)
    c = np.linalg.solve(V, x0 - x_ss)
    E = np.exp(np.outer(w, t))
    x = x_ss[rows, None] + (V[rows] * c) @ E
    if not need_rate:
        return x, None
    dx = (V[rows] * (c * w)) @ E  # d/dt V e^{wt} c = V diag(w) e^{wt} c

    return x, dx


def numpy_2x2(M, f, t):
    """The paper model's hand-vectorised 2x2 propagator from vacuum (finite at an EP)."""
    x_ss = -np.linalg.solve(M, f)
    tau = 0.5 * np.trace(M)
    s = 0.5 * np.sqrt(complex((M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0]))
    v = -x_ss
    u = M @ v - tau * v
    e = np.exp(tau * t)
    if s == 0:
        ch, sh = 1.0, t
    else:
        ch, sh = np.cosh(s * t), np.sinh(s * t) / s
    a = x_ss[0] + e * (ch * v[0] + sh * u[0])
    b = x_ss[1] + e * (ch * v[1] + sh * u[1])
    return a, b


def paper_numpy(cm, vals, t, eig: bool):
    """E_a, E_b, P_b of the paper's effective model by NumPy (2x2 propagator or eig)."""
    M, f, om = cm.drift(vals)
    if eig:
        x, dx = numpy_eig(M, f, np.zeros(2, complex), t, [0, 1], need_rate=True)
        a, b, db = x[0], x[1], dx[1]
    else:
        a, b = numpy_2x2(M, f, t)
        db = M[1, 0] * a + M[1, 1] * b + f[1]
    E_a = om[0] * (a.real**2 + a.imag**2)
    E_b = om[1] * (b.real**2 + b.imag**2)
    P_b = 2 * om[1] * (b.conj() * db).real
    return E_a, E_b, P_b


# ------------------------------------------------------------------------------ sections
def section_paper_trace(n: int, repeats: int, bw: dict) -> list[dict]:
    cm = nq.load_model()
    t = np.linspace(0.0, 200.0, n)
    pre = cm.preset("nonreciprocal")
    gen = dict(pre, Delta_a=0.3, Delta_b=-0.2, Delta_c=5.0, theta=1.2)
    print(f"## The paper's model: one {n:,}-point effective trace\n")
    rows, out = [], []
    for label, vals in (("nonreciprocal preset (an EP)", pre), ("general point", gen)):
        ref2, ref = timed(lambda vals=vals: paper_numpy(cm, vals, t, eig=False), repeats)
        cand = [("NumPy 2x2 propagator", ref2, ref)]
        if label == "general point":
            s, r = timed(lambda vals=vals: paper_numpy(cm, vals, t, eig=True), repeats)
            cand.append(("NumPy eigen-decomposition", s, r))
        s_all, tr = timed(lambda vals=vals: cm.simulate(vals, t), repeats)
        nobs = len(tr.observables)
        got = (tr["E_a"], tr["E_b"], tr["P_b"])
        cand.append((f"fused `simulate`, all {nobs} observables", s_all, got))
        s_two, tr2 = timed(
            lambda vals=vals: cm.simulate(vals, t, observables=("E_b", "P_b")), repeats
        )
        cand.append(("fused `simulate`, `E_b`, `P_b`", s_two, (ref[0], tr2["E_b"], tr2["P_b"])))
        for name, s, res in cand:
            err = rel_error(res, ref)
            rows.append(
                [
                    label,
                    name,
                    f"{s:.4f} s",
                    rate(n, s) + " points/s",
                    f"{ref2 / s:.1f}x",
                    f"{err:.1e}",
                ]
            )
            out.append({"point": label, "method": name, "seconds": s, "vs_numpy": ref2 / s})
    limit_all = bw["fresh"] / (8 * nobs)
    limit_two = bw["fresh"] / 16
    table(["point", "method", "time", "rate", "vs NumPy 2x2", "max rel. diff. vs NumPy 2x2"], rows)
    print(
        f"Memory limit (fresh outputs, {bw['fresh'] / 1e9:.1f} GB/s): "
        f"{limit_all / 1e6:,.0f} M points/s for {nobs} float64 outputs, "
        f"{limit_two / 1e6:,.0f} M points/s for two.\n"
    )
    return out


def _numpy_loop(cm, base, axes, t, observable_fn):
    (xn, xv), (yn, yv) = axes.items()
    out = np.empty((xv.size, yv.size))
    for i, xval in enumerate(xv):
        for j, yval in enumerate(yv):
            out[i, j] = observable_fn(cm, dict(base, **{xn: xval, yn: yval}), t)
    return out


def _paper_pb_max(cm, vals, t):
    return paper_numpy(cm, vals, t, eig=False)[2].max()


def section_paper_sweep(grid: int, nt: int, repeats: int) -> list[dict]:
    from nrqb_sym.runtime.maps import compute_map

    cm = nq.load_model()
    base = cm.preset("nonreciprocal")
    t = np.linspace(0.0, 30.0, nt)
    axes = {"kappa_b": np.linspace(0.01, 1.0, grid), "Delta_b": np.linspace(-2.0, 2.0, grid)}
    count = grid * grid * nt
    print(f"## The paper's model: {grid} x {grid} grid (kappa_b, Delta_b) x {nt:,} times\n")
    res = {}
    res['`sweep(..., reduce="max")` of `P_b`, reduced in the kernel'] = timed(
        lambda: cm.sweep(base, t, "P_b", "max", progress=False, **axes), repeats
    )
    res["`sweep`, unreduced `E_b` and `P_b`"] = timed(
        lambda: cm.sweep(base, t, ("E_b", "P_b"), progress=False, **axes), repeats
    )
    try:
        import dask  # noqa: F401

        res["reduced sweep through dask (`chunks=5000`, threads)"] = timed(
            lambda: cm.sweep(base, t, "P_b", "max", chunks=5000, progress=False, **axes), repeats
        )
    except ImportError:
        pass
    res["`compute_map` (sweep + nonreciprocity and EP curves)"] = timed(
        lambda: compute_map(
            cm,
            base,
            ("kappa_b", axes["kappa_b"]),
            ("Delta_b", axes["Delta_b"]),
            t,
            "P_b",
            "max",
            pair=("a", "b"),
            progress=False,
        ),
        repeats,
    )
    small = {k: v[:: max(1, grid // 20)] for k, v in axes.items()}
    t0 = time.perf_counter()
    ref_small = _numpy_loop(cm, base, small, t, _paper_pb_max)
    per_point = (time.perf_counter() - t0) / ref_small.size
    numpy_s = per_point * grid * grid
    reduced = res['`sweep(..., reduce="max")` of `P_b`, reduced in the kernel'][1]
    got_small = reduced["P_b"][:: max(1, grid // 20), :: max(1, grid // 20)]
    err = float(np.max(np.abs(got_small - ref_small)) / np.max(np.abs(ref_small)))
    rows, out = [], []
    for name, (s, _) in res.items():
        rows.append([name, f"{s:.3f} s", rate(count, s), f"{numpy_s / s:.0f}x"])
        out.append({"method": name, "seconds": s, "rate": count / s, "vs_numpy": numpy_s / s})
    rows.append(
        [
            f"NumPy loop over the grid (2x2 propagator; timed on {ref_small.size} points)",
            f"{numpy_s:.2f} s",
            rate(count, numpy_s),
            "1",
        ]
    )
    table(["method", "time", "point-times/s", "vs NumPy loop"], rows)
    print(f"Reduced sweep vs the NumPy loop on the timed points: max rel. diff. {err:.1e}.\n")
    return out


def _star_model(k: int, folder: Path):
    path = folder / f"star{k}.toml"
    path.write_text(star(k))
    return nq.load_model(path, progress=False)


def _star_point(cm, k: int) -> dict:
    """A general point of a star: distinct battery rates, detunings and couplings (the
    defaults are degenerate: identical batteries at an EP)."""
    vals = {"Delta_c": 0.7}
    for i in range(1, k + 1):
        vals[f"kappa_b{i}"] = 0.04 + 0.013 * i
        vals[f"Delta_b{i}"] = 0.1 * i - 0.15
        vals[f"J_b{i}"] = 0.3 + 0.07 * i
        vals[f"theta_b{i}"] = 1.2 + 0.1 * i
    return cm.values(vals)


def section_star_trace(n: int, repeats: int, folder: Path) -> dict:
    cm = _star_model(3, folder)
    vals = _star_point(cm, 3)
    t = np.linspace(0.0, 200.0, n)
    obs = ("E_b1", "E_b2", "E_b3")
    modes = cm.modes_of("effective")
    rows_idx = [modes.index(m) for m in ("b1", "b2", "b3")]

    def numpy_run():
        M, f, om = cm.drift(vals)
        x, _ = numpy_eig(M, f, np.zeros(M.shape[0], complex), t, rows_idx)
        return tuple(om[r] * (x[i].real ** 2 + x[i].imag ** 2) for i, r in enumerate(rows_idx))

    s_np, ref = timed(numpy_run, repeats)
    s_k, tr = timed(lambda: cm.simulate(vals, t, observables=obs), repeats)
    err = rel_error([tr[o] for o in obs], ref)
    print(f"## A 5-mode star (charger, 3 batteries, cavity eliminated): {n:,}-point trace\n")
    table(
        ["method", "time", "points/s", "vs NumPy", "max rel. diff."],
        [
            [
                "NumPy eigen-decomposition (vectorised over t)",
                f"{s_np:.4f} s",
                rate(n, s_np),
                "1",
                "",
            ],
            [
                "fused `simulate`, three battery energies",
                f"{s_k:.4f} s",
                rate(n, s_k),
                f"**{s_np / s_k:.1f}x**",
                f"{err:.1e}",
            ],
        ],
    )
    return {"numpy": s_np, "kernel": s_k, "ratio": s_np / s_k, "error": err}


def _star_pb_max(cm, vals, t):
    M, f, om = cm.drift(vals)
    modes = cm.modes_of("effective")
    i = modes.index("b1")
    x, dx = numpy_eig(M, f, np.zeros(M.shape[0], complex), t, [i], need_rate=True)
    return (2 * om[i] * (x[0].conj() * dx[0]).real).max()


def section_star_sweep(grid: int, nt: int, repeats: int, folder: Path) -> dict:
    cm = _star_model(2, folder)
    base = _star_point(cm, 2)
    t = np.linspace(0.0, 30.0, nt)
    axes = {"J_b1": np.linspace(0.05, 1.0, grid), "Delta_b1": np.linspace(-2.0, 2.0, grid)}
    s_k, sw = timed(lambda: cm.sweep(base, t, "P_b1", "max", progress=False, **axes), repeats)
    step = max(1, grid // 25)
    small = {k: v[::step] for k, v in axes.items()}
    t0 = time.perf_counter()
    ref = _numpy_loop(cm, base, small, t, _star_pb_max)
    s_np = (time.perf_counter() - t0) / ref.size * grid * grid
    err = float(np.max(np.abs(sw["P_b1"][::step, ::step] - ref)) / np.max(np.abs(ref)))
    count = grid * grid * nt
    print(
        f"## A two-battery star: {grid} x {grid} grid (J_b1, Delta_b1) x {nt} times, max of P_b1\n"
    )
    table(
        ["method", "time", "point-times/s", "vs NumPy loop", "max rel. diff."],
        [
            [
                f"NumPy loop, eigen-decomposition per point (timed on {ref.size} points)",
                f"{s_np:.2f} s",
                rate(count, s_np),
                "1",
                "",
            ],
            [
                '`CompiledModel.sweep(..., reduce="max")`',
                f"{s_k:.3f} s",
                rate(count, s_k),
                f"**{s_np / s_k:.0f}x**",
                f"{err:.1e}",
            ],
        ],
    )
    return {"numpy": s_np, "kernel": s_k, "ratio": s_np / s_k, "error": err}


_LOAD_SCRIPT = r"""
import json, sys, time
t0 = time.perf_counter()
import numpy as np
import nrqb_sym as nq
from nrqb_sym.codegen.pedigree import model_digest
from nrqb_sym.derive.pipeline import cached_derive
from nrqb_sym.model.spec import load_spec
path = sys.argv[1]
t1 = time.perf_counter()
spec = load_spec(path)
cached_derive(spec, model_digest(open(path).read()))
t2 = time.perf_counter()
cm = nq.load_model(path, progress=False)
t3 = time.perf_counter()
vals = cm.values({"n_c": 0.1})
t = np.linspace(0, 20, 2001)
cm.simulate(vals, t[:3])
t4 = time.perf_counter()
best_g = min((lambda s: (cm.simulate(vals, t), time.perf_counter() - s)[1])(time.perf_counter()) for _ in range(3))
cold = cm.values({"n_c": 0.0})
cm.simulate(cold, t[:3])
best_c = min((lambda s: (cm.simulate(cold, t), time.perf_counter() - s)[1])(time.perf_counter()) for _ in range(3))
size = (cm.folder / "kernels.py").stat().st_size if (cm.folder / "kernels.py").exists() else None
print(json.dumps({"import": t1 - t0, "derive": t2 - t1, "generate_compile": t3 - t2,
                  "first_simulate": t4 - t3, "gaussian_trace": best_g, "coherent_trace": best_c,
                  "kernel_bytes": size, "load": t3 - t1}))
"""


def _fresh(args: list[str], env: dict | None = None) -> dict:
    t0 = time.perf_counter()
    res = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=tempfile.gettempdir()
    )
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-2000:])
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out["process"] = time.perf_counter() - t0
    return out


def fit_exponent(n, y) -> float:
    return float(np.polyfit(np.log(np.asarray(n, float)), np.log(np.asarray(y, float)), 1)[0])


def section_scaling(sizes: list[int], folder: Path, plot: Path | None) -> dict:
    print("## Cost against the number of modes N (stars of N - 2 batteries)\n")
    print(
        "Load = derivation + generation + compilation of the model's kernels from an empty "
        "model cache, in a fresh process (the shared passes were compiled before, once per "
        "installation). Traces: 2,001 points, every observable, effective model.\n"
    )
    rows, data = [], []
    for N in sizes:
        k = N - 2
        path = folder / f"scale_star{k}.toml"
        path.write_text(star(k))
        cache = folder / f"cache{k}"
        env = dict(os.environ, NRQB_CACHE_DIR=str(cache))
        d = _fresh(["-c", _LOAD_SCRIPT, str(path)], env)
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(folder / f"scale_star{k}.nrqb", ignore_errors=True)
        d["N"] = N
        data.append(d)
        kb = f"{d['kernel_bytes'] / 1024:.0f} KiB" if d["kernel_bytes"] else "n/a"
        rows.append(
            [
                str(N),
                f"{d['derive']:.2f} s",
                f"{d['generate_compile']:.2f} s",
                f"**{d['load']:.1f} s**",
                kb,
                f"{d['gaussian_trace'] * 1e3:.1f} ms",
                f"{d['coherent_trace'] * 1e3:.2f} ms",
            ]
        )
        print(f"  N = {N}: load {d['load']:.1f} s", file=sys.stderr)
    table(
        [
            "N",
            "derive",
            "generate + compile",
            "load",
            "kernel module",
            "Gaussian trace",
            "coherent trace",
        ],
        rows,
    )
    big = [d for d in data if d["N"] >= 9] or data
    fits = {
        "load": fit_exponent([d["N"] for d in big], [d["load"] for d in big]),
        "gaussian_trace": fit_exponent([d["N"] for d in big], [d["gaussian_trace"] for d in big]),
        "coherent_trace": fit_exponent([d["N"] for d in big], [d["coherent_trace"] for d in big]),
        "kernel_bytes": fit_exponent([d["N"] for d in big], [d["kernel_bytes"] or 1 for d in big]),
    }
    print(
        "Fitted exponents (cost ~ N^p, least squares in log-log over N >= 9): "
        + ", ".join(f"{k} p = {v:.2f}" for k, v in fits.items())
        + ".\n"
    )
    if plot is not None:
        plot_scaling(data, fits, plot)
        print(f"![cost against N]({plot.relative_to(ROOT)})\n")
    return {"rows": data, "fits": fits}


def plot_scaling(data: list[dict], fits: dict[str, float], plot: Path) -> None:
    """Load and trace times against N on log-log axes, the fitted exponents in the legend
    (``python benchmarks/bench.py --replot FILE.json`` redraws it from a saved run)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter

    Ns = [d["N"] for d in data]
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for key, label, marker in (
        ("load", "load (derive + generate + compile) [s]", "o"),
        ("gaussian_trace", "Gaussian trace, 2,001 points [s]", "s"),
        ("coherent_trace", "coherent trace, 2,001 points [s]", "^"),
    ):
        y = [d[key] for d in data]
        ax.loglog(Ns, y, marker=marker, label=f"{label}: p = {fits[key]:.2f}")
    ax.set_xticks(Ns, [str(n) for n in Ns])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("number of modes N")
    ax.set_ylabel("seconds")
    ax.set_title("cost against model size (stars around one cavity)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(plot, dpi=110)
    plt.close(fig)


_COLD_SCRIPT = r"""
import json, time
t0 = time.perf_counter()
import nrqb_sym
t1 = time.perf_counter()
m = nrqb_sym.load_model()
t2 = time.perf_counter()
import numpy as np
m.simulate(m.preset("nonreciprocal"), np.linspace(0, 10, 101))
t3 = time.perf_counter()
import sys
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "simulate": t3 - t2, "total": t3 - t0,
                  "sympy": "sympy" in sys.modules}))
"""

_COMPILE_SCRIPT = r"""
import json, time
from nrqb_sym.runtime import numerics as nm
out = {}
for name in ("coherent_trace", "coherent_sweep", "gaussian_trace", "gaussian_sweep", "classify",
             "drift_entry"):
    t0 = time.perf_counter(); nm.kernel(name); out[name] = time.perf_counter() - t0
for n in (2,):
    for name in ("coherent_trace", "coherent_sweep"):
        t0 = time.perf_counter(); nm.kernel(name, n); out[f"{name} ({n} modes, unrolled)"] = time.perf_counter() - t0
print(json.dumps(out))
"""


def section_cold(runs: int, compile_cold: bool) -> dict:
    print("## Cold start\n")
    _fresh(["-c", _COLD_SCRIPT])
    warm = [_fresh(["-c", _COLD_SCRIPT]) for _ in range(runs)]
    med = {
        k: float(np.median([w[k] for w in warm])) for k in ("import", "load", "simulate", "total")
    }
    proc = float(np.median([w["process"] for w in warm]))
    rows = [
        ["`import nrqb_sym`", f"{med['import']:.3f} s"],
        ["`load_model()` (the paper's nrqb.toml, kernels exist)", f"{med['load']:.3f} s"],
        ["first `simulate` (101 points, warm Numba cache)", f"{med['simulate']:.3f} s"],
        ["**together**", f"**{med['total']:.3f} s**"],
        ["whole process (interpreter start included)", f"{proc:.3f} s"],
        ["SymPy imported", str(any(w["sympy"] for w in warm))],
    ]
    out = {"warm": med, "process": proc}
    if compile_cold:
        cache = tempfile.mkdtemp(prefix="nrqb-bench-numba-")
        try:
            env = dict(
                os.environ, NUMBA_CACHE_DIR=cache, NRQB_CACHE_DIR=os.path.join(cache, "nrqb")
            )
            c = _fresh(["-c", _COMPILE_SCRIPT], env)
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        total = sum(v for k, v in c.items() if k != "process")
        for k, v in c.items():
            if k != "process":
                rows.append([f"one-time compile (empty Numba cache): `{k}`", f"{v:.1f} s"])
        rows.append(["one-time compile, all of the above", f"**{total:.0f} s**"])
        out["compile"] = c
    table(["step (median of fresh processes)", "time"], rows)
    return out


def section_qutip(target: float, max_cutoff: int) -> None:
    try:
        from nrqb_sym.runtime.validate import qutip_moments
    except ImportError:
        return
    try:
        import qutip  # noqa: F401
    except ImportError:
        print("## QuTiP\n\nqutip is not installed; skipped.\n")
        return
    cm = nq.load_model()
    vals = cm.preset("nonreciprocal", g_a=1.0, g_b=1.0, kappa_c=10.0, F=0.05)
    t = np.linspace(0.0, 10.0, 201)
    s_k, tr = timed(lambda: cm.simulate(vals, t, model="full"), 3)
    rows = []
    for cutoff in range(2, max_cutoff + 1):
        t0 = time.perf_counter()
        q, _ = qutip_moments(cm.spec, vals, t, cutoff=cutoff, check_truncation=False)
        s_q = time.perf_counter() - t0
        err = max(
            float(np.max(np.abs(q[f"<{m}'{m}>"] - tr.occupation[m])) / np.max(tr.occupation[m]))
            for m in ("a", "b")
        )
        rows.append([str(cutoff), f"{s_q:.2f} s", f"{err:.1e}", f"{s_q / s_k:,.0f}x"])
        if err <= target:
            break
    print(
        f"## The paper's full model against qutip.mesolve (201 times; kernels {s_k * 1e3:.2f} ms)\n"
    )
    table(
        ["Fock cutoff", "qutip.mesolve", "rel. deviation of <a'a>, <b'b>", "kernels faster by"],
        rows,
    )


def machine() -> None:
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or platform.machine()
    print("## Machine\n")
    print(f"* CPU: {cpu}; `os.cpu_count()` = {os.cpu_count()}")
    print(
        f"* Numba threads: {numba.get_num_threads()}; Numba {numba.__version__}, NumPy {np.__version__}"
    )
    print(f"* load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="smaller sizes, no cold compile, N <= 17")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the numbers as JSON")
    ap.add_argument("--no-qutip", action="store_true")
    ap.add_argument("--no-compile", action="store_true", help="skip the empty-cache compile")
    ap.add_argument("--replot", type=Path, help="redraw docs/cost_vs_modes.png from a --json file")
    args = ap.parse_args(argv)
    if args.replot:
        saved = json.loads(args.replot.read_text())["scaling"]
        plot_scaling(saved["rows"], saved["fits"], ROOT / "docs" / "cost_vs_modes.png")
        return 0
    quick = args.quick
    n = 200_000 if quick else 2_000_000
    sizes = [3, 5, 9, 17] if quick else [3, 5, 9, 17, 33, 65]
    results = {}
    machine()
    bw = bandwidth(8 * n * 4, args.repeats)
    print("## Memory bandwidth\n")
    table(
        ["parallel write (Numba, all threads)", "GB/s"],
        [
            ["into touched memory", f"{bw['touched'] / 1e9:.1f}"],
            ["into fresh memory", f"{bw['fresh'] / 1e9:.1f}"],
        ],
    )
    results["bandwidth"] = bw
    results["paper_trace"] = section_paper_trace(n, args.repeats, bw)
    results["paper_sweep"] = section_paper_sweep(40 if quick else 200, 1000, args.repeats)
    with tempfile.TemporaryDirectory(prefix="nrqb-bench-") as tmp:
        folder = Path(tmp)
        results["star_trace"] = section_star_trace(n, args.repeats, folder)
        results["star_sweep"] = section_star_sweep(30 if quick else 100, 500, args.repeats, folder)
        plot = None if quick else ROOT / "docs" / "cost_vs_modes.png"
        results["scaling"] = section_scaling(sizes, folder, plot)
    results["cold"] = section_cold(3, not (quick or args.no_compile))
    if not (quick or args.no_qutip):
        section_qutip(1e-6, 7)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
