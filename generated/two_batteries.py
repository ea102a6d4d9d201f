# GENERATED FILE - DO NOT EDIT.
# Contents: Numba kernels of the model 'two_batteries'.
# Produced by nrqb_sym.codegen from the model file two_batteries.toml (model 'two_batteries')
# through the pipeline spec -> quadratic form -> reduction -> moments ->
# steady state -> spectrum -> nonreciprocity.
# Model+pipeline hash: sha256:67b2f558373c3b90346e98ca89fe0b329ca5dda680c589fcc25dd6a2a471e4b5
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Kernels of the model 'two_batteries': matrix form, derived observables and spectrum pieces
(see nrqb_sym.codegen.kernels; the fused passes are in nrqb_sym.runtime.numerics)."""

import cmath
import math

import numpy as np
from numba import njit

from nrqb_sym.runtime import numerics as _nm

MODEL = 'two_batteries'
DESCRIPTION = 'charger a feeds batteries b and d through a shared bad cavity c; tuned links make both one-way from a, while b and d still exchange energy through c'
DIGEST = '67b2f558373c3b90346e98ca89fe0b329ca5dda680c589fcc25dd6a2a471e4b5'
PARAMETERS = ('Delta_a', 'Delta_b', 'Delta_d', 'Delta_c', 'kappa_a', 'kappa_b', 'kappa_d', 'kappa_c', 'g_a', 'g_b', 'g_d', 'J_b', 'theta_b', 'J_d', 'theta_d', 'F', 'omega_a', 'omega_b', 'omega_d')
KINDS = {'Delta_a': 'real', 'Delta_b': 'real', 'Delta_d': 'real', 'Delta_c': 'real', 'kappa_a': 'positive', 'kappa_b': 'positive', 'kappa_d': 'positive', 'kappa_c': 'positive', 'g_a': 'positive', 'g_b': 'positive', 'g_d': 'positive', 'J_b': 'nonnegative', 'theta_b': 'real', 'J_d': 'nonnegative', 'theta_d': 'real', 'F': 'real', 'omega_a': 'positive', 'omega_b': 'positive', 'omega_d': 'positive'}
DEFAULTS = {'Delta_a': 0.0, 'Delta_b': 0.0, 'Delta_d': 0.0, 'Delta_c': 0.0, 'kappa_a': 0.05, 'kappa_b': 0.05, 'kappa_d': 0.05, 'kappa_c': 100.0, 'g_a': 5.0, 'g_b': 5.0, 'g_d': 5.0, 'J_b': 0.5, 'theta_b': 1.5707963267948966, 'J_d': 0.5, 'theta_d': 1.5707963267948966, 'F': 0.5, 'omega_a': 1.0, 'omega_b': 1.0, 'omega_d': 1.0}
LATEX = {'Delta_a': '\\Delta_a', 'Delta_b': '\\Delta_b', 'Delta_d': '\\Delta_d', 'Delta_c': '\\Delta_c', 'kappa_a': '\\kappa_a', 'kappa_b': '\\kappa_b', 'kappa_d': '\\kappa_d', 'kappa_c': '\\kappa_c', 'g_a': 'g_a', 'g_b': 'g_b', 'g_d': 'g_d', 'J_b': 'J_b', 'theta_b': '\\theta_b', 'J_d': 'J_d', 'theta_d': '\\theta_d', 'F': 'F', 'omega_a': '\\omega_a', 'omega_b': '\\omega_b', 'omega_d': '\\omega_d'}
MODES = ('a', 'b', 'd', 'c')
KEPT = ('a', 'b', 'd')
ELIMINATED = ('c',)
ENERGY_MODES = ('a', 'b', 'd')
#: derived observables {name: (expression as written, LaTeX)}; per model variant, those
#: whose modes it has (output order of the fused passes)
DERIVED = {}
DERIVED_ORDER = {'effective': (), 'full': ()}
PRESETS = {}
#: coherent couplings between kept modes written c*J*exp(i*k*theta): (c, J, theta, k)
COUPLINGS = {('a', 'b'): (1.0, 'J_b', 'theta_b', 1), ('a', 'd'): (1.0, 'J_d', 'theta_d', 1), ('b', 'a'): (1.0, 'J_b', 'theta_b', -1), ('d', 'a'): (1.0, 'J_d', 'theta_d', -1)}
#: whether the <x> and <x'> blocks of the first-moment drift decouple, and whether a
#: coherent state stays coherent for every parameter value (D_n = 0), per variant
DECOUPLED = {'full': True, 'effective': True}
PASSIVE = {'full': True, 'effective': True}
KEEP_EFFECTIVE = np.array([0, 1, 2], dtype=np.int64)
DROP_EFFECTIVE = np.array([3], dtype=np.int64)
DERIVED_USES_EFFECTIVE = {}
KEEP_FULL = np.array([0, 1, 2, 3], dtype=np.int64)
DROP_FULL = np.array([], dtype=np.int64)
DERIVED_USES_FULL = {}


@njit(_nm.MATRICES, cache=True, error_model='numpy')
def matrices(p):
    r"""The full model's matrix form at one parameter point (stage 3):
    d<x_i>/dt = sum_j M1x[i, j] <A_j> + f[i] over A = (x, x'), the normal-ordered
    diffusion Dn (dSigma/dt = M1 Sigma + Sigma M1^T + Dn) and the frequencies omega
    (0 where the model gives none; E_m = omega_m <m'm>).

    Args:
        p: float64[19] parameter values in PARAMETERS order.

    Returns:
        M1x: complex128[4, 8], f: complex128[4], Dn: complex128[8, 8], omega: float64[4]."""
    p_Delta_a = p[0]
    p_Delta_b = p[1]
    p_Delta_d = p[2]
    p_Delta_c = p[3]
    p_kappa_a = p[4]
    p_kappa_b = p[5]
    p_kappa_d = p[6]
    p_kappa_c = p[7]
    p_g_a = p[8]
    p_g_b = p[9]
    p_g_d = p[10]
    p_J_b = p[11]
    p_theta_b = p[12]
    p_J_d = p[13]
    p_theta_d = p[14]
    p_F = p[15]
    p_omega_a = p[16]
    p_omega_b = p[17]
    p_omega_d = p[18]
    _c0 = 1j*p_theta_b
    _c1 = 1j*p_J_b
    _c2 = 1j*p_theta_d
    _c3 = 1j*p_J_d
    _c4 = -1j*p_g_a
    _c5 = -1j*p_g_b
    _c6 = -1j*p_g_d
    M1x = np.zeros((4, 8), dtype=np.complex128)
    f = np.zeros((4,), dtype=np.complex128)
    Dn = np.zeros((8, 8), dtype=np.complex128)
    omega = np.zeros((4,), dtype=np.float64)
    M1x[0, 0] = -1j*p_Delta_a - 1/2*p_kappa_a
    M1x[0, 1] = -_c1*cmath.exp(_c0)
    M1x[0, 2] = -_c3*cmath.exp(_c2)
    M1x[0, 3] = _c4
    M1x[1, 0] = -_c1*cmath.exp(-_c0)
    M1x[1, 1] = -1j*p_Delta_b - 1/2*p_kappa_b
    M1x[1, 3] = _c5
    M1x[2, 0] = -_c3*cmath.exp(-_c2)
    M1x[2, 2] = -1j*p_Delta_d - 1/2*p_kappa_d
    M1x[2, 3] = _c6
    M1x[3, 0] = _c4
    M1x[3, 1] = _c5
    M1x[3, 2] = _c6
    M1x[3, 3] = -1j*p_Delta_c - 1/2*p_kappa_c
    f[0] = -1j*p_F
    omega[0] = float(p_omega_a)
    omega[1] = float(p_omega_b)
    omega[2] = float(p_omega_d)
    return M1x, f, Dn, omega


@njit(_nm.DERIVED, cache=True, error_model='numpy')
def derived_effective(p, n, E, P, W, out):
    r"""Derived observables of the effective model (DERIVED_ORDER) from per-mode values
    [mode, time]: occupations n, energies E, powers P, ergotropies W."""
    for c in range(out.shape[1]):
        pass


@njit(_nm.DERIVED, cache=True, error_model='numpy')
def derived_full(p, n, E, P, W, out):
    r"""Derived observables of the full model (DERIVED_ORDER) from per-mode values
    [mode, time]: occupations n, energies E, powers P, ergotropies W."""
    for c in range(out.shape[1]):
        pass


@njit(cache=True, error_model='numpy')
def charpoly_full(p):
    r"""Characteristic polynomial det(lambda - M) of the full first-moment drift
    (<x> block M (4x4); the <x'> block has the conjugate spectrum): coefficients, highest degree first."""
    p_Delta_a = p[0]
    p_Delta_b = p[1]
    p_Delta_d = p[2]
    p_Delta_c = p[3]
    p_kappa_a = p[4]
    p_kappa_b = p[5]
    p_kappa_d = p[6]
    p_kappa_c = p[7]
    p_g_a = p[8]
    p_g_b = p[9]
    p_g_d = p[10]
    p_J_b = p[11]
    p_theta_b = p[12]
    p_J_d = p[13]
    p_theta_d = p[14]
    _c0 = (1/2)*p_kappa_a
    _c1 = (1/2)*p_kappa_b
    _c2 = (1/2)*p_kappa_c
    _c3 = (1/2)*p_kappa_d
    _c4 = 1j*p_Delta_a
    _c5 = 1j*p_Delta_b
    _c6 = 1j*p_Delta_c
    _c7 = 1j*p_Delta_d
    _c8 = p_J_b**2
    _c9 = p_J_d**2
    _c10 = p_g_a**2
    _c11 = p_g_b**2
    _c12 = p_g_d**2
    _c13 = p_Delta_a*p_Delta_b
    _c14 = p_Delta_a*p_Delta_c
    _c15 = p_Delta_a*p_Delta_d
    _c16 = p_Delta_b*p_Delta_c
    _c17 = p_Delta_b*p_Delta_d
    _c18 = p_Delta_c*p_Delta_d
    _c19 = (1/4)*p_kappa_a
    _c20 = (1/4)*p_kappa_b
    _c21 = p_kappa_c*p_kappa_d
    _c22 = 8*1j*p_g_a
    _c23 = 1j*p_theta_d
    _c24 = cmath.exp(_c23)
    _c25 = p_J_b*p_g_b
    _c26 = _c24*_c25
    _c27 = _c22*_c26
    _c28 = 1j*p_theta_b
    _c29 = cmath.exp(_c28)
    _c30 = p_J_d*p_g_d
    _c31 = _c29*_c30
    _c32 = _c22*_c31
    _c33 = _c24*_c29
    _c34 = _c33*p_kappa_a
    _c35 = _c34*p_kappa_b
    _c36 = _c35*p_kappa_c
    _c37 = _c35*p_kappa_d
    _c38 = _c21*_c34
    _c39 = _c33*p_kappa_b
    _c40 = _c21*_c39
    _c41 = 4*_c33
    _c42 = _c41*p_kappa_c
    _c43 = _c41*p_kappa_d
    _c44 = _c41*p_kappa_b
    _c45 = _c14*_c44
    _c46 = _c15*_c44
    _c47 = _c41*p_kappa_a
    _c48 = _c16*_c47
    _c49 = _c17*_c47
    _c50 = _c18*_c47
    _c51 = _c44*_c9
    _c52 = _c10*_c44
    _c53 = _c11*_c47
    _c54 = _c12*_c47
    _c55 = 8*_c33
    _c56 = _c4*_c55
    _c57 = _c16*_c56
    _c58 = _c17*_c56
    _c59 = 2*_c4
    _c60 = _c39*_c59
    _c61 = _c21*_c33
    _c62 = _c5*_c55
    _c63 = 2*_c5
    _c64 = _c34*_c63
    _c65 = 2*_c6
    _c66 = _c65*p_kappa_d
    _c67 = 2*_c7
    _c68 = _c67*p_kappa_c
    _c69 = _c11*_c56
    _c70 = _c62*_c9
    _c71 = _c10*_c62
    _c72 = _c55*_c6
    _c73 = _c72*_c8
    _c74 = _c55*_c7
    _c75 = _c74*_c8
    _c76 = cmath.exp(2*_c28)
    _c77 = _c27*_c76
    _c78 = cmath.exp(2*_c23)
    _c79 = _c32*_c78
    _c80 = cmath.exp(-_c23)*cmath.exp(-_c28)
    _c81 = 16*p_g_a
    _c82 = _c31*p_Delta_b
    _c83 = _c26*p_Delta_d
    _c84 = 16*_c76
    _c85 = _c25*_c30
    _c86 = 16*_c78
    _c87 = 16*_c33
    _c88 = _c18*_c87
    _c89 = _c21*_c41
    _c90 = _c12*_c87
    _c91 = _c11*_c87
    _c92 = _c39*_c4
    _c93 = 8*_c18
    _c94 = _c34*_c5
    _c95 = 8*_c12
    _c96 = 8*_c39
    c = np.zeros((5,), dtype=np.complex128)
    c[0] = 1
    c[1] = _c0 + _c1 + _c2 + _c3 + _c4 + _c5 + _c6 + _c7
    c[2] = _c0*_c5 + _c0*_c6 + _c0*_c7 + _c1*_c4 + _c1*_c6 + _c1*_c7 + _c10 + _c11 + _c12 - _c13 - _c14 - _c15 - _c16 - _c17 - _c18 + _c19*p_kappa_b + _c19*p_kappa_c + _c19*p_kappa_d + _c2*_c4 + _c2*_c5 + _c2*_c7 + _c20*p_kappa_c + _c20*p_kappa_d + (1/4)*_c21 + _c3*_c4 + _c3*_c5 + _c3*_c6 + _c8 + _c9
    c[3] = (1/8)*_c80*(_c10*_c43 + _c10*_c74 + _c11*_c43 + _c11*_c74 + _c12*_c44 + _c12*_c56 + _c12*_c62 - _c13*_c42 - _c13*_c43 - _c14*_c43 - _c15*_c42 - _c16*_c43 - _c17*_c42 - _c18*_c44 - _c18*_c56 - _c18*_c62 - _c27 - _c32 + _c34*_c66 + _c34*_c68 + _c35*_c65 + _c35*_c67 + _c36 + _c37 + _c38 + _c39*_c66 + _c39*_c68 + _c40 + _c42*_c8 + _c42*_c9 + _c43*_c8 - _c45 - _c46 - _c48 - _c49 - _c50 + _c51 + _c52 + _c53 + _c54 - _c57 - _c58 + _c59*_c61 + _c60*p_kappa_c + _c60*p_kappa_d + _c61*_c63 + _c64*p_kappa_c + _c64*p_kappa_d + _c69 + _c70 + _c71 + _c72*_c9 + _c73 + _c75 - _c77 - _c79)
    c[4] = (1/16)*_c80*(-_c10*_c17*_c87 + _c10*_c7*_c96 + 8*_c11*_c34*_c7 + _c13*_c88 - _c13*_c89 - _c13*_c90 - _c15*_c91 - _c16*_c87*_c9 + _c21*_c35 - _c27*p_kappa_d - _c32*p_kappa_b + _c36*_c67 + _c37*_c65 + _c38*_c63 + _c40*_c59 - _c45*p_kappa_d - _c46*p_kappa_c - _c48*p_kappa_d - _c49*p_kappa_c - _c50*p_kappa_b + _c51*p_kappa_c + _c52*p_kappa_d + _c53*p_kappa_d + _c54*p_kappa_b - _c57*p_kappa_d - _c58*p_kappa_c + _c6*_c9*_c96 + _c69*p_kappa_d + _c70*p_kappa_c + _c71*p_kappa_d + _c73*p_kappa_d + _c75*p_kappa_c - _c77*p_kappa_d - _c79*p_kappa_b - _c8*_c88 + _c8*_c89 + _c8*_c90 + _c81*_c82 + _c81*_c83 + _c82*_c86*p_g_a + _c83*_c84*p_g_a - _c84*_c85 - _c85*_c86 + _c9*_c91 - _c92*_c93 + _c92*_c95 - _c93*_c94 + _c94*_c95)
    return c


@njit(cache=True, error_model='numpy')
def charpoly_effective(p):
    r"""Characteristic polynomial det(lambda - M) of the effective first-moment drift
    (<x> block M (3x3); the <x'> block has the conjugate spectrum): coefficients, highest degree first."""
    p_Delta_a = p[0]
    p_Delta_b = p[1]
    p_Delta_d = p[2]
    p_Delta_c = p[3]
    p_kappa_a = p[4]
    p_kappa_b = p[5]
    p_kappa_d = p[6]
    p_kappa_c = p[7]
    p_g_a = p[8]
    p_g_b = p[9]
    p_g_d = p[10]
    p_J_b = p[11]
    p_theta_b = p[12]
    p_J_d = p[13]
    p_theta_d = p[14]
    _c0 = 1j*p_theta_b
    _c1 = cmath.exp(_c0)
    _c2 = 1j*p_theta_d
    _c3 = cmath.exp(_c2)
    _c4 = _c1*_c3
    _c5 = 4*_c4
    _c6 = 2*p_kappa_c
    _c7 = 1j*_c4
    _c8 = _c5*p_Delta_c - _c6*_c7
    _c9 = 2*p_Delta_c
    _c10 = 4*1j
    _c11 = _c10*p_Delta_c
    _c12 = 1j*p_kappa_c
    _c13 = _c12*p_kappa_a
    _c14 = _c12*p_kappa_b
    _c15 = _c12*p_kappa_d
    _c16 = p_g_a**2
    _c17 = p_g_b**2
    _c18 = p_g_d**2
    _c19 = p_Delta_c*p_g_a
    _c20 = 16*_c19
    _c21 = p_J_b*p_g_b
    _c22 = _c21*_c3
    _c23 = _c20*_c22
    _c24 = p_J_d*p_g_d
    _c25 = _c1*_c24
    _c26 = _c20*_c25
    _c27 = p_kappa_a*p_kappa_b
    _c28 = p_kappa_c**2
    _c29 = _c28*_c4
    _c30 = _c27*_c29
    _c31 = _c29*p_kappa_d
    _c32 = p_Delta_c**2
    _c33 = 16*_c4
    _c34 = _c32*_c33
    _c35 = _c34*p_Delta_a
    _c36 = p_Delta_b*p_Delta_d
    _c37 = _c5*p_kappa_c
    _c38 = _c16*_c37
    _c39 = _c17*p_kappa_a
    _c40 = _c17*p_kappa_d
    _c41 = _c18*_c37
    _c42 = cmath.exp(2*_c0)
    _c43 = cmath.exp(2*_c2)
    _c44 = _c27*_c4
    _c45 = _c11*p_kappa_c
    _c46 = _c4*p_kappa_a
    _c47 = _c45*p_kappa_d
    _c48 = _c4*p_kappa_b
    _c49 = p_J_b**2
    _c50 = p_J_d**2
    _c51 = _c28*_c5
    _c52 = _c12*_c4
    _c53 = _c17*p_Delta_a
    _c54 = 8*_c53
    _c55 = _c18*_c52
    _c56 = 8*p_Delta_a
    _c57 = _c7*p_kappa_b
    _c58 = _c28*p_Delta_a
    _c59 = 2*_c58
    _c60 = _c7*p_kappa_d
    _c61 = 8*p_Delta_b
    _c62 = _c16*_c52
    _c63 = _c7*p_kappa_a
    _c64 = 2*_c28
    _c65 = _c64*p_Delta_b
    _c66 = _c33*p_Delta_c
    _c67 = _c12*_c66
    _c68 = _c7*p_Delta_c
    _c69 = 8*_c68
    _c70 = _c16*_c69
    _c71 = _c18*_c69
    _c72 = 8*p_Delta_d
    _c73 = _c17*p_Delta_d
    _c74 = _c64*p_Delta_d
    _c75 = 64*_c19*_c25*p_Delta_b*p_kappa_c
    _c76 = 64*_c19*_c22*p_Delta_d*p_kappa_c
    _c77 = 32*_c32
    _c78 = _c22*p_g_a
    _c79 = _c77*_c78*p_kappa_d
    _c80 = _c25*p_g_a
    _c81 = _c77*_c80*p_kappa_b
    _c82 = 64*1j
    _c83 = _c32*_c80*_c82*p_Delta_b
    _c84 = _c32*_c78*_c82*p_Delta_d
    _c85 = 16*1j*_c28
    _c86 = _c21*_c24
    _c87 = p_Delta_c**3
    _c88 = 32*_c87
    _c89 = _c4*p_Delta_a
    _c90 = _c89*p_Delta_b
    _c91 = p_kappa_c**3
    _c92 = _c89*p_Delta_d
    _c93 = 2*_c91
    _c94 = _c93*p_kappa_d
    _c95 = _c36*_c46
    _c96 = _c4*_c50
    _c97 = _c4*_c49
    _c98 = 64*_c7
    _c99 = p_kappa_c*p_kappa_d
    _c100 = _c18*_c29
    _c101 = 64*p_Delta_c*p_kappa_c
    _c102 = 24*p_Delta_c
    _c103 = 32*p_Delta_c
    _c104 = _c103*_c4
    _c105 = _c104*_c15
    _c106 = _c103*_c18
    _c107 = 12*_c68
    _c108 = _c107*p_kappa_d
    _c109 = 16*_c7
    _c110 = _c109*_c18
    _c111 = _c109*_c28
    _c112 = 48*_c68
    _c113 = _c32*_c49
    _c114 = 16*_c32
    c = np.zeros((4,), dtype=np.complex128)
    c[0] = 1
    c[1] = _c4*(-_c10*_c16 - _c10*_c17 - _c10*_c18 + _c11*p_Delta_a + _c11*p_Delta_b + _c11*p_Delta_d - _c13 - _c14 - _c15 + _c6*p_Delta_a + _c6*p_Delta_b + _c6*p_Delta_d + _c9*p_kappa_a + _c9*p_kappa_b + _c9*p_kappa_d)/_c8
    c[2] = _c4*(16*_c1*_c16*_c3*p_Delta_b*p_Delta_c + 16*_c1*_c16*_c3*p_Delta_c*p_Delta_d + 16*_c1*_c17*_c3*p_Delta_a*p_Delta_c + 16*_c1*_c17*_c3*p_Delta_c*p_Delta_d + 16*_c1*_c18*_c3*p_Delta_a*p_Delta_c + 16*_c1*_c18*_c3*p_Delta_b*p_Delta_c + 4*_c1*_c28*_c3*p_Delta_a*p_Delta_b + 4*_c1*_c28*_c3*p_Delta_a*p_Delta_d + 4*_c1*_c28*_c3*p_Delta_b*p_Delta_d + 16*_c1*_c3*_c32*_c49 + 16*_c1*_c3*_c32*_c50 + 8*1j*_c1*_c3*_c32*p_Delta_a*p_kappa_b + 8*1j*_c1*_c3*_c32*p_Delta_a*p_kappa_d + 8*1j*_c1*_c3*_c32*p_Delta_b*p_kappa_a + 8*1j*_c1*_c3*_c32*p_Delta_b*p_kappa_d + 8*1j*_c1*_c3*_c32*p_Delta_d*p_kappa_a + 8*1j*_c1*_c3*_c32*p_Delta_d*p_kappa_b + 4*_c1*_c3*_c32*p_kappa_a*p_kappa_b + 4*_c1*_c3*_c32*p_kappa_a*p_kappa_d + 4*_c1*_c3*_c32*p_kappa_b*p_kappa_d + 16*1j*_c1*_c3*p_Delta_a*p_Delta_b*p_Delta_c*p_kappa_c + 16*1j*_c1*_c3*p_Delta_a*p_Delta_c*p_Delta_d*p_kappa_c + 8*_c1*_c3*p_Delta_a*p_Delta_c*p_kappa_b*p_kappa_c + 8*_c1*_c3*p_Delta_a*p_Delta_c*p_kappa_c*p_kappa_d + 16*1j*_c1*_c3*p_Delta_b*p_Delta_c*p_Delta_d*p_kappa_c + 8*_c1*_c3*p_Delta_b*p_Delta_c*p_kappa_a*p_kappa_c + 8*_c1*_c3*p_Delta_b*p_Delta_c*p_kappa_c*p_kappa_d + 8*_c1*_c3*p_Delta_c*p_Delta_d*p_kappa_a*p_kappa_c + 8*_c1*_c3*p_Delta_c*p_Delta_d*p_kappa_b*p_kappa_c + 8*1j*_c1*_c43*p_J_d*p_g_a*p_g_d*p_kappa_c + 8*1j*_c1*p_J_d*p_g_a*p_g_d*p_kappa_c - _c23*_c42 - _c23 - _c26*_c43 - _c26 + 8*1j*_c3*_c42*p_J_b*p_g_a*p_g_b*p_kappa_c + 8*1j*_c3*p_J_b*p_g_a*p_g_b*p_kappa_c - _c30 - _c31*p_kappa_a - _c31*p_kappa_b - _c34*_c36 - _c35*p_Delta_b - _c35*p_Delta_d - _c37*_c39 - _c37*_c40 - _c38*p_kappa_b - _c38*p_kappa_d - _c39*_c69 - _c40*_c69 - _c41*p_kappa_a - _c41*p_kappa_b - _c44*_c45 - _c46*_c47 - _c47*_c48 - _c49*_c51 - _c49*_c67 - _c50*_c51 - _c50*_c67 - _c52*_c54 - 8*_c52*_c73 - _c55*_c56 - _c55*_c61 - _c57*_c59 - _c57*_c74 - _c59*_c60 - _c60*_c65 - _c61*_c62 - _c62*_c72 - _c63*_c65 - _c63*_c74 - _c70*p_kappa_b - _c70*p_kappa_d - _c71*p_kappa_a - _c71*p_kappa_b)/_c8**2
    c[3] = _c42*_c43*(4*1j*_c1*_c16*_c28*_c3*p_kappa_b*p_kappa_d + 64*1j*_c1*_c16*_c3*_c32*p_Delta_b*p_Delta_d + 32*_c1*_c16*_c3*_c32*p_Delta_b*p_kappa_d + 32*_c1*_c16*_c3*_c32*p_Delta_d*p_kappa_b + 64*_c1*_c16*_c3*p_Delta_b*p_Delta_c*p_Delta_d*p_kappa_c + 16*1j*_c1*_c17*_c28*_c3*_c50 + 4*1j*_c1*_c17*_c28*_c3*p_kappa_a*p_kappa_d + 64*1j*_c1*_c17*_c3*_c32*p_Delta_a*p_Delta_d + 32*_c1*_c17*_c3*_c32*p_Delta_a*p_kappa_d + 32*_c1*_c17*_c3*_c32*p_Delta_d*p_kappa_a + 64*_c1*_c17*_c3*p_Delta_a*p_Delta_c*p_Delta_d*p_kappa_c + 16*1j*_c1*_c18*_c28*_c3*_c49 + 4*1j*_c1*_c18*_c28*_c3*p_kappa_a*p_kappa_b + 64*1j*_c1*_c18*_c3*_c32*p_Delta_a*p_Delta_b + 32*_c1*_c18*_c3*_c32*p_Delta_a*p_kappa_b + 32*_c1*_c18*_c3*_c32*p_Delta_b*p_kappa_a + 64*_c1*_c18*_c3*p_Delta_a*p_Delta_b*p_Delta_c*p_kappa_c + 48*1j*_c1*_c28*_c3*p_Delta_a*p_Delta_b*p_Delta_c*p_Delta_d + 24*_c1*_c28*_c3*p_Delta_a*p_Delta_b*p_Delta_c*p_kappa_d + 24*_c1*_c28*_c3*p_Delta_a*p_Delta_c*p_Delta_d*p_kappa_b + 24*_c1*_c28*_c3*p_Delta_b*p_Delta_c*p_Delta_d*p_kappa_a + 16*1j*_c1*_c28*_c43*p_Delta_b*p_J_d*p_g_a*p_g_d + 8*_c1*_c28*_c43*p_J_d*p_g_a*p_g_d*p_kappa_b + 16*1j*_c1*_c28*p_Delta_b*p_J_d*p_g_a*p_g_d + 8*_c1*_c28*p_J_d*p_g_a*p_g_d*p_kappa_b + 96*_c1*_c3*_c32*_c49*p_Delta_d*p_kappa_c + 96*_c1*_c3*_c32*_c50*p_Delta_b*p_kappa_c + 48*1j*_c1*_c3*_c32*p_Delta_a*p_Delta_b*p_kappa_c*p_kappa_d + 48*1j*_c1*_c3*_c32*p_Delta_a*p_Delta_d*p_kappa_b*p_kappa_c + 24*_c1*_c3*_c32*p_Delta_a*p_kappa_b*p_kappa_c*p_kappa_d + 48*1j*_c1*_c3*_c32*p_Delta_b*p_Delta_d*p_kappa_a*p_kappa_c + 24*_c1*_c3*_c32*p_Delta_b*p_kappa_a*p_kappa_c*p_kappa_d + 24*_c1*_c3*_c32*p_Delta_d*p_kappa_a*p_kappa_b*p_kappa_c + 64*1j*_c1*_c3*_c49*_c87*p_Delta_d + 32*_c1*_c3*_c49*_c87*p_kappa_d + 4*1j*_c1*_c3*_c49*_c91*p_kappa_d + 64*1j*_c1*_c3*_c50*_c87*p_Delta_b + 32*_c1*_c3*_c50*_c87*p_kappa_b + 4*1j*_c1*_c3*_c50*_c91*p_kappa_b + 16*1j*_c1*_c3*_c87*p_Delta_a*p_kappa_b*p_kappa_d + 16*1j*_c1*_c3*_c87*p_Delta_b*p_kappa_a*p_kappa_d + 16*1j*_c1*_c3*_c87*p_Delta_d*p_kappa_a*p_kappa_b + 8*_c1*_c3*_c87*p_kappa_a*p_kappa_b*p_kappa_d + 8*_c1*_c3*_c91*p_Delta_a*p_Delta_b*p_Delta_d + 1j*_c1*_c3*_c91*p_kappa_a*p_kappa_b*p_kappa_d + 32*1j*_c1*_c43*p_Delta_c*p_J_d*p_g_a*p_g_d*p_kappa_b*p_kappa_c + 32*1j*_c1*p_Delta_c*p_J_d*p_g_a*p_g_d*p_kappa_b*p_kappa_c - _c10*_c90*_c91*p_kappa_d - _c10*_c91*_c92*p_kappa_b - _c10*_c91*_c95 - _c100*_c56*p_kappa_b - _c100*_c61*p_kappa_a - _c101*_c17*_c96 - _c101*_c18*_c97 - _c102*_c29*_c50*p_kappa_b - _c102*_c31*_c49 - _c104*_c13*_c73 - _c104*_c14*_c16*p_Delta_d - _c105*_c16*p_Delta_b - _c105*_c53 - _c106*_c13*_c4*p_Delta_b - _c106*_c14*_c89 - _c107*_c27*_c28*p_Delta_d - _c108*_c28*p_Delta_b*p_kappa_a - _c108*_c58*p_kappa_b - _c110*_c27*_c32 - _c110*_c58*p_Delta_b - _c111*_c16*_c36 - _c111*_c53*p_Delta_d - _c112*_c28*_c49*p_Delta_d - _c112*_c28*_c50*p_Delta_b - 48*_c113*_c15*_c4 - _c113*_c18*_c98 - _c114*_c16*_c57*p_kappa_d - _c114*_c39*_c60 - 12*_c13*_c32*_c48*p_kappa_d - 48*_c14*_c32*_c96 - _c16*_c29*_c72*p_kappa_b - _c16*_c31*_c61 - _c16*_c66*_c99*p_kappa_b - _c17*_c32*_c50*_c98 - _c18*_c27*_c66*p_kappa_c + 16*1j*_c28*_c3*_c42*p_Delta_d*p_J_b*p_g_a*p_g_b + 8*_c28*_c3*_c42*p_J_b*p_g_a*p_g_b*p_kappa_d + 16*1j*_c28*_c3*p_Delta_d*p_J_b*p_g_a*p_g_b + 8*_c28*_c3*p_J_b*p_g_a*p_g_b*p_kappa_d - _c29*_c39*_c72 + 32*1j*_c3*_c42*p_Delta_c*p_J_b*p_g_a*p_g_b*p_kappa_c*p_kappa_d + 32*1j*_c3*p_Delta_c*p_J_b*p_g_a*p_g_b*p_kappa_c*p_kappa_d - 6*_c30*p_Delta_c*p_kappa_d - _c31*_c54 - 96*_c32*_c36*_c89*p_kappa_c + 64*1j*_c32*_c42*p_J_b*p_J_d*p_g_b*p_g_d + 64*1j*_c32*_c43*p_J_b*p_J_d*p_g_b*p_g_d - _c36*_c87*_c98*p_Delta_a - _c39*_c66*_c99 - _c42*_c76 - _c42*_c79 - _c42*_c84 - _c42*_c85*_c86 + 64*_c42*p_Delta_c*p_J_b*p_J_d*p_g_b*p_g_d*p_kappa_c - _c43*_c75 - _c43*_c81 - _c43*_c83 - _c43*_c85*_c86 + 64*_c43*p_Delta_c*p_J_b*p_J_d*p_g_b*p_g_d*p_kappa_c - _c44*_c93*p_Delta_d - _c46*_c94*p_Delta_b - _c61*_c91*_c96 - _c72*_c91*_c97 - _c75 - _c76 - _c79 - _c81 - _c83 - _c84 - _c88*_c90*p_kappa_d - _c88*_c92*p_kappa_b - _c88*_c95 - _c89*_c94*p_kappa_b)/_c8**3
    return c


#: closed-form spectrum kernels per variant: {piece: function name}
SPECTRUM = {'full': {'charpoly': 'charpoly_full'}, 'effective': {'charpoly': 'charpoly_effective'}}
#: EP polynomials per variant: {parameter: (function name, polynomial in exp(i x))}
EP_POLYNOMIALS = {'full': {}, 'effective': {}}
#: spectrum results kept structured (evaluated numerically by the runtime), per variant
STRUCTURED = {'full': {'discriminant': 'structured: discriminant evaluated numerically from the coefficients (about 583430512 monomial products when expanded)'}, 'effective': {'discriminant': 'structured: discriminant evaluated numerically from the coefficients (about 2189924 monomial products when expanded)'}}
