r"""Stage 5b - ergotropy of a single bosonic mode in a Gaussian state, from its moments.

With quadratures :math:`X = (x + x^\dagger)/\sqrt2`, :math:`P = (x - x^\dagger)/(i\sqrt2)`, the
covariance matrix :math:`V_{ij} = \tfrac12\langle\{\Delta R_i, \Delta R_j\}\rangle` is derived by
normal ordering; its symplectic eigenvalue is :math:`\nu = \sqrt{\det V}`, and with
:math:`N = \langle x^\dagger x\rangle - |\langle x\rangle|^2`,
:math:`M = \langle x^2\rangle - \langle x\rangle^2`,

.. math::

    \nu^2 = (N + \tfrac12)^2 - |M|^2 .

The passive state with the same spectrum is the thermal state with :math:`\bar n = \nu - \tfrac12`,
so for :math:`H = \omega x^\dagger x` the ergotropy is

.. math::

    \mathcal{E} = \omega\langle x^\dagger x\rangle - \omega\Big(\nu - \tfrac12\Big), \qquad
    \nu - \tfrac12 = \frac{N^2 + N - |M|^2}{\nu + \tfrac12},

the last form free of cancellation for nearly pure states (coherent: :math:`\mathcal E = E`;
thermal: :math:`\mathcal E = 0`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.physics.quantum import Dagger

from ..model.core import mode
from ..model.operators import expectation, moment, moment_of, monomials, normal_order

__all__ = ["Ergotropy", "gaussian_ergotropy"]


@dataclass(frozen=True)
class Ergotropy:
    """The derived single-mode quantities, in moment symbols of the mode.

    Attributes:
        covariance: the 2x2 quadrature covariance matrix :math:`V`.
        nu2: :math:`\\det V` (the squared symplectic eigenvalue).
        passive_n: :math:`\\nu - 1/2`, the occupation of the passive state.
        ergotropy: :math:`\\mathcal{E}` for :math:`H = \\omega x^\\dagger x`.
        symbols: ``{"x": <x>, "n": <x'x>, "m": <x^2>, "omega": omega}``.
    """

    covariance: sp.Matrix
    nu2: sp.Expr
    passive_n: sp.Expr
    ergotropy: sp.Expr
    symbols: dict[str, sp.Expr]


def gaussian_ergotropy(name: str, omega: sp.Expr) -> Ergotropy:
    """Ergotropy of mode ``name`` from its first and second moments (module docstring)."""
    x = mode(name)
    X = (x + Dagger(x)) / sp.sqrt(2)
    P = (x - Dagger(x)) / (sp.I * sp.sqrt(2))
    R = (X, P)
    basis = {}
    for op in (x, Dagger(x) * x, x * x):
        ((key, _),) = monomials(normal_order(op)).items()
        basis[key] = moment(key)
    mean = [expectation(normal_order(r), basis) for r in R]
    V = sp.zeros(2, 2)
    for i in range(2):
        for j in range(2):
            sym = (R[i] * R[j] + R[j] * R[i]) / 2
            V[i, j] = sp.expand(expectation(normal_order(sym), basis) - mean[i] * mean[j])
    nu2 = sp.expand(V.det())
    # express in N = <x'x> - |<x>|^2 and M = <x^2> - <x>^2 and check
    a1, n, m = moment_of(x), moment_of(Dagger(x) * x), moment_of(x * x)
    N = n - a1 * sp.conjugate(a1)
    Mc = m - a1**2
    expected = sp.expand((N + sp.S.Half) ** 2 - Mc * sp.conjugate(Mc))
    if sp.expand(nu2 - expected) != 0:
        raise ArithmeticError(f"det V = {nu2} is not (N + 1/2)^2 - |M|^2")
    nu = sp.sqrt((N + sp.S.Half) ** 2 - Mc * sp.conjugate(Mc))
    passive_n = (N**2 + N - Mc * sp.conjugate(Mc)) / (nu + sp.S.Half)
    erg = omega * (n - passive_n)
    return Ergotropy(
        covariance=V,
        nu2=nu2,
        passive_n=passive_n,
        ergotropy=erg,
        symbols={"x": a1, "n": n, "m": m, "omega": omega},
    )
