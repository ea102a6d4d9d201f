r"""Compiled numerics of the engine: linear algebra on the matrices a model's kernels print.

Nothing here is a model formula.  A model's generated kernels print its matrix form at a
parameter point (:func:`matrices` of the kernel module): over the ladder vector
:math:`A = (x_1, \dots, x_N, x_1^\dagger, \dots, x_N^\dagger)`,

* ``M1x`` (:math:`N\times 2N`): :math:`d\langle x_i\rangle/dt = \sum_j (M_1)_{ij}\langle A_j\rangle
  + f_i` (the :math:`x^\dagger` rows are the conjugates, :func:`first_moment_drift`);
* ``f`` (:math:`N`): the drives;
* ``Dn`` (:math:`2N\times 2N`, symmetric): the normal-ordered diffusion,
  :math:`\dot\Sigma = M_1\Sigma + \Sigma M_1^T + D_n` for
  :math:`\Sigma_{kl} = \langle{:}\delta A_k\,\delta A_l{:}\rangle`;
* ``omega`` (:math:`N`): the mode frequencies of the energies.

Everything below works on those numbers:

* :func:`expm`: :math:`e^{M}` by Pade approximation with scaling and squaring (Higham 2005:
  degree 3, 5, 7 or 9 for small norms, else degree 13 after scaling to
  :math:`\|2^{-s}M\|_1 \le \theta_{13} = 5.37`; relative backward error below the unit
  roundoff).  No eigenvectors, so it is exact on Jordan
  blocks: finite and accurate at exceptional points and at degenerate rates.
* :func:`affine_propagator`: :math:`\dot y = My + f` over a time :math:`t` as
  :math:`y(t) = \Phi y(0) + \varphi` from one exponential of
  :math:`\begin{pmatrix}M & f\\0 & 0\end{pmatrix}t` (no inverse of :math:`M`, so singular
  drifts are fine).
* :func:`lyapunov_pair`: :math:`\Phi = e^{At}` and
  :math:`Q(t) = \int_0^t e^{As} D e^{A^Ts}\,ds`, so that :math:`W(t) = \Phi W(0)\Phi^T + Q(t)`
  solves :math:`\dot W = AW + WA^T + D`.  :math:`Q` is summed as a Taylor series
  :math:`\sum_k h^{k+1}L^k(D)/(k+1)!`, :math:`L(X) = AX + XA^T`, on a step
  :math:`h = t/2^s` with :math:`\|Ah\|_1 \le 1/2`, then doubled,
  :math:`Q(2h) = Q(h) + \Phi(h)Q(h)\Phi(h)^T`, :math:`\Phi(2h) = \Phi(h)^2` (no Van Loan block, so
  no :math:`e^{-At}` that could overflow for stiff drifts; any :math:`A`, stable or not).
* :func:`lyapunov_steady`: :math:`AW + WA^T + D = 0` for a stable :math:`A` by the same doubling
  (the squared Smith iteration) until :math:`\|\Phi\|_1^2 < 10^{-17}`.
* :func:`schur`: adiabatic elimination of fast variables :math:`Q` at zero frequency,
  :math:`M_\text{eff} = M_{PP} - XM_{QP}`, :math:`f_\text{eff} = f_P - Xf_Q`,
  :math:`X = M_{PQ}M_{QQ}^{-1}`, and :func:`schur_noise`, the diffusion carried along,
  :math:`D_\text{eff} = ZDZ^T`, :math:`Z = [I, -X]` (the Langevin noise of :math:`Q`; the same
  for symmetric- and normal-ordered diffusion).
* :func:`quadratures`: the real form over :math:`r = (q, p)`, :math:`r = TA`,
  :math:`T = \tfrac{1}{\sqrt2}\begin{pmatrix}I & I\\ -iI & iI\end{pmatrix}`:
  :math:`A_r = TM_1T^\dagger`, :math:`b_r = Tf_1`, :math:`D_W = TD_nT^T`, for the
  normal-ordered covariance :math:`W = T\Sigma T^T = V - I/2` (:math:`V` the symmetrised
  covariance).  Tiny occupations keep their relative precision (no :math:`1/2 - 1/2`).
* :func:`mode_ergotropy`: the single-mode Gaussian ergotropy
  :math:`\omega(\langle m^\dagger m\rangle - (\nu - \tfrac12))`, :math:`\nu = \sqrt{\det V_m}`.
* :func:`scan_times`: finiteness, range and even spacing of the times in one compiled pass.

**Reductions over time** (sweeps): a running accumulator ``(acc, idx, cnt)`` per parameter row
and observable, updated per sample by :func:`reduce_real` (:func:`reduce_complex`) and finished
by :func:`finish_real` (:func:`finish_complex`): no grid x time array is held.  Modes
(:data:`MODES`): ``max``, ``min``, ``argmax`` (first largest sample), ``mean`` skip ``nan``
samples and give ``nan`` (``argmax``: -1) when all are ``nan``, like ``numpy.nanmax`` etc.;
``last`` is the last sample.  Complex observables allow ``last`` and ``mean``.

**Fused passes**: every requested observable of any model in one parallel compiled loop.  A
model's generated kernels contribute two small functions with fixed signatures, passed as
first-class functions (so the passes are compiled once, cached, and serve every model):
``matrices(p) -> (M1x, f, Dn, omega)`` (:data:`MATRICES`) and ``derived(p, n, E, P, W, out)``,
its derived observables from per-mode values (:data:`DERIVED`).  :func:`kernel` compiles a pass
on first use with its signature of :data:`SIGNATURES`:

* ``coherent_trace`` / ``coherent_sweep``: a passive network from a coherent state with vacuum
  baths (:func:`is_coherent`): the :math:`N` first moments, :math:`x_{k+1} = \Phi x_k +
  \varphi` on an evenly spaced grid (a fresh propagator per block, at most :data:`RESTART`
  steps), one propagator per time otherwise; :math:`\langle m^\dagger m\rangle =
  |\langle m\rangle|^2`, :math:`P_m = 2\omega_m\,\mathrm{Re}(\bar x_m\dot x_m)`, ergotropy
  :math:`= E_m`;
* ``gaussian_trace`` / ``gaussian_sweep``: any Gaussian state: quadrature means and the
  normal-ordered covariance, :math:`W_{k+1} = \Phi W_k\Phi^T + Q` (:math:`O(N^3)` per step);
* ``classify`` and ``drift_entry``: per parameter row, whether the coherent pass applies and the
  elimination ratio; one entry of the :math:`\langle x\rangle` drift.

Observables are chosen per call by selection arrays (``sel[kind, mode]`` = output row or -1,
kinds ``x, n, E, P, W``; ``seld[d]`` for the derived ones), so one compiled pass serves every
requested set; the model variant by ``keep``/``drop`` (the modes kept, and those eliminated at
each point).  Everything lives in this one module because Numba's cache tracks the source file
of a function only: a pass compiled against other modules' numerics would not see their
changes.

Every function is ``@njit(cache=True)``; nothing calls BLAS or LAPACK (plain loops), so
nothing competes with the parallel loops of the kernels and nothing imports SciPy.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange, types
from numba.core.types import FunctionType

__all__ = [
    "RESTART",
    "trace_block",
    "scan_times",
    "norm1",
    "matmul",
    "matvec",
    "solve",
    "expm",
    "affine_propagator",
    "lyapunov_pair",
    "lyapunov_steady",
    "first_moment_drift",
    "schur",
    "schur_noise",
    "quadratures",
    "mode_ergotropy",
    "safe_inverse",
    "is_coherent",
    "coherent_system",
    "gaussian_system",
    "sandwich",
    "affine_apply",
    "occupation_rate",
    "elimination_ratio",
    "is_uniform",
    "max_real_eigenvalue",
    "MODES",
    "COMPLEX_MODES",
    "reduce_real",
    "finish_real",
    "reduce_complex",
    "finish_complex",
    "first_sample",
    "MATRICES",
    "DERIVED",
    "SIGNATURES",
    "kernel",
]

#: Most steps between fresh propagators on an evenly spaced grid (rounding accumulates over at
#: most this many exact one-step propagations; trace blocks are at most this long).
RESTART = 4096

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
_SQRT_HALF = 0.7071067811865476


@njit(cache=True)
def norm1(A):
    """:math:`\\|A\\|_1` (largest column sum of moduli)."""
    n, m = A.shape
    out = 0.0
    for j in range(m):
        col = 0.0
        for i in range(n):
            col += abs(A[i, j])
        if col > out or col != col:
            out = col
    return out


@njit(cache=True)
def matmul(A, B):
    """``A @ B`` in plain loops (zeros of ``A`` skipped: the matrices of a network are sparse);
    no BLAS call, so no BLAS threads compete with the kernels' parallel loops."""
    n, m = A.shape
    p = B.shape[1]
    C = np.zeros((n, p), dtype=A.dtype)
    for i in range(n):
        for k in range(m):
            a = A[i, k]
            if a != 0:
                for j in range(p):
                    C[i, j] += a * B[k, j]
    return C


@njit(cache=True)
def matvec(A, x):
    """``A @ x`` in plain loops."""
    n, m = A.shape
    y = np.zeros(n, dtype=A.dtype)
    for i in range(n):
        acc = y[i]
        for k in range(m):
            acc += A[i, k] * x[k]
        y[i] = acc
    return y


@njit(cache=True, error_model="numpy")
def solve(A, B):
    """``A^{-1} B`` by LU decomposition with partial pivoting (``A`` is copied; a singular ``A``
    gives non-finite entries)."""
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
        if d == 0:
            X[:, :] = np.nan
            return X
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


#: Pade degrees below 13 and the norms up to which each is accurate to the unit roundoff
#: (Higham 2005, Table 2.3).
_THETA3, _THETA5, _THETA7, _THETA9 = (
    1.495585217958292e-2,
    2.539398330063230e-1,
    9.504178996162932e-1,
    2.097847961257068e0,
)
_PADE3 = (120.0, 60.0, 12.0, 1.0)
_PADE5 = (30240.0, 15120.0, 3360.0, 420.0, 30.0, 1.0)
_PADE7 = (17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0, 1.0)
_PADE9 = (
    17643225600.0,
    8821612800.0,
    2075673600.0,
    302702400.0,
    30270240.0,
    2162160.0,
    110880.0,
    3960.0,
    90.0,
    1.0,
)


@njit(cache=True, error_model="numpy")
def _pade_low(A, b):
    """``(U, V)`` of the Pade approximant of degree ``len(b) - 1`` (3, 5, 7 or 9)."""
    n = A.shape[0]
    m = len(b) - 1
    ident = np.eye(n, dtype=A.dtype)
    A2 = matmul(A, A)
    P = ident.copy()  # A^(2k)
    Uo = b[1] * ident
    V = b[0] * ident
    for k in range(1, m // 2 + 1):
        P = matmul(P, A2)
        Uo = Uo + b[2 * k + 1] * P
        V = V + b[2 * k] * P
    return matmul(A, Uo), V


@njit(cache=True, error_model="numpy")
def expm(A):
    r""":math:`e^{A}` of a real or complex square matrix by Pade approximation with scaling and
    squaring (Higham 2005): the lowest of the degrees 3, 5, 7, 9 accurate to the unit roundoff
    at :math:`\|A\|_1` when it suffices, else degree 13 on :math:`B = 2^{-s}A`,
    :math:`\|B\|_1 \le \theta_{13}`:
    :math:`U = B[B_6(c_{13}B_6 + c_{11}B_4 + c_9B_2) + c_7B_6 + c_5B_4 + c_3B_2 + c_1I]`,
    :math:`V = B_6(c_{12}B_6 + c_{10}B_4 + c_8B_2) + c_6B_6 + c_4B_4 + c_2B_2 + c_0I`,
    :math:`e^{B} \approx (V - U)^{-1}(V + U)`, then squared ``s`` times.  Non-finite input gives
    a non-finite result (the caller checks).
    """
    n = A.shape[0]
    norm = norm1(A)
    if not math.isfinite(norm):
        out = np.empty((n, n), dtype=A.dtype)
        out[:] = np.nan
        return out
    if norm <= _THETA9:
        if norm <= _THETA3:
            U, V = _pade_low(A, _PADE3)
        elif norm <= _THETA5:
            U, V = _pade_low(A, _PADE5)
        elif norm <= _THETA7:
            U, V = _pade_low(A, _PADE7)
        else:
            U, V = _pade_low(A, _PADE9)
        return solve(V - U, V + U)
    s = 0
    if norm > _THETA13:
        s = int(math.ceil(math.log2(norm / _THETA13)))
    B = A * math.ldexp(1.0, -s)
    c = _PADE13
    ident = np.eye(n, dtype=A.dtype)
    B2 = matmul(B, B)
    B4 = matmul(B2, B2)
    B6 = matmul(B4, B2)
    U = matmul(
        B,
        matmul(B6, c[13] * B6 + c[11] * B4 + c[9] * B2)
        + c[7] * B6
        + c[5] * B4
        + c[3] * B2
        + c[1] * ident,
    )
    V = (
        matmul(B6, c[12] * B6 + c[10] * B4 + c[8] * B2)
        + c[6] * B6
        + c[4] * B4
        + c[2] * B2
        + c[0] * ident
    )
    E = solve(V - U, V + U)
    for _ in range(s):
        E = matmul(E, E)
    return E


@njit(cache=True, error_model="numpy")
def affine_propagator(M, f, t):
    r""":math:`(\Phi, \varphi)` with :math:`y(t) = \Phi y(0) + \varphi` for :math:`\dot y = My + f`:
    the blocks of :math:`\exp\begin{pmatrix}Mt & ft/c\\0 & 0\end{pmatrix}`, the last column
    times :math:`c = \max_i|f_i|` (it is linear in :math:`f`; a drive far larger than the rates
    would otherwise set the scaling alone and round the damping away)."""
    n = M.shape[0]
    if t == 0:  # the identity (the start of most traces)
        return np.eye(n, dtype=M.dtype), np.zeros(n, dtype=M.dtype)
    c = 0.0
    for i in range(n):
        c = max(c, abs(f[i]))
    c = c if c > 0 else 1.0
    aug = np.zeros((n + 1, n + 1), dtype=M.dtype)
    for i in range(n):
        for j in range(n):
            aug[i, j] = M[i, j] * t
        aug[i, n] = f[i] / c * t
    E = expm(aug)
    phi = np.empty(n, dtype=M.dtype)
    for i in range(n):
        phi[i] = E[i, n] * c
    return np.ascontiguousarray(E[:n, :n]), phi


@njit(cache=True, error_model="numpy")
def lyapunov_pair(A, D, t):
    r""":math:`\Phi = e^{At}` and :math:`Q = \int_0^t e^{As}De^{A^Ts}ds` (module docstring): then
    :math:`W(t) = \Phi W(0) \Phi^T + Q` for :math:`\dot W = AW + WA^T + D`."""
    n = A.shape[0]
    if t == 0:
        return np.eye(n, dtype=A.dtype), np.zeros((n, n), dtype=A.dtype)
    norm = norm1(A) * abs(t)
    s = 0
    if norm > 0.5:
        s = int(math.ceil(math.log2(norm / 0.5)))
    h = t * math.ldexp(1.0, -s)
    Ah = A * h
    Phi = expm(Ah)
    AhT = np.ascontiguousarray(Ah.T)
    term = D * h
    Q = term.copy()
    for k in range(1, 40):
        term = (matmul(Ah, term) + matmul(term, AhT)) / (k + 1)
        Q += term
        if norm1(term) <= 1e-18 * norm1(Q):
            break
    for _ in range(s):
        Q = Q + matmul(matmul(Phi, Q), np.ascontiguousarray(Phi.T))
        Phi = matmul(Phi, Phi)
    for i in range(n):  # symmetric by construction; remove rounding asymmetry
        for j in range(i + 1, n):
            v = 0.5 * (Q[i, j] + Q[j, i])
            Q[i, j] = v
            Q[j, i] = v
    return Phi, Q


@njit(cache=True, error_model="numpy")
def lyapunov_steady(A, D):
    r"""The solution of :math:`AW + WA^T + D = 0` for a stable :math:`A`, as
    :math:`Q(\infty)` by doubling :math:`Q(2t) = Q(t) + \Phi(t)Q(t)\Phi(t)^T` from
    :math:`t = 1/\|A\|_1` until :math:`\|\Phi(t)\|_1^2 < 10^{-17}` (at most 400 doublings).

    Returns:
        ``(W, converged)``; ``converged`` is False for an unstable or marginal :math:`A`.
    """
    norm = norm1(A)
    if not (norm > 0) or not math.isfinite(norm):
        return D * np.nan, False
    Phi, Q = lyapunov_pair(A, D, 1.0 / norm)
    for _ in range(400):
        p = norm1(Phi)
        if p * p < 1e-17:
            return Q, True
        if not (p < 1e150):
            return Q, False
        Q = Q + matmul(matmul(Phi, Q), np.ascontiguousarray(Phi.T))
        Phi = matmul(Phi, Phi)
    return Q, False


@njit(cache=True)
def first_moment_drift(M1x, f):
    r"""The whole first-moment system over :math:`A = (x, x^\dagger)` from the printed
    :math:`x` rows: row :math:`x_i^\dagger` is the conjugate of row :math:`x_i` with the column
    halves swapped (:math:`d\langle x^\dagger\rangle/dt = \overline{d\langle x\rangle/dt}`).

    Returns:
        ``(M1, f1)``: complex128[2N, 2N], complex128[2N].
    """
    n = M1x.shape[0]
    M1 = np.zeros((2 * n, 2 * n), dtype=np.complex128)
    f1 = np.zeros(2 * n, dtype=np.complex128)
    for i in range(n):
        f1[i] = f[i]
        f1[n + i] = np.conj(f[i])
        for j in range(2 * n):
            M1[i, j] = M1x[i, j]
        for j in range(n):
            M1[n + i, n + j] = np.conj(M1x[i, j])
            M1[n + i, j] = np.conj(M1x[i, n + j])
    return M1, f1


@njit(cache=True, error_model="numpy")
def schur(M, f, keep, drop):
    r"""Eliminate the variables ``drop`` at zero frequency: :math:`M_\text{eff} = M_{PP} -
    XM_{QP}`, :math:`f_\text{eff} = f_P - Xf_Q`, :math:`X = M_{PQ}M_{QQ}^{-1}` (``keep`` = P).

    Returns:
        ``(M_eff, f_eff, X)``.
    """
    p = keep.shape[0]
    q = drop.shape[0]
    if q == 1:  # one fast mode (the common case): X = M_PQ / M_QQ, no factorisation
        d = drop[0]
        inv = 1.0 / M[d, d]
        X = np.empty((p, 1), dtype=M.dtype)
        Meff = np.empty((p, p), dtype=M.dtype)
        feff = np.empty(p, dtype=f.dtype)
        for a in range(p):
            x = M[keep[a], d] * inv
            X[a, 0] = x
            feff[a] = f[keep[a]] - x * f[d]
            for b in range(p):
                Meff[a, b] = M[keep[a], keep[b]] - x * M[d, keep[b]]
        return Meff, feff, X
    MPP = np.empty((p, p), dtype=M.dtype)
    MPQ = np.empty((p, q), dtype=M.dtype)
    MQP = np.empty((q, p), dtype=M.dtype)
    MQQ = np.empty((q, q), dtype=M.dtype)
    fP = np.empty(p, dtype=f.dtype)
    fQ = np.empty((q, 1), dtype=f.dtype)
    for a in range(p):
        fP[a] = f[keep[a]]
        for b in range(p):
            MPP[a, b] = M[keep[a], keep[b]]
        for b in range(q):
            MPQ[a, b] = M[keep[a], drop[b]]
    for a in range(q):
        fQ[a, 0] = f[drop[a]]
        for b in range(p):
            MQP[a, b] = M[drop[a], keep[b]]
        for b in range(q):
            MQQ[a, b] = M[drop[a], drop[b]]
    # X = M_PQ M_QQ^-1  <=>  X^T = (M_QQ^T)^-1 M_PQ^T
    X = np.ascontiguousarray(solve(np.ascontiguousarray(MQQ.T), np.ascontiguousarray(MPQ.T)).T)
    Meff = MPP - matmul(X, MQP)
    feff = fP - matmul(X, fQ)[:, 0]
    return Meff, feff, X


@njit(cache=True)
def schur_noise(D, X, keep, drop):
    r""":math:`D_\text{eff} = ZDZ^T`, :math:`Z = [I, -X]` over (``keep``, ``drop``)."""
    p = keep.shape[0]
    q = drop.shape[0]
    Z = np.zeros((p, p + q), dtype=D.dtype)
    order = np.empty(p + q, dtype=np.int64)
    for a in range(p):
        Z[a, a] = 1.0
        order[a] = keep[a]
        for b in range(q):
            Z[a, p + b] = -X[a, b]
    for b in range(q):
        order[p + b] = drop[b]
    Dr = np.empty((p + q, p + q), dtype=D.dtype)
    for a in range(p + q):
        for b in range(p + q):
            Dr[a, b] = D[order[a], order[b]]
    return matmul(matmul(Z, Dr), np.ascontiguousarray(Z.T))


@njit(cache=True)
def quadratures(M1, f1, Dn):
    r"""The real form over :math:`r = (q_1..q_N, p_1..p_N) = TA` (module docstring).

    Returns:
        ``(A_r, b_r, D_W)``: float64[2N, 2N], float64[2N], float64[2N, 2N].
    """
    m = M1.shape[0]
    n = m // 2
    T = np.zeros((m, m), dtype=np.complex128)
    for i in range(n):
        T[i, i] = _SQRT_HALF
        T[i, n + i] = _SQRT_HALF
        T[n + i, i] = -1j * _SQRT_HALF
        T[n + i, n + i] = 1j * _SQRT_HALF
    Th = np.ascontiguousarray(np.conj(T.T))
    Tt = np.ascontiguousarray(T.T)
    Ar = matmul(matmul(T, M1), Th).real.copy()
    br = matvec(T, f1).real.copy()
    DW = matmul(matmul(T, Dn), Tt).real.copy()
    for i in range(m):
        for j in range(i + 1, m):
            v = 0.5 * (DW[i, j] + DW[j, i])
            DW[i, j] = v
            DW[j, i] = v
    return Ar, br, DW


@njit(cache=True, inline="always")
def mode_ergotropy(omega, x2, wqq, wpp, wqp):
    r"""Single-mode Gaussian ergotropy :math:`\omega(\langle m^\dagger m\rangle - (\nu - \tfrac12))`
    from :math:`|\langle m\rangle|^2` (``x2``) and the mode's block of :math:`W = V - I/2`:
    :math:`\nu = \sqrt{\det V}`, :math:`\nu - \tfrac12 = a/(\nu + \tfrac12)`,
    :math:`a = \det W + \tfrac12\operatorname{tr} W` (no cancellation for tiny occupations)."""
    tr = wqq + wpp
    a = wqq * wpp - wqp * wqp + 0.5 * tr
    if a < 0.0:
        a = 0.0
    nu = math.sqrt(a + 0.25)
    return omega * (x2 + 0.5 * tr - a / (nu + 0.5))


@njit(cache=True, inline="always")
def safe_inverse(x):
    """``1/x``, or ``nan`` where ``x == 0`` (the quotients of derived observables, such as a ratio
    of energies at ``t = 0`` from vacuum, are undefined there, not infinite)."""
    if x == 0:
        return math.nan
    return 1.0 / x


@njit(cache=True)
def is_coherent(M1x, Dn):
    r"""Whether a coherent state stays coherent at this parameter point: the
    :math:`\langle x^\dagger\rangle` columns of the drift vanish (no squeezing, no mixed jumps)
    and the normal-ordered diffusion vanishes (vacuum baths).  Then the occupations are
    :math:`|\langle x\rangle|^2` and only the :math:`N` first moments need evolving."""
    n = M1x.shape[0]
    for i in range(n):
        for j in range(n, 2 * n):
            if M1x[i, j] != 0:
                return False
    for i in range(2 * n):
        for j in range(2 * n):
            if Dn[i, j] != 0:
                return False
    return True


@njit(cache=True, error_model="numpy")
def coherent_system(M1x, f, omega, keep, drop):
    r"""The :math:`\langle x\rangle` system :math:`\dot x = Mx + f` of the kept modes (``drop``
    eliminated by :func:`schur`), and their frequencies."""
    n = M1x.shape[0]
    M = np.ascontiguousarray(M1x[:, :n])
    if drop.shape[0] == 0:
        return M, f.copy(), omega.copy()
    Meff, feff, _ = schur(M, f, keep, drop)
    om = np.empty(keep.shape[0])
    for a in range(keep.shape[0]):
        om[a] = omega[keep[a]]
    return Meff, feff, om


@njit(cache=True, error_model="numpy")
def gaussian_system(M1x, f, Dn, omega, keep, drop):
    r"""The real quadrature system of the kept modes: :math:`\dot r = A_r r + b_r`,
    :math:`\dot W = A_rW + WA_r^T + D_W` (``drop`` eliminated in the :math:`2N` form by
    :func:`schur` and :func:`schur_noise`), and their frequencies."""
    n = M1x.shape[0]
    M1, f1 = first_moment_drift(M1x, f)
    if drop.shape[0] == 0:
        A, b, DW = quadratures(M1, f1, Dn)
        return A, b, DW, omega.copy()
    p = keep.shape[0]
    q = drop.shape[0]
    keep2 = np.empty(2 * p, dtype=np.int64)
    drop2 = np.empty(2 * q, dtype=np.int64)
    for a in range(p):
        keep2[a] = keep[a]
        keep2[p + a] = keep[a] + n
    for a in range(q):
        drop2[a] = drop[a]
        drop2[q + a] = drop[a] + n
    Meff, feff, X = schur(M1, f1, keep2, drop2)
    Deff = schur_noise(Dn, X, keep2, drop2)
    A, b, DW = quadratures(Meff, feff, Deff)
    om = np.empty(p)
    for a in range(p):
        om[a] = omega[keep[a]]
    return A, b, DW, om


@njit(cache=True)
def sandwich(Phi, W, Q, tmp, out):
    """``out = Phi W Phi^T + Q`` (``tmp`` a work array of the same shape), in plain loops."""
    m = W.shape[0]
    for i in range(m):
        for j in range(m):
            acc = 0.0
            for k in range(m):
                acc += W[i, k] * Phi[j, k]
            tmp[i, j] = acc
    for i in range(m):
        for j in range(m):
            out[i, j] = Q[i, j]
        for k in range(m):
            a = Phi[i, k]
            if a != 0:
                for j in range(m):
                    out[i, j] += a * tmp[k, j]


@njit(cache=True)
def affine_apply(Phi, phi, r, out):
    """``out = Phi r + phi``."""
    m = r.shape[0]
    for i in range(m):
        acc = phi[i]
        for k in range(m):
            acc += Phi[i, k] * r[k]
        out[i] = acc


@njit(cache=True)
def occupation_rate(A, b, DW, r, W, i):
    r""":math:`d\langle m^\dagger m\rangle/dt` of mode ``i`` from the quadrature system: with
    :math:`\langle m^\dagger m\rangle = \tfrac12(q^2 + p^2 + W_{qq} + W_{pp})`,
    :math:`\dot n = q\dot q + p\dot p + (AW)_{qq} + (AW)_{pp} + \tfrac12(D_{W,qq} + D_{W,pp})`
    (exact: the derived equations at the current state, not a finite difference)."""
    m = r.shape[0]
    n = m // 2
    q = i
    p = n + i
    dq = b[q]
    dp = b[p]
    awq = 0.0
    awp = 0.0
    for k in range(m):
        dq += A[q, k] * r[k]
        dp += A[p, k] * r[k]
        awq += A[q, k] * W[k, q]
        awp += A[p, k] * W[k, p]
    return r[q] * dq + r[p] * dp + awq + awp + 0.5 * (DW[q, q] + DW[p, p])


@njit(cache=True)
def elimination_ratio(M1x, keep, drop):
    r"""How fast the eliminated modes are against their couplings:
    :math:`2\min_q |M_{qq}| / \max_{p,q} |M_{pq}|` over the :math:`\langle x\rangle` block
    (:math:`\kappa_c/g` for the paper's bad cavity at :math:`\Delta_c = 0`; ``inf`` when nothing
    is eliminated or nothing couples to it)."""
    if drop.shape[0] == 0:
        return math.inf
    rate = math.inf
    for q in drop:
        v = 2.0 * abs(M1x[q, q])
        if v < rate:
            rate = v
    coupling = 0.0
    for p in keep:
        for q in drop:
            v = abs(M1x[p, q])
            if v > coupling:
                coupling = v
            v = abs(M1x[q, p])
            if v > coupling:
                coupling = v
    if coupling == 0.0:
        return math.inf
    return rate / coupling


@njit(parallel=True, cache=True)
def scan_times(t):
    """``(all finite, min, max, max |t_k - (t_0 + k step)|)`` in one parallel pass, ``step`` the
    mean spacing (the deviation is ``inf`` for fewer than two times)."""
    n = t.shape[0]
    blocks = (n + 65535) // 65536
    ok = np.ones(blocks, dtype=np.bool_)
    lo = np.empty(blocks)
    hi = np.empty(blocks)
    dev = np.zeros(blocks)
    step = (t[n - 1] - t[0]) / (n - 1) if n > 1 else 0.0
    t0 = t[0]
    for b in prange(blocks):
        a = math.inf
        z = -math.inf
        w = 0.0
        good = True
        for k in range(65536 * b, min(n, 65536 * (b + 1))):
            v = t[k]
            if not math.isfinite(v):
                good = False
            a = min(a, v)
            z = max(z, v)
            w = max(w, abs(v - (t0 + k * step)))
        ok[b] = good
        lo[b] = a
        hi[b] = z
        dev[b] = w
    return ok.all(), lo.min(), hi.max(), dev.max() if n > 1 else math.inf


def is_uniform(t: np.ndarray, min_points: int = 2, scan=None) -> bool:
    """Evenly spaced to 1e-12 of the largest time (``scan``: a :func:`scan_times` result)."""
    if t.size < max(min_points, 2):
        return False
    step = (t[-1] - t[0]) / (t.size - 1)
    if not step > 0:
        return False
    _, _, _, dev = scan if scan is not None else scan_times(t)
    scale = max(abs(t[0]), abs(t[-1]), step)
    return bool(dev <= 1e-12 * scale)


def trace_block(n: int) -> int:
    """Times per parallel block of a trace: about a sixteenth of the trace, at least 64 and at
    most :data:`RESTART`."""
    return int(min(RESTART, max(64, -(-n // 16))))


# --------------------------------------------------------------------------- reductions
#: Reduction name -> code passed to the kernels (0: no reduction).
MODES = {"max": 1, "argmax": 2, "min": 3, "last": 4, "mean": 5}
#: The modes defined for complex observables.
COMPLEX_MODES = ("last", "mean")

_MAX, _ARGMAX, _MIN, _LAST, _MEAN = 1, 2, 3, 4, 5


@njit(cache=True)
def first_sample(mode, n):
    """The first time index a reduction reads (``last`` reads only the last sample)."""
    return n - 1 if mode == _LAST else 0


@njit(cache=True, inline="always")
def reduce_real(mode, acc, idx, cnt, v, k):
    """One sample ``v`` (time index ``k``) into the running ``(acc, idx, cnt)`` (max/argmax
    first: the common case costs two comparisons; ``v == v`` is False for nan)."""
    if mode <= _ARGMAX:
        if v > acc or (cnt == 0 and v == v):
            return v, k, 1
        return acc, idx, cnt
    if mode == _MIN:
        if v < acc or (cnt == 0 and v == v):
            return v, k, 1
        return acc, idx, cnt
    if mode == _MEAN:
        if v == v:
            return acc + v, idx, cnt + 1
        return acc, idx, cnt
    return v, k, 1  # last


@njit(cache=True, inline="always")
def finish_real(mode, acc, idx, cnt):
    """The reduced value (``argmax``: the index as a float, -1 when every sample was nan)."""
    if mode == _LAST:
        return acc
    if mode == _ARGMAX:
        return float(idx) if cnt > 0 else -1.0
    if cnt == 0:
        return math.nan
    if mode == _MEAN:
        return acc / cnt
    return acc


@njit(cache=True, inline="always")
def reduce_complex(mode, acc, cnt, v):
    """One complex sample into the running ``(acc, cnt)`` (``last`` or ``mean``)."""
    if mode == _LAST:
        return v, cnt + 1
    if v != v:
        return acc, cnt
    return acc + v, cnt + 1


@njit(cache=True, inline="always")
def finish_complex(mode, acc, cnt):
    """The reduced complex value."""
    if mode == _LAST:
        return acc
    if cnt == 0:
        return complex(math.nan, math.nan)
    return acc / cnt


# --------------------------------------------------------------------------- fused passes
_c1 = types.complex128[::1]
_c2 = types.complex128[:, ::1]
_f1 = types.float64[::1]
_f2 = types.float64[:, ::1]
_f3 = types.float64[:, :, ::1]
_i1 = types.int64[::1]
_i2 = types.int64[:, ::1]
_b1 = types.boolean[::1]

#: Signature of a model's generated ``matrices(p)``.
MATRICES = types.Tuple((_c2, _c1, _c2, _f1))(_f1)
#: Signature of a model's generated ``derived(p, n, E, P, W, out)`` (per-mode values of a chunk
#: of times, ``[mode, time]``; ``out[observable, time]``).
DERIVED = types.void(_f1, _f2, _f2, _f2, _f2, _f2)
#: Times per call of a model's ``derived`` (one call per chunk, not per time).
DCHUNK = 64
_M = FunctionType(MATRICES)
_D = FunctionType(DERIVED)

#: The compiled signature of each pass.
SIGNATURES = {
    "coherent_trace": types.void(
        _M,
        _D,
        _f1,
        _i1,
        _i1,
        types.complex128[::1],
        _f1,
        types.boolean,
        types.int64,
        _i2,
        _i1,
        _b1,
        types.complex128[:, ::1],
        _f2,
        _f2,
    ),
    "gaussian_trace": types.void(
        _M,
        _D,
        _f1,
        _i1,
        _i1,
        _f1,
        _f2,
        _f1,
        types.boolean,
        types.int64,
        _i2,
        _i1,
        _b1,
        types.complex128[:, ::1],
        _f2,
        _f2,
        _f2,
        _f3,
    ),
    "coherent_sweep": types.void(
        _M,
        _D,
        _f2,
        _i1,
        _i1,
        types.complex128[::1],
        _f1,
        types.boolean,
        types.int64,
        _i2,
        _i1,
        _b1,
        types.complex128[:, :, ::1],
        _f3,
        _f3,
    ),
    "gaussian_sweep": types.void(
        _M,
        _D,
        _f2,
        _i1,
        _i1,
        _f1,
        _f2,
        _f1,
        types.boolean,
        types.int64,
        _i2,
        _i1,
        _b1,
        types.complex128[:, :, ::1],
        _f3,
        _f3,
    ),
    "classify": types.Tuple((_b1, _f1))(_M, _f2, _i1, _i1),
    "drift_entry": _c1(_M, _f2, _i1, _i1, types.int64, types.int64),
}

_KINDS = 5  # x, n, E, P, W
_X, _N, _E, _P, _W = 0, 1, 2, 3, 4


@njit(cache=True, error_model="numpy", inline="always")
def _plan(sel, seld):
    """The requested built-in observables as items ``(kind, mode, output row)``, and whether a
    derived observable is requested (then every per-mode value is computed for it)."""
    nk, n = sel.shape
    count = 0
    for kind in range(nk):
        for i in range(n):
            count += sel[kind, i] >= 0
    kinds = np.empty(count, dtype=np.int64)
    modes = np.empty(count, dtype=np.int64)
    rows = np.empty(count, dtype=np.int64)
    c = 0
    for kind in range(nk):
        for i in range(n):
            if sel[kind, i] >= 0:
                kinds[c] = kind
                modes[c] = i
                rows[c] = sel[kind, i]
                c += 1
    any_derived = False
    for d in range(seld.shape[0]):
        any_derived = any_derived or seld[d] >= 0
    return kinds, modes, rows, any_derived


@njit(cache=True, error_model="numpy", inline="always")
def _cvalue(kind, i, v, M, fv, om):
    """A real observable of mode ``i`` of a coherent state ``v`` (occupation, energy, power,
    ergotropy)."""
    x = v[i]
    x2 = x.real * x.real + x.imag * x.imag
    if kind == _N:
        return x2
    if kind == _P:
        d = fv[i]
        for j in range(v.shape[0]):
            d += M[i, j] * v[j]
        return 2.0 * om[i] * (x.real * d.real + x.imag * d.imag)
    return om[i] * x2  # energy; the ergotropy of a coherent state is its energy


@njit(cache=True, error_model="numpy", inline="always")
def _gvalue(kind, i, r, W, A, b, DW, om):
    """A real observable of mode ``i`` of a Gaussian state (means ``r``, covariance ``W``)."""
    n = om.shape[0]
    q = r[i]
    p = r[n + i]
    x2 = 0.5 * (q * q + p * p)
    if kind == _N:
        return x2 + 0.5 * (W[i, i] + W[n + i, n + i])
    if kind == _E:
        return om[i] * (x2 + 0.5 * (W[i, i] + W[n + i, n + i]))
    if kind == _P:
        return om[i] * occupation_rate(A, b, DW, r, W, i)
    return mode_ergotropy(om[i], x2, W[i, i], W[n + i, n + i], W[i, n + i])


@njit(cache=True, error_model="numpy", inline="always")
def _gamplitude(i, r, n):
    return complex(0.7071067811865476 * r[i], 0.7071067811865476 * r[n + i])


@njit(cache=True, error_model="numpy", inline="always")
def _gaussian_items(kinds, modes, r, W, A, b, DW, om, ivals, xs):
    """The requested real values of a Gaussian state into ``ivals[item]``, amplitudes into
    ``xs``."""
    nmod = om.shape[0]
    for i in range(nmod):
        xs[i] = _gamplitude(i, r, nmod)
    for it in range(kinds.shape[0]):
        if kinds[it] != _X:
            ivals[it] = _gvalue(kinds[it], modes[it], r, W, A, b, DW, om)


@njit(cache=True, error_model="numpy", inline="always")
def _coherent_all(v, M, fv, om, vals, dneed, c):
    """The per-mode values a derived observable may read (``dneed``; the others stay 0) into
    column ``c`` of the chunk buffer ``vals[kind, mode, time]``."""
    for kind in range(1, _KINDS):
        for i in range(v.shape[0]):
            if dneed[kind, i]:
                vals[kind, i, c] = _cvalue(kind, i, v, M, fv, om)


@njit(cache=True, error_model="numpy", inline="always")
def _gaussian_all(r, W, A, b, DW, om, vals, c):
    for kind in range(1, _KINDS):
        for i in range(om.shape[0]):
            vals[kind, i, c] = _gvalue(kind, i, r, W, A, b, DW, om)


@njit(cache=True, error_model="numpy", inline="always")
def _trace_write(k, xs, ivals, kinds, modes, rows, out_x, out_r):
    """Write the requested built-in observables of time ``k``; returns whether they are
    finite."""
    fin = True
    for it in range(kinds.shape[0]):
        if kinds[it] == _X:
            x = xs[modes[it]]
            out_x[rows[it], k] = x
            fin = fin and abs(x.real) + abs(x.imag) < math.inf
        else:
            val = ivals[it]
            out_r[rows[it], k] = val
            fin = fin and abs(val) < math.inf
    return fin


@njit(cache=True, error_model="numpy", inline="always")
def _sweep_write(j, k, mode, xs, ivals, kinds, modes, rows, out_x, out_r, acc, idx, cnt, accc):
    """:func:`_trace_write` for row ``j`` of a sweep: written (``mode == 0``) or reduced."""
    fin = True
    for it in range(kinds.shape[0]):
        if kinds[it] == _X:
            x = xs[modes[it]]
            fin = fin and abs(x.real) + abs(x.imag) < math.inf
            if mode == 0:
                out_x[rows[it], j, k] = x
            else:
                accc[it], cnt[it] = reduce_complex(mode, accc[it], cnt[it], x)
        else:
            val = ivals[it]
            fin = fin and abs(val) < math.inf
            _record(mode, j, k, rows[it], val, out_r, acc, idx, cnt, it)
    return fin


@njit(cache=True, error_model="numpy", inline="always")
def _trace_dpush(k, last, derived, p, vals, dvals, cc, seld, out_D):
    """Count the column just stored; at a full chunk (or the last time) call the model's
    ``derived`` once for the chunk and write its requested rows."""
    c = cc[0] + 1
    if c == vals.shape[2] or k == last:
        derived(p, vals[_N], vals[_E], vals[_P], vals[_W], dvals)
        for d in range(seld.shape[0]):
            row = seld[d]
            if row >= 0:
                for col in range(c):
                    out_D[row, k - c + 1 + col] = dvals[d, col]
        c = 0
    cc[0] = c


@njit(cache=True, error_model="numpy", inline="always")
def _sweep_dpush(j, k, last, mode, derived, p, vals, dvals, cc, seld, out_D, acc, idx, cnt, base):
    """:func:`_trace_dpush` for row ``j`` of a sweep: written or reduced, in time order."""
    c = cc[0] + 1
    if c == vals.shape[2] or k == last:
        derived(p, vals[_N], vals[_E], vals[_P], vals[_W], dvals)
        for d in range(seld.shape[0]):
            row = seld[d]
            if row >= 0:
                for col in range(c):
                    _record(
                        mode, j, k - c + 1 + col, row, dvals[d, col], out_D, acc, idx, cnt, base + d
                    )
        c = 0
    cc[0] = c


@njit(cache=True, error_model="numpy", inline="always")
def _coherent_plan(sel, om):
    """The requested built-in observables of the coherent pass in three branch-free lists:
    quadratic ``w |x_i|^2`` (occupations, energies, ergotropies: ``(mode, row, w)``), powers
    ``(mode, row)`` and amplitudes ``(mode, row)``; and the values the derived observables read
    (``sel == -2``: computed for them, not written)."""
    n = sel.shape[1]
    nq = 0
    npw = 0
    nx = 0
    for i in range(n):
        nx += sel[_X, i] >= 0
        npw += sel[_P, i] >= 0
        nq += (sel[_N, i] >= 0) + (sel[_E, i] >= 0) + (sel[_W, i] >= 0)
    qm = np.empty(nq, dtype=np.int64)
    qr = np.empty(nq, dtype=np.int64)
    qw = np.empty(nq)
    pm = np.empty(npw, dtype=np.int64)
    pr = np.empty(npw, dtype=np.int64)
    xm = np.empty(nx, dtype=np.int64)
    xr = np.empty(nx, dtype=np.int64)
    a = 0
    b = 0
    c = 0
    for i in range(n):
        for kind in (_N, _E, _W):
            if sel[kind, i] >= 0:
                qm[a] = i
                qr[a] = sel[kind, i]
                qw[a] = 1.0 if kind == _N else om[i]
                a += 1
        if sel[_P, i] >= 0:
            pm[b] = i
            pr[b] = sel[_P, i]
            b += 1
        if sel[_X, i] >= 0:
            xm[c] = i
            xr[c] = sel[_X, i]
            c += 1
    return qm, qr, qw, pm, pr, xm, xr, sel != -1


@njit(cache=True, error_model="numpy", inline="always")
def _power(i, v, M, fv, om):
    r""":math:`P_i = 2\omega_i\,\mathrm{Re}(\bar x_i\dot x_i)` on a coherent state."""
    x = v[i]
    d = fv[i]
    for j in range(v.shape[0]):
        d += M[i, j] * v[j]
    return 2.0 * om[i] * (x.real * d.real + x.imag * d.imag)


@njit(cache=True, error_model="numpy", inline="always")
def _coherent_write(k, v, M, fv, om, plan, out_x, out_r):
    """Write the requested built-in observables of a coherent state at time ``k``; returns
    ``0.0`` times their sum (``nan`` when any is not finite: one multiply-add per value)."""
    qm, qr, qw, pm, pr, xm, xr, _ = plan
    bad = 0.0
    for a in range(qm.shape[0]):
        x = v[qm[a]]
        val = qw[a] * (x.real * x.real + x.imag * x.imag)
        out_r[qr[a], k] = val
        bad += 0.0 * val
    for b in range(pm.shape[0]):
        val = _power(pm[b], v, M, fv, om)
        out_r[pr[b], k] = val
        bad += 0.0 * val
    for c in range(xm.shape[0]):
        x = v[xm[c]]
        out_x[xr[c], k] = x
        bad += 0.0 * (x.real + x.imag)
    return bad


@njit(cache=True, error_model="numpy", inline="always")
def _coherent_observe(
    k, v, M, fv, om, p, derived, plan, any_derived, vals, dvals, seld, out_x, out_r, out_D, last, cc
):
    bad = _coherent_write(k, v, M, fv, om, plan, out_x, out_r)
    if any_derived:
        _coherent_all(v, M, fv, om, vals, plan[7], cc[0])
        _trace_dpush(k, last, derived, p, vals, dvals, cc, seld, out_D)
    return bad


@njit(cache=True, error_model="numpy")
def _coherent_trace(
    matrices,
    derived,
    p,
    keep,
    drop,
    s0,
    times,
    uniform,
    block,
    sel,
    seld,
    finite,
    out_x,
    out_r,
    out_D,
):
    n = times.shape[0]
    dt = (times[n - 1] - times[0]) / (n - 1) if uniform and n > 1 else 0.0
    M1x, f, Dn, omega = matrices(p)
    M, fv, om = coherent_system(M1x, f, omega, keep, drop)
    Phi, phi = affine_propagator(M, fv, dt)
    nmod = M.shape[0]
    plan = _coherent_plan(sel, om)
    _, _, _, any_derived = _plan(sel, seld)
    nd = max(1, seld.shape[0])
    for blk in prange((n + block - 1) // block):
        start = block * blk
        stop = min(n, start + block)
        v = np.empty(nmod, dtype=np.complex128)
        vt = np.empty(nmod, dtype=np.complex128)
        vals = np.zeros((_KINDS, nmod, DCHUNK))
        dvals = np.zeros((nd, DCHUNK))
        cc = np.zeros(1, dtype=np.int64)
        bad = 0.0
        if uniform:  # separate loops: a conditional swap of arrays defeats the optimiser
            Pt, qt = affine_propagator(M, fv, times[start])
            affine_apply(Pt, qt, s0, v)
            for k in range(start, stop):
                bad += _coherent_observe(
                    k,
                    v,
                    M,
                    fv,
                    om,
                    p,
                    derived,
                    plan,
                    any_derived,
                    vals,
                    dvals,
                    seld,
                    out_x,
                    out_r,
                    out_D,
                    stop - 1,
                    cc,
                )
                affine_apply(Phi, phi, v, vt)
                v, vt = vt, v
        else:
            for k in range(start, stop):
                Pt, qt = affine_propagator(M, fv, times[k])
                affine_apply(Pt, qt, s0, v)
                bad += _coherent_observe(
                    k,
                    v,
                    M,
                    fv,
                    om,
                    p,
                    derived,
                    plan,
                    any_derived,
                    vals,
                    dvals,
                    seld,
                    out_x,
                    out_r,
                    out_D,
                    stop - 1,
                    cc,
                )
        finite[blk] = bad == 0.0


@njit(cache=True, error_model="numpy", inline="always")
def _gaussian_observe(
    k,
    r,
    W,
    A,
    b,
    DW,
    om,
    xs,
    p,
    derived,
    kinds,
    modes,
    rows,
    any_derived,
    ivals,
    vals,
    dvals,
    seld,
    out_x,
    out_r,
    out_D,
    out_s,
    out_W,
    last,
    cc,
):
    if out_s.shape[0] > 0:
        out_s[k, :] = r
        out_W[k, :, :] = W
    _gaussian_items(kinds, modes, r, W, A, b, DW, om, ivals, xs)
    fin = _trace_write(k, xs, ivals, kinds, modes, rows, out_x, out_r)
    if any_derived:
        _gaussian_all(r, W, A, b, DW, om, vals, cc[0])
        _trace_dpush(k, last, derived, p, vals, dvals, cc, seld, out_D)
    return fin


@njit(cache=True, error_model="numpy")
def _gaussian_trace(
    matrices,
    derived,
    p,
    keep,
    drop,
    s0,
    W0,
    times,
    uniform,
    block,
    sel,
    seld,
    finite,
    out_x,
    out_r,
    out_D,
    out_s,
    out_W,
):
    n = times.shape[0]
    dt = (times[n - 1] - times[0]) / (n - 1) if uniform and n > 1 else 0.0
    M1x, f, Dn, omega = matrices(p)
    A, b, DW, om = gaussian_system(M1x, f, Dn, omega, keep, drop)
    m = A.shape[0]
    nmod = m // 2
    Phi, phi = affine_propagator(A, b, dt)
    _, Q = lyapunov_pair(A, DW, dt)
    kinds, modes, rows, any_derived = _plan(sel, seld)
    nd = max(1, seld.shape[0])
    for blk in prange((n + block - 1) // block):
        start = block * blk
        stop = min(n, start + block)
        r = np.empty(m)
        rt = np.empty(m)
        W = np.empty((m, m))
        Wt = np.empty((m, m))
        tmp = np.empty((m, m))
        xs = np.empty(nmod, dtype=np.complex128)
        ivals = np.zeros(max(1, kinds.shape[0]))
        vals = np.zeros((_KINDS, nmod, DCHUNK))
        dvals = np.zeros((nd, DCHUNK))
        cc = np.zeros(1, dtype=np.int64)
        fin = True
        if uniform:
            Pt, qt = affine_propagator(A, b, times[start])
            Pw, Qt = lyapunov_pair(A, DW, times[start])
            affine_apply(Pt, qt, s0, r)
            sandwich(Pw, W0, Qt, tmp, W)
            for k in range(start, stop):
                fin = (
                    _gaussian_observe(
                        k,
                        r,
                        W,
                        A,
                        b,
                        DW,
                        om,
                        xs,
                        p,
                        derived,
                        kinds,
                        modes,
                        rows,
                        any_derived,
                        ivals,
                        vals,
                        dvals,
                        seld,
                        out_x,
                        out_r,
                        out_D,
                        out_s,
                        out_W,
                        stop - 1,
                        cc,
                    )
                    and fin
                )
                affine_apply(Phi, phi, r, rt)
                r, rt = rt, r
                sandwich(Phi, W, Q, tmp, Wt)
                W, Wt = Wt, W
        else:
            for k in range(start, stop):
                Pt, qt = affine_propagator(A, b, times[k])
                Pw, Qt = lyapunov_pair(A, DW, times[k])
                affine_apply(Pt, qt, s0, r)
                sandwich(Pw, W0, Qt, tmp, W)
                fin = (
                    _gaussian_observe(
                        k,
                        r,
                        W,
                        A,
                        b,
                        DW,
                        om,
                        xs,
                        p,
                        derived,
                        kinds,
                        modes,
                        rows,
                        any_derived,
                        ivals,
                        vals,
                        dvals,
                        seld,
                        out_x,
                        out_r,
                        out_D,
                        out_s,
                        out_W,
                        stop - 1,
                        cc,
                    )
                    and fin
                )
        finite[blk] = fin


@njit(cache=True, error_model="numpy", inline="always")
def _record(mode, j, k, row, v, out, acc, idx, cnt, slot):
    """Write a real value (``mode == 0``) or reduce it into its accumulator."""
    if mode == 0:
        out[row, j, k] = v
    else:
        acc[slot], idx[slot], cnt[slot] = reduce_real(mode, acc[slot], idx[slot], cnt[slot], v, k)


@njit(cache=True, error_model="numpy", inline="always")
def _finish(mode, j, kinds, rows, seld, out_x, out_r, out_D, acc, idx, cnt, accc):
    """The reductions of row ``j`` into the outputs (nothing for ``mode == 0``)."""
    if mode == 0:
        return
    for it in range(kinds.shape[0]):
        if kinds[it] == _X:
            out_x[rows[it], j, 0] = finish_complex(mode, accc[it], cnt[it])
        else:
            out_r[rows[it], j, 0] = finish_real(mode, acc[it], idx[it], cnt[it])
    base = kinds.shape[0]
    for d in range(seld.shape[0]):
        if seld[d] >= 0:
            out_D[seld[d], j, 0] = finish_real(mode, acc[base + d], idx[base + d], cnt[base + d])


@njit(cache=True, error_model="numpy", inline="always")
def _coherent_reduce(j, k, mode, v, M, fv, om, plan, out_x, out_r, acc, idx, cnt, accc):
    """:func:`_coherent_write` for row ``j`` of a sweep: written (``mode == 0``) or reduced
    (accumulator slots: quadratic items, then powers, then amplitudes)."""
    qm, qr, qw, pm, pr, xm, xr, _ = plan
    bad = 0.0
    for a in range(qm.shape[0]):
        x = v[qm[a]]
        val = qw[a] * (x.real * x.real + x.imag * x.imag)
        bad += 0.0 * val
        _record(mode, j, k, qr[a], val, out_r, acc, idx, cnt, a)
    base = qm.shape[0]
    for b in range(pm.shape[0]):
        val = _power(pm[b], v, M, fv, om)
        bad += 0.0 * val
        _record(mode, j, k, pr[b], val, out_r, acc, idx, cnt, base + b)
    base += pm.shape[0]
    for c in range(xm.shape[0]):
        x = v[xm[c]]
        bad += 0.0 * (x.real + x.imag)
        if mode == 0:
            out_x[xr[c], j, k] = x
        else:
            accc[base + c], cnt[base + c] = reduce_complex(mode, accc[base + c], cnt[base + c], x)
    return bad


@njit(cache=True, error_model="numpy", inline="always")
def _coherent_finish(mode, j, plan, seld, out_x, out_r, out_D, acc, idx, cnt, accc):
    if mode == 0:
        return
    qm, qr, qw, pm, pr, xm, xr, _ = plan
    for a in range(qm.shape[0]):
        out_r[qr[a], j, 0] = finish_real(mode, acc[a], idx[a], cnt[a])
    base = qm.shape[0]
    for b in range(pm.shape[0]):
        out_r[pr[b], j, 0] = finish_real(mode, acc[base + b], idx[base + b], cnt[base + b])
    base += pm.shape[0]
    for c in range(xm.shape[0]):
        out_x[xr[c], j, 0] = finish_complex(mode, accc[base + c], cnt[base + c])
    base += xm.shape[0]
    for d in range(seld.shape[0]):
        if seld[d] >= 0:
            out_D[seld[d], j, 0] = finish_real(mode, acc[base + d], idx[base + d], cnt[base + d])


@njit(cache=True, error_model="numpy", inline="always")
def _coherent_point(
    j,
    k,
    mode,
    v,
    M,
    fv,
    om,
    p,
    derived,
    plan,
    any_derived,
    vals,
    dvals,
    seld,
    out_x,
    out_r,
    out_D,
    acc,
    idx,
    cnt,
    accc,
    base,
    last,
    cc,
):
    bad = _coherent_reduce(j, k, mode, v, M, fv, om, plan, out_x, out_r, acc, idx, cnt, accc)
    if any_derived:
        _coherent_all(v, M, fv, om, vals, plan[7], cc[0])
        _sweep_dpush(
            j, k, last, mode, derived, p, vals, dvals, cc, seld, out_D, acc, idx, cnt, base
        )
    return bad


@njit(cache=True, error_model="numpy")
def _coherent_sweep(
    matrices,
    derived,
    P,
    keep,
    drop,
    s0,
    times,
    uniform,
    mode,
    sel,
    seld,
    finite,
    out_x,
    out_r,
    out_D,
):
    npts = P.shape[0]
    n = times.shape[0]
    dt = (times[n - 1] - times[0]) / (n - 1) if uniform and n > 1 else 0.0
    k0 = first_sample(mode, n)
    nmod = keep.shape[0]
    kinds, _, _, any_derived = _plan(sel, seld)
    nd = max(1, seld.shape[0])
    slots = kinds.shape[0] + nd
    base = kinds.shape[0]
    for j in prange(npts):
        p = np.ascontiguousarray(P[j])
        M1x, f, Dn, omega = matrices(p)
        M, fv, om = coherent_system(M1x, f, omega, keep, drop)
        Phi, phi = affine_propagator(M, fv, dt)
        plan = _coherent_plan(sel, om)
        v = np.empty(nmod, dtype=np.complex128)
        vt = np.empty(nmod, dtype=np.complex128)
        vals = np.zeros((_KINDS, nmod, DCHUNK))
        dvals = np.zeros((nd, DCHUNK))
        cc = np.zeros(1, dtype=np.int64)
        acc = np.zeros(slots)
        idx = np.zeros(slots, dtype=np.int64)
        cnt = np.zeros(slots, dtype=np.int64)
        accc = np.zeros(slots, dtype=np.complex128)
        bad = 0.0
        if uniform:  # separate loops: a conditional swap of arrays defeats the optimiser
            since = RESTART
            for k in range(k0, n):
                if since == RESTART:
                    since = 0
                    Pt, qt = affine_propagator(M, fv, times[k])
                    affine_apply(Pt, qt, s0, v)
                since += 1
                bad += _coherent_point(
                    j,
                    k,
                    mode,
                    v,
                    M,
                    fv,
                    om,
                    p,
                    derived,
                    plan,
                    any_derived,
                    vals,
                    dvals,
                    seld,
                    out_x,
                    out_r,
                    out_D,
                    acc,
                    idx,
                    cnt,
                    accc,
                    base,
                    n - 1,
                    cc,
                )
                affine_apply(Phi, phi, v, vt)
                v, vt = vt, v
        else:
            for k in range(k0, n):
                Pt, qt = affine_propagator(M, fv, times[k])
                affine_apply(Pt, qt, s0, v)
                bad += _coherent_point(
                    j,
                    k,
                    mode,
                    v,
                    M,
                    fv,
                    om,
                    p,
                    derived,
                    plan,
                    any_derived,
                    vals,
                    dvals,
                    seld,
                    out_x,
                    out_r,
                    out_D,
                    acc,
                    idx,
                    cnt,
                    accc,
                    base,
                    n - 1,
                    cc,
                )
        _coherent_finish(mode, j, plan, seld, out_x, out_r, out_D, acc, idx, cnt, accc)
        finite[j] = bad == 0.0


@njit(cache=True, error_model="numpy", inline="always")
def _gaussian_point(
    j,
    k,
    mode,
    r,
    W,
    A,
    b,
    DW,
    om,
    xs,
    p,
    derived,
    kinds,
    modes,
    rows,
    any_derived,
    ivals,
    vals,
    dvals,
    seld,
    out_x,
    out_r,
    out_D,
    acc,
    idx,
    cnt,
    accc,
    last,
    cc,
):
    _gaussian_items(kinds, modes, r, W, A, b, DW, om, ivals, xs)
    fin = _sweep_write(j, k, mode, xs, ivals, kinds, modes, rows, out_x, out_r, acc, idx, cnt, accc)
    if any_derived:
        _gaussian_all(r, W, A, b, DW, om, vals, cc[0])
        _sweep_dpush(
            j,
            k,
            last,
            mode,
            derived,
            p,
            vals,
            dvals,
            cc,
            seld,
            out_D,
            acc,
            idx,
            cnt,
            kinds.shape[0],
        )
    return fin


@njit(cache=True, error_model="numpy")
def _gaussian_sweep(
    matrices,
    derived,
    P,
    keep,
    drop,
    s0,
    W0,
    times,
    uniform,
    mode,
    sel,
    seld,
    finite,
    out_x,
    out_r,
    out_D,
):
    npts = P.shape[0]
    n = times.shape[0]
    dt = (times[n - 1] - times[0]) / (n - 1) if uniform and n > 1 else 0.0
    k0 = first_sample(mode, n)
    nmod = keep.shape[0]
    m = 2 * nmod
    kinds, modes, rows, any_derived = _plan(sel, seld)
    nd = max(1, seld.shape[0])
    slots = kinds.shape[0] + nd
    for j in prange(npts):
        p = np.ascontiguousarray(P[j])
        M1x, f, Dn, omega = matrices(p)
        A, b, DW, om = gaussian_system(M1x, f, Dn, omega, keep, drop)
        Phi, phi = affine_propagator(A, b, dt)
        _, Q = lyapunov_pair(A, DW, dt)
        r = np.empty(m)
        rt = np.empty(m)
        W = np.empty((m, m))
        Wt = np.empty((m, m))
        tmp = np.empty((m, m))
        xs = np.empty(nmod, dtype=np.complex128)
        vals = np.zeros((_KINDS, nmod, DCHUNK))
        dvals = np.zeros((nd, DCHUNK))
        cc = np.zeros(1, dtype=np.int64)
        acc = np.zeros(slots)
        idx = np.zeros(slots, dtype=np.int64)
        cnt = np.zeros(slots, dtype=np.int64)
        accc = np.zeros(slots, dtype=np.complex128)
        ivals = np.zeros(max(1, kinds.shape[0]))
        fin = True
        if uniform:
            since = RESTART
            for k in range(k0, n):
                if since == RESTART:
                    since = 0
                    Pt, qt = affine_propagator(A, b, times[k])
                    Pw, Qt = lyapunov_pair(A, DW, times[k])
                    affine_apply(Pt, qt, s0, r)
                    sandwich(Pw, W0, Qt, tmp, W)
                since += 1
                fin = (
                    _gaussian_point(
                        j,
                        k,
                        mode,
                        r,
                        W,
                        A,
                        b,
                        DW,
                        om,
                        xs,
                        p,
                        derived,
                        kinds,
                        modes,
                        rows,
                        any_derived,
                        ivals,
                        vals,
                        dvals,
                        seld,
                        out_x,
                        out_r,
                        out_D,
                        acc,
                        idx,
                        cnt,
                        accc,
                        n - 1,
                        cc,
                    )
                    and fin
                )
                affine_apply(Phi, phi, r, rt)
                r, rt = rt, r
                sandwich(Phi, W, Q, tmp, Wt)
                W, Wt = Wt, W
        else:
            for k in range(k0, n):
                Pt, qt = affine_propagator(A, b, times[k])
                Pw, Qt = lyapunov_pair(A, DW, times[k])
                affine_apply(Pt, qt, s0, r)
                sandwich(Pw, W0, Qt, tmp, W)
                fin = (
                    _gaussian_point(
                        j,
                        k,
                        mode,
                        r,
                        W,
                        A,
                        b,
                        DW,
                        om,
                        xs,
                        p,
                        derived,
                        kinds,
                        modes,
                        rows,
                        any_derived,
                        ivals,
                        vals,
                        dvals,
                        seld,
                        out_x,
                        out_r,
                        out_D,
                        acc,
                        idx,
                        cnt,
                        accc,
                        n - 1,
                        cc,
                    )
                    and fin
                )
        _finish(mode, j, kinds, rows, seld, out_x, out_r, out_D, acc, idx, cnt, accc)
        finite[j] = fin


@njit(cache=True, error_model="numpy")
def _classify(matrices, P, keep, drop):
    npts = P.shape[0]
    coherent = np.empty(npts, dtype=np.bool_)
    ratio = np.empty(npts)
    for j in prange(npts):
        M1x, f, Dn, omega = matrices(np.ascontiguousarray(P[j]))
        coherent[j] = is_coherent(M1x, Dn)
        ratio[j] = elimination_ratio(M1x, keep, drop)
    return coherent, ratio


@njit(cache=True, error_model="numpy")
def _drift_entry(matrices, P, keep, drop, i, j):
    out = np.empty(P.shape[0], dtype=np.complex128)
    for k in prange(P.shape[0]):
        M1x, f, Dn, omega = matrices(np.ascontiguousarray(P[k]))
        M, fv, om = coherent_system(M1x, f, omega, keep, drop)
        out[k] = M[i, j]
    return out


_PASSES = {
    "coherent_trace": _coherent_trace,
    "gaussian_trace": _gaussian_trace,
    "coherent_sweep": _coherent_sweep,
    "gaussian_sweep": _gaussian_sweep,
    "classify": _classify,
    "drift_entry": _drift_entry,
}
_COMPILED: dict[str, object] = {}


def _unrolled(name: str, n: int):
    """The coherent pass ``name`` for ``n`` modes with the step unrolled
    (:mod:`nrqb_sym.codegen.passes`), printed into the user cache on first use (named by the
    hash of the template and of this module) and imported; ``None`` where it cannot be written."""
    import hashlib
    import importlib.util
    import os
    import sys
    from pathlib import Path

    from ..codegen import passes
    from ..model.names import cache_dir

    fn = _UNROLLED.get((name, n))
    if fn is not None:
        return fn
    h = hashlib.sha256()
    for f in (Path(passes.__file__), Path(__file__)):
        h.update(f.read_bytes())
    digest = h.hexdigest()
    modname = f"nrqb_{name}_{n}_{digest[:16]}"
    path = cache_dir() / "passes" / f"{modname}.py"
    try:
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            for stale in path.parent.glob(f"nrqb_{name}_{n}_*.py"):  # older templates
                stale.unlink(missing_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(passes.render_passes(n, name, digest), encoding="utf-8")
            tmp.replace(path)
        spec = importlib.util.spec_from_file_location(modname, path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[modname] = mod
        spec.loader.exec_module(mod)
    except OSError:
        return None
    fn = _UNROLLED[(name, n)] = getattr(mod, name)
    return fn


_UNROLLED: dict = {}


def unroll_limit() -> int:
    """The largest mode count with unrolled coherent passes: :data:`~nrqb_sym.codegen.passes.UNROLL`,
    or less when the environment variable ``NRQB_UNROLL`` says so (``0`` turns unrolling off;
    anything else than an integer is ignored with a warning)."""
    import os
    import warnings

    from ..codegen.passes import UNROLL

    text = os.environ.get("NRQB_UNROLL", "").strip()
    if not text:
        return UNROLL
    try:
        value = int(text)
    except ValueError:
        warnings.warn(f"NRQB_UNROLL={text!r} ignored: not an integer", stacklevel=3)
        return UNROLL
    return max(0, min(UNROLL, value))


def kernel(name: str, nmod: int = 0):
    """The compiled pass ``name`` (compiled with its signature on first use; cached on disk).

    For the coherent passes of up to :func:`unroll_limit` modes (``nmod``) the version with the
    step unrolled into scalars is returned (same signature, same results)."""
    if nmod and name in ("coherent_trace", "coherent_sweep") and nmod <= unroll_limit():
        fn = _unrolled(name, nmod)
        if fn is not None:
            return fn
    k = _COMPILED.get(name)
    if k is None:
        k = njit(SIGNATURES[name], parallel=True, cache=True, error_model="numpy")(
            _PASSES[name].py_func
        )
        _COMPILED[name] = k
    return k


def max_real_eigenvalue(A: np.ndarray) -> float:
    """The largest real part of the eigenvalues of ``A`` (NumPy; for stability checks)."""
    if A.size == 0:
        return -math.inf
    return float(np.max(np.linalg.eigvals(A).real))
