# GENERATED FILE - DO NOT EDIT.
# Contents: Numba kernels of the model 'driven_battery'.
# Produced by nrqb_sym.codegen from the model file driven_battery.toml (model 'driven_battery')
# through the pipeline spec -> quadratic form -> reduction -> moments ->
# steady state -> spectrum -> nonreciprocity.
# Model+pipeline hash: sha256:d27706e1f6633373e44f383e1bd8411d06783c469a7aea041f6c2cabe3f68e34
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Kernels of the model 'driven_battery': matrix form, derived observables and spectrum pieces
(see nrqb_sym.codegen.kernels; the fused passes are in nrqb_sym.runtime.numerics)."""

import cmath
import math

import numpy as np
from numba import njit

from nrqb_sym.runtime import numerics as _nm

MODEL = 'driven_battery'
DESCRIPTION = 'the paper battery with its own drive F_b: one-way link from the charger, so the charger is blind to the battery drive while the battery adds both contributions'
DIGEST = 'd27706e1f6633373e44f383e1bd8411d06783c469a7aea041f6c2cabe3f68e34'
PARAMETERS = ('Delta_a', 'Delta_b', 'Delta_c', 'kappa_a', 'kappa_b', 'kappa_c', 'g_a', 'g_b', 'J', 'theta', 'F', 'F_b', 'omega_a', 'omega_b', 'n_a', 'n_b', 'n_c')
KINDS = {'Delta_a': 'real', 'Delta_b': 'real', 'Delta_c': 'real', 'kappa_a': 'positive', 'kappa_b': 'positive', 'kappa_c': 'positive', 'g_a': 'positive', 'g_b': 'positive', 'J': 'nonnegative', 'theta': 'real', 'F': 'real', 'F_b': 'real', 'omega_a': 'positive', 'omega_b': 'positive', 'n_a': 'nonnegative', 'n_b': 'nonnegative', 'n_c': 'nonnegative'}
DEFAULTS = {'Delta_a': 0.0, 'Delta_b': 0.0, 'Delta_c': 0.0, 'kappa_a': 0.05, 'kappa_b': 0.05, 'kappa_c': 100.0, 'g_a': 5.0, 'g_b': 5.0, 'J': 0.5, 'theta': 1.5707963267948966, 'F': 0.5, 'F_b': 0.25, 'omega_a': 1.0, 'omega_b': 1.0, 'n_a': 0.0, 'n_b': 0.0, 'n_c': 0.0}
LATEX = {'Delta_a': '\\Delta_a', 'Delta_b': '\\Delta_b', 'Delta_c': '\\Delta_c', 'kappa_a': '\\kappa_a', 'kappa_b': '\\kappa_b', 'kappa_c': '\\kappa_c', 'g_a': 'g_a', 'g_b': 'g_b', 'J': 'J', 'theta': '\\theta', 'F': 'F', 'F_b': 'F_b', 'omega_a': '\\omega_a', 'omega_b': '\\omega_b', 'n_a': 'n_a', 'n_b': 'n_b', 'n_c': 'n_c'}
MODES = ('a', 'b', 'c')
KEPT = ('a', 'b')
ELIMINATED = ('c',)
ENERGY_MODES = ('a', 'b')
#: derived observables {name: (expression as written, LaTeX)}; per model variant, those
#: whose modes it has (output order of the fused passes)
DERIVED = {}
DERIVED_ORDER = {'effective': (), 'full': ()}
PRESETS = {}
#: coherent couplings between kept modes written c*J*exp(i*k*theta): (c, J, theta, k)
COUPLINGS = {('a', 'b'): (1.0, 'J', 'theta', 1), ('b', 'a'): (1.0, 'J', 'theta', -1)}
#: whether the <x> and <x'> blocks of the first-moment drift decouple, and whether a
#: coherent state stays coherent for every parameter value (D_n = 0), per variant
DECOUPLED = {'full': True, 'effective': True}
PASSIVE = {'full': False, 'effective': False}
KEEP_EFFECTIVE = np.array([0, 1], dtype=np.int64)
DROP_EFFECTIVE = np.array([2], dtype=np.int64)
DERIVED_USES_EFFECTIVE = {}
KEEP_FULL = np.array([0, 1, 2], dtype=np.int64)
DROP_FULL = np.array([], dtype=np.int64)
DERIVED_USES_FULL = {}


@njit(_nm.MATRICES, cache=True, error_model='numpy')
def matrices(p):
    r"""The full model's matrix form at one parameter point (stage 3):
    d<x_i>/dt = sum_j M1x[i, j] <A_j> + f[i] over A = (x, x'), the normal-ordered
    diffusion Dn (dSigma/dt = M1 Sigma + Sigma M1^T + Dn) and the frequencies omega
    (0 where the model gives none; E_m = omega_m <m'm>).

    Args:
        p: float64[17] parameter values in PARAMETERS order.

    Returns:
        M1x: complex128[3, 6], f: complex128[3], Dn: complex128[6, 6], omega: float64[3]."""
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
    p_F_b = p[11]
    p_omega_a = p[12]
    p_omega_b = p[13]
    p_n_a = p[14]
    p_n_b = p[15]
    p_n_c = p[16]
    _c0 = 1j*p_theta
    _c1 = 1j*p_J
    _c2 = -1j*p_g_a
    _c3 = -1j*p_g_b
    _c4 = p_kappa_a*p_n_a
    _c5 = p_kappa_b*p_n_b
    _c6 = p_kappa_c*p_n_c
    M1x = np.zeros((3, 6), dtype=np.complex128)
    f = np.zeros((3,), dtype=np.complex128)
    Dn = np.zeros((6, 6), dtype=np.complex128)
    omega = np.zeros((3,), dtype=np.float64)
    M1x[0, 0] = -1j*p_Delta_a - 1/2*p_kappa_a
    M1x[0, 1] = -_c1*cmath.exp(_c0)
    M1x[0, 2] = _c2
    M1x[1, 0] = -_c1*cmath.exp(-_c0)
    M1x[1, 1] = -1j*p_Delta_b - 1/2*p_kappa_b
    M1x[1, 2] = _c3
    M1x[2, 0] = _c2
    M1x[2, 1] = _c3
    M1x[2, 2] = -1j*p_Delta_c - 1/2*p_kappa_c
    f[0] = -1j*p_F
    f[1] = -1j*p_F_b
    Dn[0, 3] = _c4
    Dn[1, 4] = _c5
    Dn[2, 5] = _c6
    Dn[3, 0] = _c4
    Dn[4, 1] = _c5
    Dn[5, 2] = _c6
    omega[0] = float(p_omega_a)
    omega[1] = float(p_omega_b)
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
    (<x> block M (3x3); the <x'> block has the conjugate spectrum): coefficients, highest degree first."""
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
    _c0 = (1/2)*p_kappa_a
    _c1 = (1/2)*p_kappa_b
    _c2 = (1/2)*p_kappa_c
    _c3 = 1j*p_Delta_a
    _c4 = 1j*p_Delta_b
    _c5 = 1j*p_Delta_c
    _c6 = p_J**2
    _c7 = p_g_a**2
    _c8 = p_g_b**2
    _c9 = p_Delta_a*p_Delta_b
    _c10 = p_Delta_a*p_Delta_c
    _c11 = p_Delta_b*p_Delta_c
    _c12 = (1/4)*p_kappa_a
    _c13 = p_kappa_b*p_kappa_c
    _c14 = 1j*p_theta
    _c15 = 8*1j*p_J*p_g_a*p_g_b
    _c16 = cmath.exp(_c14)
    _c17 = _c13*_c16
    _c18 = 4*_c16
    _c19 = _c18*p_kappa_c
    _c20 = _c18*p_kappa_b
    _c21 = _c18*p_kappa_a
    _c22 = 8*_c16
    _c23 = _c22*_c3
    _c24 = 2*_c16*p_kappa_a
    c = np.zeros((4,), dtype=np.complex128)
    c[0] = 1
    c[1] = _c0 + _c1 + _c2 + _c3 + _c4 + _c5
    c[2] = _c0*_c4 + _c0*_c5 + _c1*_c3 + _c1*_c5 - _c10 - _c11 + _c12*p_kappa_b + _c12*p_kappa_c + (1/4)*_c13 + _c2*_c3 + _c2*_c4 + _c6 + _c7 + _c8 - _c9
    c[3] = (1/8)*(-_c10*_c20 - _c11*_c21 - _c11*_c23 - _c15*cmath.exp(2*_c14) - _c15 + 2*_c17*_c3 + _c17*p_kappa_a + _c19*_c6 - _c19*_c9 + _c20*_c7 + _c21*_c8 + _c22*_c4*_c7 + _c22*_c5*_c6 + _c23*_c8 + _c24*_c4*p_kappa_c + _c24*_c5*p_kappa_b)*cmath.exp(-_c14)
    return c


@njit(cache=True, error_model='numpy')
def discriminant_full(p):
    r"""Discriminant of the full characteristic polynomial (c[0])."""
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
    _c0 = 1j*p_theta
    _c1 = 6*_c0
    _c2 = cmath.exp(_c1)
    _c3 = 256*_c2
    _c4 = p_kappa_b**4
    _c5 = p_kappa_a**2
    _c6 = _c2*_c5
    _c7 = p_kappa_c**4
    _c8 = p_kappa_b**2
    _c9 = _c2*p_kappa_a**4
    _c10 = p_kappa_c**2
    _c11 = _c2*_c8
    _c12 = _c10*_c2
    _c13 = p_Delta_c**4
    _c14 = 128*_c2
    _c15 = p_Delta_a*p_Delta_b
    _c16 = _c14*_c15
    _c17 = p_J**4
    _c18 = 640*_c2
    _c19 = _c15*_c18
    _c20 = p_g_a**4
    _c21 = 512*_c2
    _c22 = _c20*_c21
    _c23 = p_g_b**4
    _c24 = _c21*_c23
    _c25 = 8*_c2
    _c26 = p_Delta_b**4
    _c27 = p_Delta_a*p_Delta_c
    _c28 = _c17*_c21
    _c29 = p_Delta_a**4
    _c30 = p_Delta_b*p_Delta_c
    _c31 = _c14*_c30
    _c32 = _c2*p_kappa_b
    _c33 = 32*p_kappa_c
    _c34 = _c18*_c30
    _c35 = _c2*p_kappa_a
    _c36 = 32*_c35
    _c37 = _c26*p_kappa_c
    _c38 = _c13*p_kappa_b
    _c39 = _c17*p_kappa_b
    _c40 = 160*_c35
    _c41 = 128*_c17
    _c42 = _c35*p_kappa_c
    _c43 = _c32*p_kappa_c
    _c44 = 128*_c20
    _c45 = _c35*p_kappa_b
    _c46 = _c20*p_kappa_c
    _c47 = 128*_c23
    _c48 = 160*p_kappa_c
    _c49 = _c23*_c32
    _c50 = 2*_c35
    _c51 = 2*p_kappa_c
    _c52 = p_Delta_a**2
    _c53 = 64*_c2
    _c54 = _c52*_c53
    _c55 = 4*_c2
    _c56 = _c52*_c55
    _c57 = p_Delta_b**3
    _c58 = p_Delta_a**3
    _c59 = _c14*_c58
    _c60 = p_Delta_c**3
    _c61 = p_Delta_b**2
    _c62 = _c29*_c53
    _c63 = p_Delta_c**2
    _c64 = p_g_b**2
    _c65 = _c3*_c64
    _c66 = 16*_c29
    _c67 = _c53*_c61
    _c68 = 4*_c9
    _c69 = _c55*_c7
    _c70 = _c14*_c60
    _c71 = _c53*_c63
    _c72 = p_g_a**2
    _c73 = _c3*_c72
    _c74 = 16*_c26
    _c75 = _c4*_c55
    _c76 = p_J**2
    _c77 = _c3*_c76
    _c78 = 16*_c13
    _c79 = 768*_c2
    _c80 = _c76*_c79
    _c81 = 16*_c2
    _c82 = _c76*_c81
    _c83 = _c17*_c79
    _c84 = 16*_c17
    _c85 = _c72*_c79
    _c86 = _c72*_c81
    _c87 = _c64*_c79
    _c88 = 16*_c20
    _c89 = 16*_c23
    _c90 = p_kappa_b**3
    _c91 = _c2*_c90
    _c92 = p_kappa_a**3
    _c93 = 2*_c92
    _c94 = p_kappa_c**3
    _c95 = _c2*_c94
    _c96 = 2*_c94
    _c97 = 1j*p_Delta_a
    _c98 = _c97*p_kappa_a
    _c99 = _c53*_c98
    _c100 = _c53*_c97
    _c101 = 320*_c97
    _c102 = _c101*_c2
    _c103 = _c97*p_kappa_c
    _c104 = _c103*_c3
    _c105 = _c97*p_kappa_b
    _c106 = _c105*_c3
    _c107 = 1j*p_Delta_b
    _c108 = _c107*p_kappa_b
    _c109 = _c107*p_kappa_c
    _c110 = 1j*p_Delta_c
    _c111 = _c110*p_kappa_b
    _c112 = _c110*p_kappa_c
    _c113 = _c53*p_kappa_a
    _c114 = _c107*_c113
    _c115 = _c107*_c53
    _c116 = 320*_c107
    _c117 = _c116*_c35
    _c118 = _c17*_c3
    _c119 = _c107*p_kappa_a
    _c120 = _c119*_c3
    _c121 = _c23*_c53
    _c122 = _c2*p_kappa_c
    _c123 = _c116*_c122
    _c124 = _c110*_c113
    _c125 = _c110*_c53
    _c126 = _c110*p_kappa_a
    _c127 = 320*_c110
    _c128 = _c91*p_kappa_a
    _c129 = 32*_c15
    _c130 = _c81*p_kappa_a
    _c131 = _c15*_c94
    _c132 = _c32*_c92
    _c133 = _c33*_c92
    _c134 = _c81*p_kappa_b
    _c135 = _c33*_c91
    _c136 = _c14*_c57
    _c137 = _c136*p_Delta_a
    _c138 = p_kappa_a*p_kappa_b
    _c139 = p_kappa_a*p_kappa_c
    _c140 = _c53*p_Delta_a
    _c141 = p_kappa_b*p_kappa_c
    _c142 = _c27*_c90
    _c143 = _c95*p_kappa_a
    _c144 = 32*_c27
    _c145 = _c2*_c27
    _c146 = _c95*p_kappa_b
    _c147 = _c81*p_kappa_c
    _c148 = _c70*p_Delta_a
    _c149 = cmath.exp(5*_c0)
    _c150 = 2304*p_J
    _c151 = _c149*_c150
    _c152 = p_g_b**3
    _c153 = p_Delta_a*p_g_a
    _c154 = _c152*_c153
    _c155 = cmath.exp(7*_c0)
    _c156 = _c150*_c155
    _c157 = _c149*p_J
    _c158 = 1152*_c157
    _c159 = p_g_a**3*p_g_b
    _c160 = _c159*p_Delta_a
    _c161 = _c155*p_J
    _c162 = 1152*_c161
    _c163 = 1152*_c149
    _c164 = p_J**3
    _c165 = _c153*p_g_b
    _c166 = _c164*_c165
    _c167 = 1152*_c155
    _c168 = _c59*p_Delta_b
    _c169 = _c141*_c58
    _c170 = _c169*_c53
    _c171 = _c59*p_Delta_c
    _c172 = p_g_a*p_g_b
    _c173 = 256*_c172
    _c174 = _c173*_c58
    _c175 = 32*_c30
    _c176 = _c30*_c92
    _c177 = _c60*p_Delta_b
    _c178 = _c70*p_Delta_b
    _c179 = _c152*p_g_a
    _c180 = _c179*p_Delta_b
    _c181 = _c159*p_Delta_b
    _c182 = _c164*_c172
    _c183 = _c182*p_Delta_b
    _c184 = _c136*p_Delta_c
    _c185 = _c57*p_Delta_c
    _c186 = _c173*_c57
    _c187 = _c149*p_Delta_c
    _c188 = 1152*p_J
    _c189 = _c179*_c188
    _c190 = _c155*p_Delta_c
    _c191 = _c159*_c188
    _c192 = 2304*_c182
    _c193 = _c173*_c60
    _c194 = _c172*p_J
    _c195 = _c187*_c194
    _c196 = 1536*_c15
    _c197 = _c190*_c194
    _c198 = _c157*_c165
    _c199 = 192*_c138
    _c200 = _c161*_c165
    _c201 = 192*_c139
    _c202 = 384*_c141
    _c203 = _c157*_c172
    _c204 = _c203*p_Delta_b
    _c205 = _c161*_c172
    _c206 = _c205*p_Delta_b
    _c207 = 384*_c139
    _c208 = 192*_c141
    _c209 = 384*_c138
    _c210 = 1j*_c81
    _c211 = _c210*_c58
    _c212 = _c210*_c57
    _c213 = _c210*_c60
    _c214 = _c63*p_Delta_a
    _c215 = _c21*p_Delta_a
    _c216 = _c57*_c72
    _c217 = 96*_c57
    _c218 = _c6*p_Delta_a
    _c219 = 32*p_Delta_a
    _c220 = _c60*_c76
    _c221 = 96*_c60
    _c222 = _c11*_c60
    _c223 = 24*_c52
    _c224 = 8*_c52
    _c225 = _c91*p_kappa_c
    _c226 = _c64*p_Delta_b
    _c227 = _c21*_c58
    _c228 = _c11*p_Delta_b
    _c229 = 96*_c58
    _c230 = 32*_c58
    _c231 = _c12*p_Delta_b
    _c232 = _c64*p_Delta_c
    _c233 = _c11*p_Delta_c
    _c234 = _c12*p_Delta_c
    _c235 = _c21*_c76
    _c236 = 32*_c6
    _c237 = 8*p_kappa_a
    _c238 = _c61*_c95
    _c239 = 24*_c61
    _c240 = 8*_c92
    _c241 = _c240*p_kappa_c
    _c242 = _c2*_c61
    _c243 = _c21*_c72
    _c244 = _c237*_c91
    _c245 = _c32*_c63
    _c246 = 24*_c63
    _c247 = 32*_c76
    _c248 = _c2*_c76
    _c249 = _c248*p_kappa_b
    _c250 = 8*_c76
    _c251 = 32*_c72
    _c252 = _c237*_c95
    _c253 = _c240*_c72
    _c254 = 8*_c72
    _c255 = _c72*_c91
    _c256 = _c2*_c64
    _c257 = _c256*_c92
    _c258 = 8*_c64
    _c259 = _c11*p_kappa_a
    _c260 = _c12*p_kappa_a
    _c261 = _c6*p_kappa_b
    _c262 = _c6*_c90
    _c263 = _c12*p_kappa_b
    _c264 = _c11*p_kappa_c
    _c265 = _c110*_c92
    _c266 = 1j*p_kappa_a
    _c267 = _c15*_c70
    _c268 = 1j*p_kappa_b
    _c269 = 1j*p_kappa_c
    _c270 = _c15*_c269
    _c271 = _c136*_c27
    _c272 = _c268*_c57
    _c273 = _c210*p_Delta_a
    _c274 = _c266*_c30
    _c275 = _c30*_c59
    _c276 = _c266*_c53
    _c277 = _c210*_c90
    _c278 = _c241*_c32
    _c279 = _c276*_c57
    _c280 = _c210*p_Delta_c
    _c281 = _c276*_c60
    _c282 = 1j*_c92
    _c283 = 32*_c282
    _c284 = 1j*_c90
    _c285 = 32*_c284
    _c286 = 32*1j*_c94
    _c287 = _c179*_c266
    _c288 = 576*_c179
    _c289 = _c157*_c268
    _c290 = _c161*_c288
    _c291 = _c157*_c269
    _c292 = 576*_c159
    _c293 = _c157*_c266
    _c294 = _c161*_c292
    _c295 = _c159*_c268
    _c296 = 576*_c182
    _c297 = _c266*_c296
    _c298 = _c268*_c296
    _c299 = _c182*_c269
    _c300 = _c15*_c63
    _c301 = 384*_c45
    _c302 = 192*_c42
    _c303 = 192*_c15
    _c304 = _c245*p_kappa_c
    _c305 = _c138*_c15
    _c306 = _c248*p_kappa_a
    _c307 = _c306*p_kappa_c
    _c308 = 320*_c15
    _c309 = _c249*p_kappa_c
    _c310 = 320*_c72
    _c311 = _c310*_c42
    _c312 = _c15*_c72
    _c313 = 640*_c312
    _c314 = _c14*_c64
    _c315 = _c256*p_kappa_a
    _c316 = _c315*p_kappa_c
    _c317 = 640*_c15
    _c318 = _c141*_c256
    _c319 = 96*_c15
    _c320 = _c260*p_kappa_b
    _c321 = _c259*p_kappa_c
    _c322 = 48*_c15
    _c323 = _c261*p_kappa_c
    _c324 = _c45*_c61
    _c325 = 192*_c27
    _c326 = _c42*_c61
    _c327 = 384*_c27
    _c328 = _c43*_c61
    _c329 = 384*_c61
    _c330 = _c165*_c329
    _c331 = _c249*p_kappa_a
    _c332 = 320*_c331
    _c333 = _c14*_c76
    _c334 = _c139*_c27
    _c335 = 640*_c27
    _c336 = _c27*_c310
    _c337 = _c315*p_kappa_b
    _c338 = 320*_c318
    _c339 = 48*_c27
    _c340 = 96*_c27
    _c341 = 384*_c214
    _c342 = 192*_c5
    _c343 = 96*_c8
    _c344 = 96*_c10
    _c345 = _c30*_c52
    _c346 = 384*_c52
    _c347 = _c346*p_Delta_b
    _c348 = _c194*_c346
    _c349 = _c30*_c333
    _c350 = _c30*_c72
    _c351 = 320*_c30
    _c352 = 48*_c30
    _c353 = 96*_c30
    _c354 = 384*_c63
    _c355 = _c354*p_Delta_b
    _c356 = 96*_c5
    _c357 = 192*_c8
    _c358 = _c194*_c329
    _c359 = 192*_c10
    _c360 = _c112*_c15
    _c361 = _c172*_c293
    _c362 = 384*_c15
    _c363 = _c205*_c266
    _c364 = _c172*_c289
    _c365 = _c205*_c268
    _c366 = _c172*_c291
    _c367 = 768*_c205
    _c368 = 768*_c27
    _c369 = _c205*_c269
    _c370 = 384*_c30
    _c371 = _c273*_c94
    _c372 = _c76*_c94
    _c373 = _c72*_c90
    _c374 = 12*1j
    _c375 = _c218*_c374
    _c376 = _c240*_c97
    _c377 = 4*_c97
    _c378 = 32*_c52
    _c379 = _c107*_c91
    _c380 = _c210*p_Delta_b
    _c381 = 192*1j
    _c382 = _c381*_c57
    _c383 = _c35*_c52
    _c384 = _c136*_c268
    _c385 = _c269*_c57
    _c386 = _c110*_c95
    _c387 = _c381*_c60
    _c388 = _c269*_c52
    _c389 = _c266*_c59
    _c390 = _c32*_c61
    _c391 = _c381*_c58
    _c392 = _c122*_c63
    _c393 = _c268*_c53
    _c394 = _c393*_c58
    _c395 = _c269*_c53
    _c396 = _c395*_c58
    _c397 = _c266*_c64
    _c398 = _c58*_c65
    _c399 = 1j*_c230
    _c400 = 16*1j
    _c401 = _c400*_c58
    _c402 = _c107*_c86
    _c403 = _c282*_c53
    _c404 = _c6*_c94
    _c405 = 12*_c282
    _c406 = 4*_c282
    _c407 = _c61*p_kappa_c
    _c408 = _c395*_c57
    _c409 = _c57*_c73
    _c410 = 1j*_c57
    _c411 = _c110*_c82
    _c412 = 128*_c76
    _c413 = 8*_c11
    _c414 = _c60*_c77
    _c415 = _c393*_c60
    _c416 = _c400*_c60
    _c417 = 1j*_c33
    _c418 = _c417*_c6
    _c419 = 1280*_c248
    _c420 = _c63*_c72
    _c421 = 640*_c256
    _c422 = 96*_c63
    _c423 = _c15*_c6
    _c424 = _c11*_c63
    _c425 = _c12*_c63
    _c426 = _c15*_c333
    _c427 = _c6*_c76
    _c428 = _c11*_c76
    _c429 = _c12*_c76
    _c430 = 2432*_c256
    _c431 = _c6*_c72
    _c432 = 384*_c11
    _c433 = _c432*_c72
    _c434 = 160*_c72
    _c435 = _c12*_c15
    _c436 = 384*_c64
    _c437 = _c436*_c6
    _c438 = _c11*_c64
    _c439 = 160*_c64
    _c440 = _c6*_c8
    _c441 = 24*_c10
    _c442 = _c10*_c11
    _c443 = 24*_c442
    _c444 = _c27*_c61
    _c445 = _c61*_c72
    _c446 = _c6*_c61
    _c447 = _c11*_c61
    _c448 = _c12*_c61
    _c449 = _c27*_c72
    _c450 = 384*_c429
    _c451 = _c27*_c6
    _c452 = 96*_c72
    _c453 = _c11*_c27
    _c454 = _c12*_c27
    _c455 = 24*_c8
    _c456 = _c10*_c6
    _c457 = _c52*_c76
    _c458 = _c52*_c72
    _c459 = 1280*_c256
    _c460 = _c52*_c6
    _c461 = 96*_c52
    _c462 = _c30*_c461
    _c463 = 288*_c52
    _c464 = _c45*_c461
    _c465 = 96*_c457
    _c466 = _c32*_c48
    _c467 = _c461*_c72
    _c468 = _c30*_c6
    _c469 = 320*_c64
    _c470 = 96*_c61
    _c471 = _c48*_c61
    _c472 = 384*_c445
    _c473 = 48*_c407
    _c474 = 24*_c141
    _c475 = _c40*p_kappa_b
    _c476 = 96*_c420
    _c477 = 48*_c63
    _c478 = _c6*_c63
    _c479 = _c33*_c72
    _c480 = 608*_c72
    _c481 = _c76*p_kappa_b
    _c482 = 80*_c260
    _c483 = 40*_c321
    _c484 = 40*_c323
    _c485 = _c256*p_kappa_b
    _c486 = 40*_c320
    _c487 = 80*p_kappa_c
    _c488 = _c259*_c72
    _c489 = 640*_c306
    _c490 = _c110*_c249
    _c491 = _c110*_c35
    _c492 = _c15*_c421
    _c493 = _c110*_c259
    _c494 = _c234*_c266
    _c495 = _c110*_c261
    _c496 = _c112*_c6
    _c497 = _c234*_c268
    _c498 = _c110*_c264
    _c499 = _c45*_c470
    _c500 = _c214*_c269
    _c501 = 192*_c52
    _c502 = 192*_c205
    _c503 = _c109*_c45
    _c504 = _c107*_c48
    _c505 = 192*_c61
    _c506 = _c266*_c61
    _c507 = _c381*_c407
    _c508 = _c112*_c72
    _c509 = 192*_c63
    _c510 = 48*_c8
    _c511 = 48*_c10
    _c512 = 48*_c5
    _c513 = _c10*_c268
    _c514 = 48*_c205
    _c515 = _c269*_c8
    _c516 = _c242*_c346
    _c517 = _c21*_c61
    _c518 = _c14*_c52
    _c519 = _c61*_c64
    _c520 = _c14*_c457
    _c521 = _c21*_c420
    _c522 = _c63*_c64
    _c523 = 128*_c11
    _c524 = 32*_c12
    _c525 = _c459*_c72
    _c526 = _c11*_c52
    _c527 = 128*_c12
    _c528 = 32*_c64
    _c529 = _c12*_c528
    _c530 = _c63*_c76
    _c531 = _c14*_c530
    _c532 = _c14*_c445
    _c533 = 32*_c11
    _c534 = 128*_c6
    _c535 = _c72*_c76
    _c536 = 1728*_c535*_c64
    _c537 = _c236*_c76
    _c538 = _c310*_c64
    _c539 = _c10*_c72
    _c540 = 1j*_c214
    _c541 = _c76*_c98
    _c542 = 192*_c97
    _c543 = _c101*_c407
    _c544 = _c61*_c85
    _c545 = 640*_c445
    _c546 = _c14*_c98
    _c547 = _c485*_c97
    _c548 = _c259*_c97
    _c549 = 144*_c61
    _c550 = _c264*_c470
    _c551 = _c122*_c420
    _c552 = 192*_c256
    _c553 = 96*_c540
    _c554 = 48*_c540
    _c555 = _c100*_c535
    _c556 = _c100*_c64
    _c557 = 1216*_c76
    _c558 = 1j*_c219
    _c559 = 48*_c218
    _c560 = _c269*_c76
    _c561 = 160*_c76
    _c562 = _c263*_c97
    _c563 = 80*_c76
    _c564 = _c264*_c97
    _c565 = 1216*_c72
    _c566 = _c72*_c97
    _c567 = _c268*_c72
    _c568 = _c269*_c72
    _c569 = 80*_c562
    _c570 = _c268*_c64
    _c571 = 192*_c218
    _c572 = _c269*_c64
    _c573 = 12*_c218
    _c574 = 192*_c107
    _c575 = 192*_c35
    _c576 = _c107*_c575
    _c577 = _c108*_c21
    _c578 = _c108*_c72
    _c579 = _c52*_c87
    _c580 = _c226*_c268
    _c581 = _c421*_c52
    _c582 = _c228*_c266
    _c583 = 144*_c52
    _c584 = _c107*_c260
    _c585 = 48*_c52
    _c586 = _c107*_c261
    _c587 = _c107*_c263
    _c588 = 48*_c228
    _c589 = _c110*_c575
    _c590 = _c127*_c32
    _c591 = _c232*_c269
    _c592 = _c109*_c63
    _c593 = _c226*_c76
    _c594 = _c107*_c487
    _c595 = 1j*_c226
    _c596 = _c127*_c61
    _c597 = 48*_c234
    _c598 = 192*_c76
    _c599 = _c233*_c417
    _c600 = _c232*_c72
    _c601 = 1j*_c232
    c = np.zeros((1,), dtype=np.complex128)
    c[0] = (1/64)*(12*_c10*_c582 + _c10*_c9 - _c100*_c37 + _c100*_c372 + _c100*_c373 - _c100*_c38 - _c101*_c32*_c420 - _c101*_c337*p_kappa_c - _c102*_c39 - _c102*_c46 + _c103*_c244 - _c103*_c256*_c557 + _c103*_c475*_c72 - _c103*_c499 - _c103*_c75 + _c104*_c17 + _c104*_c23 + _c105*_c252 - 48*_c105*_c448 - _c105*_c544 - _c105*_c69 + _c106*_c20 + _c106*_c23 - _c107*_c245*_c346 - 128*_c107*_c255 + 8*_c107*_c262 + _c107*_c278 + _c107*_c3*_c46 - _c107*_c315*_c565 + 4*_c107*_c404 + _c107*_c482*_c72 + _c107*_c489*_c63 + _c107*_c82*_c92 + _c108*_c121 + _c108*_c14*_c420 - _c108*_c22 + _c108*_c252 + _c108*_c525 + _c108*_c531 + _c108*_c62 + _c108*_c68 + _c108*_c69 + _c109*_c118 - _c109*_c248*_c565 + 12*_c109*_c440 + _c109*_c461*_c6 - _c109*_c464 - 48*_c109*_c478 + _c109*_c581 - _c109*_c62 - _c109*_c68 + _c11*_c376 + _c11*_c377*_c94 - _c11*_c44 + _c11*_c462 - _c11*_c48*_c566 + _c11*_c538 + _c11*_c66 + _c11*_c7 + _c11*_c78 + _c11*_c84 + _c11*_c89 - _c110*_c122*_c313 - _c110*_c15*_c489 - 32*_c110*_c238 + 4*_c110*_c262 + _c110*_c278 + _c110*_c3*_c39 + 1280*_c110*_c312*_c32 - _c110*_c315*_c557 - _c110*_c33*_c427 + _c110*_c337*_c48 + _c110*_c383*_c505 + _c110*_c390*_c501 + 8*_c110*_c404 + _c110*_c413*_c94 - _c110*_c550 + _c111*_c20*_c3 - 48*_c111*_c446 + 12*_c111*_c456 - _c111*_c492 - _c111*_c544 - _c111*_c552*_c61 + _c111*_c581 - _c111*_c62 - _c111*_c68 + _c112*_c121 + _c112*_c21*_c458 + _c112*_c244 - _c112*_c28 + _c112*_c333*_c61 + 96*_c112*_c446 + _c112*_c459*_c76 - _c112*_c464 - _c112*_c492 - _c112*_c499 - _c112*_c516 + _c112*_c520 + _c112*_c532 + _c112*_c62 + _c112*_c68 + _c112*_c75 - _c114*_c13 - _c114*_c535 + _c115*_c372 + _c115*_c38 + _c115*_c39 - _c116*_c315*_c63 - _c117*_c17 - _c117*_c420 + _c118*_c126 - _c119*_c579 - _c119*_c69 + _c12*_c219*_c57 + _c12*_c30*_c452 - _c12*_c353*_c64 + _c12*_c376 + _c12*_c377*_c90 + _c12*_c4 - _c12*_c41 + _c12*_c462 + 384*_c12*_c530 + _c12*_c66 + _c12*_c74 + _c12*_c88 + _c12*_c89 + _c120*_c20 + _c120*_c23 + _c122*_c246*_c92 + _c122*_c253 + _c122*_c545*_c97 - _c123*_c23 - _c123*_c457 - _c123*_c458 - _c124*_c26 - _c124*_c535 + _c125*_c131 + _c125*_c15*_c90 + _c125*_c37 + _c125*_c373 + _c125*_c46 + _c126*_c15*_c459 + _c126*_c23*_c3 + 12*_c126*_c442 - _c126*_c579 - _c126*_c75 - _c127*_c20*_c35 - _c127*_c309*p_kappa_a - _c127*_c49 - _c128*_c129 + _c128*_c175 + _c128*_c223 + _c128*_c251 - _c129*_c132 + _c13*_c16 - _c13*_c54 - _c13*_c67 - _c13*_c77 + _c13*_c99 - _c130*_c131 - _c130*_c142 - _c131*_c134 + _c132*_c144 + _c132*_c239 - _c133*_c145 + _c133*_c15*_c2 - _c134*_c176 + _c135*_c15 - _c135*_c30 - _c136*_c214 + _c137*_c138 - _c137*_c141 - _c137*_c64 + _c137*_c76 + _c138*_c140*_c60 + _c138*_c16*_c72 + _c138*_c168 - _c138*_c171 + _c138*_c177*_c53 - _c138*_c184 - _c138*_c280*_c94 - 24*_c138*_c448 + _c139*_c140*_c57 + _c139*_c148 - _c139*_c168 + _c139*_c171 - _c139*_c178 + _c139*_c185*_c53 - _c139*_c277*p_Delta_b - 24*_c139*_c424 + _c14*_c26*_c27 - _c141*_c148 + _c141*_c178 + _c141*_c184 + _c141*_c21*_c30*_c64 - _c141*_c273*_c92 + _c141*_c279 + _c141*_c281 + _c141*_c31*_c72 + _c141*_c349 + 48*_c141*_c460 - _c142*_c147 - _c143*_c144 + _c143*_c175 + _c143*_c223 + _c143*_c247 + _c144*_c146 - 1280*_c145*_c445 - _c146*_c175 - _c146*_c224 + _c146*_c239 + _c146*_c247 - _c146*_c254 + _c146*_c258 - _c147*_c176 - _c148*_c61 - _c148*_c64 + _c148*_c72 - _c149*_c297 - _c149*_c298 - _c15*_c22 - _c15*_c24 + _c15*_c25*_c7 + _c15*_c265*_c53 - _c15*_c311 - 768*_c15*_c366 - _c15*_c433 - _c15*_c437 + 72*_c15*_c440 - _c15*_c443 - _c151*_c154 - _c151*_c181 - _c154*_c156 - _c155*_c297 - _c155*_c298 - _c156*_c181 + _c157*_c174 + _c157*_c186 + _c157*_c193 - _c157*_c330 + _c158*_c160 + _c158*_c180 + _c158*_c287 + _c158*_c295 + _c160*_c162 + _c161*_c174 + _c161*_c186 + _c161*_c193 - _c161*_c330 + _c162*_c180 + _c162*_c287 + _c162*_c295 + _c163*_c166 + _c163*_c183 + _c163*_c299 + _c166*_c167 + _c167*_c183 + _c167*_c299 - _c168*_c63 - _c168*_c72 + _c168*_c76 + _c169*_c276 + _c17*_c19 - _c17*_c54 - _c17*_c67 + _c17*_c99 + _c170*p_Delta_b + _c170*p_Delta_c - _c171*_c61 + _c171*_c72 - _c171*_c76 + _c177*_c235 + _c177*_c236 - _c178*_c52 + _c178*_c64 - _c178*_c72 + _c18*_c20*_c27 - _c184*_c52 + _c184*_c64 - _c184*_c76 + _c185*_c236 + _c185*_c243 + _c187*_c189 + _c187*_c191 - _c187*_c192 - _c187*_c348 - _c187*_c358 + _c189*_c190 + _c19*_c420 + _c190*_c191 - _c190*_c192 - _c190*_c348 - _c190*_c358 + _c195*_c196 + _c195*_c201 + _c195*_c208 - _c195*_c209 + _c195*_c343 + _c195*_c356 - _c195*_c359 + _c196*_c197 + _c197*_c201 + _c197*_c208 - _c197*_c209 + _c197*_c343 + _c197*_c356 - _c197*_c359 + _c198*_c199 + _c198*_c201 - _c198*_c202 - _c198*_c342 + _c198*_c343 + _c198*_c344 + _c199*_c200 + _c199*_c204 + _c199*_c206 - _c2*_c214*_c283 - _c20*_c54 - _c20*_c71 - _c20*_c80 - _c20*_c87 + _c20*_c99 + _c200*_c201 - _c200*_c202 - _c200*_c342 + _c200*_c343 + _c200*_c344 + _c203*_c283 + _c203*_c285 + _c203*_c286 - _c203*_c341 - _c203*_c347 - _c203*_c355 + 192*_c203*_c388 + _c203*_c507 - _c204*_c207 + _c204*_c208 + _c204*_c344 + _c204*_c356 - _c204*_c357 + _c205*_c283 + _c205*_c285 + _c205*_c286 - _c205*_c341 - _c205*_c347 - _c205*_c355 + _c205*_c507 - _c206*_c207 + _c206*_c208 + _c206*_c344 + _c206*_c356 - _c206*_c357 + _c208*_c361 + _c208*_c363 + _c21*_c216*_c268 + _c21*_c220*_c269 + _c210*_c226*_c94 + _c211*_c90 + _c211*_c94 + _c212*_c92 + _c212*_c94 + _c213*_c90 + _c213*_c92 - 320*_c214*_c256*_c268 - _c214*_c277 + _c214*_c381*_c390 + _c215*_c216 + _c215*_c220 - _c217*_c218 - _c217*_c234 - _c218*_c221 + _c218*_c268*_c549 - 1j*_c218*_c473 + _c219*_c222 - _c219*_c242*_c282 - _c22*_c30 + _c22*_c61 - _c221*_c228 - _c222*_c417 - _c223*_c320 - _c223*_c321 + _c223*_c442 - _c224*_c225 + _c225*_c246 - _c225*_c250 + _c225*_c258 + _c226*_c227 - _c226*_c395*_c72 + _c226*_c403 + _c227*_c232 + _c227*_c397 - _c228*_c229 + 144*_c228*_c269*_c63 - _c228*_c374*_c94 - _c228*_c405 + 192*_c228*_c568 - _c229*_c234 + _c23*_c34 - _c23*_c67 - _c23*_c71 - _c23*_c80 - _c23*_c85 + _c230*_c231 + _c230*_c233 + 8*_c231*_c284 + _c231*_c406 + _c232*_c277 - _c232*_c393*_c76 + _c232*_c403 - _c232*_c418 + _c233*_c406 - _c234*_c374*_c90 - _c234*_c405 + _c235*_c305 - _c236*_c272 + _c236*_c445 + _c236*_c519 + _c236*_c522 + _c236*_c530 - _c236*_c539 - _c236*_c578 - _c236*_c580 - _c237*_c238 - _c239*_c442 - _c24*_c27 + _c24*_c52 - _c24*_c98 - _c240*_c245 + _c240*_c249 - _c241*_c242 - _c241*_c248 + 192*_c242*_c500 + _c243*_c334 - _c244*_c63 - _c244*_c64 + _c244*_c76 - 288*_c245*_c407 - _c247*_c337 + _c247*_c448 - _c247*_c587 + 2432*_c248*_c350 + 640*_c248*_c444 - _c248*_c543 + _c249*_c48*_c98 + 640*_c249*_c540 - _c249*_c542*_c61 + _c25*_c27*_c4 - _c250*_c442 - _c250*_c456 - _c251*_c331 + _c251*_c526 - _c251*_c587 - _c252*_c64 + _c252*_c72 - _c253*_c32 - _c254*_c440 + _c255*_c33 - _c256*_c33*_c481 + 1920*_c256*_c535 - _c256*_c543 + _c257*_c33 + 32*_c257*p_kappa_b - _c258*_c440 - _c258*_c456 - _c259*_c399 - _c259*_c416 + _c259*_c473 + _c259*_c553 + 80*_c259*_c601 + _c259*_c96 - _c26*_c54 - _c26*_c71 - _c26*_c73 + _c26*_c99 - _c260*_c399 - 16*_c260*_c410 - _c260*_c528*_c97 - _c260*_c553 - _c260*_c558*_c76 - 128*_c260*_c566 + 2*_c260*_c90 - _c261*_c416 - _c261*_c487*_c64 - _c261*_c554 - 160*_c261*_c601 + _c261*_c96 + _c262*_c51 - _c263*_c401 - 32*_c263*_c410 + _c263*_c553 - 128*_c263*_c595 + _c263*_c93 - _c264*_c401 - _c264*_c554 - 128*_c264*_c601 + _c264*_c93 + _c265*_c86 + _c266*_c267 + _c266*_c271 - _c266*_c294 - _c266*_c409 - _c266*_c414 + _c266*_c57*_c71 + _c266*_c597*_c72 + _c266*_c60*_c67 + _c267*_c268 + _c268*_c275 - _c268*_c290 - _c268*_c398 - _c268*_c414 + _c268*_c54*_c60 + _c268*_c559*_c76 + _c268*_c58*_c71 + _c269*_c271 + _c269*_c275 - _c269*_c290 - _c269*_c294 - _c269*_c398 - _c269*_c409 + _c269*_c58*_c67 - _c27*_c272*_c3 - _c27*_c28 - _c27*_c332 - _c27*_c338 - 160*_c27*_c428 + _c27*_c430*_c76 - _c27*_c437 - _c27*_c443 - _c27*_c450 + 72*_c27*_c456 - _c270*_c3*_c60 - _c270*_c367 - _c273*_c64*_c90 - _c274*_c3*_c58 - _c274*_c367 - _c276*_c593 - _c276*_c600 - _c277*_c52*p_Delta_c + _c279*_c64 - _c279*_c76 - _c28*_c30 + _c28*_c63 - _c280*_c61*_c92 + _c281*_c64 - _c281*_c72 - _c288*_c289 - _c288*_c291 + _c29*_c31 - _c29*_c32*_c33 - _c29*_c65 - _c291*_c292 - _c292*_c293 - _c3*p_J**6 - _c3*p_g_a**6 - _c3*p_g_b**6 + 640*_c30*_c307 - _c30*_c311 - _c30*_c332 - _c30*_c346*_c43 - 768*_c30*_c361 - 160*_c30*_c427 - _c30*_c433 + 72*_c30*_c442 - _c30*_c450 - 192*_c30*_c460 + 8*_c30*_c9 - _c300*_c301 + _c300*_c302 - _c300*_c419 + _c300*_c421 + _c301*_c360 + _c302*_c345 + _c303*_c304 - _c303*_c425 + _c304*_c461 + _c305*_c314 - _c306*_c471 - _c306*_c479 - _c306*_c596 - _c307*_c308 - _c307*_c354 - _c308*_c309 - _c308*_c318 + _c308*_c429 + _c309*_c335 - _c309*_c354 + _c309*_c470 - _c309*_c480 + _c310*_c428 + _c310*_c429 + _c310*_c453 - _c310*_c503 + _c312*_c430 + _c313*_c43 - _c313*_c491 + _c314*_c334 + _c314*_c350 - _c314*_c420 + _c314*_c449 + _c314*_c508 - _c314*_c92*_c97 - _c315*_c471 - _c315*_c479 - _c315*_c596 + _c316*_c317 - _c316*_c346 - _c316*_c351 + _c316*_c422 - 608*_c316*_c76 - _c317*_c490 - _c318*_c422 - _c318*_c470 + _c319*_c320 + _c319*_c424 - _c319*_c427 - _c319*_c428 + _c319*_c431 + _c319*_c438 - _c319*_c493 - _c319*_c494 - _c319*_c495 - _c319*_c496 - _c319*_c497 - _c319*_c498 - _c320*_c339 - _c320*_c352 + _c320*_c477 - _c321*_c322 + _c321*_c340 - _c321*_c352 - _c322*_c323 - _c323*_c339 + _c323*_c353 + _c324*_c325 + _c324*_c422 - _c324*_c463 + _c325*_c328 - _c325*_c447 - _c326*_c327 + _c326*_c422 + _c326*_c461 + _c327*_c361 + _c327*_c363 + _c327*_c366 + _c327*_c369 + _c328*_c461 - _c329*_c35*_c540 - _c329*_c364 - _c329*_c365 - _c331*_c470 + _c331*_c504 + _c332*_c63 + _c333*_c334 + _c333*_c449 - _c333*_c519 + _c333*_c580 + _c333*_c72*_c98 + _c335*_c337 - _c336*_c43 - _c336*_c45 - _c337*_c346 - _c337*_c351 + _c337*_c470 - _c337*_c480 + _c337*_c504 - 160*_c337*_c63 + _c338*_c52 + _c34*_c457 + _c34*_c458 + _c340*_c427 + _c340*_c446 + _c340*_c448 + 192*_c345*_c45 - _c345*_c459 - _c346*_c361 - _c346*_c363 + _c349*_c64 + 640*_c350*_c45 + _c353*_c428 - _c353*_c438 - _c354*_c366 - _c354*_c369 - _c36*_c37 - _c36*_c38 + _c360*_c419 + _c361*_c362 + _c361*_c505 + _c361*_c509 - _c361*_c510 - _c361*_c511 + _c362*_c363 + _c362*_c364 + _c362*_c365 + _c363*_c509 - _c363*_c510 - _c363*_c511 - _c364*_c368 + _c364*_c370 + _c364*_c501 + _c364*_c509 - _c364*_c511 - _c364*_c512 - _c365*_c368 + _c365*_c370 + _c365*_c501 + _c365*_c509 - _c365*_c512 + _c366*_c370 - _c366*_c510 - _c366*_c512 + _c369*_c370 - _c369*_c512 - _c371*_c61 - _c371*_c64 - _c375*_c90 - _c375*_c94 - _c378*_c379 - _c378*_c386 - 32*_c379*_c63 - _c380*_c52*_c94 - _c380*_c63*_c92 - _c382*_c383 - _c382*_c392 - _c383*_c387 + _c383*_c574*_c63 + _c384*_c52 + _c384*_c63 + _c385*_c54 - 16*_c385*_c6 - _c386*_c412 - _c387*_c390 + _c388*_c502 - _c388*_c588 + _c388*_c70 + _c389*_c61 + _c389*_c63 - _c39*_c40 - _c390*_c391 - _c391*_c392 + _c392*_c52*_c574 - _c393*_c600 + _c394*_c72 - _c394*_c76 - _c395*_c593 - _c396*_c72 + _c396*_c76 - _c397*_c588 - _c397*_c597 - _c4*_c50*p_kappa_c - _c4*_c56 + _c4*_c6 - _c4*_c86 - _c40*_c46 - _c402*_c92 - _c402*_c94 + 1j*_c407*_c70 - _c408*_c64 + _c408*_c76 + _c41*_c42 + _c41*_c43 - _c411*_c90 - _c411*_c92 + _c412*_c446 - _c412*_c548 - _c412*_c586 - _c413*_c539 - _c415*_c64 + _c415*_c72 - _c418*_c60 - _c419*_c420 - _c419*_c445 + _c419*_c508 + _c419*_c578 + 320*_c42*_c445 - _c42*_c463*_c63 + _c42*_c465 - _c42*_c467 + _c42*_c47 - _c42*_c476 - _c420*_c475 + _c420*_c533 + _c420*_c534 + _c421*_c444 + _c422*_c423 - _c422*_c446 + _c422*_c448 - _c422*_c503 + _c422*_c584 + _c422*_c586 - _c422*_c587 - _c423*_c441 - _c424*_c441 - _c424*_c461 + _c424*_c470 + _c425*_c461 + _c426*_c64 + _c426*_c72 + _c427*_c469 + _c427*_c594 + _c428*_c528 + _c429*_c469 + _c43*_c44 - _c43*_c472 + _c43*_c476 + _c431*_c594 + _c432*_c445 - _c434*_c435 - _c434*_c468 - _c434*_c493 - _c435*_c439 + _c436*_c460 - _c439*_c453 + _c44*_c45 + _c441*_c446 - _c441*_c460 - _c441*_c468 - _c441*_c478 - _c441*_c586 - _c442*_c528 - _c443*_c98 - _c445*_c518 + _c445*_c524 - _c446*_c455 + _c446*_c461 - _c446*_c474 + _c447*_c461 - _c448*_c461 + 96*_c448*_c98 - _c45*_c465 + _c45*_c467 + _c45*_c47 - _c45*_c472 - 96*_c45*_c500 - _c451*_c452 - _c451*_c455 - _c452*_c454 + 96*_c454*_c64 - _c455*_c460 - _c455*_c468 + _c455*_c478 - _c455*_c496 - 6*_c456*_c8 - _c457*_c459 - _c457*_c466 - _c457*_c517 + _c457*_c523 + _c457*_c524 - _c457*_c576 + _c457*_c577 + _c457*_c589 - _c457*_c590 - _c458*_c466 + _c458*_c527 + _c458*_c576 - _c458*_c589 - _c458*_c590 - _c459*_c530 + _c459*_c541 + _c461*_c478 + _c461*_c495 - _c461*_c496 + _c461*_c498 - _c461*_c586 + _c461*_c587 + _c464*_c63 + _c468*_c469 - _c47*_c6 + _c470*_c493 - _c470*_c548 - _c474*_c478 + _c475*_c508 - _c477*_c582 - _c479*_c485 - _c48*_c49 - _c48*_c595*_c6 - _c481*_c482 - _c481*_c556 + _c482*_c595 + _c483*_c64 + _c483*_c76 + _c484*_c72 + _c484*_c76 + _c486*_c64 + _c486*_c72 - _c487*_c488 - _c488*_c558 + _c490*_c505 - _c490*_c565 + _c491*_c545 + _c493*_c563 - _c493*_c585 + _c494*_c583 + _c494*_c598 + _c495*_c563 + 80*_c495*_c72 + _c497*_c549 - _c497*_c585 + _c497*_c598 - _c50*_c7*p_kappa_b + _c500*_c552 + 144*_c500*_c6 - _c500*_c80 + _c502*_c506 + _c505*_c547 - _c506*_c597 - _c508*_c534 - _c51*_c9*p_kappa_b - _c513*_c514 + _c513*_c573 - _c514*_c515 + _c515*_c573 + _c516*_c63 - _c517*_c522 + _c517*_c541 + _c517*_c591 - _c518*_c519 - _c518*_c522 + _c518*_c578 + _c518*_c580 + _c518*_c591 + _c519*_c527 + _c519*_c546 - _c52*_c521 - _c52*_c525 + _c52*_c529 - _c520*_c63 - _c520*_c72 + _c521*_c98 + _c522*_c523 + _c522*_c546 + _c522*_c577 - _c525*_c61 + _c525*_c98 + _c526*_c528 - _c528*_c548 + _c529*_c72 + _c530*_c533 - _c531*_c61 + _c531*_c98 - _c532*_c63 + _c532*_c98 + _c536*cmath.exp(8*_c0) + _c536*cmath.exp(4*_c0) + _c537*_c72 - _c537*_c8 + _c538*_c6 - _c542*_c551 - _c547*_c565 + _c550*_c97 + _c551*_c574 - _c552*_c592 - _c555*p_kappa_b - _c555*p_kappa_c - _c556*_c72*p_kappa_c - _c559*_c560 - _c559*_c567 + _c559*_c568 - _c56*_c7 - _c560*_c588 - _c561*_c562 - _c561*_c584 + _c563*_c564 + 80*_c564*_c64 - _c567*_c597 + _c569*_c64 + _c569*_c72 + _c57*_c59 + _c57*_c70 + _c570*_c571 + _c570*_c597 + _c571*_c572 + _c572*_c588 + _c582*_c583 + 192*_c582*_c72 + 48*_c582*_c76 - _c584*_c585 + _c59*_c60 - _c592*_c80 - _c599*_c72 - _c599*_c76 + _c6*_c7 + _c6*_c74 + _c6*_c78 + _c6*_c84 + _c6*_c88 - _c61*_c62 - _c61*_c68 - _c61*_c69 - _c62*_c63 - _c63*_c68 - _c63*_c75 - _c64*_c83 - 16*_c64*_c9 + _c69*_c98 - _c7*_c82 - _c72*_c83 + _c75*_c98 + _c8*_c9 + _c82*_c90*_c97 + _c86*_c94*_c97 - _c91*_c93 - _c91*_c96 - _c93*_c95)*cmath.exp(-_c1)
    return c


@njit(cache=True, error_model='numpy')
def charpoly_effective(p):
    r"""Characteristic polynomial det(lambda - M) of the effective first-moment drift
    (<x> block M (2x2); the <x'> block has the conjugate spectrum): coefficients, highest degree first."""
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
    _c0 = 1j*p_theta
    _c1 = cmath.exp(_c0)
    _c2 = 4*p_Delta_c
    _c3 = _c1*_c2
    _c4 = 2*p_kappa_c
    _c5 = 1j*_c1
    _c6 = _c3 - _c4*_c5
    _c7 = 2*p_Delta_c
    _c8 = 1j*_c2
    _c9 = 1j*p_kappa_c
    _c10 = _c9*p_kappa_a
    _c11 = p_g_a**2
    _c12 = 4*1j
    _c13 = p_g_b**2
    _c14 = 16*p_Delta_c
    _c15 = _c14*p_J*p_g_a*p_g_b
    _c16 = _c1*p_kappa_a
    _c17 = p_kappa_c**2
    _c18 = _c17*p_kappa_b
    _c19 = p_Delta_c**2
    _c20 = _c1*p_Delta_a
    _c21 = 4*p_kappa_c
    _c22 = _c1*_c11
    _c23 = cmath.exp(2*_c0)
    _c24 = p_J**2
    _c25 = _c1*_c24
    _c26 = 8*_c9
    _c27 = _c5*p_kappa_a
    _c28 = 8*p_Delta_c
    c = np.zeros((3,), dtype=np.complex128)
    c[0] = 1
    c[1] = _c1*(-_c10 - _c11*_c12 - _c12*_c13 + _c4*p_Delta_a + _c4*p_Delta_b + _c7*p_kappa_a + _c7*p_kappa_b + _c8*p_Delta_a + _c8*p_Delta_b - _c9*p_kappa_b)/_c6
    c[2] = _c1*(16*_c1*_c11*p_Delta_b*p_Delta_c + 16*_c1*_c13*p_Delta_a*p_Delta_c + 4*_c1*_c17*p_Delta_a*p_Delta_b + 16*_c1*_c19*_c24 + 8*1j*_c1*_c19*p_Delta_a*p_kappa_b + 8*1j*_c1*_c19*p_Delta_b*p_kappa_a + 4*_c1*_c19*p_kappa_a*p_kappa_b + 16*1j*_c1*p_Delta_a*p_Delta_b*p_Delta_c*p_kappa_c + 8*_c1*p_Delta_a*p_Delta_c*p_kappa_b*p_kappa_c + 8*_c1*p_Delta_b*p_Delta_c*p_kappa_a*p_kappa_c - _c10*_c3*p_kappa_b - _c11*_c28*_c5*p_kappa_b - _c13*_c16*_c21 - _c13*_c20*_c26 - _c13*_c27*_c28 - _c14*_c25*_c9 - _c15*_c23 - _c15 - _c16*_c18 - 4*_c17*_c25 - 2*_c17*_c27*p_Delta_b - 2*_c18*_c5*p_Delta_a - 16*_c19*_c20*p_Delta_b - _c21*_c22*p_kappa_b - _c22*_c26*p_Delta_b + 8*1j*_c23*p_J*p_g_a*p_g_b*p_kappa_c + 8*1j*p_J*p_g_a*p_g_b*p_kappa_c)/_c6**2
    return c


@njit(cache=True, error_model='numpy')
def discriminant_effective(p):
    r"""Discriminant of the effective characteristic polynomial (c[0])."""
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
    _c0 = 1j*p_theta
    _c1 = cmath.exp(_c0)
    _c2 = 4*p_Delta_c
    _c3 = 1j*p_kappa_c
    _c4 = _c1*_c3
    _c5 = cmath.exp(2*_c0)
    _c6 = 16*_c5
    _c7 = p_Delta_a*p_Delta_c
    _c8 = p_kappa_b*p_kappa_c
    _c9 = _c6*p_kappa_a
    _c10 = cmath.exp(3*_c0)
    _c11 = 32*p_J*p_g_a*p_g_b
    _c12 = p_kappa_a**2
    _c13 = p_kappa_c**2
    _c14 = _c13*_c5
    _c15 = p_kappa_b**2
    _c16 = p_Delta_c**2
    _c17 = p_g_a**2
    _c18 = p_g_b**2
    _c19 = 32*_c18
    _c20 = _c17*_c5
    _c21 = 32*p_Delta_b
    _c22 = _c16*_c5
    _c23 = 8*p_kappa_a
    _c24 = _c3*_c5
    _c25 = p_Delta_a**2
    _c26 = _c16*_c6
    _c27 = p_Delta_b**2
    _c28 = p_J**2
    _c29 = 1j*_c26
    _c30 = _c3*_c6
    _c31 = 4*1j*_c14
    _c32 = 1j*p_Delta_c
    _c33 = _c2*_c24
    c = np.zeros((1,), dtype=np.complex128)
    c[0] = (64*_c1*p_Delta_c*p_J*p_g_a*p_g_b - _c10*_c11*_c3 + 64*_c10*p_Delta_c*p_J*p_g_a*p_g_b - _c11*_c4 - _c12*_c14 + 4*_c12*_c16*_c5 - _c12*_c33 + 4*_c13*_c25*_c5 + 4*_c13*_c27*_c5 + 16*_c13*_c28*_c5 + 4*1j*_c13*_c5*p_Delta_a*p_kappa_b + 4*1j*_c13*_c5*p_Delta_b*p_kappa_a + 2*_c13*_c5*p_kappa_a*p_kappa_b - _c14*_c15 - 8*_c14*p_Delta_a*p_Delta_b + 4*_c15*_c16*_c5 - _c15*_c33 + 32*_c16*_c5*p_Delta_a*p_Delta_b + 16*1j*_c16*_c5*p_Delta_a*p_kappa_a + 16*1j*_c16*_c5*p_Delta_b*p_kappa_b - _c17*_c30*p_Delta_a - _c17*_c32*_c9 + 32*_c17*_c5*p_Delta_a*p_Delta_c + 16*1j*_c17*_c5*p_Delta_b*p_kappa_c + 16*1j*_c17*_c5*p_Delta_c*p_kappa_b + 8*_c17*_c5*p_kappa_b*p_kappa_c - _c18*_c30*p_Delta_b - _c18*_c32*_c6*p_kappa_b - 8*_c18*_c5*_c8 + 16*1j*_c18*_c5*p_Delta_a*p_kappa_c + 32*_c18*_c5*p_Delta_b*p_Delta_c + 16*1j*_c18*_c5*p_Delta_c*p_kappa_a + 8*_c18*_c5*p_kappa_a*p_kappa_c - _c19*_c20 - _c19*_c5*_c7 - _c20*_c21*p_Delta_c - _c20*_c23*p_kappa_c - _c21*_c24*_c7 - _c22*_c23*p_kappa_b - 64*_c22*_c28 - _c25*_c26 + 16*1j*_c25*_c5*p_Delta_c*p_kappa_c - _c26*_c27 + 16*1j*_c27*_c5*p_Delta_c*p_kappa_c + 64*1j*_c28*_c5*p_Delta_c*p_kappa_c - _c29*p_Delta_a*p_kappa_b - _c29*p_Delta_b*p_kappa_a - _c31*p_Delta_a*p_kappa_a - _c31*p_Delta_b*p_kappa_b + 16*_c5*p_Delta_a*p_Delta_c*p_kappa_a*p_kappa_c + 16*_c5*p_Delta_b*p_Delta_c*p_kappa_b*p_kappa_c + 8*1j*_c5*p_Delta_c*p_kappa_a*p_kappa_b*p_kappa_c - _c6*_c7*_c8 - _c6*p_g_a**4 - _c6*p_g_b**4 - _c9*p_Delta_b*p_Delta_c*p_kappa_c)/(_c1*_c2 - 2*_c4)**2
    return c


@njit(cache=True, error_model='numpy')
def ep_effective_Delta_a(p):
    r"""EP condition Disc = 0 of the effective model as a polynomial in Delta_a:
    coefficients highest first, then the cleared denominator (its zeros are spurious roots)."""
    p_Delta_b = p[1]
    p_Delta_c = p[2]
    p_kappa_a = p[3]
    p_kappa_b = p[4]
    p_kappa_c = p[5]
    p_g_a = p[6]
    p_g_b = p[7]
    p_J = p[8]
    p_theta = p[9]
    _c0 = p_Delta_c**2
    _c1 = 1j*p_theta
    _c2 = cmath.exp(2*_c1)
    _c3 = 16*_c2
    _c4 = _c0*_c3
    _c5 = p_kappa_c**2
    _c6 = _c2*_c5
    _c7 = 4*_c6
    _c8 = 1j*p_kappa_c
    _c9 = _c3*_c8
    _c10 = p_kappa_b*p_kappa_c
    _c11 = _c3*p_Delta_c
    _c12 = p_g_a**2
    _c13 = 32*_c2
    _c14 = p_g_b**2
    _c15 = _c14*p_Delta_c
    _c16 = _c13*p_Delta_b*p_Delta_c
    _c17 = 1j*p_kappa_b
    _c18 = 1j*p_kappa_a
    _c19 = cmath.exp(_c1)
    _c20 = p_kappa_a*p_kappa_c
    _c21 = cmath.exp(3*_c1)
    _c22 = _c19*_c8
    _c23 = 32*p_J*p_g_a*p_g_b
    _c24 = p_kappa_a**2
    _c25 = p_kappa_b**2
    _c26 = _c0*_c2
    _c27 = 8*_c2
    _c28 = p_Delta_b**2
    _c29 = p_J**2
    _c30 = 4*p_Delta_c
    _c31 = _c2*_c30*_c8
    c = np.zeros((4,), dtype=np.complex128)
    c[0] = -_c4 + _c7 + _c9*p_Delta_c
    c[1] = 32*_c0*_c2*p_Delta_b + 16*1j*_c0*_c2*p_kappa_a - _c10*_c11 + 32*_c12*_c2*p_Delta_c - _c12*_c9 - _c13*_c15 + 16*1j*_c14*_c2*p_kappa_c - _c16*_c8 - _c17*_c4 - _c18*_c7 + 4*1j*_c2*_c5*p_kappa_b + 16*_c2*p_Delta_c*p_kappa_a*p_kappa_c - 8*_c6*p_Delta_b
    c[2] = 4*_c0*_c2*_c24 + 4*_c0*_c2*_c25 + 16*1j*_c0*_c2*p_Delta_b*p_kappa_b - _c10*_c14*_c27 - _c11*_c12*_c18 - _c11*_c20*p_Delta_b - _c12*_c13*_c14 - _c12*_c16 + 16*1j*_c12*_c2*p_Delta_b*p_kappa_c + 16*1j*_c12*_c2*p_Delta_c*p_kappa_b + 8*_c12*_c2*p_kappa_b*p_kappa_c - _c12*_c20*_c27 + 32*_c14*_c2*p_Delta_b*p_Delta_c + 16*1j*_c14*_c2*p_Delta_c*p_kappa_a + 8*_c14*_c2*p_kappa_a*p_kappa_c - _c14*_c9*p_Delta_b - _c15*_c17*_c3 - _c17*_c7*p_Delta_b - _c18*_c4*p_Delta_b + 64*_c19*p_Delta_c*p_J*p_g_a*p_g_b + 4*_c2*_c28*_c5 + 16*1j*_c2*_c28*p_Delta_c*p_kappa_c + 16*_c2*_c29*_c5 + 64*1j*_c2*_c29*p_Delta_c*p_kappa_c + 4*1j*_c2*_c5*p_Delta_b*p_kappa_a + 2*_c2*_c5*p_kappa_a*p_kappa_b + 16*_c2*p_Delta_b*p_Delta_c*p_kappa_b*p_kappa_c + 8*1j*_c2*p_Delta_c*p_kappa_a*p_kappa_b*p_kappa_c - _c21*_c23*_c8 + 64*_c21*p_Delta_c*p_J*p_g_a*p_g_b - _c22*_c23 - _c24*_c31 - _c24*_c6 - _c25*_c31 - _c25*_c6 - 64*_c26*_c29 - 8*_c26*p_kappa_a*p_kappa_b - _c28*_c4 - _c3*p_g_a**4 - _c3*p_g_b**4
    c[3] = (_c19*_c30 - 2*_c22)**2
    return c


@njit(cache=True, error_model='numpy')
def ep_effective_Delta_b(p):
    r"""EP condition Disc = 0 of the effective model as a polynomial in Delta_b:
    coefficients highest first, then the cleared denominator (its zeros are spurious roots)."""
    p_Delta_a = p[0]
    p_Delta_c = p[2]
    p_kappa_a = p[3]
    p_kappa_b = p[4]
    p_kappa_c = p[5]
    p_g_a = p[6]
    p_g_b = p[7]
    p_J = p[8]
    p_theta = p[9]
    _c0 = p_Delta_c**2
    _c1 = 1j*p_theta
    _c2 = cmath.exp(2*_c1)
    _c3 = 16*_c2
    _c4 = _c0*_c3
    _c5 = p_kappa_c**2
    _c6 = _c2*_c5
    _c7 = 4*_c6
    _c8 = 1j*p_kappa_c
    _c9 = _c3*_c8
    _c10 = p_kappa_a*p_kappa_c
    _c11 = _c3*p_Delta_c
    _c12 = 32*_c2
    _c13 = p_g_a**2
    _c14 = _c13*p_Delta_c
    _c15 = p_g_b**2
    _c16 = _c12*p_Delta_a*p_Delta_c
    _c17 = 1j*p_kappa_a
    _c18 = 1j*p_kappa_b
    _c19 = cmath.exp(_c1)
    _c20 = p_kappa_b*p_kappa_c
    _c21 = cmath.exp(3*_c1)
    _c22 = _c19*_c8
    _c23 = 32*p_J*p_g_a*p_g_b
    _c24 = p_kappa_a**2
    _c25 = p_kappa_b**2
    _c26 = _c0*_c2
    _c27 = 8*_c2
    _c28 = p_Delta_a**2
    _c29 = p_J**2
    _c30 = 4*p_Delta_c
    _c31 = _c2*_c30*_c8
    c = np.zeros((4,), dtype=np.complex128)
    c[0] = -_c4 + _c7 + _c9*p_Delta_c
    c[1] = 32*_c0*_c2*p_Delta_a + 16*1j*_c0*_c2*p_kappa_b - _c10*_c11 - _c12*_c14 + 16*1j*_c13*_c2*p_kappa_c + 32*_c15*_c2*p_Delta_c - _c15*_c9 - _c16*_c8 - _c17*_c4 - _c18*_c7 + 4*1j*_c2*_c5*p_kappa_a + 16*_c2*p_Delta_c*p_kappa_b*p_kappa_c - 8*_c6*p_Delta_a
    c[2] = 4*_c0*_c2*_c24 + 4*_c0*_c2*_c25 + 16*1j*_c0*_c2*p_Delta_a*p_kappa_a - _c10*_c13*_c27 - _c11*_c15*_c18 - _c11*_c20*p_Delta_a - _c12*_c13*_c15 + 32*_c13*_c2*p_Delta_a*p_Delta_c + 16*1j*_c13*_c2*p_Delta_c*p_kappa_b + 8*_c13*_c2*p_kappa_b*p_kappa_c - _c13*_c9*p_Delta_a - _c14*_c17*_c3 - _c15*_c16 + 16*1j*_c15*_c2*p_Delta_a*p_kappa_c + 16*1j*_c15*_c2*p_Delta_c*p_kappa_a + 8*_c15*_c2*p_kappa_a*p_kappa_c - _c15*_c20*_c27 - _c17*_c7*p_Delta_a - _c18*_c4*p_Delta_a + 64*_c19*p_Delta_c*p_J*p_g_a*p_g_b + 4*_c2*_c28*_c5 + 16*1j*_c2*_c28*p_Delta_c*p_kappa_c + 16*_c2*_c29*_c5 + 64*1j*_c2*_c29*p_Delta_c*p_kappa_c + 4*1j*_c2*_c5*p_Delta_a*p_kappa_b + 2*_c2*_c5*p_kappa_a*p_kappa_b + 16*_c2*p_Delta_a*p_Delta_c*p_kappa_a*p_kappa_c + 8*1j*_c2*p_Delta_c*p_kappa_a*p_kappa_b*p_kappa_c - _c21*_c23*_c8 + 64*_c21*p_Delta_c*p_J*p_g_a*p_g_b - _c22*_c23 - _c24*_c31 - _c24*_c6 - _c25*_c31 - _c25*_c6 - 64*_c26*_c29 - 8*_c26*p_kappa_a*p_kappa_b - _c28*_c4 - _c3*p_g_a**4 - _c3*p_g_b**4
    c[3] = (_c19*_c30 - 2*_c22)**2
    return c


@njit(cache=True, error_model='numpy')
def ep_effective_Delta_c(p):
    r"""EP condition Disc = 0 of the effective model as a polynomial in Delta_c:
    coefficients highest first, then the cleared denominator (its zeros are spurious roots)."""
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
    _c0 = 1j*p_theta
    _c1 = cmath.exp(2*_c0)
    _c2 = 8*_c1
    _c3 = _c2*p_kappa_a*p_kappa_b
    _c4 = p_Delta_a**2
    _c5 = 16*_c1
    _c6 = _c4*_c5
    _c7 = p_Delta_b**2
    _c8 = _c5*_c7
    _c9 = p_J**2
    _c10 = 64*_c1*_c9
    _c11 = p_kappa_a**2
    _c12 = p_kappa_b**2
    _c13 = 1j*_c5
    _c14 = cmath.exp(_c0)
    _c15 = p_J*p_g_a*p_g_b
    _c16 = 64*_c15
    _c17 = _c5*p_kappa_c
    _c18 = _c17*p_kappa_a
    _c19 = p_Delta_b*p_kappa_b
    _c20 = cmath.exp(3*_c0)
    _c21 = p_g_a**2
    _c22 = 32*_c1
    _c23 = _c22*p_Delta_a
    _c24 = p_g_b**2
    _c25 = _c22*p_Delta_b
    _c26 = p_Delta_a*p_Delta_b
    _c27 = 1j*p_kappa_c
    _c28 = _c13*p_kappa_a
    _c29 = _c13*p_kappa_b
    _c30 = 4*_c1
    _c31 = _c14*_c27
    _c32 = 32*_c15
    _c33 = p_kappa_c**2
    _c34 = _c1*_c33
    _c35 = _c2*p_kappa_c
    _c36 = _c27*_c5
    _c37 = 1j*_c30*_c33
    c = np.zeros((4,), dtype=np.complex128)
    c[0] = 4*_c1*_c11 + 4*_c1*_c12 + 32*_c1*p_Delta_a*p_Delta_b + 16*1j*_c1*p_Delta_a*p_kappa_a + 16*1j*_c1*p_Delta_b*p_kappa_b - _c10 - _c13*p_Delta_a*p_kappa_b - _c13*p_Delta_b*p_kappa_a - _c3 - _c6 - _c8
    c[1] = _c10*_c27 - _c11*_c27*_c30 - _c12*_c27*_c30 + _c14*_c16 + _c16*_c20 + _c17*_c19 - _c17*p_Delta_a*p_kappa_b + _c18*p_Delta_a - _c18*p_Delta_b + _c21*_c23 - _c21*_c25 - _c21*_c28 + _c21*_c29 - _c22*_c26*_c27 - _c23*_c24 + _c24*_c25 + _c24*_c28 - _c24*_c29 + _c27*_c3 + _c27*_c6 + _c27*_c8
    c[2] = 16*1j*_c1*_c21*p_Delta_b*p_kappa_c + 8*_c1*_c21*p_kappa_b*p_kappa_c + 16*1j*_c1*_c24*p_Delta_a*p_kappa_c + 8*_c1*_c24*p_kappa_a*p_kappa_c + 4*_c1*_c33*_c4 + 4*_c1*_c33*_c7 + 16*_c1*_c33*_c9 + 4*1j*_c1*_c33*p_Delta_a*p_kappa_b + 4*1j*_c1*_c33*p_Delta_b*p_kappa_a + 2*_c1*_c33*p_kappa_a*p_kappa_b - _c11*_c34 - _c12*_c34 - _c19*_c37 - _c20*_c27*_c32 - _c21*_c22*_c24 - _c21*_c35*p_kappa_a - _c21*_c36*p_Delta_a - _c24*_c35*p_kappa_b - _c24*_c36*p_Delta_b - 8*_c26*_c34 - _c31*_c32 - _c37*p_Delta_a*p_kappa_a - _c5*p_g_a**4 - _c5*p_g_b**4
    c[3] = (4*_c14*p_Delta_c - 2*_c31)**2
    return c


@njit(cache=True, error_model='numpy')
def ep_effective_J(p):
    r"""EP condition Disc = 0 of the effective model as a polynomial in J:
    coefficients highest first, then the cleared denominator (its zeros are spurious roots)."""
    p_Delta_a = p[0]
    p_Delta_b = p[1]
    p_Delta_c = p[2]
    p_kappa_a = p[3]
    p_kappa_b = p[4]
    p_kappa_c = p[5]
    p_g_a = p[6]
    p_g_b = p[7]
    p_theta = p[9]
    _c0 = p_Delta_c**2
    _c1 = 1j*p_theta
    _c2 = cmath.exp(2*_c1)
    _c3 = _c0*_c2
    _c4 = p_kappa_c**2
    _c5 = 16*_c2
    _c6 = 64*p_Delta_c
    _c7 = 1j*p_kappa_c
    _c8 = _c2*_c7
    _c9 = cmath.exp(_c1)
    _c10 = _c9*p_Delta_c
    _c11 = p_g_a*p_g_b
    _c12 = _c11*cmath.exp(3*_c1)
    _c13 = _c7*_c9
    _c14 = p_Delta_a*p_Delta_c
    _c15 = p_kappa_b*p_kappa_c
    _c16 = _c5*p_kappa_a
    _c17 = p_kappa_a**2
    _c18 = _c2*_c4
    _c19 = p_kappa_b**2
    _c20 = p_g_a**2
    _c21 = p_g_b**2
    _c22 = 32*_c21
    _c23 = _c2*_c20
    _c24 = 32*p_Delta_b
    _c25 = 8*p_kappa_a
    _c26 = p_Delta_a**2
    _c27 = 16*_c3
    _c28 = p_Delta_b**2
    _c29 = 1j*_c27
    _c30 = _c5*_c7
    _c31 = 4*1j*_c18
    _c32 = 1j*p_Delta_c
    _c33 = 4*_c8*p_Delta_c
    c = np.zeros((4,), dtype=np.complex128)
    c[0] = -64*_c3 + _c4*_c5 + _c6*_c8
    c[1] = 64*_c10*_c11 - 32*_c11*_c13 + _c12*_c6 - 32*_c12*_c7
    c[2] = 4*_c0*_c17*_c2 + 4*_c0*_c19*_c2 + 32*_c0*_c2*p_Delta_a*p_Delta_b + 16*1j*_c0*_c2*p_Delta_a*p_kappa_a + 16*1j*_c0*_c2*p_Delta_b*p_kappa_b - _c14*_c15*_c5 - _c14*_c2*_c22 - _c14*_c24*_c8 - 8*_c15*_c2*_c21 - _c16*_c20*_c32 - _c16*p_Delta_b*p_Delta_c*p_kappa_c - _c17*_c18 - _c17*_c33 - _c18*_c19 - 8*_c18*p_Delta_a*p_Delta_b - _c19*_c33 + 32*_c2*_c20*p_Delta_a*p_Delta_c + 16*1j*_c2*_c20*p_Delta_b*p_kappa_c + 16*1j*_c2*_c20*p_Delta_c*p_kappa_b + 8*_c2*_c20*p_kappa_b*p_kappa_c + 16*1j*_c2*_c21*p_Delta_a*p_kappa_c + 32*_c2*_c21*p_Delta_b*p_Delta_c + 16*1j*_c2*_c21*p_Delta_c*p_kappa_a + 8*_c2*_c21*p_kappa_a*p_kappa_c + 4*_c2*_c26*_c4 + 16*1j*_c2*_c26*p_Delta_c*p_kappa_c + 4*_c2*_c28*_c4 + 16*1j*_c2*_c28*p_Delta_c*p_kappa_c + 4*1j*_c2*_c4*p_Delta_a*p_kappa_b + 4*1j*_c2*_c4*p_Delta_b*p_kappa_a + 2*_c2*_c4*p_kappa_a*p_kappa_b + 16*_c2*p_Delta_a*p_Delta_c*p_kappa_a*p_kappa_c + 16*_c2*p_Delta_b*p_Delta_c*p_kappa_b*p_kappa_c + 8*1j*_c2*p_Delta_c*p_kappa_a*p_kappa_b*p_kappa_c - _c20*_c30*p_Delta_a - _c21*_c30*p_Delta_b - _c21*_c32*_c5*p_kappa_b - _c22*_c23 - _c23*_c24*p_Delta_c - _c23*_c25*p_kappa_c - _c25*_c3*p_kappa_b - _c26*_c27 - _c27*_c28 - _c29*p_Delta_a*p_kappa_b - _c29*p_Delta_b*p_kappa_a - _c31*p_Delta_a*p_kappa_a - _c31*p_Delta_b*p_kappa_b - _c5*p_g_a**4 - _c5*p_g_b**4
    c[3] = (4*_c10 - 2*_c13)**2
    return c


@njit(cache=True, error_model='numpy')
def ep_effective_g_a(p):
    r"""EP condition Disc = 0 of the effective model as a polynomial in g_a:
    coefficients highest first, then the cleared denominator (its zeros are spurious roots)."""
    p_Delta_a = p[0]
    p_Delta_b = p[1]
    p_Delta_c = p[2]
    p_kappa_a = p[3]
    p_kappa_b = p[4]
    p_kappa_c = p[5]
    p_g_b = p[7]
    p_J = p[8]
    p_theta = p[9]
    _c0 = 1j*p_theta
    _c1 = cmath.exp(2*_c0)
    _c2 = 16*_c1
    _c3 = 32*_c1
    _c4 = _c3*p_Delta_b*p_Delta_c
    _c5 = p_kappa_a*p_kappa_c
    _c6 = 8*_c1
    _c7 = p_g_b**2
    _c8 = _c3*_c7
    _c9 = 1j*p_kappa_c
    _c10 = _c2*_c9
    _c11 = 1j*p_kappa_a
    _c12 = _c2*p_Delta_c
    _c13 = cmath.exp(_c0)
    _c14 = _c13*p_Delta_c
    _c15 = p_J*p_g_b
    _c16 = 64*_c15
    _c17 = cmath.exp(3*_c0)
    _c18 = _c13*_c9
    _c19 = 32*_c15
    _c20 = p_kappa_a**2
    _c21 = p_kappa_c**2
    _c22 = _c1*_c21
    _c23 = p_kappa_b**2
    _c24 = p_Delta_c**2
    _c25 = _c6*p_kappa_b
    _c26 = p_Delta_a**2
    _c27 = _c2*_c24
    _c28 = p_Delta_b**2
    _c29 = p_J**2
    _c30 = 1j*p_kappa_b
    _c31 = 4*_c22
    _c32 = 4*_c1*_c9*p_Delta_c
    c = np.zeros((6,), dtype=np.complex128)
    c[0] = -_c2
    c[2] = 32*_c1*p_Delta_a*p_Delta_c + 16*1j*_c1*p_Delta_b*p_kappa_c + 16*1j*_c1*p_Delta_c*p_kappa_b + 8*_c1*p_kappa_b*p_kappa_c - _c10*p_Delta_a - _c11*_c12 - _c4 - _c5*_c6 - _c8
    c[3] = _c14*_c16 + _c16*_c17*p_Delta_c - _c17*_c19*_c9 - _c18*_c19
    c[4] = 4*_c1*_c20*_c24 + 4*_c1*_c21*_c26 + 4*_c1*_c21*_c28 + 16*_c1*_c21*_c29 + 4*1j*_c1*_c21*p_Delta_a*p_kappa_b + 4*1j*_c1*_c21*p_Delta_b*p_kappa_a + 2*_c1*_c21*p_kappa_a*p_kappa_b + 4*_c1*_c23*_c24 - 64*_c1*_c24*_c29 + 32*_c1*_c24*p_Delta_a*p_Delta_b + 16*1j*_c1*_c24*p_Delta_a*p_kappa_a + 16*1j*_c1*_c24*p_Delta_b*p_kappa_b + 16*1j*_c1*_c26*p_Delta_c*p_kappa_c + 16*1j*_c1*_c28*p_Delta_c*p_kappa_c + 64*1j*_c1*_c29*p_Delta_c*p_kappa_c + 16*1j*_c1*_c7*p_Delta_a*p_kappa_c + 32*_c1*_c7*p_Delta_b*p_Delta_c + 16*1j*_c1*_c7*p_Delta_c*p_kappa_a + 8*_c1*_c7*p_kappa_a*p_kappa_c + 16*_c1*p_Delta_a*p_Delta_c*p_kappa_a*p_kappa_c + 16*_c1*p_Delta_b*p_Delta_c*p_kappa_b*p_kappa_c + 8*1j*_c1*p_Delta_c*p_kappa_a*p_kappa_b*p_kappa_c - _c10*_c7*p_Delta_b - _c11*_c27*p_Delta_b - _c11*_c31*p_Delta_a - _c12*_c30*_c7 - _c12*_c5*p_Delta_b - _c12*p_Delta_a*p_kappa_b*p_kappa_c - _c2*p_g_b**4 - _c20*_c22 - _c20*_c32 - _c22*_c23 - 8*_c22*p_Delta_a*p_Delta_b - _c23*_c32 - _c24*_c25*p_kappa_a - _c25*_c7*p_kappa_c - _c26*_c27 - _c27*_c28 - _c27*_c30*p_Delta_a - _c30*_c31*p_Delta_b - _c4*_c9*p_Delta_a - _c8*p_Delta_a*p_Delta_c
    c[5] = (4*_c14 - 2*_c18)**2
    return c


@njit(cache=True, error_model='numpy')
def ep_effective_g_b(p):
    r"""EP condition Disc = 0 of the effective model as a polynomial in g_b:
    coefficients highest first, then the cleared denominator (its zeros are spurious roots)."""
    p_Delta_a = p[0]
    p_Delta_b = p[1]
    p_Delta_c = p[2]
    p_kappa_a = p[3]
    p_kappa_b = p[4]
    p_kappa_c = p[5]
    p_g_a = p[6]
    p_J = p[8]
    p_theta = p[9]
    _c0 = 1j*p_theta
    _c1 = cmath.exp(2*_c0)
    _c2 = 16*_c1
    _c3 = 32*_c1
    _c4 = _c3*p_Delta_a*p_Delta_c
    _c5 = p_kappa_b*p_kappa_c
    _c6 = 8*_c1
    _c7 = p_g_a**2
    _c8 = _c3*_c7
    _c9 = 1j*p_kappa_c
    _c10 = _c2*_c9
    _c11 = 1j*p_kappa_b
    _c12 = _c2*p_Delta_c
    _c13 = cmath.exp(_c0)
    _c14 = _c13*p_Delta_c
    _c15 = p_J*p_g_a
    _c16 = 64*_c15
    _c17 = cmath.exp(3*_c0)
    _c18 = _c13*_c9
    _c19 = 32*_c15
    _c20 = p_kappa_a**2
    _c21 = p_kappa_c**2
    _c22 = _c1*_c21
    _c23 = p_kappa_b**2
    _c24 = p_Delta_c**2
    _c25 = _c6*p_kappa_a
    _c26 = p_Delta_a**2
    _c27 = _c2*_c24
    _c28 = p_Delta_b**2
    _c29 = p_J**2
    _c30 = 4*_c22
    _c31 = 1j*p_kappa_a
    _c32 = 4*_c1*_c9*p_Delta_c
    c = np.zeros((6,), dtype=np.complex128)
    c[0] = -_c2
    c[2] = 16*1j*_c1*p_Delta_a*p_kappa_c + 32*_c1*p_Delta_b*p_Delta_c + 16*1j*_c1*p_Delta_c*p_kappa_a + 8*_c1*p_kappa_a*p_kappa_c - _c10*p_Delta_b - _c11*_c12 - _c4 - _c5*_c6 - _c8
    c[3] = _c14*_c16 + _c16*_c17*p_Delta_c - _c17*_c19*_c9 - _c18*_c19
    c[4] = 4*_c1*_c20*_c24 + 4*_c1*_c21*_c26 + 4*_c1*_c21*_c28 + 16*_c1*_c21*_c29 + 4*1j*_c1*_c21*p_Delta_a*p_kappa_b + 4*1j*_c1*_c21*p_Delta_b*p_kappa_a + 2*_c1*_c21*p_kappa_a*p_kappa_b + 4*_c1*_c23*_c24 - 64*_c1*_c24*_c29 + 32*_c1*_c24*p_Delta_a*p_Delta_b + 16*1j*_c1*_c24*p_Delta_a*p_kappa_a + 16*1j*_c1*_c24*p_Delta_b*p_kappa_b + 16*1j*_c1*_c26*p_Delta_c*p_kappa_c + 16*1j*_c1*_c28*p_Delta_c*p_kappa_c + 64*1j*_c1*_c29*p_Delta_c*p_kappa_c + 32*_c1*_c7*p_Delta_a*p_Delta_c + 16*1j*_c1*_c7*p_Delta_b*p_kappa_c + 16*1j*_c1*_c7*p_Delta_c*p_kappa_b + 8*_c1*_c7*p_kappa_b*p_kappa_c + 16*_c1*p_Delta_a*p_Delta_c*p_kappa_a*p_kappa_c + 16*_c1*p_Delta_b*p_Delta_c*p_kappa_b*p_kappa_c + 8*1j*_c1*p_Delta_c*p_kappa_a*p_kappa_b*p_kappa_c - _c10*_c7*p_Delta_a - _c11*_c27*p_Delta_a - _c11*_c30*p_Delta_b - _c12*_c31*_c7 - _c12*_c5*p_Delta_a - _c12*p_Delta_b*p_kappa_a*p_kappa_c - _c2*p_g_a**4 - _c20*_c22 - _c20*_c32 - _c22*_c23 - 8*_c22*p_Delta_a*p_Delta_b - _c23*_c32 - _c24*_c25*p_kappa_b - _c25*_c7*p_kappa_c - _c26*_c27 - _c27*_c28 - _c27*_c31*p_Delta_b - _c30*_c31*p_Delta_a - _c4*_c9*p_Delta_b - _c8*p_Delta_b*p_Delta_c
    c[5] = (4*_c14 - 2*_c18)**2
    return c


@njit(cache=True, error_model='numpy')
def ep_effective_kappa_a(p):
    r"""EP condition Disc = 0 of the effective model as a polynomial in kappa_a:
    coefficients highest first, then the cleared denominator (its zeros are spurious roots)."""
    p_Delta_a = p[0]
    p_Delta_b = p[1]
    p_Delta_c = p[2]
    p_kappa_b = p[4]
    p_kappa_c = p[5]
    p_g_a = p[6]
    p_g_b = p[7]
    p_J = p[8]
    p_theta = p[9]
    _c0 = p_kappa_c**2
    _c1 = 1j*p_theta
    _c2 = cmath.exp(2*_c1)
    _c3 = _c0*_c2
    _c4 = p_Delta_c**2
    _c5 = 4*p_Delta_c
    _c6 = 1j*p_kappa_c
    _c7 = _c2*_c6
    _c8 = _c5*_c7
    _c9 = 16*_c2
    _c10 = _c9*p_Delta_c
    _c11 = _c10*p_kappa_c
    _c12 = _c11*p_Delta_a
    _c13 = _c2*_c4
    _c14 = 8*p_kappa_b
    _c15 = p_g_a**2
    _c16 = _c15*_c2
    _c17 = 8*p_kappa_c
    _c18 = p_g_b**2
    _c19 = _c18*_c2
    _c20 = _c3*p_kappa_b
    _c21 = _c7*p_Delta_c
    _c22 = 16*_c13
    _c23 = 1j*p_Delta_a
    _c24 = _c22*_c23
    _c25 = 4*_c3
    _c26 = 1j*p_Delta_b
    _c27 = 1j*_c10
    _c28 = _c18*_c27
    _c29 = cmath.exp(_c1)
    _c30 = cmath.exp(3*_c1)
    _c31 = _c29*_c6
    _c32 = 32*p_J*p_g_a*p_g_b
    _c33 = p_kappa_b**2
    _c34 = 32*p_Delta_a
    _c35 = 32*_c16
    _c36 = p_Delta_a**2
    _c37 = p_Delta_b**2
    _c38 = p_J**2
    _c39 = _c6*_c9
    c = np.zeros((4,), dtype=np.complex128)
    c[0] = 4*_c2*_c4 - _c3 - _c8
    c[1] = -_c11*p_Delta_b + _c12 - _c13*_c14 + _c14*_c21 - _c15*_c27 - _c16*_c17 + _c17*_c19 + 2*_c20 - _c22*_c26 - _c23*_c25 + _c24 + _c25*_c26 + _c28
    c[2] = 4*_c0*_c2*_c36 + 4*_c0*_c2*_c37 + 16*_c0*_c2*_c38 + 4*1j*_c0*_c2*p_Delta_a*p_kappa_b - _c12*p_kappa_b - 64*_c13*_c38 - _c14*_c19*p_kappa_c + 32*_c15*_c2*p_Delta_a*p_Delta_c + 16*1j*_c15*_c2*p_Delta_b*p_kappa_c + 16*1j*_c15*_c2*p_Delta_c*p_kappa_b + 8*_c15*_c2*p_kappa_b*p_kappa_c - _c15*_c39*p_Delta_a + 16*1j*_c18*_c2*p_Delta_a*p_kappa_c + 32*_c18*_c2*p_Delta_b*p_Delta_c - _c18*_c35 - _c18*_c39*p_Delta_b - _c19*_c34*p_Delta_c + 4*_c2*_c33*_c4 + 16*1j*_c2*_c36*p_Delta_c*p_kappa_c + 16*1j*_c2*_c37*p_Delta_c*p_kappa_c + 64*1j*_c2*_c38*p_Delta_c*p_kappa_c + 32*_c2*_c4*p_Delta_a*p_Delta_b + 16*1j*_c2*_c4*p_Delta_b*p_kappa_b + 16*_c2*p_Delta_b*p_Delta_c*p_kappa_b*p_kappa_c - 4*_c20*_c26 - _c21*_c34*p_Delta_b - _c22*_c36 - _c22*_c37 - _c24*p_kappa_b - _c28*p_kappa_b + 64*_c29*p_Delta_c*p_J*p_g_a*p_g_b - _c3*_c33 - 8*_c3*p_Delta_a*p_Delta_b - _c30*_c32*_c6 + 64*_c30*p_Delta_c*p_J*p_g_a*p_g_b - _c31*_c32 - _c33*_c8 - _c35*p_Delta_b*p_Delta_c - _c9*p_g_a**4 - _c9*p_g_b**4
    c[3] = (_c29*_c5 - 2*_c31)**2
    return c


@njit(cache=True, error_model='numpy')
def ep_effective_kappa_b(p):
    r"""EP condition Disc = 0 of the effective model as a polynomial in kappa_b:
    coefficients highest first, then the cleared denominator (its zeros are spurious roots)."""
    p_Delta_a = p[0]
    p_Delta_b = p[1]
    p_Delta_c = p[2]
    p_kappa_a = p[3]
    p_kappa_c = p[5]
    p_g_a = p[6]
    p_g_b = p[7]
    p_J = p[8]
    p_theta = p[9]
    _c0 = p_kappa_c**2
    _c1 = 1j*p_theta
    _c2 = cmath.exp(2*_c1)
    _c3 = _c0*_c2
    _c4 = p_Delta_c**2
    _c5 = 4*p_Delta_c
    _c6 = 1j*p_kappa_c
    _c7 = _c2*_c6
    _c8 = _c5*_c7
    _c9 = 16*_c2
    _c10 = _c9*p_Delta_c
    _c11 = _c10*p_kappa_c
    _c12 = _c11*p_Delta_b
    _c13 = _c2*_c4
    _c14 = 8*p_kappa_a
    _c15 = 8*p_kappa_c
    _c16 = p_g_a**2
    _c17 = _c16*_c2
    _c18 = p_g_b**2
    _c19 = _c18*_c2
    _c20 = _c3*p_kappa_a
    _c21 = 16*_c13
    _c22 = 1j*p_Delta_a
    _c23 = 4*_c3
    _c24 = 1j*p_Delta_b
    _c25 = _c21*_c24
    _c26 = 1j*_c10
    _c27 = _c16*_c26
    _c28 = cmath.exp(_c1)
    _c29 = cmath.exp(3*_c1)
    _c30 = _c28*_c6
    _c31 = 32*p_J*p_g_a*p_g_b
    _c32 = p_kappa_a**2
    _c33 = 32*_c19
    _c34 = p_Delta_a*p_Delta_c
    _c35 = 32*p_Delta_b
    _c36 = p_Delta_a**2
    _c37 = p_Delta_b**2
    _c38 = p_J**2
    _c39 = _c6*_c9
    c = np.zeros((4,), dtype=np.complex128)
    c[0] = 4*_c2*_c4 - _c3 - _c8
    c[1] = -_c11*p_Delta_a + _c12 - _c13*_c14 + _c14*_c7*p_Delta_c + _c15*_c17 - _c15*_c19 - _c18*_c26 + 2*_c20 - _c21*_c22 + _c22*_c23 - _c23*_c24 + _c25 + _c27
    c[2] = 4*_c0*_c2*_c36 + 4*_c0*_c2*_c37 + 16*_c0*_c2*_c38 + 4*1j*_c0*_c2*p_Delta_b*p_kappa_a - _c12*p_kappa_a - 64*_c13*_c38 - _c14*_c17*p_kappa_c + 32*_c16*_c2*p_Delta_a*p_Delta_c + 16*1j*_c16*_c2*p_Delta_b*p_kappa_c - _c16*_c33 - _c16*_c39*p_Delta_a - _c17*_c35*p_Delta_c + 16*1j*_c18*_c2*p_Delta_a*p_kappa_c + 32*_c18*_c2*p_Delta_b*p_Delta_c + 16*1j*_c18*_c2*p_Delta_c*p_kappa_a + 8*_c18*_c2*p_kappa_a*p_kappa_c - _c18*_c39*p_Delta_b + 4*_c2*_c32*_c4 + 16*1j*_c2*_c36*p_Delta_c*p_kappa_c + 16*1j*_c2*_c37*p_Delta_c*p_kappa_c + 64*1j*_c2*_c38*p_Delta_c*p_kappa_c + 32*_c2*_c4*p_Delta_a*p_Delta_b + 16*1j*_c2*_c4*p_Delta_a*p_kappa_a + 16*_c2*p_Delta_a*p_Delta_c*p_kappa_a*p_kappa_c - 4*_c20*_c22 - _c21*_c36 - _c21*_c37 - _c25*p_kappa_a - _c27*p_kappa_a + 64*_c28*p_Delta_c*p_J*p_g_a*p_g_b - _c29*_c31*_c6 + 64*_c29*p_Delta_c*p_J*p_g_a*p_g_b - _c3*_c32 - 8*_c3*p_Delta_a*p_Delta_b - _c30*_c31 - _c32*_c8 - _c33*_c34 - _c34*_c35*_c7 - _c9*p_g_a**4 - _c9*p_g_b**4
    c[3] = (_c28*_c5 - 2*_c30)**2
    return c


@njit(cache=True, error_model='numpy')
def ep_effective_kappa_c(p):
    r"""EP condition Disc = 0 of the effective model as a polynomial in kappa_c:
    coefficients highest first, then the cleared denominator (its zeros are spurious roots)."""
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
    _c0 = 1j*p_theta
    _c1 = cmath.exp(2*_c0)
    _c2 = 8*_c1
    _c3 = p_Delta_a*p_Delta_b
    _c4 = p_kappa_a*p_kappa_b
    _c5 = p_Delta_a**2
    _c6 = 4*_c1
    _c7 = p_Delta_b**2
    _c8 = p_J**2
    _c9 = 16*_c1
    _c10 = p_kappa_a**2
    _c11 = _c1*_c10
    _c12 = p_kappa_b**2
    _c13 = _c1*_c12
    _c14 = 1j*_c6
    _c15 = _c14*p_kappa_b
    _c16 = p_Delta_b*p_kappa_a
    _c17 = _c9*p_Delta_c
    _c18 = p_Delta_a*p_kappa_b
    _c19 = cmath.exp(_c0)
    _c20 = 1j*_c19
    _c21 = 32*p_J*p_g_a*p_g_b
    _c22 = p_g_a**2
    _c23 = p_g_b**2
    _c24 = 32*_c1
    _c25 = cmath.exp(3*_c0)
    _c26 = 1j*_c9
    _c27 = _c23*_c26
    _c28 = 4*p_Delta_c
    _c29 = 1j*_c28
    _c30 = p_Delta_c**2
    _c31 = _c23*_c24
    _c32 = _c30*_c9
    _c33 = 1j*_c32
    c = np.zeros((4,), dtype=np.complex128)
    c[0] = 2*_c1*_c4 - _c11 - _c13 + _c14*_c16 - _c14*p_Delta_a*p_kappa_a + _c15*p_Delta_a - _c15*p_Delta_b - _c2*_c3 + _c5*_c6 + _c6*_c7 + _c8*_c9
    c[1] = 16*1j*_c1*_c22*p_Delta_b + 8*_c1*_c22*p_kappa_b + 16*1j*_c1*_c23*p_Delta_a + 8*_c1*_c23*p_kappa_a + 16*1j*_c1*_c5*p_Delta_c + 16*1j*_c1*_c7*p_Delta_c + 64*1j*_c1*_c8*p_Delta_c + 16*_c1*p_Delta_a*p_Delta_c*p_kappa_a + 16*_c1*p_Delta_b*p_Delta_c*p_kappa_b + 8*1j*_c1*p_Delta_c*p_kappa_a*p_kappa_b - _c11*_c29 - _c13*_c29 - _c16*_c17 - _c17*_c18 - _c2*_c22*p_kappa_a - _c2*_c23*p_kappa_b - _c20*_c21 - 1j*_c21*_c25 - _c22*_c26*p_Delta_a - 1j*_c24*_c3*p_Delta_c - _c27*p_Delta_b
    c[2] = 4*_c1*_c10*_c30 + 4*_c1*_c12*_c30 + 32*_c1*_c22*p_Delta_a*p_Delta_c + 16*1j*_c1*_c22*p_Delta_c*p_kappa_b + 32*_c1*_c23*p_Delta_b*p_Delta_c + 16*1j*_c1*_c23*p_Delta_c*p_kappa_a - 64*_c1*_c30*_c8 + 32*_c1*_c30*p_Delta_a*p_Delta_b + 16*1j*_c1*_c30*p_Delta_a*p_kappa_a + 16*1j*_c1*_c30*p_Delta_b*p_kappa_b - _c16*_c33 - _c18*_c33 + 64*_c19*p_Delta_c*p_J*p_g_a*p_g_b - _c2*_c30*_c4 - _c22*_c24*p_Delta_b*p_Delta_c - _c22*_c26*p_Delta_c*p_kappa_a - _c22*_c31 + 64*_c25*p_Delta_c*p_J*p_g_a*p_g_b - _c27*p_Delta_c*p_kappa_b - _c31*p_Delta_a*p_Delta_c - _c32*_c5 - _c32*_c7 - _c9*p_g_a**4 - _c9*p_g_b**4
    c[3] = (_c19*_c28 - 2*_c20*p_kappa_c)**2
    return c


@njit(cache=True, error_model='numpy')
def ep_effective_theta(p):
    r"""EP condition Disc = 0 of the effective model as a polynomial in u = exp(i theta):
    coefficients highest first, then the cleared denominator (its zeros are spurious roots)."""
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
    _c0 = p_J*p_g_a*p_g_b
    _c1 = 1j*p_kappa_c
    _c2 = -32*_c0*_c1 + 64*_c0*p_Delta_c
    _c3 = p_Delta_a*p_Delta_c
    _c4 = 16*p_kappa_c
    _c5 = p_kappa_a**2
    _c6 = p_kappa_c**2
    _c7 = p_kappa_b**2
    _c8 = p_Delta_c**2
    _c9 = p_g_a**2
    _c10 = p_g_b**2
    _c11 = 32*_c10
    _c12 = 32*p_Delta_b
    _c13 = _c9*p_Delta_c
    _c14 = 8*p_kappa_a
    _c15 = _c10*p_kappa_c
    _c16 = p_Delta_a**2
    _c17 = 16*_c8
    _c18 = p_Delta_b**2
    _c19 = p_J**2
    _c20 = 1j*p_Delta_a
    _c21 = 4*_c6
    _c22 = 1j*p_Delta_b
    _c23 = 16*1j
    _c24 = 4*p_Delta_c
    _c25 = _c1*_c24
    _c26 = cmath.exp(1j*p_theta)
    c = np.zeros((5,), dtype=np.complex128)
    c[0] = _c2
    c[1] = -_c1*_c12*_c3 - _c10*_c23*p_Delta_c*p_kappa_b + 16*1j*_c10*p_Delta_a*p_kappa_c + 32*_c10*p_Delta_b*p_Delta_c + 16*1j*_c10*p_Delta_c*p_kappa_a + 8*_c10*p_kappa_a*p_kappa_c - _c11*_c3 - _c11*_c9 - _c12*_c13 - _c13*_c23*p_kappa_a - _c14*_c8*p_kappa_b - _c14*_c9*p_kappa_c - 16*_c15*_c22 - 8*_c15*p_kappa_b - _c16*_c17 + 4*_c16*_c6 + 16*1j*_c16*p_Delta_c*p_kappa_c - _c17*_c18 - _c17*_c20*p_kappa_b - _c17*_c22*p_kappa_a + 4*_c18*_c6 + 16*1j*_c18*p_Delta_c*p_kappa_c + 16*_c19*_c6 - 64*_c19*_c8 + 64*1j*_c19*p_Delta_c*p_kappa_c - _c20*_c21*p_kappa_a - 16*_c20*_c9*p_kappa_c - _c21*_c22*p_kappa_b - _c25*_c5 - _c25*_c7 - _c3*_c4*p_kappa_b - _c4*p_Delta_b*p_Delta_c*p_kappa_a - _c5*_c6 + 4*_c5*_c8 - _c6*_c7 - 8*_c6*p_Delta_a*p_Delta_b + 4*1j*_c6*p_Delta_a*p_kappa_b + 4*1j*_c6*p_Delta_b*p_kappa_a + 2*_c6*p_kappa_a*p_kappa_b + 4*_c7*_c8 + 32*_c8*p_Delta_a*p_Delta_b + 16*1j*_c8*p_Delta_a*p_kappa_a + 16*1j*_c8*p_Delta_b*p_kappa_b + 32*_c9*p_Delta_a*p_Delta_c + 16*1j*_c9*p_Delta_b*p_kappa_c + 16*1j*_c9*p_Delta_c*p_kappa_b + 8*_c9*p_kappa_b*p_kappa_c + 16*p_Delta_a*p_Delta_c*p_kappa_a*p_kappa_c + 16*p_Delta_b*p_Delta_c*p_kappa_b*p_kappa_c + 8*1j*p_Delta_c*p_kappa_a*p_kappa_b*p_kappa_c - 16*p_g_a**4 - 16*p_g_b**4
    c[2] = _c2
    c[4] = (-2*_c1*_c26 + _c24*_c26)**2
    return c


#: closed-form spectrum kernels per variant: {piece: function name}
SPECTRUM = {'full': {'charpoly': 'charpoly_full', 'discriminant': 'discriminant_full'}, 'effective': {'charpoly': 'charpoly_effective', 'discriminant': 'discriminant_effective'}}
#: EP polynomials per variant: {parameter: (function name, polynomial in exp(i x))}
EP_POLYNOMIALS = {'full': {}, 'effective': {'Delta_a': ('ep_effective_Delta_a', False), 'Delta_b': ('ep_effective_Delta_b', False), 'Delta_c': ('ep_effective_Delta_c', False), 'J': ('ep_effective_J', False), 'g_a': ('ep_effective_g_a', False), 'g_b': ('ep_effective_g_b', False), 'kappa_a': ('ep_effective_kappa_a', False), 'kappa_b': ('ep_effective_kappa_b', False), 'kappa_c': ('ep_effective_kappa_c', False), 'theta': ('ep_effective_theta', True)}}
#: spectrum results kept structured (evaluated numerically by the runtime), per variant
STRUCTURED = {'full': {'ep:Delta_a': 'structured: EP condition in Delta_a solved numerically (1003 terms)', 'ep:Delta_b': 'structured: EP condition in Delta_b solved numerically (1003 terms)', 'ep:Delta_c': 'structured: EP condition in Delta_c solved numerically (1003 terms)', 'ep:J': 'structured: EP condition in J solved numerically (1003 terms)', 'ep:g_a': 'structured: EP condition in g_a solved numerically (1003 terms)', 'ep:g_b': 'structured: EP condition in g_b solved numerically (1003 terms)', 'ep:kappa_a': 'structured: EP condition in kappa_a solved numerically (1003 terms)', 'ep:kappa_b': 'structured: EP condition in kappa_b solved numerically (1003 terms)', 'ep:kappa_c': 'structured: EP condition in kappa_c solved numerically (1003 terms)', 'ep:theta': 'structured: EP condition in theta solved numerically (1003 terms)'}, 'effective': {}}
