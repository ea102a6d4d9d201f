r"""Compiled numerical building blocks the generated kernels call.

These are not model formulas (those are all generated); they are the numerics of the entire
functions of :mod:`nrqb_sym.special` and a small dense matrix exponential for the full model.

* :func:`expsinhc` :math:`= e^{x}\sinh\sqrt w/\sqrt w` and :func:`expm1cosh`
  :math:`= e^{x}\cosh\sqrt w - 1`.  For :math:`|w| < 10^{-2}` a Taylor series in ``w`` (8 terms,
  truncation below :math:`10^{-20}`), elsewhere :math:`(e^{x+r} \mp e^{x-r})/\ldots` with
  :math:`r = \sqrt w`.  For a stable drift matrix :math:`x \pm r = \lambda_\pm t` has a
  non-positive real part, so nothing overflows at long times; nothing divides by zero at an
  exceptional point (``w = 0``).
* :func:`cexpm1`: :math:`e^{z} - 1` for complex ``z`` without cancellation at small ``|z|``.
* :func:`expm`: :math:`e^{A}` of a small complex matrix by scaling and squaring of a degree-18
  Taylor polynomial (relative accuracy ~1e-15 after scaling to :math:`\|A\|_1 \le 1/2`).
"""

from __future__ import annotations

import cmath
import math

import numpy as np
from numba import njit

__all__ = ["expsinhc", "expm1cosh", "cexpm1", "expm", "affine_solution"]

_SERIES_RADIUS = 1e-2


@njit(cache=True, inline="always")
def _sinhc_series(w: complex) -> complex:
    # sum_k w^k / (2k+1)!
    term = 1.0 + 0.0j
    total = 1.0 + 0.0j
    for k in range(1, 9):
        term = term * w / ((2.0 * k) * (2.0 * k + 1.0))
        total += term
    return total


@njit(cache=True)
def cexpm1(z: complex) -> complex:
    r""":math:`e^z - 1 = \mathrm{expm1}(a)\cos b - 2\sin^2(b/2) + i e^a \sin b`, ``z = a + ib``."""
    a = z.real
    b = z.imag
    s = math.sin(0.5 * b)
    return complex(math.expm1(a) * math.cos(b) - 2.0 * s * s, math.exp(a) * math.sin(b))


@njit(cache=True)
def expsinhc(x: complex, w: complex) -> complex:
    r""":math:`e^x \sinh(\sqrt w)/\sqrt w`, entire in ``w``."""
    if abs(w) < _SERIES_RADIUS:
        return cmath.exp(x) * _sinhc_series(w)
    r = cmath.sqrt(w)
    return (cmath.exp(x + r) - cmath.exp(x - r)) / (2.0 * r)


@njit(cache=True)
def expm1cosh(x: complex, w: complex) -> complex:
    r""":math:`e^x \cosh(\sqrt w) - 1`, entire in ``w``."""
    if abs(w) < _SERIES_RADIUS:
        h = _sinhc_series(0.25 * w)
        return cexpm1(x) + cmath.exp(x) * (0.5 * w) * h * h
    r = cmath.sqrt(w)
    return 0.5 * (cexpm1(x + r) + cexpm1(x - r))


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


@njit(cache=True)
def affine_solution(M: np.ndarray, f: np.ndarray, x0: np.ndarray, t: float) -> np.ndarray:
    r""":math:`x(t) = x_{ss} + e^{Mt}(x_0 - x_{ss})`, :math:`x_{ss} = -M^{-1}f`."""
    x_ss = -np.linalg.solve(M, f)
    return x_ss + expm(M * t) @ (x0 - x_ss)
