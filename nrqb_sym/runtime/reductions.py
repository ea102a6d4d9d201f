r"""Reductions over time inside compiled kernels (numerics, not model formulas).

A sweep kernel keeps, for every grid point and requested observable, a running accumulator
``(acc, idx, cnt)`` updated once per time sample by :func:`reduce_real` (or
:func:`reduce_complex`), and writes :func:`finish_real` (or :func:`finish_complex`) at the end:
no grid x time array is ever held.

Modes (:data:`MODES`): ``max``, ``min``, ``argmax`` (index of the first largest sample),
``mean`` (arithmetic mean of the samples) skip ``nan`` samples (``R`` and ``eta`` are ``nan`` at
``t = 0`` from vacuum) and give ``nan`` (``argmax``: ``-1``) when every sample is ``nan``, like
``numpy.nanmax``, ``nanmin``, ``nanargmax``, ``nanmean``; ``last`` is the value at the last time.
Complex observables allow ``last`` and ``mean`` only.
"""

from __future__ import annotations

import math

from numba import njit

__all__ = [
    "MODES",
    "COMPLEX_MODES",
    "reduce_real",
    "finish_real",
    "reduce_complex",
    "finish_complex",
    "first_sample",
]

#: Reduction name -> code passed to the kernels (0: no reduction).
MODES = {"max": 1, "argmax": 2, "min": 3, "last": 4, "mean": 5}
#: The modes defined for complex observables.
COMPLEX_MODES = ("last", "mean")

_MAX, _ARGMAX, _MIN, _LAST, _MEAN = 1, 2, 3, 4, 5


@njit(cache=True)
def first_sample(mode, n):
    """The first time index a reduction reads (``last`` reads only the last sample)."""
    return n - 1 if mode == _LAST else 0


@njit(cache=True, inline="always")
def reduce_real(mode, acc, idx, cnt, v, k):
    """One sample ``v`` (time index ``k``) into the running ``(acc, idx, cnt)`` (max/argmax
    first: the common case costs two comparisons; ``v == v`` is False for nan)."""
    if mode <= _ARGMAX:
        if v > acc or (cnt == 0 and v == v):
            return v, k, 1
        return acc, idx, cnt
    if mode == _MIN:
        if v < acc or (cnt == 0 and v == v):
            return v, k, 1
        return acc, idx, cnt
    if mode == _MEAN:
        if v == v:
            return acc + v, idx, cnt + 1
        return acc, idx, cnt
    return v, k, 1  # last


@njit(cache=True, inline="always")
def finish_real(mode, acc, idx, cnt):
    """The reduced value (``argmax``: the index as a float, -1 when every sample was nan)."""
    if mode == _LAST:
        return acc
    if mode == _ARGMAX:
        return float(idx) if cnt > 0 else -1.0
    if cnt == 0:
        return math.nan
    if mode == _MEAN:
        return acc / cnt
    return acc


@njit(cache=True, inline="always")
def reduce_complex(mode, acc, cnt, v):
    """One complex sample into the running ``(acc, cnt)`` (``last`` or ``mean``)."""
    if mode == _LAST:
        return v, cnt + 1
    if v != v:
        return acc, cnt
    return acc + v, cnt + 1


@njit(cache=True, inline="always")
def finish_complex(mode, acc, cnt):
    """The reduced complex value."""
    if mode == _LAST:
        return acc
    if cnt == 0:
        return complex(math.nan, math.nan)
    return acc / cnt
