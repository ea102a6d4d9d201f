r"""``nrqb reproduce``: every figure panel of the seed paper and a table of its claims.

The seed (``000_75951535b4d0b060``) lost its equations and most numbers; its prose, figure
descriptions and claims survive.  This module rebuilds each panel it describes from the generated
kernels and checks each claim, writing PNGs and ``REPRODUCTION.md``.

Parameters (chosen here, stated in the report; the paper's values are lost).  Rates are in units
of the derived dissipative coupling :math:`\Gamma = 4 g_a g_b/\kappa_c`, times in :math:`1/\Gamma`:

* :math:`\Gamma = 1`, :math:`\kappa_c = 100\,\Gamma` (so :math:`g_a = g_b = 5\,\Gamma`,
  :math:`\kappa_c/g = 20`: the elimination holds), :math:`\Delta_c = 0`, :math:`F = 0.5\,\Gamma`,
  :math:`\omega_a = \omega_b = 1` (energies in units of :math:`\hbar\omega`);
* the fully nonreciprocal QB: :math:`J`, :math:`\theta` from the derived :math:`M_{12} = 0`
  (:math:`J = \Gamma/2`, :math:`\theta = \pi/2` at :math:`\Delta_c = 0`), local dampings
  :math:`\kappa_a = \kappa_b = 0.05\,\Gamma` unless swept;
* damping ratio :math:`r = \kappa_b/\kappa_a`, swept with :math:`\kappa_a = 0.05\,\Gamma` fixed
  (variant ``kappa_a fixed``) and, for comparison, with :math:`\kappa_b = 0.05\,\Gamma` fixed;
* two detunings: ``charger-battery`` (:math:`\Delta_a = 0`, :math:`\Delta_b = -\delta`: the drive
  stays resonant with the charger, :math:`\delta = \Delta_a - \Delta_b`) and ``common``
  (:math:`\Delta_a = \Delta_b = \Delta`: the drive is detuned from both, :math:`\Delta_c = 0` held,
  so the nonreciprocal couplings do not change).

Every sweep goes through :func:`~nrqb_sym.runtime.simulation.simulate_grid` (one kernel call per panel over
all parameter points and times).  Steady states over a sweep are the same kernel evaluated at a
long time :data:`T_STEADY` (checked against twice that time).  The only per-point Python work is
building :class:`Params` and solving the exceptional-point condition
(:func:`~nrqb_sym.runtime.simulation.exceptional_points`, a root of a generated polynomial) for Fig. 4.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..runtime.simulation import (
    Params,
    exceptional_points,
    simulate,
    simulate_grid,
    steady_state,
)

__all__ = [
    "GAMMA",
    "KAPPA_A",
    "KAPPA_C",
    "DRIVE",
    "DETUNINGS",
    "THETAS",
    "T_STEADY",
    "PANELS",
    "Claim",
    "base_params",
    "detuned",
    "steady_grid",
    "fig2a_data",
    "fig2b_data",
    "fig2c_data",
    "fig2d_data",
    "fig3ab_data",
    "fig3cd_data",
    "fig3ef_data",
    "fig4a_data",
    "fig4b_data",
    "compute_all",
    "claims",
    "units_example",
    "run",
]

GAMMA = 1.0
KAPPA_A = 0.05
KAPPA_C = 100.0
DRIVE = 0.5
#: Detunings (units of Gamma) of Figs. 2(a) and 2(d): blue solid, red dotted, green dot-dashed.
DETUNINGS = (0.0, 0.5, 2.0)
#: Phases of Fig. 2(c): pi/2 (nonreciprocal) and four departures from it.
THETAS = (math.pi / 2, 3 * math.pi / 8, math.pi / 4, math.pi / 8, 0.0)
#: Long time (units of 1/Gamma) at which sweeps are read as steady states.
T_STEADY = 1.0e4
DETUNING_KINDS = ("charger-battery", "common")
RATIO_VARIANTS = ("kappa_a fixed", "kappa_b fixed")
#: Short-time window (units of 1/Gamma) of the maximum charging power, Fig. 3(e,f).
T_SHORT = 10.0

PANELS = (
    "fig2a",
    "fig2b",
    "fig2c",
    "fig2d",
    "fig3a",
    "fig3b",
    "fig3c",
    "fig3d",
    "fig3e",
    "fig3f",
    "fig4a",
    "fig4b",
)


@dataclass(frozen=True)
class _Resolution:
    n_t: int  # points of 1-d time traces
    n_ratio: int  # points of 1-d ratio / kappa_b sweeps
    n_map_ratio: int  # ratio axis of colour maps
    n_map_t: int  # time axis of colour maps
    n_detuning: int  # detuning axis of Fig. 4(b)


FINE = _Resolution(n_t=1501, n_ratio=241, n_map_ratio=161, n_map_t=301, n_detuning=121)
COARSE = _Resolution(n_t=201, n_ratio=41, n_map_ratio=31, n_map_t=41, n_detuning=25)


def _res(coarse: bool) -> _Resolution:
    return COARSE if coarse else FINE


# ------------------------------------------------------------------------------ parameters
def base_params(**changes) -> Params:
    """The fully nonreciprocal QB in units of Gamma; ``changes`` go to
    :meth:`Params.nonreciprocal` (rates, detunings; J and theta are re-solved)."""
    values = {"Gamma": GAMMA, "kappa_a": KAPPA_A, "kappa_b": KAPPA_A, "kappa_c": KAPPA_C}
    values["F"] = DRIVE
    values.update(changes)
    return Params.nonreciprocal(**values)


def detuned(params: Params, kind: str, value: float) -> Params:
    """Apply a detuning: ``charger-battery`` (Delta_a = 0, Delta_b = -value) or ``common``
    (Delta_a = Delta_b = value); Delta_c and the couplings are left as they are."""
    if kind == "charger-battery":
        return params.replace(Delta_a=0.0, Delta_b=-float(value))
    if kind == "common":
        return params.replace(Delta_a=float(value), Delta_b=float(value))
    raise ValueError(f"unknown detuning kind {kind!r} (known: {', '.join(DETUNING_KINDS)})")


def _ratio_params(ratio: float, variant: str, **changes) -> Params:
    if variant == "kappa_a fixed":
        return base_params(kappa_b=KAPPA_A * ratio, **changes)
    if variant == "kappa_b fixed":
        return base_params(kappa_a=KAPPA_A / ratio, **changes)
    raise ValueError(f"unknown ratio variant {variant!r}")


def steady_grid(params: list[Params]) -> dict[str, np.ndarray]:
    """Steady states of many points: the grid kernel at ``T_STEADY`` (checked at 2 ``T_STEADY``).

    Returns:
        dict of ``E_A``, ``E_B``, ``R``, ``eta``, each of shape ``(len(params),)``.

    Raises:
        RuntimeError: a point has not relaxed by ``T_STEADY``.
    """
    tr = simulate_grid(params, np.array([T_STEADY, 2 * T_STEADY]))
    for name in ("E_A", "E_B"):
        v = getattr(tr, name)
        if not np.allclose(v[:, 0], v[:, 1], rtol=1e-9, atol=1e-14):
            bad = int(np.argmax(np.abs(v[:, 0] - v[:, 1])))
            raise RuntimeError(f"{name} not stationary at t = {T_STEADY:g}/Gamma: {params[bad]}")
    return {n: getattr(tr, n)[:, 1].copy() for n in ("E_A", "E_B", "R", "eta")}


def _pick_ep(params: Params, solve_for: str, target: float):
    """The EP root of ``solve_for`` closest to ``target`` (None if there is none)."""
    found = exceptional_points(params, solve_for)
    if not found:
        return None
    return min(found, key=lambda e: abs(e.value - target))


# ------------------------------------------------------------------------------ figure data
def fig2a_data(coarse: bool = False) -> dict:
    """E_B(t) from vacuum for the detunings :data:`DETUNINGS`, both detuning kinds.

    Returns keys ``t`` (n,), ``detunings`` (3,), and per kind (dicts keyed by kind) ``E_B``,
    ``E_A`` (3, n) and steady states ``E_B_ss``, ``E_A_ss``, ``R_ss``, ``eta_ss`` (3,).
    """
    t = np.linspace(0.0, 40.0, _res(coarse).n_t)
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
    kb = np.logspace(-3, 2, _res(coarse).n_ratio)
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
    t = np.linspace(0.0, 600.0, 4 * _res(coarse).n_t)
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


def _local_maxima(P: np.ndarray, rel: float = 0.01) -> np.ndarray:
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
    t = np.linspace(0.0, 15.0, _res(coarse).n_t)
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
        out["n_maxima"][k] = _local_maxima(P)
    return out


def _ratios(coarse: bool, n: int | None = None) -> np.ndarray:
    return np.logspace(-2, 3, n or _res(coarse).n_ratio)


def fig3ab_data(coarse: bool = False) -> dict:
    """E_B and eta over (damping ratio r = kappa_b/kappa_a, time), kappa_a = 0.05 Gamma fixed.

    Returns keys ``ratio`` (m,), ``t`` (n,), ``E_B``, ``eta`` (m, n) (eta is nan at t = 0).
    """
    res = _res(coarse)
    r = _ratios(coarse, res.n_map_ratio)
    t = np.linspace(0.0, 30.0, res.n_map_t)
    tr = simulate_grid([_ratio_params(float(x), "kappa_a fixed") for x in r], t)
    return {"ratio": r, "t": t, "E_B": tr.E_B, "eta": tr.eta}


def fig3cd_data(coarse: bool = False) -> dict:
    """Steady-state E_B and eta vs the damping ratio, both ratio variants.

    Returns keys ``ratio`` (m,) and per variant (dicts keyed by variant) ``E_B``, ``eta``, ``E_A``
    (m,).
    """
    r = _ratios(coarse)
    out: dict = {"ratio": r, "E_B": {}, "eta": {}, "E_A": {}}
    for v in RATIO_VARIANTS:
        ss = steady_grid([_ratio_params(float(x), v) for x in r])
        for key in ("E_B", "eta", "E_A"):
            out[key][v] = ss[key]
    return out


def fig3ef_data(coarse: bool = False) -> dict:
    r"""Short-time charging power vs damping ratio and time :math:`\Gamma t \le` :data:`T_SHORT`.

    Returns keys ``ratio`` (m,), ``t`` (n,), ``P_B`` (m, n) and ``P_running_max`` (m, n)
    :math:`= \max_{t' \le t} P_B(t')` for ``kappa_a fixed``, and per variant ``P_max``,
    ``t_max`` (m,) (maximum over the window and where it is reached).
    """
    res = _res(coarse)
    r = _ratios(coarse, res.n_map_ratio)
    t = np.linspace(0.0, T_SHORT, 2 * res.n_map_t)
    out: dict = {"ratio": r, "t": t, "P_max": {}, "t_max": {}}
    for v in RATIO_VARIANTS:
        tr = simulate_grid([_ratio_params(float(x), v) for x in r], t)
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
    nr = [_ratio_params(float(x), "kappa_a fixed") for x in r]
    eps = [_pick_ep(p, "J", p.J) for p in nr]
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
    k = _res(coarse).n_detuning
    d = np.linspace(-1.5, 1.5, k if k % 2 else k + 1)  # odd: includes 0
    base = base_params()
    base2 = base_params(kappa_b=2 * KAPPA_A)
    curves: dict[str, list[Params | None]] = {}
    solved: dict[str, list[float]] = {}
    absd: dict[str, list[float]] = {}
    curves["NR charger-battery"] = [detuned(base, "charger-battery", x) for x in d]
    curves["NR common"] = [detuned(base, "common", x) for x in d]
    curves["NR common, r = 2"] = [detuned(base2, "common", x) for x in d]
    specs = {
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
    for name, (make, solve_for, target) in specs.items():
        pts, vals, ds = [], [], []
        for x in d:
            e = _pick_ep(make(x), solve_for, target)
            pts.append(None if e is None else e.params)
            vals.append(math.nan if e is None else e.value)
            ds.append(math.nan if e is None else abs(e.discriminant))
        curves[name], solved[name], absd[name] = pts, vals, ds
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


# ------------------------------------------------------------------------------- claims
@dataclass
class Claim:
    """One checked statement of the paper."""

    key: str
    paper: str
    parameters: str
    package: str
    full: str
    verdict: str  # "agrees" or "differs"
    why: str
    values: dict = field(default_factory=dict)


def _g(x: float, digits: int = 4) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if isinstance(x, float) and math.isinf(x):
        return "inf"
    return f"{x:.{digits}g}"


def _interp_decreasing(x: np.ndarray, y: np.ndarray, level: float) -> float:
    """x at which a decreasing y(x) (x increasing) crosses ``level`` (log-linear)."""
    if not (y.min() <= level <= y.max()):
        return math.nan
    return float(np.exp(np.interp(level, y[::-1], np.log(x)[::-1])))


def _log_slope(x: np.ndarray, y: np.ndarray, at: float) -> float:
    s = np.gradient(np.log(y), np.log(x))
    return float(np.interp(np.log(at), np.log(x), s))


def claims(data: dict[str, dict]) -> list[Claim]:
    """Check each claim of the paper's text against the figure data (effective model) and the
    full three-mode model at the same parameters."""
    out: list[Claim] = []
    par = "base"

    # 1. fourfold ratio
    b = data["fig2b"]
    i0 = int(np.argmin(b["kappa_b"]))
    kb0 = float(b["kappa_b"][i0])
    full0 = steady_state(base_params(kappa_b=kb0), model="full")
    out.append(
        Claim(
            "fourfold",
            "Under resonance the steady battery/charger energy ratio reaches four.",
            f"{par}; resonance; kappa_b = {kb0:g} (kappa_b/Gamma -> 0), kappa_a = 0.05",
            f"R = {_g(b['R'][i0], 5)}; R = {_g(float(np.interp(0.05, b['kappa_b'], b['R'])), 4)}"
            " at kappa_b = 0.05",
            f"R = {_g(full0.R, 5)}",
            "agrees" if abs(b["R"][i0] - 4) < 0.02 else "differs",
            "R = 4 Gamma^2/Lambda_b^2 tends to 4 as kappa_b/Gamma -> 0 (it is 4 only in that "
            "limit; for omega_a = omega_b).",
            {"R_limit": float(b["R"][i0]), "R_full": full0.R},
        )
    )

    # 2. ratio reduced under large detuning
    a = data["fig2a"]
    R_det = {k: a["R_ss"][k] for k in DETUNING_KINDS}
    full_det = {
        k: steady_state(detuned(base_params(), k, DETUNINGS[-1]), model="full").R
        for k in DETUNING_KINDS
    }
    reduced = all(R_det[k][-1] < 0.25 * R_det[k][0] for k in DETUNING_KINDS)
    out.append(
        Claim(
            "ratio-detuning",
            "The ratio is significantly reduced under large detuning.",
            f"{par}; kappa_a = kappa_b = 0.05; detuning {DETUNINGS[-1]:g} vs 0",
            "; ".join(f"{k}: R = {_g(R_det[k][0])} -> {_g(R_det[k][-1])}" for k in DETUNING_KINDS),
            "; ".join(f"{k}: R = {_g(full_det[k])}" for k in DETUNING_KINDS),
            "agrees" if reduced else "differs",
            "With M_12 = 0 the battery is slaved to the charger: R = Gamma^2/(Delta_b^2 + "
            "Lambda_b^2/4) depends only on the battery's detuning from the drive, hence the same "
            "value for both detuning kinds.",
        )
    )

    # 3. eta ~ 0.78
    eta_p = float(a["eta_ss"]["charger-battery"][0])
    full_p = steady_state(base_params(), model="full")
    lo = _interp_decreasing(b["kappa_b"], b["eta"], 0.785)
    hi = _interp_decreasing(b["kappa_b"], b["eta"], 0.775)
    out.append(
        Claim(
            "eta-inf",
            "Steady-state efficiency eta(inf) ~ 0.78.",
            f"{par}; kappa_a = kappa_b = 0.05; resonance",
            f"eta = {_g(eta_p)}; eta in [0.775, 0.785] for kappa_b/Gamma in "
            f"[{_g(lo, 3)}, {_g(hi, 3)}]",
            f"eta = {_g(full_p.eta)}",
            "agrees" if abs(eta_p - 0.78) < 0.01 else "differs",
            "eta = R/(1+R) depends only on kappa_b/Gamma; the paper's rates are lost, so this "
            "is agreement for local dampings ~5 % of Gamma (the package preset), not a check "
            "of the paper's exact parameters.",
            {"eta": eta_p, "eta_full": full_p.eta},
        )
    )

    # 4. E_B order vs detuning (Fig. 2a)
    full_E = {
        k: [steady_state(p, model="full").E_B for p in a["params"][i * 3 : i * 3 + 3]]
        for i, k in enumerate(DETUNING_KINDS)
    }
    order = all(np.all(np.diff(a["E_B_ss"][k]) < 0) for k in DETUNING_KINDS)
    out.append(
        Claim(
            "EB-detuning",
            "Fig. 2(a): steady E_B is largest at resonance and drops with detuning "
            "(E_B(0) > E_B(small) > E_B(large)).",
            f"{par}; kappa_a = kappa_b = 0.05; detuning in {DETUNINGS}",
            "; ".join(f"{k}: " + ", ".join(_g(x) for x in a["E_B_ss"][k]) for k in DETUNING_KINDS),
            "; ".join(f"{k}: " + ", ".join(_g(x) for x in full_E[k]) for k in DETUNING_KINDS),
            "agrees" if order else "differs",
            "Order reproduced for both detuning kinds; the paper's values are lost.",
        )
    )

    # 5-6. peak power (Fig. 2d)
    dd = data["fig2d"]
    t = dd["t"]
    full_peak = {}
    for i, k in enumerate(DETUNING_KINDS):
        tr = [simulate(p, t, model="full") for p in dd["params"][i * 3 : i * 3 + 3]]
        full_peak[k] = [float(x.P_B.max()) for x in tr]
    order = all(np.all(np.diff(dd["P_peak"][k]) < 0) for k in DETUNING_KINDS)
    out.append(
        Claim(
            "peak-order",
            "Fig. 2(d): peak charging power decreases with detuning (0.52 > 0.486 > 0.06).",
            f"{par}; kappa_a = kappa_b = 0.05; detuning in {DETUNINGS}; max over Gamma t <= 15",
            "; ".join(
                f"{k}: " + ", ".join(_g(x, 3) for x in dd["P_peak"][k]) for k in DETUNING_KINDS
            ),
            "; ".join(f"{k}: " + ", ".join(_g(x, 3) for x in full_peak[k]) for k in DETUNING_KINDS),
            "agrees" if order else "differs",
            "The order across detunings is reproduced for both detuning kinds.",
        )
    )
    p0 = float(dd["P_peak"]["charger-battery"][0])
    rel = {k: dd["P_peak"][k] / dd["P_peak"][k][0] for k in DETUNING_KINDS}
    out.append(
        Claim(
            "peak-values",
            "Fig. 2(d): peak values 0.52 (resonance, at the paper's lost time), 0.486, 0.06; "
            "relative to resonance 1 : 0.935 : 0.115.",
            f"{par}; as above",
            f"resonant peak {_g(p0, 3)} at Gamma t = {_g(float(dd['t_peak']['charger-battery'][0]), 3)}; "
            + "; ".join(
                f"{k} relative: 1 : {_g(rel[k][1], 3)} : {_g(rel[k][2], 3)}" for k in DETUNING_KINDS
            ),
            f"resonant peak {_g(full_peak['charger-battery'][0], 3)}",
            "differs",
            "Absolute powers scale as F^2 and the paper's F and detunings are lost "
            f"(F = {_g(DRIVE * math.sqrt(0.52 / p0), 3)} Gamma would give 0.52; not used); "
            "with detunings 0.5 and 2 Gamma chosen in advance the relative drops do not match "
            "the paper's.",
        )
    )
    nm = {k: dd["n_maxima"][k] for k in DETUNING_KINDS}
    full_nm = {
        k: int(_local_maxima(simulate(dd["params"][3 * i + 2], t, model="full").P_B[None])[0])
        for i, k in enumerate(DETUNING_KINDS)
    }
    out.append(
        Claim(
            "peak-oscillation",
            "At large detuning P_B shows pronounced oscillations (a single hump at resonance).",
            f"{par}; detunings 0 and {DETUNINGS[-1]:g}; Gamma t <= 15",
            "; ".join(
                f"{k}: {int(nm[k][0])} maximum at 0, {int(nm[k][-1])} maxima (> 1 % of the "
                f"peak) at {DETUNINGS[-1]:g}, min P_B = {_g(float(dd['min_P_B'][k][-1]), 2)}"
                for k in DETUNING_KINDS
            ),
            "; ".join(f"{k}: {full_nm[k]} maxima at {DETUNINGS[-1]:g}" for k in DETUNING_KINDS),
            "agrees"
            if all(nm[k][0] == 1 and nm[k][-1] >= 2 for k in DETUNING_KINDS)
            else "differs",
            "Off resonance the battery amplitude rotates against the drive, so the transfer is "
            "intermittent: P_B has several humps (and dips below zero) before the steady state.",
        )
    )

    # 7. theta away from pi/2 (Fig. 2c)
    c = data["fig2c"]
    full_th = [steady_state(p, model="full").E_B for p in c["params"]]
    ok = (
        np.all(c["E_B_ss"][1:] < c["E_B_ss"][0])
        and np.all(c["min_P_B"][1:] < 0)
        and c["min_P_B"][0] > -1e-9
        and np.all(c["settling_time"][1:] > c["settling_time"][0])
    )
    out.append(
        Claim(
            "theta",
            "Fig. 2(c): theta away from pi/2 lowers E_B, brings oscillations (backflow) and "
            "lengthens the time to the steady state.",
            f"{par} except theta in (pi/2, 3pi/8, pi/4, pi/8, 0); kappa_a = kappa_b = 0.05",
            "E_B_ss = "
            + ", ".join(_g(x) for x in c["E_B_ss"])
            + "; min P_B = "
            + ", ".join(_g(x, 2) for x in c["min_P_B"])
            + "; settling (1 %) Gamma t = "
            + ", ".join(_g(x, 3) for x in c["settling_time"]),
            "E_B_ss = " + ", ".join(_g(x) for x in full_th),
            "agrees" if ok else "differs",
            "Only theta = pi/2 cancels the b -> a coupling; otherwise energy flows back and the "
            "slowest eigenvalue (real part -> -kappa/2 at theta = 0) sets a long relaxation.",
        )
    )

    # 8. fixed charging time, decreasing r (Fig. 3a)
    ab = data["fig3ab"]
    j5 = int(np.argmin(np.abs(ab["t"] - 5.0)))
    lr = np.log(ab["ratio"])
    E5 = {x: float(np.exp(np.interp(np.log(x), lr, np.log(ab["E_B"][:, j5])))) for x in (10.0, 0.1)}
    n5 = {x: float(np.interp(np.log(x), lr, ab["eta"][:, j5])) for x in (10.0, 0.1)}
    t5 = float(ab["t"][j5])
    full5 = {
        x: simulate(_ratio_params(x, "kappa_a fixed"), [t5], model="full") for x in (10.0, 0.1)
    }
    out.append(
        Claim(
            "fixed-time",
            "Fig. 3(a,b): at a fixed charging time, decreasing r = kappa_b/kappa_a boosts E_B "
            "and eta.",
            f"{par}; kappa_a = 0.05, kappa_b = r kappa_a; Gamma t = {t5:g}",
            f"r = 10 -> 0.1: E_B {_g(E5[10.0])} -> {_g(E5[0.1])}, eta {_g(n5[10.0])} -> "
            f"{_g(n5[0.1])}",
            f"E_B {_g(float(full5[10.0].E_B[0]))} -> {_g(float(full5[0.1].E_B[0]))}, eta "
            f"{_g(float(full5[10.0].eta[0]))} -> {_g(float(full5[0.1].eta[0]))}",
            "agrees" if E5[0.1] > E5[10.0] and n5[0.1] > n5[10.0] else "differs",
            "A lossier battery (larger kappa_b) keeps less of the transferred energy; the "
            "paper's r values and energies are lost.",
        )
    )

    # 9. saturation vs r (Fig. 3c,d)
    cd = data["fig3cd"]
    r = cd["ratio"]
    EB = cd["E_B"]["kappa_a fixed"]
    eta = cd["eta"]["kappa_a fixed"]
    E_lim, eta_lim = float(EB[0]), float(eta[0])
    r90E = _interp_decreasing(r, EB, 0.9 * E_lim)
    r50E = _interp_decreasing(r, EB, 0.5 * E_lim)
    r90e = _interp_decreasing(r, eta, 0.9 * eta_lim)
    r50e = _interp_decreasing(r, eta, 0.5 * eta_lim)
    full_hi = steady_state(_ratio_params(float(r[-1]), "kappa_a fixed"), model="full")
    EBb, etab = cd["E_B"]["kappa_b fixed"], cd["eta"]["kappa_b fixed"]
    trend_b = "increases" if np.all(np.diff(EBb) > 0) else "is not monotone"
    out.append(
        Claim(
            "saturation",
            "Fig. 3(c,d): E_B and eta are tiny for large r, rise steeply as r decreases and "
            "saturate for small r.",
            f"{par}; kappa_a = 0.05, kappa_b = r kappa_a, r in [{r[0]:g}, {r[-1]:g}]",
            f"E_B: 90 % of its r -> 0 value ({_g(E_lim)}) at r = {_g(r90E, 3)}, 50 % at "
            f"r = {_g(r50E, 3)}, E_B(r = {r[-1]:g}) = {_g(float(EB[-1]), 3)}; eta: 90 % of "
            f"{_g(eta_lim)} at r = {_g(r90e, 3)}, 50 % at r = {_g(r50e, 3)}. Variant kappa_b "
            f"fixed: E_B {trend_b} with r, eta stays in [{_g(float(etab.min()))}, "
            f"{_g(float(etab.max()))}]",
            f"E_B(r = {r[-1]:g}) = {_g(full_hi.E_B, 3)}, eta = {_g(full_hi.eta, 3)}",
            "agrees" if np.all(np.diff(EB) < 0) and np.all(np.diff(eta) < 0) else "differs",
            "With kappa_a fixed both fall monotonically in r and level off for small r; the "
            "drop sits where kappa_b ~ Gamma (r ~ Gamma/kappa_a = 20 here). The paper's "
            "thresholds are lost, so the agreement is qualitative; with kappa_b fixed instead "
            "the trend is reversed (E_B) or absent (eta).",
            {"r90_E": r90E, "r50_E": r50E, "r90_eta": r90e, "r50_eta": r50e},
        )
    )

    # 10. flatness around r = 1
    sE = _log_slope(r, EB, 1.0)
    se = _log_slope(r, eta, 1.0)
    sE20 = _log_slope(r, EB, 20.0)
    lo_, hi_ = (
        steady_state(_ratio_params(x, "kappa_a fixed"), model="full").E_B for x in (0.5, 2.0)
    )
    var = float(np.interp(np.log(0.5), np.log(r), EB) / np.interp(np.log(2.0), np.log(r), EB) - 1)
    out.append(
        Claim(
            "flat",
            "Fig. 3(c,d,f): E_B, eta (and P_max) are flat, robust to fluctuations, around "
            "balanced dissipation kappa_a = kappa_b.",
            f"{par}; kappa_a = 0.05, kappa_b = r kappa_a",
            f"d ln E_B/d ln r = {_g(sE, 3)}, d ln eta/d ln r = {_g(se, 3)} at r = 1 "
            f"(vs {_g(sE20, 3)} at r = 20); E_B(0.5)/E_B(2) - 1 = {_g(var, 3)}",
            f"E_B(0.5)/E_B(2) - 1 = {_g(lo_ / hi_ - 1, 3)}",
            "agrees" if abs(sE) < 0.2 and abs(se) < 0.2 else "differs",
            "Flat, but nothing singles out r = 1: the sensitivity is -2 kappa_b/Lambda_b, "
            "small wherever kappa_b << Gamma (the whole small-r plateau).",
            {"slope_E": sE, "slope_eta": se},
        )
    )

    # 11-12. P_max vs r (Fig. 3e,f)
    ef = data["fig3ef"]
    re_ = ef["ratio"]
    trend = {}
    for v in RATIO_VARIANTS:
        P = ef["P_max"][v]
        trend[v] = (
            "increasing"
            if np.all(np.diff(P) > 0)
            else "decreasing"
            if np.all(np.diff(P) < 0)
            else "mixed"
        )
    full_pm = {}
    tt = ef["t"]
    for v in RATIO_VARIANTS:
        full_pm[v] = [
            float(simulate(_ratio_params(x, v), tt, model="full").P_B.max()) for x in (0.1, 10.0)
        ]

    def at(v, x):
        return float(np.exp(np.interp(np.log(x), np.log(re_), np.log(ef["P_max"][v]))))

    for v in RATIO_VARIANTS:
        out.append(
            Claim(
                f"pmax-trend ({v})",
                "Fig. 3(e,f): the maximum short-time power increases in tandem with the "
                f"damping ratio (ratio varied with {v}).",
                f"{par}; r = kappa_b/kappa_a with {v.replace('fixed', '= 0.05 fixed')}; "
                f"max over Gamma t <= {T_SHORT:g}",
                f"P_max {trend[v]} in r: {_g(at(v, 0.1), 3)} (r = 0.1), {_g(at(v, 1.0), 3)} "
                f"(r = 1), {_g(at(v, 10.0), 3)} (r = 10)",
                f"{_g(full_pm[v][0], 3)} (r = 0.1), {_g(full_pm[v][1], 3)} (r = 10)",
                "agrees" if trend[v] == "increasing" else "differs",
                (
                    "With kappa_a fixed a larger ratio means a lossier battery, which can only "
                    "lower P_B = -Lambda_b |<b>|^2 + ...; this contradicts the paper's own Fig. "
                    "3(a-d) trend unless its ratio is defined the other way."
                    if v == "kappa_a fixed"
                    else "With kappa_b fixed a larger ratio means a less lossy charger, which "
                    "fills faster; but then steady E_B also rises with r, contrary to Fig. 3(c)."
                ),
            )
        )
    P = ef["P_max"]["kappa_a fixed"]
    m = re_ <= 1.0
    spread = float(P[m].max() / P[m].min() - 1)
    out.append(
        Claim(
            "pmax-stable",
            "Fig. 3(f): P_max is relatively stable for small damping ratio.",
            f"{par}; kappa_a = 0.05 fixed; r in [{re_[0]:g}, 1]",
            f"max/min - 1 of P_max over r <= 1: {_g(spread, 3)}",
            "(see pmax-trend rows)",
            "agrees" if spread < 0.1 else "differs",
            "For kappa_b << Gamma the battery loss hardly matters on the short time scale.",
        )
    )

    # 13. Fig. 4(a)
    fa = data["fig4a"]
    rr = fa["ratio"]
    sel = rr <= 10.0
    dev = float(np.max(np.abs(fa["E_EP"][sel] / fa["E_NR"][sel] - 1)))
    dev_all = float(np.max(np.abs(fa["E_EP"] / fa["E_NR"] - 1)))
    i_1 = int(np.argmin(np.abs(np.log(rr))))
    ep10 = _pick_ep(_ratio_params(10.0, "kappa_a fixed"), "J", 0.5).params
    out.append(
        Claim(
            "fig4a",
            "Fig. 4(a): at zero detuning a smaller r gives more steady energy; E_NR and E_EP "
            "follow closely matched trends.",
            f"{par}; Delta = 0; EP kept by solving D = 0 for J (theta = pi/2), kappa_a = 0.05",
            f"max |E_EP/E_NR - 1| = {_g(dev, 2)} for r <= 10 ({_g(dev_all, 2)} up to "
            f"r = {rr[-1]:g}); E_NR(r = 1) = {_g(float(fa['E_NR'][i_1]))}; both decrease in r",
            f"E_EP(r = 10) = {_g(steady_state(ep10, model='full').E_B)} "
            f"(effective {_g(steady_state(ep10).E_B)})",
            "agrees"
            if dev < 0.05 and np.all(np.diff(fa["E_NR"]) < 0) and np.all(np.diff(fa["E_EP"]) < 0)
            else "differs",
            "At Delta = 0 the EP needs J^2 = Gamma^2/4 + (Lambda_a - Lambda_b)^2/16, only "
            "slightly above Gamma^2/4 while kappa_b << Gamma; the curves part only for "
            "kappa_b >~ Gamma.",
        )
    )

    # 14-16. Fig. 4(b)
    fb = data["fig4b"]
    d = fb["delta"]
    E = fb["E"]
    iz = int(np.argmin(np.abs(d)))
    pairs = {
        "EP kappa_b+theta": "NR charger-battery",
        "EP J": "NR charger-battery",
        "EP common kappa_b": "NR common",
        "EP common J, r = 2": "NR common, r = 2",
    }
    at_r1 = [ep for ep in pairs if "r = 2" not in ep]
    coincide0 = all(abs(E[ep][iz] / E[pairs[ep]][iz] - 1) < 1e-6 for ep in at_r1)
    out.append(
        Claim(
            "fig4b-zero",
            "Fig. 4(b): E_NR and E_EP coincide at zero detuning (best working point).",
            f"{par}; kappa_a = kappa_b = 0.05 (r = 1)",
            "E_B at zero detuning: "
            + ", ".join(f"{n}: {_g(E[n][iz], 5)}" for n in at_r1)
            + f"; NR: {_g(E['NR charger-battery'][iz], 5)} (at r = 2: EP by J "
            + f"{_g(E['EP common J, r = 2'][iz], 5)}, NR {_g(E['NR common, r = 2'][iz], 5)})",
            f"NR full: {_g(steady_state(base_params(), model='full').E_B, 5)}",
            "agrees" if coincide0 else "differs",
            "At delta = 0, r = 1 the fully nonreciprocal point is itself the EP "
            "(Lambda_a = Lambda_b, M_12 = 0), so every EP variant at r = 1 starts there.",
        )
    )
    rows = []
    verdict = "agrees"
    for ep, nr in pairs.items():
        ok = np.isfinite(E[ep]) & (np.abs(d) > 1e-12)
        diff = E[ep][ok] - E[nr][ok]
        higher = int(np.count_nonzero(diff > 1e-9 * E[nr][ok]))
        lower = int(np.count_nonzero(diff < -1e-9 * E[nr][ok]))
        same = int(ok.sum()) - higher - lower
        exist = d[np.isfinite(E[ep])]
        pos = ok & (d > 0)
        gap = E[ep][pos] - E[nr][pos]
        sgn = np.where(np.abs(gap) > 1e-9 * E[nr][pos], np.sign(gap), 0.0)
        nz = np.nonzero(sgn)[0]
        flips = nz[1:][np.diff(sgn[nz]) != 0]
        cross = f", sign change near delta = {_g(float(d[pos][flips[0]]), 2)}" if flips.size else ""
        rel = float(np.nanmax(np.abs(E[ep][ok] / E[nr][ok] - 1)))
        rows.append(
            f"{ep} vs {nr}: EP higher at {higher}, lower at {lower}, equal at {same} of "
            f"{int(ok.sum())} nonzero detunings{cross} (max relative gap {_g(rel, 2)}); "
            + (
                "EP found over the whole range"
                if exist.size == d.size
                else f"EP exists only for |delta| <= {_g(float(np.abs(exist).max()), 3)}"
            )
        )
        if lower or same:
            verdict = "differs"
    full_half = []
    for name in ("NR charger-battery", "EP kappa_b+theta", "EP J"):
        j = int(np.argmin(np.abs(d - 0.5)))
        pp = fb["params"][name][j]
        full_half.append(
            f"{name}: {_g(steady_state(pp, model='full').E_B)} (eff. {_g(E[name][j])})"
        )
    out.append(
        Claim(
            "fig4b-higher",
            "Fig. 4(b): under any finite detuning the QB at the EP retains more energy than "
            "the nonreciprocal QB (and they coincide only at zero detuning).",
            f"{par}; r = 1 unless stated; detuning in [-1.5, 1.5]; variants as in the Sec. 4 "
            "part of this report",
            "; ".join(rows),
            "at delta = 0.5: " + "; ".join(full_half),
            verdict,
            "No variant shows it for every detuning: adjusting kappa_b (with theta) lowers "
            "E_B everywhere; adjusting J raises it only up to a crossing; with a common "
            "detuning the EP condition does not depend on the detuning at all.",
        )
    )
    return out


# ----------------------------------------------------------------------------- units example
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


# ------------------------------------------------------------------------------- figures
_STYLES = (("C0", "-"), ("C3", ":"), ("C2", "-."), ("C1", "--"), ("C4", (0, (5, 1, 1, 1))))
_T_LABEL = r"$\Gamma t$  (time in units of $1/\Gamma$)"
_E_LABEL = r"$E_B$  [$\hbar\omega$]"
_P_LABEL = r"$P_B = dE_B/dt$  [$\hbar\omega\Gamma$]"
_R_LABEL = r"damping ratio $r = \kappa_b/\kappa_a$  ($\kappa_a = 0.05\,\Gamma$)"


def _figure(ncols: int = 1, width: float = 5.6):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * ncols, 4.0), layout="constrained")
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, axes


def _caption(fig, text: str) -> None:
    fig.suptitle(text, fontsize=9)


def _kind_label(kind: str) -> str:
    return (
        r"charger-battery detuning $\delta$ ($\Delta_a=0$, $\Delta_b=-\delta$)"
        if kind == "charger-battery"
        else r"common drive detuning $\Delta_a=\Delta_b=\Delta$"
    )


def _plot_fig2a(a: dict, path: Path) -> None:
    fig, axes = _figure(2)
    for ax, kind in zip(axes, DETUNING_KINDS, strict=True):
        for i, dval in enumerate(a["detunings"]):
            col, ls = _STYLES[i]
            ax.plot(a["t"], a["E_B"][kind][i], color=col, ls=ls, label=rf"{dval:g}$\,\Gamma$")
        ax.set_xlabel(_T_LABEL)
        ax.set_ylabel(_E_LABEL)
        ax.set_title(_kind_label(kind), fontsize=9)
        ax.legend(title="detuning")
    _caption(
        fig, r"Fig. 2(a): battery energy from vacuum, nonreciprocal, $\kappa_a=\kappa_b=0.05\Gamma$"
    )
    fig.savefig(path, dpi=110)


def _plot_fig2b(b: dict, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.5)
    ax.semilogx(b["kappa_b"], b["eta"], color="C0", label=r"$\eta_{ss} = E_B/(E_A+E_B)$")
    ax.axhline(0.5, color="0.6", lw=0.8)
    ax.axvline(1.0, color="0.6", lw=0.8, ls=":")
    eta05 = float(np.interp(np.log(0.05), np.log(b["kappa_b"]), b["eta"]))
    ax.plot([0.05], [eta05], "o", color="C0", label=rf"$\kappa_b=0.05\Gamma$: $\eta={eta05:.3f}$")
    ax.set_xlabel(r"$\kappa_b/\Gamma$")
    ax.set_ylabel(r"steady-state efficiency $\eta_{ss}$")
    ax2 = ax.twinx()
    ax2.semilogx(b["kappa_b"], b["R"], color="C3", ls="--", label=r"$R_{ss} = E_B/E_A$")
    ax2.axhline(4.0, color="C3", lw=0.6, ls=":")
    ax2.set_ylabel(r"$R_{ss} = E_B/E_A$ (dashed)")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="lower left", fontsize=8)
    _caption(
        fig,
        r"Fig. 2(b): steady state at resonance, nonreciprocal ($R\to 4$ as $\kappa_b/\Gamma\to 0$)",
    )
    fig.savefig(path, dpi=110)


def _plot_fig2c(c: dict, path: Path) -> None:
    fig, axes = _figure(2)
    names = (r"\pi/2", r"3\pi/8", r"\pi/4", r"\pi/8", "0")
    m = c["t"] <= 150
    for i, nm in enumerate(names):
        col, ls = _STYLES[i]
        axes[0].plot(c["t"][m], c["E_B"][i][m], color=col, ls=ls, label=rf"$\theta={nm}$")
        axes[1].plot(c["t"][m], c["P_B"][i][m], color=col, ls=ls, label=rf"$\theta={nm}$")
    axes[0].legend(fontsize=8, loc="upper right")
    axes[0].set_ylabel(_E_LABEL)
    axes[1].set_ylabel(_P_LABEL)
    axes[1].axhline(0, color="0.5", lw=0.6)
    axes[1].legend(fontsize=8)
    for ax in axes:
        ax.set_xlabel(_T_LABEL)
    _caption(
        fig,
        r"Fig. 2(c): phase $\theta$ away from $\pi/2$ ($J=\Gamma/2$, resonance): backflow ($P_B<0$) and slow relaxation",
    )
    fig.savefig(path, dpi=110)


def _plot_fig2d(dd: dict, path: Path) -> None:
    fig, axes = _figure(2)
    for ax, kind in zip(axes, DETUNING_KINDS, strict=True):
        for i, dval in enumerate(dd["detunings"]):
            col, ls = _STYLES[i]
            ax.plot(dd["t"], dd["P_B"][kind][i], color=col, ls=ls, label=rf"{dval:g}$\,\Gamma$")
            tp, pp = dd["t_peak"][kind][i], dd["P_peak"][kind][i]
            ax.plot([tp], [pp], "v", color=col)
            ax.annotate(
                f"{pp:.3g}", (tp, pp), textcoords="offset points", xytext=(4, 4), fontsize=8
            )
        ax.axhline(0, color="0.5", lw=0.6)
        ax.set_xlabel(_T_LABEL)
        ax.set_ylabel(_P_LABEL)
        ax.set_title(_kind_label(kind), fontsize=9)
        ax.legend(title="detuning (peak marked)", fontsize=8)
    _caption(fig, r"Fig. 2(d): charging power, $F=0.5\Gamma$ (powers scale as $F^2$)")
    fig.savefig(path, dpi=110)


def _map(ax, fig, x, y, z, label: str, cmap: str = "viridis") -> None:
    mesh = ax.pcolormesh(x, y, np.ma.masked_invalid(z.T), shading="auto", cmap=cmap)
    ax.set_xscale("log")
    fig.colorbar(mesh, ax=ax, label=label)


def _plot_fig3a(ab: dict, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.5)
    _map(ax, fig, ab["ratio"], ab["t"], ab["E_B"], r"$E_B$ [$\hbar\omega$]")
    ax.set_xlabel(_R_LABEL)
    ax.set_ylabel(_T_LABEL)
    _caption(fig, r"Fig. 3(a): battery energy over damping ratio and time")
    fig.savefig(path, dpi=110)


def _plot_fig3b(ab: dict, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.5)
    _map(ax, fig, ab["ratio"], ab["t"], ab["eta"], r"$\eta = E_B/(E_A+E_B)$", "magma")
    ax.set_xlabel(_R_LABEL)
    ax.set_ylabel(_T_LABEL)
    _caption(fig, r"Fig. 3(b): efficiency over damping ratio and time (undefined at $t=0$)")
    fig.savefig(path, dpi=110)


def _plot_fig3cd(cd: dict, key: str, ylabel: str, title: str, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.0)
    ax.semilogx(
        cd["ratio"], cd[key]["kappa_a fixed"], color="C0", label=r"$\kappa_a=0.05\Gamma$ fixed"
    )
    ax.semilogx(
        cd["ratio"],
        cd[key]["kappa_b fixed"],
        color="0.5",
        ls="--",
        label=r"$\kappa_b=0.05\Gamma$ fixed (variant)",
    )
    ax.axvline(1.0, color="0.6", lw=0.8, ls=":", label=r"balanced $\kappa_a=\kappa_b$")
    ax.set_xlabel(r"damping ratio $r = \kappa_b/\kappa_a$")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    _caption(fig, title)
    fig.savefig(path, dpi=110)


def _plot_fig3e(ef: dict, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.5)
    _map(
        ax,
        fig,
        ef["ratio"],
        ef["t"],
        ef["P_running_max"],
        r"$\max_{t'\leq t} P_B(t')$ [$\hbar\omega\Gamma$]",
        "coolwarm",
    )
    ax.plot(
        ef["ratio"], ef["t_max"]["kappa_a fixed"], color="k", lw=1, label=r"time of the maximum"
    )
    ax.set_xlabel(_R_LABEL)
    ax.set_ylabel(_T_LABEL)
    ax.legend(fontsize=8, loc="upper right")
    _caption(fig, r"Fig. 3(e): maximum short-time charging power over damping ratio and time")
    fig.savefig(path, dpi=110)


def _plot_fig3f(ef: dict, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.0)
    ax.semilogx(
        ef["ratio"], ef["P_max"]["kappa_a fixed"], color="C0", label=r"$\kappa_a=0.05\Gamma$ fixed"
    )
    ax.semilogx(
        ef["ratio"],
        ef["P_max"]["kappa_b fixed"],
        color="0.5",
        ls="--",
        label=r"$\kappa_b=0.05\Gamma$ fixed (variant)",
    )
    ax.axvline(1.0, color="0.6", lw=0.8, ls=":", label=r"balanced $\kappa_a=\kappa_b$")
    ax.set_xlabel(r"damping ratio $r = \kappa_b/\kappa_a$")
    ax.set_ylabel(r"$P_{max} = \max_{\Gamma t\leq 10} P_B$ [$\hbar\omega\Gamma$]")
    ax.legend(fontsize=8)
    _caption(fig, r"Fig. 3(f): maximum short-time charging power vs damping ratio")
    fig.savefig(path, dpi=110)


def _plot_fig4a(fa: dict, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.0)
    ax.loglog(
        fa["ratio"], fa["E_NR"], color="C0", label=r"$E_{NR}$: fully nonreciprocal ($J=\Gamma/2$)"
    )
    ax.loglog(
        fa["ratio"],
        fa["E_EP"],
        color="C3",
        ls="--",
        label=r"$E_{EP}$: EP kept by $J$ ($\theta=\pi/2$)",
    )
    ax.set_xlabel(_R_LABEL)
    ax.set_ylabel(r"steady $E_B$ [$\hbar\omega$]")
    ax.legend(fontsize=8)
    _caption(fig, r"Fig. 4(a): nonreciprocal vs EP battery energy at zero detuning")
    fig.savefig(path, dpi=110)


def _plot_fig4b(fb: dict, path: Path) -> None:
    fig, axes = _figure(2)
    d, E = fb["delta"], fb["E"]
    ax = axes[0]
    ax.plot(d, E["NR charger-battery"], color="C0", label=r"$E_{NR}$ ($r=1$)")
    ax.plot(
        d, E["EP kappa_b+theta"], color="C3", ls="--", label=r"$E_{EP}$: $\kappa_b,\theta$ adjusted"
    )
    ax.plot(d, E["EP J"], color="C2", ls="-.", label=r"$E_{EP}$: $J$ adjusted ($r=1$)")
    ax.set_xlabel(r"charger-battery detuning $\delta/\Gamma$ ($\Delta_a = 0$)")
    ax = axes[1]
    ax.plot(d, E["NR common"], color="C0", label=r"$E_{NR}$ ($r=1$)")
    ax.plot(
        d,
        E["EP common kappa_b"],
        color="C3",
        ls="--",
        label=r"$E_{EP}$: $\kappa_b$ solved ($=\kappa_a$)",
    )
    ax.plot(d, E["NR common, r = 2"], color="C1", label=r"$E_{NR}$ ($r=2$)")
    ax.plot(d, E["EP common J, r = 2"], color="C4", ls=":", label=r"$E_{EP}$: $J$ adjusted ($r=2$)")
    ax.set_xlabel(r"common drive detuning $\Delta/\Gamma$ ($\Delta_a=\Delta_b$)")
    for ax in axes:
        ax.set_ylabel(r"steady $E_B$ [$\hbar\omega$]")
        ax.legend(fontsize=7)
    _caption(
        fig,
        r"Fig. 4(b): nonreciprocal vs EP battery energy under detuning (EP curves end where no EP exists)",
    )
    fig.savefig(path, dpi=110)


#: panel -> (data group of :data:`DATA_FUNCTIONS`, plotting function(data, path)).
_PLOTS: dict[str, tuple[str, Callable[[dict, Path], None]]] = {
    "fig2a": ("fig2a", _plot_fig2a),
    "fig2b": ("fig2b", _plot_fig2b),
    "fig2c": ("fig2c", _plot_fig2c),
    "fig2d": ("fig2d", _plot_fig2d),
    "fig3a": ("fig3ab", _plot_fig3a),
    "fig3b": ("fig3ab", _plot_fig3b),
    "fig3c": (
        "fig3cd",
        lambda cd, p: _plot_fig3cd(
            cd,
            "E_B",
            r"steady $E_B$ [$\hbar\omega$]",
            "Fig. 3(c): steady battery energy vs damping ratio",
            p,
        ),
    ),
    "fig3d": (
        "fig3cd",
        lambda cd, p: _plot_fig3cd(
            cd,
            "eta",
            r"steady $\eta = E_B/(E_A+E_B)$",
            "Fig. 3(d): steady efficiency vs damping ratio",
            p,
        ),
    ),
    "fig3e": ("fig3ef", _plot_fig3e),
    "fig3f": ("fig3ef", _plot_fig3f),
    "fig4a": ("fig4a", _plot_fig4a),
    "fig4b": ("fig4b", _plot_fig4b),
}


# ------------------------------------------------------------------------------- report
def _md_escape(s: str) -> str:
    return s.replace("|", "\\|")


def _report(data: dict, found: list[Claim], units: dict, coarse: bool) -> str:
    fb = data["fig4b"]
    d = fb["delta"]
    gap_r2 = float(np.max(np.abs(fb["E"]["EP common J, r = 2"] / fb["E"]["NR common, r = 2"] - 1)))
    lines = [
        "# Reproduction of the seed paper (`nrqb reproduce`)",
        "",
        "Generated by `nrqb reproduce`" + (" (coarse grids)" if coarse else "") + ". The "
        "seed lost its equations and most numbers, so the parameters below are the package's "
        "choice, fixed before comparing; nothing was tuned to match a sentence.",
        "",
        "## Parameters and conventions",
        "",
        "- Units: rates in units of the derived dissipative coupling Gamma = 4 g_a g_b/kappa_c, "
        "times in 1/Gamma; omega_a = omega_b = 1, so energies are in units of hbar omega and "
        "powers in hbar omega Gamma.",
        f"- *base*: Gamma = {GAMMA:g}, kappa_c = {KAPPA_C:g} Gamma (g_a = g_b = 5 Gamma, "
        "kappa_c/g = 20: the elimination holds), Delta_c = 0, drive F = "
        f"{DRIVE:g} Gamma, omega_a = omega_b = 1, vacuum initial state; J, theta as below.",
        "- Fully nonreciprocal QB (NR): J and theta from the derived M_12 = 0 "
        "(J = Gamma/2, theta = pi/2); kappa_a = kappa_b = 0.05 Gamma unless swept.",
        "- Damping ratio r = kappa_b/kappa_a with kappa_a = 0.05 Gamma fixed (variant: "
        "kappa_b = 0.05 Gamma fixed, kappa_a = kappa_b/r).",
        "- Detunings: *charger-battery* delta = Delta_a - Delta_b with Delta_a = 0 (drive "
        "resonant with the charger) and *common* Delta_a = Delta_b = Delta (drive detuned from "
        "both; Delta_c = 0 held, so the NR couplings are unchanged).",
        f"- Detunings of Figs. 2(a,d): {', '.join(f'{x:g}' for x in DETUNINGS)} Gamma; phases "
        "of Fig. 2(c): pi/2, 3pi/8, pi/4, pi/8, 0 (J = Gamma/2 held).",
        f"- Steady states of sweeps: the grid kernel at Gamma t = {T_STEADY:g} (checked against "
        f"{2 * T_STEADY:g}).",
        "- *Full model*: the three-mode moment equations without elimination at the same "
        'parameters (`model="full"`). Its steady states equal the effective ones to rounding: '
        "with Delta_c fixed and E = 0 in the drive frame, eliminating c is exact at zero "
        "frequency. Transients (peak powers, E_B at a fixed time) differ at order "
        "(g/kappa_c)^2 = 0.25 %.",
        "",
        "## Claims",
        "",
        "| # | Claim (paper) | Parameters | Package (effective) | Full model | Verdict | Why |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, c in enumerate(found, 1):
        lines.append(
            f"| {i} | {_md_escape(c.paper)} | {_md_escape(c.parameters)} | "
            f"{_md_escape(c.package)} | {_md_escape(c.full)} | **{c.verdict}** | "
            f"{_md_escape(c.why)} |"
        )
    lines += [
        "",
        "## Sec. 4: which detuning, which parameter keeps the EP",
        "",
        "The drift matrix of the effective model has discriminant "
        "D = (M_11 - M_22)^2 + 4 M_12 M_21; with J = Gamma/2, "
        "4 M_12 M_21 = 2 i Gamma^2 cos(theta). Consequences, checked by the package's EP solver "
        "(`exceptional_points`):",
        "",
        "- *Common detuning* (Delta_a = Delta_b): M_11 - M_22 does not contain Delta, so the EP "
        "condition is independent of the detuning. Solving D = 0 for kappa_b (theta = pi/2) "
        "returns kappa_b = kappa_a at every Delta: the EP QB *is* the NR QB at r = 1, and the "
        "curves coincide at every detuning. At r = 2 the EP is kept by J "
        "(J^2 = Gamma^2/4 + (Lambda_a - Lambda_b)^2/16) and differs from NR by at most "
        f"{_g(gap_r2, 2)} (relative).",
        "- *Charger-battery detuning* delta, J = Gamma/2: D = 0 needs "
        "|Lambda_b - Lambda_a| = 2|delta| **and** cos(theta) = delta (Lambda_b - Lambda_a)/"
        "(2 Gamma^2). Adjusting kappa_b alone (theta = pi/2) keeps no EP at delta != 0 (the "
        "solver finds none); adjusting theta alone only at the one detuning "
        "|delta| = |Lambda_b - Lambda_a|/2. The paper's 'adjusting the ratio' therefore means "
        "kappa_b = kappa_a + 2|delta| together with theta (variant *kappa_b+theta*); it exists "
        "for |delta| <= Gamma (the other branch, kappa_b = kappa_a - 2|delta|, only for "
        "|delta| <= kappa_a/2).",
        "- *Charger-battery detuning, r = 1 kept, J adjusted* (theta = pi/2): "
        "J = sqrt(Gamma^2 - delta^2)/2, for |delta| < Gamma (variant *J*).",
        "",
        "Steady E_B (effective model) at a few detunings (nan: no EP exists):",
        "",
        "| detuning / Gamma | " + " | ".join(fb["E"].keys()) + " |",
        "|---" * (len(fb["E"]) + 1) + "|",
    ]
    for x in (0.0, 0.25, 0.5, 0.75, 0.95, 1.25):
        j = int(np.argmin(np.abs(d - x)))
        lines.append(
            f"| {d[j]:.3g} | " + " | ".join(_g(float(v[j])) for v in fb["E"].values()) + " |"
        )
    lines += [
        "",
        "Solved EP parameter at the same detunings: "
        + "; ".join(
            f"{n}: "
            + ", ".join(
                _g(float(v[int(np.argmin(np.abs(d - x)))]), 4) for x in (0.0, 0.25, 0.5, 0.75, 0.95)
            )
            for n, v in fb["ep_value"].items()
        )
        + " (theta in rad, rates in Gamma).",
        "",
        "Trend of the paper (EP above NR at every finite detuning, equal only at zero): not "
        "found in any variant. *kappa_b+theta*: the EP QB is below NR at every delta != 0 (the "
        "extra battery loss 2|delta| dominates). *J*: above NR for small |delta|, equal at a "
        "crossing, below beyond it, and no EP for |delta| >= Gamma. *common*: identical (r = 1) "
        "or nearly so (r = 2).",
        "",
        "## Physical units (Sec. 5, circuit QED)",
        "",
        "Convention: rates are quoted as ordinary frequencies x/2pi in MHz (e.g. "
        "`kappa_c = 20 MHz` means kappa_c/2pi = 20 MHz); the package multiplies by 2pi to get "
        "the angular rates of the master equation (pint alone would read 1 MHz as 1/us). "
        "Ratios of rates are convention-free; times are t = (Gamma t)/Gamma with the *angular* "
        "Gamma = 2pi x (Gamma/2pi). **The numbers are illustrative**: the seed lost the "
        "experimental values of its Sec. 5.",
        "",
        "Inputs: "
        + ", ".join(f"{k}/2pi = {v}" for k, v in units["inputs"].items())
        + "; J, theta from the nonreciprocity condition.",
        "",
        f"- Derived Gamma/2pi = {units['gamma'].to('MHz').magnitude:.6g} MHz "
        "(= 4 (g_a/2pi)(g_b/2pi)/(kappa_c/2pi)); 1/Gamma = "
        f"{units['t_us'][0].to('microsecond').magnitude:.4g} us.",
        "- Dimensionless parameters (units of Gamma): "
        + ", ".join(
            f"{k} = {v:.4g}"
            for k, v in units["dimensionless"].params.as_dict().items()
            if k not in ("omega_a", "omega_b")
        )
        + ".",
        "- Back to physical units: "
        + ", ".join(
            f"{k}/2pi = {q.to('MHz').magnitude:.4g} MHz"
            for k, q in units["back"].items()
            if k != "theta"
        )
        + f", theta = {units['back']['theta'].to('radian').magnitude:.4f} rad.",
        "- E_B at t = "
        + ", ".join(
            f"{tt.to('microsecond').magnitude:.3g} us (Gamma t = {x:g}): {e:.4g}"
            for tt, x, e in zip(units["t_us"], units["tau"], units["E_B"], strict=True)
        )
        + f" (hbar omega); steady E_B = {units['ss_eff'].E_B:.5g} effective, "
        f"{units['ss_full'].E_B:.5g} full model.",
        "",
        "## Panels",
        "",
    ]
    for name in PANELS:
        lines.append(f"- `{name}.png`")
    lines.append("")
    return "\n".join(lines)


def run(out: Path, coarse: bool = False) -> dict:
    """Write every panel (PNG) and ``REPRODUCTION.md`` into ``out``.

    A tqdm bar (stderr) advances per panel (computing the panel's data with the grid kernel on
    first use, then plotting), then once for the claims table (full-model checks) and report.

    Returns:
        dict with ``figures`` (panel name -> path), ``report`` (path), ``claims`` (list of
        :class:`Claim`) and ``data`` (data-group name -> data dict).
    """
    import matplotlib

    matplotlib.use("Agg")
    from tqdm import tqdm

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data: dict[str, dict] = {}
    figures: dict[str, Path] = {}
    with tqdm(total=len(PANELS) + 1, desc="nrqb reproduce", unit="panel") as bar:
        for name in PANELS:
            group, plot = _PLOTS[name]
            bar.set_postfix_str(name)
            if group not in data:
                data[group] = DATA_FUNCTIONS[group](coarse)
            path = out / f"{name}.png"
            plot(data[group], path)
            figures[name] = path
            bar.update()
        bar.set_postfix_str("claims, full model, units")
        found = claims(data)
        units = units_example()
        report = out / "REPRODUCTION.md"
        report.write_text(_report(data, found, units, coarse))
        bar.update()
    return {"figures": figures, "report": report, "claims": found, "data": data}
