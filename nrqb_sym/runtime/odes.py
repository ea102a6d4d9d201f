r"""Compiled integrators of the closed moment equations: Dormand-Prince 5(4), Newton, sweeps.

One module for every model, compiled once per installation and cached: a model is
``model = prepare(c, tab)``, built from its coefficient vector ``c`` (complex128, from the
generated ``coefficients(p)``) and its tables ``tab`` (the generated ``TABLES``: the closed equations and
the observables as term tables, see :mod:`nrqb_sym.runtime.polynomials`), so the compiled code
does not depend on the model (a model with 300 equations compiles nothing new).  The three
model functions,

* ``rhs(y, model, dy)``: ``y`` float64[n] the state (slots of the moments), ``dy`` the
  right-hand side :math:`f(y)`;
* ``jac(y, model, J)``: ``J`` float64[n, n] the Jacobian :math:`\partial f_i/\partial y_j`;
* ``observe(y, model, out)``: ``out`` float64[k] the built-in observables of a state, by the
  recipes of ``tab[14]`` (``Re v``, ``Im v``, :math:`\omega\,\mathrm{Re}\,v`, and the
  two-level ergotropy :math:`\omega(n - \tfrac12) + \tfrac12|\omega|\,r`,
  :math:`r = \sqrt{(2n-1)^2 + 4|s|^2}` the Bloch vector's length),

are table interpreters; the integrators below call them:

* :func:`dp5_trace`: the state at given output times by the Dormand-Prince 5(4) pair;
* :func:`newton`: a steady state :math:`f(y) = 0` by damped Newton iteration;
* :func:`dp5_sweep`: selected observables over a grid of coefficient rows, in parallel, per time
  or reduced over time (``max``, ``argmax``, ``min``, ``last``, ``mean``).

**Method** (Hairer, Norsett and Wanner, *Solving Ordinary Differential Equations I*, 2nd ed.,
sections II.4-II.5 and their code DOPRI5): the explicit Runge-Kutta pair of Dormand and Prince,
order 5 with an embedded order-4 error estimate, 7 stages with the last stage the first of the
next step (FSAL), local extrapolation (the order-5 solution is kept).  The error norm is the RMS
of :math:`e_i / (\mathrm{atol} + \mathrm{rtol}\max(|y_i|, |\hat y_i|))`.  The step size follows
the PI (Lund-stabilised) controller of DOPRI5, :math:`h_\mathrm{new} = h /
\mathrm{clip}(\mathrm{err}^{0.2 - 0.75\beta}\,\mathrm{err}_\mathrm{old}^{-\beta} / 0.9,\ 0.1,\ 5)`
with :math:`\beta = 0.04` (so :math:`0.2 \le h_\mathrm{new}/h \le 10`), no growth right after a
rejection, and the first step from the heuristic ``hinit`` of DOPRI5.  Output times are not
stepped to: the state there is the 4th-order continuous extension (dense output) of the step
that contains them, with the coefficients ``d1 ... d7`` of DOPRI5 (II.6, "Dense output").
Only the last step is shortened, to end exactly at the last output time.

**Status codes** (all public functions): 0 success; 1 the step budget ran out or the step size
underflowed (:math:`h < 10^{-14}\max(|t|, |t_\mathrm{end}|) + 10^{-300}`), or Newton did not
converge; 2 the solution is blowing up or undefined: a non-finite state, a right-hand side that
is non-finite at the start or at every step size down to the underflow limit, the largest
:math:`|y_i|` above ``bound``, or (Newton) a singular or non-finite Jacobian.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from .polynomials import evaluate, jacobian, load, monomials, store, weights

__all__ = [
    "prepare",
    "rhs",
    "jac",
    "observe",
    "observe_all",
    "dp5_trace",
    "newton",
    "dp5_sweep",
    "TABLE_NAMES",
]

#: The entries of a model's ``TABLES`` tuple, in order.
TABLE_NAMES = (
    "SLOT", "REAL",
    "EQ_COEF", "EQ_W", "EQ_OUT", "EQ_PTR", "EQ_VAR", "EQ_CONJ",
    "OB_COEF", "OB_W", "OB_OUT", "OB_PTR", "OB_VAR", "OB_CONJ",
    "RECIPES", "SIZES",
    "MONO_A", "MONO_B", "EQ_MONO", "OB_MONO",
)  # fmt: skip


@numba.njit(cache=True)
def prepare(c, tab):
    """The model tuple the functions below take: ``(c, tab, z, acc, cw, cwo, v, mono)``: the
    term coefficients of the equations and observables (``cw``, ``cwo``) computed once, and
    scratch for the moments and their conjugates (``z``), the right-hand side (``acc``), the
    observables' values (``v``) and the distinct products (``mono``), so that no call of
    :func:`rhs` allocates.  One model per thread: the sweep prepares one per point."""
    nm = tab[15][0]
    cw = weights(c, tab[2], tab[3])
    cwo = weights(c, tab[8], tab[9])
    z = np.empty(2 * nm, dtype=np.complex128)
    acc = np.empty(nm, dtype=np.complex128)
    v = np.empty(tab[15][1], dtype=np.complex128)
    mono = np.empty(tab[16].size, dtype=np.complex128)
    return (c, tab, z, acc, cw, cwo, v, mono)


@numba.njit(cache=True, inline="always")
def rhs(y, model, dy):
    """The closed equations: ``dy = f(y)`` from the equation tables."""
    tab, z, acc, cw, mono = model[1], model[2], model[3], model[4], model[7]
    load(y, tab[0], tab[1], z)
    monomials(z, tab[16], tab[17], mono)
    acc[:] = 0.0
    evaluate(mono, cw, tab[4], tab[18], acc)
    store(acc, tab[0], tab[1], dy)


@numba.njit(cache=True)
def jac(y, model, J):
    """The Jacobian of :func:`rhs` (real slots)."""
    tab, z, cw = model[1], model[2], model[4]
    load(y, tab[0], tab[1], z)
    jacobian(z, cw, tab[4], tab[5], tab[6], tab[7], tab[0], tab[1], J)


@numba.njit(cache=True)
def observe(y, model, out):
    """The built-in observables of a state (module docstring): recipe ``(kind, a, b, d)`` per
    output, over the values ``v`` of the observable tables: kind 0 ``Re v[a]``, 1 ``Im v[a]``,
    2 ``Re c[a] * Re v[b]``, 3 the two-level ergotropy with ``omega = Re c[a]``,
    ``n = Re v[b]``, ``s = v[d]``."""
    c, tab, z, cwo, v, mono = model[0], model[1], model[2], model[5], model[6], model[7]
    load(y, tab[0], tab[1], z)
    monomials(z, tab[16], tab[17], mono)
    v[:] = 0.0
    evaluate(mono, cwo, tab[10], tab[19], v)
    recipes = tab[14]
    for r in range(recipes.shape[0]):
        kind, a, b, d = recipes[r, 0], recipes[r, 1], recipes[r, 2], recipes[r, 3]
        if kind == 0:
            out[r] = v[a].real
        elif kind == 1:
            out[r] = v[a].imag
        elif kind == 2:
            out[r] = c[a].real * v[b].real
        else:
            w = c[a].real
            n = v[b].real
            rr = math.sqrt((2.0 * n - 1.0) ** 2 + 4.0 * abs(v[d]) ** 2)
            out[r] = w * (n - 0.5) + 0.5 * abs(w) * rr


@numba.njit(cache=True)
def observe_all(Y, model, out):
    """:func:`observe` of every row of ``Y[time, n]`` into ``out[time, k]``."""
    for k in range(Y.shape[0]):
        observe(Y[k], model, out[k])


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
        c: the model, :func:`prepare`, passed to ``rhs``.
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
        c: the model, :func:`prepare`.
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
        c: the model, :func:`prepare`.
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
        c: the model, :func:`prepare`.
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
        c: the model, :func:`prepare`.
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
        c: the model, :func:`prepare`.
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
        c: the model, :func:`prepare`.
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
        c: the model, :func:`prepare`.
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
        c: the model, :func:`prepare`.
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
        c: the point's model ``prepare(C[p], tab)``.
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
def dp5_sweep(y0, C, tab, times, rtol, atol, max_steps, bound, sel, mode, out, status, nobs):
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
        tab: the model's tables (``TABLES``); point ``p`` runs ``prepare(C[p], tab)``.
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
            y0, prepare(C[p], tab), times, rtol, atol, max_steps, bound, sel, mode, o3[p], nobs
        )
