# GENERATED FILE - DO NOT EDIT.
# Contents: Numba kernels of the model 'kerr_battery' (cumulant expansion, order 3).
# Produced by nrqb_sym.codegen from the model file kerr_battery.toml (model 'kerr_battery')
# through the pipeline spec -> quadratic form -> reduction -> cumulant moments ->
# closure -> kernels.
# Model+pipeline hash: sha256:e45dbe6222b5a81c7e52e901005a2227bbc5c730718095e6db24965452f5c0fd
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
DIGEST = 'e45dbe6222b5a81c7e52e901005a2227bbc5c730718095e6db24965452f5c0fd'
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
OBSERVABLES = (('x_a.re', 'x'), ('x_a.im', 'x'), ('n_a', 'n'), ('x_b.re', 'x'), ('x_b.im', 'x'), ('n_b', 'n'), ('E_a', 'E'), ('P_a', 'P'), ('E_b', 'E'), ('P_b', 'P'))
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
EQ_MONO = np.array([0, 1, 2, 0, 1, 3, 4, 5, 6, 1, 2, 7, 0, 8, 5, 6, 0, 11, 12, 14, 15, 4, 17, 18, 19, 21, 22, 8, 23,
    5, 25, 2, 29, 31, 33, 35, 36, 7, 38, 39, 40, 41, 28, 42, 43, 44, 45, 46, 47, 48, 50, 51, 52,
    53, 2, 54, 55, 56, 57, 58, 59, 47, 48, 60, 1, 2, 8, 7, 40, 61, 62, 63, 65, 67, 19, 68, 70,
    71, 72, 37, 24, 73, 74, 75, 76, 78, 79, 81, 82, 83, 84, 85, 1, 48, 60, 87, 88, 89, 90, 91,
    92, 93, 94, 47, 95, 84, 85, 96, 1, 100, 101, 103, 104, 106, 107, 109, 110, 5, 111, 112, 113,
    114, 40, 61, 115, 1, 119, 120, 122, 124, 126, 128, 130, 131, 2, 132, 134, 136, 137, 138, 6,
    139, 140, 48, 141, 143, 40, 41, 62, 115, 145, 146, 148, 149, 150, 151, 153, 154, 155, 156,
    157, 48, 158, 85, 96, 159, 1, 4, 60, 61, 62, 115, 60, 96, 159], dtype=np.int64)
#: the observables' polynomials (x_m, n_m, d<m'm>/dt) as tables, and the recipes
#: (kind, a, b, d) of each output of observe (nrqb_sym.runtime.odes.observe)
OB_COEF = np.array([-1, -1, -1, -1, 11, 17, 14, 18, 19, 16, 13, 23, 20, 24], dtype=np.int64)
OB_W = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], dtype=np.complex128)
OB_OUT = np.array([0, 1, 2, 3, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5], dtype=np.int64)
OB_PTR = np.array([0, 1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 9, 10, 11, 12], dtype=np.int64)
OB_VAR = np.array([0, 1, 2, 3, 0, 0, 1, 4, 4, 3, 4, 4], dtype=np.int64)
OB_CONJ = np.array([False, False, False, False, False, True, False, False, True, False, False, True], dtype=np.bool_)
OB_MONO = np.array([1, 4, 2, 8, 0, 1, 3, 4, 5, 6, 0, 8, 5, 6], dtype=np.int64)
RECIPES = np.array([(0, 0, 0, 0), (1, 0, 0, 0), (0, 1, 0, 0), (0, 2, 0, 0), (1, 2, 0, 0), (0, 3, 0, 0), (2, 0, 1, 0), (2, 0, 4, 0), (2, 1, 3, 0), (2, 1, 5, 0)], dtype=np.int64).reshape(-1, 4)
SIZES = np.array([18, 6], dtype=np.int64)
#: the distinct products of moments: mono[k] = mono[MONO_A[k]] * z[MONO_B[k]]
MONO_A = np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 9, 10, 9, 1, 13, 1, 2, 16, 2, 0, 19, 20, 19, 8, 0, 24, 2, 26, 27,
    28, 2, 30, 2, 32, 19, 34, 8, 0, 37, 24, 0, 0, 26, 16, 2, 19, 8, 0, 0, 9, 49, 9, 13, 1, 26,
    16, 2, 19, 8, 5, 0, 0, 0, 11, 1, 64, 2, 66, 34, 19, 69, 8, 5, 24, 48, 0, 0, 27, 77, 30, 19,
    80, 8, 7, 0, 0, 49, 86, 64, 30, 66, 80, 8, 5, 7, 47, 0, 1, 97, 98, 99, 64, 1, 102, 66, 2,
    105, 34, 19, 108, 8, 5, 37, 24, 48, 0, 1, 116, 117, 118, 64, 1, 121, 3, 123, 3, 125, 4, 127,
    4, 129, 4, 66, 2, 133, 19, 135, 8, 5, 6, 47, 48, 0, 142, 98, 144, 64, 1, 147, 30, 66, 80,
    19, 152, 8, 5, 7, 47, 48, 0], dtype=np.int64)
MONO_B = np.array([0, 0, 2, 18, 1, 4, 22, 5, 3, 2, 20, 20, 24, 20, 3, 23, 20, 4, 9, 20, 20, 7, 8, 4, 24, 7, 2, 2,
    20, 20, 3, 3, 6, 24, 3, 6, 5, 23, 6, 10, 8, 27, 3, 6, 5, 10, 6, 6, 7, 2, 20, 3, 6, 5, 4, 7,
    8, 12, 7, 6, 11, 13, 14, 20, 3, 24, 4, 24, 4, 24, 7, 9, 23, 8, 28, 9, 32, 2, 20, 6, 6, 6,
    10, 6, 10, 12, 2, 20, 6, 7, 6, 7, 12, 10, 7, 8, 15, 0, 2, 20, 20, 4, 24, 7, 4, 24, 11, 11,
    4, 7, 13, 8, 11, 15, 9, 16, 18, 2, 2, 20, 22, 6, 25, 3, 7, 4, 6, 2, 3, 20, 6, 5, 22, 7, 25,
    22, 7, 14, 27, 8, 32, 26, 25, 12, 2, 20, 7, 4, 6, 11, 7, 11, 7, 7, 15, 12, 11, 13, 8, 17], dtype=np.int64)
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
def derived(p, obs, out):
    r"""The derived observables DERIVED per row of obs[time, OBSERVABLES]."""
    for k in range(obs.shape[0]):
        o_E_a = obs[k, 6]
        o_E_b = obs[k, 8]
        out[k, 0] = o_E_b*_nm.safe_inverse(o_E_a)  # R
        out[k, 1] = o_E_b*_nm.safe_inverse(o_E_a + o_E_b)  # eta
