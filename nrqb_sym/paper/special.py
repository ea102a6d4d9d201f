r"""Entire functions that make the 2x2 propagator finite at exceptional points.

With :math:`\tau = \operatorname{tr}M/2` and :math:`w = s^2 = D/4` (``D`` the discriminant),

.. math::

    e^{Mt} - I = \operatorname{expm1cosh}(\tau t, w t^2)\, I
        + t\,\operatorname{expsinhc}(\tau t, w t^2)\,(M - \tau I),

where :math:`\operatorname{expsinhc}(x, w) = e^{x}\sinh\sqrt{w}/\sqrt{w}` and
:math:`\operatorname{expm1cosh}(x, w) = e^{x}\cosh\sqrt{w} - 1`.  Both are even in
:math:`\sqrt{w}`, hence entire in ``w`` with no branch to choose, and equal to
:math:`e^x` and :math:`\operatorname{expm1}(x)` at the EP ``w = 0``; there is no 0/0 anywhere.
They are the paper's presentation of the propagator (the documents, and the tests' mpmath
reference at exceptional points); the engine's kernels use the Pade exponential instead.
"""

from __future__ import annotations

import mpmath
import sympy as sp

__all__ = ["expsinhc", "expm1cosh"]


class expsinhc(sp.Function):  # noqa: N801 - SymPy function naming
    r""":math:`e^{x}\sinh(\sqrt{w})/\sqrt{w}`, entire in ``w``; ``e^x`` at ``w = 0``."""

    nargs = 2

    @classmethod
    def eval(cls, x, w):
        if w.is_zero:
            return sp.exp(x)
        return None

    def _eval_rewrite_as_sinh(self, x, w, **kwargs):
        r = sp.sqrt(w)
        return sp.exp(x) * sp.sinh(r) / r

    def _eval_evalf(self, prec):
        return _evalf(mpmath_expsinhc, self.args, prec)


class expm1cosh(sp.Function):  # noqa: N801 - SymPy function naming
    r""":math:`e^{x}\cosh(\sqrt{w}) - 1`, entire in ``w``; ``expm1(x)`` at ``w = 0``."""

    nargs = 2

    @classmethod
    def eval(cls, x, w):
        if w.is_zero and x.is_zero:
            return sp.S.Zero
        return None

    def _eval_rewrite_as_cosh(self, x, w, **kwargs):
        return sp.exp(x) * sp.cosh(sp.sqrt(w)) - 1

    def _eval_evalf(self, prec):
        return _evalf(mpmath_expm1cosh, self.args, prec)


def _evalf(fn, args, prec):
    if not all(a.is_number for a in args):
        return None
    dps = mpmath.libmp.prec_to_dps(prec) + 5
    with mpmath.workdps(dps):
        x, w = (mpmath.mpc(complex(0)) + mpmath.mpmathify(sp.N(a, dps)) for a in args)
        val = fn(x, w)
    return sp.Float(val.real, dps) + sp.I * sp.Float(val.imag, dps)


def mpmath_expsinhc(x, w):
    """Arbitrary-precision :func:`expsinhc` (series at small ``|w|``)."""
    x, w = mpmath.mpc(x), mpmath.mpc(w)
    if abs(w) < mpmath.mpf("1e-4"):
        term, total, k = mpmath.mpc(1), mpmath.mpc(0), 0
        while abs(term) > mpmath.eps * 1e-3:
            total += term
            k += 1
            term = term * w / ((2 * k) * (2 * k + 1))
        return mpmath.exp(x) * total
    r = mpmath.sqrt(w)
    return mpmath.exp(x) * mpmath.sinh(r) / r


def mpmath_expm1cosh(x, w):
    """Arbitrary-precision :func:`expm1cosh`."""
    x, w = mpmath.mpc(x), mpmath.mpc(w)
    half = mpmath_expsinhc(0, w / 4)
    return mpmath.expm1(x) + mpmath.exp(x) * (w / 2) * half**2
