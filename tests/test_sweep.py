r"""Parameter sweeps, reductions inside the kernel, derived axes, dask, and ``nrqb map``.

* Sweep values against ``simulate`` point by point (itself checked against independent numerics
  in ``test_fused.py`` / ``test_reference.py``), on uniform (stepped) and uneven times.
* Every reduction against NumPy's reduction of the unreduced sweep (``nanmax``, ``nanargmax``,
  ``nanmin``, ``nanmean``, the last sample).
* Derived axes against sweeps/points written with the plain parameters.
* The dask path (local synchronous and threaded schedulers) against the in-process one.
* ``nrqb map`` writes PNG/CSV/JSON/NPZ; its curves are checked against the model: the
  nonreciprocal coupling :math:`J = 2 g_a g_b/\sqrt{4\Delta_c^2 + \kappa_c^2}` (physics notes)
  and exceptional points as degenerate eigenvalues of the effective drift (Schur complement),
  computed here without the package's kernels.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

import nrqb_sym as nq
from nrqb_sym.cli import main
from nrqb_sym.runtime.resources import ResourceError, memory_limit
from nrqb_sym.runtime.sweep import grid_parameters

BASE = nq.preset("nonreciprocal", Delta_a=0.3, Delta_c=5.0, theta=1.2)
KB = np.array([0.02, 0.05, 0.3])
DB = np.array([-0.7, 0.0, 0.4, 1.1])
T_UNIFORM = np.linspace(0.0, 25.0, 400)
T_UNEVEN = np.array([0.0, 0.3, 1.0, 2.5, 7.0, 12.0, 30.0])
OBS = ("alpha", "n_b", "ab", "E_A", "E_B", "P_B", "R", "eta", "ergotropy_B")


def close(got, want, rtol=1e-10, err=""):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, err
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=err)
    ok = ~np.isnan(want)
    scale = max(float(np.max(np.abs(want[ok]))), 1e-300) if ok.any() else 1.0
    np.testing.assert_allclose(got[ok], want[ok], rtol=rtol, atol=rtol * scale, err_msg=err)


@pytest.fixture(scope="module")
def full_sweep():
    return nq.sweep(BASE, T_UNIFORM, OBS, kappa_b=KB, Delta_b=DB)


def effective_drift(p: nq.Params) -> np.ndarray:
    """Schur complement of the full single-particle drift on the c block (no kernels)."""
    J = p.J * np.exp(1j * p.theta)
    H1 = np.array(
        [[p.Delta_a, J, p.g_a], [np.conj(J), p.Delta_b, p.g_b], [p.g_a, p.g_b, p.Delta_c]],
        dtype=complex,
    )
    A = -1j * H1 - 0.5 * np.diag([p.kappa_a, p.kappa_b, p.kappa_c])
    return A[:2, :2] - A[:2, 2:] @ np.linalg.solve(A[2:, 2:], A[2:, :2])


# ----------------------------------------------------------------------------- values
@pytest.mark.parametrize("grid", ["uniform", "uneven"])
def test_sweep_matches_simulate_point_by_point(grid, full_sweep):
    t = T_UNIFORM if grid == "uniform" else T_UNEVEN
    sw = full_sweep if grid == "uniform" else nq.sweep(BASE, t, OBS, kappa_b=KB, Delta_b=DB)
    assert isinstance(sw, nq.Sweep)
    assert list(sw.axes) == ["kappa_b", "Delta_b"] and sw.shape == (3, 4)
    for obs in OBS:
        assert sw.values[obs].shape == (3, 4, t.size)
    for i, kb in enumerate(KB):
        for j, db in enumerate(DB):
            tr = nq.simulate(BASE.replace(kappa_b=kb, Delta_b=db), t, method="closed")
            for obs in OBS:
                close(sw.values[obs][i, j], getattr(tr, obs), err=f"{obs} at {i}, {j}")
    assert sw.point(2, 1) == BASE.replace(kappa_b=KB[2], Delta_b=DB[1])


REFERENCE = {
    "max": np.nanmax,
    "argmax": np.nanargmax,
    "min": np.nanmin,
    "mean": np.nanmean,
    "last": lambda v, axis: v[..., -1],
}


@pytest.mark.parametrize("reduce", list(REFERENCE))
def test_every_reduction_vs_numpy(reduce, full_sweep):
    real = ("n_b", "E_A", "E_B", "P_B", "R", "eta", "ergotropy_B")
    obs = real + (("alpha", "ab") if reduce in ("last", "mean") else ())
    red = nq.sweep(BASE, T_UNIFORM, obs, reduce=reduce, kappa_b=KB, Delta_b=DB)
    assert red.reduce == reduce
    for name in obs:
        want = REFERENCE[reduce](full_sweep.values[name], axis=-1)
        got = red.values[name]
        assert got.shape == (3, 4), name
        if reduce == "argmax":
            assert got.dtype == np.int64
            np.testing.assert_array_equal(got, want, err_msg=name)
        else:
            close(got, want, rtol=1e-12, err=f"{reduce} {name}")


def test_reductions_skip_nan_samples():
    """R is nan at t = 0 from vacuum: skipped by max/min/mean/argmax; an all-nan trace gives
    nan (argmax -1)."""
    t = np.array([0.0, 1.0, 2.0])
    red = nq.sweep(BASE, t, ("R",), reduce="argmax", kappa_b=KB)
    assert np.all(red.values["R"] >= 1)
    only_zero = nq.sweep(BASE, np.array([0.0]), ("R", "eta"), reduce="max", kappa_b=KB)
    assert np.all(np.isnan(only_zero.values["R"]))
    arg = nq.sweep(BASE, np.array([0.0]), ("R",), reduce="argmax", kappa_b=KB)
    np.testing.assert_array_equal(arg.values["R"], -1)


def test_complex_observable_needs_last_or_mean():
    with pytest.raises(nq.ParameterError, match="complex observable alpha"):
        nq.sweep(BASE, T_UNEVEN, ("alpha",), reduce="max", kappa_b=KB)
    with pytest.raises(nq.ParameterError, match="reduce"):
        nq.sweep(BASE, T_UNEVEN, ("E_B",), reduce="median", kappa_b=KB)


def test_no_axes_is_one_point():
    sw = nq.sweep(BASE, T_UNEVEN, ("E_B",))
    assert sw.values["E_B"].shape == (T_UNEVEN.size,)
    close(sw.values["E_B"], nq.simulate(BASE, T_UNEVEN).E_B)


def test_chunked_in_process_equals_one_chunk(full_sweep):
    sw = nq.sweep(BASE, T_UNIFORM, OBS, chunks=5, use_dask=False, kappa_b=KB, Delta_b=DB)
    for obs in OBS:
        np.testing.assert_array_equal(sw.values[obs], full_sweep.values[obs])


# ----------------------------------------------------------------------------- derived axes
def test_ratio_axis_holding_kappa_a():
    r = np.array([0.1, 1.0, 4.0])
    sw = nq.sweep(BASE, T_UNEVEN, ("E_B", "P_B"), r=r, Delta_b=DB[:2])
    plain = nq.sweep(BASE, T_UNEVEN, ("E_B", "P_B"), kappa_b=r * BASE.kappa_a, Delta_b=DB[:2])
    for obs in ("E_B", "P_B"):
        np.testing.assert_array_equal(sw.values[obs], plain.values[obs])
    assert sw.point(2, 0).kappa_b == pytest.approx(4.0 * BASE.kappa_a)


def test_ratio_axis_holding_kappa_b():
    r = np.array([0.5, 2.0])
    sw = nq.sweep(BASE, T_UNEVEN, ("E_B",), reduce="last", hold="kappa_b", r=r)
    for i, ri in enumerate(r):
        p = BASE.replace(kappa_a=BASE.kappa_b / ri)
        close(sw.values["E_B"][i], nq.simulate(p, T_UNEVEN).E_B[-1])


def test_common_detuning_shifts_both():
    d = np.array([-0.5, 0.25])
    sw = nq.sweep(BASE, T_UNEVEN, ("E_B",), detuning=d, kappa_b=KB[:2])
    for i, di in enumerate(d):
        for j, kb in enumerate(KB[:2]):
            p = BASE.replace(Delta_a=BASE.Delta_a + di, Delta_b=BASE.Delta_b + di, kappa_b=kb)
            close(sw.values["E_B"][i, j], nq.simulate(p, T_UNEVEN).E_B)


def test_grid_parameters_are_vectorised():
    from nrqb_sym.runtime.sweep import SweepPlan

    axes = {"kappa_b": KB, "r": np.array([1.0, 2.0])}
    with pytest.raises(nq.ParameterError, match="kappa_b"):
        nq.sweep(BASE, T_UNEVEN, ("E_B",), **axes)  # r sets kappa_b
    plan = SweepPlan.build(
        BASE, {"kappa_a": KB, "r": np.array([1.0, 2.0])}, "kappa_a", T_UNEVEN, None, ("E_B",)
    )
    P = grid_parameters(plan, 0, plan.size)
    assert P.shape == (6, len(BASE.array()))
    np.testing.assert_allclose(P[:, 4], np.repeat(KB, 2) * np.tile([1.0, 2.0], 3))


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "axes, match",
    [
        ({"kappa_z": [0.1]}, "kappa_z: unknown axis"),
        ({"kappa_b": [-0.1, 0.2]}, "kappa_b.*rates must be >= 0"),
        ({"g_a": [np.nan]}, "g_a: axis values must be finite"),
        ({"n_b": [0.0, 0.2]}, "n_b: sweep is for zero-temperature"),
        ({"r": [0.0, 1.0]}, "^r = 0.0: the damping ratio"),
        ({"kappa_b": [[0.1, 0.2]]}, "kappa_b: axis values must be a 1-d array"),
        ({"kappa_c": [0.0, 10.0]}, "kappa_c.*must be > 0"),
    ],
)
def test_rules_checked_per_axis(axes, match):
    with pytest.raises(nq.ParameterError, match=match):
        nq.sweep(BASE, T_UNEVEN, ("E_B",), **axes)


def test_lambda_rule_names_the_axis():
    p = BASE.replace(g_b=0.0, kappa_b=0.1)
    with pytest.raises(nq.ParameterError, match=r"kappa_b: Lambda_b.*kappa_b = 0"):
        nq.sweep(p, T_UNEVEN, ("E_B",), kappa_b=[0.0, 0.1])
    with pytest.raises(nq.ParameterError, match=r"^r: Lambda_b"):
        nq.sweep(p.replace(kappa_a=0.0, g_a=1.0), T_UNEVEN, ("E_B",), r=[0.5, 1.0])


def test_thermal_base_refused():
    with pytest.raises(nq.ParameterError, match="n_a"):
        nq.sweep(BASE.replace(n_a=0.1), T_UNEVEN, ("E_B",), kappa_b=KB)


def test_weak_elimination_warns_once():
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        nq.sweep(BASE, T_UNEVEN, ("E_B",), reduce="last", kappa_c=[5.0, 100.0])
    assert sum(issubclass(w.category, nq.EliminationWarning) for w in got) == 1


def test_memory_estimate_refuses_before_allocating():
    big = np.linspace(0.01, 1.0, 1000)
    with memory_limit(10 * 2**20, "--max-memory"):
        with pytest.raises(ResourceError, match="sweep over 1000 x 1000 points x 400 times"):
            nq.sweep(BASE, T_UNIFORM, ("E_B",), kappa_b=big, Delta_b=big)
        # reduced: O(grid) fits
        nq.sweep(BASE, T_UNIFORM[:3], ("E_B",), reduce="max", kappa_b=big[:10], Delta_b=big)


# ----------------------------------------------------------------------------- dask
@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
@pytest.mark.parametrize("reduce", [None, "max", "mean"])
def test_dask_blocks_match_in_process(scheduler, reduce):
    dask = pytest.importorskip("dask")
    obs = ("E_B", "P_B") + (("alpha",) if reduce != "max" else ())
    kw = dict(reduce=reduce, kappa_b=KB, Delta_b=DB)
    ref = nq.sweep(BASE, T_UNIFORM, obs, **kw)
    with dask.config.set(scheduler=scheduler):
        got = nq.sweep(BASE, T_UNIFORM, obs, chunks=5, use_dask=True, **kw)
    for name in obs:
        assert got.values[name].dtype == ref.values[name].dtype
        np.testing.assert_array_equal(got.values[name], ref.values[name], err_msg=name)


# ----------------------------------------------------------------------------- nrqb map
def _map(tmp_path, *extra):
    return main(
        [
            "map",
            "--x",
            "kappa_b=0.005:0.5:24:log",
            "--y",
            "J=0.2:0.9:21",
            "--preset",
            "nonreciprocal",
            "--t-max",
            "20",
            "--points",
            "101",
            *extra,
        ]
    )


def test_map_writes_png_and_data(tmp_path, capsys):
    png, js = tmp_path / "map.png", tmp_path / "map.json"
    assert _map(tmp_path, "--plot", str(png), "--out", str(js)) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    data = json.loads(js.read_text())
    assert data["x"]["name"] == "kappa_b" and data["observable"] == "P_B"
    V = np.array(data["values"], dtype=float)
    assert V.shape == (24, 21)
    # the values are the reduced sweep
    sw = nq.sweep(
        nq.preset("nonreciprocal"),
        np.linspace(0, 20, 101),
        ("P_B",),
        reduce="max",
        kappa_b=np.array(data["x"]["values"]),
        J=np.array(data["y"]["values"]),
    )
    close(V, sw.values["P_B"], rtol=1e-12)
    # nonreciprocal line: J = 2 g_a g_b / sqrt(4 Delta_c^2 + kappa_c^2) (theta matches)
    p = nq.preset("nonreciprocal")
    J_nr = 2 * p.g_a * p.g_b / np.sqrt(4 * p.Delta_c**2 + p.kappa_c**2)
    nr = data["curves"]["nonreciprocal"]
    assert not nr["everywhere"] and len(nr["lines"]) == 1
    line = np.array(nr["lines"][0])
    np.testing.assert_allclose(line[:, 1], J_nr, rtol=1e-9)
    assert line[:, 0].min() <= 0.0051 and line[:, 0].max() >= 0.49
    # EP curve: every vertex is a degenerate, non-diagonal drift matrix
    ep = data["curves"]["exceptional_points"]
    vertices = np.concatenate([np.array(c) for c in ep["lines"]])
    assert len(vertices) > 50
    for kb, J in vertices[::17]:
        M = effective_drift(p.replace(kappa_b=kb, J=J))
        D = (M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0]
        assert abs(D) <= 1e-6 * np.max(np.abs(M)) ** 2
        assert abs(M[0, 1]) + abs(M[1, 0]) > 1e-3 * np.max(np.abs(M))


def test_map_csv_and_npz(tmp_path, capsys):
    csv = tmp_path / "m.csv"
    assert _map(tmp_path, "--out", str(csv)) == 0
    rows = csv.read_text().splitlines()
    assert rows[0] == "kappa_b,J,max_P_B" and len(rows) == 1 + 24 * 21
    npz = tmp_path / "m.npz"
    assert _map(tmp_path, "--format", "npz", "--out", str(npz), "--reduce", "last") == 0
    with np.load(npz) as z:
        assert z["values"].shape == (24, 21)
        assert str(z["reduce"]) == "last"
        assert z["nonreciprocal_lines"].shape[1] == 2
        assert np.isfinite(z["ep_lines"]).any()


def test_map_ep_point_and_nonreciprocal_plane(tmp_path, capsys):
    """At the preset, (kappa_b, Delta_b) is nonreciprocal everywhere; the only EP is
    kappa_b = kappa_a, Delta_b = Delta_a = 0, found without sampling it exactly."""
    js = tmp_path / "m.json"
    code = main(
        [
            "map",
            "--x",
            "kappa_b=0.004:0.31:30",
            "--y",
            "Delta_b=-1:1.3:20",
            "--preset",
            "nonreciprocal",
            "--points",
            "51",
            "--out",
            str(js),
        ]
    )
    assert code == 0
    data = json.loads(js.read_text())
    assert data["curves"]["nonreciprocal"]["everywhere"]
    ep = data["curves"]["exceptional_points"]
    assert not ep["lines"] and len(ep["points"]) == 1
    np.testing.assert_allclose(ep["points"][0], [0.05, 0.0], atol=1e-7)
    M = effective_drift(nq.preset("nonreciprocal"))
    assert abs((M[0, 0] - M[1, 1]) ** 2 + 4 * M[0, 1] * M[1, 0]) < 1e-12


def test_map_summary_without_data_file(capsys):
    code = main(
        [
            "map",
            "--x",
            "r=0.2:5:12:log",
            "--y",
            "theta=1:2.2:9",
            "--preset",
            "nonreciprocal",
            "--points",
            "31",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "nonreciprocal (M12 = 0): 1 curve(s)" in out
    assert "exceptional points (D = 0): point (r = 1" in out


@pytest.mark.parametrize(
    "args, match",
    [
        (["--x", "kappa_b=0:1", "--y", "J=0:1:3"], "expected NAME=START:STOP:N"),
        (["--x", "kappa_b=0:1:x", "--y", "J=0:1:3"], "N must be an integer"),
        (["--x", "kappa_b=0:1:3:log", "--y", "J=0:1:3"], "log axis needs START, STOP > 0"),
        (["--x", "J=0:1:3", "--y", "J=0:2:3"], "the two axes must differ"),
        (["--x", "foo=0:1:3", "--y", "J=0:1:3"], "foo: unknown axis"),
        (["--x", "kappa_b=0:1:3", "--y", "J=0:1:3", "--observable", "beta"], "complex"),
        (
            ["--x", "kappa_b=0:1:3", "--y", "J=0:1:3", "--observable", "ab", "--reduce", "last"],
            "a map needs a real observable",
        ),
        (["--x", "kappa_b=0:1:3", "--y", "J=0:1:3", "--format", "npz"], "needs --out"),
    ],
)
def test_map_errors_are_one_line(args, match, capsys):
    assert main(["map", *args, "--preset", "nonreciprocal", "--points", "5"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("nrqb: error:") and "\n" not in err
    assert match in err


def test_progress_bar_over_chunks(capsys, full_sweep):
    sw = nq.sweep(
        BASE, T_UNIFORM, OBS, chunks=4, use_dask=False, progress=True, kappa_b=KB, Delta_b=DB
    )
    err = capsys.readouterr().err
    assert "sweep:" in err and "/12 " in err  # a tqdm bar over the 12 grid points
    for obs in OBS:
        np.testing.assert_array_equal(sw.values[obs], full_sweep.values[obs])


def test_overflow_is_refused_naming_a_parameter():
    p = nq.Params(kappa_a=0.1, kappa_b=0.1, kappa_c=10.0, g_a=0.0, g_b=0.0, J=0.0, theta=0.0, F=1.0)
    with pytest.raises(nq.ParameterError, match="out of range for double precision"):
        nq.sweep(p, T_UNEVEN, ("E_A",), reduce="max", F=[1.0, 1e100], kappa_a=[1e-100, 0.1])
