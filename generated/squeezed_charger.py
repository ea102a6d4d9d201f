# GENERATED FILE - DO NOT EDIT.
# Contents: Numba kernels of the model 'squeezed_charger'.
# Produced by nrqb_sym.codegen from the model file squeezed_charger.toml (model 'squeezed_charger')
# through the pipeline spec -> quadratic form -> reduction -> moments ->
# steady state -> spectrum -> nonreciprocity.
# Model+pipeline hash: sha256:965acf661ed862dc275e55001a7017b405e059bbc6da571c28433f31aff5bddd
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Kernels of the model 'squeezed_charger': matrix form, derived observables and spectrum pieces
(see nrqb_sym.codegen.kernels; the fused passes are in nrqb_sym.runtime.numerics)."""

import cmath
import math

import numpy as np
from numba import njit

from nrqb_sym.runtime import numerics as _nm

MODEL = 'squeezed_charger'
DESCRIPTION = "the paper battery plus two-mode squeezing G(ab + a'b') below threshold: pair creation amplifies the coherent charge and adds squeezed fluctuations; the one-way link raises the threshold"
DIGEST = '965acf661ed862dc275e55001a7017b405e059bbc6da571c28433f31aff5bddd'
PARAMETERS = ('Delta_a', 'Delta_b', 'Delta_c', 'kappa_a', 'kappa_b', 'kappa_c', 'g_a', 'g_b', 'J', 'theta', 'F', 'G', 'omega_a', 'omega_b', 'n_a', 'n_b', 'n_c')
KINDS = {'Delta_a': 'real', 'Delta_b': 'real', 'Delta_c': 'real', 'kappa_a': 'positive', 'kappa_b': 'positive', 'kappa_c': 'positive', 'g_a': 'positive', 'g_b': 'positive', 'J': 'nonnegative', 'theta': 'real', 'F': 'real', 'G': 'nonnegative', 'omega_a': 'positive', 'omega_b': 'positive', 'n_a': 'nonnegative', 'n_b': 'nonnegative', 'n_c': 'nonnegative'}
DEFAULTS = {'Delta_a': 0.0, 'Delta_b': 0.0, 'Delta_c': 0.0, 'kappa_a': 0.05, 'kappa_b': 0.05, 'kappa_c': 100.0, 'g_a': 5.0, 'g_b': 5.0, 'J': 0.5, 'theta': 1.5707963267948966, 'F': 0.5, 'G': 0.1, 'omega_a': 1.0, 'omega_b': 1.0, 'n_a': 0.0, 'n_b': 0.0, 'n_c': 0.0}
LATEX = {'Delta_a': '\\Delta_a', 'Delta_b': '\\Delta_b', 'Delta_c': '\\Delta_c', 'kappa_a': '\\kappa_a', 'kappa_b': '\\kappa_b', 'kappa_c': '\\kappa_c', 'g_a': 'g_a', 'g_b': 'g_b', 'J': 'J', 'theta': '\\theta', 'F': 'F', 'G': 'G', 'omega_a': '\\omega_a', 'omega_b': '\\omega_b', 'n_a': 'n_a', 'n_b': 'n_b', 'n_c': 'n_c'}
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
DECOUPLED = {'full': False, 'effective': False}
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
    p_G = p[11]
    p_omega_a = p[12]
    p_omega_b = p[13]
    p_n_a = p[14]
    p_n_b = p[15]
    p_n_c = p[16]
    _c0 = 1j*p_theta
    _c1 = 1j*p_J
    _c2 = -1j*p_g_a
    _c3 = 1j*p_G
    _c4 = -_c3
    _c5 = -1j*p_g_b
    _c6 = p_kappa_a*p_n_a
    _c7 = p_kappa_b*p_n_b
    _c8 = p_kappa_c*p_n_c
    M1x = np.zeros((3, 6), dtype=np.complex128)
    f = np.zeros((3,), dtype=np.complex128)
    Dn = np.zeros((6, 6), dtype=np.complex128)
    omega = np.zeros((3,), dtype=np.float64)
    M1x[0, 0] = -1j*p_Delta_a - 1/2*p_kappa_a
    M1x[0, 1] = -_c1*cmath.exp(_c0)
    M1x[0, 2] = _c2
    M1x[0, 4] = _c4
    M1x[1, 0] = -_c1*cmath.exp(-_c0)
    M1x[1, 1] = -1j*p_Delta_b - 1/2*p_kappa_b
    M1x[1, 2] = _c5
    M1x[1, 3] = _c4
    M1x[2, 0] = _c2
    M1x[2, 1] = _c5
    M1x[2, 2] = -1j*p_Delta_c - 1/2*p_kappa_c
    f[0] = -1j*p_F
    Dn[0, 1] = _c4
    Dn[0, 3] = _c6
    Dn[1, 0] = _c4
    Dn[1, 4] = _c7
    Dn[2, 5] = _c8
    Dn[3, 0] = _c6
    Dn[3, 4] = _c3
    Dn[4, 1] = _c7
    Dn[4, 3] = _c3
    Dn[5, 2] = _c8
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
def charpoly_effective(p):
    r"""Characteristic polynomial det(lambda - M) of the effective first-moment drift
    (whole first-moment drift M1 (4x4; squeezing or mixed jumps)): coefficients, highest degree first."""
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
    p_G = p[11]
    _c0 = p_Delta_c**2
    _c1 = 1j*p_theta
    _c2 = cmath.exp(_c1)
    _c3 = 8*_c2
    _c4 = _c0*_c3
    _c5 = p_kappa_c**2
    _c6 = 2*_c2
    _c7 = _c4 + _c5*_c6
    _c8 = _c5*p_kappa_a
    _c9 = _c5*p_kappa_b
    _c10 = 4*_c0
    _c11 = p_g_a**2
    _c12 = 4*p_kappa_c
    _c13 = p_g_b**2
    _c14 = p_Delta_c**3
    _c15 = 128*_c14
    _c16 = p_g_a*p_g_b
    _c17 = _c16*p_J
    _c18 = _c15*_c17
    _c19 = 32*_c5
    _c20 = _c19*p_Delta_c
    _c21 = _c17*_c20
    _c22 = p_kappa_a**2
    _c23 = p_kappa_c**4
    _c24 = _c2*_c23
    _c25 = _c22*_c24
    _c26 = p_kappa_b**2
    _c27 = _c24*_c26
    _c28 = p_Delta_c**4
    _c29 = _c2*_c28
    _c30 = 64*_c29
    _c31 = p_kappa_a*p_kappa_b
    _c32 = 4*_c24
    _c33 = p_Delta_a**2
    _c34 = p_Delta_b**2
    _c35 = p_g_a**4
    _c36 = _c2*_c35
    _c37 = 64*_c0
    _c38 = p_g_b**4
    _c39 = _c2*_c38
    _c40 = p_G**2
    _c41 = 128*_c40
    _c42 = p_J**2
    _c43 = 128*_c42
    _c44 = 16*_c29
    _c45 = _c23*_c3
    _c46 = 16*_c5
    _c47 = _c11*_c2
    _c48 = _c47*p_Delta_a
    _c49 = _c13*_c2
    _c50 = _c49*p_Delta_b
    _c51 = p_kappa_c**3
    _c52 = _c3*_c51
    _c53 = _c11*p_kappa_a
    _c54 = 16*_c51
    _c55 = _c47*p_kappa_b
    _c56 = _c49*p_kappa_a
    _c57 = _c13*p_kappa_b
    _c58 = cmath.exp(2*_c1)
    _c59 = _c18*_c58
    _c60 = 32*_c0
    _c61 = _c47*_c60
    _c62 = p_kappa_a*p_kappa_c
    _c63 = _c37*p_kappa_c
    _c64 = _c60*p_kappa_b
    _c65 = _c2*_c8
    _c66 = _c2*_c5
    _c67 = _c60*_c66
    _c68 = _c37*_c66
    _c69 = _c13*_c47
    _c70 = 128*_c0
    _c71 = _c69*_c70
    _c72 = _c4*_c5
    _c73 = _c17*p_Delta_a
    _c74 = p_kappa_c**5
    _c75 = 16*_c74
    _c76 = _c73*_c75
    _c77 = _c17*p_Delta_b
    _c78 = _c75*_c77
    _c79 = p_Delta_c**5
    _c80 = 256*_c17
    _c81 = _c79*_c80
    _c82 = _c81*p_kappa_a
    _c83 = _c81*p_kappa_b
    _c84 = _c28*_c80*p_kappa_c
    _c85 = _c84*p_Delta_a
    _c86 = _c84*p_Delta_b
    _c87 = p_Delta_c*p_kappa_a
    _c88 = _c17*_c23
    _c89 = 16*_c88
    _c90 = _c87*_c89
    _c91 = p_Delta_c*p_kappa_b
    _c92 = _c89*_c91
    _c93 = p_kappa_c**6
    _c94 = _c2*_c93
    _c95 = _c26*p_kappa_a
    _c96 = _c94*p_kappa_b
    _c97 = _c51*_c70
    _c98 = _c73*_c97
    _c99 = _c77*_c97
    _c100 = p_Delta_c**6
    _c101 = _c100*_c2
    _c102 = 256*_c101
    _c103 = _c102*p_kappa_b
    _c104 = 4*_c96
    _c105 = _c102*p_kappa_a
    _c106 = 4*_c94
    _c107 = _c106*p_kappa_a
    _c108 = _c35*p_kappa_b
    _c109 = 256*_c29
    _c110 = _c38*p_kappa_a
    _c111 = _c40*p_kappa_a
    _c112 = 64*_c101
    _c113 = 16*_c24
    _c114 = 512*_c79
    _c115 = _c11*_c74
    _c116 = _c3*_c31
    _c117 = _c13*_c74
    _c118 = _c49*_c74
    _c119 = 16*_c118
    _c120 = _c47*_c74
    _c121 = 16*_c120
    _c122 = 16*_c40
    _c123 = 4*_c22
    _c124 = _c24*p_Delta_a
    _c125 = _c13*p_Delta_b
    _c126 = 32*_c87
    _c127 = _c11*p_kappa_c
    _c128 = 128*_c29*_c31
    _c129 = _c13*p_kappa_c
    _c130 = 48*_c24
    _c131 = _c0*p_kappa_b
    _c132 = _c130*_c131
    _c133 = _c109*_c129
    _c134 = _c29*_c9
    _c135 = 192*_c134
    _c136 = _c0*p_kappa_a
    _c137 = _c130*_c136
    _c138 = _c29*_c8
    _c139 = 192*_c138
    _c140 = _c0*_c111
    _c141 = _c109*_c40
    _c142 = 192*_c40
    _c143 = _c11*_c42
    _c144 = _c143*p_kappa_c
    _c145 = _c13*_c53
    _c146 = _c11*_c57
    _c147 = 256*_c14
    _c148 = _c47*_c51
    _c149 = _c31*_c37
    _c150 = _c49*_c51
    _c151 = _c0*_c41
    _c152 = _c0*_c43
    _c153 = _c58*p_G**4
    _c154 = p_Delta_c**8
    _c155 = 4096*_c154
    _c156 = _c58*p_J**4
    _c157 = p_kappa_c**8
    _c158 = 16*_c157
    _c159 = _c13*_c143
    _c160 = 4096*_c100
    _c161 = _c159*_c160
    _c162 = 64*_c93
    _c163 = _c159*_c162
    _c164 = _c16*p_J**3
    _c165 = p_Delta_c**7
    _c166 = 8192*_c165
    _c167 = _c166*_c2
    _c168 = _c73*p_Delta_b
    _c169 = p_kappa_c**7
    _c170 = 32*_c169
    _c171 = _c170*p_kappa_b
    _c172 = _c171*_c73
    _c173 = _c170*p_kappa_a
    _c174 = _c173*_c77
    _c175 = 2048*_c165
    _c176 = _c17*_c31
    _c177 = _c175*_c176
    _c178 = _c157*_c58
    _c179 = _c178*_c26
    _c180 = _c154*_c58
    _c181 = 8192*_c180
    _c182 = p_Delta_a*p_Delta_b
    _c183 = _c181*_c182
    _c184 = 32*_c178
    _c185 = _c182*_c184
    _c186 = cmath.exp(3*_c1)
    _c187 = _c164*_c186
    _c188 = _c31*_c40
    _c189 = 2048*_c180
    _c190 = _c31*_c42
    _c191 = 8*_c178
    _c192 = 8192*_c101*p_J
    _c193 = p_g_a*p_g_b**3
    _c194 = _c193*p_Delta_a
    _c195 = _c194*p_J
    _c196 = 128*_c94
    _c197 = p_Delta_b*p_g_a**3*p_g_b
    _c198 = _c197*p_J
    _c199 = _c196*p_Delta_c
    _c200 = _c17*_c40
    _c201 = _c166*p_Delta_b
    _c202 = _c186*_c73
    _c203 = 2048*_c101
    _c204 = _c73*p_kappa_b
    _c205 = _c62*_c77
    _c206 = _c33*_c58
    _c207 = _c206*_c34
    _c208 = _c206*_c38
    _c209 = _c180*_c26
    _c210 = _c38*_c93
    _c211 = _c35*_c58
    _c212 = _c211*_c34
    _c213 = 1024*_c34
    _c214 = _c0*_c93
    _c215 = 256*_c214
    _c216 = _c23*_c28
    _c217 = 1536*_c216
    _c218 = _c160*_c5
    _c219 = 1024*_c100
    _c220 = _c211*_c26
    _c221 = _c22*_c58
    _c222 = _c221*_c38
    _c223 = _c40*_c42
    _c224 = _c26*_c93
    _c225 = 16*_c224
    _c226 = 8192*_c100
    _c227 = _c186*_c226
    _c228 = 128*_c93
    _c229 = _c186*_c228
    _c230 = _c228*p_Delta_c
    _c231 = _c186*_c200
    _c232 = _c41*p_Delta_c
    _c233 = 2048*_c100
    _c234 = _c233*p_kappa_c
    _c235 = 32*p_Delta_c
    _c236 = _c235*_c93
    _c237 = _c11*_c58
    _c238 = _c237*p_Delta_a
    _c239 = _c238*_c34
    _c240 = _c166*p_Delta_a
    _c241 = _c13*_c58
    _c242 = _c241*_c40
    _c243 = _c241*_c42
    _c244 = _c238*_c26
    _c245 = _c125*_c206
    _c246 = _c206*_c57
    _c247 = _c237*_c40
    _c248 = _c143*_c58
    _c249 = _c125*_c221
    _c250 = _c34*_c53*_c58
    _c251 = _c0*_c23
    _c252 = 768*_c251
    _c253 = _c159*_c252
    _c254 = _c28*_c5
    _c255 = 3072*_c254
    _c256 = _c159*_c255
    _c257 = _c111*_c241
    _c258 = 8*_c169
    _c259 = _c237*_c95
    _c260 = _c221*_c57
    _c261 = 1536*_c14
    _c262 = _c24*_c261
    _c263 = 6144*_c79
    _c264 = _c263*_c66
    _c265 = _c232*_c93
    _c266 = _c17*_c186
    _c267 = 384*_c131
    _c268 = _c267*_c74
    _c269 = 1536*_c29*_c51
    _c270 = 384*_c74
    _c271 = _c136*_c270
    _c272 = 384*_c14
    _c273 = 1536*_c79
    _c274 = 512*_c214
    _c275 = _c182*_c58
    _c276 = _c274*_c275
    _c277 = 3072*_c216
    _c278 = _c275*_c277
    _c279 = _c100*_c5
    _c280 = 8192*_c279
    _c281 = _c275*_c280
    _c282 = _c100*_c13
    _c283 = _c182*_c237
    _c284 = _c13*_c93
    _c285 = _c237*_c284
    _c286 = _c41*_c58
    _c287 = _c284*p_Delta_a*p_Delta_c
    _c288 = _c43*_c58
    _c289 = _c237*p_Delta_b
    _c290 = _c214*_c31
    _c291 = _c23*_c261
    _c292 = 768*_c216*_c58
    _c293 = _c263*_c5
    _c294 = _c40*_c58
    _c295 = _c233*_c294
    _c296 = _c233*_c58
    _c297 = _c8*p_kappa_b
    _c298 = 2048*_c282
    _c299 = _c237*_c31
    _c300 = _c58*_c95
    _c301 = 512*_c100
    _c302 = 1536*_c0
    _c303 = 6144*_c29*_c5
    _c304 = _c291*p_Delta_b
    _c305 = _c293*p_Delta_b
    _c306 = _c28*_c51
    _c307 = 1536*_c306
    _c308 = _c307*p_kappa_b
    _c309 = _c186*_c77
    _c310 = _c307*p_kappa_a
    _c311 = _c186*_c88
    _c312 = 384*_c216
    _c313 = _c206*_c26
    _c314 = _c221*_c34
    _c315 = _c223*_c58
    _c316 = 192*_c251
    _c317 = 768*_c254
    _c318 = _c221*_c26
    _c319 = _c159*_c58
    _c320 = cmath.exp(4*_c1)
    _c321 = 1536*_c251
    _c322 = _c186*_c321
    _c323 = 6144*_c254
    _c324 = _c186*_c323
    _c325 = _c291*p_Delta_a
    _c326 = _c23*_c272
    _c327 = _c293*p_Delta_a
    _c328 = _c273*_c5
    _c329 = _c0*_c270
    _c330 = 384*_c117*_c58
    _c331 = 96*_c0
    _c332 = 384*_c306
    _c333 = _c13*_c283
    _c334 = _c13*_c247
    c = np.zeros((5,), dtype=np.complex128)
    c[0] = 1
    c[1] = _c6*(_c10*p_kappa_a + _c10*p_kappa_b + _c11*_c12 + _c12*_c13 + _c8 + _c9)/_c7
    c[2] = _c2*(-_c15*_c48 - _c15*_c50 - _c18 + _c19*_c69 - _c20*_c48 - _c20*_c50 - _c21*_c58 - _c21 + _c22*_c44 + _c22*_c72 + _c25 + _c26*_c44 + _c26*_c72 + _c27 - _c29*_c41 + _c29*_c43 + _c30*_c31 + _c30*_c33 + _c30*_c34 + _c31*_c32 + _c32*_c33 + _c32*_c34 + _c33*_c67 + _c34*_c67 + _c36*_c37 + _c36*_c46 + _c37*_c39 + _c39*_c46 - _c40*_c45 - _c40*_c68 + _c42*_c45 + _c42*_c68 + _c49*_c64*p_kappa_c + _c52*_c53 + _c52*_c57 + _c54*_c55 + _c54*_c56 + _c55*_c63 + _c56*_c63 - _c59 + _c61*_c62 + _c64*_c65 + _c71)/_c7**2
    c[3] = 2*_c58*(-_c102*_c111 + _c103*_c33 - _c103*_c40 + _c103*_c42 + _c104*_c33 - _c104*_c40 + _c104*_c42 + _c105*_c34 + _c105*_c42 - _c106*_c111 + _c107*_c34 + _c107*_c42 + _c108*_c109 + _c108*_c113 + _c109*_c110 + _c109*_c127*_c34 + _c109*_c144 + _c109*_c145 + _c109*_c146 - 32*_c11*_c124*_c91 + _c110*_c113 + _c112*_c22*p_kappa_b + _c112*_c95 + _c113*_c145 + _c113*_c146 - _c114*_c48*p_kappa_b - _c114*_c50*p_kappa_a + _c115*_c116 + _c116*_c117 - _c118*_c122 + _c118*_c123 + _c119*_c33 + _c119*_c42 - _c120*_c122 + 4*_c120*_c26 + _c121*_c34 + _c121*_c42 - _c125*_c126*_c24 + _c127*_c128 - _c127*_c141 + _c127*_c26*_c30 + _c128*_c129 - _c129*_c141 + _c129*_c22*_c30 - _c130*_c140 + 12*_c131*_c25 + _c132*_c33 - _c132*_c40 + _c132*_c42 + _c133*_c33 + _c133*_c42 - _c134*_c142 + 48*_c134*_c22 + _c135*_c33 + _c135*_c42 + 12*_c136*_c27 + _c137*_c34 + _c137*_c42 - _c138*_c142 + 48*_c138*_c26 + _c139*_c34 + _c139*_c42 - _c147*_c48*_c9 - _c147*_c50*_c8 + _c148*_c149 - _c148*_c151 + _c148*_c152 + _c148*_c34*_c70 + _c149*_c150 - _c150*_c151 + _c150*_c152 + _c150*_c22*_c60 + _c150*_c33*_c70 - _c18*_c8 - _c18*_c9 + _c22*_c96 + _c26*_c51*_c61 + _c36*_c70*_c9 + _c39*_c70*_c8 - _c58*_c76 - _c58*_c78 - _c58*_c82 - _c58*_c83 - _c58*_c85 - _c58*_c86 - _c58*_c90 - _c58*_c92 - _c58*_c98 - _c58*_c99 - _c59*_c8 - _c59*_c9 + _c71*_c8 + _c71*_c9 - _c76 - _c78 - _c82 - _c83 - _c85 - _c86 - _c90 - _c92 + _c94*_c95 - _c98 - _c99)/_c7**3
    c[4] = _c58*(_c0*_c221*_c225 - _c111*_c129*_c296 - _c115*_c267*_c294 + _c115*_c300*_c331 + _c123*_c178*_c34 - _c124*_c193*_c302*p_J - _c126*_c17*_c96 - _c127*_c295*p_kappa_b + _c127*_c300*_c301 + 384*_c13*_c251*_c299 + _c136*_c330*_c42 - _c140*_c330 + _c144*_c296*p_kappa_b + 1536*_c146*_c28*_c58*_c8 + _c153*_c155 + _c153*_c158 + _c153*_c215 + _c153*_c217 + _c153*_c218 + _c155*_c156 + _c155*_c207 + _c156*_c158 + _c156*_c215 + _c156*_c217 + _c156*_c218 + _c158*_c207 + _c160*_c208 + _c160*_c212 + _c161*_c320 + _c161 + _c162*_c212 + _c163*_c320 + _c163 - _c164*_c167 - _c164*_c199 - _c164*_c262 - _c164*_c264 - _c166*_c187 + _c166*_c231 - _c166*_c239 - _c166*_c245 + _c167*_c168 + _c167*_c200 + _c168*_c186*_c230 + _c168*_c199 + _c168*_c262 + _c168*_c264 + _c17*_c232*_c94 - _c17*_c273*_c65*p_kappa_b + _c170*_c246 + _c170*_c250 - _c170*_c257 - _c171*_c247 + _c171*_c248 - _c172*_c186 - _c172*_c2 + _c173*_c243 - _c174*_c186 - _c174*_c2 - _c175*_c244 - _c175*_c249 - _c176*_c186*_c236 - _c176*_c24*_c272 - _c177*_c186 - _c177*_c2 + _c179*_c22 + 4*_c179*_c33 + _c180*_c213*_c22 - _c181*_c223 + 128*_c182*_c285 - _c183*_c40 - _c183*_c42 - _c184*_c223 - _c185*_c40 - _c185*_c42 - _c186*_c205*_c233 - _c187*_c230 - _c187*_c291 - _c187*_c293 - _c188*_c189 - _c188*_c191 - _c188*_c292 + _c189*_c190 + _c190*_c191 + _c190*_c292 - _c192*_c194 - _c192*_c197 - _c195*_c196 - _c195*_c227 - _c195*_c229 - _c195*_c303 - _c195*_c322 - _c195*_c324 - _c196*_c198 - _c198*_c227 - _c198*_c229 - _c198*_c24*_c302 - _c198*_c303 - _c198*_c322 - _c198*_c324 - _c2*_c268*_c73 - _c2*_c271*_c77 + _c200*_c262 + _c200*_c264 + _c201*_c202 + _c201*_c247 + _c201*_c248 - _c202*_c234*p_kappa_b - _c202*_c268 + _c202*_c304 + _c202*_c305 - _c202*_c308 - _c203*_c204*p_kappa_c - _c203*_c205 - _c204*_c269 + 64*_c206*_c210 + _c206*_c224*_c37 + _c207*_c215 + _c207*_c217 + _c207*_c218 + _c208*_c252 + _c208*_c255 + 256*_c209*_c22 + 1024*_c209*_c33 + 16*_c210*_c221 + _c211*_c225 + _c212*_c252 + _c212*_c255 + _c213*_c221*_c279 + 96*_c216*_c318 + _c219*_c220 + _c219*_c222 + _c219*_c313*_c5 + _c220*_c316 + _c220*_c317 + _c222*_c316 + _c222*_c317 - _c224*_c235*_c238 + _c226*_c319 - _c230*_c239 - _c230*_c245 + _c231*_c293 + _c234*_c246 + _c234*_c250 - _c236*_c249 - _c239*_c291 - _c239*_c293 + _c240*_c242 + _c240*_c243 + _c242*_c325 + _c242*_c327 + _c243*_c310 + _c243*_c325 + _c243*_c327 - _c244*_c326 - _c244*_c328 - _c245*_c291 - _c245*_c293 + _c246*_c307 + _c246*_c329 - 16384*_c247*_c282 - 256*_c247*_c284 + _c247*_c304 + _c247*_c305 - _c247*_c308 + _c248*_c268 + _c248*_c304 + _c248*_c305 + _c248*_c308 - _c249*_c326 - _c249*_c328 + _c250*_c307 + _c250*_c329 - 3072*_c251*_c334 + _c253*_c320 + _c253 - 12288*_c254*_c334 + _c256*_c320 + _c256 - _c257*_c307 + _c258*_c259 + _c258*_c260 + _c259*_c332 + _c260*_c301*p_kappa_c + _c260*_c331*_c74 + _c260*_c332 + _c261*_c311*_c40 + _c265*_c266 + _c265*_c289 - _c266*_c273*_c297 - _c269*_c77*p_kappa_a - _c271*_c309 - _c272*_c31*_c311 - _c274*_c315 - _c276*_c40 - _c276*_c42 - _c277*_c315 - _c278*_c40 - _c278*_c42 + 256*_c279*_c318 - _c280*_c315 - _c281*_c40 - _c281*_c42 + 8192*_c282*_c283 + 32*_c285*_c31 + _c285*_c43 + _c286*_c287 - _c286*_c290 + _c287*_c288 + _c288*_c290 + _c289*_c43*_c93*p_Delta_c - _c295*_c297 + _c296*_c297*_c42 + _c298*_c299 + _c298*_c42*_c58*_c62 - _c309*_c310 + _c312*_c313 + _c312*_c314 + _c314*_c37*_c93 + _c319*_c321 + _c319*_c323 + _c321*_c333 + _c323*_c333)/_c7**4
    return c


#: closed-form spectrum kernels per variant: {piece: function name}
SPECTRUM = {'full': {}, 'effective': {'charpoly': 'charpoly_effective'}}
#: EP polynomials per variant: {parameter: (function name, polynomial in exp(i x))}
EP_POLYNOMIALS = {'full': {}, 'effective': {}}
#: spectrum results kept structured (evaluated numerically by the runtime), per variant
STRUCTURED = {'full': {'charpoly': 'structured: det(lambda - M) evaluated numerically; a 6x6 matrix exceeds the expansion limit', 'discriminant': 'structured: discriminant evaluated numerically from the eigenvalues'}, 'effective': {'discriminant': 'structured: discriminant evaluated numerically from the coefficients (about 4569493623 monomial products when expanded)'}}
