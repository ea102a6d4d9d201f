r"""Compiled numerical building blocks the generated kernels call.

These are not model formulas (those are all generated); they are the numerics of the entire
functions of :mod:`nrqb_sym.derive.special` and a small dense matrix exponential for the full model.

* :func:`expsinhc` :math:`= e^{x}\sinh\sqrt w/\sqrt w` and :func:`expm1cosh`
  :math:`= e^{x}\cosh\sqrt w - 1`.  For :math:`|w| < 10^{-2}` a Taylor series in ``w`` (8 terms,
  truncation below :math:`10^{-20}`), elsewhere :math:`(e^{x+r} \mp e^{x-r})/\ldots` with
  :math:`r = \sqrt w`.  For a stable drift matrix :math:`x \pm r = \lambda_\pm t` has a
  non-positive real part, so nothing overflows at long times; nothing divides by zero at an
  exceptional point (``w = 0``).
* :func:`expm`: :math:`e^{A}` of a small complex matrix by scaling and squaring of a degree-18
  Taylor polynomial (relative accuracy ~1e-15 after scaling to :math:`\|A\|_1 \le 1/2`).
"""

from __future__ import annotations

import cmath
import math

import numpy as np
from numba import njit

__all__ = ["expsinhc", "expm1cosh", "propagator", "expm"]


@njit(cache=True, inline="always")
def _sinhc_horner(w: complex) -> complex:
    # sum_k w^k/(2k+1)!, k <= 8, by Horner's rule with real coefficients
    return 1.0 + w / 6.0 * (
        1.0
        + w
        / 20.0
        * (
            1.0
            + w
            / 42.0
            * (
                1.0
                + w
                / 72.0
                * (1.0 + w / 110.0 * (1.0 + w / 156.0 * (1.0 + w / 210.0 * (1.0 + w / 272.0))))
            )
        )
    )


@njit(cache=True, inline="always")
def _exp_and_expm1(z: complex):
    # (e^z, e^z - 1) from one exp, one expm1 and one sin/cos pair of half the angle
    a = z.real
    sh = math.sin(0.5 * z.imag)
    ch = math.cos(0.5 * z.imag)
    sb = 2.0 * sh * ch
    cb = 1.0 - 2.0 * sh * sh
    ea = math.exp(a)
    return complex(ea * cb, ea * sb), complex(math.expm1(a) * cb - 2.0 * sh * sh, ea * sb)


@njit(cache=True, inline="always")
def propagator(x: complex, r: complex):
    r"""Both scalar functions of the 2x2 propagator from one set of exponentials.

    Returns :math:`(e^x\cosh r - 1,\ e^x\sinh r / r)`, i.e. ``expm1cosh(x, r^2)`` and
    ``expsinhc(x, r^2)``; either root ``r`` of ``w`` gives the same values.  Near ``r = 0`` a
    series (no division by ``r``); elsewhere :math:`e^{x \pm r}` and :math:`e^{x\pm r} - 1`
    each from one ``exp``, one ``expm1`` and one ``sin``/``cos`` pair (no cancellation).
    """
    if r.real * r.real + r.imag * r.imag < 0.01:  # |w| < 1e-2
        w = r * r
        ex, exm1 = _exp_and_expm1(x)
        h = _sinhc_horner(0.25 * w)
        return exm1 + ex * (0.5 * w) * h * h, ex * _sinhc_horner(w)
    ep, ep1 = _exp_and_expm1(x + r)
    em, em1 = _exp_and_expm1(x - r)
    return 0.5 * (ep1 + em1), (ep - em) / (2.0 * r)


@njit(cache=True)
def expsinhc(x: complex, w: complex) -> complex:
    r""":math:`e^x \sinh(\sqrt w)/\sqrt w`, entire in ``w`` (second value of :func:`propagator`)."""
    return propagator(x, cmath.sqrt(w))[1]


@njit(cache=True)
def expm1cosh(x: complex, w: complex) -> complex:
    r""":math:`e^x \cosh(\sqrt w) - 1`, entire in ``w`` (first value of :func:`propagator`)."""
    return propagator(x, cmath.sqrt(w))[0]


@njit(cache=True)
def expm(A: np.ndarray) -> np.ndarray:
    """Matrix exponential of a small complex square matrix (scaling and squaring, Taylor 18)."""
    n = A.shape[0]
    norm = 0.0
    for j in range(n):
        col = 0.0
        for i in range(n):
            col += abs(A[i, j])
        norm = max(norm, col)
    squarings = 0
    if norm > 0.5:
        squarings = int(math.ceil(math.log2(norm / 0.5)))
    B = A * math.ldexp(1.0, -squarings)
    E = np.eye(n, dtype=np.complex128)
    term = np.eye(n, dtype=np.complex128)
    for k in range(1, 19):
        term = term @ B / k
        E = E + term
    for _ in range(squarings):
        E = E @ E
    return E
