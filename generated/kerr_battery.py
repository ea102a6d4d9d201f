# GENERATED FILE - DO NOT EDIT.
# Contents: Numba kernels of the model 'kerr_battery' (cumulant expansion, order 3).
# Produced by nrqb_sym.codegen from the model file kerr_battery.toml (model 'kerr_battery')
# through the pipeline spec -> quadratic form -> reduction -> cumulant moments ->
# closure -> kernels.
# Model+pipeline hash: sha256:3f7c42a65739c8951c050bada3c0ed585ff1e3b4cbdc33fc856bc941f3637fdd
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Kernels of the model 'kerr_battery': closed moment equations at order 3
(18 moments, 34 real variables; see nrqb_sym.codegen.cumulant_kernels)."""

import cmath
import math

import numba
import numpy as np
from numba import njit

from nrqb_sym.runtime import numerics as _nm
from nrqb_sym.runtime import polynomials as _pn

KIND = "cumulant"
MODEL = 'kerr_battery'
DESCRIPTION = 'the paper battery with a Kerr term chi on the battery, cumulant expansion at order 3'
DIGEST = '3f7c42a65739c8951c050bada3c0ed585ff1e3b4cbdc33fc856bc941f3637fdd'
ORDER = 3
PARAMETERS = ('Delta_a', 'Delta_b', 'Delta_c', 'kappa_a', 'kappa_b', 'kappa_c', 'g_a', 'g_b', 'J', 'theta', 'chi', 'F', 'omega_a', 'omega_b', 'n_a', 'n_b', 'n_c')
KINDS = {'Delta_a': 'real', 'Delta_b': 'real', 'Delta_c': 'real', 'kappa_a': 'positive', 'kappa_b': 'positive', 'kappa_c': 'positive', 'g_a': 'positive', 'g_b': 'positive', 'J': 'nonnegative', 'theta': 'real', 'chi': 'real', 'F': 'real', 'omega_a': 'positive', 'omega_b': 'positive', 'n_a': 'nonnegative', 'n_b': 'nonnegative', 'n_c': 'nonnegative'}
DEFAULTS = {'Delta_a': 0.0, 'Delta_b': 0.0, 'Delta_c': 0.0, 'kappa_a': 0.05, 'kappa_b': 0.05, 'kappa_c': 100.0, 'g_a': 5.0, 'g_b': 5.0, 'J': 0.5, 'theta': 1.5707963267948966, 'chi': 0.05, 'F': 0.5, 'omega_a': 1.0, 'omega_b': 1.0, 'n_a': 0.0, 'n_b': 0.0, 'n_c': 0.0}
LATEX = {'Delta_a': '\\Delta_a', 'Delta_b': '\\Delta_b', 'Delta_c': '\\Delta_c', 'kappa_a': '\\kappa_a', 'kappa_b': '\\kappa_b', 'kappa_c': '\\kappa_c', 'g_a': 'g_a', 'g_b': 'g_b', 'J': 'J', 'theta': '\\theta', 'chi': '\\chi', 'F': 'F', 'omega_a': '\\omega_a', 'omega_b': '\\omega_b', 'n_a': 'n_a', 'n_b': 'n_b', 'n_c': 'n_c'}
MODES = ('a', 'b', 'c')
KEPT = ('a', 'b')
ELIMINATED = ('c',)
TWO_LEVEL = ()
ENERGY_MODES = ('a', 'b')
DERIVED = {'R': ('E_b/E_a', 'R = E_B/E_A'), 'eta': ('E_b/(E_a + E_b)', '\\eta = E_B/(E_A + E_B)')}
PRESETS = {'nonreciprocal': {'description': 'fully nonreciprocal: b does not act back on a (J, theta from the derived condition)', 'values': {}, 'nonreciprocal': (('a', 'b'),)}}
#: the moments <K> (normal-ordered monomials ((mode, n_dagger, n), ...)) and their
#: first slot in the real state vector; REAL: one slot, else real and imaginary parts
MOMENTS = ((('a', 0, 1),), (('a', 1, 1),), (('b', 0, 1),), (('b', 1, 1),), (('a', 0, 1), ('b', 1, 0)), (('b', 1, 2),), (('b', 0, 2),), (('a', 0, 1), ('b', 0, 1)), (('a', 0, 1), ('b', 1, 1)), (('a', 0, 1), ('b', 2, 0)), (('b', 0, 3),), (('a', 0, 2),), (('a', 0, 1), ('b', 0, 2)), (('a', 0, 2), ('b', 1, 0)), (('a', 1, 1), ('b', 0, 1)), (('a', 0, 2), ('b', 0, 1)), (('a', 1, 2),), (('a', 0, 3),))
MOMENT_NAMES = ('<a>', "<a'a>", '<b>', "<b'b>", "<b'a>", "<b'bb>", '<bb>', '<ab>', "<b'ab>", "<b'b'a>", '<bbb>', '<aa>', '<abb>', "<b'aa>", "<a'ab>", '<aab>', "<a'aa>", '<aaa>')
REAL = (False, True, False, True, False, False, False, False, False, False, False, False, False, False, False, False, False, False)
SLOTS = (0, 2, 3, 5, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32)
NVAR = 34
NCOEF = 63
#: outputs of observe(): (name, kind)
OBSERVABLES = (('x_a.re', 'x'), ('x_a.im', 'x'), ('n_a', 'n'), ('x_b.re', 'x'), ('x_b.im', 'x'), ('n_b', 'n'), ('E_a', 'E'), ('P_a', 'P'), ('E_b', 'E'), ('P_b', 'P'), ('R', 'derived'), ('eta', 'derived'))
#: the generator in numeric form: H = sum c[g] K, dissipators sum c[g] D(K_i, K_j)
GENERATOR_H = (((('a', 0, 1),), 2), ((('a', 0, 1), ('b', 1, 0)), 3), ((('a', 1, 0),), 2), ((('a', 1, 0), ('b', 0, 1)), 4), ((('a', 1, 1),), 5), ((('b', 1, 1),), 6), ((('b', 2, 2),), 7))
GENERATOR_D = ((8, (('a', 0, 1),), (('a', 0, 1),)), (9, (('a', 0, 1),), (('b', 0, 1),)), (9, (('b', 0, 1),), (('a', 0, 1),)), (10, (('b', 0, 1),), (('b', 0, 1),)), (11, (('a', 1, 0),), (('a', 1, 0),)), (12, (('a', 1, 0),), (('b', 1, 0),)), (12, (('b', 1, 0),), (('a', 1, 0),)), (13, (('b', 1, 0),), (('b', 1, 0),)))
OMEGA = {'a': 0, 'b': 1}
#: the linear <x> block of the first-moment equations: d<x_i>/dt = sum_j c[g] <x_j> +
#: c[f_i] + (nonlinear terms): ((i, j, g), ...) and ((i, f_i), ...) over KEPT
DRIFT = ((0, 0, 15), (0, 1, 16), (1, 0, 20), (1, 1, 21))
DRIVE = ((0, 14),)
#: coherent couplings between kept modes written c*J*exp(i*k*theta): (c, J, theta, k)
COUPLINGS = {('b', 'a'): (1.0, 'J', 'theta', -1), ('a', 'b'): (1.0, 'J', 'theta', 1)}
NMOM = 18
SLOT_A = np.array(SLOTS, dtype=np.int64)
REAL_A = np.array(REAL, dtype=np.bool_)
#: the closed equations as tables (nrqb_sym.runtime.polynomials): one row per term
EQ_COEF = np.array([14, 15, 16, 11, 17, 14, 18, 19, 16, 20, 21, 22, 13, 23, 20, 24, 12, 25, 26, 27, 28, 24, 27, 28,
    14, 26, 29, 16, 29, 30, 28, 31, 32, 25, 33, 25, 32, 34, 35, 22, 36, 24, 37, 38, 38, 32, 26,
    32, 39, 36, 32, 40, 29, 22, 14, 29, 40, 26, 22, 26, 22, 16, 41, 20, 13, 12, 14, 16, 42, 20,
    24, 38, 32, 32, 43, 37, 32, 25, 25, 16, 14, 25, 29, 44, 45, 46, 47, 48, 37, 46, 49, 50, 51,
    52, 53, 37, 25, 38, 25, 25, 32, 26, 32, 14, 32, 16, 54, 36, 43, 25, 27, 26, 26, 22, 26, 27,
    29, 51, 40, 28, 28, 29, 52, 55, 24, 12, 32, 29, 28, 29, 28, 29, 28, 22, 11, 29, 29, 29, 26,
    22, 14, 26, 22, 17, 26, 22, 19, 16, 56, 20, 32, 40, 29, 29, 40, 28, 29, 26, 26, 22, 22, 51,
    27, 52, 57, 20, 58, 51, 17, 19, 52, 59, 60, 61, 62], dtype=np.int64)
EQ_W = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], dtype=np.complex128)
EQ_OUT = np.array([0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5,
    5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 10, 10, 10, 10, 10, 10,
    10, 11, 11, 11, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 13, 13, 13, 13, 13, 13,
    13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14,
    14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
    15, 15, 15, 15, 15, 15, 16, 16, 16, 16, 16, 16, 17, 17, 17], dtype=np.int64)
EQ_PTR = np.array([0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 11, 12, 13, 13, 17, 20, 23, 25, 26, 29, 31, 32, 35,
    37, 38, 40, 41, 43, 44, 49, 52, 55, 58, 60, 61, 63, 65, 66, 67, 71, 74, 77, 79, 81, 83, 84,
    85, 89, 92, 95, 97, 98, 101, 104, 106, 108, 110, 112, 113, 114, 115, 116, 117, 118, 119,
    120, 121, 122, 127, 130, 133, 134, 137, 140, 142, 144, 145, 146, 148, 150, 151, 152, 157,
    160, 163, 165, 167, 168, 169, 170, 171, 172, 177, 180, 183, 186, 189, 191, 193, 195, 196,
    198, 199, 200, 201, 202, 207, 210, 213, 216, 219, 222, 225, 227, 228, 230, 232, 234, 236,
    237, 238, 239, 240, 245, 248, 251, 254, 257, 260, 263, 265, 266, 269, 272, 275, 277, 279,
    280, 282, 284, 285, 287, 289, 290, 291, 292, 293, 298, 301, 304, 307, 310, 313, 316, 318,
    320, 322, 324, 325, 327, 328, 329, 330, 331, 332, 333, 334, 335, 336, 337, 338, 339], dtype=np.int64)
EQ_VAR = np.array([0, 2, 0, 0, 1, 4, 4, 0, 2, 5, 3, 4, 4, 0, 2, 2, 2, 0, 2, 6, 0, 2, 3, 0, 5, 1, 2, 2, 4, 2, 9, 2,
    2, 2, 7, 2, 8, 3, 3, 4, 4, 6, 7, 2, 2, 2, 2, 2, 2, 2, 3, 3, 2, 6, 6, 2, 3, 6, 3, 5, 5, 5, 6,
    6, 10, 8, 9, 2, 2, 2, 2, 2, 2, 3, 2, 2, 6, 2, 5, 2, 10, 3, 6, 6, 7, 0, 2, 2, 2, 0, 2, 3, 0,
    2, 6, 0, 5, 2, 2, 2, 4, 2, 2, 7, 2, 8, 2, 12, 3, 7, 4, 6, 6, 7, 11, 0, 2, 3, 5, 8, 13, 14,
    0, 2, 2, 2, 2, 0, 3, 6, 2, 4, 6, 2, 2, 3, 4, 2, 6, 7, 3, 9, 4, 5, 5, 6, 6, 8, 7, 10, 9, 14,
    2, 2, 2, 2, 2, 2, 3, 6, 2, 6, 6, 3, 10, 5, 6, 10, 12, 0, 7, 11, 0, 2, 2, 2, 2, 0, 3, 6, 2,
    3, 7, 2, 4, 6, 2, 6, 7, 3, 12, 4, 10, 5, 7, 6, 6, 8, 10, 12, 15, 0, 0, 0, 2, 2, 2, 0, 3, 4,
    0, 6, 7, 2, 4, 4, 2, 6, 11, 2, 3, 11, 2, 4, 7, 3, 13, 4, 4, 8, 5, 11, 6, 15, 7, 9, 8, 13,
    16, 0, 0, 0, 2, 2, 2, 0, 3, 4, 0, 6, 7, 0, 3, 7, 0, 4, 6, 1, 2, 3, 1, 2, 6, 1, 5, 2, 2, 4,
    4, 2, 7, 7, 2, 4, 7, 3, 14, 4, 9, 4, 4, 8, 6, 14, 7, 7, 8, 7, 12, 8, 9, 14, 16, 0, 0, 2, 2,
    2, 0, 3, 7, 0, 4, 6, 2, 3, 11, 2, 4, 7, 2, 6, 11, 2, 7, 7, 3, 15, 4, 12, 5, 11, 6, 13, 7, 7,
    8, 12, 15, 17, 0, 1, 11, 13, 14, 16, 11, 15, 17], dtype=np.int64)
EQ_CONJ = np.array([False, False, False, True, False, False, True, False, False, False, False, False, True, False,
    False, True, True, False, False, True, False, True, False, False, True, False, False, True,
    False, False, False, True, True, True, False, True, False, False, False, False, False, True,
    False, False, False, False, False, True, True, False, False, False, False, False, True,
    True, False, False, False, False, False, True, False, True, False, False, True, False,
    False, False, True, False, False, False, False, True, False, False, False, True, False,
    False, False, False, False, False, False, False, True, False, False, False, False, True,
    False, False, False, False, False, False, False, False, True, False, False, False, True,
    False, False, False, False, False, False, False, False, False, False, False, False, False,
    False, False, False, False, True, True, True, False, False, True, False, False, True, True,
    True, False, False, True, True, False, False, False, False, True, True, True, True, False,
    False, True, False, True, False, False, False, False, True, False, False, False, True,
    False, False, False, False, False, False, False, False, False, False, False, False, False,
    False, False, True, False, False, False, False, False, False, False, False, False, True,
    False, False, False, False, False, False, False, False, False, False, False, False, False,
    False, False, False, False, False, True, True, False, False, False, False, True, False,
    False, False, False, False, True, False, True, False, False, True, False, False, False,
    False, False, False, False, True, False, True, False, False, False, False, False, False,
    False, False, True, False, False, True, False, False, True, False, False, True, True, False,
    False, True, False, False, False, False, False, False, True, False, False, False, False,
    False, False, True, False, False, True, True, True, False, False, False, False, True, True,
    True, False, False, True, False, False, True, True, False, False, True, False, False, False,
    False, False, False, True, False, False, False, False, False, False, False, False, False,
    False, False, False, True, False, False, True, False, False, False, False, False, False,
    False, False, False, False, False, False, False, False, False, False, False, False, False,
    False, False, False, False, False, False], dtype=np.bool_)
#: the observables' polynomials (x_m, n_m, d<m'm>/dt) as tables
OB_COEF = np.array([-1, -1, -1, -1, 11, 17, 14, 18, 19, 16, 13, 23, 20, 24], dtype=np.int64)
OB_W = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], dtype=np.complex128)
OB_OUT = np.array([0, 1, 2, 3, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5], dtype=np.int64)
OB_PTR = np.array([0, 1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 9, 10, 11, 12], dtype=np.int64)
OB_VAR = np.array([0, 1, 2, 3, 0, 0, 1, 4, 4, 3, 4, 4], dtype=np.int64)
OB_CONJ = np.array([False, False, False, False, False, True, False, False, True, False, False, True], dtype=np.bool_)


@njit(cache=True, error_model='numpy')
def coefficients(p):
    r"""The coefficient vector c of rhs/jac/observe at parameters p (PARAMETERS order):
    linear combinations of the generator's atoms a (and the frequencies)."""
    p_Delta_a = p[0]
    p_Delta_b = p[1]
    p_Delta_c = p[2]
    p_kappa_a = p[3]
    p_kappa_b = p[4]
    p_kappa_c = p[5]
    p_g_a = p[6]
    p_g_b = p[7]
    p_J = p[8]
    p_theta = p[9]
    p_chi = p[10]
    p_F = p[11]
    p_omega_a = p[12]
    p_omega_b = p[13]
    p_n_a = p[14]
    p_n_b = p[15]
    p_n_c = p[16]
    _c0 = p_kappa_c**2
    _c1 = cmath.exp(1j*p_theta)
    _c2 = _c0*_c1
    _c3 = 4*p_Delta_c**2
    _c4 = _c1*_c3
    _c5 = (1.0/(_c2 + _c4))
    _c6 = _c5*p_J
    _c7 = 4*p_Delta_c
    _c8 = p_g_a*p_g_b
    _c9 = (1.0/(_c0 + _c3))
    _c10 = _c7*_c9
    _c11 = _c9*p_J
    _c12 = _c0*_c9
    _c13 = _c3*_c9
    _c14 = p_g_a**2
    _c15 = p_g_b**2
    _c16 = _c0*p_kappa_a
    _c17 = _c3*p_kappa_a
    _c18 = 4*p_kappa_c
    _c19 = _c14*_c18
    _c20 = _c16*p_n_a + _c17*p_n_a + _c19*p_n_c
    _c21 = _c18*_c8
    _c22 = _c21*p_n_c
    _c23 = _c0*p_kappa_b
    _c24 = _c3*p_kappa_b
    _c25 = _c15*_c18
    _c26 = _c23*p_n_b + _c24*p_n_b + _c25*p_n_c
    a = np.zeros(14, dtype=np.complex128)
    a[0] = p_F
    a[1] = _c0*_c6 - _c1*_c5*_c7*_c8 + _c3*_c6
    a[2] = -_c10*_c8 + _c11*_c2 + _c11*_c4
    a[3] = -_c10*_c14 + _c12*p_Delta_a + _c13*p_Delta_a
    a[4] = -_c10*_c15 + _c12*p_Delta_b + _c13*p_Delta_b
    a[5] = p_chi
    a[6] = _c9*(_c16 + _c17 + _c19 + _c20)
    a[7] = _c9*(_c21 + _c22)
    a[8] = _c9*(_c23 + _c24 + _c25 + _c26)
    a[9] = _c20*_c9
    a[10] = _c22*_c9
    a[11] = _c26*_c9
    a[12] = p_omega_a
    a[13] = p_omega_b
    c = np.zeros(63, dtype=np.complex128)
    c[0] = a[12]
    c[1] = a[13]
    c[2] = a[0]
    c[3] = a[1]
    c[4] = a[2]
    c[5] = a[3]
    c[6] = a[4]
    c[7] = a[5]
    c[8] = a[6]
    c[9] = a[7]
    c[10] = a[8]
    c[11] = a[9]
    c[12] = a[10]
    c[13] = a[11]
    c[14] = -1.0j*a[0]
    c[15] = -1.0j*a[3] + -0.5*a[6] + 0.5*a[9]
    c[16] = -1.0j*a[2] + -0.5*a[7] + 0.5*a[10]
    c[17] = 1.0j*a[0]
    c[18] = -1.0*a[6] + a[9]
    c[19] = 1.0j*a[1] + -0.5*a[7] + 0.5*a[10]
    c[20] = -1.0j*a[1] + -0.5*a[7] + 0.5*a[10]
    c[21] = -1.0j*a[4] + -0.5*a[8] + 0.5*a[11]
    c[22] = -2.0j*a[5]
    c[23] = -1.0*a[8] + a[11]
    c[24] = 1.0j*a[2] + -0.5*a[7] + 0.5*a[10]
    c[25] = 12.0j*a[5]
    c[26] = -4.0j*a[5]
    c[27] = -8.0j*a[5]
    c[28] = 2.0j*a[5]
    c[29] = 4.0j*a[5]
    c[30] = -1.0j*a[3] + 1.0j*a[4] + -0.5*a[6] + -0.5*a[8] + 0.5*a[9] + 0.5*a[11]
    c[31] = 2.0*a[11]
    c[32] = -12.0j*a[5]
    c[33] = 6.0j*a[5]
    c[34] = -1.0j*a[4] + -2.0j*a[5] + -1.5*a[8] + 1.5*a[11]
    c[35] = -6.0j*a[5]
    c[36] = -2.0j*a[1] + -1.0*a[7] + a[10]
    c[37] = -24.0j*a[5]
    c[38] = 24.0j*a[5]
    c[39] = -2.0j*a[4] + -2.0j*a[5] + -1.0*a[8] + a[11]
    c[40] = 8.0j*a[5]
    c[41] = -1.0j*a[3] + -1.0j*a[4] + -0.5*a[6] + -0.5*a[8] + 0.5*a[9] + 0.5*a[11]
    c[42] = -1.0j*a[3] + -0.5*a[6] + -1.0*a[8] + 0.5*a[9] + a[11]
    c[43] = 2.0*a[10]
    c[44] = -1.0j*a[3] + 2.0j*a[4] + 2.0j*a[5] + -0.5*a[6] + -1.0*a[8] + 0.5*a[9] + a[11]
    c[45] = 2.0j*a[2] + -1.0*a[7] + a[10]
    c[46] = -36.0j*a[5]
    c[47] = 72.0j*a[5]
    c[48] = 18.0j*a[5]
    c[49] = -3.0j*a[4] + -6.0j*a[5] + -1.5*a[8] + 1.5*a[11]
    c[50] = -3.0j*a[1] + -1.5*a[7] + 1.5*a[10]
    c[51] = -2.0j*a[0]
    c[52] = -2.0j*a[2] + -1.0*a[7] + a[10]
    c[53] = -2.0j*a[3] + -1.0*a[6] + a[9]
    c[54] = -1.0j*a[3] + -2.0j*a[4] + -2.0j*a[5] + -0.5*a[6] + -1.0*a[8] + 0.5*a[9] + a[11]
    c[55] = -2.0j*a[3] + 1.0j*a[4] + -1.0*a[6] + -0.5*a[8] + a[9] + 0.5*a[11]
    c[56] = -1.0j*a[4] + -1.0*a[6] + -0.5*a[8] + a[9] + 0.5*a[11]
    c[57] = -2.0j*a[3] + -1.0j*a[4] + -1.0*a[6] + -0.5*a[8] + a[9] + 0.5*a[11]
    c[58] = 2.0*a[9]
    c[59] = -1.0j*a[3] + -1.5*a[6] + 1.5*a[9]
    c[60] = -3.0j*a[0]
    c[61] = -3.0j*a[2] + -1.5*a[7] + 1.5*a[10]
    c[62] = -3.0j*a[3] + -1.5*a[6] + 1.5*a[9]
    return c


@njit(cache=True, error_model='numpy')
def rhs(y, c, dy):
    r"""The closed moment equations at order 3: dy/dt from the state y (SLOTS)
    and the coefficients c = coefficients(p), from the tables EQ_* (one term per row)."""
    z = np.empty(NMOM, dtype=np.complex128)
    _pn.load(y, SLOT_A, REAL_A, z)
    acc = np.zeros(NMOM, dtype=np.complex128)
    _pn.evaluate(z, c, EQ_COEF, EQ_W, EQ_OUT, EQ_PTR, EQ_VAR, EQ_CONJ, acc)
    _pn.store(acc, SLOT_A, REAL_A, dy)


@njit(cache=True, error_model='numpy')
def jac(y, c, J):
    r"""The Jacobian d rhs_i / d y_j of the closed equations (real slots)."""
    z = np.empty(NMOM, dtype=np.complex128)
    _pn.load(y, SLOT_A, REAL_A, z)
    _pn.jacobian(z, c, EQ_COEF, EQ_W, EQ_OUT, EQ_PTR, EQ_VAR, EQ_CONJ, SLOT_A, REAL_A, J)


@njit(cache=True, error_model='numpy')
def observe(y, c, out):
    r"""The observables OBSERVABLES of a state y (see observable_layout); OB_* tables."""
    z = np.empty(NMOM, dtype=np.complex128)
    _pn.load(y, SLOT_A, REAL_A, z)
    v = np.zeros(6, dtype=np.complex128)
    _pn.evaluate(z, c, OB_COEF, OB_W, OB_OUT, OB_PTR, OB_VAR, OB_CONJ, v)
    x = v[0]
    n_a = v[1].real
    out[0] = x.real
    out[1] = x.imag
    out[2] = n_a
    x = v[2]
    n_b = v[3].real
    out[3] = x.real
    out[4] = x.imag
    out[5] = n_b
    E_a = c[0].real*n_a
    P_a = c[0].real*v[4].real
    out[6] = E_a
    out[7] = P_a
    E_b = c[1].real*n_b
    P_b = c[1].real*v[5].real
    out[8] = E_b
    out[9] = P_b
    out[10] = E_b*_nm.safe_inverse(E_a)  # R
    out[11] = E_b*_nm.safe_inverse(E_a + E_b)  # eta


@numba.njit(cache=True)
def _workspace(n):
    """Scratch of one integration, O(n): stages, states and dense-output coefficients.

    Args:
        n: Dimension of the state.

    Returns:
        ``(K, w, rc)``: ``K`` float64[7, n] the stages (``K[0] = f(y)``), ``w`` float64[3, n]
        (``w[0]`` the state, ``w[1]`` the trial state, ``w[2]`` stage/evaluation scratch) and
        ``rc`` float64[5, n] the dense-output coefficients of the last accepted step.
    """
    return np.empty((7, n)), np.empty((3, n)), np.empty((5, n))


@numba.njit(cache=True)
def _absmax(v):
    """Largest ``|v_i|`` (0 for an empty vector), ``inf`` if any entry is ``nan``.

    Args:
        v: float64[n].

    Returns:
        float, so ``_absmax(v) < inf`` tests finiteness.
    """
    m = 0.0
    for i in range(v.shape[0]):
        a = abs(v[i])
        if a != a:
            return np.inf
        if a > m:
            m = a
    return m


@numba.njit(cache=True)
def _dp5_step(c, h, K, w, rtol, atol):
    """One trial step of the Dormand-Prince 5(4) pair (Hairer-Norsett-Wanner I, II.5, Table 5.2).

    Takes the state ``w[0]`` and its slope ``K[0]``, writes the stages ``K[1..6]`` (``K[6] =
    f(y_new)``, the first stage of the next step: FSAL), the order-5 state ``y_new`` to ``w[1]``
    and uses ``w[2]`` as scratch.

    Args:
        c: complex128[m] coefficients, passed to ``rhs``.
        h: Step size (> 0).
        K: float64[7, n] stages.
        w: float64[3, n] states.
        rtol: Relative tolerance.
        atol: Absolute tolerance.

    Returns:
        The error norm: the RMS over ``i`` of the order-5 minus order-4 difference divided by
        ``atol + rtol * max(|y_i|, |y_new_i|)``; ``nan``/``inf`` if anything was non-finite.
    """
    n = K.shape[1]
    y = w[0]
    yn = w[1]
    yt = w[2]
    for i in range(n):
        yt[i] = y[i] + h * (0.2 * K[0, i])
    rhs(yt, c, K[1])
    for i in range(n):
        yt[i] = y[i] + h * (3.0 / 40.0 * K[0, i] + 9.0 / 40.0 * K[1, i])
    rhs(yt, c, K[2])
    for i in range(n):
        yt[i] = y[i] + h * (44.0 / 45.0 * K[0, i] - 56.0 / 15.0 * K[1, i] + 32.0 / 9.0 * K[2, i])
    rhs(yt, c, K[3])
    for i in range(n):
        yt[i] = y[i] + h * (
            19372.0 / 6561.0 * K[0, i]
            - 25360.0 / 2187.0 * K[1, i]
            + 64448.0 / 6561.0 * K[2, i]
            - 212.0 / 729.0 * K[3, i]
        )
    rhs(yt, c, K[4])
    for i in range(n):
        yt[i] = y[i] + h * (
            9017.0 / 3168.0 * K[0, i]
            - 355.0 / 33.0 * K[1, i]
            + 46732.0 / 5247.0 * K[2, i]
            + 49.0 / 176.0 * K[3, i]
            - 5103.0 / 18656.0 * K[4, i]
        )
    rhs(yt, c, K[5])
    for i in range(n):
        yn[i] = y[i] + h * (
            35.0 / 384.0 * K[0, i]
            + 500.0 / 1113.0 * K[2, i]
            + 125.0 / 192.0 * K[3, i]
            - 2187.0 / 6784.0 * K[4, i]
            + 11.0 / 84.0 * K[5, i]
        )
    rhs(yn, c, K[6])
    s = 0.0
    for i in range(n):
        e = h * (
            71.0 / 57600.0 * K[0, i]
            - 71.0 / 16695.0 * K[2, i]
            + 71.0 / 1920.0 * K[3, i]
            - 17253.0 / 339200.0 * K[4, i]
            + 22.0 / 525.0 * K[5, i]
            - 1.0 / 40.0 * K[6, i]
        )
        sk = atol + rtol * max(abs(y[i]), abs(yn[i]))
        if sk > 0.0:
            q = e / sk
        elif e == 0.0:
            q = 0.0
        else:
            q = np.inf
        s += q * q
    return math.sqrt(s / max(n, 1))


@numba.njit(cache=True)
def _dense_coeffs(h, K, w, rc):
    """Coefficients of the continuous extension of an accepted step (HNW I, II.6; DOPRI5 ``contd5``).

    Must be called before ``w[0]`` is overwritten by ``w[1]``.

    Args:
        h: The step size.
        K: float64[7, n] the step's stages (``K[6] = f(y_new)``).
        w: float64[3, n], ``w[0]`` the state at the start, ``w[1]`` at the end of the step.
        rc: float64[5, n] output.
    """
    y = w[0]
    yn = w[1]
    for i in range(K.shape[1]):
        ydiff = yn[i] - y[i]
        bspl = h * K[0, i] - ydiff
        rc[0, i] = y[i]
        rc[1, i] = ydiff
        rc[2, i] = bspl
        rc[3, i] = ydiff - h * K[6, i] - bspl
        rc[4, i] = h * (
            -12715105075.0 / 11282082432.0 * K[0, i]
            + 87487479700.0 / 32700410799.0 * K[2, i]
            - 10690763975.0 / 1880347072.0 * K[3, i]
            + 701980252875.0 / 199316789632.0 * K[4, i]
            - 1453857185.0 / 822651844.0 * K[5, i]
            + 69997945.0 / 29380423.0 * K[6, i]
        )


@numba.njit(cache=True)
def _dense(rc, theta, out):
    """Evaluate the 4th-order continuous extension at ``t_old + theta * h``.

    Args:
        rc: float64[5, n] coefficients from :func:`_dense_coeffs`.
        theta: Fraction of the step, in ``[0, 1]``.
        out: float64[n] output.
    """
    th1 = 1.0 - theta
    for i in range(rc.shape[1]):
        out[i] = rc[0, i] + theta * (
            rc[1, i] + th1 * (rc[2, i] + theta * (rc[3, i] + th1 * rc[4, i]))
        )


@numba.njit(cache=True)
def _controller(err, h, facold, rejected):
    """PI step-size controller of DOPRI5 (HNW I, II.4; Lund stabilisation, beta = 0.04).

    Args:
        err: Error norm of the trial step (finite, >= 0).
        h: Its step size.
        facold: Error norm of the last accepted step (>= 1e-4).
        rejected: Whether the previous trial of this step was rejected (then no growth).

    Returns:
        ``(accept, h_new, facold_new)``; ``0.2 <= h_new / h <= 10`` (safety factor 0.9).
    """
    fac11 = err**0.17  # exponent 1/5 - 0.75 * beta
    if err <= 1.0:
        fac = max(0.1, min(5.0, fac11 / facold**0.04 / 0.9))
        hnew = h / fac
        if rejected:
            hnew = min(hnew, h)
        return True, hnew, max(err, 1e-4)
    return False, h / min(5.0, fac11 / 0.9), facold


@numba.njit(cache=True)
def _hinit(c, hmax, rtol, atol, K, w):
    """Initial step size by the DOPRI5 heuristic ``hinit`` (HNW I, II.4, "Starting step size").

    Args:
        c: complex128[m] coefficients.
        hmax: Length of the integration interval (> 0).
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        K: float64[7, n], ``K[0] = f(y0)``; ``K[1]`` is used as scratch.
        w: float64[3, n], ``w[0] = y0``; ``w[2]`` is used as scratch.

    Returns:
        The first trial step size, in ``(0, hmax]``.
    """
    n = K.shape[1]
    y = w[0]
    dnf = 0.0
    dny = 0.0
    for i in range(n):
        sk = atol + rtol * abs(y[i])
        if sk > 0.0:
            dnf += (K[0, i] / sk) ** 2
            dny += (y[i] / sk) ** 2
    if dnf <= 1e-10 or dny <= 1e-10:
        h = 1e-6
    else:
        h = 0.01 * math.sqrt(dny / dnf)
    h = min(h, hmax)
    for i in range(n):
        w[2, i] = y[i] + h * K[0, i]
    rhs(w[2], c, K[1])
    der2 = 0.0
    for i in range(n):
        sk = atol + rtol * abs(y[i])
        if sk > 0.0:
            der2 += ((K[1, i] - K[0, i]) / sk) ** 2
    der12 = max(math.sqrt(der2) / h, math.sqrt(dnf))
    if der12 > 1e-15:
        h1 = (0.01 / der12) ** 0.2
    else:  # also nan
        h1 = max(1e-6, h * 1e-3)
    return min(100.0 * h, h1, hmax)


@numba.njit(cache=True)
def _start(y0, c, t0, tend, rtol, atol, bound, K, w):
    """Load the initial state and its slope; check them; choose the first step.

    Args:
        y0: float64[n] initial state.
        c: complex128[m] coefficients.
        t0: Initial time.
        tend: Final time.
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        bound: Largest allowed ``|y_i|``.
        K: float64[7, n] stages (``K[0] = f(y0)`` on return).
        w: float64[3, n] states (``w[0] = y0`` on return).

    Returns:
        ``(ok, h)``: ``ok`` False when ``y0`` or ``f(y0)`` is non-finite or ``|y0|`` exceeds
        ``bound``; ``h`` the first trial step (0 when ``tend <= t0``).
    """
    for i in range(y0.shape[0]):
        w[0, i] = y0[i]
    if not _absmax(w[0]) <= bound:
        return False, 0.0
    rhs(w[0], c, K[0])
    if not _absmax(K[0]) < np.inf:
        return False, 0.0
    if not tend > t0:
        return True, 0.0
    return True, _hinit(c, tend - t0, rtol, atol, K, w)


@numba.njit(cache=True)
def _crossing(rc, bound, tmp):
    """Fraction of an accepted step where the dense output first leaves ``|y_i| <= bound``.

    Bisection (60 halvings) between ``theta = 0`` (inside) and ``theta = 1`` (outside).

    Args:
        rc: float64[5, n] dense-output coefficients of the step.
        bound: The bound.
        tmp: float64[n] scratch.

    Returns:
        The largest ``theta`` found inside the bound.
    """
    lo = 0.0
    hi = 1.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        _dense(rc, mid, tmp)
        if _absmax(tmp) <= bound:
            lo = mid
        else:
            hi = mid
    return lo


@numba.njit(cache=True)
def _advance(c, t, h, facold, tend, rtol, atol, bound, nsteps, max_steps, K, w, rc):
    """One accepted DP5 step from ``(t, w[0])``, retrying with smaller steps after rejections.

    Shortens the step only to end exactly at ``tend`` (when ``t + 1.01 h >= tend``).  A trial
    step with a non-finite error, state or slope is rejected with ``h <- 0.2 h``.  On acceptance
    the dense-output coefficients are stored in ``rc`` and, unless the bound is crossed, the
    state advanced (``w[0] = y_new``, ``K[0] = f(y_new)``).

    Args:
        c: complex128[m] coefficients.
        t: Current time.
        h: Proposed step size.
        facold: Error norm of the last accepted step (controller memory).
        tend: Final time (> t).
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        bound: Largest allowed ``|y_i|``.
        nsteps: Trial steps taken so far.
        max_steps: Largest allowed number of trial steps.
        K: float64[7, n] stages.
        w: float64[3, n] states.
        rc: float64[5, n] dense-output coefficients (output).

    Returns:
        ``(status, t_old, h_used, t_valid, h_next, facold, nsteps)``: the dense output in
        ``rc`` is valid on ``[t_old, t_valid]`` with ``theta = (t - t_old) / h_used``; on
        success ``t_valid`` is the new time (exactly ``tend`` on the last step); on status 2 by
        the bound it is the crossing time; on other failures ``t_valid = t_old = t``.
    """
    hmin = 1e-14 * max(abs(t), abs(tend)) + 1e-300
    rejected = False
    bad = False
    while True:
        if nsteps >= max_steps:
            return 1, t, h, t, h, facold, nsteps
        if h < hmin:
            return (2 if bad else 1), t, h, t, h, facold, nsteps
        last = t + 1.01 * h >= tend
        if last:
            h = tend - t
        nsteps += 1
        err = _dp5_step(c, h, K, w, rtol, atol)
        if not (err < np.inf and _absmax(w[1]) < np.inf and _absmax(K[6]) < np.inf):
            bad = True
            rejected = True
            h *= 0.2
            continue
        bad = False
        accept, hnew, fo = _controller(err, h, facold, rejected)
        if not accept:
            rejected = True
            h = hnew
            continue
        _dense_coeffs(h, K, w, rc)
        if not _absmax(w[1]) <= bound:
            tc = t + _crossing(rc, bound, w[2]) * h
            return 2, t, h, tc, hnew, fo, nsteps
        for i in range(K.shape[1]):
            w[0, i] = w[1, i]
            K[0, i] = K[6, i]
        return 0, t, h, (tend if last else t + h), hnew, fo, nsteps


@numba.njit(cache=True)
def _trace_rows(rc, told, hused, tvalid, times, k, out):
    """Write ``out[k] = y(times[k])`` from the dense output for every ``times[k] <= tvalid``.

    Args:
        rc: float64[5, n] dense-output coefficients of the step.
        told: Start of the step.
        hused: Its size.
        tvalid: Last time the dense output is valid for.
        times: float64[T] output times.
        k: First output not yet written.
        out: float64[T, n] output.

    Returns:
        The first output not yet written.
    """
    while k < times.shape[0] and times[k] <= tvalid:
        _dense(rc, (times[k] - told) / hused, out[k])
        k += 1
    return k


@numba.njit(cache=True)
def dp5_trace(y0, c, times, rtol, atol, max_steps, bound, out):
    """Integrate ``y' = rhs(y)`` by Dormand-Prince 5(4) with dense output (HNW I, II.4-II.6).

    Adaptive steps (PI control, DOPRI5 initial step) from ``times[0]`` to ``times[-1]``; the
    state at each output time comes from the 4th-order continuous extension, steps are not
    shortened to hit output times.

    Args:
        y0: float64[n] state at ``times[0]``.
        c: complex128[m] coefficients.
        times: float64[T] non-decreasing output times, ``T >= 1``.
        rtol: Relative tolerance.
        atol: Absolute tolerance (> 0 unless no component passes through 0).
        max_steps: Largest number of trial steps (accepted plus rejected).
        bound: Largest allowed ``|y_i|`` (``np.inf`` for none).
        out: float64[T, n] output, ``out[k] = y(times[k])``.

    Returns:
        ``(status, k, t_fail, nsteps)``: on success ``(0, T, times[-1], nsteps)``; on failure
        (status 1 or 2, module docstring) ``k`` is the first row not written (rows ``k:`` are
        ``nan``) and ``t_fail`` the time reached: for the bound, the time the dense output
        crosses it.  ``nsteps`` counts trial steps (accepted plus rejected).
    """
    T = times.shape[0]
    if T == 0:
        return 0, 0, np.nan, 0
    K, w, rc = _workspace(y0.shape[0])
    t = times[0]
    tend = times[T - 1]
    ok, h = _start(y0, c, t, tend, rtol, atol, bound, K, w)
    if not ok:
        out[:, :] = np.nan
        return 2, 0, t, 0
    k = 0
    while k < T and times[k] <= t:
        out[k, :] = w[0]
        k += 1
    facold = 1e-4
    nsteps = 0
    while k < T and t < tend:
        status, told, hused, tv, h, facold, nsteps = _advance(
            c, t, h, facold, tend, rtol, atol, bound, nsteps, max_steps, K, w, rc
        )
        k = _trace_rows(rc, told, hused, tv, times, k, out)
        if status != 0:
            out[k:, :] = np.nan
            return status, k, tv, nsteps
        t = tv
    if k < T:  # times not ordered or not finite
        out[k:, :] = np.nan
        return 1, k, t, nsteps
    return 0, T, tend, nsteps


@numba.njit(cache=True)
def _norm2(v):
    """Euclidean norm of a float64 vector."""
    s = 0.0
    for i in range(v.shape[0]):
        s += v[i] * v[i]
    return math.sqrt(s)


@numba.njit(cache=True)
def _newton_step(c, y, f, J):
    """Newton direction ``-J^{-1} f`` at ``y`` (LAPACK ``gesv`` through ``np.linalg.solve``).

    Args:
        c: complex128[m] coefficients.
        y: float64[n] the iterate.
        f: float64[n] ``rhs(y)``.
        J: float64[n, n] scratch for ``jac(y)``.

    Returns:
        ``(ok, dx)``: ``ok`` False when the Jacobian or the direction is non-finite or the
        Jacobian is singular to working precision.
    """
    jac(y, c, J)
    dx = np.zeros_like(f)
    for i in range(J.shape[0]):
        if not _absmax(J[i]) < np.inf:
            return False, dx
    try:
        dx = np.linalg.solve(J, -f)
    except Exception:
        return False, dx
    return _absmax(dx) < np.inf, dx


@numba.njit(cache=True)
def newton(y0, c, tol, maxiter, out):
    """Steady state ``rhs(y) = 0`` by damped Newton iteration with backtracking.

    Each iteration solves ``J dx = -f`` and takes the first of ``y + dx, y + dx/2, ...`` (up to
    30 halvings) with ``||f||_2 <= (1 - 1e-4 lam) ||f(y)||_2`` (Armijo).  Converged when
    ``||f||_inf <= tol (1 + ||y||_inf)`` at a point whose Jacobian is regular, so status 0 means
    an isolated steady state.

    Args:
        y0: float64[n] starting point.
        c: complex128[m] coefficients.
        tol: Tolerance of the residual test.
        maxiter: Largest number of Newton steps.
        out: float64[n] output: the last iterate.

    Returns:
        ``(status, iterations, residual)``: status 0 converged, 1 not converged in ``maxiter``
        steps or the line search failed, 2 singular or non-finite Jacobian or non-finite
        residual; ``iterations`` the Newton steps taken; ``residual`` ``||rhs(out)||_inf``.
    """
    n = y0.shape[0]
    f = np.empty(n)
    ft = np.empty(n)
    yt = np.empty(n)
    J = np.empty((n, n))
    for i in range(n):
        out[i] = y0[i]
    rhs(out, c, f)
    for it in range(maxiter + 1):
        res = _absmax(f)
        if not res < np.inf:
            return 2, it, res
        ok, dx = _newton_step(c, out, f, J)
        if not ok:
            return 2, it, res
        if res <= tol * (1.0 + _absmax(out)):
            return 0, it, res
        if it == maxiter:
            return 1, it, res
        r0 = _norm2(f)
        lam = 1.0
        found = False
        for _ in range(31):
            for i in range(n):
                yt[i] = out[i] + lam * dx[i]
            rhs(yt, c, ft)
            if _norm2(ft) <= (1.0 - 1e-4 * lam) * r0:
                found = True
                break
            lam *= 0.5
        if not found:
            return 1, it, res
        for i in range(n):
            out[i] = yt[i]
            f[i] = ft[i]
    return 1, maxiter, _absmax(f)  # not reached


@numba.njit(cache=True)
def _sweep_init(mode, o, acc):
    """Reset the outputs and accumulators of one grid point (see :func:`dp5_sweep`).

    Args:
        mode: Reduction mode 0-5.
        o: float64[s, L] the point's outputs.
        acc: float64[2, s] accumulators (argmax: best value; mean: sum and count).
    """
    for j in range(o.shape[0]):
        if mode == 2:
            o[j, 0] = -1.0
            acc[0, j] = np.nan
        elif mode == 5:
            acc[0, j] = 0.0
            acc[1, j] = 0.0
        elif mode != 0:
            o[j, 0] = np.nan


@numba.njit(cache=True)
def _sweep_sample(k, y, c, sel, mode, o, acc, obs):
    """Evaluate the observables of the state ``y`` at output ``k`` and reduce them.

    Args:
        k: Output-time index.
        y: float64[n] the state at ``times[k]``.
        c: complex128[m] coefficients.
        sel: int64[s] selected observables.
        mode: Reduction mode 0-5.
        o: float64[s, L] the point's outputs.
        acc: float64[2, s] accumulators.
        obs: float64[nobs] scratch for ``observe``.
    """
    observe(y, c, obs)
    for j in range(sel.shape[0]):
        v = obs[sel[j]]
        if mode == 0:
            o[j, k] = v
        elif mode == 4:
            o[j, 0] = v
        elif v == v:  # the nan-skipping reductions
            if mode == 1:
                if not o[j, 0] >= v:
                    o[j, 0] = v
            elif mode == 2:
                if not acc[0, j] >= v:
                    acc[0, j] = v
                    o[j, 0] = float(k)
            elif mode == 3:
                if not o[j, 0] <= v:
                    o[j, 0] = v
            else:
                acc[0, j] += v
                acc[1, j] += 1.0


@numba.njit(cache=True)
def _sweep_rows(rc, told, hused, tvalid, times, k, c, sel, mode, o, acc, obs, tmp):
    """Sample every output time ``times[k] <= tvalid`` from the dense output of a step.

    Args:
        rc: float64[5, n] dense-output coefficients of the step.
        told: Start of the step.
        hused: Its size.
        tvalid: Last time the dense output is valid for.
        times: float64[T] output times.
        k: First output not yet sampled.
        c: complex128[m] coefficients.
        sel: int64[s] selected observables.
        mode: Reduction mode 0-5.
        o: float64[s, L] the point's outputs.
        acc: float64[2, s] accumulators.
        obs: float64[nobs] scratch for ``observe``.
        tmp: float64[n] scratch for the state.

    Returns:
        The first output not yet sampled.
    """
    while k < times.shape[0] and times[k] <= tvalid:
        _dense(rc, (times[k] - told) / hused, tmp)
        _sweep_sample(k, tmp, c, sel, mode, o, acc, obs)
        k += 1
    return k


@numba.njit(cache=True)
def _sweep_fail(k, mode, o):
    """Mark a failed point: ``nan`` from output ``k`` on (mode 0), else all ``nan``."""
    if mode == 0:
        o[:, k:] = np.nan
    else:
        o[:, :] = np.nan


@numba.njit(cache=True)
def _sweep_point(y0, c, times, rtol, atol, max_steps, bound, sel, mode, o, nobs):
    """Integrate one grid point as :func:`dp5_trace` does, reducing observables on the fly.

    Args:
        y0: float64[n] initial state.
        c: complex128[m] the point's coefficients.
        times: float64[T] output times.
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        max_steps: Largest number of trial steps.
        bound: Largest allowed ``|y_i|``.
        sel: int64[s] selected observables.
        mode: Reduction mode 0-5.
        o: float64[s, L] the point's outputs (``L = T`` for mode 0, else 1).
        nobs: Length of ``observe``'s output.

    Returns:
        The status (0, 1 or 2).
    """
    T = times.shape[0]
    K, w, rc = _workspace(y0.shape[0])
    obs = np.empty(nobs)
    acc = np.empty((2, sel.shape[0]))
    _sweep_init(mode, o, acc)
    t = times[0]
    tend = times[T - 1]
    ok, h = _start(y0, c, t, tend, rtol, atol, bound, K, w)
    if not ok:
        _sweep_fail(0, mode, o)
        return 2
    k = 0
    while k < T and times[k] <= t:
        _sweep_sample(k, w[0], c, sel, mode, o, acc, obs)
        k += 1
    facold = 1e-4
    nsteps = 0
    while k < T and t < tend:
        status, told, hused, tv, h, facold, nsteps = _advance(
            c, t, h, facold, tend, rtol, atol, bound, nsteps, max_steps, K, w, rc
        )
        k = _sweep_rows(rc, told, hused, tv, times, k, c, sel, mode, o, acc, obs, w[2])
        if status != 0:
            _sweep_fail(k, mode, o)
            return status
        t = tv
    if k < T:
        _sweep_fail(k, mode, o)
        return 1
    if mode == 5:
        for j in range(sel.shape[0]):
            o[j, 0] = acc[0, j] / acc[1, j] if acc[1, j] > 0.0 else np.nan
    return 0


@numba.njit(cache=True, parallel=True)
def dp5_sweep(y0, C, times, rtol, atol, max_steps, bound, sel, mode, out, status, nobs):
    """Selected observables over a grid of coefficient rows, one DP5 integration per row.

    Every grid point ``p`` (``numba.prange``) integrates ``y' = rhs(y, C[p])`` from ``y0`` as
    :func:`dp5_trace` does (same steps, same dense output), evaluates ``observe`` at each output
    time and keeps ``observe(...)[sel]``, per time or reduced on the fly (O(n + nobs + s) scratch
    per point, no ``[T, n]`` array).  Modes: 0 every time, ``out[p, j, k]``; 1 ``max``, 2
    ``argmax`` (index of the first largest sample as a float, -1 if all are ``nan``), 3 ``min``,
    4 ``last`` (the last sample), 5 ``mean``, ``out[p, j]``.  ``max``, ``min``, ``mean`` skip
    ``nan`` samples and give ``nan`` when all are ``nan`` (like ``numpy.nanmax`` etc.).  A failed
    point gets ``nan`` (mode 0: from the first time not reached on).

    Args:
        y0: float64[n] initial state at ``times[0]`` (the same for every point).
        C: complex128[P, m] one coefficient row per grid point.
        times: float64[T] non-decreasing output times, ``T >= 1``.
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        max_steps: Largest number of trial steps per point.
        bound: Largest allowed ``|y_i|``.
        sel: int64[s] indices into ``observe``'s output, each in ``[0, nobs)``.
        mode: 0-5 as above.
        out: float64[P, s, T] (mode 0) or float64[P, s] (modes 1-5), C-contiguous; output.
        status: int64[P] output: 0, 1 or 2 per point, as the status of :func:`dp5_trace`.
        nobs: Length of ``observe``'s output (``observe`` writes all of it).

    Raises:
        ValueError: For a bad mode, ``T == 0``, mismatched shapes or ``sel`` out of range.
    """
    P = C.shape[0]
    s = sel.shape[0]
    T = times.shape[0]
    if mode < 0 or mode > 5:
        raise ValueError("dp5_sweep: mode must be 0-5")
    if T == 0:
        raise ValueError("dp5_sweep: no output times")
    L = T if mode == 0 else 1
    if out.size != P * s * L or status.shape[0] != P:
        raise ValueError("dp5_sweep: out or status has the wrong shape")
    for j in range(s):
        if sel[j] < 0 or sel[j] >= nobs:
            raise ValueError("dp5_sweep: sel out of range")
    o3 = out.reshape((P, s, L))
    for p in numba.prange(P):
        status[p] = _sweep_point(
            y0, C[p], times, rtol, atol, max_steps, bound, sel, mode, o3[p], nobs
        )
