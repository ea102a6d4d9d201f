r"""Generic stage 6 - the nonreciprocity condition for an ordered pair of modes.

For the pair (source :math:`i`, target :math:`j`), the target does not act back on the source
when the coefficient of :math:`\langle x_j\rangle` in :math:`d\langle x_i\rangle/dt` vanishes:

.. math::

    \frac{\partial}{\partial\langle x_j\rangle}\frac{d\langle x_i\rangle}{dt}
        = -i\,(K_\text{eff})_{ij} = 0 .

It is derived (not typed in) from the single entry :math:`(K_\text{eff})_{ij}` of the reduction
stage (:func:`~nrqb_sym.derive.reduction.effective_entry`; the full model's :math:`K_{ij}` when
nothing is eliminated), with the coherent coupling :math:`h_{ij}` of the pair replaced by a free
complex symbol :math:`w` (and :math:`h_{ji}` by its conjugate), so its cost does not grow with the
number of kept modes.  The
coefficient is affine in :math:`w`, :math:`\alpha w + \beta`, so the condition gives
:math:`w = -\beta/\alpha`.  When the model writes the coupling as :math:`c\,J e^{ik\theta}`
(:math:`J \ge 0`, :math:`\theta` real, :math:`c > 0`, :math:`k = \pm 1`),

.. math::

    J = |w|/c, \qquad \theta = \arg(w)/k = \operatorname{atan2}(\operatorname{Im} w,
        \operatorname{Re} w)/k;

for the paper's pair :math:`(a, b)` this is :math:`J = g_a g_b/\sqrt{\Delta_c^2 +
\kappa_c^2/4}`, :math:`\theta = \operatorname{atan2}(\kappa_c/2, \Delta_c)`.  Otherwise the
complex value of the coupling is returned.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..model.spec import ModelError
from .quadratic import QuadraticForm
from .reduction import effective_entry, tidy

__all__ = ["PairNonreciprocity", "pair_nonreciprocity", "nonreciprocity", "polar_form"]

#: Largest solution split into modulus and phase.
POLAR_BUDGET = 600
#: Largest expression given to ``factor`` or ``gcd``.
SMALL = 80


@dataclass(frozen=True)
class PairNonreciprocity:
    r"""The condition that ``target`` does not act back on ``source``.

    Attributes:
        source, target: the ordered pair.
        model: ``"effective"`` or ``"full"``: whose first moments were used.
        coupling: :math:`h_{ij}` as written in the model.
        condition: the coefficient of :math:`\langle x_j\rangle` in :math:`d\langle x_i\rangle/dt`
            with the coupling as written (the expression set to zero).
        value: the coupling :math:`w` that zeroes it.
        solution: ``{J: ..., theta: ...}`` when the coupling is :math:`cJe^{ik\theta}`, else
            empty.
        forward: the coefficient of :math:`\langle x_i\rangle` in :math:`d\langle x_j\rangle/dt`
            once the condition holds (the one-way coupling that remains).
    """

    source: str
    target: str
    model: str
    coupling: sp.Expr
    condition: sp.Expr
    value: sp.Expr
    solution: dict[sp.Symbol, sp.Expr]
    forward: sp.Expr

    @property
    def solution_named(self) -> dict[str, sp.Expr]:
        """The solution keyed by parameter name (empty when the coupling is not polar)."""
        return {str(k): v for k, v in self.solution.items()}


def polar_form(coupling: sp.Expr) -> tuple[sp.Expr, sp.Symbol, sp.Symbol | None, int] | None:
    r"""``(c, J, theta, k)`` when ``coupling`` is :math:`cJe^{ik\theta}` (``theta`` may be
    ``None`` for a real :math:`cJ`), else ``None``."""
    c, J, theta, k = sp.S.One, None, None, 0
    for factor in sp.Mul.make_args(coupling):
        if factor.is_number and factor.is_positive:
            c *= factor
        elif isinstance(factor, sp.Symbol) and factor.is_nonnegative and J is None:
            J = factor
        elif isinstance(factor, sp.exp) and theta is None:
            arg = factor.args[0] / sp.I
            syms = arg.free_symbols
            if len(syms) != 1:
                return None
            (theta,) = syms
            kk = sp.expand(arg / theta)
            if not theta.is_real or kk not in (1, -1):
                return None
            k = int(kk)
        else:
            return None
    if J is None:
        return None
    return c, J, theta, k


def _small(e: sp.Expr, f) -> sp.Expr:
    """``f(e)`` when ``e`` is small (``factor``/``gcd`` are not bounded in general)."""
    return f(e) if sp.count_ops(e) <= SMALL else e


def _modulus_phase(w: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``(|w|, arg w)`` with cheap simplification, or ``None`` beyond the budget."""
    if sp.count_ops(w) > POLAR_BUDGET:
        return None
    num, den = sp.fraction(sp.together(w))
    # |num/den| = |num|/|den|, arg(num/den) = arg(num conj(den))
    num2 = sp.expand(num * sp.conjugate(num))
    den2 = sp.expand(den * sp.conjugate(den))
    if num2.has(sp.conjugate) or den2.has(sp.conjugate):
        return None
    modulus = sp.sqrt(_small(num2, sp.factor)) / sp.sqrt(_small(den2, sp.factor))
    re, im = sp.expand(num * sp.conjugate(den)).as_real_imag()
    if re.has(sp.re, sp.im) or im.has(sp.re, sp.im):
        return None
    re, im = _small(re, sp.factor), _small(im, sp.factor)
    if re != 0 and im != 0 and sp.count_ops(re) + sp.count_ops(im) <= 2 * SMALL:
        common = sp.gcd(re, im)
        if common.is_positive:
            re, im = sp.cancel(re / common), sp.cancel(im / common)
    return modulus, sp.atan2(im, re)


def pair_nonreciprocity(
    full: QuadraticForm, eliminate: tuple[str, ...], source: str, target: str
) -> PairNonreciprocity:
    """Solve the nonreciprocity condition for ``(source, target)`` (module docstring).

    Raises:
        ModelError: unknown or eliminated modes, ``source == target``, no coherent coupling
            between the pair, or a condition that does not fix the coupling.
    """
    for m in (source, target):
        if m not in full.modes:
            raise ModelError(f"nonreciprocity: unknown mode {m!r} (modes: {', '.join(full.modes)})")
        if m in eliminate:
            raise ModelError(
                f"nonreciprocity: mode {m!r} is eliminated; choose kept modes "
                f"({', '.join(x for x in full.modes if x not in eliminate)})"
            )
    if source == target:
        raise ModelError("nonreciprocity: source and target must be different modes")
    i, j = full.modes.index(source), full.modes.index(target)
    coupling = full.h[i, j]
    if coupling == 0:
        raise ModelError(
            f"nonreciprocity: there is no coherent coupling {source}'{target} between "
            f"{source!r} and {target!r} to solve for"
        )
    w, wc = sp.Dummy("w"), sp.Dummy("wc")
    h = sp.Matrix(full.h)
    h[i, j], h[j, i] = w, wc
    trial = QuadraticForm(
        modes=full.modes,
        h=sp.ImmutableMatrix(h),
        s=full.s,
        f=full.f,
        C=full.C,
        energies=full.energies,
        params=full.params,
    )
    model = "effective" if eliminate else "full"
    coeff = sp.expand(-sp.I * effective_entry(trial, eliminate, i, j))
    alpha = tidy(sp.diff(coeff, w))
    beta = tidy(coeff.subs(w, 0))
    if alpha == 0 or alpha.has(w, wc) or beta.has(w, wc):
        raise ModelError(
            f"nonreciprocity: the coefficient of <{target}> in d<{source}>/dt is not affine in "
            f"the coupling {source}'{target}; it cannot be solved for it"
        )
    value = tidy(-beta / alpha)
    restore = {wc: sp.conjugate(coupling)}
    condition = tidy(coeff.xreplace({w: coupling, **restore}))
    back = -sp.I * effective_entry(trial, eliminate, j, i)
    forward = tidy(sp.expand(back).xreplace({wc: sp.conjugate(value), w: value}))
    solution: dict[sp.Symbol, sp.Expr] = {}
    polar = polar_form(coupling)
    if polar is not None:
        c, J, theta, k = polar
        # a real coupling c*J (no phase) is returned as the complex value only: the condition
        # fixes it only where w happens to be real and non-negative
        mp = _modulus_phase(value) if theta is not None else None
        if mp is not None:
            modulus, phase = mp
            solution = {J: modulus / c, theta: phase if k == 1 else -phase}
    return PairNonreciprocity(
        source=source,
        target=target,
        model=model,
        coupling=coupling,
        condition=condition,
        value=value,
        solution=solution,
        forward=forward,
    )


def nonreciprocity(derivation, source: str, target: str) -> PairNonreciprocity:
    """:func:`pair_nonreciprocity` for a :class:`~nrqb_sym.derive.pipeline.Derivation`
    (or anything with ``full`` and ``spec.eliminate``)."""
    return pair_nonreciprocity(derivation.full, tuple(derivation.spec.eliminate), source, target)
