#!/usr/bin/env python
r"""Throughput of the generated kernels against NumPy, lambdify and solve_ivp (a script, not a test).

One run measures, for a time trace ``t = linspace(0, 200, N)`` (``N = 2,000,000`` by default) at
two parameter points -- the ``nonreciprocal`` preset (which sits on an exceptional point) and a
general point with every detuning nonzero and ``theta != pi/2`` --

1. the generated kernels: ``nrqb_sym.simulate`` and the raw ``effective_trace`` (wrapper overhead);
2. a hand-vectorised NumPy propagator ``x(t) = x_ss + e^{Mt}(0 - x_ss)`` with
   ``e^{Mt} = e^{tau t}[cosh(st) I + sinh(st)/s (M - tau I)]``, ``M, f`` from ``effective_drift``;
3. ``sympy.lambdify(..., "numpy")`` of ``derive().solutions.x``, ``.energies`` and ``.power``
   (plain, and with ``cse=True``);
4. ``scipy.integrate.solve_ivp`` (DOP853) on the first moments as a real 4-dim linear system,
   with ``t_eval`` the full grid (no scaling),

each after a warm-up call: best and median wall time of ``--repeats`` calls, points/s, time relative
to the raw kernel, and the largest deviation from the raw kernel over
``(alpha, beta, E_A, E_B, P_B)``, each as ``max_t |x - x_kernel| / max_t |x_kernel|`` (a pointwise
relative error is undefined at ``t = 0``, where every output vanishes).

Then cold-start costs in fresh subprocesses (``import nrqb_sym`` + first ``simulate`` with a warm
and with an empty Numba cache; ``nrqb_sym.derive()``) and diagnostics of where the kernel's time
goes (thread scaling, special-function cost, per-point recomputation of time-independent terms).
Everything is printed as Markdown.

Usage::

    python benchmarks/bench.py                 # full run, 2,000,000 points (~3 min)
    python benchmarks/bench.py --points 200000 --no-cold-start
"""

from __future__ import annotations

import argparse
import cmath
import inspect
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import warnings

import numba
import numpy as np
import scipy
import sympy as sp
from nrqb_sym_generated import effective as eff
from numba import njit, prange
from scipy.integrate import solve_ivp

import nrqb_sym as nq
from nrqb_sym.derive import solutions as sol_mod
from nrqb_sym.runtime import numerics
from nrqb_sym.runtime import simulation as runtime

OUTPUTS = ("alpha", "beta", "E_A", "E_B", "P_B")
T_END = 200.0
I_OMEGA_A = eff.PARAMETERS.index("omega_a")
I_OMEGA_B = eff.PARAMETERS.index("omega_b")


# --------------------------------------------------------------------------------------------
# parameter points and timing helpers


def parameter_points() -> dict[str, nq.Params]:
    return {
        "nonreciprocal preset": nq.preset("nonreciprocal"),
        # every detuning nonzero and theta != pi/2 (no longer nonreciprocal: M12 != 0)
        "general": nq.preset("nonreciprocal", Delta_a=0.3, Delta_b=-0.2, Delta_c=5.0, theta=1.2),
    }


#: a timed call counts as disturbed when other processes used more cores than this meanwhile
DISTURBED = 0.25


def timed(fn, repeats: int):
    """Warm-up call, then timed calls until ``repeats`` of them ran undisturbed by other processes
    (at most ``4 * repeats`` calls).  Returns (best, median, result of the last call, disturbed):
    ``disturbed`` is True when fewer than ``repeats`` clean calls were obtained, and the figures
    then come from every call."""
    out = fn()
    clean: list[float] = []
    dirty: list[float] = []
    for _ in range(4 * repeats):
        del out
        load = OtherLoad()
        t0 = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t0
        # calls under 0.1 s are not checked: /proc/stat counts in 10-ms ticks
        (clean if dt < 0.1 or load.cores() < DISTURBED else dirty).append(dt)
        if len(clean) >= repeats:
            break
    disturbed = len(clean) < repeats
    times = clean + dirty if disturbed else clean
    return min(times), statistics.median(times), out, disturbed


def max_rel_error(out, ref) -> float:
    """max over outputs of max_t |x - x_ref| / max_t |x_ref|."""
    worst = 0.0
    for x, r in zip(out, ref, strict=True):
        scale = float(np.max(np.abs(r)))
        diff = float(np.max(np.abs(np.asarray(x) - r)))
        worst = max(worst, diff / scale if scale > 0 else diff)
    return worst


def drift(pa: np.ndarray):
    """M (2x2 complex) and f from the generated effective_drift kernel."""
    M11, M12, M21, M22, f1, f2 = eff.effective_drift(pa)
    return np.array([[M11, M12], [M21, M22]], dtype=complex), np.array([f1, f2], dtype=complex)


# --------------------------------------------------------------------------------------------
# the methods; each returns (alpha, beta, E_A, E_B, P_B) over t


def kernel_raw(p: nq.Params, t: np.ndarray):
    return eff.effective_trace(p.array(), t)


def kernel_uniform(p: nq.Params, t: np.ndarray):
    dt = (t[-1] - t[0]) / (t.size - 1)
    return eff.effective_trace_uniform(p.array(), t[0], dt, t.size)


def kernel_simulate(p: nq.Params, t: np.ndarray):
    tr = nq.simulate(p, t)
    return tr.alpha, tr.beta, tr.E_A, tr.E_B, tr.P_B


def numpy_propagator(p: nq.Params, t: np.ndarray):
    """e^{Mt} = e^{tau t}[cosh(st) I + sinh(st)/s (M - tau I)] applied to 0 - x_ss."""
    pa = p.array()
    M, f = drift(pa)
    x_ss = -np.linalg.solve(M, f)
    tau = 0.5 * np.trace(M)
    s = 0.5 * np.sqrt(complex((M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0]))
    v = -x_ss  # x(0) - x_ss from vacuum
    u = M @ v - tau * v  # (M - tau I) v, time independent
    e = np.exp(tau * t)
    if s == 0:  # sinh(st)/s -> t exactly at an exceptional point
        ch, sh = 1.0, t
    else:
        st = s * t
        ch, sh = np.cosh(st), np.sinh(st) / s
    alpha = x_ss[0] + e * (ch * v[0] + sh * u[0])
    beta = x_ss[1] + e * (ch * v[1] + sh * u[1])
    E_A = pa[I_OMEGA_A] * (alpha.real**2 + alpha.imag**2)
    E_B = pa[I_OMEGA_B] * (beta.real**2 + beta.imag**2)
    dbeta = M[1, 0] * alpha + M[1, 1] * beta + f[1]
    P_B = 2 * pa[I_OMEGA_B] * (beta.conj() * dbeta).real
    return alpha, beta, E_A, E_B, P_B


def _np_expsinhc(x, w):
    r"""e^x sinh(sqrt w)/sqrt w with a complex root; 1 where the root is exactly 0."""
    r = np.sqrt(np.asarray(w, dtype=complex))
    zero = r == 0
    return np.exp(x) * np.where(zero, 1.0, np.sinh(r) / np.where(zero, 1.0, r))


def _np_expm1cosh(x, w):
    r"""e^x cosh(sqrt w) - 1 with a complex root (naive: no expm1 at small arguments)."""
    return np.exp(x) * np.cosh(np.sqrt(np.asarray(w, dtype=complex))) - 1.0


LAMBDIFY_MODULES = [{"expsinhc": _np_expsinhc, "expm1cosh": _np_expm1cosh}, "numpy"]


def make_lambdified(derivation, cse: bool):
    """NumPy functions of the derived solution: (t, *params) -> x and (alpha, beta, *params) ->
    (E_A, E_B, P_B)."""
    s = derivation.solutions
    syms = [derivation.params[n] for n in eff.PARAMETERS]
    fx = sp.lambdify([sol_mod.t, *syms], [s.x[0], s.x[1]], modules=LAMBDIFY_MODULES, cse=cse)
    fe = sp.lambdify(
        [sol_mod.alpha, sol_mod.beta, *syms],
        [s.energies["E_A"], s.energies["E_B"], s.power],
        modules=LAMBDIFY_MODULES,
        cse=cse,
    )

    def run(p: nq.Params, t: np.ndarray):
        args = p.array().tolist()
        with np.errstate(all="ignore"):
            alpha, beta = fx(t, *args)
            E_A, E_B, P_B = fe(alpha, beta, *args)
        return alpha, beta, np.real(E_A), np.real(E_B), np.real(P_B)

    return run


def make_solve_ivp(rtol: float, atol: float, info: dict):
    """First moments as a real linear system d/dt (Re a, Re b, Im a, Im b) = A y + c."""

    def run(p: nq.Params, t: np.ndarray):
        pa = p.array()
        M, f = drift(pa)
        A = np.block([[M.real, -M.imag], [M.imag, M.real]])
        c = np.concatenate([f.real, f.imag])
        sol = solve_ivp(
            lambda _t, y: A @ y + c,
            (0.0, float(t[-1])),
            np.zeros(4),
            method="DOP853",
            t_eval=t,
            rtol=rtol,
            atol=atol,
        )
        if not sol.success:
            raise RuntimeError(sol.message)
        info["nfev"] = sol.nfev
        alpha = sol.y[0] + 1j * sol.y[2]
        beta = sol.y[1] + 1j * sol.y[3]
        E_A = pa[I_OMEGA_A] * np.abs(alpha) ** 2
        E_B = pa[I_OMEGA_B] * np.abs(beta) ** 2
        P_B = 2 * pa[I_OMEGA_B] * (beta.conj() * (M[1, 0] * alpha + M[1, 1] * beta + f[1])).real
        return alpha, beta, E_A, E_B, P_B

    return run


# --------------------------------------------------------------------------------------------
# diagnostic kernels (not package code): where does the generated kernel spend its time?


@njit(parallel=True, error_model="numpy")
def _diag_special_only(x, w, t):
    """Only the two entire functions per point, arguments as in the kernel (x = tau t, w t^2)."""
    n = t.shape[0]
    out = np.empty(n, dtype=np.complex128)
    for i in prange(n):
        ti = t[i]
        out[i] = numerics.expm1cosh(x * ti, w * ti * ti) + numerics.expsinhc(x * ti, w * ti * ti)
    return out


@njit(parallel=True, error_model="numpy")
def _diag_outputs_only(t):
    """Allocation and writing of the five output arrays, no arithmetic."""
    n = t.shape[0]
    a = np.empty(n, dtype=np.complex128)
    b = np.empty(n, dtype=np.complex128)
    ea = np.empty(n, dtype=np.float64)
    eb = np.empty(n, dtype=np.float64)
    pb = np.empty(n, dtype=np.float64)
    for i in prange(n):
        a[i] = t[i]
        b[i] = t[i]
        ea[i] = t[i]
        eb[i] = t[i]
        pb[i] = t[i]
    return a, b, ea, eb, pb


@njit(parallel=True, error_model="numpy")
def _diag_cexp(z, t):
    n = t.shape[0]
    out = np.empty(n, dtype=np.complex128)
    for i in prange(n):
        out[i] = cmath.exp(z * t[i])
    return out


@njit(inline="always", error_model="numpy")
def _exp_and_expm1(z):
    """(e^z, e^z - 1) from one exp, one expm1 and one sin/cos pair of half the angle."""
    a = z.real
    sh = math.sin(0.5 * z.imag)
    ch = math.cos(0.5 * z.imag)
    sb = 2.0 * sh * ch
    cb = 1.0 - 2.0 * sh * sh
    ea = math.exp(a)
    return complex(ea * cb, ea * sb), complex(math.expm1(a) * cb - 2.0 * sh * sh, ea * sb)


_SINHC = tuple(1.0 / math.factorial(2 * k + 1) for k in range(9))


@njit(inline="always", error_model="numpy")
def _sinhc_horner(w):
    """sum_k w^k/(2k+1)!, k <= 8, by Horner with real coefficients (no complex division)."""
    total = _SINHC[8] + 0j
    for k in range(7, -1, -1):
        total = total * w + _SINHC[k]
    return total


@njit(inline="always", error_model="numpy")
def _fused_special(x, r):
    """(e^x cosh r - 1, e^x sinh(r)/r) for r = sqrt(w) t with sqrt(w) computed once: the two
    functions share e^{x +- r} (2 exp + 2 expm1 + 2 sin/cos pairs instead of 6 exp/expm1 and 10
    sin/cos, no complex sqrt per point); near r = 0 the same series as the package, sharing e^x."""
    if abs(r) < 0.1:  # |w t^2| < 1e-2, the package's series radius
        w = r * r
        ex, exm1 = _exp_and_expm1(x)
        h = _sinhc_horner(0.25 * w)
        return exm1 + ex * (0.5 * w) * h * h, ex * _sinhc_horner(w)
    ep, em1p = _exp_and_expm1(x + r)
    em, em1m = _exp_and_expm1(x - r)
    return 0.5 * (em1p + em1m), (ep - em) / (2.0 * r)


@njit(inline="always", error_model="numpy")
def _write(i, a, b, M21, M22, f2, omega_a, omega_b, o_a, o_b, o_ea, o_eb, o_pb):
    o_a[i] = a
    o_b[i] = b
    o_ea[i] = omega_a * (a.real * a.real + a.imag * a.imag)
    o_eb[i] = omega_b * (b.real * b.real + b.imag * b.imag)
    o_pb[i] = 2.0 * omega_b * (b.conjugate() * (M21 * a + M22 * b + f2)).real


@njit(parallel=True, error_model="numpy")
def _diag_hoisted_kernel(tau, w, s, xa, xb, ga, gb, M21, M22, f2, omega_a, omega_b, fused, t):
    """The package's propagator form x = -C x_ss + S (f + tau x_ss), every time-independent
    quantity computed once; ``fused`` selects the shared-exponential special functions."""
    n = t.shape[0]
    o_a = np.empty(n, dtype=np.complex128)
    o_b = np.empty(n, dtype=np.complex128)
    o_ea = np.empty(n, dtype=np.float64)
    o_eb = np.empty(n, dtype=np.float64)
    o_pb = np.empty(n, dtype=np.float64)
    for i in prange(n):
        ti = t[i]
        if fused:
            C, S = _fused_special(tau * ti, s * ti)
        else:
            C = numerics.expm1cosh(tau * ti, w * ti * ti)
            S = numerics.expsinhc(tau * ti, w * ti * ti)
        S = S * ti
        a = -C * xa + S * ga
        b = -C * xb + S * gb
        _write(i, a, b, M21, M22, f2, omega_a, omega_b, o_a, o_b, o_ea, o_eb, o_pb)
    return o_a, o_b, o_ea, o_eb, o_pb


@njit(parallel=True, error_model="numpy")
def _diag_recurrence(tau, s, xa, xb, ga, gb, Phi, M21, M22, f2, omega_a, omega_b, t0, dt, n, blk):
    """Uniform grid only: x_{k+1} - x_ss = Phi (x_k - x_ss) with Phi = e^{M dt}, restarted from
    the direct (fused) formula every ``blk`` points so rounding cannot accumulate."""
    o_a = np.empty(n, dtype=np.complex128)
    o_b = np.empty(n, dtype=np.complex128)
    o_ea = np.empty(n, dtype=np.float64)
    o_eb = np.empty(n, dtype=np.float64)
    o_pb = np.empty(n, dtype=np.float64)
    nblk = (n + blk - 1) // blk
    for j in prange(nblk):
        i0 = j * blk
        ti = t0 + i0 * dt
        C, S = _fused_special(tau * ti, s * ti)
        S = S * ti
        da = -C * xa + S * ga - xa
        db = -C * xb + S * gb - xb
        for i in range(i0, min(i0 + blk, n)):
            _write(i, xa + da, xb + db, M21, M22, f2, omega_a, omega_b, o_a, o_b, o_ea, o_eb, o_pb)
            da, db = Phi[0, 0] * da + Phi[0, 1] * db, Phi[1, 0] * da + Phi[1, 1] * db
    return o_a, o_b, o_ea, o_eb, o_pb


def _hoisted_constants(p: nq.Params):
    pa = p.array()
    M, f = drift(pa)
    tau, _det, D, _lp, _lm = eff.effective_spectrum(pa)
    xa, xb, _ea, _eb = eff.effective_steady(pa)
    tau, w, xa, xb = complex(tau), complex(D) / 4, complex(xa), complex(xb)
    return pa, M, f, tau, w, cmath.sqrt(w), xa, xb, f[0] + tau * xa, f[1] + tau * xb


def hoisted_kernel(p: nq.Params, t: np.ndarray, fused: bool):
    pa, M, f, tau, w, s, xa, xb, ga, gb = _hoisted_constants(p)
    oa, ob = pa[I_OMEGA_A], pa[I_OMEGA_B]
    return _diag_hoisted_kernel(tau, w, s, xa, xb, ga, gb, M[1, 0], M[1, 1], f[1], oa, ob, fused, t)


def recurrence_kernel(p: nq.Params, t: np.ndarray, block: int = 256):
    """Only valid for a uniform grid (the benchmark's linspace)."""
    pa, M, f, tau, w, s, xa, xb, ga, gb = _hoisted_constants(p)
    dt = (t[-1] - t[0]) / (t.shape[0] - 1)
    Phi = numerics.expm(np.ascontiguousarray(M * dt))
    oa, ob = pa[I_OMEGA_A], pa[I_OMEGA_B]
    return _diag_recurrence(
        tau, s, xa, xb, ga, gb, Phi, M[1, 0], M[1, 1], f[1], oa, ob, t[0], dt, t.shape[0], block
    )


def generated_with_hoisted_w():
    """The generated ``effective_evaluate`` with its ``w t^2`` argument split: ``w`` (a long
    time-independent polynomial quotient the kernel recomputes at every t) evaluated once.

    Built from the generated source at run time; returns ``None`` if its shape changed."""
    src = inspect.getsource(eff.effective_evaluate.py_func)
    lines = src.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("def "))
    body = lines[start + 1 :]
    pattern = re.compile(r"^(\s+)(\w+) = t\*\*2\*(.+)$")
    for k, ln in enumerate(body):  # noqa: B007 - k is used after the loop
        m = pattern.match(ln)
        if m and not re.search(r"\bt\b", m.group(3)):
            break
    else:
        return None
    indent, name, rest = m.groups()
    w_src = "\n".join(["def _w_of(p, hr, hc, t):", *body[:k], f"{indent}return complex({rest})"])
    ev_src = "\n".join(
        [
            "def _evaluate_w(p, hr, hc, t, W):",
            *body[:k],
            f"{indent}{name} = t**2*W",
            *body[k + 1 :],
        ]
    )
    trace_src = textwrap.dedent(
        """
        def _trace_w(p, t):
            hr, hc = effective_prepare(p)
            W = _w_of(p, hr, hc, 1.0)
            n = t.shape[0]
            o0 = np.empty(n, dtype=np.complex128)
            o1 = np.empty(n, dtype=np.complex128)
            o2 = np.empty(n, dtype=np.float64)
            o3 = np.empty(n, dtype=np.float64)
            o4 = np.empty(n, dtype=np.float64)
            for i in prange(n):
                r = _evaluate_w(p, hr, hc, t[i], W)
                o0[i] = r[0]
                o1[i] = r[1]
                o2[i] = r[2]
                o3[i] = r[3]
                o4[i] = r[4]
            return o0, o1, o2, o3, o4
        """
    )
    ns = dict(vars(eff))
    for fname, code, parallel in (
        ("_w_of", w_src, False),
        ("_evaluate_w", ev_src, False),
        ("_trace_w", trace_src, True),
    ):
        exec(code, ns)  # noqa: S102 - benchmark-only transform of generated source
        ns[fname] = njit(parallel=parallel, error_model="numpy")(ns[fname])
    return lambda p, t: ns["_trace_w"](p.array(), t)


# --------------------------------------------------------------------------------------------
# cold start in fresh processes

_COLD_SCRIPT = """
import json, time
t0 = time.perf_counter()
import numpy as np
import nrqb_sym
t1 = time.perf_counter()
tr = nrqb_sym.simulate(nrqb_sym.preset("nonreciprocal"), np.linspace(0.0, 200.0, {n}))
t2 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "simulate": t2 - t1}}))
"""

_DERIVE_SCRIPT = """
import json, time
t0 = time.perf_counter()
import nrqb_sym
t1 = time.perf_counter()
nrqb_sym.derive()
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "derive": t2 - t1}))
"""


def _fresh(script: str, env: dict | None = None) -> dict:
    t0 = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
        check=True,
    )
    wall = time.perf_counter() - t0
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out["process"] = wall
    return out


def cold_start(runs: int, n_first: int) -> list[tuple[str, str]]:
    script = _COLD_SCRIPT.format(n=n_first)
    _fresh(script)  # warms the Numba cache if it is not already
    warm = [_fresh(script) for _ in range(runs)]
    rows = []

    def med(key, data):
        return statistics.median(d[key] for d in data)

    rows.append(
        ("`import nrqb_sym` (fresh process, warm Numba cache)", f"{med('import', warm):.3f} s")
    )
    rows.append(
        (
            f"first `simulate` ({n_first} points), warm Numba cache",
            f"{med('simulate', warm):.3f} s",
        )
    )
    rows.append(
        (
            "whole process (interpreter + import + first simulate), warm cache",
            f"{med('process', warm):.3f} s",
        )
    )
    cache = tempfile.mkdtemp(prefix="nrqb-bench-numba-")
    try:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        cold = _fresh(script, env)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    rows.append(
        (
            "first `simulate`, empty Numba cache (`NUMBA_CACHE_DIR` = new folder: JIT compile)",
            f"{cold['simulate']:.2f} s",
        )
    )
    d = _fresh(_DERIVE_SCRIPT)
    rows.append(("`nrqb_sym.derive()` (fresh process, after import)", f"{d['derive']:.2f} s"))
    return rows


# --------------------------------------------------------------------------------------------


def fmt_rate(n: int, seconds: float) -> str:
    return f"{n / seconds / 1e6:.2f} M"


def fmt_err(e: float) -> str:
    return "0 (same kernel)" if e == 0 else f"{e:.1e}"


class OtherLoad:
    """CPU time used by *other* processes while a section runs (Linux ``/proc/stat``), in cores:
    busy CPU time of the machine minus this process's (and its waited children's) CPU time."""

    def __init__(self):
        self.ok = os.path.exists("/proc/stat")
        self.start()

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

    def start(self):
        if self.ok:
            self.t0, self.b0, self.o0 = time.perf_counter(), self._busy(), self._own()

    def cores(self) -> float:
        """Average number of cores other processes kept busy since start()."""
        if not self.ok:
            return float("nan")
        wall = time.perf_counter() - self.t0
        other = (self._busy() - self.b0) - (self._own() - self.o0)
        return max(other, 0.0) / wall if wall > 0 else 0.0


def wait_idle(limit: float, threshold: float = 0.1) -> float:
    """Wait (up to ``limit`` s) for a 2-s window in which other processes use < ``threshold``
    cores; returns the last measured value."""
    deadline = time.perf_counter() + limit
    while True:
        mon = OtherLoad()
        time.sleep(2.0)
        load = mon.cores()
        if not mon.ok or load < threshold or time.perf_counter() > deadline:
            return load


def machine_lines() -> list[str]:
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        affinity = os.cpu_count()
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return [
        f"* CPU: {cpu}; `os.cpu_count()` = {os.cpu_count()}, usable (affinity) = {affinity}",
        f"* Numba threads: `numba.get_num_threads()` = {numba.get_num_threads()}, "
        f"threading layer `{numba.threading_layer()}`",
        f"* Python {platform.python_version()}, NumPy {np.__version__}, Numba {numba.__version__}, "
        f"SciPy {scipy.__version__}, SymPy {sp.__version__}",
        f"* load average at start (1, 5, 15 min): {load}",
    ]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--points", type=int, default=2_000_000, help="trace length (default 2e6)")
    ap.add_argument("--repeats", type=int, default=5, help="timed calls per method (default 5)")
    ap.add_argument("--ivp-rtol", type=float, default=1e-10, help="solve_ivp rtol (1e-10)")
    ap.add_argument("--ivp-atol", type=float, default=1e-12, help="solve_ivp atol (1e-12)")
    ap.add_argument("--no-cold-start", action="store_true", help="skip the subprocess timings")
    ap.add_argument("--no-diagnostics", action="store_true", help="skip the diagnostic kernels")
    ap.add_argument(
        "--wait-idle",
        type=float,
        default=300.0,
        help="wait up to this many seconds for other processes to leave the CPUs idle (300)",
    )
    args = ap.parse_args(argv)
    if args.points < 2 or args.repeats < 1:
        ap.error("need --points >= 2 and --repeats >= 1")

    warnings.simplefilter("ignore", nq.EliminationWarning)
    idle_before = wait_idle(args.wait_idle) if args.wait_idle > 0 else float("nan")
    monitor = OtherLoad()
    n = args.points
    t = np.linspace(0.0, T_END, n)
    points = parameter_points()
    eff.effective_trace(points["general"].array(), t[:4])  # so threading_layer() is set
    threads = numba.get_num_threads()

    print(f"# nrqb_sym throughput benchmark: {n:,} time points, t in [0, {T_END:g}]\n")
    print("\n".join(machine_lines()))
    if not math.isnan(idle_before):
        print(f"* other processes' CPU use just before the run: {idle_before:.2f} cores")
    print(
        f"* timings: best (median) of {args.repeats} calls after one warm-up call "
        f"({min(args.repeats, 3)} for `simulate`), counting only calls during which other "
        f"processes used < {DISTURBED} cores (up to 4x as many calls are made; rows marked "
        "'disturbed' did not get enough clean calls; calls < 0.1 s are not checked); error = max over alpha, beta, E_A, E_B, "
        "P_B of max_t |x - x_kernel| / max_t |x_kernel|\n"
    )

    t0 = time.perf_counter()
    derivation = nq.derive()
    t_derive = time.perf_counter() - t0
    t0 = time.perf_counter()
    lam_plain = make_lambdified(derivation, cse=False)
    lam_cse = make_lambdified(derivation, cse=True)
    t_lambdify = time.perf_counter() - t0

    ivp_info: dict = {}
    methods = [
        ("kernels: raw `effective_trace` (Numba, parallel)", kernel_raw),
        ("kernels: `nrqb_sym.simulate` (wrapper; uses the stepping kernel)", kernel_simulate),
        ("NumPy propagator (hand-vectorised, 1 thread)", numpy_propagator),
        ("kernels: raw `effective_trace_uniform` (stepping, evenly spaced t)", kernel_uniform),
        ("`sympy.lambdify(..., 'numpy')` of derive()", lam_plain),
        ("`sympy.lambdify(..., 'numpy', cse=True)`", lam_cse),
        (
            f"`solve_ivp` DOP853, rtol={args.ivp_rtol:g}, atol={args.ivp_atol:g}",
            make_solve_ivp(args.ivp_rtol, args.ivp_atol, ivp_info),
        ),
    ]

    rows = []
    nfev = {}
    section = OtherLoad()
    for pname, p in points.items():
        ref = None
        t_kernel = None
        for mname, fn in methods:
            reps = min(args.repeats, 3) if fn is kernel_simulate else args.repeats
            best, median, out, dist = timed(lambda fn=fn, p=p: fn(p, t), reps)
            if ref is None:
                ref, t_kernel, err = out, best, 0.0
            else:
                err = max_rel_error(out, ref)
            del out
            if fn is methods[-1][1]:
                nfev[pname] = ivp_info.get("nfev")
            rows.append((pname, mname, best, median, best / t_kernel, err, dist))
        del ref
    throughput_load = section.cores()

    print("## Throughput\n")
    print(
        "| point | method | wall time, best (median) [s] | points/s | t / t_kernel "
        "| max rel. error vs kernels |"
    )
    print("|---|---|---|---|---|---|")
    for pname, mname, best, median, ratio, err, dist in rows:
        mark = " (disturbed)" if dist else ""
        print(
            f"| {pname} | {mname} | {best:.3f} ({median:.3f}){mark} | {fmt_rate(n, best)} "
            f"| {ratio:.2f} | {fmt_err(err)} |"
        )
    print()
    print(
        "`solve_ivp` right-hand-side evaluations: "
        + ", ".join(f"{k}: {v}" for k, v in nfev.items())
        + f". `derive()` in this process: {t_derive:.1f} s; building both lambdified functions: "
        f"{t_lambdify:.2f} s. Other processes used {throughput_load:.2f} cores on average "
        "while this table was measured.\n"
    )

    summary = {pname: {} for pname in points}
    for pname, mname, best, *_ in rows:
        summary[pname][mname] = best
    print("## Target: kernels >= 3x the NumPy version\n")
    for pname, d in summary.items():
        k = d[methods[0][0]]
        npy = d[methods[2][0]]
        verdict = "met" if npy / k >= 3 else "NOT met"
        print(
            f"* {pname}: NumPy / raw per-point kernel = {npy / k:.2f}x with {threads} threads "
            f"({verdict}); NumPy / `simulate` = {npy / d[methods[1][0]]:.2f}x; NumPy / raw "
            f"stepping kernel = {npy / d[methods[3][0]]:.2f}x"
        )
    print()

    if not args.no_diagnostics:
        print("## Diagnostics (where the kernel's time goes)\n")
        print(
            "| point | variant | best [s] | points/s | t / t_kernel | max rel. error vs kernels |"
        )
        print("|---|---|---|---|---|---|")
        section = OtherLoad()
        hoisted_w = generated_with_hoisted_w()
        cexp_np = None
        for pname, p in points.items():
            pa = p.array()
            tau, _det, D, _lp, _lm = eff.effective_spectrum(pa)
            ref = eff.effective_trace(pa, t)
            # the reference time is measured again here, next to the variants
            k_best, _, _, dist0 = timed(lambda p=p: kernel_raw(p, t), args.repeats)
            print(
                f"| {pname} | raw `effective_trace`, {threads} threads (reference) "
                f"| {k_best:.3f}{' (disturbed)' if dist0 else ''} | {fmt_rate(n, k_best)} "
                "| 1.00 | 0 (same kernel) |"
            )
            numba.set_num_threads(1)
            try:
                one_thread, _, _, dist1 = timed(lambda p=p: kernel_raw(p, t), args.repeats)
            finally:
                numba.set_num_threads(threads)
            diag = [
                (
                    f"the two special functions only ({threads} threads)",
                    lambda tau=tau, D=D: _diag_special_only(complex(tau), complex(D) / 4, t),
                    False,
                ),
                (
                    f"allocate + write the 5 outputs only ({threads} threads)",
                    lambda: _diag_outputs_only(t),
                    False,
                ),
            ]
            if hoisted_w is not None:
                diag.append(
                    (
                        "generated kernel, w = D/4 hoisted out of the time loop",
                        lambda p=p: hoisted_w(p, t),
                        True,
                    )
                )
            diag += [
                (
                    "hand kernel, all time-independent terms hoisted, package special functions",
                    lambda p=p: hoisted_kernel(p, t, False),
                    True,
                ),
                (
                    "hand kernel, hoisted + fused special functions (shared e^{x +- sqrt(w) t})",
                    lambda p=p: hoisted_kernel(p, t, True),
                    True,
                ),
                (
                    "hand kernel, uniform-grid recurrence x_{k+1} = x_ss + e^{M dt}(x_k - x_ss)",
                    lambda p=p: recurrence_kernel(p, t),
                    True,
                ),
            ]
            print(
                f"| {pname} | raw `effective_trace`, 1 thread | {one_thread:.3f}{' (disturbed)' if dist1 else ''} "
                f"| {fmt_rate(n, one_thread)} | {one_thread / k_best:.2f} | 0 (same kernel) |"
            )
            for label, fn, comparable in diag:
                best, _, out, dist = timed(fn, args.repeats)
                err = fmt_err(max_rel_error(out, ref)) if comparable else "n/a"
                del out
                print(
                    f"| {pname} | {label} | {best:.3f}{' (disturbed)' if dist else ''} | {fmt_rate(n, best)} "
                    f"| {best / k_best:.2f} | {err} |"
                )
            ergo = getattr(runtime, "_ergotropy_coherent", None)
            if ergo is not None and pname == next(iter(points)):
                # what simulate() adds to the kernel: mostly the Gaussian ergotropy of alpha and
                # beta, evaluated by one compiled-kernel call per time point from Python
                best, _, out, dist = timed(
                    lambda p=p, ref=ref, e=ergo: (e(p.omega_a, ref[0]), e(p.omega_b, ref[1])), 1
                )
                del out
                print(
                    f"| {pname} | `simulate` overhead: `runtime._ergotropy_coherent` of alpha and "
                    f"beta (Python loop, one kernel call per point) | {best:.3f}"
                    f"{' (disturbed)' if dist else ''} | {fmt_rate(n, best)} "
                    f"| {best / k_best:.2f} | n/a |"
                )
            if cexp_np is None:
                z = complex(tau)
                cexp_np, *_ = timed(lambda z=z: np.exp(z * t), args.repeats)
                cexp_nb, *_ = timed(lambda z=z: _diag_cexp(z, t), args.repeats)
            del ref
        print()
        print(
            f"Complex exponential of {n:,} points: NumPy `np.exp` {cexp_np:.3f} s (1 thread), "
            f"Numba `cmath.exp` loop {cexp_nb:.3f} s ({threads} threads). Other processes used "
            f"{section.cores():.2f} cores on average during the diagnostics.\n"
        )

    if not args.no_cold_start:
        print("## Cold start\n")
        print("| what | time |")
        print("|---|---|")
        for what, value in cold_start(runs=3, n_first=1000):
            print(f"| {what} | {value} |")
        print()
    print(
        f"Other processes kept {monitor.cores():.2f} cores busy on average during this run "
        "(0 = undisturbed measurement)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
