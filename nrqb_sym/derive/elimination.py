r"""Stage 2 - projection-operator elimination of the bad cavity (paper Eq. 2 and Appendix A).

On the single-excitation space the model's Hamiltonian is the matrix :math:`h_{ij}` of
:math:`H = \sum_{ij} h_{ij} x_i^\dagger x_j + \dots`.  With :math:`P` projecting onto the kept modes
and :math:`Q` onto the eliminated one, whose non-Hermitian energy includes its decay,
:math:`QHQ = \Delta_c - i\kappa_c/2`,

.. math::

    H_\text{eff} = PHP + PHQ\,(E - QHQ)^{-1}\,QHP, \qquad E = 0 \text{ in the drive frame.}

:math:`H_\text{eff} = H_h - \tfrac{i}{2} G` splits into a Hermitian part (coherent coupling plus
the frequency shifts) and a positive semidefinite rank-one matrix
:math:`G = \gamma\, v v^\dagger`, :math:`v = PHQ`, :math:`\gamma = -2\,\mathrm{Im}\,(E-QHQ)^{-1}`.
The equivalent Lindblad form keeps :math:`H_h` and adds one collective jump operator
:math:`L_c = \sqrt{\gamma}\sum_i v_i x_i`; at :math:`\Delta_c = 0` this is
:math:`L_c = (2/\sqrt{\kappa_c})(g_a a + g_b b)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.physics.quantum import Dagger

from ..model.core import Dissipator, Model, mode
from ..model.operators import monomials, normal_order

__all__ = ["Elimination", "single_excitation_matrix", "eliminate"]

#: The energy of the projected subspace, set to zero in the drive frame after the projection.
E = sp.Symbol("E", real=True)


@dataclass(frozen=True)
class Elimination:
    r"""Result of eliminating one mode.

    Attributes:
        kept: the modes kept (P space), in matrix order.
        eliminated: the eliminated mode (Q space).
        PHP, PHQ, QHP, QHQ: the projected blocks; ``QHQ`` includes the eliminated mode's decay.
        H_eff_E: :math:`H_\text{eff}` with the energy ``E`` still symbolic.
        H_eff: :math:`H_\text{eff}` at ``E = 0``, a non-Hermitian matrix on the kept modes.
        H_herm: its Hermitian part.
        G: the dissipative matrix, :math:`H_\text{eff} = H_h - \tfrac{i}{2}G`.
        gamma: the collective decay rate :math:`\gamma` of :math:`L_c = \sqrt\gamma\sum_i v_i x_i`.
        jump: the collective jump operator :math:`L_c`.
        effective: the equivalent Lindblad model on the kept modes.
        definitions: named derived quantities (``Gamma_a``, ``Gamma``, ``Lambda_a``, shifts, ...).
    """

    kept: tuple[str, ...]
    eliminated: str
    PHP: sp.Matrix
    PHQ: sp.Matrix
    QHP: sp.Matrix
    QHQ: sp.Expr
    H_eff_E: sp.Matrix
    H_eff: sp.Matrix
    H_herm: sp.Matrix
    G: sp.Matrix
    gamma: sp.Expr
    jump: sp.Expr
    effective: Model
    definitions: dict[str, sp.Expr]


def single_excitation_matrix(model: Model) -> tuple[sp.Matrix, dict[tuple, sp.Expr]]:
    r"""The matrix :math:`h_{ij}` of the quadratic part :math:`\sum h_{ij}x_i^\dagger x_j` of H.

    Returns:
        ``(h, rest)``: ``h`` in :attr:`Model.modes` order, and the remaining (non-quadratic)
        normal-ordered monomials of H with their coefficients (the drive terms).
    """
    terms = monomials(normal_order(model.hamiltonian))
    idx = {m: i for i, m in enumerate(model.modes)}
    n = len(model.modes)
    h = sp.zeros(n, n)
    rest = {}
    for key, coeff in terms.items():
        degrees = [(m, nd, na) for m, nd, na in key]
        if sum(nd + na for _, nd, na in degrees) == 2 and sum(nd for _, nd, _ in degrees) == 1:
            i = next(idx[m] for m, nd, _ in degrees if nd)
            j = next(idx[m] for m, _, na in degrees if na)
            h[i, j] += coeff
        else:
            rest[key] = coeff
    return h, rest


def _local_rate(model: Model, name: str) -> sp.Expr:
    r"""Net amplitude-decay rate (times 2) of a mode: :math:`\sum\gamma_{D[x]} - \sum\gamma_{D[x^\dagger]}`."""
    rate = sp.S.Zero
    for d in model.dissipators:
        if d.op == mode(name):
            rate += d.rate
        elif d.op == Dagger(mode(name)):
            rate -= d.rate
    return sp.simplify(rate)


def eliminate(model: Model, eliminated: str = "c") -> Elimination:
    """Eliminate the mode ``eliminated`` by the projection-operator method (see module docstring).

    Args:
        model: the full model; its drive must not act on the eliminated mode.
        eliminated: name of the strongly damped mode to eliminate.
    """
    h, rest = single_excitation_matrix(model)
    kept = tuple(m for m in model.modes if m != eliminated)
    p = [model.modes.index(m) for m in kept]
    q = model.modes.index(eliminated)
    for key in rest:
        if any(m == eliminated for m, _, _ in key):
            raise NotImplementedError(f"a term {key} acts on the eliminated mode {eliminated}")

    PHP = h.extract(p, p)
    PHQ = h.extract(p, [q])
    QHP = h.extract([q], p)
    QHQ = h[q, q] - sp.I * _local_rate(model, eliminated) / 2

    resolvent = 1 / (E - QHQ)
    H_eff_E = PHP + PHQ * resolvent * QHP
    H_eff = H_eff_E.subs(E, 0).applyfunc(sp.simplify)

    H_herm = ((H_eff + H_eff.H) / 2).applyfunc(sp.simplify)
    G = (sp.I * (H_eff - H_eff.H)).applyfunc(sp.simplify)

    # Rank-one factorisation G = gamma v v^dagger, derived from the resolvent.
    res0 = resolvent.subs(E, 0)
    gamma = sp.simplify(-2 * sp.im(res0))
    v = PHQ
    residual = (G - gamma * v * v.H).applyfunc(sp.simplify)
    if residual != sp.zeros(*G.shape):
        raise ArithmeticError(f"dissipative part is not gamma v v^dagger: residual {residual}")

    ops = [mode(m) for m in kept]
    L_op = sum((v[i] * ops[i] for i in range(len(kept))), sp.S.Zero)
    jump = sp.sqrt(gamma) * L_op

    H_L = sum(
        (
            H_herm[i, j] * Dagger(ops[i]) * ops[j]
            for i in range(len(kept))
            for j in range(len(kept))
        ),
        sp.S.Zero,
    )
    for key, coeff in rest.items():
        term = coeff
        for m, nd, na in key:
            term *= Dagger(mode(m)) ** nd * mode(m) ** na
        H_L += term

    # The eliminated mode's bath reaches the kept modes through L_c: each D[c] (D[c^dagger])
    # term of rate r becomes gamma r/kappa D[L] (D[L^dagger]), kappa the net decay of c.
    net = _local_rate(model, eliminated)
    dissipators = tuple(
        d for d in model.dissipators if d.op not in (mode(eliminated), Dagger(mode(eliminated)))
    )
    for d in model.dissipators:
        if d.op == mode(eliminated):
            dissipators += (Dissipator(sp.simplify(gamma * d.rate / net), L_op),)
        elif d.op == Dagger(mode(eliminated)):
            dissipators += (Dissipator(sp.simplify(gamma * d.rate / net), Dagger(L_op)),)
    effective = Model(
        name="effective",
        modes=kept,
        hamiltonian=H_L,
        dissipators=dissipators,
        params=model.params,
        energies=model.energies,
    )

    s = model.params
    shifts = (H_herm - PHP).applyfunc(sp.simplify)
    definitions = {
        "Gamma_a": G[0, 0],
        "Gamma_b": G[1, 1],
        "Gamma": sp.simplify(sp.re(G[0, 1])),
        "Lambda_a": s["kappa_a"] + G[0, 0],
        "Lambda_b": s["kappa_b"] + G[1, 1],
        "delta_a": shifts[0, 0],
        "delta_b": shifts[1, 1],
        "delta_ab": sp.simplify(sp.re(shifts[0, 1])),
        "gamma_c": gamma,
    }
    return Elimination(
        kept=kept,
        eliminated=eliminated,
        PHP=PHP,
        PHQ=PHQ,
        QHP=QHP,
        QHQ=QHQ,
        H_eff_E=H_eff_E,
        H_eff=H_eff,
        H_herm=H_herm,
        G=G,
        gamma=gamma,
        jump=jump,
        effective=effective,
        definitions=definitions,
    )
