r"""Compiled evaluation of polynomial systems stored as tables (the closed moment equations).

The equations of the cumulant stage are polynomials in the complex moments :math:`z_i` and
their conjugates.  The generated module of a model stores them as flat integer tables, not as
code, so the compiled code has the same size for every model (the Jacobian of a 300-equation
system printed as scalar code is megabytes of source and minutes of LLVM time):

* term :math:`t` contributes :math:`w_t\,c_{k_t}\prod_{f} z_{v_f}^{(*)}` to output
  :math:`o_t`, with ``coef[t]`` :math:`= k_t` (``-1``: no coefficient), ``w[t]`` a complex
  weight, ``ptr[t]:ptr[t+1]`` its factors, ``var[f]`` the moment index and ``conj[f]`` whether
  it enters conjugated (for the Jacobian), and ``mono[t]`` the index of its product among the
  distinct products ``mono[k] = mono[A[k]] * z[B[k]]`` (for the values: each distinct product
  is one multiplication, shared by every term and equation that uses it);
* a moment :math:`z_i` occupies ``slot[i]`` of the real state vector (one slot when ``real[i]``,
  else the real and imaginary parts).

The Jacobian of a term with respect to :math:`z_v` and :math:`\bar z_v` is the term with one
factor removed (times its multiplicity, by summing over factors); for a complex moment
:math:`z = u + iv`, :math:`\partial/\partial u = \partial_z + \partial_{\bar z}` and
:math:`\partial/\partial v = i(\partial_z - \partial_{\bar z})`.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["load", "weights", "monomials", "evaluate", "store", "jacobian"]


@numba.njit(cache=True, inline="always")
def load(y, slot, real, z):
    """Complex moments ``z[:n]`` from the real state ``y``, and their conjugates ``z[n:2n]``
    when ``z`` has room for them (so a factor is ``z[var + n*conj]``)."""
    n = slot.size
    both = z.size >= 2 * n
    for i in range(n):
        s = slot[i]
        v = complex(y[s], 0.0) if real[i] else complex(y[s], y[s + 1])
        z[i] = v
        if both:
            z[n + i] = v.conjugate()


@numba.njit(cache=True)
def weights(c, coef, w):
    """The coefficient of every term, :math:`w_t c_{k_t}` (once per parameter point)."""
    cw = np.empty(coef.size, dtype=np.complex128)
    for t in range(coef.size):
        cw[t] = w[t] if coef[t] < 0 else w[t] * c[coef[t]]
    return cw


@numba.njit(cache=True, inline="always")
def monomials(z, A, B, mono):
    """The distinct products of moments: ``mono[0] = 1``, ``mono[k] = mono[A[k]] * z[B[k]]``
    (each a prefix times one factor, so every product costs one multiplication)."""
    mono[0] = 1.0
    for k in range(1, A.size):
        mono[k] = mono[A[k]] * z[B[k]]


@numba.njit(cache=True, inline="always")
def evaluate(mono, cw, out, mi, acc):
    """``acc[out[t]] += cw[t] * mono[mi[t]]`` over the terms (``acc`` zeroed by the caller;
    ``cw`` from :func:`weights`, ``mono`` from :func:`monomials`)."""
    for t in range(cw.size):
        acc[out[t]] += cw[t] * mono[mi[t]]


@numba.njit(cache=True, inline="always")
def store(acc, slot, real, dy):
    """The real slots of complex values ``acc`` (one per moment)."""
    for i in range(acc.size):
        s = slot[i]
        dy[s] = acc[i].real
        if not real[i]:
            dy[s + 1] = acc[i].imag


@numba.njit(cache=True)
def jacobian(z, cw, out, ptr, var, conj, slot, real, J):
    r"""The real Jacobian ``J[slot, slot]`` of the outputs by the state (module docstring)."""
    n = slot.size
    D = np.zeros((n, n), dtype=np.complex128)
    Db = np.zeros((n, n), dtype=np.complex128)
    for t in range(cw.size):
        base = cw[t]
        for g in range(ptr[t], ptr[t + 1]):
            v = base
            for f in range(ptr[t], ptr[t + 1]):
                if f != g:
                    x = z[var[f]]
                    v *= x.conjugate() if conj[f] else x
            if conj[g]:
                Db[out[t], var[g]] += v
            else:
                D[out[t], var[g]] += v
    J[:, :] = 0.0
    for i in range(n):
        r = slot[i]
        for j in range(n):
            s = slot[j]
            du = D[i, j] + Db[i, j]
            J[r, s] = du.real
            if not real[i]:
                J[r + 1, s] = du.imag
            if not real[j]:
                dv = 1j * (D[i, j] - Db[i, j])
                J[r, s + 1] = dv.real
                if not real[i]:
                    J[r + 1, s + 1] = dv.imag
