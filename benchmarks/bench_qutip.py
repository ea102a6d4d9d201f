"""Kernels vs ``qutip.mesolve`` for the same full three-mode trace (one run, ratios printed).

Usage: ``python benchmarks/bench_qutip.py [--points N] [--cutoff C]``.  QuTiP integrates the
density matrix on a truncated Fock space (cutoff C per mode, dimension C^3); the kernels solve the
derived moment equations (exact for this linear model).  Both are timed after a warm-up call.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

import nrqb_sym as nq
from nrqb_sym.runtime.validate import qutip_moments


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--points", type=int, default=201)
    ap.add_argument("--cutoff", type=int, default=5)
    args = ap.parse_args()
    warnings.simplefilter("ignore", nq.EliminationWarning)
    p = nq.Params.nonreciprocal(1.0, 0.2, 0.3, 10.0, 0.05)
    t = np.linspace(0.0, 10.0, args.points)
    cases = {
        "vacuum, T = 0": (p, nq.InitialState()),
        "thermal baths + start": (
            p.replace(n_a=0.02, n_b=0.01, n_c=0.03),
            nq.InitialState(n_b0=0.02),
        ),
    }
    print(f"full three-mode trace, {args.points} time points, QuTiP Fock cutoff {args.cutoff}/mode")
    print()
    print("| case | qutip.mesolve [s] | kernels [s] | speed-up | max rel. deviation |")
    print("|---|---|---|---|---|")
    for name, (pp, init) in cases.items():
        nq.simulate(pp, t, model="full", initial=init)  # warm-up / compile
        t_k = best_of(lambda pp=pp, init=init: nq.simulate(pp, t, model="full", initial=init))
        t0 = time.perf_counter()
        q, _ = qutip_moments(pp, t, initial=init, cutoff=args.cutoff, check_truncation=False)
        t_q = time.perf_counter() - t0
        tr = nq.simulate(pp, t, model="full", initial=init)
        err = max(
            np.max(np.abs(q["<a' a>"] - tr.n_a)) / np.max(np.abs(tr.n_a)),
            np.max(np.abs(q["<b' b>"] - tr.n_b)) / np.max(np.abs(tr.n_b)),
        )
        print(f"| {name} | {t_q:.3f} | {t_k:.2e} | {t_q / t_k:,.0f}x | {err:.1e} |")


if __name__ == "__main__":
    main()
