r"""The data of every figure panel of the seed paper, computed with the grid kernel.

One function per panel group (``figN_data(coarse)``, a dict of numpy arrays), collected in
:data:`DATA_FUNCTIONS`; :func:`units_example` is the circuit-QED example of Sec. 5.  Every sweep
goes through :func:`~nrqb_sym.paper.api.simulate_grid` (one kernel call per panel over all
parameter points and times); the only per-point Python work is building :class:`Params` and
solving the exceptional-point condition (a root of a generated polynomial) for Fig. 4.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .api import Params, simulate, simulate_grid, steady_state
from .parameters import (
    DETUNING_KINDS,
    DETUNINGS,
    KAPPA_A,
    RATIO_VARIANTS,
    T_SHORT,
    THETAS,
    base_params,
    detuned,
    pick_ep,
    ratio_params,
    resolution,
    steady_grid,
)

__all__ = [
    "fig2a_data",
    "fig2b_data",
    "fig2c_data",
    "fig2d_data",
    "fig3ab_data",
    "fig3cd_data",
    "fig3ef_data",
    "fig4a_data",
    "fig4b_data",
    "DATA_FUNCTIONS",
    "compute_all",
    "local_maxima",
    "units_example",
]


def fig2a_data(coarse: bool = False) -> dict:
    """E_B(t) from vacuum for the detunings :data:`DETUNINGS`, both detuning kinds.

    Returns keys ``t`` (n,), ``detunings`` (3,), and per kind (dicts keyed by kind) ``E_B``,
    ``E_A`` (3, n) and steady states ``E_B_ss``, ``E_A_ss``, ``R_ss``, ``eta_ss`` (3,).
    """
    t = np.linspace(0.0, 40.0, resolution(coarse).n_t)
    pts = [detuned(base_params(), k, d) for k in DETUNING_KINDS for d in DETUNINGS]
    tr = simulate_grid(pts, t)
    ss = steady_grid(pts)
    n = len(DETUNINGS)
    out: dict = {"t": t, "detunings": np.array(DETUNINGS), "params": pts}
    for key, src in (("E_B", tr.E_B), ("E_A", tr.E_A)):
        out[key] = {k: src[i * n : (i + 1) * n] for i, k in enumerate(DETUNING_KINDS)}
    for key in ("E_B", "E_A", "R", "eta"):
        out[key + "_ss"] = {k: ss[key][i * n : (i + 1) * n] for i, k in enumerate(DETUNING_KINDS)}
    return out


def fig2b_data(coarse: bool = False) -> dict:
    """Steady-state ratio R = E_B/E_A and efficiency eta vs kappa_b/Gamma (resonance,
    nonreciprocal, kappa_a = 0.05 Gamma; R and eta do not depend on kappa_a).

    Returns keys ``kappa_b`` (m,) in units of Gamma, ``R``, ``eta``, ``E_A``, ``E_B`` (m,).
    """
    kb = np.logspace(-3, 2, resolution(coarse).n_ratio)
    ss = steady_grid([base_params(kappa_b=float(k)) for k in kb])
    return {"kappa_b": kb, **ss}


def _settling_time(t: np.ndarray, E: np.ndarray, E_ss: np.ndarray, tol: float) -> np.ndarray:
    """First time after which |E - E_ss| <= tol E_ss for good (rows of E)."""
    outside = np.abs(E - E_ss[:, None]) > tol * E_ss[:, None]
    last = np.where(outside.any(axis=1), outside.shape[1] - 1 - np.argmax(outside[:, ::-1], 1), -1)
    nxt = np.minimum(last + 1, t.size - 1)
    return np.where(last == t.size - 1, np.inf, t[nxt])


def fig2c_data(coarse: bool = False) -> dict:
    """E_B(t), E_A(t), P_B(t) for phases :data:`THETAS` (J = Gamma/2 held, resonance).

    Returns keys ``t`` (n,), ``theta`` (k,), ``E_B``, ``E_A``, ``P_B`` (k, n), ``E_B_ss`` (k,),
    ``settling_time`` (k,) (within 1 % of the steady state for good), ``min_P_B`` (k,).
    """
    t = np.linspace(0.0, 600.0, 4 * resolution(coarse).n_t)
    pts = [base_params().replace(theta=th) for th in THETAS]
    tr = simulate_grid(pts, t)
    ss = steady_grid(pts)
    return {
        "t": t,
        "theta": np.array(THETAS),
        "params": pts,
        "E_B": tr.E_B,
        "E_A": tr.E_A,
        "P_B": tr.P_B,
        "E_B_ss": ss["E_B"],
        "settling_time": _settling_time(t, tr.E_B, ss["E_B"], 0.01),
        "min_P_B": tr.P_B.min(axis=1),
    }


def local_maxima(P: np.ndarray, rel: float = 0.01) -> np.ndarray:
    """Number of interior local maxima per row higher than ``rel`` times the row's maximum."""
    mid = P[:, 1:-1]
    is_max = (mid > P[:, :-2]) & (mid >= P[:, 2:]) & (mid > rel * P.max(axis=1, keepdims=True))
    return is_max.sum(axis=1)


def fig2d_data(coarse: bool = False) -> dict:
    """Charging power P_B(t) for :data:`DETUNINGS`, both kinds, with the peaks.

    Returns keys ``t`` (n,), ``detunings`` (3,) and per kind ``P_B`` (3, n), ``E_B`` (3, n),
    ``eta`` (3, n), ``t_peak``, ``P_peak``, ``E_B_at_peak``, ``min_P_B`` and ``n_maxima``
    (3,) (local maxima of P_B above 1 % of its peak: 1 = a single hump, more = oscillation).
    """
    t = np.linspace(0.0, 15.0, resolution(coarse).n_t)
    pts = [detuned(base_params(), k, d) for k in DETUNING_KINDS for d in DETUNINGS]
    tr = simulate_grid(pts, t)
    n = len(DETUNINGS)
    out: dict = {"t": t, "detunings": np.array(DETUNINGS), "params": pts}
    for key in ("P_B", "E_B", "eta", "t_peak", "P_peak", "E_B_at_peak", "min_P_B", "n_maxima"):
        out[key] = {}
    for i, k in enumerate(DETUNING_KINDS):
        P = tr.P_B[i * n : (i + 1) * n]
        E = tr.E_B[i * n : (i + 1) * n]
        j = np.argmax(P, axis=1)
        rows = np.arange(n)
        out["P_B"][k] = P
        out["E_B"][k] = E
        out["eta"][k] = tr.eta[i * n : (i + 1) * n]
        out["t_peak"][k] = t[j]
        out["P_peak"][k] = P[rows, j]
        out["E_B_at_peak"][k] = E[rows, j]
        out["min_P_B"][k] = P.min(axis=1)
        out["n_maxima"][k] = local_maxima(P)
    return out


def _ratios(coarse: bool, n: int | None = None) -> np.ndarray:
    return np.logspace(-2, 3, n or resolution(coarse).n_ratio)


def fig3ab_data(coarse: bool = False) -> dict:
    """E_B and eta over (damping ratio r = kappa_b/kappa_a, time), kappa_a = 0.05 Gamma fixed.

    Returns keys ``ratio`` (m,), ``t`` (n,), ``E_B``, ``eta`` (m, n) (eta is nan at t = 0).
    """
    res = resolution(coarse)
    r = _ratios(coarse, res.n_map_ratio)
    t = np.linspace(0.0, 30.0, res.n_map_t)
    tr = simulate_grid([ratio_params(float(x), "kappa_a fixed") for x in r], t)
    return {"ratio": r, "t": t, "E_B": tr.E_B, "eta": tr.eta}


def fig3cd_data(coarse: bool = False) -> dict:
    """Steady-state E_B and eta vs the damping ratio, both ratio variants.

    Returns keys ``ratio`` (m,) and per variant (dicts keyed by variant) ``E_B``, ``eta``, ``E_A``
    (m,).
    """
    r = _ratios(coarse)
    out: dict = {"ratio": r, "E_B": {}, "eta": {}, "E_A": {}}
    for v in RATIO_VARIANTS:
        ss = steady_grid([ratio_params(float(x), v) for x in r])
        for key in ("E_B", "eta", "E_A"):
            out[key][v] = ss[key]
    return out


def fig3ef_data(coarse: bool = False) -> dict:
    r"""Short-time charging power vs damping ratio and time :math:`\Gamma t \le` :data:`T_SHORT`.

    Returns keys ``ratio`` (m,), ``t`` (n,), ``P_B`` (m, n) and ``P_running_max`` (m, n)
    :math:`= \max_{t' \le t} P_B(t')` for ``kappa_a fixed``, and per variant ``P_max``,
    ``t_max`` (m,) (maximum over the window and where it is reached).
    """
    res = resolution(coarse)
    r = _ratios(coarse, res.n_map_ratio)
    t = np.linspace(0.0, T_SHORT, 2 * res.n_map_t)
    out: dict = {"ratio": r, "t": t, "P_max": {}, "t_max": {}}
    for v in RATIO_VARIANTS:
        tr = simulate_grid([ratio_params(float(x), v) for x in r], t)
        j = np.argmax(tr.P_B, axis=1)
        out["P_max"][v] = tr.P_B[np.arange(r.size), j]
        out["t_max"][v] = t[j]
        if v == "kappa_a fixed":
            out["P_B"] = tr.P_B
            out["P_running_max"] = np.maximum.accumulate(tr.P_B, axis=1)
    return out


def fig4a_data(coarse: bool = False) -> dict:
    r"""Steady E_B of the fully nonreciprocal QB and of the QB at an EP vs the damping ratio
    (:math:`\Delta = 0`, kappa_a fixed).  At zero detuning an EP with :math:`\kappa_a \ne \kappa_b`
    needs :math:`J \ne \Gamma/2` (the package solves :math:`D = 0` for ``J`` with
    :math:`\theta = \pi/2`); it coincides with the nonreciprocal point at ``r = 1``.

    Returns keys ``ratio``, ``E_NR``, ``E_EP``, ``J_EP``, ``abs_D_EP`` (m,).
    """
    r = _ratios(coarse)
    nr = [ratio_params(float(x), "kappa_a fixed") for x in r]
    eps = [pick_ep(p, "J", p.J) for p in nr]
    if any(e is None for e in eps):
        raise RuntimeError("no EP in J at zero detuning for some damping ratio")
    ss_nr = steady_grid(nr)
    ss_ep = steady_grid([e.params for e in eps])
    return {
        "ratio": r,
        "E_NR": ss_nr["E_B"],
        "E_EP": ss_ep["E_B"],
        "J_EP": np.array([e.value for e in eps]),
        "abs_D_EP": np.array([abs(e.discriminant) for e in eps]),
    }


def fig4b_data(coarse: bool = False) -> dict:
    r"""Steady E_B of the nonreciprocal QB (``r = 1``) and of QBs kept at an EP vs detuning.

    Variants (see the report for the algebra):

    * ``kappa_b+theta`` (charger-battery detuning, :math:`J = \Gamma/2`): :math:`\kappa_b` from
      :math:`\Lambda_b - \Lambda_a = 2|\delta|` (physics notes) and :math:`\theta` solved by the
      package's EP solver (root nearest :math:`\pi/2`); exists for :math:`|\delta| \le \Gamma`.
    * ``J`` (charger-battery detuning, ``r = 1``, :math:`\theta = \pi/2`): :math:`J` solved.
    * ``common kappa_b`` (common detuning): :math:`\kappa_b` solved with :math:`\theta = \pi/2`.
    * ``common J, r = 2`` (common detuning, ``kappa_b = 2 kappa_a``): :math:`J` solved; its
      nonreciprocal partner is ``NR common, r = 2``.

    Returns keys ``delta`` (k,), ``E`` (dict of curve name -> (k,), nan where no EP exists),
    ``ep_value`` (dict of EP curve -> solved parameter (k,)), ``abs_D`` (dict -> (k,)).
    """
    k = resolution(coarse).n_detuning
    d = np.linspace(-1.5, 1.5, k if k % 2 else k + 1)  # odd: includes 0
    base = base_params()
    base2 = base_params(kappa_b=2 * KAPPA_A)
    curves: dict[str, list[Params | None]] = {
        "NR charger-battery": [detuned(base, "charger-battery", x) for x in d],
        "NR common": [detuned(base, "common", x) for x in d],
        "NR common, r = 2": [detuned(base2, "common", x) for x in d],
    }
    solved: dict[str, list[float]] = {}
    absd: dict[str, list[float]] = {}
    for name, (make, solve_for, target) in _fig4b_ep_variants(base, base2).items():
        curves[name], solved[name], absd[name] = _ep_curve(make, solve_for, target, d)
    E: dict[str, np.ndarray] = {}
    for name, pts in curves.items():
        have = [i for i, p in enumerate(pts) if p is not None]
        col = np.full(d.size, np.nan)
        if have:
            col[have] = steady_grid([pts[i] for i in have])["E_B"]
        E[name] = col
    return {
        "delta": d,
        "E": E,
        "ep_value": {n: np.array(v) for n, v in solved.items()},
        "abs_D": {n: np.array(v) for n, v in absd.items()},
        "params": curves,
    }


def _fig4b_ep_variants(base: Params, base2: Params) -> dict[str, tuple[Callable, str, float]]:
    """EP curve name -> (detuning -> parameters, parameter solved for, root to stay near)."""
    return {
        "EP kappa_b+theta": (
            lambda x: detuned(base, "charger-battery", x).replace(
                kappa_b=KAPPA_A + 2 * abs(float(x))
            ),
            "theta",
            base.theta,
        ),
        "EP J": (lambda x: detuned(base, "charger-battery", x), "J", base.J),
        "EP common kappa_b": (lambda x: detuned(base, "common", x), "kappa_b", base.kappa_b),
        "EP common J, r = 2": (lambda x: detuned(base2, "common", x), "J", base2.J),
    }


def _ep_curve(make: Callable, solve_for: str, target: float, d: np.ndarray):
    """Parameters at the EP, the solved value and |D| along the detunings ``d`` (None, nan
    where there is no EP)."""
    pts, vals, ds = [], [], []
    for x in d:
        e = pick_ep(make(x), solve_for, target)
        pts.append(None if e is None else e.params)
        vals.append(math.nan if e is None else e.value)
        ds.append(math.nan if e is None else abs(e.discriminant))
    return pts, vals, ds


DATA_FUNCTIONS: dict[str, Callable[[bool], dict]] = {
    "fig2a": fig2a_data,
    "fig2b": fig2b_data,
    "fig2c": fig2c_data,
    "fig2d": fig2d_data,
    "fig3ab": fig3ab_data,
    "fig3cd": fig3cd_data,
    "fig3ef": fig3ef_data,
    "fig4a": fig4a_data,
    "fig4b": fig4b_data,
}


def compute_all(coarse: bool = False, progress: bool = False) -> dict[str, dict]:
    """Data of every panel group (keys of :data:`DATA_FUNCTIONS`)."""
    items = list(DATA_FUNCTIONS.items())
    if progress:
        from tqdm import tqdm

        items = tqdm(items, desc="nrqb reproduce: sweeps", unit="panel")
    out = {}
    for name, fn in items:
        if progress:
            items.set_postfix_str(name)
        out[name] = fn(coarse)
    return out


def units_example() -> dict:
    """The illustrative circuit-QED example of Sec. 5 (see :mod:`nrqb_sym.paper.units`)."""
    from .units import CIRCUIT_QED_EXAMPLE, to_params

    dl = to_params(CIRCUIT_QED_EXAMPLE, nonreciprocal=True)
    ss_eff = steady_state(dl.params)
    ss_full = steady_state(dl.params, model="full")
    t_phys = np.array([1.0, 5.0, 10.0])
    tr = simulate(dl.params, t_phys)
    return {
        "inputs": dict(CIRCUIT_QED_EXAMPLE),
        "dimensionless": dl,
        "gamma": dl.gamma,
        "back": dl.to_quantities(),
        "tau": t_phys,
        "t_us": [dl.time(x) for x in t_phys],
        "E_B": tr.E_B,
        "ss_eff": ss_eff,
        "ss_full": ss_full,
    }
