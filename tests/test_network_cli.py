r"""The command line with ``--model-file``: generate/--check, simulate, ep, derive, validate,
validity, and one-line user errors (exit 2, no traceback).

Expected numbers are independent of the code under test: the driven damped cavity's closed form
(:math:`\langle a\rangle_{ss} = -iF/(i\Delta + \kappa/2)`, :math:`\langle a^\dagger
a\rangle(t) = |\langle a\rangle(t)|^2` from vacuum at zero temperature) and the EP of two
damped modes coupled by :math:`J` at :math:`J = |\kappa_a - \kappa_b|/4`.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import numpy as np
import pytest
from test_network_runtime import CAVITY, PAIR

from nrqb_sym.cli import main
from nrqb_sym.model.spec import shipped_models
from nrqb_sym.runtime.validate import qutip_available

NRQB = shutil.which("nrqb")

#: a damped mode coupled to a fast cavity that the effective model eliminates
LOSSY = """
name = "lossy"
description = "a driven mode damped through a bad cavity"
modes = ["a", "c"]
eliminate = ["c"]
hamiltonian = "g*(dag(a)*c + dag(c)*a) + F*(a + dag(a))"

[parameters]
g = { kind = "positive", default = 1.0 }
F = { kind = "real", default = 0.3 }
kappa_a = { kind = "positive", default = 0.1 }
kappa_c = { kind = "positive", default = 20.0 }

[energies]
a = "1"

[[dissipators]]
rate = "kappa_a"
operator = "a"

[[dissipators]]
rate = "kappa_c"
operator = "c"
"""


@pytest.fixture(scope="session")
def network_cache(tmp_path_factory):
    """The cache folder shared with test_network_runtime (same path, same session)."""
    path = tmp_path_factory.getbasetemp() / "nrqb-network-cache"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="module", autouse=True)
def _cache_env(network_cache):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRQB_CACHE_DIR", str(network_cache))
        yield


@pytest.fixture
def files(tmp_path):
    (tmp_path / "cavity.toml").write_text(CAVITY, encoding="utf-8")
    (tmp_path / "pair.toml").write_text(PAIR, encoding="utf-8")
    (tmp_path / "lossy.toml").write_text(LOSSY, encoding="utf-8")
    return tmp_path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_error(code, err, *names):
    assert code == 2, err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("nrqb: deriving")]
    lines = [ln for ln in lines if "written to" not in ln]
    assert len(lines) == 1, err
    assert lines[0].startswith("nrqb: error:"), err
    for n in names:
        assert n in lines[0], (n, lines[0])
    return lines[0]


# ------------------------------------------------------------------------------ generate
def test_generate_and_check(capsys, files):
    f = files / "pair.toml"
    code, out, _ = run(capsys, "generate", "--model-file", f)
    assert code == 0
    folder = files / "pair.nrqb"
    assert str(folder) in out and (folder / "kernels.py").is_file()
    code, out, _ = run(capsys, "generate", "--model-file", f, "--check")
    assert code == 0 and "up to date" in out

    kernels = folder / "kernels.py"
    kernels.write_text(kernels.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    (folder / "derivations" / "extra.md").write_text("orphan\n", encoding="utf-8")
    (folder / "derivations" / "01_model.md").unlink()
    code, _, err = run(capsys, "generate", "--model-file", f, "--check")
    assert code == 1
    for rel in ("kernels.py", "derivations/extra.md", "derivations/01_model.md"):
        assert rel in err
    assert "edited" in kernels.read_text(encoding="utf-8")  # --check writes nothing
    code, out, _ = run(capsys, "generate", "--model-file", f)
    assert code == 0 and "kernels.py" in out
    assert not (folder / "derivations" / "extra.md").exists()
    assert run(capsys, "generate", "--model-file", f, "--check")[0] == 0

    # an edited model file: the folder's hash is refused as a whole, in one line
    f.write_text(PAIR.replace("default = 0.1 }", "default = 0.15 }"), encoding="utf-8")
    code, _, err = run(capsys, "generate", "--model-file", f, "--check")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "another version of the model file" in lines[0]
    assert "nrqb generate --model-file" in lines[0]


def test_generate_out_dir_and_option_errors(capsys, files, tmp_path):
    out = tmp_path / "elsewhere"
    code, text, _ = run(capsys, "generate", "--model-file", files / "pair.toml", "--out", out)
    assert code == 0 and (out / "kernels.py").is_file()
    assert not (files / "pair.nrqb").exists()
    code, _, err = run(capsys, "generate", "--model-file", files / "pair.toml", "--root", out)
    one_error(code, err, "--root")
    code, _, err = run(capsys, "generate", "--out", out)
    one_error(code, err, "--out")


# ------------------------------------------------------------------------------ simulate
def test_simulate_csv_against_the_closed_form(capsys, files):
    code, out, err = run(
        capsys,
        "simulate",
        "--model-file",
        files / "cavity.toml",
        "--set",
        "kappa=0.8",
        "--t-max",
        "6",
        "--points",
        "7",
        "--format",
        "csv",
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["t", "re<a>", "im<a>", "<a'a>", "E_a", "P_a"]
    t = np.array([float(r["t"]) for r in rows])
    lam = 0.3j + 0.4
    a = (-0.4j / lam) * (1 - np.exp(-lam * t))
    assert np.allclose([float(r["re<a>"]) for r in rows], a.real, atol=1e-13)
    assert np.allclose([float(r["im<a>"]) for r in rows], a.imag, atol=1e-13)
    assert np.allclose([float(r["<a'a>"]) for r in rows], np.abs(a) ** 2, atol=1e-13)
    assert np.allclose([float(r["E_a"]) for r in rows], 2 * np.abs(a) ** 2, atol=1e-13)


def test_simulate_json_table_and_full_model(capsys, files):
    f = files / "cavity.toml"
    code, out, _ = run(capsys, "simulate", "--model-file", f, "--set=kappa=1", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["model"] == "cavity" and len(data["t"]) == 11
    a_ss = -0.4j / (0.3j + 0.5)
    re, im = data["steady_state"]["amplitude"]["a"]
    assert complex(re, im) == pytest.approx(a_ss, rel=1e-12)
    code, out, _ = run(capsys, "simulate", "--model-file", f, "--set=kappa=1", "--init", "a=1+1j")
    assert code == 0 and "steady state:" in out and "E_a" in out
    lossy = files / "lossy.toml"
    code, out, _ = run(capsys, "simulate", "--model-file", lossy, "--model", "full")
    assert code == 0 and "re<c>" in out
    code, out, _ = run(capsys, "simulate", "--model-file", lossy)
    assert code == 0 and "re<a>" in out and "re<c>" not in out


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["--set", "kappa=1", "--set", "kapa=2"], ["kapa"]),
        ([], ["kappa"]),
        (["--set", "kappa=-1"], ["kappa"]),
        (["--set", "kappa=abc"], ["kappa"]),
        (["--set", "kappa=1", "--preset", "nonreciprocal"], ["--preset"]),
        (["--set", "kappa=1", "--init", "b=1"], ["--init", "b"]),
        (["--set", "kappa=1", "--init", "a=__import__('os')"], ["--init", "a"]),
        (["--set", "kappa=1", "--points", "1"], ["--points"]),
    ],
)
def test_simulate_user_errors(capsys, files, argv, names):
    code, _, err = run(capsys, "simulate", "--model-file", files / "cavity.toml", *argv)
    one_error(code, err, *names)


def test_bad_model_files_are_one_line(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(CAVITY.replace("F*(a + dag(a))", "F*(a + dag(a)) + a.__class__"), "utf-8")
    code, _, err = run(capsys, "simulate", "--model-file", bad, "--set", "kappa=1")
    one_error(code, err, "bad.toml")
    code, _, err = run(capsys, "generate", "--model-file", tmp_path / "missing.toml")
    one_error(code, err, "missing.toml")
    quartic = tmp_path / "kerr.toml"
    quartic.write_text(CAVITY.replace("Delta*dag(a)*a", "Delta*dag(a)*dag(a)*a*a"), "utf-8")
    code, _, err = run(capsys, "derive", "--model-file", quartic)
    one_error(code, err, "quartic")


@pytest.mark.parametrize(
    ("old", "new", "key", "token"),
    [
        # squeezing between the kept a and the eliminated c
        (
            'F*(a + dag(a))"',
            'F*(a + dag(a)) + G*(dag(a)*dag(c) + a*c)"\n[parameters.G]\nkind = "nonnegative"',
            "eliminate",
            "'c'",
        ),
        # a jump mixing annihilation on a with creation on c (the second dissipator)
        ('operator = "c"', 'operator = "a + dag(c)"', "dissipators[1].operator", "'a + dag(c)'"),
    ],
    ids=["squeezing", "mixed-jump"],
)
def test_refused_elimination_is_one_line_naming_the_file(capsys, tmp_path, old, new, key, token):
    f = tmp_path / "fast.toml"
    assert LOSSY.count(old) == 1
    f.write_text(LOSSY.replace(old, new), "utf-8")
    code, _, err = run(capsys, "generate", "--model-file", f)
    line = one_error(code, err, f"{f}: {key}: cannot eliminate mode 'c'", f" at {token}")
    assert "dissipator 1" not in line and "dissipator 2" not in line
    assert not (tmp_path / "fast.nrqb" / "kernels.py").exists()


def test_undriven_steady_state_prints_zero_not_minus_zero(capsys, files):
    """An undriven cavity at zero temperature is empty: <a'a> = 0 and E_a = 0 exactly."""
    argv = ["simulate", "--model-file", files / "cavity.toml", "--set=kappa=1", "--set=F=0"]
    code, out, err = run(capsys, *argv, "--points", "3")
    assert code == 0, err
    assert out.splitlines()[-1] == "steady state: <a'a> = 0, E_a = 0"
    assert "-0" not in out.replace(",", " ").split()


def test_unused_parameter_is_a_warning(capsys, tmp_path):
    f = tmp_path / "extra.toml"
    f.write_text(CAVITY.replace("[parameters]", "[parameters]\nunused = 'real'"), "utf-8")
    code, out, err = run(capsys, "simulate", "--model-file", f, "--set=kappa=1", "--set=unused=0")
    assert code == 0, err
    assert any(ln.startswith("nrqb: warning:") and "unused" in ln for ln in err.splitlines())


# ------------------------------------------------------------------------------ ep, derive
def test_ep(capsys, files):
    f = files / "pair.toml"
    argv = ["ep", "--model-file", f, "--set", "kappa_a=1", "--set", "kappa_b=0.2"]
    code, out, _ = run(capsys, *argv, "--solve-for", "J")
    assert code == 0 and out.startswith("J = 0.2 ")
    code, out, _ = run(capsys, *argv, "--solve-for", "J", "--format", "json")
    assert [e["value"] for e in json.loads(out)] == pytest.approx([0.2], rel=1e-10)
    code, _, err = run(capsys, *argv, "--solve-for", "G")
    one_error(code, err, "G")
    code, _, err = run(capsys, *argv, "--solve-for", "F")
    one_error(code, err, "F")


def test_ep_of_the_full_model(capsys, files):
    """lossy.toml eliminates c; its full model is a pair of damped modes coupled by g, with the
    EP at g = |kappa_a - kappa_c|/4; the one-mode effective model has no EP condition."""
    argv = ["ep", "--model-file", files / "lossy.toml", "--set=kappa_a=0.1", "--set=kappa_c=2"]
    code, out, err = run(capsys, *argv, "--solve-for", "g", "--model", "full", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["value"] for r in rows] == pytest.approx([(2 - 0.1) / 4], rel=1e-8)
    assert {r["model"] for r in rows} == {"full"}
    code, _, err = run(capsys, *argv, "--solve-for", "g", "--model", "effective")
    one_error(code, err, "g", "does not depend")
    code, _, err = run(capsys, "ep", "--solve-for", "kappa_b", "--model", "full")
    one_error(code, err, "--model", "--model-file")


def test_derive(capsys, files):
    f = files / "pair.toml"
    code, out, _ = run(capsys, "derive", "--model-file", f, "--stage", "moments")
    assert code == 0 and "== moments ==" in out and "Stage 3" in out and "Stage 2" not in out
    code, out, _ = run(capsys, "derive", "--model-file", f, "--format", "json")
    data = json.loads(out)
    assert data["model"] == "pair" and "spectrum" in data["documents"]
    code, _, err = run(capsys, "derive", "--model-file", f, "--stage", "solutions")
    one_error(code, err, "solutions")
    code, _, err = run(capsys, "derive", "--stage", "nonsense")
    one_error(code, err, "nonsense")


# ------------------------------------------------------------------------------ validation
@pytest.mark.skipif(not qutip_available(), reason="needs qutip")
def test_validate_with_qutip(capsys, files):
    code, out, err = run(
        capsys,
        "validate",
        "--model-file",
        files / "cavity.toml",
        "--set=kappa=1",
        "--set=F=0.05",
        "--set=n_th=0.01",
        "--cutoff",
        "8",
        "--t-max",
        "3",
        "--points",
        "4",
    )
    assert code == 0, err
    devs = [float(ln.split()[-1]) for ln in out.splitlines() if "max relative deviation" in ln]
    assert len(devs) == 2 and max(devs) < 1e-5


@pytest.mark.skipif(not qutip_available(), reason="needs qutip")
def test_validate_refuses_a_cutoff_that_will_not_fit(capsys):
    f = shipped_models()["two_batteries"]
    code, _, err = run(capsys, "validate", "--model-file", f, "--cutoff", "100")
    one_error(code, err, "--cutoff")
    code, _, err = run(capsys, "validate", "--model-file", f, "--cutoff", "1")
    one_error(code, err, "--cutoff")


def test_validity(capsys, files):
    code, out, _ = run(capsys, "validity", "--model-file", files / "cavity.toml", "--set=kappa=1")
    assert code == 0 and "eliminates no mode" in out
    code, _, err = run(capsys, "validity", "--model-file", files / "lossy.toml", "--map", "m.png")
    one_error(code, err, "--map")
    code, out, err = run(capsys, "validity", "--model-file", files / "lossy.toml")
    assert code == 0, err
    devs = [float(ln.split()[-1]) for ln in out.splitlines() if "max relative deviation" in ln]
    assert len(devs) == 2 and all(0 < d < 0.05 for d in devs)  # kappa_c/g = 20: small, nonzero


# ------------------------------------------------------------------------------ console script
@pytest.mark.skipif(NRQB is None, reason="console script not installed")
def test_console_script(files):
    env_run = subprocess.run(
        [NRQB, "simulate", "--model-file", str(files / "cavity.toml"), "--set", "kappa=x"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert env_run.returncode == 2
    assert env_run.stderr.strip().splitlines() == [
        ln for ln in env_run.stderr.strip().splitlines() if ln.startswith("nrqb: error:")
    ]
    ok = subprocess.run(
        [NRQB, "generate", "--model-file", str(files / "pair.toml"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert ok.returncode == 1  # nothing generated yet beside this copy
    assert "nrqb generate --model-file" in ok.stderr
