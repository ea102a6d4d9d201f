r"""Stage 4 - the nonreciprocity condition :math:`M_{12} = 0`, solved for ``J`` and ``theta``.

In :math:`\dot x = Mx + f` the element :math:`M_{12}` is how the battery ``b`` feeds back on the
charger ``a``.  It is affine in :math:`w = J e^{i\theta}`: :math:`M_{12} = A w + B`.  Solving
:math:`M_{12} = 0` for :math:`w` and taking modulus and argument gives

.. math::

    J = |w| = \frac{g_a g_b}{\sqrt{\Delta_c^2 + \kappa_c^2/4}}, \qquad
    \theta = \arg w = \operatorname{atan2}(\kappa_c/2, \Delta_c),

which at :math:`\Delta_c = 0` is :math:`J = \Gamma/2`, :math:`\theta = \pi/2`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

__all__ = ["Nonreciprocity", "solve_nonreciprocity"]


@dataclass(frozen=True)
class Nonreciprocity:
    r"""Solution of :math:`M_{12} = 0`.

    Attributes:
        condition: :math:`M_{12}` (the expression set to zero).
        w: the solved :math:`J e^{i\theta}`.
        solution: ``{J: |w|, theta: arg w}``.
        M21: the forward coupling :math:`M_{21}` once the condition holds.
    """

    condition: sp.Expr
    w: sp.Expr
    solution: dict[sp.Symbol, sp.Expr]
    M21: sp.Expr


def solve_nonreciprocity(M: sp.Matrix, J: sp.Symbol, theta: sp.Symbol) -> Nonreciprocity:
    """Solve ``M[0, 1] = 0`` for the coherent coupling ``J >= 0`` and its phase ``theta``."""
    M12 = sp.expand(M[0, 1])
    w = sp.Symbol("w")
    A = sp.simplify(M12.coeff(J) / sp.exp(sp.I * theta))
    B = sp.simplify(M12 - J * M12.coeff(J))
    if A.has(J, theta) or B.has(J, theta) or A == 0:
        raise ValueError(f"M12 is not affine in J*exp(I*theta): {M12}")
    (w_sol,) = sp.solve(A * w + B, w)
    re, im = (sp.simplify(part) for part in w_sol.as_real_imag())
    J_sol = sp.simplify(sp.sqrt(sp.factor(re**2 + im**2)))
    theta_sol = sp.atan2(sp.factor(im), sp.factor(re))
    # atan2 of a common positive factor: remove it so the result reads atan2(kappa_c/2, Delta_c)
    num_im, den_im = sp.fraction(sp.factor(im))
    num_re, den_re = sp.fraction(sp.factor(re))
    if den_im == den_re and den_im.is_positive:
        common = sp.gcd(num_im, num_re)
        if common.is_positive:
            theta_sol = sp.atan2(sp.cancel(num_im / common), sp.cancel(num_re / common))
    solution = {J: J_sol, theta: theta_sol}
    check = sp.simplify(
        sp.expand_complex(M[0, 1].subs(J * sp.exp(sp.I * theta), w_sol).subs(solution))
    )
    if check != 0:
        check = sp.simplify(M[0, 1].subs(solution).rewrite(sp.cos))
    if check != 0:
        raise ArithmeticError(f"nonreciprocity solution does not zero M12: {check}")
    M21 = sp.simplify(M[1, 0].subs(solution).rewrite(sp.cos))
    return Nonreciprocity(condition=M[0, 1], w=w_sol, solution=solution, M21=M21)
