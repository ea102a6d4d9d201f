# GENERATED FILE - DO NOT EDIT.
# Contents: kernels of the effective two-mode model.
# Produced by nrqb_sym.codegen from the model nrqb_sym.model.core.three_mode_model
# through the pipeline model -> elimination -> moments -> nonreciprocity -> solutions ->
# spectrum.
# Model+pipeline hash: sha256:e129326810c1a8e1aeb0648f2ad37341dfa583f8276c32524ad74e3cf9315322
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Effective-model kernels."""

import cmath
import math

import numpy as np
from numba import njit, prange

from nrqb_sym.runtime.numerics import expm, expm1cosh, expsinhc, propagator

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
    _s3 = 2*kappa_c
    _s4 = Delta_a*_s3
    _s5 = Delta_b*_s3
    _s6 = 2*Delta_c
    _s7 = _s6*kappa_a
    _s8 = 4*1j
    _s9 = Delta_c*_s8
    _s10 = Delta_a*_s9
    _s11 = Delta_b*_s9
    _s12 = g_a**2
    _s13 = g_b**2
    _s14 = Delta_c**2
    _s15 = 1j*theta
    _s16 = cmath.exp(_s15)
    _s17 = kappa_c**2
    _s18 = 16*_s16
    _s19 = g_a*g_b
    _s20 = J*_s1
    _s21 = _s19*_s20
    _s22 = 32*_s21
    _s23 = _s18*g_b**4
    _s24 = Delta_a*Delta_c
    _s25 = _s18*kappa_c
    _s26 = _s24*_s25
    _s27 = _s26*kappa_b
    _s28 = Delta_b*Delta_c
    _s29 = _s25*_s28*kappa_a
    _s30 = kappa_a**2
    _s31 = _s16*_s17
    _s32 = kappa_b**2
    _s33 = _s31*_s32
    _s34 = 8*Delta_b
    _s35 = Delta_a*_s31
    _s36 = _s34*_s35
    _s37 = _s13*_s16
    _s38 = 32*_s37
    _s39 = _s24*_s38
    _s40 = _s12*_s16
    _s41 = 32*_s28*_s40
    _s42 = 8*kappa_a
    _s43 = _s14*_s16
    _s44 = _s43*kappa_b
    _s45 = _s42*_s44
    _s46 = _s40*kappa_c
    _s47 = _s13*kappa_c
    _s48 = 8*_s47
    _s49 = _s16*kappa_b
    _s50 = cmath.exp(2*_s15)
    _s51 = Delta_b*_s1
    _s52 = _s24*_s51
    _s53 = 32*_s16*_s52
    _s54 = Delta_a**2
    _s55 = _s14*_s18
    _s56 = Delta_b**2
    _s57 = _s55*_s56
    _s58 = J**2
    _s59 = 1j*_s55
    _s60 = Delta_a*_s59*kappa_b
    _s61 = _s12*_s18
    _s62 = Delta_a*_s1
    _s63 = _s35*_s8
    _s64 = Delta_b*kappa_a
    _s65 = _s59*_s64
    _s66 = _s13*_s18
    _s67 = _s17*kappa_b
    _s68 = _s16*_s67
    _s69 = _s68*_s8
    _s70 = 1j*Delta_c
    _s71 = _s70*kappa_a
    _s72 = _s70*kappa_b
    _s73 = _s16*_s2
    _s74 = Delta_c*_s73
    _s75 = _s0*_s16
    _s76 = Delta_b*F
    _s77 = _s75*_s76
    _s78 = F*_s49
    _s79 = 8*_s37
    _s80 = F*_s79
    _s81 = _s16*kappa_a
    _s82 = Delta_a*_s79
    _s83 = _s34*_s40
    _s84 = _s16*_s58
    _s85 = Delta_a*Delta_b
    _s86 = (1.0/(8*Delta_a*Delta_b*Delta_c*_s16 + 8*J*_s50*g_a*g_b + 8*J*g_a*g_b - _s0*_s84 - _s10*_s49 - _s11*_s81 + 4*1j*_s12*_s16*kappa_b + 4*1j*_s13*_s16*kappa_a + 4*1j*_s16*_s58*kappa_c + 1j*_s16*kappa_a*kappa_b*kappa_c - _s4*_s49 - _s49*_s7 - _s5*_s81 - _s73*_s85 - _s82 - _s83))
    _s87 = F*J
    _s88 = _s2*_s87
    _s89 = 8*F
    _s90 = _s16*_s19
    _s91 = J*_s19
    _s92 = Delta_c*_s91
    _s93 = 32*_s92
    _s94 = 16*_s21
    _s95 = 32*_s43
    _s96 = _s46*kappa_b
    _s97 = _s67*_s81
    _s98 = _s50*_s93
    _s99 = _s1*kappa_a
    _s100 = _s58*_s95
    _s101 = 8*_s31*_s58
    _s102 = _s31*_s8
    _s103 = Delta_c*_s1
    _s104 = 32*_s84
    _s105 = F*kappa_c
    _s106 = 16*_s105*_s91
    _s107 = 1j*F
    _s108 = 4*kappa_c
    _s109 = Delta_c*F
    _s110 = _s109*kappa_b
    _s111 = Delta_a*_s44
    _s112 = Delta_a*F
    _s113 = 2*_s68
    _s114 = F*kappa_a
    _s115 = _s34*_s43
    _s116 = 2*_s31
    _s117 = _s0*_s40*kappa_b
    _s118 = _s0*_s37
    _s119 = _s1*kappa_b
    _s120 = F*_s119
    _s121 = _s55*_s85
    _s122 = _s24*_s66
    _s123 = _s28*_s61
    _s124 = 4*_s14
    _s125 = _s124*kappa_b
    _s126 = _s125*_s81
    _s127 = _s2*kappa_b
    _s128 = _s87*kappa_a
    _s129 = _s0*_s87
    _s130 = _s129*kappa_c
    _s131 = 4*_s47
    _s132 = 8*1j
    _s133 = _s14*_s87
    _s134 = 1j*Delta_a
    _s135 = 2*_s17*_s87
    _s136 = 1j*_s129
    _s137 = _s108*_s90
    _s138 = 4*_s19
    _s139 = 1j*_s16*_s89
    _s140 = 2*_s19
    _s141 = _s140*_s16
    _s142 = 16*_s92
    _s143 = 8*_s21
    _s144 = _s0*kappa_c
    _s145 = 4*_s31
    _s146 = 1j*kappa_a
    _s147 = omega_b/(_s124 + _s17)
    _s148 = 1j*omega_b
    _tau = (-_s10 - _s11 + 4*1j*_s12 + 4*1j*_s13 - _s4 - _s5 - _s6*kappa_b - _s7 + 1j*kappa_a*kappa_c + 1j*kappa_b*kappa_c)/(_s0 - _s2)
    _s = cmath.sqrt(complex((32*Delta_a*Delta_b*_s14*_s16 + 32*Delta_a*Delta_c*_s12*_s16 + 16*Delta_a*Delta_c*_s16*kappa_a*kappa_c + 16*1j*Delta_a*_s13*_s16*kappa_c + 16*1j*Delta_a*_s14*_s16*kappa_a + 4*1j*Delta_a*_s16*_s17*kappa_b + 32*Delta_b*Delta_c*_s13*_s16 + 16*Delta_b*Delta_c*_s16*kappa_b*kappa_c + 16*1j*Delta_b*_s12*_s16*kappa_c + 16*1j*Delta_b*_s14*_s16*kappa_b + 4*1j*Delta_b*_s16*_s17*kappa_a - Delta_b*_s69 + 64*Delta_c*J*_s50*g_a*g_b + 64*Delta_c*J*g_a*g_b + 16*1j*Delta_c*_s12*_s16*kappa_b + 16*1j*Delta_c*_s13*_s16*kappa_a + 16*1j*Delta_c*_s16*_s54*kappa_c + 16*1j*Delta_c*_s16*_s56*kappa_c + 64*1j*Delta_c*_s16*_s58*kappa_c + 8*1j*Delta_c*_s16*kappa_a*kappa_b*kappa_c + 8*_s12*_s16*kappa_b*kappa_c - _s12*_s38 + 8*_s13*_s16*kappa_a*kappa_c + 4*_s14*_s16*_s30 + 4*_s14*_s16*_s32 + 4*_s16*_s17*_s54 + 4*_s16*_s17*_s56 + 16*_s16*_s17*_s58 + 2*_s16*_s17*kappa_a*kappa_b - _s18*g_a**4 - _s22*_s50 - _s22 - _s23 - _s27 - _s29 - _s30*_s31 - _s30*_s74 - _s32*_s74 - _s33 - _s36 - _s39 - _s41 - _s42*_s46 - 64*_s43*_s58 - _s45 - _s48*_s49 - _s51*_s66 - _s53 - _s54*_s55 - _s57 - _s60 - _s61*_s62 - _s61*_s71 - _s63*kappa_a - _s65 - _s66*_s72)/(-64*Delta_c*_s1*_s16 + 64*_s14*_s16 - _s17*_s18)))
    _xss_a = _s86*(_s3*_s78 + _s73*_s76 - _s77 + _s78*_s9 + _s80)
    _xss_b = _s86*(8*Delta_c*F*J - _s88 - _s89*_s90)
    _y_a = (-F*_s102*_s56 + F*_s117 - F*_s127*_s40 + _s100*_s107 - _s101*_s107 + _s104*_s109*kappa_c + _s105*_s83 - _s106*_s50 - _s106 + _s107*_s12*_s66 - _s107*_s121 + _s107*_s122 + _s107*_s123 - _s107*_s124*_s16*_s32 + _s107*_s126 + _s107*_s23 - _s107*_s28*_s38 + _s107*_s33 + _s107*_s57 - _s107*_s93 - _s107*_s97 - _s107*_s98 - _s108*_s109*_s16*_s32 + _s108*_s110*_s81 + _s109*_s25*_s56 - _s110*_s66 - _s111*_s89 + _s112*_s113 + _s112*_s119*_s75 + _s112*_s16*_s48 - _s114*_s115 + _s114*_s118 - _s114*_s2*_s37 + _s116*_s76*kappa_a + _s119*_s80 - _s120*_s18*_s28 - _s18*_s47*_s76 - _s26*_s76 + _s55*_s76*kappa_b + _s63*_s76 - 4*_s68*_s76 + _s77*_s99)/(Delta_a*_s69 + _s0*_s49*_s99 - _s100 + _s101 + _s102*_s64 + _s103*_s104 - _s27 - _s29 - _s36 - _s39 - _s41 - _s45 + _s48*_s81 - _s50*_s94 + _s51*_s61 - _s53 - _s60 + _s61*_s72 + _s62*_s66 - _s65 + _s66*_s71 + _s85*_s95 + _s93 - _s94 + 8*_s96 + 2*_s97 + _s98)
    _y_b = (Delta_a*_s107*_s19*_s75 - Delta_a*_s130 - Delta_a*_s132*_s133 - Delta_b*_s130 + 1j*Delta_b*_s135 + Delta_c*_s128*_s2 + Delta_c*_s138*_s78 + Delta_c*_s88*kappa_b - F*_s141*_s99 + _s108*_s12*_s87 + _s109*_s138*_s81 + _s112*_s137 + _s12*_s136 - _s120*_s141 - _s124*_s128 - _s125*_s87 + _s128*_s17 + _s13*_s136 + _s131*_s87 - 1j*_s133*_s34 + _s134*_s135 + _s137*_s76 - _s139*g_a**3*g_b - _s139*g_a*g_b**3 + 1j*_s19*_s77 + _s67*_s87)/(-Delta_a*_s144*_s49 - Delta_b*_s144*_s81 + Delta_c*_s127*_s81 + _s1*_s82 + _s1*_s83 + _s103*_s18*_s58 - _s111*_s132 + _s113*_s134 - _s115*_s146 + 1j*_s116*_s64 + 1j*_s117 + _s118*_s146 + _s121 - _s122 - _s123 - _s126 + _s131*_s81 + _s142*_s50 + _s142 - _s143*_s50 - _s143 + _s145*_s58 - _s145*_s85 - _s18*_s52 - _s55*_s58 + 4*_s96 + _s97)
    _h0_6 = -_xss_a
    _h0_7 = -_xss_b
    _h1_8 = omega_a
    _h1_9 = omega_b
    _h1_10 = -_s147*(_s125 + _s131 + _s67)
    _h1_11 = _s148*(J*_s16*_s6 - _s140 + _s16*_s20)/(_s1 + _s6)
    _h1_12 = -_s148*(2*Delta_c*J - _s141 - _s20)*cmath.exp(-_s15)/(-_s1 + _s6)
    _h1_13 = _s147*(_s125*n_b + _s131*n_c + _s67*n_b)
    hr = np.empty(54, dtype=np.float64)
    hc = np.empty(109, dtype=np.complex128)
    hr[0] = _s0
    hr[1] = _s3
    hr[2] = _s4
    hr[3] = _s5
    hr[4] = _s6
    hr[5] = _s7
    hr[6] = _s12
    hr[7] = _s13
    hr[8] = _s14
    hr[9] = _s17
    hr[10] = _s19
    hr[11] = _s24
    hr[12] = _s28
    hr[13] = _s30
    hr[14] = _s32
    hr[15] = _s34
    hr[16] = _s42
    hr[17] = _s47
    hr[18] = _s48
    hr[19] = _s54
    hr[20] = _s56
    hr[21] = _s58
    hr[22] = _s64
    hr[23] = _s67
    hr[24] = _s76
    hr[25] = _s85
    hr[26] = _s87
    hr[27] = _s89
    hr[28] = _s91
    hr[29] = _s92
    hr[30] = _s93
    hr[31] = _s105
    hr[32] = _s106
    hr[33] = _s108
    hr[34] = _s109
    hr[35] = _s110
    hr[36] = _s112
    hr[37] = _s114
    hr[38] = _s124
    hr[39] = _s125
    hr[40] = _s128
    hr[41] = _s129
    hr[42] = _s130
    hr[43] = _s131
    hr[44] = _s133
    hr[45] = _s135
    hr[46] = _s138
    hr[47] = _s140
    hr[48] = _s142
    hr[49] = _s144
    hr[50] = _h1_8
    hr[51] = _h1_9
    hr[52] = _h1_10
    hr[53] = _h1_13
    hc[0] = _s1
    hc[1] = _s2
    hc[2] = _s8
    hc[3] = _s9
    hc[4] = _s10
    hc[5] = _s11
    hc[6] = _s15
    hc[7] = _s16
    hc[8] = _s18
    hc[9] = _s20
    hc[10] = _s21
    hc[11] = _s22
    hc[12] = _s23
    hc[13] = _s25
    hc[14] = _s26
    hc[15] = _s27
    hc[16] = _s29
    hc[17] = _s31
    hc[18] = _s33
    hc[19] = _s35
    hc[20] = _s36
    hc[21] = _s37
    hc[22] = _s38
    hc[23] = _s39
    hc[24] = _s40
    hc[25] = _s41
    hc[26] = _s43
    hc[27] = _s44
    hc[28] = _s45
    hc[29] = _s46
    hc[30] = _s49
    hc[31] = _s50
    hc[32] = _s51
    hc[33] = _s52
    hc[34] = _s53
    hc[35] = _s55
    hc[36] = _s57
    hc[37] = _s59
    hc[38] = _s60
    hc[39] = _s61
    hc[40] = _s62
    hc[41] = _s63
    hc[42] = _s65
    hc[43] = _s66
    hc[44] = _s68
    hc[45] = _s69
    hc[46] = _s70
    hc[47] = _s71
    hc[48] = _s72
    hc[49] = _s73
    hc[50] = _s74
    hc[51] = _s75
    hc[52] = _s77
    hc[53] = _s78
    hc[54] = _s79
    hc[55] = _s80
    hc[56] = _s81
    hc[57] = _s82
    hc[58] = _s83
    hc[59] = _s84
    hc[60] = _s86
    hc[61] = _s88
    hc[62] = _s90
    hc[63] = _s94
    hc[64] = _s95
    hc[65] = _s96
    hc[66] = _s97
    hc[67] = _s98
    hc[68] = _s99
    hc[69] = _s100
    hc[70] = _s101
    hc[71] = _s102
    hc[72] = _s103
    hc[73] = _s104
    hc[74] = _s107
    hc[75] = _s111
    hc[76] = _s113
    hc[77] = _s115
    hc[78] = _s116
    hc[79] = _s117
    hc[80] = _s118
    hc[81] = _s119
    hc[82] = _s120
    hc[83] = _s121
    hc[84] = _s122
    hc[85] = _s123
    hc[86] = _s126
    hc[87] = _s127
    hc[88] = _s132
    hc[89] = _s134
    hc[90] = _s136
    hc[91] = _s137
    hc[92] = _s139
    hc[93] = _s141
    hc[94] = _s143
    hc[95] = _s145
    hc[96] = _s146
    hc[97] = _s147
    hc[98] = _s148
    hc[99] = _tau
    hc[100] = _s
    hc[101] = _xss_a
    hc[102] = _xss_b
    hc[103] = _y_a
    hc[104] = _y_b
    hc[105] = _h0_6
    hc[106] = _h0_7
    hc[107] = _h1_11
    hc[108] = _h1_12
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
    _h1_8 = hr[50]
    _h1_9 = hr[51]
    _h1_10 = hr[52]
    _h1_13 = hr[53]
    _tau = hc[99]
    _s = hc[100]
    _y_a = hc[103]
    _y_b = hc[104]
    _h0_6 = hc[105]
    _h0_7 = hc[106]
    _h1_11 = hc[107]
    _h1_12 = hc[108]
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
        r = effective_evaluate(t[i], HR[j, 50], HR[j, 51], HR[j, 52], HR[j, 53], HC[j, 99], HC[j, 100], HC[j, 103], HC[j, 104], HC[j, 105], HC[j, 106], HC[j, 107], HC[j, 108])
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
    _h1_8 = hr[50]
    _h1_9 = hr[51]
    _h1_10 = hr[52]
    _h1_13 = hr[53]
    _tau = hc[99]
    _s = hc[100]
    _y_a = hc[103]
    _y_b = hc[104]
    _h0_6 = hc[105]
    _h0_7 = hc[106]
    _h1_11 = hc[107]
    _h1_12 = hc[108]
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
