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
from .resources import check_allocation
from .simulation import InitialState, ParameterError, Params, simulate

__all__ = [
    "QutipComparison",
    "qutip_comparison",
    "qutip_moments",
    "qutip_available",
    "qutip_nbytes",
    "validity_map",
    "qutip_network_moments",
    "qutip_network_comparison",
]

QUTIP_HINT = "qutip is not installed: pip install qutip  (or: pip install -e '.[qutip]')"


#: Peak memory of ``qutip.mesolve`` per element of Liouville space (dim^2 with dim = cutoff^modes),
#: measured with QuTiP 5.3 on the three-mode model at cutoffs 6 and 8 (about 750 bytes: the
#: sparse Liouvillian with its indices and the ODE solver's working copies of the state).
LIOUVILLE_BYTES = 800


def qutip_nbytes(cutoff: int, n_times: int = 0, modes: int = 3) -> int:
    """Estimated peak memory (bytes) of :func:`qutip_moments`: :data:`LIOUVILLE_BYTES` per
    element of Liouville space plus one stored density matrix (16 bytes per element) per time."""
    dim2 = int(cutoff) ** (2 * int(modes))
    return dim2 * (LIOUVILLE_BYTES + 16 * int(n_times))


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
    progress: bool = False,
) -> tuple[dict[str, np.ndarray], float]:
    """``<a>``, ``<b>``, ``<a'a>``, ``<b'b>`` of the full model from ``qutip.mesolve``.

    Returns the moments and the largest population of the highest Fock level kept in any mode
    (``nan`` without ``check_truncation``, which skips storing the states).  ``progress``: a
    tqdm bar over the times on stderr.
    """
    try:
        import qutip
    except ImportError:
        raise ParameterError("qutip", QUTIP_HINT) from None
    if cutoff < 2:
        raise ParameterError("cutoff", "must be >= 2", cutoff)
    initial = initial or InitialState()
    t = np.asarray(t, dtype=float)
    check_allocation(
        qutip_nbytes(cutoff, t.size if check_truncation else 0),
        f"cutoff {cutoff}",
        purpose=f"for qutip.mesolve (Fock space of dimension {cutoff}^3)",
        hint="lower the cutoff",
    )
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
            "progress_bar": "tqdm" if progress else "",
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
    params: Params,
    t,
    initial: InitialState | None = None,
    cutoff: int = 5,
    progress: bool = False,
) -> QutipComparison:
    """Compare ``<a>``, ``<b>``, ``<a'a>``, ``<b'b>`` of the full model: QuTiP vs kernels.

    Relative errors are taken against the largest magnitude of each quantity over ``t``.
    ``max_population_top`` is the largest population of the highest Fock level kept in any mode
    (the truncation is trustworthy when it is small).  ``progress``: a tqdm bar for mesolve.
    """
    t = np.asarray(t, dtype=float)
    q, top = qutip_moments(params, t, initial, cutoff, progress=progress)
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


# ------------------------------------------------------------------------------ model files
def _numeric(expr: sp.Expr, values: dict[str, float]) -> complex:
    """A coefficient of a model file at ``values`` (symbols matched by name)."""
    expr = sp.sympify(expr)
    subs = {s: sp.Float(values[s.name], 17) for s in expr.free_symbols}
    return complex(sp.N(expr.xreplace(subs), 17))


def _poly_qutip(poly, ops: dict, identity, values: dict[str, float]):
    """A normal-ordered :data:`~nrqb_sym.model.algebra.Poly` as a QuTiP operator: each
    monomial ``((mode, n_dagger, n), ...)`` becomes the product of ``create^n_dagger
    destroy^n`` per mode (different modes commute)."""
    out = 0 * identity
    for key, coeff in poly.items():
        c = _numeric(coeff, values)
        if c == 0:
            continue
        term = identity
        for m, nd, na in key:
            for _ in range(nd):
                term = term * ops[m].dag()
            for _ in range(na):
                term = term * ops[m]
        out = out + c * term
    return out


def qutip_network_moments(
    spec,
    values,
    t,
    cutoff: int = 5,
    initial=None,
    check_truncation: bool = True,
) -> tuple[dict[str, np.ndarray], float]:
    r"""``<m>`` and ``<m'm>`` of every mode of a model file from ``qutip.mesolve``.

    The :class:`~nrqb_sym.model.spec.ModelSpec` is translated mechanically on a truncated Fock
    space (``cutoff`` levels per mode): :math:`H` from its normal-ordered monomials, one collapse
    operator :math:`\sqrt{\gamma_k}L_k` per dissipator with :math:`\gamma_k > 0`; the start is
    the product of displaced squeezed thermal states :math:`D(\alpha)S(re^{i\phi})\rho_n
    S^\dagger D^\dagger` (``initial`` as in :meth:`CompiledModel.simulate
    <nrqb_sym.runtime.network.CompiledModel.simulate>`).

    Returns:
        ``{"<m>": complex array, "<m'm>": float array}`` and the largest population of the top
        Fock level kept in any mode (``nan`` without ``check_truncation``).
    """
    from .network import mode_parameters, resolve_values

    try:
        import qutip
    except ImportError:
        raise ParameterError("qutip", QUTIP_HINT) from None
    if cutoff < 2:
        raise ParameterError("cutoff", "must be >= 2", cutoff)
    modes = tuple(spec.modes)
    vals = resolve_values(spec.parameters, values, spec.name)
    initial = {} if initial is None else dict(initial)
    for m in initial:
        if m not in modes:
            raise ParameterError(f"initial[{m!r}]", f"not a mode (modes: {', '.join(modes)})")
    t = np.asarray(t, dtype=float)
    check_allocation(
        qutip_nbytes(cutoff, t.size if check_truncation else 0, len(modes)),
        f"cutoff {cutoff}",
        purpose=f"for qutip.mesolve ({len(modes)} modes)",
        hint="lower the cutoff",
    )
    eye = qutip.qeye(cutoff)
    ops = {}
    for k, m in enumerate(modes):
        factors = [eye] * len(modes)
        factors[k] = qutip.destroy(cutoff)
        ops[m] = qutip.tensor(*factors)
    identity = qutip.tensor(*([eye] * len(modes)))
    H = _poly_qutip(spec.hamiltonian, ops, identity, vals)
    c_ops = []
    for ch in spec.channels:
        rate = _numeric(ch.rate, vals).real
        if rate > 0:
            c_ops.append(np.sqrt(rate) * _poly_qutip(ch.operator, ops, identity, vals))
    states = []
    for m in modes:
        alpha, n, r, phi = mode_parameters(m, initial[m]) if m in initial else (0j, 0.0, 0.0, 0.0)
        rho = qutip.thermal_dm(cutoff, n) if n > 0 else qutip.fock_dm(cutoff, 0)
        if r != 0:
            S = qutip.squeeze(cutoff, r * np.exp(1j * phi))
            rho = S * rho * S.dag()
        if alpha != 0:
            D = qutip.displace(cutoff, alpha)
            rho = D * rho * D.dag()
        states.append(rho)
    rho0 = qutip.tensor(*states)
    e_ops, hermitian = {}, set()
    for m in modes:
        e_ops[f"<{m}>"] = ops[m]
        e_ops[f"<{m}'{m}>"] = ops[m].dag() * ops[m]
        hermitian.add(f"<{m}'{m}>")
    res = qutip.mesolve(
        H,
        rho0,
        t,
        c_ops=c_ops,
        e_ops=list(e_ops.values()),
        options={"nsteps": 200000, "atol": 1e-12, "rtol": 1e-10, "store_states": check_truncation},
    )
    q = {}
    for name, v in zip(e_ops, res.expect, strict=True):
        v = np.asarray(v)
        q[name] = v.real if name in hermitian else v
    top = float("nan")
    if check_truncation:
        top = 0.0
        for state in res.states:
            for k in range(len(modes)):
                top = max(top, float(state.ptrace(k).diag().real[-1]))
    return q, top


def qutip_network_comparison(compiled, values, t, cutoff: int = 5, initial=None) -> QutipComparison:
    """``<m>`` and ``<m'm>`` of every mode of a model file's full model: QuTiP
    (:func:`qutip_network_moments`) vs the compiled kernels
    (:meth:`~nrqb_sym.runtime.network.CompiledModel.simulate` with ``model="full"``); relative
    errors against the largest magnitude of each quantity over ``t``."""
    t = np.asarray(t, dtype=float)
    q, top = qutip_network_moments(compiled.spec, values, t, cutoff, initial)
    tr = compiled.simulate(values, t, model="full", initial=initial)
    k = {}
    for m in compiled.modes:
        k[f"<{m}>"] = tr.amplitude[m]
        k[f"<{m}'{m}>"] = tr.occupation[m]
    rel = {}
    for name in q:
        scale = np.max(np.abs(k[name]))
        diff = np.max(np.abs(q[name] - k[name]))
        rel[name] = float(diff / scale) if scale > 0 else float(diff)
    return QutipComparison(t, q, k, rel, cutoff, top)
