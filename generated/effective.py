# GENERATED FILE - DO NOT EDIT.
# Contents: kernels of the effective two-mode model.
# Produced by nrqb_sym.codegen from the model nrqb_sym.model.core.three_mode_model
# through the pipeline model -> elimination -> moments -> nonreciprocity -> solutions ->
# spectrum.
# Model+pipeline hash: sha256:6feaaead17660739fe673851811b2701f880e05be171cde556b1feb6d9f9b0e8
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Effective-model kernels."""

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
    omega_a = p[11]
    omega_b = p[12]
    n_b = p[14]
    n_c = p[15]
    _s0 = 8*Delta_c
    _s1 = 1j*kappa_c
    _s2 = 4*_s1
    _s3 = (1.0/(_s0 - _s2))
    _s4 = 2*kappa_c
    _s5 = Delta_a*_s4
    _s6 = Delta_b*_s4
    _s7 = 2*Delta_c
    _s8 = _s7*kappa_a
    _s9 = 4*1j
    _s10 = Delta_c*_s9
    _s11 = Delta_a*_s10
    _s12 = Delta_b*_s10
    _s13 = g_a**2
    _s14 = g_b**2
    _s15 = -_s11 - _s12 + 4*1j*_s13 + 4*1j*_s14 - _s5 - _s6 - _s7*kappa_b - _s8 + 1j*kappa_a*kappa_c + 1j*kappa_b*kappa_c
    _s16 = _s15*_s3
    _s17 = Delta_c**2
    _s18 = 1j*theta
    _s19 = cmath.exp(_s18)
    _s20 = kappa_c**2
    _s21 = 16*_s19
    _s22 = 64*_s19
    _s23 = Delta_c*_s1
    _s24 = g_a*g_b
    _s25 = J*_s1
    _s26 = 32*_s24*_s25
    _s27 = _s21*kappa_b
    _s28 = Delta_a*Delta_c
    _s29 = _s21*kappa_a
    _s30 = kappa_a**2
    _s31 = _s19*_s20
    _s32 = kappa_b**2
    _s33 = 8*Delta_b
    _s34 = Delta_a*_s31
    _s35 = _s14*_s19
    _s36 = 32*_s35
    _s37 = _s13*_s19
    _s38 = 32*Delta_b
    _s39 = 8*kappa_a
    _s40 = _s14*kappa_c
    _s41 = cmath.exp(2*_s18)
    _s42 = Delta_a**2
    _s43 = _s17*_s21
    _s44 = Delta_b**2
    _s45 = J**2
    _s46 = 1j*_s43
    _s47 = _s1*_s21
    _s48 = Delta_b*_s19
    _s49 = _s20*kappa_b
    _s50 = 1j*Delta_c
    _s51 = Delta_c*_s19*_s2
    _s52 = _s19*kappa_b
    _s53 = 8*_s35
    _s54 = 1j*F
    _s55 = 4*_s54
    _s56 = _s55*kappa_c
    _s57 = Delta_c*_s52*_s55 - F*_s0*_s48 + F*_s4*_s52 + F*_s53 + _s48*_s56
    _s58 = _s19*kappa_a
    _s59 = (1.0/(8*Delta_a*Delta_b*Delta_c*_s19 - Delta_a*_s2*_s48 - Delta_a*_s53 + 8*J*_s41*g_a*g_b + 8*J*g_a*g_b - _s0*_s19*_s45 - _s11*_s52 - _s12*_s58 + 4*1j*_s13*_s19*kappa_b + 4*1j*_s14*_s19*kappa_a + 4*1j*_s19*_s45*kappa_c + 1j*_s19*kappa_a*kappa_b*kappa_c - _s33*_s37 - _s5*_s52 - _s52*_s8 - _s58*_s6))
    _s60 = _s59*(8*Delta_c*F*J - 8*F*_s19*_s24 - J*_s56)
    _s61 = 4*_s17
    _s62 = _s61*kappa_b
    _s63 = 4*_s40
    _s64 = omega_b/(_s20 + _s61)
    _s65 = 2*_s24
    _s66 = 1j*omega_b
    _tau = _s16
    _s = cmath.sqrt(complex((32*Delta_a*Delta_b*_s17*_s19 + 32*Delta_a*Delta_c*_s13*_s19 + 16*Delta_a*Delta_c*_s19*kappa_a*kappa_c - Delta_a*_s13*_s47 + 16*1j*Delta_a*_s14*_s19*kappa_c + 16*1j*Delta_a*_s17*_s19*kappa_a + 4*1j*Delta_a*_s19*_s20*kappa_b - Delta_a*_s19*_s23*_s38 - Delta_a*_s46*kappa_b + 32*Delta_b*Delta_c*_s14*_s19 + 16*Delta_b*Delta_c*_s19*kappa_b*kappa_c - Delta_b*Delta_c*_s29*kappa_c + 16*1j*Delta_b*_s13*_s19*kappa_c - Delta_b*_s14*_s47 + 16*1j*Delta_b*_s17*_s19*kappa_b + 4*1j*Delta_b*_s19*_s20*kappa_a - Delta_b*_s46*kappa_a + 64*Delta_c*J*_s41*g_a*g_b + 64*Delta_c*J*g_a*g_b + 16*1j*Delta_c*_s13*_s19*kappa_b + 16*1j*Delta_c*_s14*_s19*kappa_a + 16*1j*Delta_c*_s19*_s42*kappa_c + 16*1j*Delta_c*_s19*_s44*kappa_c + 64*1j*Delta_c*_s19*_s45*kappa_c + 8*1j*Delta_c*_s19*kappa_a*kappa_b*kappa_c - Delta_c*_s37*_s38 + 8*_s13*_s19*kappa_b*kappa_c - _s13*_s29*_s50 - _s13*_s36 + 8*_s14*_s19*kappa_a*kappa_c - _s14*_s27*_s50 + 4*_s17*_s19*_s30 + 4*_s17*_s19*_s32 - _s17*_s19*_s39*kappa_b - _s17*_s22*_s45 + 4*_s19*_s20*_s42 + 4*_s19*_s20*_s44 + 16*_s19*_s20*_s45 + 2*_s19*_s20*kappa_a*kappa_b - 8*_s19*_s40*kappa_b - _s21*g_a**4 - _s21*g_b**4 - _s26*_s41 - _s26 - _s27*_s28*kappa_c - _s28*_s36 - _s30*_s31 - _s30*_s51 - _s31*_s32 - _s32*_s51 - _s33*_s34 - _s34*_s9*kappa_a - _s37*_s39*kappa_c - _s42*_s43 - _s43*_s44 - _s48*_s49*_s9)/(64*_s17*_s19 - _s20*_s21 - _s22*_s23)))
    _xss_a = _s57*_s59
    _xss_b = _s60
    _y_a = _s15*_s3*_s57*_s59 - _s54
    _y_b = _s16*_s60
    _h0_6 = -_xss_a
    _h0_7 = -_xss_b
    _h1_8 = omega_a
    _h1_9 = omega_b
    _h1_10 = -_s64*(_s49 + _s62 + _s63)
    _h1_11 = _s66*(J*_s19*_s7 + _s19*_s25 - _s65)/(_s1 + _s7)
    _h1_12 = -_s66*(2*Delta_c*J - _s19*_s65 - _s25)*cmath.exp(-_s18)/(-_s1 + _s7)
    _h1_13 = _s64*(_s49*n_b + _s62*n_b + _s63*n_c)
    hr = np.empty(30, dtype=np.float64)
    hc = np.empty(51, dtype=np.complex128)
    hr[0] = _s0
    hr[1] = _s4
    hr[2] = _s5
    hr[3] = _s6
    hr[4] = _s7
    hr[5] = _s8
    hr[6] = _s13
    hr[7] = _s14
    hr[8] = _s17
    hr[9] = _s20
    hr[10] = _s24
    hr[11] = _s28
    hr[12] = _s30
    hr[13] = _s32
    hr[14] = _s33
    hr[15] = _s38
    hr[16] = _s39
    hr[17] = _s40
    hr[18] = _s42
    hr[19] = _s44
    hr[20] = _s45
    hr[21] = _s49
    hr[22] = _s61
    hr[23] = _s62
    hr[24] = _s63
    hr[25] = _s65
    hr[26] = _h1_8
    hr[27] = _h1_9
    hr[28] = _h1_10
    hr[29] = _h1_13
    hc[0] = _s1
    hc[1] = _s2
    hc[2] = _s3
    hc[3] = _s9
    hc[4] = _s10
    hc[5] = _s11
    hc[6] = _s12
    hc[7] = _s15
    hc[8] = _s16
    hc[9] = _s18
    hc[10] = _s19
    hc[11] = _s21
    hc[12] = _s22
    hc[13] = _s23
    hc[14] = _s25
    hc[15] = _s26
    hc[16] = _s27
    hc[17] = _s29
    hc[18] = _s31
    hc[19] = _s34
    hc[20] = _s35
    hc[21] = _s36
    hc[22] = _s37
    hc[23] = _s41
    hc[24] = _s43
    hc[25] = _s46
    hc[26] = _s47
    hc[27] = _s48
    hc[28] = _s50
    hc[29] = _s51
    hc[30] = _s52
    hc[31] = _s53
    hc[32] = _s54
    hc[33] = _s55
    hc[34] = _s56
    hc[35] = _s57
    hc[36] = _s58
    hc[37] = _s59
    hc[38] = _s60
    hc[39] = _s64
    hc[40] = _s66
    hc[41] = _tau
    hc[42] = _s
    hc[43] = _xss_a
    hc[44] = _xss_b
    hc[45] = _y_a
    hc[46] = _y_b
    hc[47] = _h0_6
    hc[48] = _h0_7
    hc[49] = _h1_11
    hc[50] = _h1_12
    return hr, hc


@njit(cache=True, error_model='numpy', inline='always')
def effective_evaluate(t, _h1_8, _h1_9, _h1_10, _h1_13, _tau, _s, _y_a, _y_b, _h0_6, _h0_7, _h1_11, _h1_12):
    """Outputs at one time from the prepared sub-expressions."""
    _p0_C0, _p0_S0 = propagator(complex(_tau*t), complex(_s*t))
    _g0_0 = _p0_S0*t
    alpha = complex(_g0_0*_y_a + _h0_6*_p0_C0)
    beta = complex(_g0_0*_y_b + _h0_7*_p0_C0)
    _g1_0 = (beta).conjugate()
    E_A = (_h1_8*((alpha).real**2 + (alpha).imag**2)).real
    E_B = (_h1_9*((beta).real**2 + (beta).imag**2)).real
    P_B = (_g1_0*_h1_10*beta + _g1_0*_h1_12*alpha + _h1_11*beta*(alpha).conjugate() + _h1_13).real
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
    _h1_8 = hr[26]
    _h1_9 = hr[27]
    _h1_10 = hr[28]
    _h1_13 = hr[29]
    _tau = hc[41]
    _s = hc[42]
    _y_a = hc[45]
    _y_b = hc[46]
    _h0_6 = hc[47]
    _h0_7 = hc[48]
    _h1_11 = hc[49]
    _h1_12 = hc[50]
    for i in prange(n):
        r = effective_evaluate(t[i], _h1_8, _h1_9, _h1_10, _h1_13, _tau, _s, _y_a, _y_b, _h0_6, _h0_7, _h1_11, _h1_12)
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
        r = effective_evaluate(t[i], HR[j, 26], HR[j, 27], HR[j, 28], HR[j, 29], HC[j, 41], HC[j, 42], HC[j, 45], HC[j, 46], HC[j, 47], HC[j, 48], HC[j, 49], HC[j, 50])
        o_alpha[j, i] = r[0]
        o_beta[j, i] = r[1]
        o_E_A[j, i] = r[2]
        o_E_B[j, i] = r[3]
        o_P_B[j, i] = r[4]
    return (o_alpha, o_beta, o_E_A, o_E_B, o_P_B)


@njit(cache=True, error_model='numpy', inline='always')
def effective_observables(alpha, beta, _h1_8, _h1_9, _h1_10, _h1_13, _tau, _s, _y_a, _y_b, _h0_6, _h0_7, _h1_11, _h1_12):
    """E_A, E_B, P_B from alpha, beta."""
    _g1_0 = (beta).conjugate()
    E_A = (_h1_8*((alpha).real**2 + (alpha).imag**2)).real
    E_B = (_h1_9*((beta).real**2 + (beta).imag**2)).real
    P_B = (_g1_0*_h1_10*beta + _g1_0*_h1_12*alpha + _h1_11*beta*(alpha).conjugate() + _h1_13).real
    return (E_A, E_B, P_B,)


@njit(parallel=True, cache=True, error_model='numpy')
def effective_trace_uniform(p, t0, dt, n):
    r"""The trace on the uniform grid t_k = t0 + k dt, k < n: blocks of 256 points start
    from the closed form and step x_{k+1} = x_ss + e^{M dt}(x_k - x_ss) (first moments
    affine, dx/dt = M x + f); same outputs as the trace kernel."""
    hr, hc = effective_prepare(p)
    _h1_8 = hr[26]
    _h1_9 = hr[27]
    _h1_10 = hr[28]
    _h1_13 = hr[29]
    _tau = hc[41]
    _s = hc[42]
    _y_a = hc[45]
    _y_b = hc[46]
    _h0_6 = hc[47]
    _h0_7 = hc[48]
    _h1_11 = hc[49]
    _h1_12 = hc[50]
    d = effective_drift(p)
    M = np.empty((2, 2), dtype=np.complex128)
    f = np.empty(2, dtype=np.complex128)
    for i in range(2):
        for j in range(2):
            M[i, j] = d[2 * i + j]
        f[i] = d[4 + i]
    x_ss = np.linalg.solve(M, -f)
    E = expm(M * dt)
    o_alpha = np.empty(n, dtype=np.complex128)
    o_beta = np.empty(n, dtype=np.complex128)
    o_E_A = np.empty(n, dtype=np.float64)
    o_E_B = np.empty(n, dtype=np.float64)
    o_P_B = np.empty(n, dtype=np.float64)
    e00 = E[0, 0]
    e01 = E[0, 1]
    e10 = E[1, 0]
    e11 = E[1, 1]
    xs0 = x_ss[0]
    xs1 = x_ss[1]
    nblocks = (n + 255) // 256
    for b in prange(nblocks):
        start = 256 * b
        stop = min(n, start + 256)
        r = effective_evaluate(t0 + start * dt, _h1_8, _h1_9, _h1_10, _h1_13, _tau, _s, _y_a, _y_b, _h0_6, _h0_7, _h1_11, _h1_12)
        x0 = r[0]
        x1 = r[1]
        for k in range(start, stop):
            if k > start:
                d0 = x0 - xs0
                d1 = x1 - xs1
                x0 = xs0 + e00 * d0 + e01 * d1
                x1 = xs1 + e10 * d0 + e11 * d1
            q = effective_observables(x0, x1, _h1_8, _h1_9, _h1_10, _h1_13, _tau, _s, _y_a, _y_b, _h0_6, _h0_7, _h1_11, _h1_12)
            o_alpha[k] = x0
            o_beta[k] = x1
            o_E_A[k] = q[0]
            o_E_B[k] = q[1]
            o_P_B[k] = q[2]
    return (o_alpha, o_beta, o_E_A, o_E_B, o_P_B)


@njit(cache=True, error_model='numpy')
def effective_fused_setup(p, dt):
    r"""Every time-independent value of the fused kernels at one parameter point: the
    prepared sub-expressions, e^{M dt} (entries _eij, from C(dt), S(dt) and M - tau I)
    and x_ss (_xs0, ...), as one tuple."""
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
    n_b = p[14]
    n_c = p[15]
    _s0 = 8*Delta_c
    _s1 = 1j*kappa_c
    _s2 = 4*_s1
    _s3 = (1.0/(_s0 - _s2))
    _s4 = Delta_a*kappa_c
    _s5 = 2*_s4
    _s6 = Delta_b*kappa_c
    _s7 = 2*_s6
    _s8 = 2*Delta_c
    _s9 = _s8*kappa_a
    _s10 = 4*1j
    _s11 = Delta_c*_s10
    _s12 = g_a**2
    _s13 = g_b**2
    _s14 = -Delta_a*_s11 - Delta_b*_s11 + 4*1j*_s12 + 4*1j*_s13 - _s5 - _s7 - _s8*kappa_b - _s9 + 1j*kappa_a*kappa_c + 1j*kappa_b*kappa_c
    _s15 = _s14*_s3
    _s16 = Delta_c**2
    _s17 = 1j*theta
    _s18 = cmath.exp(_s17)
    _s19 = kappa_c**2
    _s20 = 16*_s18
    _s21 = 64*_s18
    _s22 = g_a*g_b
    _s23 = 32*J*_s1*_s22
    _s24 = Delta_c*kappa_b
    _s25 = Delta_c*kappa_a
    _s26 = kappa_a**2
    _s27 = _s18*_s19
    _s28 = kappa_b**2
    _s29 = 8*Delta_b
    _s30 = Delta_a*_s27
    _s31 = _s13*_s18
    _s32 = 32*_s31
    _s33 = Delta_a*Delta_c
    _s34 = _s12*_s18
    _s35 = 32*Delta_b
    _s36 = 8*kappa_a
    _s37 = 8*_s31
    _s38 = cmath.exp(2*_s17)
    _s39 = _s1*_s18
    _s40 = Delta_a**2
    _s41 = _s16*_s20
    _s42 = Delta_b**2
    _s43 = J**2
    _s44 = 1j*_s41
    _s45 = _s1*_s20
    _s46 = 1j*_s20
    _s47 = Delta_c*_s18*_s2
    _s48 = cmath.sqrt(complex((32*Delta_a*Delta_b*_s16*_s18 + 32*Delta_a*Delta_c*_s12*_s18 + 16*Delta_a*Delta_c*_s18*kappa_a*kappa_c - Delta_a*_s12*_s45 + 16*1j*Delta_a*_s13*_s18*kappa_c + 16*1j*Delta_a*_s16*_s18*kappa_a + 4*1j*Delta_a*_s18*_s19*kappa_b - Delta_a*_s44*kappa_b + 32*Delta_b*Delta_c*_s13*_s18 + 16*Delta_b*Delta_c*_s18*kappa_b*kappa_c - Delta_b*_s10*_s27*kappa_b + 16*1j*Delta_b*_s12*_s18*kappa_c - Delta_b*_s13*_s45 + 16*1j*Delta_b*_s16*_s18*kappa_b + 4*1j*Delta_b*_s18*_s19*kappa_a - Delta_b*_s44*kappa_a + 64*Delta_c*J*_s38*g_a*g_b + 64*Delta_c*J*g_a*g_b + 16*1j*Delta_c*_s12*_s18*kappa_b + 16*1j*Delta_c*_s13*_s18*kappa_a + 16*1j*Delta_c*_s18*_s40*kappa_c + 16*1j*Delta_c*_s18*_s42*kappa_c + 64*1j*Delta_c*_s18*_s43*kappa_c + 8*1j*Delta_c*_s18*kappa_a*kappa_b*kappa_c - Delta_c*_s34*_s35 - _s10*_s30*kappa_a + 8*_s12*_s18*kappa_b*kappa_c - _s12*_s25*_s46 - _s12*_s32 + 8*_s13*_s18*kappa_a*kappa_c - _s13*_s24*_s46 + 4*_s16*_s18*_s26 + 4*_s16*_s18*_s28 - _s16*_s18*_s36*kappa_b - _s16*_s21*_s43 + 4*_s18*_s19*_s40 + 4*_s18*_s19*_s42 + 16*_s18*_s19*_s43 + 2*_s18*_s19*kappa_a*kappa_b - _s20*_s24*_s4 - _s20*_s25*_s6 - _s20*g_a**4 - _s20*g_b**4 - _s23*_s38 - _s23 - _s26*_s27 - _s26*_s47 - _s27*_s28 - _s28*_s47 - _s29*_s30 - _s32*_s33 - _s33*_s35*_s39 - _s34*_s36*kappa_c - _s37*kappa_b*kappa_c - _s40*_s41 - _s41*_s42)/(-Delta_c*_s1*_s21 + 64*_s16*_s18 - _s19*_s20)))
    _s49 = Delta_b*_s18
    _s50 = F*_s18
    _s51 = 1j*F
    _s52 = 4*_s51
    _s53 = _s18*_s24
    _s54 = -F*_s0*_s49 + F*_s37 + _s18*_s52*_s6 + 2*_s50*kappa_b*kappa_c + _s52*_s53
    _s55 = _s18*kappa_b
    _s56 = (1.0/(8*Delta_a*Delta_b*Delta_c*_s18 - Delta_a*_s10*_s53 - Delta_a*_s2*_s49 - Delta_a*_s37 + 8*J*_s38*g_a*g_b + 8*J*g_a*g_b - _s0*_s18*_s43 - _s10*_s25*_s49 + 4*1j*_s12*_s18*kappa_b + 4*1j*_s13*_s18*kappa_a + 4*1j*_s18*_s43*kappa_c - _s18*_s7*kappa_a + 1j*_s18*kappa_a*kappa_b*kappa_c - _s29*_s34 - _s5*_s55 - _s55*_s9))
    _s57 = _s54*_s56
    _s58 = J*kappa_c
    _s59 = _s56*(8*Delta_c*F*J - 8*_s22*_s50 - _s52*_s58)
    _s60 = (1.0/(-_s1 + _s8))
    _s61 = 1j*_s8
    _s62 = _s18*_s8
    _s63 = 4*_s16
    _s64 = omega_b/(_s19 + _s63)
    _s65 = _s64*kappa_b
    _s66 = _s19*_s65
    _s67 = _s63*_s65
    _s68 = _s64*kappa_c
    _s69 = 4*_s13*_s68
    _s70 = 2*_s22
    _s71 = _s18/(_s1 + _s8)
    _s72 = (_s71).real
    _s73 = _s58*omega_b
    _s74 = (_s71).imag
    _s75 = J*omega_b
    _s76 = _s75*_s8
    _s77 = _s18/(-_s39 + _s62)
    _s78 = _s70*omega_b
    _s79 = math.sin(theta)
    _s80 = _s79**2
    _s81 = math.cos(theta)
    _s82 = _s81**2
    _s83 = _s75/(_s19*_s80 + _s19*_s82 + _s63*_s80 + _s63*_s82)
    _s84 = _s19*_s83
    _s85 = _s63*_s83
    _s86 = -4*Delta_c*_s22*_s64 + _s72*_s76 - _s73*_s74 - _s78*(_s77).real + _s81*_s84 + _s81*_s85
    _tau = _s15
    _s = _s48
    _xss_a = _s57
    _xss_b = _s59
    _y_a = _s14*_s3*_s54*_s56 - _s51
    _y_b = _s15*_s59
    _step_tau = _s15
    _step_root = _s48
    _xs0 = _s57
    _xs1 = _s59
    _k00 = -_s15 + _s60*(-Delta_a*_s61 + 2*1j*_s12 - _s25 - _s4 + (1/2)*1j*kappa_a*kappa_c)
    _k01 = _s60*(-1j*J*_s62 - _s18*_s58 + 2*1j*g_a*g_b)
    _k10 = _s60*(-J*_s61 + 2*1j*_s18*g_a*g_b - _s58)*cmath.exp(-_s17)
    _k11 = -_s15 + _s60*(-Delta_b*_s61 + 2*1j*_s13 - _s24 - _s6 + (1/2)*1j*kappa_b*kappa_c)
    _ha14 = -_xss_a
    _ha15 = -_xss_b
    _r3_0 = omega_a
    _r4_0 = omega_b
    _r5_0 = _s66*n_b + _s67*n_b + _s69*n_c
    _r5_1 = -_s66 - _s67 - _s69
    _r5_2 = -_s68*_s70 - _s72*_s73 - _s74*_s76 - _s78*(_s77).imag - _s79*_s84 - _s79*_s85
    _r5_3 = _s86
    _r5_4 = -_s86
    _r8_0 = omega_a
    _r9_0 = omega_b
    _step_C, _step_S = propagator(complex(_step_tau * dt), complex(_step_root * dt))
    _e00 = complex(_k00*_step_S*dt + _step_C + 1)
    _e01 = complex(_k01*_step_S*dt)
    _e10 = complex(_k10*_step_S*dt)
    _e11 = complex(_k11*_step_S*dt + _step_C + 1)
    return (_tau, _s, _y_a, _y_b, _ha14, _ha15, _r3_0, _r4_0, _r5_0, _r5_1, _r5_2, _r5_3, _r5_4, _r8_0, _r9_0, _e00, _e01, _e10, _e11, _xs0, _xs1)


@njit(parallel=True, cache=True, error_model='numpy')
def effective_fused_trace(p, times, uniform, finite, o_alpha, o_beta, o_n_a, o_n_b, o_ab, o_E_A, o_E_B, o_P_B, o_R, o_eta, o_ergotropy_A, o_ergotropy_B):
    r"""Effective (c eliminated) model from vacuum: every observable of the coherent
    state, x(t) = -C(t) x_ss + S(t) (f + tau x_ss) (or stepped on a uniform grid).

    One trace, every requested output in one parallel pass over blocks of 256 times.

    Args:
        p: float64[16] parameters in PARAMETERS order.
        times: float64[n] times (evenly spaced when ``uniform``).
        uniform: step x_{k+1} = x_ss + e^{M dt}(x_k - x_ss) inside each block.
        finite: bool[(n + 255) // 256], set to whether every checked value of a block is finite.
        o_*: outputs (alpha, beta, n_a, n_b, ab, E_A, E_B, P_B, R, eta, ergotropy_A, ergotropy_B), each float64[n] or complex128[n]
            (see FUSED_REAL), or of length 0 to skip it."""
    n = times.shape[0]
    dt = (times[n - 1] - times[0]) / (n - 1) if uniform and n > 1 else 0.0
    (_tau, _s, _y_a, _y_b, _ha14, _ha15, _r3_0, _r4_0, _r5_0, _r5_1, _r5_2, _r5_3, _r5_4, _r8_0, _r9_0, _e00, _e01, _e10, _e11, _xs0, _xs1,) = effective_fused_setup(p, dt)
    w_alpha = o_alpha.shape[0] > 0
    w_beta = o_beta.shape[0] > 0
    w_n_a = o_n_a.shape[0] > 0
    w_n_b = o_n_b.shape[0] > 0
    w_ab = o_ab.shape[0] > 0
    w_E_A = o_E_A.shape[0] > 0
    w_E_B = o_E_B.shape[0] > 0
    w_P_B = o_P_B.shape[0] > 0
    w_R = o_R.shape[0] > 0
    w_eta = o_eta.shape[0] > 0
    w_ergotropy_A = o_ergotropy_A.shape[0] > 0
    w_ergotropy_B = o_ergotropy_B.shape[0] > 0
    u_E_B = w_E_B or w_R or w_eta
    u_E_A = w_E_A or w_R or w_eta
    for b in prange((n + 255) // 256):
        start = 256 * b
        stop = min(n, start + 256)
        _fin = True
        v_alpha = 0j
        v_beta = 0j
        v_n_a = 0.0
        v_n_b = 0.0
        v_ab = 0j
        v_E_A = 0.0
        v_E_B = 0.0
        v_P_B = 0.0
        v_R = 0.0
        v_eta = 0.0
        v_ergotropy_A = 0.0
        v_ergotropy_B = 0.0
        if uniform:
            t = times[start]
            _qC0, _qS0 = propagator(complex(_tau*t), complex(_s*t))
            _a0 = _qS0*t
            v_alpha = complex(_a0*_y_a + _ha14*_qC0)
            v_beta = complex(_a0*_y_b + _ha15*_qC0)
            for k in range(start, stop):
                v_alpha_re = v_alpha.real
                v_beta_re = v_beta.real
                v_alpha_im = v_alpha.imag
                v_beta_im = v_beta.imag
                if w_alpha:
                    o_alpha[k] = v_alpha
                    _fin = _fin & (abs(v_alpha.real) + abs(v_alpha.imag) < math.inf)
                if w_beta:
                    o_beta[k] = v_beta
                    _fin = _fin & (abs(v_beta.real) + abs(v_beta.imag) < math.inf)
                if w_n_a:
                    v_n_a = float(v_alpha_im**2 + v_alpha_re**2)
                    o_n_a[k] = v_n_a
                    _fin = _fin & (abs(v_n_a) < math.inf)
                if w_n_b:
                    v_n_b = float(v_beta_im**2 + v_beta_re**2)
                    o_n_b[k] = v_n_b
                    _fin = _fin & (abs(v_n_b) < math.inf)
                if w_ab:
                    v_ab = complex(v_beta*(v_alpha).conjugate())
                    o_ab[k] = v_ab
                    _fin = _fin & (abs(v_ab.real) + abs(v_ab.imag) < math.inf)
                if u_E_A:
                    v_E_A = float(_r3_0*(v_alpha_im**2 + v_alpha_re**2))
                    if w_E_A:
                        o_E_A[k] = v_E_A
                        _fin = _fin & (abs(v_E_A) < math.inf)
                if u_E_B:
                    v_E_B = float(_r4_0*(v_beta_im**2 + v_beta_re**2))
                    if w_E_B:
                        o_E_B[k] = v_E_B
                        _fin = _fin & (abs(v_E_B) < math.inf)
                if w_P_B:
                    v_P_B = float(_r5_0 + _r5_1*(v_beta_im**2 + v_beta_re**2) + _r5_2*(v_alpha_im*v_beta_im + v_alpha_re*v_beta_re) + _r5_3*v_alpha_im*v_beta_re + _r5_4*v_alpha_re*v_beta_im)
                    o_P_B[k] = v_P_B
                    _fin = _fin & (abs(v_P_B) < math.inf)
                if w_R:
                    v_R = (((v_E_B/v_E_A) if (v_E_A > 0) else (math.nan))).real
                    o_R[k] = v_R
                if w_eta:
                    _o7_0 = v_E_A + v_E_B
                    v_eta = (((v_E_B/_o7_0) if (_o7_0 > 0) else (math.nan))).real
                    o_eta[k] = v_eta
                if w_ergotropy_A:
                    v_ergotropy_A = float(_r8_0*(v_alpha_im**2 + v_alpha_re**2))
                    o_ergotropy_A[k] = v_ergotropy_A
                    _fin = _fin & (abs(v_ergotropy_A) < math.inf)
                if w_ergotropy_B:
                    v_ergotropy_B = float(_r9_0*(v_beta_im**2 + v_beta_re**2))
                    o_ergotropy_B[k] = v_ergotropy_B
                    _fin = _fin & (abs(v_ergotropy_B) < math.inf)
                _d0 = v_alpha - _xs0
                _d1 = v_beta - _xs1
                v_alpha = _xs0 + _e00 * _d0 + _e01 * _d1
                v_beta = _xs1 + _e10 * _d0 + _e11 * _d1
        else:
            for k in range(start, stop):
                t = times[k]
                _qC0, _qS0 = propagator(complex(_tau*t), complex(_s*t))
                _a0 = _qS0*t
                v_alpha = complex(_a0*_y_a + _ha14*_qC0)
                v_beta = complex(_a0*_y_b + _ha15*_qC0)
                v_alpha_re = v_alpha.real
                v_beta_re = v_beta.real
                v_alpha_im = v_alpha.imag
                v_beta_im = v_beta.imag
                if w_alpha:
                    o_alpha[k] = v_alpha
                    _fin = _fin & (abs(v_alpha.real) + abs(v_alpha.imag) < math.inf)
                if w_beta:
                    o_beta[k] = v_beta
                    _fin = _fin & (abs(v_beta.real) + abs(v_beta.imag) < math.inf)
                if w_n_a:
                    v_n_a = float(v_alpha_im**2 + v_alpha_re**2)
                    o_n_a[k] = v_n_a
                    _fin = _fin & (abs(v_n_a) < math.inf)
                if w_n_b:
                    v_n_b = float(v_beta_im**2 + v_beta_re**2)
                    o_n_b[k] = v_n_b
                    _fin = _fin & (abs(v_n_b) < math.inf)
                if w_ab:
                    v_ab = complex(v_beta*(v_alpha).conjugate())
                    o_ab[k] = v_ab
                    _fin = _fin & (abs(v_ab.real) + abs(v_ab.imag) < math.inf)
                if u_E_A:
                    v_E_A = float(_r3_0*(v_alpha_im**2 + v_alpha_re**2))
                    if w_E_A:
                        o_E_A[k] = v_E_A
                        _fin = _fin & (abs(v_E_A) < math.inf)
                if u_E_B:
                    v_E_B = float(_r4_0*(v_beta_im**2 + v_beta_re**2))
                    if w_E_B:
                        o_E_B[k] = v_E_B
                        _fin = _fin & (abs(v_E_B) < math.inf)
                if w_P_B:
                    v_P_B = float(_r5_0 + _r5_1*(v_beta_im**2 + v_beta_re**2) + _r5_2*(v_alpha_im*v_beta_im + v_alpha_re*v_beta_re) + _r5_3*v_alpha_im*v_beta_re + _r5_4*v_alpha_re*v_beta_im)
                    o_P_B[k] = v_P_B
                    _fin = _fin & (abs(v_P_B) < math.inf)
                if w_R:
                    v_R = (((v_E_B/v_E_A) if (v_E_A > 0) else (math.nan))).real
                    o_R[k] = v_R
                if w_eta:
                    _o7_0 = v_E_A + v_E_B
                    v_eta = (((v_E_B/_o7_0) if (_o7_0 > 0) else (math.nan))).real
                    o_eta[k] = v_eta
                if w_ergotropy_A:
                    v_ergotropy_A = float(_r8_0*(v_alpha_im**2 + v_alpha_re**2))
                    o_ergotropy_A[k] = v_ergotropy_A
                    _fin = _fin & (abs(v_ergotropy_A) < math.inf)
                if w_ergotropy_B:
                    v_ergotropy_B = float(_r9_0*(v_beta_im**2 + v_beta_re**2))
                    o_ergotropy_B[k] = v_ergotropy_B
                    _fin = _fin & (abs(v_ergotropy_B) < math.inf)
        finite[b] = _fin


@njit(parallel=True, cache=True, error_model='numpy')
def effective_sweep_trace(P, times, uniform, finite, o_alpha, o_beta, o_n_a, o_n_b, o_ab, o_E_A, o_E_B, o_P_B, o_R, o_eta, o_ergotropy_A, o_ergotropy_B):
    r"""Effective (c eliminated) model from vacuum: every observable of the coherent
    state, x(t) = -C(t) x_ss + S(t) (f + tau x_ss) (or stepped on a uniform grid).

    Many parameter points (parallel over points), full traces.

    Args:
        P: float64[m, 16] parameter points.
        times: float64[n] times (evenly spaced when ``uniform``).
        uniform: step from closed-form restarts every 256 times.
        finite: bool[m], set to whether every checked value of a point is finite.
        o_*: outputs of shape (m, n), or (0, 0) to skip."""
    m = P.shape[0]
    n = times.shape[0]
    dt = (times[n - 1] - times[0]) / (n - 1) if uniform and n > 1 else 0.0
    w_alpha = o_alpha.shape[0] > 0
    w_beta = o_beta.shape[0] > 0
    w_n_a = o_n_a.shape[0] > 0
    w_n_b = o_n_b.shape[0] > 0
    w_ab = o_ab.shape[0] > 0
    w_E_A = o_E_A.shape[0] > 0
    w_E_B = o_E_B.shape[0] > 0
    w_P_B = o_P_B.shape[0] > 0
    w_R = o_R.shape[0] > 0
    w_eta = o_eta.shape[0] > 0
    w_ergotropy_A = o_ergotropy_A.shape[0] > 0
    w_ergotropy_B = o_ergotropy_B.shape[0] > 0
    u_E_B = w_E_B or w_R or w_eta
    u_E_A = w_E_A or w_R or w_eta
    for j in prange(m):
        (_tau, _s, _y_a, _y_b, _ha14, _ha15, _r3_0, _r4_0, _r5_0, _r5_1, _r5_2, _r5_3, _r5_4, _r8_0, _r9_0, _e00, _e01, _e10, _e11, _xs0, _xs1,) = effective_fused_setup(P[j], dt)
        _fin = True
        v_alpha = 0j
        v_beta = 0j
        v_n_a = 0.0
        v_n_b = 0.0
        v_ab = 0j
        v_E_A = 0.0
        v_E_B = 0.0
        v_P_B = 0.0
        v_R = 0.0
        v_eta = 0.0
        v_ergotropy_A = 0.0
        v_ergotropy_B = 0.0
        if uniform:
            for kb in range(0, n, 256):
                t = times[kb]
                _qC0, _qS0 = propagator(complex(_tau*t), complex(_s*t))
                _a0 = _qS0*t
                v_alpha = complex(_a0*_y_a + _ha14*_qC0)
                v_beta = complex(_a0*_y_b + _ha15*_qC0)
                for k in range(kb, min(n, kb + 256)):
                    v_alpha_re = v_alpha.real
                    v_beta_re = v_beta.real
                    v_alpha_im = v_alpha.imag
                    v_beta_im = v_beta.imag
                    if w_alpha:
                        o_alpha[j, k] = v_alpha
                        _fin = _fin & (abs(v_alpha.real) + abs(v_alpha.imag) < math.inf)
                    if w_beta:
                        o_beta[j, k] = v_beta
                        _fin = _fin & (abs(v_beta.real) + abs(v_beta.imag) < math.inf)
                    if w_n_a:
                        v_n_a = float(v_alpha_im**2 + v_alpha_re**2)
                        o_n_a[j, k] = v_n_a
                        _fin = _fin & (abs(v_n_a) < math.inf)
                    if w_n_b:
                        v_n_b = float(v_beta_im**2 + v_beta_re**2)
                        o_n_b[j, k] = v_n_b
                        _fin = _fin & (abs(v_n_b) < math.inf)
                    if w_ab:
                        v_ab = complex(v_beta*(v_alpha).conjugate())
                        o_ab[j, k] = v_ab
                        _fin = _fin & (abs(v_ab.real) + abs(v_ab.imag) < math.inf)
                    if u_E_A:
                        v_E_A = float(_r3_0*(v_alpha_im**2 + v_alpha_re**2))
                        if w_E_A:
                            o_E_A[j, k] = v_E_A
                            _fin = _fin & (abs(v_E_A) < math.inf)
                    if u_E_B:
                        v_E_B = float(_r4_0*(v_beta_im**2 + v_beta_re**2))
                        if w_E_B:
                            o_E_B[j, k] = v_E_B
                            _fin = _fin & (abs(v_E_B) < math.inf)
                    if w_P_B:
                        v_P_B = float(_r5_0 + _r5_1*(v_beta_im**2 + v_beta_re**2) + _r5_2*(v_alpha_im*v_beta_im + v_alpha_re*v_beta_re) + _r5_3*v_alpha_im*v_beta_re + _r5_4*v_alpha_re*v_beta_im)
                        o_P_B[j, k] = v_P_B
                        _fin = _fin & (abs(v_P_B) < math.inf)
                    if w_R:
                        v_R = (((v_E_B/v_E_A) if (v_E_A > 0) else (math.nan))).real
                        o_R[j, k] = v_R
                    if w_eta:
                        _o7_0 = v_E_A + v_E_B
                        v_eta = (((v_E_B/_o7_0) if (_o7_0 > 0) else (math.nan))).real
                        o_eta[j, k] = v_eta
                    if w_ergotropy_A:
                        v_ergotropy_A = float(_r8_0*(v_alpha_im**2 + v_alpha_re**2))
                        o_ergotropy_A[j, k] = v_ergotropy_A
                        _fin = _fin & (abs(v_ergotropy_A) < math.inf)
                    if w_ergotropy_B:
                        v_ergotropy_B = float(_r9_0*(v_beta_im**2 + v_beta_re**2))
                        o_ergotropy_B[j, k] = v_ergotropy_B
                        _fin = _fin & (abs(v_ergotropy_B) < math.inf)
                    _d0 = v_alpha - _xs0
                    _d1 = v_beta - _xs1
                    v_alpha = _xs0 + _e00 * _d0 + _e01 * _d1
                    v_beta = _xs1 + _e10 * _d0 + _e11 * _d1
        else:
            for k in range(0, n):
                t = times[k]
                _qC0, _qS0 = propagator(complex(_tau*t), complex(_s*t))
                _a0 = _qS0*t
                v_alpha = complex(_a0*_y_a + _ha14*_qC0)
                v_beta = complex(_a0*_y_b + _ha15*_qC0)
                v_alpha_re = v_alpha.real
                v_beta_re = v_beta.real
                v_alpha_im = v_alpha.imag
                v_beta_im = v_beta.imag
                if w_alpha:
                    o_alpha[j, k] = v_alpha
                    _fin = _fin & (abs(v_alpha.real) + abs(v_alpha.imag) < math.inf)
                if w_beta:
                    o_beta[j, k] = v_beta
                    _fin = _fin & (abs(v_beta.real) + abs(v_beta.imag) < math.inf)
                if w_n_a:
                    v_n_a = float(v_alpha_im**2 + v_alpha_re**2)
                    o_n_a[j, k] = v_n_a
                    _fin = _fin & (abs(v_n_a) < math.inf)
                if w_n_b:
                    v_n_b = float(v_beta_im**2 + v_beta_re**2)
                    o_n_b[j, k] = v_n_b
                    _fin = _fin & (abs(v_n_b) < math.inf)
                if w_ab:
                    v_ab = complex(v_beta*(v_alpha).conjugate())
                    o_ab[j, k] = v_ab
                    _fin = _fin & (abs(v_ab.real) + abs(v_ab.imag) < math.inf)
                if u_E_A:
                    v_E_A = float(_r3_0*(v_alpha_im**2 + v_alpha_re**2))
                    if w_E_A:
                        o_E_A[j, k] = v_E_A
                        _fin = _fin & (abs(v_E_A) < math.inf)
                if u_E_B:
                    v_E_B = float(_r4_0*(v_beta_im**2 + v_beta_re**2))
                    if w_E_B:
                        o_E_B[j, k] = v_E_B
                        _fin = _fin & (abs(v_E_B) < math.inf)
                if w_P_B:
                    v_P_B = float(_r5_0 + _r5_1*(v_beta_im**2 + v_beta_re**2) + _r5_2*(v_alpha_im*v_beta_im + v_alpha_re*v_beta_re) + _r5_3*v_alpha_im*v_beta_re + _r5_4*v_alpha_re*v_beta_im)
                    o_P_B[j, k] = v_P_B
                    _fin = _fin & (abs(v_P_B) < math.inf)
                if w_R:
                    v_R = (((v_E_B/v_E_A) if (v_E_A > 0) else (math.nan))).real
                    o_R[j, k] = v_R
                if w_eta:
                    _o7_0 = v_E_A + v_E_B
                    v_eta = (((v_E_B/_o7_0) if (_o7_0 > 0) else (math.nan))).real
                    o_eta[j, k] = v_eta
                if w_ergotropy_A:
                    v_ergotropy_A = float(_r8_0*(v_alpha_im**2 + v_alpha_re**2))
                    o_ergotropy_A[j, k] = v_ergotropy_A
                    _fin = _fin & (abs(v_ergotropy_A) < math.inf)
                if w_ergotropy_B:
                    v_ergotropy_B = float(_r9_0*(v_beta_im**2 + v_beta_re**2))
                    o_ergotropy_B[j, k] = v_ergotropy_B
                    _fin = _fin & (abs(v_ergotropy_B) < math.inf)
        finite[j] = _fin


@njit(parallel=True, cache=True, error_model='numpy')
def effective_sweep_reduce(P, times, uniform, mode, finite, o_alpha, o_beta, o_n_a, o_n_b, o_ab, o_E_A, o_E_B, o_P_B, o_R, o_eta, o_ergotropy_A, o_ergotropy_B):
    r"""Effective (c eliminated) model from vacuum: every observable of the coherent
    state, x(t) = -C(t) x_ss + S(t) (f + tau x_ss) (or stepped on a uniform grid).

    Many parameter points (parallel over points), each output reduced over time inside
    the loop (mode: nrqb_sym.runtime.reductions.MODES); no point x time array.

    Args:
        P: float64[m, 16] parameter points.
        times: float64[n] times (evenly spaced when ``uniform``).
        mode: reduction code (> 0).
        finite: bool[m], set to whether every checked sample of a point is finite.
        o_*: outputs of shape (m,), or (0,) to skip (argmax: the index as a float)."""
    m = P.shape[0]
    n = times.shape[0]
    dt = (times[n - 1] - times[0]) / (n - 1) if uniform and n > 1 else 0.0
    k0 = first_sample(mode, n)
    w_alpha = o_alpha.shape[0] > 0
    w_beta = o_beta.shape[0] > 0
    w_n_a = o_n_a.shape[0] > 0
    w_n_b = o_n_b.shape[0] > 0
    w_ab = o_ab.shape[0] > 0
    w_E_A = o_E_A.shape[0] > 0
    w_E_B = o_E_B.shape[0] > 0
    w_P_B = o_P_B.shape[0] > 0
    w_R = o_R.shape[0] > 0
    w_eta = o_eta.shape[0] > 0
    w_ergotropy_A = o_ergotropy_A.shape[0] > 0
    w_ergotropy_B = o_ergotropy_B.shape[0] > 0
    u_E_B = w_E_B or w_R or w_eta
    u_E_A = w_E_A or w_R or w_eta
    for j in prange(m):
        (_tau, _s, _y_a, _y_b, _ha14, _ha15, _r3_0, _r4_0, _r5_0, _r5_1, _r5_2, _r5_3, _r5_4, _r8_0, _r9_0, _e00, _e01, _e10, _e11, _xs0, _xs1,) = effective_fused_setup(P[j], dt)
        v_alpha = 0j
        v_beta = 0j
        v_n_a = 0.0
        v_n_b = 0.0
        v_ab = 0j
        v_E_A = 0.0
        v_E_B = 0.0
        v_P_B = 0.0
        v_R = 0.0
        v_eta = 0.0
        v_ergotropy_A = 0.0
        v_ergotropy_B = 0.0
        _fin = True
        _racc = np.zeros(12, dtype=np.float64)
        _cacc = np.zeros(12, dtype=np.complex128)
        _ridx = np.zeros(12, dtype=np.int64)
        _rcnt = np.zeros(12, dtype=np.int64)
        if uniform:
            for kb in range(k0, n, 256):
                t = times[kb]
                _qC0, _qS0 = propagator(complex(_tau*t), complex(_s*t))
                _a0 = _qS0*t
                v_alpha = complex(_a0*_y_a + _ha14*_qC0)
                v_beta = complex(_a0*_y_b + _ha15*_qC0)
                for k in range(kb, min(n, kb + 256)):
                    v_alpha_re = v_alpha.real
                    v_beta_re = v_beta.real
                    v_alpha_im = v_alpha.imag
                    v_beta_im = v_beta.imag
                    if w_alpha:
                        _cacc[0], _rcnt[0] = reduce_complex(mode, _cacc[0], _rcnt[0], v_alpha)
                        _fin = _fin & (abs(v_alpha.real) + abs(v_alpha.imag) < math.inf)
                    if w_beta:
                        _cacc[1], _rcnt[1] = reduce_complex(mode, _cacc[1], _rcnt[1], v_beta)
                        _fin = _fin & (abs(v_beta.real) + abs(v_beta.imag) < math.inf)
                    if w_n_a:
                        v_n_a = float(v_alpha_im**2 + v_alpha_re**2)
                        _racc[2], _ridx[2], _rcnt[2] = reduce_real(mode, _racc[2], _ridx[2], _rcnt[2], v_n_a, k)
                        _fin = _fin & (abs(v_n_a) < math.inf)
                    if w_n_b:
                        v_n_b = float(v_beta_im**2 + v_beta_re**2)
                        _racc[3], _ridx[3], _rcnt[3] = reduce_real(mode, _racc[3], _ridx[3], _rcnt[3], v_n_b, k)
                        _fin = _fin & (abs(v_n_b) < math.inf)
                    if w_ab:
                        v_ab = complex(v_beta*(v_alpha).conjugate())
                        _cacc[4], _rcnt[4] = reduce_complex(mode, _cacc[4], _rcnt[4], v_ab)
                        _fin = _fin & (abs(v_ab.real) + abs(v_ab.imag) < math.inf)
                    if u_E_A:
                        v_E_A = float(_r3_0*(v_alpha_im**2 + v_alpha_re**2))
                        if w_E_A:
                            _racc[5], _ridx[5], _rcnt[5] = reduce_real(mode, _racc[5], _ridx[5], _rcnt[5], v_E_A, k)
                            _fin = _fin & (abs(v_E_A) < math.inf)
                    if u_E_B:
                        v_E_B = float(_r4_0*(v_beta_im**2 + v_beta_re**2))
                        if w_E_B:
                            _racc[6], _ridx[6], _rcnt[6] = reduce_real(mode, _racc[6], _ridx[6], _rcnt[6], v_E_B, k)
                            _fin = _fin & (abs(v_E_B) < math.inf)
                    if w_P_B:
                        v_P_B = float(_r5_0 + _r5_1*(v_beta_im**2 + v_beta_re**2) + _r5_2*(v_alpha_im*v_beta_im + v_alpha_re*v_beta_re) + _r5_3*v_alpha_im*v_beta_re + _r5_4*v_alpha_re*v_beta_im)
                        _racc[7], _ridx[7], _rcnt[7] = reduce_real(mode, _racc[7], _ridx[7], _rcnt[7], v_P_B, k)
                        _fin = _fin & (abs(v_P_B) < math.inf)
                    if w_R:
                        v_R = (((v_E_B/v_E_A) if (v_E_A > 0) else (math.nan))).real
                        _racc[8], _ridx[8], _rcnt[8] = reduce_real(mode, _racc[8], _ridx[8], _rcnt[8], v_R, k)
                    if w_eta:
                        _o7_0 = v_E_A + v_E_B
                        v_eta = (((v_E_B/_o7_0) if (_o7_0 > 0) else (math.nan))).real
                        _racc[9], _ridx[9], _rcnt[9] = reduce_real(mode, _racc[9], _ridx[9], _rcnt[9], v_eta, k)
                    if w_ergotropy_A:
                        v_ergotropy_A = float(_r8_0*(v_alpha_im**2 + v_alpha_re**2))
                        _racc[10], _ridx[10], _rcnt[10] = reduce_real(mode, _racc[10], _ridx[10], _rcnt[10], v_ergotropy_A, k)
                        _fin = _fin & (abs(v_ergotropy_A) < math.inf)
                    if w_ergotropy_B:
                        v_ergotropy_B = float(_r9_0*(v_beta_im**2 + v_beta_re**2))
                        _racc[11], _ridx[11], _rcnt[11] = reduce_real(mode, _racc[11], _ridx[11], _rcnt[11], v_ergotropy_B, k)
                        _fin = _fin & (abs(v_ergotropy_B) < math.inf)
                    _d0 = v_alpha - _xs0
                    _d1 = v_beta - _xs1
                    v_alpha = _xs0 + _e00 * _d0 + _e01 * _d1
                    v_beta = _xs1 + _e10 * _d0 + _e11 * _d1
        else:
            for k in range(k0, n):
                t = times[k]
                _qC0, _qS0 = propagator(complex(_tau*t), complex(_s*t))
                _a0 = _qS0*t
                v_alpha = complex(_a0*_y_a + _ha14*_qC0)
                v_beta = complex(_a0*_y_b + _ha15*_qC0)
                v_alpha_re = v_alpha.real
                v_beta_re = v_beta.real
                v_alpha_im = v_alpha.imag
                v_beta_im = v_beta.imag
                if w_alpha:
                    _cacc[0], _rcnt[0] = reduce_complex(mode, _cacc[0], _rcnt[0], v_alpha)
                    _fin = _fin & (abs(v_alpha.real) + abs(v_alpha.imag) < math.inf)
                if w_beta:
                    _cacc[1], _rcnt[1] = reduce_complex(mode, _cacc[1], _rcnt[1], v_beta)
                    _fin = _fin & (abs(v_beta.real) + abs(v_beta.imag) < math.inf)
                if w_n_a:
                    v_n_a = float(v_alpha_im**2 + v_alpha_re**2)
                    _racc[2], _ridx[2], _rcnt[2] = reduce_real(mode, _racc[2], _ridx[2], _rcnt[2], v_n_a, k)
                    _fin = _fin & (abs(v_n_a) < math.inf)
                if w_n_b:
                    v_n_b = float(v_beta_im**2 + v_beta_re**2)
                    _racc[3], _ridx[3], _rcnt[3] = reduce_real(mode, _racc[3], _ridx[3], _rcnt[3], v_n_b, k)
                    _fin = _fin & (abs(v_n_b) < math.inf)
                if w_ab:
                    v_ab = complex(v_beta*(v_alpha).conjugate())
                    _cacc[4], _rcnt[4] = reduce_complex(mode, _cacc[4], _rcnt[4], v_ab)
                    _fin = _fin & (abs(v_ab.real) + abs(v_ab.imag) < math.inf)
                if u_E_A:
                    v_E_A = float(_r3_0*(v_alpha_im**2 + v_alpha_re**2))
                    if w_E_A:
                        _racc[5], _ridx[5], _rcnt[5] = reduce_real(mode, _racc[5], _ridx[5], _rcnt[5], v_E_A, k)
                        _fin = _fin & (abs(v_E_A) < math.inf)
                if u_E_B:
                    v_E_B = float(_r4_0*(v_beta_im**2 + v_beta_re**2))
                    if w_E_B:
                        _racc[6], _ridx[6], _rcnt[6] = reduce_real(mode, _racc[6], _ridx[6], _rcnt[6], v_E_B, k)
                        _fin = _fin & (abs(v_E_B) < math.inf)
                if w_P_B:
                    v_P_B = float(_r5_0 + _r5_1*(v_beta_im**2 + v_beta_re**2) + _r5_2*(v_alpha_im*v_beta_im + v_alpha_re*v_beta_re) + _r5_3*v_alpha_im*v_beta_re + _r5_4*v_alpha_re*v_beta_im)
                    _racc[7], _ridx[7], _rcnt[7] = reduce_real(mode, _racc[7], _ridx[7], _rcnt[7], v_P_B, k)
                    _fin = _fin & (abs(v_P_B) < math.inf)
                if w_R:
                    v_R = (((v_E_B/v_E_A) if (v_E_A > 0) else (math.nan))).real
                    _racc[8], _ridx[8], _rcnt[8] = reduce_real(mode, _racc[8], _ridx[8], _rcnt[8], v_R, k)
                if w_eta:
                    _o7_0 = v_E_A + v_E_B
                    v_eta = (((v_E_B/_o7_0) if (_o7_0 > 0) else (math.nan))).real
                    _racc[9], _ridx[9], _rcnt[9] = reduce_real(mode, _racc[9], _ridx[9], _rcnt[9], v_eta, k)
                if w_ergotropy_A:
                    v_ergotropy_A = float(_r8_0*(v_alpha_im**2 + v_alpha_re**2))
                    _racc[10], _ridx[10], _rcnt[10] = reduce_real(mode, _racc[10], _ridx[10], _rcnt[10], v_ergotropy_A, k)
                    _fin = _fin & (abs(v_ergotropy_A) < math.inf)
                if w_ergotropy_B:
                    v_ergotropy_B = float(_r9_0*(v_beta_im**2 + v_beta_re**2))
                    _racc[11], _ridx[11], _rcnt[11] = reduce_real(mode, _racc[11], _ridx[11], _rcnt[11], v_ergotropy_B, k)
                    _fin = _fin & (abs(v_ergotropy_B) < math.inf)
        if w_alpha:
            o_alpha[j] = finish_complex(mode, _cacc[0], _rcnt[0])
        if w_beta:
            o_beta[j] = finish_complex(mode, _cacc[1], _rcnt[1])
        if w_n_a:
            o_n_a[j] = finish_real(mode, _racc[2], _ridx[2], _rcnt[2])
        if w_n_b:
            o_n_b[j] = finish_real(mode, _racc[3], _ridx[3], _rcnt[3])
        if w_ab:
            o_ab[j] = finish_complex(mode, _cacc[4], _rcnt[4])
        if w_E_A:
            o_E_A[j] = finish_real(mode, _racc[5], _ridx[5], _rcnt[5])
        if w_E_B:
            o_E_B[j] = finish_real(mode, _racc[6], _ridx[6], _rcnt[6])
        if w_P_B:
            o_P_B[j] = finish_real(mode, _racc[7], _ridx[7], _rcnt[7])
        if w_R:
            o_R[j] = finish_real(mode, _racc[8], _ridx[8], _rcnt[8])
        if w_eta:
            o_eta[j] = finish_real(mode, _racc[9], _ridx[9], _rcnt[9])
        if w_ergotropy_A:
            o_ergotropy_A[j] = finish_real(mode, _racc[10], _ridx[10], _rcnt[10])
        if w_ergotropy_B:
            o_ergotropy_B[j] = finish_real(mode, _racc[11], _ridx[11], _rcnt[11])
        finite[j] = _fin


EFFECTIVE_FUSED_OUTPUTS = ('alpha', 'beta', 'n_a', 'n_b', 'ab', 'E_A', 'E_B', 'P_B', 'R', 'eta', 'ergotropy_A', 'ergotropy_B')
EFFECTIVE_FUSED_REAL = (False, False, True, True, False, True, True, True, True, True, True, True)


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
    _x0 = Delta_c*F
    _x1 = 1j*theta
    _x2 = cmath.exp(_x1)
    _x3 = 8*_x2
    _x4 = _x2*kappa_b
    _x5 = 2*kappa_c
    _x6 = g_b**2
    _x7 = _x3*_x6
    _x8 = 4*1j
    _x9 = _x8*kappa_c
    _x10 = F*_x9
    _x11 = Delta_b*_x2
    _x12 = _x0*_x8
    _x13 = -8*J*g_a*g_b
    _x14 = Delta_a*_x4
    _x15 = _x2*kappa_a
    _x16 = Delta_b*_x5
    _x17 = 2*Delta_c
    _x18 = g_a**2
    _x19 = Delta_b*_x18
    _x20 = J**2
    _x21 = Delta_c*_x20
    _x22 = 2*_x1
    _x23 = Delta_c*_x8
    _x24 = (1.0/(8*Delta_a*Delta_b*Delta_c*_x2 - Delta_a*_x11*_x9 - Delta_a*_x7 - Delta_b*_x15*_x23 + 8*J*g_a*g_b*cmath.exp(_x22) - _x13 - _x14*_x23 - _x14*_x5 - _x15*_x16 - _x17*_x4*kappa_a + 4*1j*_x18*_x2*kappa_b - _x19*_x3 + 4*1j*_x2*_x20*kappa_c + 4*1j*_x2*_x6*kappa_a + 1j*_x2*kappa_a*kappa_b*kappa_c - _x21*_x3))
    _x25 = _x24*(-Delta_b*_x0*_x3 + F*_x4*_x5 + F*_x7 + _x10*_x11 + _x12*_x4)
    _x26 = J*_x10
    _x27 = F*g_a*g_b
    _x28 = _x24*(8*Delta_c*F*J - _x26 - _x27*_x3)
    _x29 = cmath.exp(-_x1)
    _x30 = _x29*kappa_b
    _x31 = _x29*kappa_a
    _x32 = _x31*kappa_b
    _x33 = 8*_x29
    _x34 = (1.0/(8*Delta_a*Delta_b*Delta_c*_x29 + 4*1j*Delta_a*Delta_b*_x29*kappa_c + 4*1j*Delta_a*Delta_c*_x29*kappa_b - Delta_a*_x30*_x5 - Delta_a*_x33*_x6 + 4*1j*Delta_b*Delta_c*_x29*kappa_a + 8*J*g_a*g_b*cmath.exp(-_x22) - _x13 - _x16*_x31 - _x17*_x32 - _x18*_x30*_x8 - _x19*_x33 - _x20*_x29*_x9 - _x21*_x33 - _x31*_x6*_x8 - 1j*_x32*kappa_c))
    return (complex(_x25), complex(_x28), (_x25*_x34*omega_a*(-Delta_b*_x0*_x33 - Delta_b*_x10*_x29 + 8*F*_x29*_x6 + 2*F*_x29*kappa_b*kappa_c - _x12*_x30)).real, (_x28*_x34*omega_b*(8*J*_x0 + _x26 - _x27*_x33)).real)


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
    n = <x'x>, m = <x^2> (stage nrqb_sym.derive.ergotropy)."""
    _x0 = (x).conjugate()
    _x1 = -_x0*x + n
    _x2 = (-_x0**2 + (m).conjugate())*(m - x**2)
    return ((omega*(n - (_x1**2 + _x1 - _x2)/(cmath.sqrt(complex(-_x2 + (_x1 + 1/2)**2)) + 1/2))).real,)


ERGOTROPY_OUTPUTS = ('ergotropy',)


@njit(parallel=True, cache=True)
def ergotropy_array(omega, x, n, m):
    """ergotropy() over 1-d arrays x (complex), n (float), m (complex)."""
    out = np.empty(x.shape[0], dtype=np.float64)
    for i in prange(x.shape[0]):
        out[i] = ergotropy(omega, x[i], n[i], m[i])[0]
    return out


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
