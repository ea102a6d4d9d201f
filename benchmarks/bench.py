#!/usr/bin/env python
r"""Traces, sweeps and maps of the generated kernels against NumPy, lambdify, solve_ivp and QuTiP.

One run (a script, not a test) measures on this machine:

1. the memory bandwidth (NumPy copy; parallel copy and write into touched and into freshly
   allocated memory), the limit every output-bound method is compared with;
2. one trace ``t = linspace(0, 200, N)`` (``N = 2,000,000``) at the ``nonreciprocal`` preset (an
   exceptional point) and at a general point: the fused ``nrqb_sym.simulate`` (all observables,
   the NumPy propagator's five, and E_B, P_B only), the previous per-point and stepping kernels,
   a hand-vectorised NumPy propagator
   ``e^{Mt} = e^{tau t}[cosh(st) I + sinh(st)/s (M - tau I)]``, ``sympy.lambdify`` of the derived
   solution (plain and ``cse=True``) and ``scipy.integrate.solve_ivp`` (DOP853);
3. a ``200 x 200`` sweep of ``(kappa_b, Delta_b)`` x 1,000 times: ``nrqb_sym.sweep`` reduced
   (max of P_B inside the kernel), unreduced, through dask, ``compute_map`` (the same plus the
   nonreciprocity and EP curves), a NumPy loop over the grid and the previous ``simulate_grid``;
4. the full three-mode model against ``qutip.mesolve`` at equal accuracy (the Fock cutoff raised
   until QuTiP agrees with the kernels to ``--qutip-target``);
5. cold start in fresh processes (import + first ``simulate``, warm and empty Numba cache;
   ``derive()``); ``--diagnostics`` adds the per-point kernel's diagnostics.

Timings: best and median of ``--repeats`` rounds after a warm-up call (see :func:`timed`);
rounds during which other processes used >= 0.25 cores are repeated.  Everything is printed as
Markdown.

Usage::

    python benchmarks/bench.py                 # full run (~6 min)
    python benchmarks/bench.py --points 200000 --grid 40 --no-cold-start --no-qutip
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


#: a round of calls lasts at least this long, so that /proc/stat (10-ms ticks) can tell
#: whether other processes ran meanwhile
ROUND_SECONDS = 0.3
#: give up waiting for undisturbed rounds of one method after this long
MAX_SECONDS_PER_METHOD = 90.0


def timed(fn, repeats: int):
    """Warm-up call, then ``repeats`` undisturbed rounds: a round calls ``fn`` until
    :data:`ROUND_SECONDS` have passed (at least once) and counts when other processes used
    < :data:`DISTURBED` cores meanwhile; disturbed rounds are repeated (for up to
    :data:`MAX_SECONDS_PER_METHOD`).  Returns (best call, median of the rounds' best calls,
    result of the last call, disturbed): ``disturbed`` is True when fewer than ``repeats``
    clean rounds were obtained, and the figures then come from every round."""
    out = fn()
    clean: list[float] = []
    dirty: list[float] = []
    deadline = time.perf_counter() + MAX_SECONDS_PER_METHOD
    while len(clean) < repeats:
        load = OtherLoad()
        start = time.perf_counter()
        best = math.inf
        while True:
            del out
            t0 = time.perf_counter()
            out = fn()
            t1 = time.perf_counter()
            best = min(best, t1 - t0)
            if t1 - start >= ROUND_SECONDS:
                break
        (clean if load.cores() < DISTURBED else dirty).append(best)
        if time.perf_counter() > deadline and len(clean) + len(dirty) >= repeats:
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


# --------------------------------------------------------------------------------------------
# fused simulate, memory bandwidth, sweeps, maps, QuTiP

FIVE = ("alpha", "beta", "E_A", "E_B", "P_B")
#: bytes per time point of each fused output
OUT_BYTES = {"alpha": 16, "beta": 16, "ab": 16}


def out_bytes(names) -> int:
    return sum(OUT_BYTES.get(n, 8) for n in names)


def fused_simulate(observables):
    """``nrqb_sym.simulate`` (one fused kernel pass) computing ``observables`` (None: all)."""

    def run(p: nq.Params, t: np.ndarray):
        tr = nq.simulate(p, t, observables=observables)
        return tuple(getattr(tr, n) for n in OUTPUTS)

    return run


def max_rel_error_some(out, ref) -> float:
    """max_rel_error over the outputs a method computed (``None``: not computed)."""
    pairs = [(x, r) for x, r in zip(out, ref, strict=True) if x is not None]
    return max_rel_error([x for x, _ in pairs], [r for _, r in pairs])


@njit(parallel=True)
def _par_copy(dst, src):
    for i in prange(dst.shape[0]):
        dst[i] = src[i]


@njit(parallel=True)
def _par_fill(dst, v):
    for i in prange(dst.shape[0]):
        dst[i] = v


def bandwidth(nbytes: int, repeats: int) -> dict[str, float]:
    """Memory bandwidth (bytes/s) on this machine: NumPy copy (1 thread; read + write counted),
    parallel copy and parallel write (Numba, every thread) into touched memory, and the
    parallel write into freshly allocated memory (page faults and the kernel's zeroing
    included: what a function returning new arrays pays)."""
    n = nbytes // 8
    src = np.ones(n)
    dst = np.ones(n)
    _par_copy(dst[:8], src[:8])
    _par_fill(dst[:8], 2.0)

    def fresh():
        x = np.empty(n)
        _par_fill(x, 3.0)
        return x

    out = {}
    for key, fn, moved in (
        ("NumPy copy (1 thread), read + write", lambda: np.copyto(dst, src), 2 * nbytes),
        (
            "parallel copy (Numba, all threads), read + write",
            lambda: _par_copy(dst, src),
            2 * nbytes,
        ),
        ("parallel write into touched memory", lambda: _par_fill(dst, 4.0), nbytes),
        ("parallel write into fresh memory (np.empty + first touch)", fresh, nbytes),
    ):
        best, *_ = timed(fn, repeats)
        out[key] = moved / best
    return out


def numpy_power(pa: np.ndarray, t: np.ndarray) -> np.ndarray:
    """P_B(t) by the hand-vectorised NumPy propagator (as :func:`numpy_propagator`)."""
    M, f = drift(pa)
    x_ss = -np.linalg.solve(M, f)
    tau = 0.5 * np.trace(M)
    s = 0.5 * np.sqrt(complex((M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0]))
    v = -x_ss
    u = M @ v - tau * v
    e = np.exp(tau * t)
    if s == 0:
        ch, sh = 1.0, t
    else:
        st = s * t
        ch, sh = np.cosh(st), np.sinh(st) / s
    alpha = x_ss[0] + e * (ch * v[0] + sh * u[0])
    beta = x_ss[1] + e * (ch * v[1] + sh * u[1])
    dbeta = M[1, 0] * alpha + M[1, 1] * beta + f[1]
    return 2 * pa[I_OMEGA_B] * (beta.conj() * dbeta).real


def numpy_sweep_max(base: nq.Params, kb: np.ndarray, db: np.ndarray, t: np.ndarray):
    """A NumPy loop over the grid: P_B(t) per point by the NumPy propagator, then its max."""
    pa = base.array()
    ikb, idb = eff.PARAMETERS.index("kappa_b"), eff.PARAMETERS.index("Delta_b")
    out = np.empty((kb.size, db.size))
    for i, k in enumerate(kb):
        for j, d in enumerate(db):
            row = pa.copy()
            row[ikb], row[idb] = k, d
            out[i, j] = numpy_power(row, t).max()
    return out


def _hwm_kib() -> int | None:
    try:
        with open("/proc/self/status") as fh:
            return next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM"))
    except (OSError, StopIteration):
        return None


def peak_extra_memory(fn) -> float | None:
    """Peak resident memory (MiB) added by ``fn()`` beyond the resident set before it (Linux:
    the high-water mark is reset through ``/proc/self/clear_refs``)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return None
    before = _hwm_kib()
    res = fn()
    after = _hwm_kib()
    del res
    if before is None or after is None:
        return None
    return (after - before) / 1024


def qutip_equal_accuracy(target: float, max_cutoff: int) -> list[tuple]:
    """QuTiP on the full model at increasing Fock cutoffs until its deviation from the kernels
    (exact moment equations) is <= ``target``; rows (cutoff, seconds, deviation)."""
    from nrqb_sym.runtime.validate import qutip_moments

    p = nq.Params.nonreciprocal(1.0, 0.2, 0.3, 10.0, 0.05)
    t = np.linspace(0.0, 10.0, 201)
    tr = nq.simulate(p, t, model="full")
    rows = []
    for cutoff in range(2, max_cutoff + 1):
        t0 = time.perf_counter()
        q, _ = qutip_moments(p, t, cutoff=cutoff, check_truncation=False)
        dt = time.perf_counter() - t0
        err = max(
            np.max(np.abs(q["<a' a>"] - tr.n_a)) / np.max(np.abs(tr.n_a)),
            np.max(np.abs(q["<b' b>"] - tr.n_b)) / np.max(np.abs(tr.n_b)),
            np.max(np.abs(q["<b>"] - tr.beta)) / np.max(np.abs(tr.beta)),
        )
        rows.append((cutoff, dt, err))
        if err <= target:
            break
    return rows, p, t


def fmt_rate_pt(count: float, seconds: float) -> str:
    return f"{count / seconds / 1e6:,.0f} M"


def diagnostics(points, t, repeats, threads) -> None:
    """Where the per-point kernel's time goes (thread scaling, special functions, outputs)."""
    n = t.shape[0]
    print("## Diagnostics (where the kernel's time goes)\n")
    print("| point | variant | best [s] | points/s | t / t_kernel | max rel. error vs kernels |")
    print("|---|---|---|---|---|---|")
    section = OtherLoad()
    hoisted_w = generated_with_hoisted_w()
    cexp_np = None
    for pname, p in points.items():
        pa = p.array()
        tau, _det, D, _lp, _lm = eff.effective_spectrum(pa)
        ref = eff.effective_trace(pa, t)
        # the reference time is measured again here, next to the variants
        k_best, _, _, dist0 = timed(lambda p=p: kernel_raw(p, t), repeats)
        print(
            f"| {pname} | raw `effective_trace`, {threads} threads (reference) "
            f"| {k_best:.3f}{' (disturbed)' if dist0 else ''} | {fmt_rate(n, k_best)} "
            "| 1.00 | 0 (same kernel) |"
        )
        numba.set_num_threads(1)
        try:
            one_thread, _, _, dist1 = timed(lambda p=p: kernel_raw(p, t), repeats)
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
            best, _, out, dist = timed(fn, repeats)
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
            cexp_np, *_ = timed(lambda z=z: np.exp(z * t), repeats)
            cexp_nb, *_ = timed(lambda z=z: _diag_cexp(z, t), repeats)
        del ref
    print()
    print(
        f"Complex exponential of {n:,} points: NumPy `np.exp` {cexp_np:.3f} s (1 thread), "
        f"Numba `cmath.exp` loop {cexp_nb:.3f} s ({threads} threads). Other processes used "
        f"{section.cores():.2f} cores on average during the diagnostics.\n"
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--points", type=int, default=2_000_000, help="trace length (default 2e6)")
    ap.add_argument("--repeats", type=int, default=5, help="timed calls per method (default 5)")
    ap.add_argument("--grid", type=int, default=200, help="sweep grid side (default 200)")
    ap.add_argument("--grid-times", type=int, default=1000, help="sweep times (default 1000)")
    ap.add_argument("--ivp-rtol", type=float, default=1e-10, help="solve_ivp rtol (1e-10)")
    ap.add_argument("--ivp-atol", type=float, default=1e-12, help="solve_ivp atol (1e-12)")
    ap.add_argument("--bandwidth-mib", type=int, default=512, help="array size (512 MiB)")
    ap.add_argument("--qutip-target", type=float, default=1e-6, help="QuTiP accuracy (1e-6)")
    ap.add_argument("--qutip-max-cutoff", type=int, default=7, help="largest cutoff tried (7)")
    ap.add_argument("--no-qutip", action="store_true", help="skip qutip.mesolve")
    ap.add_argument("--no-cold-start", action="store_true", help="skip the subprocess timings")
    ap.add_argument("--diagnostics", action="store_true", help="also the per-point diagnostics")
    ap.add_argument("--no-diagnostics", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument(
        "--wait-idle",
        type=float,
        default=300.0,
        help="wait up to this many seconds for other processes to leave the CPUs idle (300)",
    )
    args = ap.parse_args(argv)
    if args.points < 2 or args.repeats < 1 or args.grid < 2 or args.grid_times < 2:
        ap.error("need --points, --grid, --grid-times >= 2 and --repeats >= 1")

    warnings.simplefilter("ignore", nq.EliminationWarning)
    idle_before = wait_idle(args.wait_idle) if args.wait_idle > 0 else float("nan")
    monitor = OtherLoad()
    n = args.points
    t = np.linspace(0.0, T_END, n)
    points = parameter_points()
    eff.effective_trace(points["general"].array(), t[:4])  # so threading_layer() is set
    threads = numba.get_num_threads()

    print(f"# nrqb_sym benchmark: traces, sweeps and maps ({n:,}-point traces)\n")
    print("\n".join(machine_lines()))
    if not math.isnan(idle_before):
        print(f"* other processes' CPU use just before the run: {idle_before:.2f} cores")
    print(
        f"* timings: best (median) of {args.repeats} rounds after one warm-up call; a round "
        f"repeats the call for >= {ROUND_SECONDS} s and keeps its fastest call, and counts only "
        f"when other processes used < {DISTURBED} cores meanwhile (disturbed rounds are "
        f"repeated for up to {MAX_SECONDS_PER_METHOD:g} s per method; rows marked 'disturbed' "
        "did not get enough clean rounds)\n"
    )

    # ---- memory bandwidth -------------------------------------------------------------------
    bw = bandwidth(args.bandwidth_mib * 2**20, args.repeats)
    write_bw = bw["parallel write into touched memory"]
    fresh_bw = bw["parallel write into fresh memory (np.empty + first touch)"]
    print(f"## Memory bandwidth ({args.bandwidth_mib} MiB arrays)\n")
    print("| what | GB/s |")
    print("|---|---|")
    for k, v in bw.items():
        print(f"| {k} | {v / 1e9:.1f} |")
    print(
        "\nA kernel that returns new arrays is bounded by the last row, one that writes into "
        "existing memory by the row above it: the 'limit' columns below divide these by the "
        "bytes each method writes per point-time.\n"
    )

    # ---- single traces ----------------------------------------------------------------------
    t0 = time.perf_counter()
    derivation = nq.derive()
    t_derive = time.perf_counter() - t0
    t0 = time.perf_counter()
    lam_plain = make_lambdified(derivation, cse=False)
    lam_cse = make_lambdified(derivation, cse=True)
    t_lambdify = time.perf_counter() - t0

    ivp_info: dict = {}
    from nrqb_sym.runtime.fused import OBSERVABLES

    methods = [
        ("kernels: raw `effective_trace` (per-point closed form, parallel)", kernel_raw, 56),
        (
            f"`nrqb_sym.simulate`, fused, all {len(OBSERVABLES)} observables",
            fused_simulate(None),
            out_bytes(OBSERVABLES),
        ),
        (
            "`nrqb_sym.simulate`, fused, observables = alpha, beta, E_A, E_B, P_B",
            fused_simulate(FIVE),
            out_bytes(FIVE),
        ),
        (
            "`nrqb_sym.simulate`, fused, observables = E_B, P_B",
            fused_simulate(("E_B", "P_B")),
            16,
        ),
        (
            "NumPy propagator (hand-vectorised, 1 thread): alpha, beta, E_A, E_B, P_B",
            numpy_propagator,
            56,
        ),
        ("kernels: raw `effective_trace_uniform` (previous stepping kernel)", kernel_uniform, 56),
        ("`sympy.lambdify(..., 'numpy')` of derive()", lam_plain, 56),
        ("`sympy.lambdify(..., 'numpy', cse=True)`", lam_cse, 56),
        (
            f"`solve_ivp` DOP853, rtol={args.ivp_rtol:g}, atol={args.ivp_atol:g}",
            make_solve_ivp(args.ivp_rtol, args.ivp_atol, ivp_info),
            56,
        ),
    ]
    numpy_name = methods[4][0]
    rows = []
    nfev = {}
    section = OtherLoad()
    for pname, p in points.items():
        ref = None
        for mname, fn, nb in methods:
            best, median, out, dist = timed(lambda fn=fn, p=p: fn(p, t), args.repeats)
            if ref is None:
                ref, err = out, 0.0
            else:
                err = max_rel_error_some(out, ref)
            del out
            if mname.startswith("`solve_ivp`"):
                nfev[pname] = ivp_info.get("nfev")
            rows.append((pname, mname, best, median, err, dist, nb))
        del ref
    throughput_load = section.cores()
    t_numpy = {pn: b for pn, mn, b, *_ in rows if mn == numpy_name}

    print(f"## One trace: {n:,} time points, t in [0, {T_END:g}]\n")
    print(
        "| point | method | wall time, best (median) [s] | point-times/s | memory limit "
        "(fresh / touched outputs) | vs NumPy | max rel. error vs per-point kernel |"
    )
    print("|---|---|---|---|---|---|---|")
    for pname, mname, best, median, err, dist, nb in rows:
        mark = " (disturbed)" if dist else ""
        print(
            f"| {pname} | {mname} | {best:.4f} ({median:.4f}){mark} | {fmt_rate(n, best)} "
            f"| {fresh_bw / nb / 1e6:,.0f} M / {write_bw / nb / 1e6:,.0f} M ({nb} B) "
            f"| **{t_numpy[pname] / best:.1f}x** "
            f"| {fmt_err(err)} |"
        )
    print()
    print(
        "`solve_ivp` right-hand-side evaluations: "
        + ", ".join(f"{k}: {v}" for k, v in nfev.items())
        + f". `derive()` in this process: {t_derive:.1f} s; building both lambdified functions: "
        f"{t_lambdify:.2f} s. Other processes used {throughput_load:.2f} cores on average "
        "while this table was measured.\n"
    )

    # ---- sweeps and a map -------------------------------------------------------------------
    g, nt = args.grid, args.grid_times
    base = points["general"]
    kb = np.linspace(0.01, 1.0, g)
    db = np.linspace(-2.0, 2.0, g)
    tg = np.linspace(0.0, 30.0, nt)
    pt = g * g * nt
    section = OtherLoad()
    sweep_rows = []

    def sweep_max():
        return nq.sweep(base, tg, "P_B", reduce="max", kappa_b=kb, Delta_b=db)

    best, median, red, dist = timed(sweep_max, args.repeats)
    mem_red = peak_extra_memory(sweep_max)
    sweep_rows.append(
        ("`sweep`, reduce='max' of P_B inside the kernel", best, median, dist, 8 / nt, mem_red)
    )

    def sweep_full():
        return nq.sweep(base, tg, ("E_B", "P_B"), kappa_b=kb, Delta_b=db)

    best_f, median_f, full, dist_f = timed(sweep_full, max(1, min(args.repeats, 3)))
    err_full = float(
        np.max(np.abs(full.values["P_B"].max(axis=-1) - red.values["P_B"]))
        / np.max(np.abs(red.values["P_B"]))
    )
    del full
    mem_full = peak_extra_memory(sweep_full)
    sweep_rows.append(("`sweep`, unreduced E_B and P_B", best_f, median_f, dist_f, 16, mem_full))

    try:
        import dask

        def sweep_dask():
            with dask.config.set(scheduler="threads"):
                return nq.sweep(
                    base, tg, "P_B", reduce="max", chunks=g * g // 8, kappa_b=kb, Delta_b=db
                )

        best_d, median_d, dres, dist_d = timed(sweep_dask, max(1, min(args.repeats, 3)))
        assert np.array_equal(dres.values["P_B"], red.values["P_B"])
        sweep_rows.append(
            (
                "`sweep`, reduce='max', chunks through dask (8 blocks, threads)",
                best_d,
                median_d,
                dist_d,
                8 / nt,
                None,
            )
        )
    except ImportError:
        pass

    from nrqb_sym.runtime.maps import compute_map, plot_map

    def make_map():
        return compute_map(base, ("kappa_b", kb), ("Delta_b", db), tg, "P_B", "max")

    best_m, median_m, mp, dist_m = timed(make_map, max(1, min(args.repeats, 3)))
    out_png = os.path.join(tempfile.gettempdir(), "nrqb-bench-map.png")
    t0 = time.perf_counter()
    plot_map(mp, out_png)
    t_plot = time.perf_counter() - t0
    sweep_rows.append(
        (
            "`compute_map` (the reduced sweep + nonreciprocity and EP curves)",
            best_m,
            median_m,
            dist_m,
            8 / nt,
            None,
        )
    )

    t_np_loop, _, ref_np, dist_np = timed(lambda: numpy_sweep_max(base, kb, db, tg), 1)
    err_np = float(np.max(np.abs(ref_np - red.values["P_B"])) / np.max(np.abs(ref_np)))
    sweep_rows.append(
        (
            "NumPy loop over the grid (NumPy propagator per point, then max)",
            t_np_loop,
            t_np_loop,
            dist_np,
            8 / nt,
            None,
        )
    )

    # simulate_grid (the previous grid path) on a slice of the grid: Params per point + max
    sub = max(1, g // 10)

    def grid_old():
        ps = [base.replace(kappa_b=float(k), Delta_b=float(d)) for k in kb[:sub] for d in db]
        return nq.simulate_grid(ps, tg).P_B.max(axis=1)

    best_o, median_o, _, dist_o = timed(grid_old, 1)
    sweep_rows.append(
        (
            f"`simulate_grid` (previous path; {sub} x {g} points, Params per point, max in NumPy)",
            best_o * g / sub,
            median_o * g / sub,
            dist_o,
            56,
            None,
        )
    )
    sweep_load = section.cores()

    print(f"## Sweeps and a map: {g} x {g} grid (kappa_b, Delta_b) x {nt:,} times\n")
    print(
        f"Base point: the general point above; t in [0, 30]; {pt:,} point-times. 'memory "
        "limit' = the fresh-write bandwidth / bytes written per point-time (a reduced sweep "
        "writes 8 B per grid point: not memory bound).\n"
    )
    print(
        "| method | wall time, best (median) [s] | point-times/s | memory limit | vs NumPy loop "
        "| peak extra memory |"
    )
    print("|---|---|---|---|---|---|")
    for name, b, med, dist, nb, mem in sweep_rows:
        mark = " (disturbed)" if dist else ""
        scaled = " (scaled)" if name.startswith("`simulate_grid`") else ""
        lim = f"{fresh_bw / nb / 1e6:,.0f} M" if nb >= 1 else "n/a (compute bound)"
        memtxt = "n/a" if mem is None else f"{mem:,.0f} MiB"
        print(
            f"| {name} | {b:.3f} ({med:.3f}){mark}{scaled} | {fmt_rate_pt(pt, b)} | {lim} "
            f"| **{t_np_loop / b:.0f}x** | {memtxt} |"
        )
    print()
    print(
        f"Reduced sweep vs NumPy loop: max relative deviation {err_np:.1e}; vs the max of the "
        f"unreduced sweep: {err_full:.1e}. Map figure: {t_plot:.2f} s more for the PNG "
        f"(curves: nonreciprocal {'whole plane' if mp.nonreciprocal.everywhere else len(mp.nonreciprocal.lines)}, "
        f"EP points {mp.exceptional.points.round(6).tolist()}). Other processes used "
        f"{sweep_load:.2f} cores on average during this section.\n"
    )

    # ---- targets --------------------------------------------------------------------------
    print("## Targets\n")
    for pname in points:
        d = {mn: b for pn, mn, b, *_ in rows if pn == pname}
        print(
            f"* {pname}: NumPy / fused `simulate` = "
            f"{t_numpy[pname] / d[methods[1][0]]:.1f}x (all observables), "
            f"{t_numpy[pname] / d[methods[2][0]]:.1f}x (the NumPy propagator's five outputs), "
            f"{t_numpy[pname] / d[methods[3][0]]:.1f}x (E_B, P_B) -- target >= 10x"
        )
    rate = pt / sweep_rows[0][1] / 1e6
    print(
        f"* reduced {g} x {g} x {nt} sweep: {rate:,.0f} M point-times/s with {threads} threads "
        f"(target >= 150 M), {t_np_loop / sweep_rows[0][1]:.0f}x the NumPy loop (target >= 30x), "
        f"peak extra memory {mem_red if mem_red is not None else float('nan'):.1f} MiB "
        f"(outputs {g * g * 8 / 2**20:.2f} MiB; grid x time of one float would be "
        f"{pt * 8 / 2**20:,.0f} MiB)"
    )
    print()

    # ---- QuTiP ----------------------------------------------------------------------------
    if not args.no_qutip:
        try:
            import qutip  # noqa: F401

            qrows, qp, qt = qutip_equal_accuracy(args.qutip_target, args.qutip_max_cutoff)
            full_best, *_ = timed(lambda: nq.simulate(qp, qt, model="full"), args.repeats)
            print(
                f"## Full three-mode model vs `qutip.mesolve` ({qt.size} times, t in [0, "
                f"{qt[-1]:g}], weak drive F = {qp.F:g})\n"
            )
            print(
                "QuTiP integrates the density matrix in a Fock space truncated at the cutoff per "
                "mode (dimension cutoff^3; rtol 1e-10, atol 1e-12); the kernels solve the "
                "derived moment equations, exact for this linear model. The cutoff is raised "
                f"until QuTiP agrees with the kernels to {args.qutip_target:g} (max over <b>, "
                "<a'a>, <b'b>, relative to each one's largest value).\n"
            )
            print(
                "| Fock cutoff | qutip.mesolve [s] | deviation from the kernels | kernels [s] | speed-up |"
            )
            print("|---|---|---|---|---|")
            for cutoff, dt, err in qrows:
                print(
                    f"| {cutoff} | {dt:.3f} | {err:.1e} | {full_best:.2e} | {dt / full_best:,.0f}x |"
                )
            last = qrows[-1]
            verdict = (
                f"cutoff {last[0]} is the smallest reaching {args.qutip_target:g}"
                if last[2] <= args.qutip_target
                else f"no cutoff <= {args.qutip_max_cutoff} reached {args.qutip_target:g}"
            )
            print(f"\nAt equal accuracy ({verdict}): {last[1] / full_best:,.0f}x.\n")
        except ImportError:
            print("## qutip.mesolve: not installed (pip install qutip)\n")

    if args.diagnostics:
        diagnostics(points, t, args.repeats, threads)

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
