r"""Validation against QuTiP and the elimination-validity map.

:func:`qutip_comparison` translates the SymPy model (the same :func:`three_mode_model` every
kernel comes from) into QuTiP operators on a truncated Fock space, mechanically: each
normal-ordered monomial of :math:`H` becomes a product of ``destroy``/``create`` matrices and each
dissipator ``rate * D[op]`` a collapse operator :math:`\sqrt{\text{rate}}\,op`.  ``qutip.mesolve``
then integrates the density matrix, which is an independent computation from the moment
equations the kernels solve.  QuTiP is optional (``pip install qutip``).

:func:`validity_map` evaluates :func:`~nrqb_sym.runtime.simulation.elimination_error` over a grid of
:math:`\kappa_c/g` and :math:`\Delta_c/\kappa_c` at fixed :math:`\Gamma`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..model.core import three_mode_model
from ..model.operators import monomials, normal_order
from .simulation import InitialState, ParameterError, Params, simulate

__all__ = [
    "QutipComparison",
    "qutip_comparison",
    "qutip_moments",
    "qutip_available",
    "validity_map",
]

QUTIP_HINT = "qutip is not installed: pip install qutip  (or: pip install -e '.[qutip]')"


def qutip_available() -> bool:
    """Whether QuTiP can be imported."""
    try:
        import qutip  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class QutipComparison:
    """Moments from ``qutip.mesolve`` and from the package's full-model kernels."""

    t: np.ndarray
    qutip: dict[str, np.ndarray]
    kernels: dict[str, np.ndarray]
    rel_error: dict[str, float]
    cutoff: int
    max_population_top: float

    @property
    def max_rel_error(self) -> float:
        return max(self.rel_error.values())


def _qutip_operators(cutoff: int):
    import qutip

    eye = qutip.qeye(cutoff)
    ops = {}
    for k, name in enumerate(("a", "b", "c")):
        factors = [eye, eye, eye]
        factors[k] = qutip.destroy(cutoff)
        ops[name] = qutip.tensor(*factors)
    return ops


def _to_qutip(expr, ops, values):
    """A normal-ordered SymPy operator polynomial as a QuTiP operator."""
    out = 0
    for key, coeff in monomials(normal_order(expr)).items():
        c = complex(sp.N(coeff.subs(values), 17))
        if c == 0:
            continue
        term = None
        for m, nd, _ in key:
            for _ in range(nd):
                term = ops[m].dag() if term is None else term * ops[m].dag()
        for m, _, na in key:
            for _ in range(na):
                term = ops[m] if term is None else term * ops[m]
        out = out + c * term
    return out


def _initial_state(initial: InitialState, cutoff: int):
    import qutip

    def single(amp, n):
        rho = qutip.thermal_dm(cutoff, n) if n > 0 else qutip.fock_dm(cutoff, 0)
        D = qutip.displace(cutoff, amp)
        return D * rho * D.dag()

    return qutip.tensor(
        single(initial.alpha, initial.n_a0),
        single(initial.beta, initial.n_b0),
        single(initial.gamma, initial.n_c0),
    )


def qutip_moments(
    params: Params,
    t,
    initial: InitialState | None = None,
    cutoff: int = 5,
    check_truncation: bool = True,
) -> tuple[dict[str, np.ndarray], float]:
    """``<a>``, ``<b>``, ``<a'a>``, ``<b'b>`` of the full model from ``qutip.mesolve``.

    Returns the moments and the largest population of the highest Fock level kept in any mode
    (``nan`` without ``check_truncation``, which skips storing the states).
    """
    try:
        import qutip
    except ImportError:
        raise ParameterError("qutip", QUTIP_HINT) from None
    if cutoff < 2:
        raise ParameterError("cutoff", "must be >= 2", cutoff)
    initial = initial or InitialState()
    t = np.asarray(t, dtype=float)
    model = three_mode_model()
    values = {model.params[k]: v for k, v in params.as_dict().items()}
    ops = _qutip_operators(cutoff)
    H = _to_qutip(model.hamiltonian, ops, values)
    c_ops = []
    for d in model.dissipators:
        rate = float(sp.N(d.rate.subs(values)))
        if rate > 0:
            c_ops.append(np.sqrt(rate) * _to_qutip(d.op, ops, values))
    rho0 = _initial_state(initial, cutoff)
    e_ops = {
        "<a>": ops["a"],
        "<b>": ops["b"],
        "<a' a>": ops["a"].dag() * ops["a"],
        "<b' b>": ops["b"].dag() * ops["b"],
    }
    res = qutip.mesolve(
        H,
        rho0,
        t,
        c_ops=c_ops,
        e_ops=list(e_ops.values()),
        options={
            "nsteps": 200000,
            "atol": 1e-12,
            "rtol": 1e-10,
            "store_states": check_truncation,
        },
    )
    q = {name: np.asarray(v) for name, v in zip(e_ops, res.expect, strict=True)}
    top = float("nan")
    if check_truncation:
        top = 0.0
        for state in res.states:
            for k in range(3):
                pops = state.ptrace(k).diag().real
                top = max(top, float(pops[-1]))
    return q, top


def qutip_comparison(
    params: Params, t, initial: InitialState | None = None, cutoff: int = 5
) -> QutipComparison:
    """Compare ``<a>``, ``<b>``, ``<a'a>``, ``<b'b>`` of the full model: QuTiP vs kernels.

    Relative errors are taken against the largest magnitude of each quantity over ``t``.
    ``max_population_top`` is the largest population of the highest Fock level kept in any mode
    (the truncation is trustworthy when it is small).
    """
    t = np.asarray(t, dtype=float)
    q, top = qutip_moments(params, t, initial, cutoff)
    tr = simulate(params, t, model="full", initial=initial)
    k = {"<a>": tr.alpha, "<b>": tr.beta, "<a' a>": tr.n_a, "<b' b>": tr.n_b}
    rel = {}
    for name in q:
        scale = np.max(np.abs(k[name]))
        rel[name] = float(np.max(np.abs(q[name] - k[name])) / scale) if scale > 0 else 0.0
    return QutipComparison(t, q, k, rel, cutoff, top)


def validity_map(
    Gamma: float = 1.0,
    kappa_ratio: np.ndarray | None = None,
    detuning_ratio: np.ndarray | None = None,
    kappa_a: float = 0.05,
    kappa_b: float = 0.05,
    F: float = 0.5,
    t_max: float = 20.0,
    points: int = 200,
    progress: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Relative error of ``E_B`` (effective vs full) over :math:`\kappa_c/g` and
    :math:`\Delta_c/\kappa_c`, with :math:`\Gamma` fixed and the nonreciprocal couplings re-solved
    at every point.  Returns ``(kappa_ratio, detuning_ratio, error[len(det), len(kappa)])``.
    """
    from .simulation import elimination_error

    kr = np.geomspace(3, 300, 16) if kappa_ratio is None else np.asarray(kappa_ratio, float)
    dr = np.linspace(0, 2, 11) if detuning_ratio is None else np.asarray(detuning_ratio, float)
    t = np.linspace(0, t_max, points)
    err = np.empty((dr.size, kr.size))
    cells = [(i, j) for i in range(dr.size) for j in range(kr.size)]
    it = cells
    if progress:
        from tqdm import tqdm

        it = tqdm(cells, desc="validity map", unit="pt")
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, j in it:
            # Gamma = 4 g^2 kappa_c/(4 Delta_c^2 + kappa_c^2) with kappa_c = r g,
            # Delta_c = d kappa_c: solve for kappa_c through the derived rates' scaling.
            kc = _kappa_c_for_ratio(Gamma, kr[j], dr[i])
            p = Params.nonreciprocal(Gamma, kappa_a, kappa_b, kc, F, Delta_c=dr[i] * kc)
            err[i, j] = elimination_error(p, t)["E_B"]
    return kr, dr, err


def _kappa_c_for_ratio(Gamma: float, ratio: float, det: float) -> float:
    """kappa_c such that kappa_c/g = ratio when Delta_c = det * kappa_c at the given Gamma.

    Found numerically from the derived rates (Gamma scales as g^2 at fixed kappa_c, Delta_c).
    """
    from .simulation import derived_rates

    unit = Params(
        kappa_a=0.0,
        kappa_b=0.0,
        kappa_c=1.0,
        g_a=1.0,
        g_b=1.0,
        J=0.0,
        theta=0.0,
        F=0.0,
        Delta_c=det,
    )
    # Gamma(kappa_c, g) = kappa_c^{-1} g^2 G1 with G1 = Gamma at kappa_c = g = 1 (dimensionless
    # scaling of the derived rate); with g = kappa_c/ratio: Gamma = kappa_c G1/ratio^2.
    G1 = derived_rates(unit)["Gamma"]
    return Gamma * ratio**2 / G1
