r"""The parameters of the reproduction and the helpers every panel builds on.

The seed paper lost its numbers, so the parameters are chosen here, before any comparison, and
stated in the report.  Rates are in units of the derived dissipative coupling
:math:`\Gamma = 4 g_a g_b/\kappa_c`, times in :math:`1/\Gamma`:

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

Every sweep goes through :func:`~nrqb_sym.paper.api.simulate_grid` (one kernel call per panel over
all parameter points and times).  Steady states over a sweep are the same kernel evaluated at a

Steady states over a sweep are the grid kernel evaluated at a long time :data:`T_STEADY`
(:func:`steady_grid`, checked against twice that time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .api import Params, exceptional_points, simulate_grid

__all__ = [
    "GAMMA",
    "KAPPA_A",
    "KAPPA_C",
    "DRIVE",
    "DETUNINGS",
    "THETAS",
    "T_STEADY",
    "T_SHORT",
    "DETUNING_KINDS",
    "RATIO_VARIANTS",
    "FINE",
    "COARSE",
    "resolution",
    "base_params",
    "detuned",
    "ratio_params",
    "steady_grid",
    "pick_ep",
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


@dataclass(frozen=True)
class _Resolution:
    n_t: int  # points of 1-d time traces
    n_ratio: int  # points of 1-d ratio / kappa_b sweeps
    n_map_ratio: int  # ratio axis of colour maps
    n_map_t: int  # time axis of colour maps
    n_detuning: int  # detuning axis of Fig. 4(b)


FINE = _Resolution(n_t=1501, n_ratio=241, n_map_ratio=161, n_map_t=301, n_detuning=121)
COARSE = _Resolution(n_t=201, n_ratio=41, n_map_ratio=31, n_map_t=41, n_detuning=25)


def resolution(coarse: bool) -> _Resolution:
    """Grid sizes: :data:`COARSE` for a quick check, else :data:`FINE`."""
    return COARSE if coarse else FINE


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


def ratio_params(ratio: float, variant: str, **changes) -> Params:
    """The QB at damping ratio ``r = kappa_b/kappa_a`` with ``kappa_a`` (``"kappa_a fixed"``)
    or ``kappa_b`` (``"kappa_b fixed"``) held at :data:`KAPPA_A`."""
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


def pick_ep(params: Params, solve_for: str, target: float):
    """The EP root of ``solve_for`` closest to ``target`` (None if there is none)."""
    found = exceptional_points(params, solve_for)
    if not found:
        return None
    return min(found, key=lambda e: abs(e.value - target))
