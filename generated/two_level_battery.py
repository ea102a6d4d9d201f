# GENERATED FILE - DO NOT EDIT.
# Contents: Numba kernels of the model 'two_level_battery' (cumulant expansion, order 2).
# Produced by nrqb_sym.codegen from the model file two_level_battery.toml (model 'two_level_battery')
# through the pipeline spec -> quadratic form -> reduction -> cumulant moments ->
# closure -> kernels.
# Model+pipeline hash: sha256:cb03c5ae1275a4ba81e59358f8bec841b68acf16b4aeb11c7ce705268c11adb3
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Kernels of the model 'two_level_battery': closed moment equations at order 2
(8 moments, 14 real variables; see nrqb_sym.codegen.cumulant_kernels)."""

import cmath
import math

import numba
import numpy as np
from numba import njit

from nrqb_sym.runtime import numerics as _nm
from nrqb_sym.runtime import polynomials as _pn

KIND = "cumulant"
MODEL = 'two_level_battery'
DESCRIPTION = "a two-level battery charged by a driven cavity through the paper's one-way link (cumulant expansion, order 2)"
DIGEST = 'cb03c5ae1275a4ba81e59358f8bec841b68acf16b4aeb11c7ce705268c11adb3'
ORDER = 2
PARAMETERS = ('Delta_a', 'Delta_b', 'Delta_c', 'kappa_a', 'kappa_b', 'kappa_c', 'g_a', 'g_b', 'J', 'theta', 'F', 'omega_a', 'omega_b', 'n_a', 'n_b', 'n_c')
KINDS = {'Delta_a': 'real', 'Delta_b': 'real', 'Delta_c': 'real', 'kappa_a': 'positive', 'kappa_b': 'positive', 'kappa_c': 'positive', 'g_a': 'positive', 'g_b': 'positive', 'J': 'nonnegative', 'theta': 'real', 'F': 'real', 'omega_a': 'positive', 'omega_b': 'positive', 'n_a': 'nonnegative', 'n_b': 'nonnegative', 'n_c': 'nonnegative'}
DEFAULTS = {'Delta_a': 0.0, 'Delta_b': 0.0, 'Delta_c': 0.0, 'kappa_a': 0.05, 'kappa_b': 0.05, 'kappa_c': 100.0, 'g_a': 5.0, 'g_b': 5.0, 'J': 0.5, 'theta': 1.5707963267948966, 'F': 0.5, 'omega_a': 1.0, 'omega_b': 1.0, 'n_a': 0.0, 'n_b': 0.0, 'n_c': 0.0}
LATEX = {'Delta_a': '\\Delta_a', 'Delta_b': '\\Delta_b', 'Delta_c': '\\Delta_c', 'kappa_a': '\\kappa_a', 'kappa_b': '\\kappa_b', 'kappa_c': '\\kappa_c', 'g_a': 'g_a', 'g_b': 'g_b', 'J': 'J', 'theta': '\\theta', 'F': 'F', 'omega_a': '\\omega_a', 'omega_b': '\\omega_b', 'n_a': 'n_a', 'n_b': 'n_b', 'n_c': 'n_c'}
MODES = ('a', 'b', 'c')
KEPT = ('a', 'b')
ELIMINATED = ('c',)
TWO_LEVEL = ('b',)
ENERGY_MODES = ('a', 'b')
DERIVED = {'R': ('E_b/E_a', 'R = E_B/E_A'), 'eta': ('E_b/(E_a + E_b)', '\\eta = E_B/(E_A + E_B)')}
PRESETS = {'nonreciprocal': {'description': 'fully nonreciprocal: b does not act back on a (J, theta from the derived condition)', 'values': {}, 'nonreciprocal': (('a', 'b'),)}}
#: the moments <K> (normal-ordered monomials ((mode, n_dagger, n), ...)) and their
#: first slot in the real state vector; REAL: one slot, else real and imaginary parts
MOMENTS = ((('a', 0, 1),), (('a', 1, 1),), (('b', 0, 1),), (('b', 1, 1),), (('a', 0, 1), ('b', 1, 0)), (('a', 0, 1), ('b', 1, 1)), (('a', 0, 2),), (('a', 0, 1), ('b', 0, 1)))
MOMENT_NAMES = ('<a>', "<a'a>", '<b>', "<b'b>", "<b'a>", "<b'ab>", '<aa>', '<ab>')
REAL = (False, True, False, True, False, False, False, False)
SLOTS = (0, 2, 3, 5, 6, 8, 10, 12)
NVAR = 14
NCOEF = 36
#: outputs of observe(): (name, kind)
OBSERVABLES = (('x_a.re', 'x'), ('x_a.im', 'x'), ('n_a', 'n'), ('x_b.re', 'x'), ('x_b.im', 'x'), ('n_b', 'n'), ('E_a', 'E'), ('P_a', 'P'), ('E_b', 'E'), ('P_b', 'P'), ('W_b', 'W'))
#: the generator in numeric form: H = sum c[g] K, dissipators sum c[g] D(K_i, K_j)
GENERATOR_H = (((('a', 0, 1),), 2), ((('a', 0, 1), ('b', 1, 0)), 3), ((('a', 1, 0),), 2), ((('a', 1, 0), ('b', 0, 1)), 4), ((('a', 1, 1),), 5), ((('b', 1, 1),), 6))
GENERATOR_D = ((7, (('a', 0, 1),), (('a', 0, 1),)), (8, (('a', 0, 1),), (('b', 0, 1),)), (8, (('b', 0, 1),), (('a', 0, 1),)), (9, (('b', 0, 1),), (('b', 0, 1),)), (10, (('a', 1, 0),), (('a', 1, 0),)), (11, (('a', 1, 0),), (('b', 1, 0),)), (11, (('b', 1, 0),), (('a', 1, 0),)), (12, (('b', 1, 0),), (('b', 1, 0),)))
OMEGA = {'a': 0, 'b': 1}
#: the linear <x> block of the first-moment equations: d<x_i>/dt = sum_j c[g] <x_j> +
#: c[f_i] + (nonlinear terms): ((i, j, g), ...) and ((i, f_i), ...) over KEPT
DRIFT = ((0, 0, 14), (0, 1, 15), (1, 0, 19), (1, 1, 20))
DRIVE = ((0, 13),)
#: coherent couplings between kept modes written c*J*exp(i*k*theta): (c, J, theta, k)
COUPLINGS = {('b', 'a'): (1.0, 'J', 'theta', -1), ('a', 'b'): (1.0, 'J', 'theta', 1)}
NMOM = 8
SLOT_A = np.array(SLOTS, dtype=np.int64)
REAL_A = np.array(REAL, dtype=np.bool_)
#: the closed equations as tables (nrqb_sym.runtime.polynomials): one row per term
EQ_COEF = np.array([13, 14, 15, 10, 16, 13, 17, 18, 15, 19, 20, 21, 12, 22, 19, 23, 11, 24, 25, 25, 23, 25, 13, 26,
    27, 12, 21, 25, 28, 23, 23, 23, 11, 19, 13, 29, 30, 31, 32, 33, 34, 13, 21, 19, 35], dtype=np.int64)
EQ_W = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], dtype=np.complex128)
EQ_OUT = np.array([0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5,
    5, 5, 5, 5, 6, 6, 6, 7, 7, 7, 7, 7, 7], dtype=np.int64)
EQ_PTR = np.array([0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 11, 12, 13, 13, 16, 18, 20, 21, 23, 24, 25, 26, 27,
    30, 33, 35, 37, 39, 41, 42, 44, 45, 46, 47, 48, 49, 52, 54, 55, 57, 58, 59], dtype=np.int64)
EQ_VAR = np.array([0, 2, 0, 0, 1, 4, 4, 0, 2, 5, 3, 4, 4, 0, 0, 3, 0, 5, 0, 5, 1, 1, 3, 2, 3, 4, 0, 0, 0, 2, 0, 0,
    2, 0, 4, 0, 4, 0, 7, 1, 2, 2, 2, 6, 3, 5, 0, 6, 7, 0, 0, 3, 0, 5, 2, 3, 6, 6, 7], dtype=np.int64)
EQ_CONJ = np.array([False, False, False, True, False, False, True, False, False, False, False, False, True, False,
    True, False, False, True, True, False, False, False, False, True, False, False, False,
    False, False, True, False, True, False, False, False, False, True, True, False, False,
    False, False, True, False, False, False, False, False, False, False, False, False, False,
    False, False, False, False, False, False], dtype=np.bool_)
EQ_MONO = np.array([0, 1, 2, 0, 1, 3, 4, 5, 6, 1, 2, 7, 0, 8, 5, 6, 0, 10, 11, 12, 4, 13, 14, 8, 5, 1, 16, 17, 18,
    19, 20, 21, 2, 22, 8, 7, 1, 23, 24, 25, 26, 2, 27, 23, 24], dtype=np.int64)
#: the observables' polynomials (x_m, n_m, d<m'm>/dt) as tables, and the recipes
#: (kind, a, b, d) of each output of observe (nrqb_sym.runtime.odes.observe)
OB_COEF = np.array([-1, -1, -1, -1, 10, 16, 13, 17, 18, 15, 12, 22, 19, 23], dtype=np.int64)
OB_W = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], dtype=np.complex128)
OB_OUT = np.array([0, 1, 2, 3, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5], dtype=np.int64)
OB_PTR = np.array([0, 1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 9, 10, 11, 12], dtype=np.int64)
OB_VAR = np.array([0, 1, 2, 3, 0, 0, 1, 4, 4, 3, 4, 4], dtype=np.int64)
OB_CONJ = np.array([False, False, False, False, False, True, False, False, True, False, False, True], dtype=np.bool_)
OB_MONO = np.array([1, 4, 2, 8, 0, 1, 3, 4, 5, 6, 0, 8, 5, 6], dtype=np.int64)
RECIPES = np.array([(0, 0, 0, 0), (1, 0, 0, 0), (0, 1, 0, 0), (0, 2, 0, 0), (1, 2, 0, 0), (0, 3, 0, 0), (2, 0, 1, 0), (2, 0, 4, 0), (2, 1, 3, 0), (2, 1, 5, 0), (3, 1, 3, 2)], dtype=np.int64).reshape(-1, 4)
SIZES = np.array([8, 6], dtype=np.int64)
#: the distinct products of moments: mono[k] = mono[MONO_A[k]] * z[MONO_B[k]]
MONO_A = np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 9, 1, 3, 4, 0, 1, 15, 9, 1, 1, 3, 4, 14, 0, 0, 15, 1, 8], dtype=np.int64)
MONO_B = np.array([0, 0, 2, 8, 1, 4, 12, 5, 3, 8, 3, 13, 5, 3, 10, 0, 10, 2, 4, 12, 7, 2, 6, 6, 7, 3, 5, 6], dtype=np.int64)
#: the model's tables, in the order of nrqb_sym.runtime.odes.TABLE_NAMES
TABLES = (SLOT_A, REAL_A, EQ_COEF, EQ_W, EQ_OUT, EQ_PTR, EQ_VAR, EQ_CONJ, OB_COEF, OB_W, OB_OUT, OB_PTR, OB_VAR, OB_CONJ, RECIPES, SIZES, MONO_A, MONO_B, EQ_MONO, OB_MONO)


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
    p_F = p[10]
    p_omega_a = p[11]
    p_omega_b = p[12]
    p_n_a = p[13]
    p_n_b = p[14]
    p_n_c = p[15]
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
    a = np.zeros(13, dtype=np.complex128)
    a[0] = p_F
    a[1] = _c0*_c6 - _c1*_c5*_c7*_c8 + _c3*_c6
    a[2] = -_c10*_c8 + _c11*_c2 + _c11*_c4
    a[3] = -_c10*_c14 + _c12*p_Delta_a + _c13*p_Delta_a
    a[4] = -_c10*_c15 + _c12*p_Delta_b + _c13*p_Delta_b
    a[5] = _c9*(_c16 + _c17 + _c19 + _c20)
    a[6] = _c9*(_c21 + _c22)
    a[7] = _c9*(_c23 + _c24 + _c25 + _c26)
    a[8] = _c20*_c9
    a[9] = _c22*_c9
    a[10] = _c26*_c9
    a[11] = p_omega_a
    a[12] = p_omega_b
    c = np.zeros(36, dtype=np.complex128)
    c[0] = a[11]
    c[1] = a[12]
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
    c[13] = -1.0j*a[0]
    c[14] = -1.0j*a[3] + -0.5*a[5] + 0.5*a[8]
    c[15] = -1.0j*a[2] + -0.5*a[6] + 0.5*a[9]
    c[16] = 1.0j*a[0]
    c[17] = -1.0*a[5] + a[8]
    c[18] = 1.0j*a[1] + -0.5*a[6] + 0.5*a[9]
    c[19] = -1.0j*a[1] + -0.5*a[6] + 0.5*a[9]
    c[20] = -1.0j*a[4] + -0.5*a[7] + -0.5*a[10]
    c[21] = 2.0j*a[1] + a[6] + -1.0*a[9]
    c[22] = -1.0*a[7] + -1.0*a[10]
    c[23] = 1.0j*a[2] + -0.5*a[6] + 0.5*a[9]
    c[24] = 4.0j*a[2] + -2.0*a[6] + 2.0*a[9]
    c[25] = -2.0j*a[2] + a[6] + -1.0*a[9]
    c[26] = -1.0j*a[2] + -0.5*a[6] + -1.5*a[9]
    c[27] = -1.0j*a[3] + 1.0j*a[4] + -0.5*a[5] + -0.5*a[7] + 0.5*a[8] + -0.5*a[10]
    c[28] = -2.0j*a[1] + -1.0*a[6] + a[9]
    c[29] = -1.0j*a[3] + -0.5*a[5] + -1.0*a[7] + 0.5*a[8] + -1.0*a[10]
    c[30] = -2.0j*a[0]
    c[31] = -2.0j*a[3] + -1.0*a[5] + a[8]
    c[32] = -2.0j*a[2] + -1.0*a[6] + a[9]
    c[33] = -4.0j*a[1] + -2.0*a[6] + 2.0*a[9]
    c[34] = 4.0j*a[1] + 2.0*a[6] + -2.0*a[9]
    c[35] = -1.0j*a[3] + -1.0j*a[4] + -0.5*a[5] + -0.5*a[7] + 0.5*a[8] + -0.5*a[10]
    return c


@njit(cache=True, error_model='numpy')
def derived(p, obs, out):
    r"""The derived observables DERIVED per row of obs[time, OBSERVABLES]."""
    for k in range(obs.shape[0]):
        o_E_a = obs[k, 6]
        o_E_b = obs[k, 8]
        out[k, 0] = o_E_b*_nm.safe_inverse(o_E_a)  # R
        out[k, 1] = o_E_b*_nm.safe_inverse(o_E_a + o_E_b)  # eta
