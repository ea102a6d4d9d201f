r"""Validation against QuTiP: a mechanical translation of any model file.

:func:`qutip_moments` translates the parsed model file (the same
:class:`~nrqb_sym.model.spec.ModelSpec` every kernel comes from) into QuTiP operators on a
truncated Fock space, mechanically: each normal-ordered monomial of :math:`H` becomes a product
of ``destroy``/``create`` matrices and each dissipator ``rate * D[op]`` a collapse operator
:math:`\sqrt{\text{rate}}\,op`.  ``qutip.mesolve`` then integrates the density matrix, which is
an independent computation from the moment equations the kernels solve.  QuTiP is optional
(``pip install qutip``); SymPy is needed here (the model's coefficients are evaluated from the
parsed file).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from .resources import check_allocation
from .values import ParameterError, mode_state, resolve_values

__all__ = [
    "QUTIP_HINT",
    "QutipComparison",
    "qutip_available",
    "qutip_nbytes",
    "qutip_moments",
    "qutip_comparison",
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


def qutip_moments(
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
    <nrqb_sym.runtime.model.CompiledModel.simulate>`).

    Returns:
        ``{"<m>": complex array, "<m'm>": float array}`` and the largest population of the top
        Fock level kept in any mode (``nan`` without ``check_truncation``).
    """
    try:
        import qutip
    except ImportError:
        raise ParameterError("qutip", QUTIP_HINT) from None
    if cutoff < 2:
        raise ParameterError("cutoff", "must be >= 2", cutoff)
    modes = tuple(spec.modes)
    kinds = {n: p.kind for n, p in spec.parameters.items()}
    defaults = {n: p.default for n, p in spec.parameters.items()}
    vals = resolve_values(tuple(spec.parameters), kinds, defaults, values, spec.name)
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
        alpha, n, r, phi = mode_state(m, initial[m]) if m in initial else (0j, 0.0, 0.0, 0.0)
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


def qutip_comparison(compiled, values, t, cutoff: int = 5, initial=None) -> QutipComparison:
    """``<m>`` and ``<m'm>`` of every mode of a model file's full model: QuTiP
    (:func:`qutip_moments`) vs the compiled kernels
    (:meth:`~nrqb_sym.runtime.model.CompiledModel.simulate` with ``model="full"``); relative
    errors against the largest magnitude of each quantity over ``t``."""
    t = np.asarray(t, dtype=float)
    q, top = qutip_moments(compiled.spec, values, t, cutoff, initial)
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
