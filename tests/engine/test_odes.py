r"""The compiled integrators of :mod:`nrqb_sym.runtime.odes`: DP5 with dense output, Newton, sweeps.

A model is ``odes.prepare(c, tab)`` of coefficients and the term tables of ``odes.TABLE_NAMES``, built here
by :func:`make_tables` from readable term lists.  Everything is checked against independent
values:

* the damped rotating pair :math:`\dot z = c_0 z`, :math:`c_0 = -g - i\omega` (one complex
  moment, one term): the closed form :math:`e^{c_0 t}z_0`, ``scipy.linalg.expm`` of the real
  2 x 2 drift, the analytic blow-up time (``brentq``);
* the logistic equation :math:`\dot y = ry(1 - y)` as a real moment, against its closed form;
* the sweep against per-point traces + ``observe`` and numpy's nan-reductions, with failed
  (blown-up) points, a constant point and an infinite ergotropy frequency as nan sources
  (:math:`\infty(n - \tfrac12) + \infty r` is ``nan`` where :math:`n < \tfrac12`);
* ``jac`` against central finite differences of ``rhs`` and ``rhs`` against a pure-Python
  evaluation, for random polynomial systems (complex and real moments, conjugated factors);
* ``observe``'s recipes against hand formulas, the ergotropy also against the eigenvalues of the
  two-level density matrix (passive state), for :math:`\omega > 0` and :math:`\omega < 0`;
* one compiled specialisation for every model (the model's Numba type does not depend on it).
"""

from __future__ import annotations

import math
import warnings

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import expm
from scipy.optimize import brentq

from nrqb_sym.runtime import odes

BIG = 1_000_000


def make_tables(n_moments, real_flags, eq_terms, ob_terms, recipes, ob_rows=None):
    """The tuple of ``odes.TABLE_NAMES`` from term lists.

    A term is ``(out, coef, w, factors)``: it adds ``w * c[coef] * prod(factors)`` to row ``out``
    (``coef`` -1: no coefficient), a factor ``(i, conj)`` is the moment ``z_i`` or its conjugate.
    """
    real = np.array(real_flags, dtype=np.bool_).reshape(n_moments)
    width = np.where(real, 1, 2).astype(np.int64)
    slot = (np.cumsum(width) - width).astype(np.int64)

    def table(terms):
        coef = np.array([t[1] for t in terms], dtype=np.int64)
        w = np.array([t[2] for t in terms], dtype=np.complex128)
        out = np.array([t[0] for t in terms], dtype=np.int64)
        ptr = np.cumsum([0] + [len(t[3]) for t in terms]).astype(np.int64)
        var = np.array([f[0] for t in terms for f in t[3]], dtype=np.int64)
        conj = np.array([f[1] for t in terms for f in t[3]], dtype=np.bool_)
        return coef, w, out, ptr, var, conj

    # the distinct products: mono[k] = mono[A[k]] * z[B[k]], z[i + n] the conjugate of z[i]
    index, A, B = {(): 0}, [0], [0]

    def product(factors):
        factors = tuple((int(i), bool(c)) for i, c in factors)
        if factors not in index:
            prefix = product(factors[:-1])
            i, c = factors[-1]
            index[factors] = len(A)
            A.append(prefix)
            B.append(i + n_moments * c)
        return index[factors]

    eq_mono = np.array([product(t[3]) for t in eq_terms], dtype=np.int64)
    ob_mono = np.array([product(t[3]) for t in ob_terms], dtype=np.int64)
    if ob_rows is None:
        ob_rows = 1 + max((t[0] for t in ob_terms), default=-1)
    rec = np.array(recipes, dtype=np.int64).reshape(-1, 4)
    sizes = np.array([n_moments, ob_rows], dtype=np.int64)
    monos = (np.array(A, dtype=np.int64), np.array(B, dtype=np.int64), eq_mono, ob_mono)
    return (slot, real, *table(eq_terms), *table(ob_terms), rec, sizes, *monos)


def Z(i):
    return (i, False)


def ZB(i):
    return (i, True)


# the damped rotating pair z = y0 + i y1, dz/dt = c0 z.  Observable rows: |z|^2, z, z + 1/2;
# outputs: |z|^2, Re z, Im z and the ergotropy with omega = c[1] = inf, n = Re z + 1/2, s = z,
# which is nan where Re z < 0 (inf - inf) and +inf where Re z > 0
PAIR = make_tables(
    1,
    [False],
    [(0, 0, 1.0, [Z(0)])],
    [(0, -1, 1.0, [Z(0), ZB(0)]), (1, -1, 1.0, [Z(0)]), (2, -1, 1.0, [Z(0)]), (2, -1, 0.5, [])],
    [(0, 0, 0, 0), (0, 1, 0, 0), (1, 1, 0, 0), (3, 1, 2, 1)],
)
NOBS = 4


def coeffs(g, w):
    return np.array([complex(-g, -w), complex(np.inf, 0.0)])


def pair(g, w):
    return odes.prepare(coeffs(g, w), PAIR)


def exact(g, w, y0, times):
    """The pair's solution ``e^{-gt} R(wt) y0`` in closed form."""
    e = np.exp(-g * times)
    cs, sn = np.cos(w * times), np.sin(w * times)
    return np.stack([e * (cs * y0[0] + sn * y0[1]), e * (-sn * y0[0] + cs * y0[1])], axis=1)


def uneven_times(t_end, count, seed=0):
    rng = np.random.default_rng(seed)
    inner = np.sort(rng.uniform(0.0, t_end, count - 2))
    return np.concatenate([[0.0], inner, [t_end]])


def trace(y0, model, times, rtol=1e-8, atol=1e-12, max_steps=BIG, bound=np.inf):
    out = np.empty((times.size, y0.size))
    res = odes.dp5_trace(y0, model, times, rtol, atol, max_steps, bound, out)
    return res, out


def test_make_tables_matches_table_names_and_dtypes():
    assert len(PAIR) == len(odes.TABLE_NAMES) == 20
    empty = make_tables(2, [True, False], [], [], [])
    for tab in (PAIR, empty):
        for name, a in zip(odes.TABLE_NAMES, tab, strict=True):
            want = {"REAL": np.bool_, "CONJ": np.bool_, "W": np.complex128}
            kind = next((v for k, v in want.items() if name.endswith(k)), np.int64)
            assert a.dtype == kind and a.flags.c_contiguous, name
    assert empty[0].tolist() == [0, 1] and empty[14].shape == (0, 4)
    assert empty[5].tolist() == [0] and empty[15].tolist() == [2, 0]


def test_dense_output_matches_matrix_exponential():
    g, w = 0.1, 2.0 * np.pi
    y0 = np.array([1.0, -2.0])
    times = uneven_times(10.0, 2001)
    (status, k, t_fail, nsteps), out = trace(y0, pair(g, w), times)
    assert (status, k, t_fail) == (0, times.size, times[-1])
    # steps are not shortened to hit the 2001 output times
    assert nsteps < 1500
    A = np.array([[-g, w], [-w, -g]])
    ref = np.array([expm(A * t) @ y0 for t in times])
    assert np.allclose(ref, exact(g, w, y0, times), rtol=0, atol=1e-11)
    err = np.max(np.abs(out - ref)) / np.max(np.abs(y0))
    assert err < 10 * 1e-8
    assert out[0].tolist() == y0.tolist()


@settings(max_examples=25, deadline=None)
@given(
    g=st.floats(-0.3, 2.0),
    w=st.floats(-6.0, 6.0),
    y0=st.tuples(st.floats(-3.0, 3.0), st.floats(-3.0, 3.0)).filter(
        lambda v: max(map(abs, v)) > 0.1
    ),
    t_end=st.floats(0.05, 8.0),
    seed=st.integers(0, 100),
)
def test_dense_output_random_systems(g, w, y0, t_end, seed):
    y0 = np.array(y0)
    times = uneven_times(t_end, 57, seed)
    (status, k, _, _), out = trace(y0, pair(g, w), times, rtol=1e-7, atol=1e-10)
    assert (status, k) == (0, times.size)
    ref = exact(g, w, y0, times)
    scale = np.max(np.abs(ref))
    assert np.max(np.abs(out - ref)) <= 30 * 1e-7 * scale


def test_tolerance_proportionality_and_step_counts():
    g, w = 0.2, 3.0
    y0 = np.array([0.5, 1.5])
    times = uneven_times(10.0, 301, seed=3)
    ref = exact(g, w, y0, times)
    errors, steps = {}, {}
    for rtol in (1e-6, 1e-9):
        (status, _, _, nsteps), out = trace(y0, pair(g, w), times, rtol=rtol, atol=1e-14)
        assert status == 0
        errors[rtol] = np.max(np.abs(out - ref))
        steps[rtol] = nsteps
    assert errors[1e-6] / errors[1e-9] > 100
    # a 5th-order method: steps grow like rtol^(-1/5), here 1000^(1/5) = 3.98
    assert 3.0 < steps[1e-9] / steps[1e-6] < 5.5


def test_blow_up_stops_at_the_bound():
    g, w, bound = -50.0, 1.0, 1e3
    y0 = np.array([1.0, 0.0])
    times = np.linspace(0.0, 1.0, 201)
    (status, k, t_fail, _), out = trace(y0, pair(g, w), times, bound=bound)
    assert status == 2
    # |y|_inf = e^{50 t} cos t up to the crossing (cos t > sin t there)
    t_star = brentq(lambda t: math.exp(50.0 * t) * math.cos(t) - bound, 0.0, 0.5)
    assert abs(t_fail - t_star) < 1e-6
    assert times[k - 1] <= t_fail < times[k]
    assert np.isnan(out[k:]).all()
    ref = exact(g, w, y0, times[:k])
    assert np.all(np.abs(out[:k] - ref) <= 1e-6 * np.abs(ref).max())


def test_nonfinite_start_and_step_budget():
    y0 = np.array([np.nan, 0.0])
    times = np.linspace(0.0, 1.0, 5)
    (status, k, t_fail, _), out = trace(y0, pair(1.0, 1.0), times)
    assert (status, k, t_fail) == (2, 0, 0.0)
    assert np.isnan(out).all()
    (status, k, t_fail, nsteps), out = trace(
        np.array([1.0, 0.0]), pair(1.0, 30.0), np.linspace(0.0, 10.0, 11), max_steps=20
    )
    assert status == 1 and nsteps == 20
    assert 1 <= k < 11 and times[0] < t_fail < 10.0
    assert np.isnan(out[k:]).all() and np.isfinite(out[:k]).all()


def test_single_output_time():
    y0 = np.array([0.3, -0.4])
    (status, k, t_fail, nsteps), out = trace(y0, pair(1.0, 1.0), np.array([2.5]))
    assert (status, k, t_fail, nsteps) == (0, 1, 2.5, 0)
    assert out[0].tolist() == y0.tolist()


def test_newton_steady_state_and_singular_jacobian():
    out = np.empty(2)
    status, iterations, residual = odes.newton(
        np.array([1.0, -2.0]), pair(1.0, 2.0), 1e-12, 50, out
    )
    assert status == 0 and 1 <= iterations <= 3
    assert np.max(np.abs(out)) < 1e-12 and residual < 1e-12
    # g = w = 0: every point is a (non-isolated) steady state and the Jacobian is 0
    status, _, _ = odes.newton(np.array([1.0, -2.0]), pair(0.0, 0.0), 1e-12, 50, out)
    assert status in (1, 2)


def nan_reduce(values, mode):
    """numpy reference of the sweep reductions over the last axis."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if mode == 1:
            return np.nanmax(values, axis=-1)
        if mode == 3:
            return np.nanmin(values, axis=-1)
        if mode == 5:
            return np.nanmean(values, axis=-1)
    if mode == 4:
        return values[..., -1]
    flat = values.reshape(-1, values.shape[-1])
    idx = [np.nanargmax(r) if not np.isnan(r).all() else -1 for r in flat]
    return np.array(idx, dtype=float).reshape(values.shape[:-1])


def test_sweep_matches_traces_and_numpy_reductions():
    grid = [(g, w) for g in (0.5, 0.0, -0.2, -3.0) for w in (0.1, 3.0)] + [(0.0, 0.0)]
    C = np.array([coeffs(g, w) for g, w in grid])
    y0 = np.array([-1.0, 0.0])
    times = uneven_times(5.0, 41, seed=7)
    sel = np.array([3, 0, 1, 2], dtype=np.int64)
    args = (y0, C, PAIR, times, 1e-8, 1e-12, BIG, 1e3, sel)
    P, s = len(grid), sel.size

    full = np.empty((P, s, times.size))
    status = np.empty(P, dtype=np.int64)
    odes.dp5_sweep(*args, 0, full, status, NOBS)

    obs = np.empty(NOBS)
    for p in range(P):
        (st_p, _, _, _), out = trace(y0, odes.prepare(C[p], PAIR), times, bound=1e3)
        assert status[p] == st_p
        ref = np.empty((s, times.size))
        for k in range(times.size):
            odes.observe(out[k], odes.prepare(C[p], PAIR), obs)
            ref[:, k] = obs[sel]
        np.testing.assert_allclose(full[p], ref, rtol=1e-12, atol=1e-14)
    # |y|_inf = e^{3t}|cos(wt)|, ... crosses 1e3 near t = ln(1e3)/3 = 2.3: status 2, nan after
    failed = [p for p, (g, _) in enumerate(grid) if g == -3.0]
    assert status[failed].tolist() == [2, 2] and (np.delete(status, failed) == 0).all()
    for p in failed:
        nan_from = np.isnan(full[p, 1]).argmax()
        assert 10 < nan_from < times.size and times[nan_from] > 2.3
        assert np.isfinite(full[p, 1:, :nan_from]).all() and np.isnan(full[p, :, nan_from:]).all()
    # the infinite-omega ergotropy is nan throughout at w = 0.1 (Re z stays negative) and
    # partly (inf elsewhere) at w = 3
    assert np.isnan(full[0, 0]).all() and 0 < np.isnan(full[1, 0]).sum() < times.size
    assert (full[1, 0][~np.isnan(full[1, 0])] == np.inf).all()
    # c0 = 0: the state stays y0 exactly
    const = len(grid) - 1
    assert (full[const, 1:].T == [1.0, -1.0, 0.0]).all()

    for mode in (1, 2, 3, 4, 5):
        red = np.empty((P, s))
        st_m = np.full(P, -7, dtype=np.int64)
        odes.dp5_sweep(*args, mode, red, st_m, NOBS)
        assert st_m.tolist() == status.tolist()
        ref = nan_reduce(full, mode)
        ref[failed] = np.nan
        np.testing.assert_allclose(red, ref, rtol=1e-12, atol=0)
        assert np.isnan(red[failed]).all()
        if mode == 2:  # all samples nan: -1; otherwise an index; constant: the first
            assert red[0, 0] == -1.0 and red[1, 0] >= 0.0
            assert red[const].tolist() == [-1.0, 0.0, 0.0, 0.0]
        else:
            assert red[const, 1:].tolist() == [1.0, -1.0, 0.0]

    with pytest.raises(ValueError):
        odes.dp5_sweep(
            *args[:-1], np.array([NOBS], dtype=np.int64), 4, np.empty((P, 1)), status, NOBS
        )


def logistic(r, y0, t):
    return 1.0 / (1.0 + (1.0 / y0 - 1.0) * np.exp(-r * t))


# y' = r y (1 - y), y a real moment; outputs y and r*y (recipe kind 2)
LOGISTIC = make_tables(
    1,
    [True],
    [(0, 0, 1.0, [Z(0)]), (0, 0, -1.0, [Z(0), Z(0)])],
    [(0, -1, 1.0, [Z(0)])],
    [(0, 0, 0, 0), (2, 0, 0, 0)],
)


def test_logistic_real_moment():
    times = uneven_times(6.0, 101, seed=11)
    y0 = np.array([0.05])
    (status, k, t_fail, _), out = trace(
        y0, odes.prepare(np.array([1.5 + 0.0j]), LOGISTIC), times, 1e-9
    )
    assert (status, k, t_fail) == (0, times.size, 6.0)
    assert np.max(np.abs(out[:, 0] - logistic(1.5, 0.05, times))) < 1e-8

    res = np.empty(1)
    model = odes.prepare(np.array([2.0 + 0.0j]), LOGISTIC)
    status, _, residual = odes.newton(np.array([0.7]), model, 1e-13, 50, res)
    assert status == 0 and abs(res[0] - 1.0) < 1e-12 and residual < 1e-12

    rates = np.array([0.5, 1.0, 2.0, 3.0])
    C = rates[:, None].astype(complex)
    last = np.empty((rates.size, 2))
    status = np.empty(rates.size, dtype=np.int64)
    sel = np.array([0, 1], dtype=np.int64)
    odes.dp5_sweep(y0, C, LOGISTIC, times, 1e-9, 1e-12, BIG, np.inf, sel, 4, last, status, 2)
    assert (status == 0).all()
    ref = logistic(rates, 0.05, 6.0)
    np.testing.assert_allclose(last[:, 0], ref, rtol=1e-8)
    np.testing.assert_allclose(last[:, 1], rates * ref, rtol=1e-8)


def test_one_compilation_for_every_model():
    """Models differ in their data only: the same Numba type, no new specialisation."""
    models = [pair(0.3, 1.0), odes.prepare(np.array([1.5 + 0.0j]), LOGISTIC), random_model(0)[0]]
    assert len({numba.typeof(m) for m in models}) == 1
    times = np.linspace(0.0, 1.0, 3)
    counts = []
    for model in models:
        tab = model[1]
        n = int(tab[0][-1] + (1 if tab[1][-1] else 2))
        y0 = np.full(n, 0.1)
        assert trace(y0, model, times)[0][0] in (0, 1, 2)
        counts.append(len(odes.dp5_trace.signatures))
    assert counts[0] == counts[1] == counts[2]


def random_model(seed, n_terms=60, n_coef=4):
    """A random polynomial system: 6 moments (2 real), terms of degree 0-3, conjugated factors."""
    rng = np.random.default_rng(seed)
    real = [False, True, False, False, True, False]
    n = len(real)

    def terms(count, rows):
        out = []
        for _ in range(count):
            deg = int(rng.integers(0, 4))
            factors = [(int(rng.integers(n)), bool(rng.integers(2))) for _ in range(deg)]
            w = complex(rng.normal(), rng.normal())
            out.append((int(rng.integers(rows)), int(rng.integers(-1, n_coef)), w, factors))
        return out

    eq = terms(n_terms, n)
    tab = make_tables(n, real, eq, terms(10, 3), [(0, 0, 0, 0), (1, 2, 0, 0)])
    c = rng.normal(size=n_coef) + 1j * rng.normal(size=n_coef)
    y = rng.normal(size=int(sum(1 if r else 2 for r in real)))
    return odes.prepare(c, tab), eq, y


def reference_rhs(y, c, tab, eq):
    """The equations evaluated in Python from the term list."""
    slot, real = tab[0], tab[1]
    z = [complex(y[s], 0.0 if r else y[s + 1]) for s, r in zip(slot, real, strict=True)]
    acc = np.zeros(len(z), dtype=complex)
    for out, k, w, factors in eq:
        v = w if k < 0 else w * c[k]
        for i, cj in factors:
            v *= z[i].conjugate() if cj else z[i]
        acc[out] += v
    dy = np.empty(y.size)
    for i, (s, r) in enumerate(zip(slot, real, strict=True)):
        dy[s] = acc[i].real
        if not r:
            dy[s + 1] = acc[i].imag
    return dy


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_jacobian_against_finite_differences(seed):
    model, eq, y = random_model(seed)
    n = y.size
    f = np.empty(n)
    odes.rhs(y, model, f)
    np.testing.assert_allclose(f, reference_rhs(y, model[0], model[1], eq), rtol=1e-13, atol=1e-13)
    J = np.empty((n, n))
    odes.jac(y, model, J)
    h = 1e-5
    fd = np.empty((n, n))
    fp, fm = np.empty(n), np.empty(n)
    for j in range(n):
        e = np.zeros(n)
        e[j] = h
        odes.rhs(y + e, model, fp)
        odes.rhs(y - e, model, fm)
        fd[:, j] = (fp - fm) / (2.0 * h)
    scale = np.abs(J).max()
    assert scale > 1.0
    np.testing.assert_allclose(J, fd, rtol=1e-7, atol=1e-7 * scale)


def ergotropy(w, n, s):
    return w * (n - 0.5) + 0.5 * abs(w) * math.sqrt((2.0 * n - 1.0) ** 2 + 4.0 * abs(s) ** 2)


def ergotropy_rho(w, n, s):
    """Energy of rho = [[1 - n, s*], [s, n]] (H = w |e><e|) minus that of its passive state."""
    lam = np.linalg.eigvalsh(np.array([[1.0 - n, np.conj(s)], [s, n]]))  # ascending
    passive = w * (lam[0] if w > 0 else lam[1])
    return w * n - passive


# moments n (real) and s (complex); observable rows n, s, 0.5i c[0] |s|^2
TWO_LEVEL = make_tables(
    2,
    [True, False],
    [],
    [(0, -1, 1.0, [Z(0)]), (1, -1, 1.0, [Z(1)]), (2, 0, 0.5j, [Z(1), ZB(1)])],
    [
        (0, 0, 0, 0),
        (1, 1, 0, 0),
        (0, 2, 0, 0),
        (1, 2, 0, 0),
        (2, 1, 0, 0),
        (2, 0, 1, 0),
        (3, 1, 0, 1),
        (3, 2, 0, 1),
    ],
)


@pytest.mark.parametrize("seed", range(5))
def test_observe_recipes_against_hand_formulas(seed):
    rng = np.random.default_rng(seed)
    c = np.array([complex(rng.normal(), rng.normal()), 1.3 + 0.4j, -0.7 + 0.2j])
    out = np.empty(8)
    states = [(1.0, 0.0), (0.0, 0.0), (0.5, 0.0)]
    for _ in range(6):
        n = rng.uniform()
        smax = math.sqrt(n * (1.0 - n))
        r = smax * (1.0 if _ % 2 else rng.uniform())  # pure states too
        states.append((n, r * np.exp(1j * rng.uniform(0, 2 * np.pi))))
    for n, s in states:
        y = np.array([n, s.real, s.imag])
        odes.observe(y, odes.prepare(c, TWO_LEVEL), out)
        s2 = abs(s) ** 2
        ref = [
            n,
            s.imag,
            -0.5 * c[0].imag * s2,
            0.5 * c[0].real * s2,
            1.3 * n,
            c[0].real * s.real,
            ergotropy(1.3, n, s),
            ergotropy(-0.7, n, s),
        ]
        np.testing.assert_allclose(out, ref, rtol=1e-14, atol=1e-15)
        for w, got in ((1.3, out[6]), (-0.7, out[7])):
            assert got == pytest.approx(ergotropy_rho(w, n, s), abs=1e-12)
            assert -1e-15 <= got <= abs(w) + 1e-15
    # pure states: w n for w > 0, |w| (1 - n) for w < 0
    n = 0.3
    y = np.array([n, math.sqrt(n * (1 - n)), 0.0])
    odes.observe(y, odes.prepare(c, TWO_LEVEL), out)
    assert out[6] == pytest.approx(1.3 * n, abs=1e-14)
    assert out[7] == pytest.approx(0.7 * (1 - n), abs=1e-14)
