# GENERATED FILE - DO NOT EDIT.
# Contents: kernels of the full three-mode model (no elimination).
# Produced by nrqb_sym.codegen from the model nrqb_sym.model.core.three_mode_model
# through the pipeline model -> elimination -> moments -> nonreciprocity -> solutions ->
# spectrum.
# Model+pipeline hash: sha256:6feaaead17660739fe673851811b2701f880e05be171cde556b1feb6d9f9b0e8
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Full-model kernels: generated drift and power, solved with a dense matrix exponential."""

import cmath
import math

import numpy as np
from numba import njit, prange

from nrqb_sym.runtime.numerics import expm, expm1cosh, expsinhc, propagator
from nrqb_sym.runtime.reductions import (
    finish_complex, finish_real, first_sample, reduce_complex, reduce_real,
)

PARAMETERS = ('Delta_a', 'Delta_b', 'Delta_c', 'kappa_a', 'kappa_b', 'kappa_c', 'g_a', 'g_b', 'J', 'theta', 'F', 'omega_a', 'omega_b', 'n_a', 'n_b', 'n_c')


@njit(cache=True, error_model='numpy')
def full_drift(p):
    r"""Drift matrix (row major) and drive of the full model's first moments (<a>, <b>, <c>)."""
    Delta_a = p[0]
    Delta_b = p[1]
    Delta_c = p[2]
    kappa_a = p[3]
    kappa_b = p[4]
    kappa_c = p[5]
    g_a = p[6]
    g_b = p[7]
    J = p[8]
    theta = p[9]
    F = p[10]
    _x0 = 1j*theta
    _x1 = 1j*J
    _x2 = -1j*g_a
    _x3 = -1j*g_b
    return (complex(-1j*Delta_a - 1/2*kappa_a), complex(-_x1*cmath.exp(_x0)), complex(_x2), complex(-_x1*cmath.exp(-_x0)), complex(-1j*Delta_b - 1/2*kappa_b), complex(_x3), complex(_x2), complex(_x3), complex(-1j*Delta_c - 1/2*kappa_c), complex(-1j*F), complex(0), complex(0))


FULL_DRIFT_OUTPUTS = ('M00', 'M01', 'M02', 'M10', 'M11', 'M12', 'M20', 'M21', 'M22', 'f0', 'f1', 'f2')


@njit(cache=True, error_model='numpy')
def full_observables(p, alpha, beta, gamma):
    r"""E_A, E_B and P_B = omega_b d<b'b>/dt of the full model on the coherent state
    with first moments (alpha, beta, gamma)."""
    kappa_b = p[4]
    g_b = p[7]
    J = p[8]
    theta = p[9]
    omega_a = p[11]
    omega_b = p[12]
    n_b = p[14]
    _x0 = (beta).conjugate()
    _x1 = 1j*theta
    return ((omega_a*((alpha).real**2 + (alpha).imag**2)).real, (omega_b*((beta).real**2 + (beta).imag**2)).real, (omega_b*(-1j*J*_x0*alpha*cmath.exp(-_x1) + 1j*J*beta*cmath.exp(_x1)*(alpha).conjugate() - _x0*beta*kappa_b - 1j*_x0*g_b*gamma + 1j*beta*g_b*(gamma).conjugate() + kappa_b*n_b)).real)


FULL_OBSERVABLES_OUTPUTS = ('E_A', 'E_B', 'P_B')


@njit(cache=True)
def _full_matrices(p):
    r = full_drift(p)
    M = np.empty((3, 3), dtype=np.complex128)
    f = np.empty(3, dtype=np.complex128)
    for i in range(3):
        for j in range(3):
            M[i, j] = r[3 * i + j]
        f[i] = r[9 + i]
    return M, f


@njit(parallel=True, cache=True)
def full_trace(p, t):
    r"""Full model from vacuum: x(t) = x_ss + e^{Mt}(0 - x_ss); returns (alpha, beta, gamma,
    E_A, E_B, P_B), each of shape (n,)."""
    M, f = _full_matrices(p)
    x_ss = -np.linalg.solve(M, f)
    n = t.shape[0]
    oa = np.empty(n, dtype=np.complex128)
    ob = np.empty(n, dtype=np.complex128)
    oc = np.empty(n, dtype=np.complex128)
    ea = np.empty(n, dtype=np.float64)
    eb = np.empty(n, dtype=np.float64)
    pb = np.empty(n, dtype=np.float64)
    for i in prange(n):
        x = x_ss - expm(M * t[i]) @ x_ss
        oa[i] = x[0]
        ob[i] = x[1]
        oc[i] = x[2]
        ea[i], eb[i], pb[i] = full_observables(p, x[0], x[1], x[2])
    return oa, ob, oc, ea, eb, pb


@njit(cache=True)
def full_steady(p):
    """Steady state of the full model: (alpha, beta, gamma, E_A, E_B)."""
    M, f = _full_matrices(p)
    x = -np.linalg.solve(M, f)
    e_a, e_b, _ = full_observables(p, x[0], x[1], x[2])
    return x[0], x[1], x[2], e_a, e_b


@njit(cache=True, error_model='numpy')
def full_moment_matrix(p):
    r"""Matrix A of dz/dt = A z for all first and second moments of the full model
    (and their conjugates, and the constant 1); order FULL_MOMENTS."""
    Delta_a = p[0]
    Delta_b = p[1]
    Delta_c = p[2]
    kappa_a = p[3]
    kappa_b = p[4]
    kappa_c = p[5]
    g_a = p[6]
    g_b = p[7]
    J = p[8]
    theta = p[9]
    F = p[10]
    n_a = p[13]
    n_b = p[14]
    n_c = p[15]
    _x0 = (1/2)*kappa_a
    _x1 = 1j*Delta_a
    _x2 = _x0 + _x1
    _x3 = 1j*theta
    _x4 = 1j*J
    _x5 = _x4*cmath.exp(_x3)
    _x6 = -_x5
    _x7 = 1j*g_a
    _x8 = -_x7
    _x9 = 1j*F
    _x10 = -_x9
    _x11 = _x4*cmath.exp(-_x3)
    _x12 = -_x11
    _x13 = (1/2)*kappa_b
    _x14 = 1j*Delta_b
    _x15 = _x13 + _x14
    _x16 = 1j*g_b
    _x17 = -_x16
    _x18 = (1/2)*kappa_c
    _x19 = 1j*Delta_c
    _x20 = _x18 + _x19
    _x21 = -kappa_a
    _x22 = -kappa_b
    _x23 = -kappa_c
    _x24 = _x0 - _x1
    _x25 = _x13 - _x14
    _x26 = 2*_x9
    _x27 = 2*_x1
    _x28 = 2*_x5
    _x29 = 2*_x7
    _x30 = -_x29
    _x31 = 2*_x11
    _x32 = 2*_x14
    _x33 = 2*_x16
    _x34 = -_x33
    _x35 = 2*_x19
    _x36 = -_x0 + _x1
    _x37 = -_x13 + _x14
    _x38 = -_x18 + _x19
    _x39 = _x18 - _x19
    A = np.zeros((28, 28), dtype=np.complex128)
    A[0, 0] = -_x2
    A[0, 1] = _x6
    A[0, 2] = _x8
    A[0, 27] = _x10
    A[1, 0] = _x12
    A[1, 1] = -_x15
    A[1, 2] = _x17
    A[2, 0] = _x8
    A[2, 1] = _x17
    A[2, 2] = -_x20
    A[3, 0] = _x9
    A[3, 3] = _x21
    A[3, 6] = _x6
    A[3, 7] = _x8
    A[3, 15] = _x10
    A[3, 18] = _x11
    A[3, 19] = _x7
    A[3, 27] = kappa_a*n_a
    A[4, 4] = _x22
    A[4, 6] = _x5
    A[4, 8] = _x17
    A[4, 18] = _x12
    A[4, 20] = _x16
    A[4, 27] = kappa_b*n_b
    A[5, 5] = _x23
    A[5, 7] = _x7
    A[5, 8] = _x16
    A[5, 19] = _x8
    A[5, 20] = _x17
    A[5, 27] = kappa_c*n_c
    A[6, 1] = _x9
    A[6, 3] = _x12
    A[6, 4] = _x11
    A[6, 6] = -_x15 - _x24
    A[6, 7] = _x17
    A[6, 20] = _x7
    A[7, 2] = _x9
    A[7, 3] = _x8
    A[7, 5] = _x7
    A[7, 6] = _x17
    A[7, 7] = -_x20 - _x24
    A[7, 8] = _x11
    A[8, 4] = _x17
    A[8, 5] = _x16
    A[8, 7] = _x5
    A[8, 8] = -_x20 - _x25
    A[8, 18] = _x8
    A[9, 0] = -_x26
    A[9, 9] = -_x27 - kappa_a
    A[9, 10] = -_x28
    A[9, 11] = _x30
    A[10, 1] = _x10
    A[10, 9] = _x12
    A[10, 10] = -_x15 - _x2
    A[10, 11] = _x17
    A[10, 12] = _x6
    A[10, 13] = _x8
    A[11, 2] = _x10
    A[11, 9] = _x8
    A[11, 10] = _x17
    A[11, 11] = -_x2 - _x20
    A[11, 13] = _x6
    A[11, 14] = _x8
    A[12, 10] = -_x31
    A[12, 12] = -_x32 - kappa_b
    A[12, 13] = _x34
    A[13, 10] = _x8
    A[13, 11] = _x12
    A[13, 12] = _x17
    A[13, 13] = -_x15 - _x20
    A[13, 14] = _x17
    A[14, 11] = _x30
    A[14, 13] = _x34
    A[14, 14] = -_x35 - kappa_c
    A[15, 15] = _x36
    A[15, 16] = _x11
    A[15, 17] = _x7
    A[15, 27] = _x9
    A[16, 15] = _x5
    A[16, 16] = _x37
    A[16, 17] = _x16
    A[17, 15] = _x7
    A[17, 16] = _x16
    A[17, 17] = _x38
    A[18, 3] = _x5
    A[18, 4] = _x6
    A[18, 8] = _x8
    A[18, 16] = _x10
    A[18, 18] = -_x2 - _x25
    A[18, 19] = _x16
    A[19, 3] = _x7
    A[19, 5] = _x8
    A[19, 17] = _x10
    A[19, 18] = _x16
    A[19, 19] = -_x2 - _x39
    A[19, 20] = _x6
    A[20, 4] = _x16
    A[20, 5] = _x17
    A[20, 6] = _x7
    A[20, 19] = _x12
    A[20, 20] = -_x15 - _x39
    A[21, 15] = _x26
    A[21, 21] = _x21 + _x27
    A[21, 22] = _x31
    A[21, 23] = _x29
    A[22, 16] = _x9
    A[22, 21] = _x5
    A[22, 22] = _x36 + _x37
    A[22, 23] = _x16
    A[22, 24] = _x11
    A[22, 25] = _x7
    A[23, 17] = _x9
    A[23, 21] = _x7
    A[23, 22] = _x16
    A[23, 23] = _x36 + _x38
    A[23, 25] = _x11
    A[23, 26] = _x7
    A[24, 22] = _x28
    A[24, 24] = _x22 + _x32
    A[24, 25] = _x33
    A[25, 22] = _x7
    A[25, 23] = _x5
    A[25, 24] = _x16
    A[25, 25] = _x37 + _x38
    A[25, 26] = _x16
    A[26, 23] = _x29
    A[26, 25] = _x33
    A[26, 26] = _x23 + _x35
    return A


FULL_MOMENTS = ('<a>', '<b>', '<c>', "<a' a>", "<b' b>", "<c' c>", "<a' b>", "<a' c>", "<b' c>", '<a^2>', '<a b>', '<a c>', '<b^2>', '<b c>', '<c^2>', 'conj <a>', 'conj <b>', 'conj <c>', "conj <a' b>", "conj <a' c>", "conj <b' c>", 'conj <a^2>', 'conj <a b>', 'conj <a c>', 'conj <b^2>', 'conj <b c>', 'conj <c^2>', '1')


@njit(parallel=True, cache=True)
def full_moments_trace(p, z0, t):
    r"""All first and second moments z(t) = expm(A t) z0 of the full three-mode model; rows over t,
    columns in FULL_MOMENTS order."""
    A = full_moment_matrix(p)
    n = t.shape[0]
    Z = np.empty((n, A.shape[0]), dtype=np.complex128)
    for i in prange(n):
        Z[i] = expm(A * t[i]) @ z0
    return Z
