r"""The coherent passes specialised to a number of modes: the stepping unrolled into scalar code.

On the coherent path every time step is :math:`x \leftarrow \Phi x + \varphi`; with the state in
an array, the :math:`N^2` complex multiply-adds run in short loops through memory, about half as
fast as the same arithmetic on scalars the compiler keeps in registers.  For up to
:data:`UNROLL` modes this module prints, per :math:`N`, the two coherent passes of
:mod:`nrqb_sym.runtime.numerics` (``coherent_trace`` and ``coherent_sweep``, the same
signatures, the same observables code: :func:`~nrqb_sym.runtime.numerics._coherent_observe`,
:func:`~nrqb_sym.runtime.numerics._coherent_point`) with only the propagation step written out
in scalars, ``v<i> = g<i> + sum_j F<i>_<j> t<j>``.  The printed module depends on :math:`N` only
(never on a model: the model's ``matrices`` and ``derived`` arrive as first-class functions), so
each :math:`N` is compiled once per installation and cached.  Text templating only; no SymPy.
"""

from __future__ import annotations

__all__ = ["UNROLL", "render_passes"]

#: Largest number of modes whose coherent passes get the unrolled step (the environment
#: variable ``NRQB_UNROLL`` lowers it: each pass and mode count compiles once, 15-20 s).
UNROLL = 6


def _loads(n: int, ind: str) -> list[str]:
    out = []
    for i in range(n):
        out += [f"{ind}F{i}_{j} = Phi[{i}, {j}]" for j in range(n)]
        out.append(f"{ind}g{i} = phi[{i}]")
    return out


def _from_array(n: int, ind: str) -> list[str]:
    return [f"{ind}v{i} = xv[{i}]" for i in range(n)]


def _to_array(n: int, ind: str) -> list[str]:
    return [f"{ind}xv[{i}] = v{i}" for i in range(n)]


def _step(n: int, ind: str) -> list[str]:
    out = [f"{ind}t{i} = v{i}" for i in range(n)]
    for i in range(n):
        out.append(f"{ind}v{i} = g{i} + " + " + ".join(f"F{i}_{j} * t{j}" for j in range(n)))
    return out


def _trace(n: int) -> str:
    head = f'''@njit(_nm.SIGNATURES["coherent_trace"], parallel=True, cache=True, error_model="numpy")
def coherent_trace(matrices, derived, p, keep, drop, s0, times, uniform, block, sel, seld,
                   finite, out_x, out_r, out_D):
    """numerics.coherent_trace for {n} modes, the step unrolled."""
    n = times.shape[0]
    dt = (times[n - 1] - times[0]) / (n - 1) if uniform and n > 1 else 0.0
    M1x, f, Dn, omega = matrices(p)
    M, fv, om = _nm.coherent_system(M1x, f, omega, keep, drop)
    Phi, phi = _nm.affine_propagator(M, fv, dt)
    plan = _nm._coherent_plan(sel, om)
    _, _, _, any_derived = _nm._plan(sel, seld)
    nd = max(1, seld.shape[0])
'''
    lines = _loads(n, "    ")
    lines += [
        "    for blk in prange((n + block - 1) // block):",
        "        start = block * blk",
        "        stop = min(n, start + block)",
        f"        xv = np.empty({n}, dtype=np.complex128)",
        f"        vals = np.zeros((5, {n}, _nm.DCHUNK))",
        "        dvals = np.zeros((nd, _nm.DCHUNK))",
        "        cc = np.zeros(1, dtype=np.int64)",
        "        bad = 0.0",
        "        if uniform:",
        "            Pt, qt = _nm.affine_propagator(M, fv, times[start])",
        "            _nm.affine_apply(Pt, qt, s0, xv)",
    ]
    lines += _from_array(n, "            ")
    lines += ["            for k in range(start, stop):"]
    lines += _to_array(n, "                ")
    lines += [
        "                bad += _nm._coherent_observe(k, xv, M, fv, om, p, derived, plan,",
        "                                             any_derived, vals, dvals, seld, out_x,",
        "                                             out_r, out_D, stop - 1, cc)",
    ]
    lines += _step(n, "                ")
    lines += [
        "        else:",
        "            for k in range(start, stop):",
        "                Pt, qt = _nm.affine_propagator(M, fv, times[k])",
        "                _nm.affine_apply(Pt, qt, s0, xv)",
        "                bad += _nm._coherent_observe(k, xv, M, fv, om, p, derived, plan,",
        "                                             any_derived, vals, dvals, seld, out_x,",
        "                                             out_r, out_D, stop - 1, cc)",
        "        finite[blk] = bad == 0.0",
    ]
    return head + "\n".join(lines) + "\n"


def _sweep(n: int) -> str:
    head = f'''@njit(_nm.SIGNATURES["coherent_sweep"], parallel=True, cache=True, error_model="numpy")
def coherent_sweep(matrices, derived, P, keep, drop, s0, times, uniform, mode, sel, seld, finite,
                   out_x, out_r, out_D):
    """numerics.coherent_sweep for {n} modes, the step unrolled."""
    npts = P.shape[0]
    n = times.shape[0]
    dt = (times[n - 1] - times[0]) / (n - 1) if uniform and n > 1 else 0.0
    k0 = _nm.first_sample(mode, n)
    kinds, _, _, any_derived = _nm._plan(sel, seld)
    nd = max(1, seld.shape[0])
    slots = kinds.shape[0] + nd
    base = kinds.shape[0]
    for j in prange(npts):
        p = np.ascontiguousarray(P[j])
        M1x, f, Dn, omega = matrices(p)
        M, fv, om = _nm.coherent_system(M1x, f, omega, keep, drop)
        Phi, phi = _nm.affine_propagator(M, fv, dt)
        plan = _nm._coherent_plan(sel, om)
        xv = np.empty({n}, dtype=np.complex128)
        vals = np.zeros((5, {n}, _nm.DCHUNK))
        dvals = np.zeros((nd, _nm.DCHUNK))
        cc = np.zeros(1, dtype=np.int64)
        acc = np.zeros(slots)
        idx = np.zeros(slots, dtype=np.int64)
        cnt = np.zeros(slots, dtype=np.int64)
        accc = np.zeros(slots, dtype=np.complex128)
        bad = 0.0
'''
    lines = _loads(n, "        ")
    lines += _from_array(n, "        ")  # typed before the loops (assigned at the first step)
    lines += [
        "        if uniform:",
        "            since = _nm.RESTART",
        "            for k in range(k0, n):",
        "                if since == _nm.RESTART:",
        "                    since = 0",
        "                    Pt, qt = _nm.affine_propagator(M, fv, times[k])",
        "                    _nm.affine_apply(Pt, qt, s0, xv)",
    ]
    lines += _from_array(n, "                    ")
    lines += ["                since += 1"]
    lines += _to_array(n, "                ")
    lines += [
        "                bad += _nm._coherent_point(j, k, mode, xv, M, fv, om, p, derived, plan,",
        "                                           any_derived, vals, dvals, seld, out_x, out_r,",
        "                                           out_D, acc, idx, cnt, accc, base, n - 1, cc)",
    ]
    lines += _step(n, "                ")
    lines += [
        "        else:",
        "            for k in range(k0, n):",
        "                Pt, qt = _nm.affine_propagator(M, fv, times[k])",
        "                _nm.affine_apply(Pt, qt, s0, xv)",
        "                bad += _nm._coherent_point(j, k, mode, xv, M, fv, om, p, derived, plan,",
        "                                           any_derived, vals, dvals, seld, out_x, out_r,",
        "                                           out_D, acc, idx, cnt, accc, base, n - 1, cc)",
        "        _nm._coherent_finish(mode, j, plan, seld, out_x, out_r, out_D, acc, idx, cnt, accc)",
        "        finite[j] = bad == 0.0",
    ]
    return head + "\n".join(lines) + "\n"


def render_passes(n: int, name: str, digest: str) -> str:
    """The module of the coherent pass ``name`` (``"coherent_trace"`` or ``"coherent_sweep"``)
    for ``n`` modes (``digest``: of this template and of the numerics it calls, recorded in the
    header).  One pass per module, so only the passes a session uses are compiled."""
    if not 1 <= n <= UNROLL:
        raise ValueError(f"unrolled passes are printed for 1 to {UNROLL} modes, not {n}")
    body = {"coherent_trace": _trace, "coherent_sweep": _sweep}[name](n)
    return (
        f"# GENERATED FILE - DO NOT EDIT.\n"
        f"# Contents: {name} of nrqb_sym.runtime.numerics for {n} modes, the step unrolled\n"
        f"# (printed by nrqb_sym.codegen.passes; regenerated when its hash changes).\n"
        f"# Template+numerics hash: sha256:{digest}\n"
        "# ruff: noqa\n"
        '"""A coherent pass for a fixed number of modes (see nrqb_sym.codegen.passes)."""\n\n'
        "import numpy as np\nfrom numba import njit, prange\n\n"
        "from nrqb_sym.runtime import numerics as _nm\n\n\n" + body
    )
