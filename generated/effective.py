# GENERATED FILE - DO NOT EDIT.
# Contents: kernels of the effective two-mode model.
# Produced by nrqb_sym.codegen from the model nrqb_sym.model.three_mode_model
# through the pipeline model -> elimination -> moments -> nonreciprocity -> solutions ->
# spectrum.
# Model+pipeline hash: sha256:8cd7b1c3a9894ff8d640a3ea0c8259293683897be6ae1b09be7a91fca8754ebd
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Effective-model kernels."""

import cmath
import math

import numpy as np
from numba import njit, prange

from nrqb_sym.numerics import expm, expm1cosh, expsinhc

PARAMETERS = ('Delta_a', 'Delta_b', 'Delta_c', 'kappa_a', 'kappa_b', 'kappa_c', 'g_a', 'g_b', 'J', 'theta', 'F', 'omega_a', 'omega_b', 'n_a', 'n_b', 'n_c')


@njit(cache=True, error_model='numpy')
def effective_prepare(p):
    """Time-independent sub-expressions at one parameter point."""
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
    _g0_0 = 8*Delta_c
    _g0_1 = 1j*theta
    _g0_2 = cmath.exp(_g0_1)
    _g0_3 = Delta_b*_g0_2
    _g0_4 = 2*kappa_c
    _g0_5 = _g0_2*kappa_b
    _g0_6 = g_b**2
    _g0_7 = 8*_g0_2
    _g0_8 = _g0_6*_g0_7
    _g0_9 = 1j*F
    _g0_10 = 4*_g0_9
    _g0_11 = _g0_10*kappa_c
    _g0_12 = Delta_c*_g0_10*_g0_5 - F*_g0_0*_g0_3 + F*_g0_4*_g0_5 + F*_g0_8 + _g0_11*_g0_3
    _g0_13 = Delta_a*_g0_4
    _g0_14 = Delta_b*_g0_4
    _g0_15 = _g0_2*kappa_a
    _g0_16 = 2*Delta_c
    _g0_17 = _g0_16*kappa_a
    _g0_18 = Delta_a*_g0_6
    _g0_19 = g_a**2
    _g0_20 = Delta_b*_g0_19
    _g0_21 = J**2
    _g0_22 = cmath.exp(2*_g0_1)
    _g0_23 = 4*1j
    _g0_24 = _g0_23*kappa_c
    _g0_25 = Delta_c*_g0_23
    _g0_26 = Delta_a*_g0_25
    _g0_27 = Delta_b*_g0_25
    _g0_28 = (1.0/(8*Delta_a*Delta_b*Delta_c*_g0_2 - Delta_a*_g0_24*_g0_3 + 8*J*_g0_22*g_a*g_b + 8*J*g_a*g_b - _g0_0*_g0_2*_g0_21 - _g0_13*_g0_5 - _g0_14*_g0_15 - _g0_15*_g0_27 - _g0_17*_g0_5 - _g0_18*_g0_7 + 4*1j*_g0_19*_g0_2*kappa_b + 4*1j*_g0_2*_g0_21*kappa_c + 4*1j*_g0_2*_g0_6*kappa_a + 1j*_g0_2*kappa_a*kappa_b*kappa_c - _g0_20*_g0_7 - _g0_26*_g0_5))
    _g0_29 = (1.0/(_g0_0 - _g0_24))
    _g0_30 = -_g0_13 - _g0_14 - _g0_16*kappa_b - _g0_17 + 4*1j*_g0_19 - _g0_26 - _g0_27 + 4*1j*_g0_6 + 1j*kappa_a*kappa_c + 1j*kappa_b*kappa_c
    _g0_32 = Delta_c**2
    _g0_33 = kappa_c**2
    _g0_34 = 16*_g0_2
    _g0_35 = 1j*kappa_c
    _g0_36 = g_a*g_b
    _g0_37 = 32*J*_g0_35*_g0_36
    _g0_38 = kappa_b*kappa_c
    _g0_39 = kappa_a*kappa_c
    _g0_40 = Delta_c*_g0_34
    _g0_41 = kappa_a**2
    _g0_42 = _g0_2*_g0_33
    _g0_43 = kappa_b**2
    _g0_44 = Delta_a*Delta_b
    _g0_45 = 32*_g0_2
    _g0_46 = Delta_c*_g0_45
    _g0_47 = _g0_2*_g0_32
    _g0_48 = Delta_a**2
    _g0_49 = _g0_32*_g0_34
    _g0_50 = Delta_b**2
    _g0_51 = 1j*_g0_49
    _g0_52 = _g0_34*_g0_35
    _g0_53 = _g0_23*_g0_42
    _g0_54 = 1j*_g0_40
    _g0_55 = Delta_c*_g0_2*_g0_24
    _g0_59 = 8*Delta_c*F*J - F*_g0_36*_g0_7 - J*_g0_11
    _g1_2 = g_b**2
    _g1_3 = kappa_c**2
    _g1_4 = Delta_c**2
    _g1_5 = 4*_g1_4
    _g1_6 = (1.0/(_g1_3 + _g1_5))
    _g1_8 = _g1_6*kappa_c
    _g1_9 = g_a*g_b
    _g1_10 = 2*_g1_8*_g1_9
    _g1_13 = cmath.exp(1j*theta)
    _g1_14 = (1.0/(_g1_13*_g1_3 + _g1_13*_g1_5))
    hr = np.empty(26, dtype=np.float64)
    hc = np.empty(40, dtype=np.complex128)
    hr[0] = _g0_0
    hr[1] = _g0_4
    hr[2] = _g0_6
    hr[3] = _g0_13
    hr[4] = _g0_14
    hr[5] = _g0_16
    hr[6] = _g0_17
    hr[7] = _g0_18
    hr[8] = _g0_19
    hr[9] = _g0_20
    hr[10] = _g0_21
    hr[11] = _g0_32
    hr[12] = _g0_33
    hr[13] = _g0_36
    hr[14] = _g0_38
    hr[15] = _g0_39
    hr[16] = _g0_41
    hr[17] = _g0_43
    hr[18] = _g0_44
    hr[19] = _g0_48
    hr[20] = _g0_50
    hr[21] = _g1_2
    hr[22] = _g1_3
    hr[23] = _g1_4
    hr[24] = _g1_5
    hr[25] = _g1_9
    hc[0] = _g0_1
    hc[1] = _g0_2
    hc[2] = _g0_3
    hc[3] = _g0_5
    hc[4] = _g0_7
    hc[5] = _g0_8
    hc[6] = _g0_9
    hc[7] = _g0_10
    hc[8] = _g0_11
    hc[9] = _g0_12
    hc[10] = _g0_15
    hc[11] = _g0_22
    hc[12] = _g0_23
    hc[13] = _g0_24
    hc[14] = _g0_25
    hc[15] = _g0_26
    hc[16] = _g0_27
    hc[17] = _g0_28
    hc[18] = _g0_29
    hc[19] = _g0_30
    hc[20] = _g0_34
    hc[21] = _g0_35
    hc[22] = _g0_37
    hc[23] = _g0_40
    hc[24] = _g0_42
    hc[25] = _g0_45
    hc[26] = _g0_46
    hc[27] = _g0_47
    hc[28] = _g0_49
    hc[29] = _g0_51
    hc[30] = _g0_52
    hc[31] = _g0_53
    hc[32] = _g0_54
    hc[33] = _g0_55
    hc[34] = _g0_59
    hc[35] = _g1_6
    hc[36] = _g1_8
    hc[37] = _g1_10
    hc[38] = _g1_13
    hc[39] = _g1_14
    return hr, hc


@njit(cache=True, error_model='numpy')
def effective_evaluate(p, hr, hc, t):
    """Outputs at one time from the prepared sub-expressions."""
    Delta_a = p[0]
    Delta_b = p[1]
    Delta_c = p[2]
    kappa_a = p[3]
    kappa_b = p[4]
    kappa_c = p[5]
    g_a = p[6]
    g_b = p[7]
    J = p[8]
    omega_a = p[11]
    omega_b = p[12]
    n_b = p[14]
    n_c = p[15]
    _g0_4 = hr[1]
    _g0_6 = hr[2]
    _g0_18 = hr[7]
    _g0_19 = hr[8]
    _g0_20 = hr[9]
    _g0_21 = hr[10]
    _g0_32 = hr[11]
    _g0_33 = hr[12]
    _g0_38 = hr[14]
    _g0_39 = hr[15]
    _g0_41 = hr[16]
    _g0_43 = hr[17]
    _g0_44 = hr[18]
    _g0_48 = hr[19]
    _g0_50 = hr[20]
    _g1_2 = hr[21]
    _g1_3 = hr[22]
    _g1_4 = hr[23]
    _g1_5 = hr[24]
    _g1_9 = hr[25]
    _g0_1 = hc[0]
    _g0_2 = hc[1]
    _g0_3 = hc[2]
    _g0_5 = hc[3]
    _g0_7 = hc[4]
    _g0_8 = hc[5]
    _g0_9 = hc[6]
    _g0_12 = hc[9]
    _g0_22 = hc[11]
    _g0_28 = hc[17]
    _g0_29 = hc[18]
    _g0_30 = hc[19]
    _g0_34 = hc[20]
    _g0_35 = hc[21]
    _g0_37 = hc[22]
    _g0_40 = hc[23]
    _g0_42 = hc[24]
    _g0_45 = hc[25]
    _g0_46 = hc[26]
    _g0_47 = hc[27]
    _g0_49 = hc[28]
    _g0_51 = hc[29]
    _g0_52 = hc[30]
    _g0_53 = hc[31]
    _g0_54 = hc[32]
    _g0_55 = hc[33]
    _g0_59 = hc[34]
    _g1_6 = hc[35]
    _g1_8 = hc[36]
    _g1_10 = hc[37]
    _g1_13 = hc[38]
    _g1_14 = hc[39]
    _g0_31 = _g0_29*_g0_30*t
    _g0_56 = t**2*(32*Delta_a*Delta_b*_g0_2*_g0_32 + 32*Delta_a*Delta_c*_g0_19*_g0_2 + 16*Delta_a*Delta_c*_g0_2*kappa_a*kappa_c - Delta_a*Delta_c*_g0_34*_g0_38 - Delta_a*_g0_19*_g0_52 + 16*1j*Delta_a*_g0_2*_g0_32*kappa_a + 4*1j*Delta_a*_g0_2*_g0_33*kappa_b + 16*1j*Delta_a*_g0_2*_g0_6*kappa_c - Delta_a*_g0_51*kappa_b - Delta_a*_g0_53*kappa_a + 32*Delta_b*Delta_c*_g0_2*_g0_6 + 16*Delta_b*Delta_c*_g0_2*kappa_b*kappa_c + 16*1j*Delta_b*_g0_19*_g0_2*kappa_c + 16*1j*Delta_b*_g0_2*_g0_32*kappa_b + 4*1j*Delta_b*_g0_2*_g0_33*kappa_a - Delta_b*_g0_39*_g0_40 - Delta_b*_g0_51*kappa_a - Delta_b*_g0_52*_g0_6 - Delta_b*_g0_53*kappa_b + 64*Delta_c*J*_g0_22*g_a*g_b + 64*Delta_c*J*g_a*g_b + 16*1j*Delta_c*_g0_19*_g0_2*kappa_b + 64*1j*Delta_c*_g0_2*_g0_21*kappa_c + 16*1j*Delta_c*_g0_2*_g0_48*kappa_c + 16*1j*Delta_c*_g0_2*_g0_50*kappa_c + 16*1j*Delta_c*_g0_2*_g0_6*kappa_a + 8*1j*Delta_c*_g0_2*kappa_a*kappa_b*kappa_c - _g0_18*_g0_46 + 8*_g0_19*_g0_2*kappa_b*kappa_c - _g0_19*_g0_39*_g0_7 - _g0_19*_g0_45*_g0_6 - _g0_19*_g0_54*kappa_a + 16*_g0_2*_g0_21*_g0_33 + 4*_g0_2*_g0_32*_g0_41 + 4*_g0_2*_g0_32*_g0_43 + 4*_g0_2*_g0_33*_g0_48 + 4*_g0_2*_g0_33*_g0_50 + 2*_g0_2*_g0_33*kappa_a*kappa_b + 8*_g0_2*_g0_6*kappa_a*kappa_c - _g0_20*_g0_46 - 64*_g0_21*_g0_47 - _g0_22*_g0_37 - _g0_34*g_a**4 - _g0_34*g_b**4 - _g0_35*_g0_44*_g0_46 - _g0_37 - _g0_38*_g0_8 - _g0_41*_g0_42 - _g0_41*_g0_55 - _g0_42*_g0_43 - 8*_g0_42*_g0_44 - _g0_43*_g0_55 - 8*_g0_47*kappa_a*kappa_b - _g0_48*_g0_49 - _g0_49*_g0_50 - _g0_54*_g0_6*kappa_b)/(-64*Delta_c*_g0_2*_g0_35 + 64*_g0_2*_g0_32 - _g0_33*_g0_34)
    _g0_57 = _g0_28*expm1cosh(complex(_g0_31), complex(_g0_56))
    _g0_58 = expsinhc(complex(_g0_31), complex(_g0_56))
    alpha = complex(-_g0_12*_g0_57 + _g0_58*t*(_g0_12*_g0_28*_g0_29*_g0_30 - _g0_9))
    beta = complex(_g0_28*_g0_31*_g0_58*_g0_59 - _g0_57*_g0_59)
    _g1_0 = (beta).conjugate()
    _g1_1 = _g1_0*beta
    _g1_7 = _g1_0*alpha
    _g1_11 = (alpha).conjugate()
    _g1_12 = _g1_11*beta
    _g1_15 = 1j*J*_g1_14*_g1_7
    E_A = (omega_a*((alpha).real**2 + (alpha).imag**2)).real
    E_B = (omega_b*((beta).real**2 + (beta).imag**2)).real
    P_B = (omega_b*(4*1j*Delta_c*_g1_0*_g1_13*_g1_14*alpha*g_a*g_b - 4*1j*Delta_c*_g1_12*_g1_6*_g1_9 + 1j*J*_g1_11*_g1_13*_g1_3*_g1_6*beta + 4*1j*J*_g1_11*_g1_13*_g1_4*_g1_6*beta - 4*_g1_1*_g1_2*_g1_8 - _g1_1*kappa_b - _g1_10*_g1_12 - _g1_10*_g1_7 - _g1_15*_g1_3 - _g1_15*_g1_5 + 4*_g1_2*_g1_6*kappa_c*n_c + kappa_b*n_b)).real
    return (alpha, beta, E_A, E_B, P_B)


@njit(parallel=True, cache=True, error_model='numpy')
def effective_trace(p, t):
    r"""Effective (c eliminated) model from vacuum: <a>, <b>, E_A, E_B, P_B = dE_B/dt.

    x(t) = -C(t) x_ss + S(t) (f + tau x_ss), finite at exceptional points.

    Args:
        p: float64[16] parameters in PARAMETERS order.
        t: float64[n] times.

    Returns:
        (alpha, beta, E_A, E_B, P_B), each of shape (n,)."""
    hr, hc = effective_prepare(p)
    n = t.shape[0]
    o_alpha = np.empty(n, dtype=np.complex128)
    o_beta = np.empty(n, dtype=np.complex128)
    o_E_A = np.empty(n, dtype=np.float64)
    o_E_B = np.empty(n, dtype=np.float64)
    o_P_B = np.empty(n, dtype=np.float64)
    for i in prange(n):
        r = effective_evaluate(p, hr, hc, t[i])
        o_alpha[i] = r[0]
        o_beta[i] = r[1]
        o_E_A[i] = r[2]
        o_E_B[i] = r[3]
        o_P_B[i] = r[4]
    return (o_alpha, o_beta, o_E_A, o_E_B, o_P_B)


EFFECTIVE_OUTPUTS = ('alpha', 'beta', 'E_A', 'E_B', 'P_B')


@njit(parallel=True, cache=True, error_model='numpy')
def effective_grid(P, t):
    r"""Effective (c eliminated) model from vacuum: <a>, <b>, E_A, E_B, P_B = dE_B/dt.

    x(t) = -C(t) x_ss + S(t) (f + tau x_ss), finite at exceptional points.

    Args:
        P: float64[m, 16] parameter points.
        t: float64[n] times.

    Returns:
        (alpha, beta, E_A, E_B, P_B), each of shape (m, n)."""
    m = P.shape[0]
    n = t.shape[0]
    hr0, hc0 = effective_prepare(P[0])
    HR = np.empty((m, hr0.shape[0]), dtype=np.float64)
    HC = np.empty((m, hc0.shape[0]), dtype=np.complex128)
    for j in prange(m):
        hr, hc = effective_prepare(P[j])
        HR[j] = hr
        HC[j] = hc
    o_alpha = np.empty((m, n), dtype=np.complex128)
    o_beta = np.empty((m, n), dtype=np.complex128)
    o_E_A = np.empty((m, n), dtype=np.float64)
    o_E_B = np.empty((m, n), dtype=np.float64)
    o_P_B = np.empty((m, n), dtype=np.float64)
    for k in prange(m * n):
        j = k // n
        i = k - j * n
        r = effective_evaluate(P[j], HR[j], HC[j], t[i])
        o_alpha[j, i] = r[0]
        o_beta[j, i] = r[1]
        o_E_A[j, i] = r[2]
        o_E_B[j, i] = r[3]
        o_P_B[j, i] = r[4]
    return (o_alpha, o_beta, o_E_A, o_E_B, o_P_B)


@njit(cache=True, error_model='numpy')
def effective_steady(p):
    r"""Steady state of the effective model: x_ss = -M^{-1} f, E_A, E_B."""
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
    omega_a = p[11]
    omega_b = p[12]
    _x0 = 1j*theta
    _x1 = cmath.exp(_x0)
    _x2 = F*_x1
    _x3 = 8*Delta_b
    _x4 = Delta_c*_x3
    _x5 = kappa_b*kappa_c
    _x6 = 2*_x5
    _x7 = g_b**2
    _x8 = 8*_x7
    _x9 = 1j*kappa_c
    _x10 = 4*Delta_b
    _x11 = _x10*_x9
    _x12 = 4*1j*kappa_b
    _x13 = Delta_c*_x12
    _x14 = Delta_a*_x6
    _x15 = 2*Delta_b
    _x16 = _x15*kappa_a*kappa_c
    _x17 = 2*Delta_c
    _x18 = _x17*kappa_b
    _x19 = _x18*kappa_a
    _x20 = Delta_a*_x8
    _x21 = g_a**2
    _x22 = _x21*_x3
    _x23 = J**2
    _x24 = 8*Delta_c*_x23
    _x25 = cmath.exp(2*_x0)
    _x26 = Delta_a*_x11
    _x27 = Delta_a*_x13
    _x28 = Delta_c*_x10
    _x29 = 1j*kappa_a
    _x30 = _x28*_x29
    _x31 = -8*Delta_a*Delta_b*Delta_c*_x1 - 8*J*_x25*g_a*g_b - 8*J*g_a*g_b + _x1*_x14 + _x1*_x16 + _x1*_x19 + _x1*_x20 - 4*1j*_x1*_x21*kappa_b + _x1*_x22 - 4*1j*_x1*_x23*kappa_c + _x1*_x24 + _x1*_x26 + _x1*_x27 + _x1*_x30 - 4*1j*_x1*_x7*kappa_a - 1j*_x1*kappa_a*kappa_b*kappa_c
    _x32 = -1/_x31
    _x33 = J*_x9
    _x34 = g_a*g_b
    _x35 = 8*_x34
    _x36 = 4*_x7
    _x37 = _x15*_x9 + 1j*_x18
    _x38 = J*_x35
    _x39 = F**2/(_x31*(-_x1*(-Delta_a*_x4 + _x12*_x21 + _x14 + _x16 + _x19 + _x20 + _x22 + 4*_x23*_x9 + _x24 - _x26 - _x27 + _x29*_x36 + _x29*_x5 - _x30) + _x25*_x38 + _x38))
    _x40 = 2*_x34
    return (complex(_x32*(_x11*_x2 + _x13*_x2 - _x2*_x4 + _x2*_x6 + _x2*_x8)), complex(_x32*(8*Delta_c*F*J - 4*F*_x33 - _x2*_x35)), (4*_x25*_x39*omega_a*(-_x28 + _x36 + _x37 + _x5)*(_x28 - _x36 + _x37 - _x5)).real, (16*_x1*_x39*omega_b*(J*_x1*(_x17 + _x9) - _x40)*(-J*_x17 + _x1*_x40 + _x33)).real)


EFFECTIVE_STEADY_OUTPUTS = ('alpha', 'beta', 'E_A', 'E_B')


@njit(cache=True, error_model='numpy')
def effective_drift(p):
    r"""Drift matrix and drive of the effective first moments: (M11, M12, M21, M22, f1, f2)."""
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
    _x0 = 2*Delta_c
    _x1 = (1.0/(_x0 - 1j*kappa_c))
    _x2 = 1j*_x0
    _x3 = 1j*theta
    _x4 = cmath.exp(_x3)
    _x5 = J*kappa_c
    _x6 = J*_x2
    return (complex(_x1*(-Delta_a*_x2 - Delta_a*kappa_c - Delta_c*kappa_a + 2*1j*g_a**2 + (1/2)*1j*kappa_a*kappa_c)), complex(_x1*(-_x4*_x5 - _x4*_x6 + 2*1j*g_a*g_b)), complex(_x1*(2*1j*_x4*g_a*g_b - _x5 - _x6)*cmath.exp(-_x3)), complex(_x1*(-Delta_b*_x2 - Delta_b*kappa_c - Delta_c*kappa_b + 2*1j*g_b**2 + (1/2)*1j*kappa_b*kappa_c)), complex(-1j*F), complex(0))


EFFECTIVE_DRIFT_OUTPUTS = ('M00', 'M01', 'M10', 'M11', 'f0', 'f1')


@njit(cache=True, error_model='numpy')
def effective_spectrum(p):
    r"""tr(M)/2, det(M), discriminant D and eigenvalues tau +- sqrt(D)/2."""
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
    _x0 = 2*Delta_c
    _x1 = 1j*kappa_c
    _x2 = _x0 - _x1
    _x3 = (1.0/_x2)
    _x4 = (1/2)*kappa_c
    _x5 = Delta_a*_x4
    _x6 = Delta_b*_x4
    _x7 = (1/2)*Delta_c
    _x8 = _x7*kappa_a
    _x9 = 1j*Delta_c
    _x10 = Delta_a*_x9
    _x11 = Delta_b*_x9
    _x12 = g_a**2
    _x13 = g_b**2
    _x14 = -_x10 - _x11 + 1j*_x12 + 1j*_x13 - _x5 - _x6 - _x7*kappa_b - _x8 + (1/4)*1j*kappa_a*kappa_c + (1/4)*1j*kappa_b*kappa_c
    _x15 = _x14*_x3
    _x16 = 1j*theta
    _x17 = cmath.exp(-_x16)
    _x18 = 2*g_a*g_b
    _x19 = J*_x18
    _x20 = cmath.exp(_x16)
    _x21 = Delta_a*Delta_b*_x20
    _x22 = _x20*kappa_b
    _x23 = _x20*kappa_a
    _x24 = 2*_x20
    _x25 = J**2*_x20
    _x26 = _x1*kappa_b
    _x27 = 1j*_x12
    _x28 = 1j*_x13
    _x29 = J*kappa_c
    _x30 = 1j*J*_x0
    _x31 = 1j*_x18
    _x32 = 2*kappa_c
    _x33 = _x17*(_x20*(Delta_a*_x32 - Delta_b*_x32 + _x0*kappa_a - _x0*kappa_b - _x1*kappa_a + 4*_x10 - 4*_x11 + _x26 - 4*_x27 + 4*_x28)**2 + 16*(_x20*_x29 + _x20*_x30 - _x31)*(-_x20*_x31 + _x29 + _x30))/_x2**2
    _x34 = (1/4)*cmath.sqrt(complex(_x33))
    return (complex(_x15), complex(_x17*_x3*(Delta_a*_x13*_x24 + Delta_b*_x12*_x24 - _x0*_x21 + _x0*_x25 + _x1*_x21 - _x1*_x25 + _x10*_x22 + _x11*_x23 - _x19*cmath.exp(2*_x16) - _x19 - _x22*_x27 + _x22*_x5 + _x22*_x8 - 1/4*_x23*_x26 - _x23*_x28 + _x23*_x6)), complex((1/4)*_x33), complex(_x15 + _x34), complex(_x14*_x3 - _x34))


EFFECTIVE_SPECTRUM_OUTPUTS = ('tau', 'det', 'D', 'lambda_plus', 'lambda_minus')


@njit(cache=True, error_model='numpy')
def effective_rates(p):
    r"""Derived rates and shifts of the elimination, and the solved nonreciprocity (J, theta):
    Gamma_a, Gamma_b, Gamma, Lambda_a, Lambda_b, delta_a, delta_b, delta_ab, gamma_c, J_nonreciprocal, theta_nonreciprocal."""
    Delta_c = p[2]
    kappa_a = p[3]
    kappa_b = p[4]
    kappa_c = p[5]
    g_a = p[6]
    g_b = p[7]
    _x0 = g_a**2
    _x1 = 4*Delta_c**2 + kappa_c**2
    _x2 = 4/_x1
    _x3 = _x2*kappa_c
    _x4 = _x0*_x3
    _x5 = g_b**2
    _x6 = _x3*_x5
    _x7 = g_a*g_b
    _x8 = Delta_c*_x2
    return ((_x4).real, (_x6).real, (_x3*_x7).real, (_x4 + kappa_a).real, (_x6 + kappa_b).real, (-_x0*_x8).real, (-_x5*_x8).real, (-_x7*_x8).real, (_x3).real, (2*_x7/math.sqrt(_x1)).real, (math.atan2(kappa_c, 2*Delta_c)).real)


EFFECTIVE_RATES_OUTPUTS = ('Gamma_a', 'Gamma_b', 'Gamma', 'Lambda_a', 'Lambda_b', 'delta_a', 'delta_b', 'delta_ab', 'gamma_c', 'J_nonreciprocal', 'theta_nonreciprocal')


@njit(cache=True, error_model='numpy')
def effective_moment_matrix(p):
    r"""Matrix A of dz/dt = A z for all first and second moments of the effective model
    (and their conjugates, and the constant 1); order EFFECTIVE_MOMENTS."""
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
    _x0 = kappa_c**2
    _x1 = Delta_c**2
    _x2 = 4*_x1
    _x3 = (1.0/(_x0 + _x2))
    _x4 = 1j*_x0
    _x5 = _x3*_x4
    _x6 = Delta_a*_x5
    _x7 = g_a**2
    _x8 = 1j*_x3
    _x9 = Delta_c*_x8
    _x10 = 4*_x9
    _x11 = _x10*_x7
    _x12 = _x2*_x8
    _x13 = Delta_a*_x12
    _x14 = _x3*kappa_c
    _x15 = 2*_x14
    _x16 = _x15*_x7 + (1/2)*kappa_a
    _x17 = -_x11 + _x13 + _x16 + _x6
    _x18 = g_a*g_b
    _x19 = _x15*_x18
    _x20 = -_x10*_x18
    _x21 = _x19 + _x20
    _x22 = 1j*theta
    _x23 = cmath.exp(_x22)
    _x24 = _x0*_x23
    _x25 = J*_x8
    _x26 = _x24*_x25
    _x27 = _x2*_x23
    _x28 = _x25*_x27 + _x26
    _x29 = -_x21 - _x28
    _x30 = 1j*F
    _x31 = -_x30
    _x32 = (1.0/(_x24 + _x27))
    _x33 = J*_x4
    _x34 = _x32*_x33
    _x35 = 1j*J
    _x36 = _x32*_x35
    _x37 = _x2*_x36 + _x34
    _x38 = -4*1j*Delta_c*_x18*_x23*_x32 + _x37
    _x39 = -_x19 - _x38
    _x40 = Delta_b*_x5
    _x41 = g_b**2
    _x42 = _x10*_x41
    _x43 = Delta_b*_x12
    _x44 = _x15*_x41 + (1/2)*kappa_b
    _x45 = _x40 - _x42 + _x43 + _x44
    _x46 = 4*_x14
    _x47 = _x46*_x7
    _x48 = _x47 + kappa_a
    _x49 = -_x19
    _x50 = _x38 + _x49
    _x51 = _x41*_x46
    _x52 = _x51 + kappa_b
    _x53 = _x20 + _x49
    _x54 = _x11 - _x13 + _x16 - _x6
    _x55 = _x18*_x46
    _x56 = _x55*n_c
    _x57 = 2*_x30
    _x58 = 8*_x9
    _x59 = _x58*_x7
    _x60 = 2*_x6
    _x61 = 8*_x1
    _x62 = _x61*_x8
    _x63 = Delta_a*_x62
    _x64 = -_x18*_x58
    _x65 = 2*_x34 + _x36*_x61
    _x66 = _x41*_x58
    _x67 = 2*_x40
    _x68 = Delta_b*_x62
    _x69 = _x37 + _x53
    _x70 = cmath.exp(-_x22)
    _x71 = (1.0/(_x0*_x70 + _x2*_x70))
    _x72 = _x33*_x71
    _x73 = _x35*_x71
    _x74 = _x2*_x73 + _x72
    _x75 = _x53 + _x74
    _x76 = -_x40 + _x42 - _x43 + _x44
    _x77 = -_x55 + _x64
    A = np.zeros((15, 15), dtype=np.complex128)
    A[0, 0] = -_x17
    A[0, 1] = _x29
    A[0, 14] = _x31
    A[1, 0] = _x39
    A[1, 1] = -_x45
    A[2, 0] = _x30
    A[2, 2] = -_x48
    A[2, 4] = _x29
    A[2, 8] = _x31
    A[2, 10] = _x50
    A[2, 14] = _x47*n_c + kappa_a*n_a
    A[3, 3] = -_x52
    A[3, 4] = _x28 + _x53
    A[3, 10] = _x39
    A[3, 14] = _x51*n_c + kappa_b*n_b
    A[4, 1] = _x30
    A[4, 2] = _x39
    A[4, 3] = _x50
    A[4, 4] = -_x45 - _x54
    A[4, 14] = _x56
    A[5, 0] = -_x57
    A[5, 5] = -_x48 + _x59 - _x60 - _x63
    A[5, 6] = -_x23*_x25*_x61 - 2*_x26 - _x55 - _x64
    A[6, 1] = _x31
    A[6, 5] = _x39
    A[6, 6] = -_x17 - _x45
    A[6, 7] = _x29
    A[7, 6] = 8*1j*Delta_c*_x23*_x32*g_a*g_b - _x55 - _x65
    A[7, 7] = -_x52 + _x66 - _x67 - _x68
    A[8, 8] = -_x54
    A[8, 9] = _x69
    A[8, 14] = _x30
    A[9, 8] = _x75
    A[9, 9] = -_x76
    A[10, 2] = _x75
    A[10, 3] = -_x21 - _x74
    A[10, 9] = _x31
    A[10, 10] = -_x17 - _x76
    A[10, 14] = _x56
    A[11, 8] = _x57
    A[11, 11] = -_x48 - _x59 + _x60 + _x63
    A[11, 12] = _x65 + _x77
    A[12, 9] = _x30
    A[12, 11] = _x75
    A[12, 12] = -_x54 - _x76
    A[12, 13] = _x69
    A[13, 12] = _x61*_x73 + 2*_x72 + _x77
    A[13, 13] = -_x52 - _x66 + _x67 + _x68
    return A


EFFECTIVE_MOMENTS = ('<a>', '<b>', "<a' a>", "<b' b>", "<a' b>", '<a^2>', '<a b>', '<b^2>', 'conj <a>', 'conj <b>', "conj <a' b>", 'conj <a^2>', 'conj <a b>', 'conj <b^2>', '1')


@njit(parallel=True, cache=True)
def effective_moments_trace(p, z0, t):
    r"""All first and second moments z(t) = expm(A t) z0 of the effective model; rows over t,
    columns in EFFECTIVE_MOMENTS order."""
    A = effective_moment_matrix(p)
    n = t.shape[0]
    Z = np.empty((n, A.shape[0]), dtype=np.complex128)
    for i in prange(n):
        Z[i] = expm(A * t[i]) @ z0
    return Z


@njit(cache=True, error_model='numpy')
def ergotropy(omega, x, n, m):
    r"""Gaussian single-mode ergotropy omega (<x'x> - (nu - 1/2)) from x = <x>,
    n = <x'x>, m = <x^2> (stage nrqb_sym.ergotropy)."""
    _x0 = (x).conjugate()
    _x1 = -_x0*x + n
    _x2 = (-_x0**2 + (m).conjugate())*(m - x**2)
    return ((omega*(n - (_x1**2 + _x1 - _x2)/(cmath.sqrt(complex(-_x2 + (_x1 + 1/2)**2)) + 1/2))).real,)


ERGOTROPY_OUTPUTS = ('ergotropy',)


@njit(cache=True, error_model='numpy')
def effective_resonant(p):
    r"""The paper's resonant nonreciprocal closed forms of the steady-state ratio and
    efficiency (Eq. 10), in the derived rates.  Valid only at resonance with the
    nonreciprocity condition; the general steady state is effective_steady."""
    Delta_c = p[2]
    kappa_b = p[4]
    kappa_c = p[5]
    g_a = p[6]
    g_b = p[7]
    omega_a = p[11]
    omega_b = p[12]
    _x0 = g_b**2
    _x1 = kappa_c**2
    _x2 = 4*Delta_c**2 + _x1
    _x3 = (4*_x0*kappa_c/_x2 + kappa_b)**2
    _x4 = 64*_x0*_x1*g_a**2*omega_b/_x2**2
    return ((_x4/(_x3*omega_a)).real, (_x4/(_x3*omega_a + _x4)).real)


EFFECTIVE_RESONANT_OUTPUTS = ('R_ss', 'eta_ss')
