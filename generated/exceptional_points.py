# GENERATED FILE - DO NOT EDIT.
# Contents: exceptional-point polynomials of the effective drift matrix.
# Produced by nrqb_sym.codegen from the model nrqb_sym.model.core.three_mode_model
# through the pipeline model -> elimination -> moments -> nonreciprocity -> solutions ->
# spectrum.
# Model+pipeline hash: sha256:6feaaead17660739fe673851811b2701f880e05be171cde556b1feb6d9f9b0e8
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""EP condition D = 0 as polynomials in one parameter; EP_SOLVERS[name] = (kernel, in_exp)."""

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
def ep_Delta_a(p):
    r"""Coefficients (highest degree first) and cleared denominator of D = 0 as a
    polynomial in Delta_a (Delta_a)."""
    Delta_b = p[1]
    Delta_c = p[2]
    kappa_a = p[3]
    kappa_b = p[4]
    kappa_c = p[5]
    g_a = p[6]
    g_b = p[7]
    J = p[8]
    theta = p[9]
    _x0 = Delta_c**2
    _x1 = 1j*theta
    _x2 = cmath.exp(_x1)
    _x3 = 16*_x2
    _x4 = _x0*_x3
    _x5 = kappa_c**2
    _x6 = _x2*_x5
    _x7 = 4*_x6
    _x8 = 1j*kappa_c
    _x9 = Delta_c*_x8
    _x10 = kappa_b*kappa_c
    _x11 = Delta_c*_x3
    _x12 = g_a**2
    _x13 = 32*_x2
    _x14 = g_b**2
    _x15 = Delta_c*_x14
    _x16 = Delta_b*_x13
    _x17 = 1j*kappa_b
    _x18 = _x3*_x8
    _x19 = 1j*kappa_a
    _x20 = 32*J*_x8*g_a*g_b
    _x21 = kappa_a*kappa_c
    _x22 = kappa_a**2
    _x23 = kappa_b**2
    _x24 = _x0*_x2
    _x25 = 8*_x2
    _x26 = cmath.exp(2*_x1)
    _x27 = Delta_b**2
    _x28 = J**2
    _x29 = 4*_x2
    _x30 = _x29*_x9
    return (complex(_x3*_x9 - _x4 + _x7), complex(32*Delta_b*_x0*_x2 - 8*Delta_b*_x6 + 32*Delta_c*_x12*_x2 + 16*Delta_c*_x2*kappa_a*kappa_c + 16*1j*_x0*_x2*kappa_a - _x10*_x11 - _x12*_x18 - _x13*_x15 + 16*1j*_x14*_x2*kappa_c - _x16*_x9 - _x17*_x4 - _x19*_x7 + 4*1j*_x2*_x5*kappa_b), complex(32*Delta_b*Delta_c*_x14*_x2 + 16*Delta_b*Delta_c*_x2*kappa_b*kappa_c + 16*1j*Delta_b*_x0*_x2*kappa_b - Delta_b*_x11*_x21 + 16*1j*Delta_b*_x12*_x2*kappa_c - Delta_b*_x14*_x18 - Delta_b*_x17*_x7 - Delta_b*_x19*_x4 + 4*1j*Delta_b*_x2*_x5*kappa_a + 64*Delta_c*J*_x26*g_a*g_b + 64*Delta_c*J*g_a*g_b - Delta_c*_x12*_x16 + 16*1j*Delta_c*_x12*_x2*kappa_b + 16*1j*Delta_c*_x14*_x2*kappa_a + 16*1j*Delta_c*_x2*_x27*kappa_c + 64*1j*Delta_c*_x2*_x28*kappa_c + 8*1j*Delta_c*_x2*kappa_a*kappa_b*kappa_c + 4*_x0*_x2*_x22 + 4*_x0*_x2*_x23 - _x10*_x14*_x25 - _x11*_x12*_x19 - _x12*_x13*_x14 + 8*_x12*_x2*kappa_b*kappa_c - _x12*_x21*_x25 + 8*_x14*_x2*kappa_a*kappa_c - _x15*_x17*_x3 + 4*_x2*_x27*_x5 + 16*_x2*_x28*_x5 + 2*_x2*_x5*kappa_a*kappa_b - _x20*_x26 - _x20 - _x22*_x30 - _x22*_x6 - _x23*_x30 - _x23*_x6 - 64*_x24*_x28 - 8*_x24*kappa_a*kappa_b - _x27*_x4 - _x3*g_a**4 - _x3*g_b**4), complex(_x29*(4*_x0 - _x5 - 4*_x9)))


EP_DELTA_A_OUTPUTS = ('c0', 'c1', 'c2', 'denominator')


@njit(cache=True, error_model='numpy')
def ep_Delta_b(p):
    r"""Coefficients (highest degree first) and cleared denominator of D = 0 as a
    polynomial in Delta_b (Delta_b)."""
    Delta_a = p[0]
    Delta_c = p[2]
    kappa_a = p[3]
    kappa_b = p[4]
    kappa_c = p[5]
    g_a = p[6]
    g_b = p[7]
    J = p[8]
    theta = p[9]
    _x0 = Delta_c**2
    _x1 = 1j*theta
    _x2 = cmath.exp(_x1)
    _x3 = 16*_x2
    _x4 = _x0*_x3
    _x5 = kappa_c**2
    _x6 = _x2*_x5
    _x7 = 4*_x6
    _x8 = 1j*kappa_c
    _x9 = Delta_c*_x8
    _x10 = kappa_a*kappa_c
    _x11 = Delta_c*_x3
    _x12 = 32*_x2
    _x13 = g_a**2
    _x14 = Delta_c*_x13
    _x15 = g_b**2
    _x16 = Delta_a*_x12
    _x17 = 1j*kappa_a
    _x18 = _x3*_x8
    _x19 = 1j*kappa_b
    _x20 = 32*J*_x8*g_a*g_b
    _x21 = kappa_b*kappa_c
    _x22 = kappa_a**2
    _x23 = kappa_b**2
    _x24 = _x0*_x2
    _x25 = 8*_x2
    _x26 = cmath.exp(2*_x1)
    _x27 = Delta_a**2
    _x28 = J**2
    _x29 = 4*_x2
    _x30 = _x29*_x9
    return (complex(_x3*_x9 - _x4 + _x7), complex(32*Delta_a*_x0*_x2 - 8*Delta_a*_x6 + 32*Delta_c*_x15*_x2 + 16*Delta_c*_x2*kappa_b*kappa_c + 16*1j*_x0*_x2*kappa_b - _x10*_x11 - _x12*_x14 + 16*1j*_x13*_x2*kappa_c - _x15*_x18 - _x16*_x9 - _x17*_x4 - _x19*_x7 + 4*1j*_x2*_x5*kappa_a), complex(32*Delta_a*Delta_c*_x13*_x2 + 16*Delta_a*Delta_c*_x2*kappa_a*kappa_c + 16*1j*Delta_a*_x0*_x2*kappa_a - Delta_a*_x11*_x21 - Delta_a*_x13*_x18 + 16*1j*Delta_a*_x15*_x2*kappa_c - Delta_a*_x17*_x7 - Delta_a*_x19*_x4 + 4*1j*Delta_a*_x2*_x5*kappa_b + 64*Delta_c*J*_x26*g_a*g_b + 64*Delta_c*J*g_a*g_b + 16*1j*Delta_c*_x13*_x2*kappa_b - Delta_c*_x15*_x16 + 16*1j*Delta_c*_x15*_x2*kappa_a + 16*1j*Delta_c*_x2*_x27*kappa_c + 64*1j*Delta_c*_x2*_x28*kappa_c + 8*1j*Delta_c*_x2*kappa_a*kappa_b*kappa_c + 4*_x0*_x2*_x22 + 4*_x0*_x2*_x23 - _x10*_x13*_x25 - _x11*_x15*_x19 - _x12*_x13*_x15 + 8*_x13*_x2*kappa_b*kappa_c - _x14*_x17*_x3 + 8*_x15*_x2*kappa_a*kappa_c - _x15*_x21*_x25 + 4*_x2*_x27*_x5 + 16*_x2*_x28*_x5 + 2*_x2*_x5*kappa_a*kappa_b - _x20*_x26 - _x20 - _x22*_x30 - _x22*_x6 - _x23*_x30 - _x23*_x6 - 64*_x24*_x28 - 8*_x24*kappa_a*kappa_b - _x27*_x4 - _x3*g_a**4 - _x3*g_b**4), complex(_x29*(4*_x0 - _x5 - 4*_x9)))


EP_DELTA_B_OUTPUTS = ('c0', 'c1', 'c2', 'denominator')


@njit(cache=True, error_model='numpy')
def ep_Delta_c(p):
    r"""Coefficients (highest degree first) and cleared denominator of D = 0 as a
    polynomial in Delta_c (Delta_c)."""
    Delta_a = p[0]
    Delta_b = p[1]
    kappa_a = p[3]
    kappa_b = p[4]
    kappa_c = p[5]
    g_a = p[6]
    g_b = p[7]
    J = p[8]
    theta = p[9]
    _x0 = 1j*theta
    _x1 = cmath.exp(_x0)
    _x2 = 8*_x1
    _x3 = _x2*kappa_a*kappa_b
    _x4 = Delta_a**2
    _x5 = 16*_x1
    _x6 = _x4*_x5
    _x7 = Delta_b**2
    _x8 = _x5*_x7
    _x9 = J**2
    _x10 = 64*_x1*_x9
    _x11 = kappa_a**2
    _x12 = kappa_b**2
    _x13 = 1j*_x5
    _x14 = Delta_a*_x13
    _x15 = Delta_b*_x13
    _x16 = J*g_a*g_b
    _x17 = 64*_x16
    _x18 = _x5*kappa_c
    _x19 = _x18*kappa_a
    _x20 = Delta_b*kappa_b
    _x21 = g_a**2
    _x22 = 32*_x1
    _x23 = Delta_a*_x22
    _x24 = g_b**2
    _x25 = Delta_b*_x22
    _x26 = cmath.exp(2*_x0)
    _x27 = Delta_a*Delta_b
    _x28 = 1j*kappa_c
    _x29 = _x13*kappa_a
    _x30 = _x13*kappa_b
    _x31 = 4*_x1
    _x32 = 32*_x16*_x28
    _x33 = kappa_c**2
    _x34 = _x1*_x33
    _x35 = _x2*kappa_c
    _x36 = 1j*_x31*_x33
    return (complex(32*Delta_a*Delta_b*_x1 + 16*1j*Delta_a*_x1*kappa_a + 16*1j*Delta_b*_x1*kappa_b + 4*_x1*_x11 + 4*_x1*_x12 - _x10 - _x14*kappa_b - _x15*kappa_a - _x3 - _x6 - _x8), complex(-Delta_a*_x18*kappa_b + Delta_a*_x19 - Delta_b*_x19 + _x10*_x28 - _x11*_x28*_x31 - _x12*_x28*_x31 + _x17*_x26 + _x17 + _x18*_x20 + _x21*_x23 - _x21*_x25 - _x21*_x29 + _x21*_x30 - _x22*_x27*_x28 - _x23*_x24 + _x24*_x25 + _x24*_x29 - _x24*_x30 + _x28*_x3 + _x28*_x6 + _x28*_x8), complex(16*1j*Delta_a*_x1*_x24*kappa_c + 4*1j*Delta_a*_x1*_x33*kappa_b - Delta_a*_x36*kappa_a + 16*1j*Delta_b*_x1*_x21*kappa_c + 4*1j*Delta_b*_x1*_x33*kappa_a + 8*_x1*_x21*kappa_b*kappa_c + 8*_x1*_x24*kappa_a*kappa_c + 4*_x1*_x33*_x4 + 4*_x1*_x33*_x7 + 16*_x1*_x33*_x9 + 2*_x1*_x33*kappa_a*kappa_b - _x11*_x34 - _x12*_x34 - _x14*_x21*kappa_c - _x15*_x24*kappa_c - _x20*_x36 - _x21*_x22*_x24 - _x21*_x35*kappa_a - _x24*_x35*kappa_b - _x26*_x32 - 8*_x27*_x34 - _x32 - _x5*g_a**4 - _x5*g_b**4), complex(_x31))


EP_DELTA_C_OUTPUTS = ('c0', 'c1', 'c2', 'denominator')


@njit(cache=True, error_model='numpy')
def ep_kappa_a(p):
    r"""Coefficients (highest degree first) and cleared denominator of D = 0 as a
    polynomial in kappa_a (kappa_a)."""
    Delta_a = p[0]
    Delta_b = p[1]
    Delta_c = p[2]
    kappa_b = p[4]
    kappa_c = p[5]
    g_a = p[6]
    g_b = p[7]
    J = p[8]
    theta = p[9]
    _x0 = kappa_c**2
    _x1 = 1j*theta
    _x2 = cmath.exp(_x1)
    _x3 = _x0*_x2
    _x4 = Delta_c**2
    _x5 = 4*_x2
    _x6 = 1j*Delta_c
    _x7 = _x6*kappa_c
    _x8 = _x5*_x7
    _x9 = 16*_x2
    _x10 = _x9*kappa_c
    _x11 = Delta_a*Delta_c
    _x12 = _x10*_x11
    _x13 = Delta_b*Delta_c
    _x14 = 8*_x2
    _x15 = _x4*kappa_b
    _x16 = g_a**2
    _x17 = _x14*kappa_c
    _x18 = g_b**2
    _x19 = _x17*_x18
    _x20 = _x3*kappa_b
    _x21 = _x4*_x9
    _x22 = 1j*Delta_a
    _x23 = 4*_x3
    _x24 = 1j*Delta_b
    _x25 = _x6*_x9
    _x26 = _x18*_x25
    _x27 = 32*1j*J*g_a*g_b*kappa_c
    _x28 = kappa_b**2
    _x29 = Delta_a*Delta_b
    _x30 = 32*_x2
    _x31 = _x18*_x30
    _x32 = cmath.exp(2*_x1)
    _x33 = Delta_a**2
    _x34 = Delta_b**2
    _x35 = J**2
    return (complex(4*_x2*_x4 - _x3 - _x8), complex(-_x10*_x13 + _x12 - _x14*_x15 - _x16*_x17 - _x16*_x25 + _x17*_x6*kappa_b + _x19 + 2*_x20 + _x21*_x22 - _x21*_x24 - _x22*_x23 + _x23*_x24 + _x26), complex(32*Delta_a*Delta_b*_x2*_x4 + 32*Delta_a*Delta_c*_x16*_x2 + 4*1j*Delta_a*_x0*_x2*kappa_b + 16*1j*Delta_a*_x18*_x2*kappa_c + 32*Delta_b*Delta_c*_x18*_x2 + 16*Delta_b*Delta_c*_x2*kappa_b*kappa_c + 16*1j*Delta_b*_x16*_x2*kappa_c + 16*1j*Delta_b*_x2*_x4*kappa_b + 64*Delta_c*J*_x32*g_a*g_b + 64*Delta_c*J*g_a*g_b + 16*1j*Delta_c*_x16*_x2*kappa_b + 16*1j*Delta_c*_x2*_x33*kappa_c + 16*1j*Delta_c*_x2*_x34*kappa_c + 64*1j*Delta_c*_x2*_x35*kappa_c + 4*_x0*_x2*_x33 + 4*_x0*_x2*_x34 + 16*_x0*_x2*_x35 - _x10*_x16*_x22 - _x10*_x18*_x24 - _x11*_x31 - _x12*kappa_b - _x13*_x16*_x30 - _x15*_x22*_x9 + 8*_x16*_x2*kappa_b*kappa_c - _x16*_x31 - _x19*kappa_b + 4*_x2*_x28*_x4 - 64*_x2*_x35*_x4 - 4*_x20*_x24 - _x21*_x33 - _x21*_x34 - _x26*kappa_b - _x27*_x32 - _x27 - _x28*_x3 - _x28*_x8 - 8*_x29*_x3 - _x29*_x30*_x7 - _x9*g_a**4 - _x9*g_b**4), complex(_x5*(-_x0 + 4*_x4 - 4*_x7)))


EP_KAPPA_A_OUTPUTS = ('c0', 'c1', 'c2', 'denominator')


@njit(cache=True, error_model='numpy')
def ep_kappa_b(p):
    r"""Coefficients (highest degree first) and cleared denominator of D = 0 as a
    polynomial in kappa_b (kappa_b)."""
    Delta_a = p[0]
    Delta_b = p[1]
    Delta_c = p[2]
    kappa_a = p[3]
    kappa_c = p[5]
    g_a = p[6]
    g_b = p[7]
    J = p[8]
    theta = p[9]
    _x0 = kappa_c**2
    _x1 = 1j*theta
    _x2 = cmath.exp(_x1)
    _x3 = _x0*_x2
    _x4 = Delta_c**2
    _x5 = 4*_x2
    _x6 = 1j*Delta_c
    _x7 = _x6*kappa_c
    _x8 = _x5*_x7
    _x9 = Delta_a*Delta_c
    _x10 = 16*_x2
    _x11 = _x10*kappa_c
    _x12 = Delta_b*Delta_c
    _x13 = _x11*_x12
    _x14 = 8*_x2
    _x15 = _x4*kappa_a
    _x16 = g_a**2
    _x17 = _x14*kappa_c
    _x18 = _x16*_x17
    _x19 = g_b**2
    _x20 = _x3*kappa_a
    _x21 = _x10*_x4
    _x22 = 1j*Delta_a
    _x23 = 4*_x3
    _x24 = 1j*Delta_b
    _x25 = _x10*_x6
    _x26 = _x16*_x25
    _x27 = 32*1j*J*g_a*g_b*kappa_c
    _x28 = kappa_a**2
    _x29 = Delta_a*Delta_b
    _x30 = 32*_x2
    _x31 = _x19*_x30
    _x32 = cmath.exp(2*_x1)
    _x33 = Delta_a**2
    _x34 = Delta_b**2
    _x35 = J**2
    return (complex(4*_x2*_x4 - _x3 - _x8), complex(-_x11*_x9 + _x13 - _x14*_x15 - _x17*_x19 + _x17*_x6*kappa_a + _x18 - _x19*_x25 + 2*_x20 - _x21*_x22 + _x21*_x24 + _x22*_x23 - _x23*_x24 + _x26), complex(32*Delta_a*Delta_b*_x2*_x4 + 32*Delta_a*Delta_c*_x16*_x2 + 16*Delta_a*Delta_c*_x2*kappa_a*kappa_c + 16*1j*Delta_a*_x19*_x2*kappa_c + 16*1j*Delta_a*_x2*_x4*kappa_a + 32*Delta_b*Delta_c*_x19*_x2 + 4*1j*Delta_b*_x0*_x2*kappa_a + 16*1j*Delta_b*_x16*_x2*kappa_c + 64*Delta_c*J*_x32*g_a*g_b + 64*Delta_c*J*g_a*g_b + 16*1j*Delta_c*_x19*_x2*kappa_a + 16*1j*Delta_c*_x2*_x33*kappa_c + 16*1j*Delta_c*_x2*_x34*kappa_c + 64*1j*Delta_c*_x2*_x35*kappa_c + 4*_x0*_x2*_x33 + 4*_x0*_x2*_x34 + 16*_x0*_x2*_x35 - _x10*_x15*_x24 - _x10*g_a**4 - _x10*g_b**4 - _x11*_x16*_x22 - _x11*_x19*_x24 - _x12*_x16*_x30 - _x13*kappa_a - _x16*_x31 - _x18*kappa_a + 8*_x19*_x2*kappa_a*kappa_c + 4*_x2*_x28*_x4 - 64*_x2*_x35*_x4 - 4*_x20*_x22 - _x21*_x33 - _x21*_x34 - _x26*kappa_a - _x27*_x32 - _x27 - _x28*_x3 - _x28*_x8 - 8*_x29*_x3 - _x29*_x30*_x7 - _x31*_x9), complex(_x5*(-_x0 + 4*_x4 - 4*_x7)))


EP_KAPPA_B_OUTPUTS = ('c0', 'c1', 'c2', 'denominator')


@njit(cache=True, error_model='numpy')
def ep_kappa_c(p):
    r"""Coefficients (highest degree first) and cleared denominator of D = 0 as a
    polynomial in kappa_c (kappa_c)."""
    Delta_a = p[0]
    Delta_b = p[1]
    Delta_c = p[2]
    kappa_a = p[3]
    kappa_b = p[4]
    g_a = p[6]
    g_b = p[7]
    J = p[8]
    theta = p[9]
    _x0 = 1j*theta
    _x1 = cmath.exp(_x0)
    _x2 = 8*_x1
    _x3 = Delta_a*Delta_b
    _x4 = kappa_a*kappa_b
    _x5 = Delta_a**2
    _x6 = 4*_x1
    _x7 = Delta_b**2
    _x8 = J**2
    _x9 = 16*_x1
    _x10 = kappa_a**2
    _x11 = _x1*_x10
    _x12 = kappa_b**2
    _x13 = _x1*_x12
    _x14 = 1j*_x6
    _x15 = _x14*kappa_b
    _x16 = Delta_b*kappa_a
    _x17 = 32*1j*J*g_a*g_b
    _x18 = Delta_c*_x9
    _x19 = Delta_a*kappa_b
    _x20 = g_a**2
    _x21 = g_b**2
    _x22 = 32*_x1
    _x23 = 1j*Delta_c
    _x24 = 1j*_x9
    _x25 = _x21*_x24
    _x26 = 4*_x23
    _x27 = cmath.exp(2*_x0)
    _x28 = Delta_c**2
    _x29 = _x21*_x22
    _x30 = _x28*_x9
    _x31 = 1j*_x30
    return (complex(-Delta_a*_x14*kappa_a + Delta_a*_x15 - Delta_b*_x15 + 2*_x1*_x4 - _x11 - _x13 + _x14*_x16 - _x2*_x3 + _x5*_x6 + _x6*_x7 + _x8*_x9), complex(16*Delta_a*Delta_c*_x1*kappa_a + 16*1j*Delta_a*_x1*_x21 - Delta_a*_x20*_x24 + 16*Delta_b*Delta_c*_x1*kappa_b + 16*1j*Delta_b*_x1*_x20 - Delta_b*_x25 + 16*1j*Delta_c*_x1*_x5 + 16*1j*Delta_c*_x1*_x7 + 64*1j*Delta_c*_x1*_x8 + 8*1j*Delta_c*_x1*kappa_a*kappa_b + 8*_x1*_x20*kappa_b + 8*_x1*_x21*kappa_a - _x11*_x26 - _x13*_x26 - _x16*_x18 - _x17*_x27 - _x17 - _x18*_x19 - _x2*_x20*kappa_a - _x2*_x21*kappa_b - _x22*_x23*_x3), complex(32*Delta_a*Delta_b*_x1*_x28 + 32*Delta_a*Delta_c*_x1*_x20 - Delta_a*Delta_c*_x29 + 16*1j*Delta_a*_x1*_x28*kappa_a + 32*Delta_b*Delta_c*_x1*_x21 - Delta_b*Delta_c*_x20*_x22 + 16*1j*Delta_b*_x1*_x28*kappa_b + 64*Delta_c*J*_x27*g_a*g_b + 64*Delta_c*J*g_a*g_b + 16*1j*Delta_c*_x1*_x20*kappa_b + 16*1j*Delta_c*_x1*_x21*kappa_a - Delta_c*_x20*_x24*kappa_a - Delta_c*_x25*kappa_b + 4*_x1*_x10*_x28 + 4*_x1*_x12*_x28 - 64*_x1*_x28*_x8 - _x16*_x31 - _x19*_x31 - _x2*_x28*_x4 - _x20*_x29 - _x30*_x5 - _x30*_x7 - _x9*g_a**4 - _x9*g_b**4), complex(_x6))


EP_KAPPA_C_OUTPUTS = ('c0', 'c1', 'c2', 'denominator')


@njit(cache=True, error_model='numpy')
def ep_g_a(p):
    r"""Coefficients (highest degree first) and cleared denominator of D = 0 as a
    polynomial in g_a (g_a)."""
    Delta_a = p[0]
    Delta_b = p[1]
    Delta_c = p[2]
    kappa_a = p[3]
    kappa_b = p[4]
    kappa_c = p[5]
    g_b = p[7]
    J = p[8]
    theta = p[9]
    _x0 = 1j*theta
    _x1 = cmath.exp(_x0)
    _x2 = 16*_x1
    _x3 = 32*_x1
    _x4 = Delta_b*Delta_c*_x3
    _x5 = kappa_a*kappa_c
    _x6 = 8*_x1
    _x7 = g_b**2
    _x8 = _x3*_x7
    _x9 = 1j*kappa_c
    _x10 = _x2*_x9
    _x11 = 1j*kappa_a
    _x12 = Delta_c*_x2
    _x13 = J*g_b
    _x14 = 64*Delta_c*_x13
    _x15 = 32*_x13*_x9
    _x16 = cmath.exp(2*_x0)
    _x17 = kappa_a**2
    _x18 = kappa_c**2
    _x19 = _x1*_x18
    _x20 = kappa_b**2
    _x21 = Delta_c**2
    _x22 = _x6*kappa_b
    _x23 = Delta_a**2
    _x24 = _x2*_x21
    _x25 = Delta_b**2
    _x26 = J**2
    _x27 = 1j*kappa_b
    _x28 = 4*_x19
    _x29 = 4*_x1
    _x30 = Delta_c*_x9
    _x31 = _x29*_x30
    return (complex(-_x2), complex(0), complex(32*Delta_a*Delta_c*_x1 - Delta_a*_x10 + 16*1j*Delta_b*_x1*kappa_c + 16*1j*Delta_c*_x1*kappa_b + 8*_x1*kappa_b*kappa_c - _x11*_x12 - _x4 - _x5*_x6 - _x8), complex(_x14*_x16 + _x14 - _x15*_x16 - _x15), complex(32*Delta_a*Delta_b*_x1*_x21 - 8*Delta_a*Delta_b*_x19 + 16*Delta_a*Delta_c*_x1*kappa_a*kappa_c - Delta_a*Delta_c*_x8 + 4*1j*Delta_a*_x1*_x18*kappa_b + 16*1j*Delta_a*_x1*_x21*kappa_a + 16*1j*Delta_a*_x1*_x7*kappa_c - Delta_a*_x11*_x28 - Delta_a*_x12*kappa_b*kappa_c - Delta_a*_x24*_x27 - Delta_a*_x4*_x9 + 32*Delta_b*Delta_c*_x1*_x7 + 16*Delta_b*Delta_c*_x1*kappa_b*kappa_c + 4*1j*Delta_b*_x1*_x18*kappa_a + 16*1j*Delta_b*_x1*_x21*kappa_b - Delta_b*_x10*_x7 - Delta_b*_x11*_x24 - Delta_b*_x12*_x5 - Delta_b*_x27*_x28 + 16*1j*Delta_c*_x1*_x23*kappa_c + 16*1j*Delta_c*_x1*_x25*kappa_c + 64*1j*Delta_c*_x1*_x26*kappa_c + 16*1j*Delta_c*_x1*_x7*kappa_a + 8*1j*Delta_c*_x1*kappa_a*kappa_b*kappa_c + 4*_x1*_x17*_x21 + 4*_x1*_x18*_x23 + 4*_x1*_x18*_x25 + 16*_x1*_x18*_x26 + 2*_x1*_x18*kappa_a*kappa_b + 4*_x1*_x20*_x21 - 64*_x1*_x21*_x26 + 8*_x1*_x7*kappa_a*kappa_c - _x12*_x27*_x7 - _x17*_x19 - _x17*_x31 - _x19*_x20 - _x2*g_b**4 - _x20*_x31 - _x21*_x22*kappa_a - _x22*_x7*kappa_c - _x23*_x24 - _x24*_x25), complex(_x29*(-_x18 + 4*_x21 - 4*_x30)))


EP_G_A_OUTPUTS = ('c0', 'c1', 'c2', 'c3', 'c4', 'denominator')


@njit(cache=True, error_model='numpy')
def ep_g_b(p):
    r"""Coefficients (highest degree first) and cleared denominator of D = 0 as a
    polynomial in g_b (g_b)."""
    Delta_a = p[0]
    Delta_b = p[1]
    Delta_c = p[2]
    kappa_a = p[3]
    kappa_b = p[4]
    kappa_c = p[5]
    g_a = p[6]
    J = p[8]
    theta = p[9]
    _x0 = 1j*theta
    _x1 = cmath.exp(_x0)
    _x2 = 16*_x1
    _x3 = 32*_x1
    _x4 = Delta_a*Delta_c*_x3
    _x5 = kappa_b*kappa_c
    _x6 = 8*_x1
    _x7 = g_a**2
    _x8 = _x3*_x7
    _x9 = 1j*kappa_c
    _x10 = _x2*_x9
    _x11 = 1j*kappa_b
    _x12 = Delta_c*_x2
    _x13 = J*g_a
    _x14 = 64*Delta_c*_x13
    _x15 = 32*_x13*_x9
    _x16 = cmath.exp(2*_x0)
    _x17 = kappa_a**2
    _x18 = kappa_c**2
    _x19 = _x1*_x18
    _x20 = kappa_b**2
    _x21 = Delta_c**2
    _x22 = _x6*kappa_a
    _x23 = Delta_a**2
    _x24 = _x2*_x21
    _x25 = Delta_b**2
    _x26 = J**2
    _x27 = 4*_x19
    _x28 = 1j*kappa_a
    _x29 = 4*_x1
    _x30 = Delta_c*_x9
    _x31 = _x29*_x30
    return (complex(-_x2), complex(0), complex(16*1j*Delta_a*_x1*kappa_c + 32*Delta_b*Delta_c*_x1 - Delta_b*_x10 + 16*1j*Delta_c*_x1*kappa_a + 8*_x1*kappa_a*kappa_c - _x11*_x12 - _x4 - _x5*_x6 - _x8), complex(_x14*_x16 + _x14 - _x15*_x16 - _x15), complex(32*Delta_a*Delta_b*_x1*_x21 - 8*Delta_a*Delta_b*_x19 + 32*Delta_a*Delta_c*_x1*_x7 + 16*Delta_a*Delta_c*_x1*kappa_a*kappa_c + 4*1j*Delta_a*_x1*_x18*kappa_b + 16*1j*Delta_a*_x1*_x21*kappa_a - Delta_a*_x10*_x7 - Delta_a*_x11*_x24 - Delta_a*_x12*_x5 - Delta_a*_x27*_x28 + 16*Delta_b*Delta_c*_x1*kappa_b*kappa_c - Delta_b*Delta_c*_x8 + 4*1j*Delta_b*_x1*_x18*kappa_a + 16*1j*Delta_b*_x1*_x21*kappa_b + 16*1j*Delta_b*_x1*_x7*kappa_c - Delta_b*_x11*_x27 - Delta_b*_x12*kappa_a*kappa_c - Delta_b*_x24*_x28 - Delta_b*_x4*_x9 + 16*1j*Delta_c*_x1*_x23*kappa_c + 16*1j*Delta_c*_x1*_x25*kappa_c + 64*1j*Delta_c*_x1*_x26*kappa_c + 16*1j*Delta_c*_x1*_x7*kappa_b + 8*1j*Delta_c*_x1*kappa_a*kappa_b*kappa_c + 4*_x1*_x17*_x21 + 4*_x1*_x18*_x23 + 4*_x1*_x18*_x25 + 16*_x1*_x18*_x26 + 2*_x1*_x18*kappa_a*kappa_b + 4*_x1*_x20*_x21 - 64*_x1*_x21*_x26 + 8*_x1*_x7*kappa_b*kappa_c - _x12*_x28*_x7 - _x17*_x19 - _x17*_x31 - _x19*_x20 - _x2*g_a**4 - _x20*_x31 - _x21*_x22*kappa_b - _x22*_x7*kappa_c - _x23*_x24 - _x24*_x25), complex(_x29*(-_x18 + 4*_x21 - 4*_x30)))


EP_G_B_OUTPUTS = ('c0', 'c1', 'c2', 'c3', 'c4', 'denominator')


@njit(cache=True, error_model='numpy')
def ep_J(p):
    r"""Coefficients (highest degree first) and cleared denominator of D = 0 as a
    polynomial in J (J)."""
    Delta_a = p[0]
    Delta_b = p[1]
    Delta_c = p[2]
    kappa_a = p[3]
    kappa_b = p[4]
    kappa_c = p[5]
    g_a = p[6]
    g_b = p[7]
    theta = p[9]
    _x0 = Delta_c**2
    _x1 = 1j*theta
    _x2 = cmath.exp(_x1)
    _x3 = _x0*_x2
    _x4 = kappa_c**2
    _x5 = 16*_x2
    _x6 = 64*Delta_c
    _x7 = 1j*kappa_c
    _x8 = g_a*g_b
    _x9 = _x6*_x8
    _x10 = 32*_x7*_x8
    _x11 = cmath.exp(2*_x1)
    _x12 = Delta_a*Delta_c
    _x13 = kappa_b*kappa_c
    _x14 = _x5*kappa_a
    _x15 = kappa_a**2
    _x16 = _x2*_x4
    _x17 = kappa_b**2
    _x18 = g_a**2
    _x19 = g_b**2
    _x20 = 32*_x19
    _x21 = _x18*_x2
    _x22 = 32*Delta_b
    _x23 = 8*kappa_a
    _x24 = Delta_c*_x7
    _x25 = Delta_a**2
    _x26 = 16*_x3
    _x27 = Delta_b**2
    _x28 = 1j*_x26
    _x29 = _x5*_x7
    _x30 = 4*1j*_x16
    _x31 = 1j*Delta_c
    _x32 = 4*_x2
    _x33 = _x24*_x32
    return (complex(_x2*_x6*_x7 - 64*_x3 + _x4*_x5), complex(-_x10*_x11 - _x10 + _x11*_x9 + _x9), complex(32*Delta_a*Delta_b*_x0*_x2 - 8*Delta_a*Delta_b*_x16 + 32*Delta_a*Delta_c*_x18*_x2 + 16*Delta_a*Delta_c*_x2*kappa_a*kappa_c + 16*1j*Delta_a*_x0*_x2*kappa_a - Delta_a*_x18*_x29 + 16*1j*Delta_a*_x19*_x2*kappa_c - Delta_a*_x2*_x22*_x24 + 4*1j*Delta_a*_x2*_x4*kappa_b - Delta_a*_x28*kappa_b - Delta_a*_x30*kappa_a - Delta_b*Delta_c*_x14*kappa_c + 32*Delta_b*Delta_c*_x19*_x2 + 16*Delta_b*Delta_c*_x2*kappa_b*kappa_c + 16*1j*Delta_b*_x0*_x2*kappa_b + 16*1j*Delta_b*_x18*_x2*kappa_c - Delta_b*_x19*_x29 + 4*1j*Delta_b*_x2*_x4*kappa_a - Delta_b*_x28*kappa_a - Delta_b*_x30*kappa_b + 16*1j*Delta_c*_x18*_x2*kappa_b + 16*1j*Delta_c*_x19*_x2*kappa_a + 16*1j*Delta_c*_x2*_x25*kappa_c + 16*1j*Delta_c*_x2*_x27*kappa_c + 8*1j*Delta_c*_x2*kappa_a*kappa_b*kappa_c - Delta_c*_x21*_x22 + 4*_x0*_x15*_x2 + 4*_x0*_x17*_x2 - _x12*_x13*_x5 - _x12*_x2*_x20 - 8*_x13*_x19*_x2 - _x14*_x18*_x31 - _x15*_x16 - _x15*_x33 - _x16*_x17 - _x17*_x33 + 8*_x18*_x2*kappa_b*kappa_c + 8*_x19*_x2*kappa_a*kappa_c - _x19*_x31*_x5*kappa_b + 4*_x2*_x25*_x4 + 4*_x2*_x27*_x4 + 2*_x2*_x4*kappa_a*kappa_b - _x20*_x21 - _x21*_x23*kappa_c - _x23*_x3*kappa_b - _x25*_x26 - _x26*_x27 - _x5*g_a**4 - _x5*g_b**4), complex(_x32*(4*_x0 - 4*_x24 - _x4)))


EP_J_OUTPUTS = ('c0', 'c1', 'c2', 'denominator')


@njit(cache=True, error_model='numpy')
def ep_theta(p):
    r"""Coefficients (highest degree first) and cleared denominator of D = 0 as a
    polynomial in u (exp(i theta))."""
    Delta_a = p[0]
    Delta_b = p[1]
    Delta_c = p[2]
    kappa_a = p[3]
    kappa_b = p[4]
    kappa_c = p[5]
    g_a = p[6]
    g_b = p[7]
    J = p[8]
    _x0 = J*g_a*g_b
    _x1 = 1j*kappa_c
    _x2 = 64*Delta_c*_x0 - 32*_x0*_x1
    _x3 = Delta_a*Delta_c
    _x4 = 16*kappa_c
    _x5 = kappa_a**2
    _x6 = kappa_c**2
    _x7 = kappa_b**2
    _x8 = Delta_c**2
    _x9 = g_a**2
    _x10 = g_b**2
    _x11 = 32*_x10
    _x12 = 32*Delta_b
    _x13 = Delta_c*_x9
    _x14 = 8*kappa_a
    _x15 = _x10*kappa_c
    _x16 = Delta_a**2
    _x17 = 16*_x8
    _x18 = Delta_b**2
    _x19 = J**2
    _x20 = 1j*_x17
    _x21 = 16*1j
    _x22 = 4*_x6
    _x23 = 1j*_x22
    _x24 = Delta_c*_x21
    _x25 = 4*Delta_c*_x1
    return (complex(_x2), complex(-8*Delta_a*Delta_b*_x6 + 32*Delta_a*Delta_b*_x8 + 32*Delta_a*Delta_c*_x9 + 16*Delta_a*Delta_c*kappa_a*kappa_c + 16*1j*Delta_a*_x10*kappa_c - Delta_a*_x20*kappa_b - Delta_a*_x21*_x9*kappa_c - Delta_a*_x23*kappa_a + 4*1j*Delta_a*_x6*kappa_b + 16*1j*Delta_a*_x8*kappa_a + 32*Delta_b*Delta_c*_x10 - Delta_b*Delta_c*_x4*kappa_a + 16*Delta_b*Delta_c*kappa_b*kappa_c - Delta_b*_x15*_x21 - Delta_b*_x20*kappa_a - Delta_b*_x23*kappa_b + 4*1j*Delta_b*_x6*kappa_a + 16*1j*Delta_b*_x8*kappa_b + 16*1j*Delta_b*_x9*kappa_c + 16*1j*Delta_c*_x10*kappa_a + 16*1j*Delta_c*_x16*kappa_c + 16*1j*Delta_c*_x18*kappa_c + 64*1j*Delta_c*_x19*kappa_c + 16*1j*Delta_c*_x9*kappa_b + 8*1j*Delta_c*kappa_a*kappa_b*kappa_c - _x1*_x12*_x3 - _x10*_x24*kappa_b + 8*_x10*kappa_a*kappa_c - _x11*_x3 - _x11*_x9 - _x12*_x13 - _x13*_x21*kappa_a - _x14*_x8*kappa_b - _x14*_x9*kappa_c - 8*_x15*kappa_b - _x16*_x17 + 4*_x16*_x6 - _x17*_x18 + 4*_x18*_x6 + 16*_x19*_x6 - 64*_x19*_x8 - _x25*_x5 - _x25*_x7 - _x3*_x4*kappa_b - _x5*_x6 + 4*_x5*_x8 - _x6*_x7 + 2*_x6*kappa_a*kappa_b + 4*_x7*_x8 + 8*_x9*kappa_b*kappa_c - 16*g_a**4 - 16*g_b**4), complex(_x2), complex(-_x22 - _x24*kappa_c + 16*_x8))


EP_THETA_OUTPUTS = ('c0', 'c1', 'c2', 'denominator')


EP_SOLVERS = {
    'Delta_a': (ep_Delta_a, False),
    'Delta_b': (ep_Delta_b, False),
    'Delta_c': (ep_Delta_c, False),
    'kappa_a': (ep_kappa_a, False),
    'kappa_b': (ep_kappa_b, False),
    'kappa_c': (ep_kappa_c, False),
    'g_a': (ep_g_a, False),
    'g_b': (ep_g_b, False),
    'J': (ep_J, False),
    'theta': (ep_theta, True),
}
