# GENERATED FILE - DO NOT EDIT.
# Contents: Numba kernels of the model 'chain'.
# Produced by nrqb_sym.codegen from the model file chain.toml (model 'chain')
# through the pipeline spec -> quadratic form -> reduction -> moments ->
# steady state -> spectrum -> nonreciprocity.
# Model+pipeline hash: sha256:67e449eeeab065d72423c7697a89a27f4fa08d1684224cc0df4e79f2571852e7
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Kernels of the model 'chain': matrix form, derived observables and spectrum pieces
(see nrqb_sym.codegen.kernels; the fused passes are in nrqb_sym.runtime.numerics)."""

import cmath
import math

import numpy as np
from numba import njit

from nrqb_sym.runtime import numerics as _nm

MODEL = 'chain'
DESCRIPTION = 'charger a -> cell b1 -> cell b2 through one-way links (coherent coupling plus a bad cavity per link); each cell is charged by the one before it and does not act back'
DIGEST = '67e449eeeab065d72423c7697a89a27f4fa08d1684224cc0df4e79f2571852e7'
PARAMETERS = ('Delta_a', 'Delta_b', 'kappa_a', 'kappa_b', 'kappa_c', 'g1', 'g2', 'J1', 'theta1', 'J2', 'theta2', 'F', 'omega_a', 'omega_b')
KINDS = {'Delta_a': 'real', 'Delta_b': 'real', 'kappa_a': 'positive', 'kappa_b': 'positive', 'kappa_c': 'positive', 'g1': 'positive', 'g2': 'positive', 'J1': 'nonnegative', 'theta1': 'real', 'J2': 'nonnegative', 'theta2': 'real', 'F': 'real', 'omega_a': 'positive', 'omega_b': 'positive'}
DEFAULTS = {'Delta_a': 0.0, 'Delta_b': 0.0, 'kappa_a': 0.05, 'kappa_b': 0.05, 'kappa_c': 100.0, 'g1': 5.0, 'g2': 5.0, 'J1': 0.5, 'theta1': 1.5707963267948966, 'J2': 0.5, 'theta2': 1.5707963267948966, 'F': 0.5, 'omega_a': 1.0, 'omega_b': 1.0}
LATEX = {'Delta_a': '\\Delta_a', 'Delta_b': '\\Delta_b', 'kappa_a': '\\kappa_a', 'kappa_b': '\\kappa_b', 'kappa_c': '\\kappa_c', 'g1': 'g_1', 'g2': 'g_2', 'J1': 'J_1', 'theta1': '\\theta_1', 'J2': 'J_2', 'theta2': '\\theta_2', 'F': 'F', 'omega_a': '\\omega_a', 'omega_b': '\\omega_b'}
MODES = ('a', 'b1', 'b2', 'c1', 'c2')
KEPT = ('a', 'b1', 'b2')
ELIMINATED = ('c1', 'c2')
ENERGY_MODES = ('a', 'b1', 'b2')
#: derived observables {name: (expression as written, LaTeX)}; per model variant, those
#: whose modes it has (output order of the fused passes)
DERIVED = {}
DERIVED_ORDER = {'effective': (), 'full': ()}
PRESETS = {}
#: coherent couplings between kept modes written c*J*exp(i*k*theta): (c, J, theta, k)
COUPLINGS = {('a', 'b1'): (1.0, 'J1', 'theta1', 1), ('b1', 'a'): (1.0, 'J1', 'theta1', -1), ('b1', 'b2'): (1.0, 'J2', 'theta2', 1), ('b2', 'b1'): (1.0, 'J2', 'theta2', -1)}
#: whether the <x> and <x'> blocks of the first-moment drift decouple, and whether a
#: coherent state stays coherent for every parameter value (D_n = 0), per variant
DECOUPLED = {'full': True, 'effective': True}
PASSIVE = {'full': True, 'effective': True}
KEEP_EFFECTIVE = np.array([0, 1, 2], dtype=np.int64)
DROP_EFFECTIVE = np.array([3, 4], dtype=np.int64)
DERIVED_USES_EFFECTIVE = {}
KEEP_FULL = np.array([0, 1, 2, 3, 4], dtype=np.int64)
DROP_FULL = np.array([], dtype=np.int64)
DERIVED_USES_FULL = {}


@njit(_nm.MATRICES, cache=True, error_model='numpy')
def matrices(p):
    r"""The full model's matrix form at one parameter point (stage 3):
    d<x_i>/dt = sum_j M1x[i, j] <A_j> + f[i] over A = (x, x'), the normal-ordered
    diffusion Dn (dSigma/dt = M1 Sigma + Sigma M1^T + Dn) and the frequencies omega
    (0 where the model gives none; E_m = omega_m <m'm>).

    Args:
        p: float64[14] parameter values in PARAMETERS order.

    Returns:
        M1x: complex128[5, 10], f: complex128[5], Dn: complex128[10, 10], omega: float64[5]."""
    p_Delta_a = p[0]
    p_Delta_b = p[1]
    p_kappa_a = p[2]
    p_kappa_b = p[3]
    p_kappa_c = p[4]
    p_g1 = p[5]
    p_g2 = p[6]
    p_J1 = p[7]
    p_theta1 = p[8]
    p_J2 = p[9]
    p_theta2 = p[10]
    p_F = p[11]
    p_omega_a = p[12]
    p_omega_b = p[13]
    _c0 = 1j*p_theta1
    _c1 = 1j*p_J1
    _c2 = -1j*p_g1
    _c3 = -1j*p_Delta_b - 1/2*p_kappa_b
    _c4 = 1j*p_theta2
    _c5 = 1j*p_J2
    _c6 = -1j*p_g2
    _c7 = -1/2*p_kappa_c
    M1x = np.zeros((5, 10), dtype=np.complex128)
    f = np.zeros((5,), dtype=np.complex128)
    Dn = np.zeros((10, 10), dtype=np.complex128)
    omega = np.zeros((5,), dtype=np.float64)
    M1x[0, 0] = -1j*p_Delta_a - 1/2*p_kappa_a
    M1x[0, 1] = -_c1*cmath.exp(_c0)
    M1x[0, 3] = _c2
    M1x[1, 0] = -_c1*cmath.exp(-_c0)
    M1x[1, 1] = _c3
    M1x[1, 2] = -_c5*cmath.exp(_c4)
    M1x[1, 3] = _c2
    M1x[1, 4] = _c6
    M1x[2, 1] = -_c5*cmath.exp(-_c4)
    M1x[2, 2] = _c3
    M1x[2, 4] = _c6
    M1x[3, 0] = _c2
    M1x[3, 1] = _c2
    M1x[3, 3] = _c7
    M1x[4, 1] = _c6
    M1x[4, 2] = _c6
    M1x[4, 4] = _c7
    f[0] = -1j*p_F
    omega[0] = float(p_omega_a)
    omega[1] = float(p_omega_b)
    omega[2] = float(p_omega_b)
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
def charpoly_effective(p):
    r"""Characteristic polynomial det(lambda - M) of the effective first-moment drift
    (<x> block M (3x3); the <x'> block has the conjugate spectrum): coefficients, highest degree first."""
    p_Delta_a = p[0]
    p_Delta_b = p[1]
    p_kappa_a = p[2]
    p_kappa_b = p[3]
    p_kappa_c = p[4]
    p_g1 = p[5]
    p_g2 = p[6]
    p_J1 = p[7]
    p_theta1 = p[8]
    p_J2 = p[9]
    p_theta2 = p[10]
    _c0 = p_kappa_a*p_kappa_c
    _c1 = 2*p_kappa_c
    _c2 = p_g1**2
    _c3 = 8*_c2
    _c4 = p_g2**2
    _c5 = 8*_c4
    _c6 = 1j*p_Delta_a
    _c7 = 1j*p_kappa_c
    _c8 = 4*p_Delta_b
    _c9 = 1j*p_theta2
    _c10 = cmath.exp(_c9)
    _c11 = _c10*p_J1
    _c12 = _c11*_c3*_c7
    _c13 = 1j*p_theta1
    _c14 = cmath.exp(_c13)
    _c15 = _c14*p_J2
    _c16 = _c15*_c5
    _c17 = _c16*_c7
    _c18 = p_kappa_b**2
    _c19 = p_kappa_c**2
    _c20 = _c10*_c14
    _c21 = _c19*_c20
    _c22 = _c18*_c21
    _c23 = p_Delta_a*p_Delta_b
    _c24 = 8*_c21
    _c25 = _c23*_c24
    _c26 = _c2*_c20
    _c27 = 4*_c26
    _c28 = _c0*_c27
    _c29 = p_kappa_b*p_kappa_c
    _c30 = _c20*_c5
    _c31 = _c0*_c30
    _c32 = _c21*p_kappa_a
    _c33 = _c32*p_kappa_b
    _c34 = p_Delta_b**2
    _c35 = 4*_c21
    _c36 = _c34*_c35
    _c37 = p_J1**2
    _c38 = _c35*_c37
    _c39 = p_J2**2
    _c40 = _c35*_c39
    _c41 = _c26*_c4
    _c42 = _c20*p_kappa_c
    _c43 = _c3*_c6
    _c44 = 16*p_kappa_c
    _c45 = _c4*_c44
    _c46 = _c20*_c45
    _c47 = _c7*p_Delta_b
    _c48 = _c26*_c47
    _c49 = 16*_c20*_c4
    _c50 = 1j*_c8
    _c51 = cmath.exp(2*_c13)
    _c52 = _c12*_c51
    _c53 = cmath.exp(2*_c9)
    _c54 = cmath.exp(-_c13)*cmath.exp(-_c9)/_c19
    _c55 = _c15*_c45*p_Delta_a
    _c56 = _c11*_c2
    _c57 = _c44*_c56*p_Delta_b
    _c58 = 1j*_c0
    _c59 = _c16*_c58
    _c60 = 32*_c4
    _c61 = 1j*_c60
    _c62 = _c56*_c61
    _c63 = _c15*_c2*_c61
    _c64 = _c26*_c44
    _c65 = 32*_c41
    _c66 = _c58*p_Delta_b
    _c67 = _c24*_c6
    _c68 = 1j*p_Delta_b
    c = np.zeros((4,), dtype=np.complex128)
    c[0] = 1
    c[1] = (1/2)*(_c0 + _c1*_c6 + _c1*p_kappa_b + _c3 + _c5 + _c7*_c8)/p_kappa_c
    c[2] = (1/4)*_c54*(-_c12 - _c17*_c53 - _c17 + _c21*_c50*p_kappa_b + _c22 - _c25 + 12*_c26*_c29 + _c28 + _c29*_c30 + _c31 + _c32*_c50 + 2*_c33 + _c35*_c6*p_kappa_b - _c36 + _c38 + _c40 + 48*_c41 + _c42*_c43 + _c46*_c6 + _c47*_c49 + 24*_c48 - _c52)
    c[3] = (1/8)*_c54*(-_c12*p_kappa_b + _c18*_c27*p_kappa_c + _c20*_c29*_c43 + _c20*_c3*_c66 + 2*_c22*_c6 + _c22*p_kappa_a - _c23*_c42*_c60 - _c23*_c64 + _c24*_c37*_c68 - _c25*p_kappa_b + _c28*p_kappa_b + _c29*_c49*_c6 + _c31*p_kappa_b + _c33*_c50 - _c34*_c64 - _c34*_c67 - _c36*p_kappa_a + _c37*_c46 + _c38*p_kappa_b + _c39*_c64 + _c39*_c67 + _c40*p_kappa_a + 64*_c41*_c68 + 16*_c41*p_kappa_a + 16*_c48*p_kappa_b + _c49*_c66 + _c51*_c57 - _c51*_c62 - _c52*p_kappa_b + _c53*_c55 - _c53*_c59 - _c53*_c63 + _c55 + _c57 - _c59 + _c6*_c65 - _c62 - _c63 + _c65*p_kappa_b)
    return c


#: closed-form spectrum kernels per variant: {piece: function name}
SPECTRUM = {'full': {}, 'effective': {'charpoly': 'charpoly_effective'}}
#: EP polynomials per variant: {parameter: (function name, polynomial in exp(i x))}
EP_POLYNOMIALS = {'full': {}, 'effective': {}}
#: spectrum results kept structured (evaluated numerically by the runtime), per variant
STRUCTURED = {'full': {'charpoly': 'structured: det(lambda - M) evaluated numerically; a 5x5 matrix exceeds the expansion limit', 'discriminant': 'structured: discriminant evaluated numerically from the eigenvalues'}, 'effective': {'discriminant': 'structured: discriminant evaluated numerically from the coefficients (about 43165 monomial products when expanded)'}}
