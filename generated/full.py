# GENERATED FILE - DO NOT EDIT.
# Contents: kernels of the full three-mode model (no elimination).
# Produced by nrqb_sym.codegen from the model nrqb_sym.model.three_mode_model
# through the pipeline model -> elimination -> moments -> nonreciprocity -> solutions ->
# spectrum.
# Model+pipeline hash: sha256:2e4543671ad2ab74e4ae1a9e44d0cab0c99d6a133f78276a0f279b8035879de4
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Full-model kernels: generated drift and power, solved with a dense matrix exponential."""

import cmath
import math

import numpy as np
from numba import njit, prange

from nrqb_sym.numerics import expm, expm1cosh, expsinhc

PARAMETERS = ('Delta_a', 'Delta_b', 'Delta_c', 'kappa_a', 'kappa_b', 'kappa_c', 'g_a', 'g_b', 'J', 'theta', 'F', 'omega_a', 'omega_b')


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
    _x0 = (beta).conjugate()
    _x1 = 1j*theta
    return ((omega_a*((alpha).real**2 + (alpha).imag**2)).real, (omega_b*((beta).real**2 + (beta).imag**2)).real, (omega_b*(-1j*J*_x0*alpha*cmath.exp(-_x1) + 1j*J*beta*cmath.exp(_x1)*(alpha).conjugate() - _x0*beta*kappa_b - 1j*_x0*g_b*gamma + 1j*beta*g_b*(gamma).conjugate())).real)


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
