r"""Compiled numerics of the affine moment system of a Gaussian network.

Every first and second moment :math:`z` of a linear bosonic network obeys
:math:`\dot z = A z + b` (``A``, ``b`` printed into a model's kernels). With the augmented matrix

.. math::

    \tilde A = \begin{pmatrix} A & b \\ 0 & 0 \end{pmatrix},\qquad
    \begin{pmatrix} z(t) \\ 1 \end{pmatrix} = e^{\tilde A t}\begin{pmatrix} z(0) \\ 1\end{pmatrix},

the solution from any start is one matrix exponential, finite at exceptional points (no
eigenvectors are used).  :func:`expm` is scaling and squaring with the degree-13 Pade
approximant (Higham 2005: relative backward error below the unit roundoff for
:math:`\|2^{-s}\tilde A t\|_1 \le \theta_{13} = 5.37`).

* :func:`trace_points`: :math:`z(t_i)` for arbitrary times, one exponential per point, in
  parallel over points;
* :func:`trace_uniform`: :math:`t_k = t_0 + k\,\delta t`: one step propagator
  :math:`e^{\tilde A\delta t}` applied repeatedly, re-anchored every :data:`BLOCK` steps by a
  fresh exponential (blocks in parallel), so rounding does not accumulate over long traces;
* :func:`steady`: :math:`z_{ss} = -A^{-1} b` (the caller checks stability first);
* :func:`rates`: :math:`\dot z = A z + b` along a trace (the exact power
  :math:`P_m = \omega_m\, d\langle m^\dagger m\rangle/dt`).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

__all__ = ["BLOCK", "expm", "augmented", "trace_points", "trace_uniform", "steady", "rates"]

#: Steps between fresh exponentials in :func:`trace_uniform`.
BLOCK = 256

_THETA13 = 5.371920351148152
_PADE13 = (
    64764752532480000.0,
    32382376266240000.0,
    7771770303897600.0,
    1187353796428800.0,
    129060195264000.0,
    10559470521600.0,
    670442572800.0,
    33522128640.0,
    1323241920.0,
    40840800.0,
    960960.0,
    16380.0,
    182.0,
    1.0,
)


@njit(cache=True)
def _norm1(A: np.ndarray) -> float:
    n = A.shape[0]
    out = 0.0
    for j in range(n):
        col = 0.0
        for i in range(n):
            col += abs(A[i, j])
        out = max(out, col)
    return out


@njit(cache=True)
def _mm(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """``A @ B`` for small complex matrices in plain loops over the real and imaginary parts
    (vectorised by the compiler): no BLAS call, hence no BLAS threads competing with the
    parallel loops over time points."""
    n, m = A.shape
    p = B.shape[1]
    Ar = np.ascontiguousarray(A.real)
    Ai = np.ascontiguousarray(A.imag)
    Br = np.ascontiguousarray(B.real)
    Bi = np.ascontiguousarray(B.imag)
    Cr = np.zeros((n, p))
    Ci = np.zeros((n, p))
    for i in range(n):
        for k in range(m):
            ar = Ar[i, k]
            ai = Ai[i, k]
            for j in range(p):
                Cr[i, j] += ar * Br[k, j] - ai * Bi[k, j]
                Ci[i, j] += ar * Bi[k, j] + ai * Br[k, j]
    C = np.empty((n, p), dtype=np.complex128)
    for i in range(n):
        for j in range(p):
            C[i, j] = complex(Cr[i, j], Ci[i, j])
    return C


@njit(cache=True)
def _mv(A: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``A @ x`` in plain loops (see :func:`_mm`)."""
    n, m = A.shape
    y = np.zeros(n, dtype=np.complex128)
    for i in range(n):
        acc = 0j
        for k in range(m):
            acc += A[i, k] * x[k]
        y[i] = acc
    return y


@njit(cache=True)
def _solve(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """``A^{-1} B`` by LU decomposition with partial pivoting, in plain loops (``A`` is
    copied; a singular ``A`` gives non-finite entries)."""
    n = A.shape[0]
    LU = A.copy()
    X = B.copy()
    for k in range(n):
        piv = k
        best = abs(LU[k, k])
        for i in range(k + 1, n):
            v = abs(LU[i, k])
            if v > best:
                best, piv = v, i
        if piv != k:
            for j in range(n):
                LU[k, j], LU[piv, j] = LU[piv, j], LU[k, j]
            for j in range(X.shape[1]):
                X[k, j], X[piv, j] = X[piv, j], X[k, j]
        d = LU[k, k]
        for i in range(k + 1, n):
            f = LU[i, k] / d
            if f != 0:
                LU[i, k] = f
                for j in range(k + 1, n):
                    LU[i, j] -= f * LU[k, j]
                for j in range(X.shape[1]):
                    X[i, j] -= f * X[k, j]
    for k in range(n - 1, -1, -1):
        for j in range(X.shape[1]):
            acc = X[k, j]
            for i in range(k + 1, n):
                acc -= LU[k, i] * X[i, j]
            X[k, j] = acc / LU[k, k]
    return X


@njit(cache=True)
def expm(A: np.ndarray) -> np.ndarray:
    r""":math:`e^{A}` of a complex square matrix: Pade(13, 13) with scaling and squaring.

    With :math:`B = 2^{-s} A`, :math:`\|B\|_1 \le \theta_{13}`,
    :math:`U = B[B_6(c_{13}B_6 + c_{11}B_4 + c_9B_2) + c_7B_6 + c_5B_4 + c_3B_2 + c_1I]`,
    :math:`V = B_6(c_{12}B_6 + c_{10}B_4 + c_8B_2) + c_6B_6 + c_4B_4 + c_2B_2 + c_0I`,
    :math:`e^{B} \approx (V - U)^{-1}(V + U)`, then squared ``s`` times.  Non-finite input
    gives a non-finite result (the caller checks).
    """
    n = A.shape[0]
    norm = _norm1(A)
    if not math.isfinite(norm):
        out = np.empty((n, n), dtype=np.complex128)
        out[:] = np.nan
        return out
    s = 0
    if norm > _THETA13:
        s = int(math.ceil(math.log2(norm / _THETA13)))
    B = A.astype(np.complex128) * math.ldexp(1.0, -s)
    c = _PADE13
    ident = np.eye(n, dtype=np.complex128)
    B2 = _mm(B, B)
    B4 = _mm(B2, B2)
    B6 = _mm(B4, B2)
    U = _mm(
        B,
        _mm(B6, c[13] * B6 + c[11] * B4 + c[9] * B2)
        + c[7] * B6
        + c[5] * B4
        + c[3] * B2
        + c[1] * ident,
    )
    V = (
        _mm(B6, c[12] * B6 + c[10] * B4 + c[8] * B2)
        + c[6] * B6
        + c[4] * B4
        + c[2] * B2
        + c[0] * ident
    )
    E = _solve(V - U, V + U)
    for _ in range(s):
        E = _mm(E, E)
    return E


@njit(cache=True)
def augmented(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    r"""The :math:`(D+1)\times(D+1)` matrix :math:`\begin{pmatrix}A & b\\ 0 & 0\end{pmatrix}`."""
    d = A.shape[0]
    M = np.zeros((d + 1, d + 1), dtype=np.complex128)
    M[:d, :d] = A
    M[:d, d] = b
    return M


@njit(parallel=True, cache=True)
def trace_points(A: np.ndarray, b: np.ndarray, z0: np.ndarray, t: np.ndarray) -> np.ndarray:
    r""":math:`z(t_i)` of :math:`\dot z = Az + b` from :math:`z(0) = z_0`, one augmented
    exponential per time (any times, in parallel).

    Args:
        A: complex128[D, D]; b: complex128[D]; z0: complex128[D]; t: float64[n].

    Returns:
        complex128[n, D], row ``i`` is :math:`z(t_i)`.
    """
    d = A.shape[0]
    M = augmented(A, b)
    w0 = np.empty(d + 1, dtype=np.complex128)
    w0[:d] = z0
    w0[d] = 1.0
    n = t.shape[0]
    Z = np.empty((n, d), dtype=np.complex128)
    for i in prange(n):
        w = _mv(expm(M * t[i]), w0)
        Z[i] = w[:d]
    return Z


@njit(parallel=True, cache=True)
def trace_uniform(
    A: np.ndarray, b: np.ndarray, z0: np.ndarray, t0: float, dt: float, n: int
) -> np.ndarray:
    r""":math:`z(t_k)` on :math:`t_k = t_0 + k\,\delta t`, :math:`k < n`.

    Each block of :data:`BLOCK` points starts from a fresh :math:`e^{\tilde A t}` and steps
    :math:`w_{k+1} = e^{\tilde A \delta t} w_k` (the exact affine propagator, not an
    integrator); blocks run in parallel.  Agrees with :func:`trace_points` to rounding.
    """
    d = A.shape[0]
    M = augmented(A, b)
    w0 = np.empty(d + 1, dtype=np.complex128)
    w0[:d] = z0
    w0[d] = 1.0
    E = expm(M * dt)
    Z = np.empty((n, d), dtype=np.complex128)
    nblocks = (n + BLOCK - 1) // BLOCK
    for blk in prange(nblocks):
        start = BLOCK * blk
        stop = min(n, start + BLOCK)
        w = _mv(expm(M * (t0 + start * dt)), w0)
        for k in range(start, stop):
            if k > start:
                w = _mv(E, w)
            Z[k] = w[:d]
    return Z


@njit(cache=True)
def steady(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    r"""Fixed point :math:`z_{ss} = -A^{-1}b` (meaningful for a stable ``A`` only)."""
    rhs = np.empty((b.shape[0], 1), dtype=np.complex128)
    rhs[:, 0] = -b
    return _solve(A.astype(np.complex128), rhs)[:, 0]


@njit(cache=True)
def rates(A: np.ndarray, b: np.ndarray, Z: np.ndarray) -> np.ndarray:
    r""":math:`\dot z = A z + b` for every row of ``Z`` (complex128[n, D])."""
    out = np.empty_like(Z)
    for i in range(Z.shape[0]):
        out[i] = _mv(A, Z[i]) + b
    return out
