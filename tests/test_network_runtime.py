r"""Model-file runtime: the Gaussian numerics, load_model, CompiledModel, the generated folder.

References are computed another way: ``scipy.linalg.expm`` and closed forms for the matrix
exponential (a Jordan block at an exceptional point: :math:`e^{Jt} = e^{\lambda t}(I + Nt)`);
the driven damped cavity with a thermal bath solved by hand,

.. math::

    \langle a\rangle(t) = a_{ss} + (\alpha - a_{ss})e^{-(i\Delta + \kappa/2)t},\quad
    a_{ss} = \frac{-iF}{i\Delta + \kappa/2},\\
    N(t) = n_{th} + (N_0 - n_{th})e^{-\kappa t},\qquad M(t) = M_0 e^{-(2i\Delta + \kappa)t},

(:math:`N = \langle a^\dagger a\rangle - |\langle a\rangle|^2`, :math:`M = \langle aa\rangle -
\langle a\rangle^2`); two coupled damped modes with the EP at :math:`J = |\kappa_a-\kappa_b|/4`
(:math:`D = (\kappa_a - \kappa_b)^2/4 - 4J^2`); and the paper model's own API
(``nq.simulate``), which runs on the separately derived kernels in ``generated/``.
"""

from __future__ import annotations

import os
import shutil
import stat

import numpy as np
import pytest
import scipy.linalg as sl

import nrqb_sym as nq
from nrqb_sym.codegen import network_write
from nrqb_sym.model.spec import PAPER_MODEL, ModelError
from nrqb_sym.runtime import gaussian
from nrqb_sym.runtime.network import load_model
from nrqb_sym.runtime.simulation import ParameterError

CAVITY = """
name = "cavity"
description = "one driven damped cavity with a thermal bath"
modes = ["a"]
hamiltonian = "Delta*dag(a)*a + F*(a + dag(a))"

[parameters]
Delta = { kind = "real", default = 0.3 }
F = { kind = "real", default = 0.4 }
kappa = "positive"
n_th = { kind = "nonnegative", default = 0.0 }
omega = { kind = "positive", default = 2.0 }

[energies]
a = "omega"

[[dissipators]]
rate = "kappa*(n_th + 1)"
operator = "a"

[[dissipators]]
rate = "kappa*n_th"
operator = "dag(a)"
"""

PAIR = """
name = "pair"
description = "two damped modes coupled coherently"
modes = ["a", "b"]
hamiltonian = "J*(dag(a)*b + dag(b)*a) + F*(a + dag(a))"

[parameters]
J = { kind = "nonnegative", default = 0.1 }
F = { kind = "real", default = 0.2 }
kappa_a = { kind = "positive", default = 1.0 }
kappa_b = { kind = "positive", default = 0.2 }

[[dissipators]]
rate = "kappa_a"
operator = "a"

[[dissipators]]
rate = "kappa_b"
operator = "b"
"""

SQUEEZER = """
name = "squeezer"
description = "two-mode squeezing between two damped modes"
modes = ["a", "b"]
hamiltonian = "G*(a*b + dag(a)*dag(b))"

[parameters]
G = { kind = "nonnegative", default = 0.1 }
kappa_a = { kind = "positive", default = 1.0 }
kappa_b = { kind = "positive", default = 0.5 }

[energies]
b = "1"

[[dissipators]]
rate = "kappa_a"
operator = "a"

[[dissipators]]
rate = "kappa_b"
operator = "b"
"""


@pytest.fixture(scope="session")
def network_cache(tmp_path_factory):
    """One cache folder for the derivations of every model-file test of the session."""
    path = tmp_path_factory.getbasetemp() / "nrqb-network-cache"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="module", autouse=True)
def _cache_env(network_cache):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRQB_CACHE_DIR", str(network_cache))
        yield


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("models")
    for name, text in (("cavity", CAVITY), ("pair", PAIR), ("squeezer", SQUEEZER)):
        (d / f"{name}.toml").write_text(text, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def cavity(model_dir):
    return load_model(model_dir / "cavity.toml")


@pytest.fixture(scope="module")
def pair(model_dir):
    return load_model(model_dir / "pair.toml")


@pytest.fixture(scope="module")
def squeezer(model_dir):
    return load_model(model_dir / "squeezer.toml")


@pytest.fixture(scope="module")
def paper():
    return load_model(PAPER_MODEL)


# ------------------------------------------------------------------------------ numerics
def _stable(rng, n, scale):
    A = (rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))) * scale
    shift = np.max(np.linalg.eigvals(A).real) + 0.1 * scale
    return A - shift * np.eye(n)


@pytest.mark.parametrize("n", [1, 2, 5, 17, 30])
@pytest.mark.parametrize("scale", [1e-4, 1.0, 40.0, 3e3])
def test_expm_matches_scipy(n, scale):
    rng = np.random.default_rng(n * 1000 + int(np.log10(scale) * 10 + 50))
    A = _stable(rng, n, scale)
    ref = sl.expm(A)
    got = gaussian.expm(A)
    assert np.max(np.abs(got - ref)) <= 1e-12 * max(1.0, np.max(np.abs(ref)))


@pytest.mark.parametrize("t", [0.0, 1e-3, 0.7, 12.0, 300.0])
def test_expm_is_exact_at_an_exceptional_point(t):
    """Jordan blocks (a defective drift, as at an EP): e^{Jt} = e^{lt} sum_k (Nt)^k/k!."""
    lam = -0.3 + 0.2j
    for n in (2, 3):
        J = lam * np.eye(n) + np.eye(n, k=1)
        N = np.eye(n, k=1) * t
        exact = np.exp(lam * t) * (np.eye(n) + N + N @ N / 2)
        got = gaussian.expm(J * t)
        assert np.max(np.abs(got - exact)) <= 1e-13 * max(1.0, np.max(np.abs(exact)))


def test_trace_kernels_against_the_affine_solution():
    """z(t) = z_ss + e^{At}(z0 - z_ss): per point, and stepped on a uniform grid (several
    re-anchored blocks)."""
    rng = np.random.default_rng(7)
    d = 12
    A = _stable(rng, d, 2.0)
    b = rng.normal(size=d) + 1j * rng.normal(size=d)
    z0 = rng.normal(size=d) + 1j * rng.normal(size=d)
    zs = np.linalg.solve(A, -b)
    t = np.linspace(0.5, 40.0, 1300)  # 1300 points: 6 blocks of 256
    ref = np.array([zs + sl.expm(A * ti) @ (z0 - zs) for ti in t])
    per_point = gaussian.trace_points(A, b, z0, t)
    stepped = gaussian.trace_uniform(A, b, z0, t[0], t[1] - t[0], t.size)
    scale = np.max(np.abs(ref))
    assert np.max(np.abs(per_point - ref)) <= 1e-11 * scale
    assert np.max(np.abs(stepped - ref)) <= 1e-11 * scale
    assert np.allclose(gaussian.steady(A, b), zs, rtol=1e-12, atol=1e-12 * np.max(np.abs(zs)))
    dz = gaussian.rates(A, b, per_point[:3])
    assert np.allclose(dz, per_point[:3] @ A.T + b, rtol=1e-13, atol=1e-13 * scale)


# ------------------------------------------------------------------------------ cavity
def _cavity_reference(t, Delta, F, kappa, n_th, omega, alpha, n0, r, phi):
    lam = 1j * Delta + kappa / 2
    a_ss = -1j * F / lam
    a = a_ss + (alpha - a_ss) * np.exp(-lam * t)
    N0 = (n0 + 0.5) * np.cosh(2 * r) - 0.5
    M0 = -(n0 + 0.5) * np.exp(1j * phi) * np.sinh(2 * r)
    N = n_th + (N0 - n_th) * np.exp(-kappa * t)
    M = M0 * np.exp(-(2j * Delta + kappa) * t)
    occ = np.abs(a) ** 2 + N
    da = -lam * (a - a_ss)
    power = omega * (2 * np.real(np.conj(a) * da) - kappa * (N - n_th))
    return a, occ, a * a + M, power


@pytest.mark.parametrize(
    ("state", "n_th"),
    [
        (None, 0.0),
        ({"a": 0.5 - 0.25j}, 0.0),
        ({"a": {"alpha": 0.3j, "n": 0.7, "r": 0.4, "phi": 0.9}}, 0.35),
        ({"a": {"n": 1.5}}, 0.0),
    ],
)
def test_cavity_against_the_closed_form(cavity, state, n_th):
    values = {"kappa": 0.8, "n_th": n_th, "Delta": -0.45}
    t = np.linspace(0.0, 9.0, 37)
    tr = cavity.simulate(values, t, model="full", initial=state)
    s = (state or {}).get("a", 0j)
    s = s if isinstance(s, dict) else {"alpha": s}
    a, occ, aa, power = _cavity_reference(
        t,
        -0.45,
        0.4,
        0.8,
        n_th,
        2.0,
        complex(s.get("alpha", 0j)),
        s.get("n", 0.0),
        s.get("r", 0.0),
        s.get("phi", 0.0),
    )
    assert np.allclose(tr.amplitude["a"], a, rtol=1e-12, atol=1e-13)
    assert np.allclose(tr.occupation["a"], occ, rtol=1e-12, atol=1e-13)
    assert np.allclose(tr.moments["<aa>"], aa, rtol=1e-12, atol=1e-13)
    assert np.allclose(tr.energy["a"], 2.0 * occ, rtol=1e-12, atol=1e-13)
    assert np.allclose(tr.power["a"], power, rtol=1e-10, atol=1e-12)
    ss = cavity.steady_state(values, "full")
    a_ss = -1j * 0.4 / (-0.45j + 0.4)
    assert abs(ss.amplitude["a"] - a_ss) < 1e-13
    assert ss.occupation["a"] == pytest.approx(abs(a_ss) ** 2 + n_th, rel=1e-12)
    assert ss.power == {"a": 0.0}
    # nothing eliminated: the effective model is the full model
    eff = cavity.simulate(values, t, initial=state)
    assert np.array_equal(eff.occupation["a"], tr.occupation["a"])


def test_uniform_stepping_agrees_with_per_point(cavity, paper):
    t = np.linspace(0.0, 60.0, 2000)  # uniform, >= 1024 points: the stepping kernel
    values = {"kappa": 0.3, "n_th": 0.2}
    start = {"a": {"alpha": 1 + 1j, "r": 0.3}}
    stepped = cavity.simulate(values, t, initial=start)
    perturbed = t.copy()
    perturbed[1] += 1e-9  # no longer uniform: one exponential per point
    per_point = cavity.simulate(values, perturbed, initial=start)
    for m in ("a",):
        d = np.abs(stepped.occupation[m][2:] - per_point.occupation[m][2:])
        assert np.max(d) <= 1e-12 * np.max(np.abs(per_point.occupation[m]))
    tp = np.linspace(0.0, 200.0, 2000)
    full_u = paper.simulate({}, tp, model="full")
    full_p = paper.simulate({}, tp[::37], model="full")
    assert np.allclose(full_u.energy["b"][::37], full_p.energy["b"], rtol=1e-10, atol=1e-14)


# ------------------------------------------------------------------------------ paper model
@pytest.mark.parametrize("model", ["effective", "full"])
def test_paper_model_file_matches_the_paper_api(paper, model):
    params = nq.preset("nonreciprocal", Delta_c=3.0, kappa_b=0.2)
    values = params.as_dict()
    t = np.linspace(0.0, 150.0, 301)
    ref = nq.simulate(params, t, model=model)
    tr = paper.simulate(values, t, model=model)
    assert tuple(tr.amplitude) == (("a", "b") if model == "effective" else ("a", "b", "c"))
    for mine, theirs in (
        (tr.energy["a"], ref.E_A),
        (tr.energy["b"], ref.E_B),
        (tr.occupation["a"], ref.n_a),
        (tr.occupation["b"], ref.n_b),
        (tr.power["b"], ref.P_B),
        (tr.amplitude["b"], ref.beta),
    ):
        assert np.max(np.abs(mine - theirs)) <= 1e-8 * np.max(np.abs(theirs))
    ss, ref_ss = paper.steady_state(values, model), nq.steady_state(params, model)
    assert ss.energy["a"] == pytest.approx(ref_ss.E_A, rel=1e-8)
    assert ss.energy["b"] == pytest.approx(ref_ss.E_B, rel=1e-8)


def test_paper_model_thermal_start_matches_the_paper_api(paper):
    params = nq.preset("nonreciprocal", n_a=0.3, n_b=0.1, n_c=0.05)
    init = nq.InitialState(alpha=0.2 + 0.1j, beta=-0.3j, n_a0=0.4, n_b0=0.2)
    t = np.linspace(0.0, 80.0, 81)
    ref = nq.simulate(params, t, model="full", initial=init)
    start = {"a": {"alpha": 0.2 + 0.1j, "n": 0.4}, "b": {"alpha": -0.3j, "n": 0.2}}
    tr = paper.simulate(params.as_dict(), t, model="full", initial=start)
    assert np.max(np.abs(tr.occupation["a"] - ref.n_a)) <= 1e-8 * np.max(ref.n_a)
    assert np.max(np.abs(tr.occupation["b"] - ref.n_b)) <= 1e-8 * np.max(ref.n_b)


def test_paper_nonreciprocity_and_ep(paper):
    params = nq.preset("nonreciprocal", Delta_c=7.0)
    rates = nq.derived_rates(params)
    nr = paper.nonreciprocal_coupling(params.as_dict(), "a", "b")
    assert nr["J"] == pytest.approx(rates["J_nonreciprocal"], rel=1e-10)
    assert nr["theta"] == pytest.approx(rates["theta_nonreciprocal"], rel=1e-10)
    sym = paper.nonreciprocity("a", "b")
    assert {str(k) for k in sym.solution} == {"J", "theta"}
    # the resonant fully nonreciprocal battery sits on an EP at kappa_b = kappa_a
    p = nq.preset("nonreciprocal", kappa_b=0.3)
    ref = [e.value for e in nq.exceptional_points(p, "kappa_b")]
    found = paper.exceptional_points(p.as_dict(), "kappa_b")
    assert [e.value for e in found] == pytest.approx(ref, rel=1e-9)
    assert any(abs(e.value - 0.05) < 1e-6 for e in found)
    assert all(e.method == "closed form" for e in found)


def test_ep_closed_form_and_numeric_scan(pair, monkeypatch):
    values = {"kappa_a": 1.0, "kappa_b": 0.2}
    found = pair.exceptional_points(values, "J")
    assert [e.value for e in found] == pytest.approx([0.2], rel=1e-10)
    assert found[0].method == "closed form"
    assert found[0].eigenvalue == pytest.approx(-0.3, abs=1e-6)
    in_kb = pair.exceptional_points({"J": 0.1}, "kappa_b")  # kappa_b = 1 +- 0.4
    assert [e.value for e in in_kb] == pytest.approx([0.6, 1.4], rel=1e-10)
    # the numeric path: no closed forms at all
    monkeypatch.setattr(pair.kernels, "EP_POLYNOMIALS", {})
    monkeypatch.setattr(pair.kernels, "SPECTRUM", {})
    monkeypatch.setattr(pair.kernels, "STRUCTURED", {"effective": {"ep:J": "structured: x"}})
    numeric = pair.exceptional_points(values, "J")
    assert [e.value for e in numeric] == pytest.approx([0.2], rel=1e-8)
    assert numeric[0].method == "numeric"


# ------------------------------------------------------------------------------ errors
@pytest.mark.parametrize(
    ("values", "names"),
    [
        ({"kappa": 1.0, "kapa": 2.0}, ["kapa"]),
        ({"kappa": 1.0, "x": 1, "y": 2}, ["x", "y"]),
        ({}, ["kappa"]),
        ({"kappa": 0.0}, ["kappa"]),
        ({"kappa": -1.0}, ["kappa"]),
        ({"kappa": float("nan")}, ["kappa"]),
        ({"kappa": 1.0, "Delta": float("inf")}, ["Delta"]),
        ({"kappa": 1.0, "n_th": -0.1}, ["n_th"]),
        ({"kappa": True}, ["kappa"]),
        ({"kappa": "1+1"}, ["kappa"]),
        ({"kappa": "__import__('os')"}, ["kappa"]),
    ],
)
def test_parameter_errors_name_the_parameter(cavity, values, names):
    with pytest.raises(ParameterError) as exc:
        cavity.simulate(values, [0.0, 1.0])
    msg = str(exc.value)
    assert "\n" not in msg
    for n in names:
        assert n in msg


def test_values_parsed_as_floats(cavity):
    tr = cavity.simulate({"kappa": "0.5", "F": np.float32(0.25)}, [0.0, 1.0])
    assert tr.values["kappa"] == 0.5 and tr.values["F"] == 0.25


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"model": "both"}, "model"),
        ({"initial": {"z": 1.0}}, "z"),
        ({"initial": {"a": {"alpha": 1, "beta": 2}}}, "beta"),
        ({"initial": {"a": {"n": -1.0}}}, "n"),
        ({"initial": {"a": "1+"}}, "initial"),
        ({"initial": [1.0]}, "initial"),
    ],
)
def test_other_errors(cavity, kwargs, name):
    with pytest.raises(ParameterError, match=name):
        cavity.simulate({"kappa": 1.0}, [0.0, 1.0], **kwargs)


def test_eliminated_mode_not_in_the_effective_model(paper):
    t = [0.0, 1.0]
    tr = paper.simulate({}, t, model="full", initial={"c": 0.1})
    assert "c" in tr.amplitude
    eff = paper.simulate({}, t)
    assert "c" not in eff.amplitude and "c" not in eff.occupation
    with pytest.raises(ParameterError, match="'c'"):
        paper.simulate({}, t, initial={"c": 0.1})


def test_unstable_squeezing_is_refused(squeezer):
    ss = squeezer.steady_state({"G": 0.3})  # threshold sqrt(kappa_a kappa_b)/2 = 0.354
    long = squeezer.simulate({"G": 0.3}, [400.0])
    assert ss.occupation["b"] == pytest.approx(long.occupation["b"][0], rel=1e-9)
    assert ss.occupation["b"] > 0 and set(ss.energy) == {"b"}
    with pytest.raises(ParameterError, match="unstable: drift matrix has an eigenvalue"):
        squeezer.steady_state({"G": 0.4})
    # finite times are still fine above threshold
    assert np.all(np.isfinite(squeezer.simulate({"G": 0.4}, [0.0, 5.0]).occupation["a"]))


def test_model_errors_are_model_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(CAVITY.replace("Delta*dag(a)*a", "chi*dag(a)*dag(a)*a*a"), encoding="utf-8")
    with pytest.raises(ModelError):
        load_model(bad)
    with pytest.raises(ModelError):
        load_model(tmp_path / "missing.toml")


# ------------------------------------------------------------------------------ folders
def test_folder_beside_the_file_and_reuse(tmp_path, capsys):
    f = tmp_path / "pair.toml"
    f.write_text(PAIR, encoding="utf-8")
    m = load_model(f)
    folder = tmp_path / "pair.nrqb"
    assert m.folder == folder
    assert (folder / "kernels.py").is_file()
    assert (folder / "derivations" / "README.md").is_file()
    head = (folder / "kernels.py").read_text(encoding="utf-8").splitlines()[:10]
    assert any(m.digest in line for line in head)
    assert any("nrqb generate --model-file pair.toml" in line for line in head)
    stamp = (folder / "kernels.py").stat().st_mtime_ns
    capsys.readouterr()
    again = load_model(f)
    assert (folder / "kernels.py").stat().st_mtime_ns == stamp  # reused, not rewritten
    assert "written" not in capsys.readouterr().err
    assert again.simulate({}, [1.0]).occupation["b"][0] > 0
    # an edited model file makes the folder stale: regenerated with the new digest
    f.write_text(PAIR.replace("default = 0.2 }", "default = 0.25 }"), encoding="utf-8")
    edited = load_model(f)
    assert edited.digest != m.digest
    assert network_write.folder_digest(folder) == edited.digest
    assert edited.values()["F"] == 0.25


def test_unwritable_folder_falls_back_to_the_cache(tmp_path, network_cache, monkeypatch):
    src = tmp_path / "ro"
    src.mkdir()
    f = src / "pair.toml"
    f.write_text(PAIR, encoding="utf-8")
    real = network_write._writable
    monkeypatch.setattr(
        network_write,
        "_writable",
        lambda folder: False if src in folder.parents or folder == src else real(folder),
    )
    m = load_model(f)
    assert network_cache in m.folder.parents
    assert m.folder.name.startswith("pair-")
    assert not (src / "pair.nrqb").exists()
    # a stale folder beside the file that cannot be rewritten: the cache takes over too
    monkeypatch.setattr(network_write, "_writable", real)
    beside = network_write.generate_model(f).folder
    assert beside == src / "pair.nrqb"
    f.write_text(PAIR.replace("default = 0.2 }", "default = 0.3 }"), encoding="utf-8")
    monkeypatch.setattr(
        network_write,
        "_writable",
        lambda folder: False if src in folder.parents or folder == src else real(folder),
    )
    edited = load_model(f)
    assert network_cache in edited.folder.parents and edited.values()["F"] == 0.3
    assert network_write.folder_digest(beside) == m.digest  # left as it was


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_falls_back_to_the_cache(tmp_path, network_cache):
    src = tmp_path / "ro"
    src.mkdir()
    f = src / "cavity.toml"
    f.write_text(CAVITY, encoding="utf-8")
    src.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        m = load_model(f)
    finally:
        src.chmod(stat.S_IRWXU)
    assert network_cache in m.folder.parents
    assert not (src / "cavity.nrqb").exists()


def test_shipped_model_is_never_written_into_the_package(paper, network_cache):
    package = PAPER_MODEL.parent
    assert network_cache in paper.folder.parents
    assert not (package / "nrqb.nrqb").exists()
    assert network_write._protected(package / "nrqb.nrqb")


def test_explicit_out_and_byte_identical_regeneration(tmp_path, model_dir):
    out = tmp_path / "out"
    stale = network_write.generate_model(model_dir / "pair.toml", out=out)
    assert set(stale) >= {"kernels.py", "derivations/README.md"}
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert network_write.generate_model(model_dir / "pair.toml", out=out, check=True) == []
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    (copy / "kernels.py").unlink()
    network_write.generate_model(model_dir / "pair.toml", out=copy)
    second = {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    assert first == second
    m = load_model(model_dir / "pair.toml", out=out)
    assert m.folder == out
