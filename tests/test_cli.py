"""The ``nrqb`` command line: in-process through ``main`` and as a real console script.

User errors must give exit status 2, exactly one ``nrqb: error:`` line on stderr naming the
offending parameter, and no traceback.  Expected numbers are computed here from physics.md
(``R = 4 Gamma^2/Lambda_b^2`` at resonance, the resonant EP at ``kappa_b = kappa_a``).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
import subprocess
import sys

import pytest
import sympy as sp

from nrqb_sym.cli import main

NRQB = shutil.which("nrqb")
PRESET = ["--preset", "nonreciprocal"]
#: a complete parameter set without a preset (kappa_c/g = 20: no elimination warning)
FULL_SET = [
    "--set=kappa_a=0.1",
    "--set=kappa_b=0.2",
    "--set=kappa_c=60",
    "--set=g_a=3",
    "--set=g_b=2",
    "--set=J=0.4",
    "--set=theta=1.2",
    "--set=F=0.5",
]


def run_main(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error(code, err, *names):
    assert code == 2, err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("nrqb: error:")]
    assert len(errors) == 1, err
    assert len(lines) == 1, err
    for name in names:
        assert name in errors[0], (name, errors[0])
    return errors[0]


def run_script(*argv, cwd=None, timeout=120):
    assert NRQB is not None, "console script `nrqb` is not on PATH"
    return subprocess.run(
        [NRQB, *argv], capture_output=True, text=True, cwd=cwd, timeout=timeout, check=False
    )


# ------------------------------------------------------------------------- error messages
@pytest.mark.parametrize(
    ("setting", "name"),
    [
        ("kappa_b=-0.1", "kappa_b"),
        ("kappa_a=-1e-9", "kappa_a"),
        ("F=nan", "F"),
        ("kappa_b=inf", "kappa_b"),
        ("Delta_a=-inf", "Delta_a"),
        ("omega_b=1e400", "omega_b"),
        ("omega_a=0", "omega_a"),
        ("kappa_d=1", "kappa_d"),
        ("Gamma_b=1", "Gamma_b"),
        ("kappa_b=abc", "kappa_b"),
        ("kappa_b=1+1", "kappa_b"),
        ("kappa_b=__import__('os')", "kappa_b"),
        ("kappa_b=", "kappa_b"),
        ("kappa_b0.3", "kappa_b0.3"),
        ("kappa_c=0", "kappa_c"),
    ],
)
def test_preset_errors_in_process(capsys, setting, name):
    code, out, err = run_main(capsys, "simulate", *PRESET, "--set", setting)
    assert_one_error(code, err, name)
    assert out == ""


@pytest.mark.parametrize(
    ("setting", "name"),
    [
        ("kappa_c=0", "kappa_c"),
        ("kappa_b=-2", "kappa_b"),
        ("g_a=-1", "g_a"),
        ("J=nan", "J"),
        ("Gamma=1", "Gamma"),  # Gamma is only an input of the preset
    ],
)
def test_explicit_parameter_errors(capsys, setting, name):
    args = [a for a in FULL_SET if not a.startswith(f"--set={setting.split('=')[0]}=")]
    code, out, err = run_main(capsys, "simulate", *args, "--set", setting)
    assert_one_error(code, err, name)


def test_missing_parameter_named(capsys):
    args = [a for a in FULL_SET if not a.startswith("--set=J=")]
    code, _, err = run_main(capsys, "simulate", *args)
    assert_one_error(code, err, "J")


def test_repeated_parameter(capsys):
    code, _, err = run_main(capsys, "simulate", *PRESET, "--set", "F=1", "--set", "F=2")
    assert_one_error(code, err, "F")


def test_value_is_not_evaluated(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    payload = "__import__('pathlib').Path('PWNED').touch()"
    code, _, err = run_main(capsys, "simulate", *PRESET, "--set", f"F={payload}")
    assert_one_error(code, err, "F")
    assert not (tmp_path / "PWNED").exists()
    code, _, err = run_main(
        capsys, "ep", *PRESET, "--set", f"kappa_b={payload}", "--solve-for", "kappa_b"
    )
    assert_one_error(code, err, "kappa_b")
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("points", ["1", "0", "-3"])
def test_points_too_few(capsys, points):
    code, _, err = run_main(capsys, "simulate", *PRESET, f"--points={points}")
    assert_one_error(code, err, "points")


@pytest.mark.parametrize("tmax", ["0", "-1", "nan", "inf", "-inf"])
def test_bad_t_max(capsys, tmax):
    code, _, err = run_main(capsys, "simulate", *PRESET, f"--t-max={tmax}")
    assert_one_error(code, err, "t-max")


def test_non_numeric_t_max_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["simulate", *PRESET, "--t-max=abc"])
    assert exc.value.code == 2
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "--t-max" in err and "abc" in err


def test_unknown_solve_for(capsys):
    code, _, err = run_main(capsys, "ep", *PRESET, "--solve-for", "kappa_z")
    assert_one_error(code, err, "kappa_z")


def test_ep_for_parameter_without_influence(capsys):
    code, _, err = run_main(capsys, "ep", *PRESET, "--solve-for", "omega_a")
    assert_one_error(code, err, "omega_a")


def test_plot_into_missing_folder(capsys, tmp_path):
    target = tmp_path / "no" / "such" / "dir" / "p.png"
    code, _, err = run_main(capsys, "simulate", *PRESET, "--points", "3", "--plot", str(target))
    assert_one_error(code, err, "plot")
    assert not target.exists()


# ----------------------------------------------------------------------------- warnings
def test_small_kappa_c_warns_once_and_succeeds(capsys):
    # preset: Gamma = 1 = 4 g^2/kappa_c, so g = sqrt(kappa_c/4) and kappa_c/g = sqrt(4 kappa_c)
    kc = 4.0
    ratio = kc / math.sqrt(kc / 4)
    code, out, err = run_main(
        capsys, "simulate", *PRESET, "--set", f"kappa_c={kc:g}", "--points", "3"
    )
    assert code == 0
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("nrqb: warning:")
    assert "kappa_c" in lines[0]
    got = float(re.search(r"=\s*([0-9.eE+-]+)", lines[0]).group(1))
    assert got == pytest.approx(ratio, rel=1e-3)
    assert "steady state" in out


def test_large_kappa_c_does_not_warn(capsys):
    code, _, err = run_main(capsys, "simulate", *PRESET, "--points", "3")
    assert code == 0
    assert err == ""


def test_full_model_small_kappa_c_no_warning(capsys):
    code, _, err = run_main(
        capsys, "simulate", *PRESET, "--set", "kappa_c=4", "--model", "full", "--points", "3"
    )
    assert code == 0
    assert err == ""


# ----------------------------------------------------------------------- normal operation
def _steady_R(out: str) -> float:
    m = re.search(r"steady state:.*R = E_B/E_A = ([0-9.eE+-]+)", out)
    assert m, out
    return float(m.group(1))


def test_table_shows_fourfold_ratio(capsys):
    code, out, err = run_main(capsys, "simulate", *PRESET)
    assert code == 0 and err == ""
    Gamma, kappa_b = 1.0, 0.05
    R = 4 * Gamma**2 / (kappa_b + Gamma) ** 2
    assert f"{R:.6g}" == "3.62812"  # physics.md's number
    assert _steady_R(out) == pytest.approx(R, rel=1e-6)
    assert "3.62812" in out
    lines = out.splitlines()
    header = next(i for i, ln in enumerate(lines) if ln.split()[:2] == ["t", "E_A"])
    rows = [ln.split() for ln in lines[header + 1 : header + 12]]
    assert [float(r[0]) for r in rows] == pytest.approx([20.0 * i for i in range(11)])
    assert float(rows[-1][4]) == pytest.approx(R, rel=1e-5)  # R column at t = 200


@pytest.mark.parametrize("kappa_b", [0.01, 0.3, 2.0])
def test_table_ratio_follows_lambda_b(capsys, kappa_b):
    code, out, _ = run_main(
        capsys, "simulate", *PRESET, "--set", f"kappa_b={kappa_b}", "--set", "Gamma=2"
    )
    assert code == 0
    R = 4 * 2.0**2 / (kappa_b + 2.0) ** 2
    assert _steady_R(out) == pytest.approx(R, rel=1e-5)


def test_csv_output(capsys):
    code, out, err = run_main(
        capsys, "simulate", *PRESET, "--format", "csv", "--points", "5", "--t-max", "400"
    )
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5
    assert set(rows[0]) >= {"t", "E_A", "E_B", "P_B", "R", "eta"}
    ts = [float(r["t"]) for r in rows]
    assert ts == pytest.approx([0, 100, 200, 300, 400])
    assert float(rows[0]["E_A"]) == 0.0 and float(rows[0]["E_B"]) == 0.0
    assert math.isnan(float(rows[0]["R"]))
    R = 4 / 1.05**2
    assert float(rows[-1]["R"]) == pytest.approx(R, rel=1e-9)
    assert float(rows[-1]["eta"]) == pytest.approx(R / (1 + R), rel=1e-9)
    # E_A = |a_ss|^2 = (2 F / Lambda_a)^2 with F = 0.5, Lambda_a = 1.05
    assert float(rows[-1]["E_A"]) == pytest.approx((1.0 / 1.05) ** 2, rel=1e-9)


@pytest.mark.parametrize("model", ["effective", "full"])
def test_json_output(capsys, model):
    code, out, err = run_main(
        capsys, "simulate", *PRESET, "--format", "json", "--points", "4", "--model", model
    )
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["model"] == model
    assert len(data["t"]) == len(data["E_B"]) == 4
    assert data["R"][0] is None  # R is undefined at t = 0 (E_A = 0), emitted as null
    R = 4 / 1.05**2
    assert data["steady_state"]["R"] == pytest.approx(R, rel=1e-9)
    assert data["params"]["kappa_b"] == 0.05
    assert data["params"]["J"] == pytest.approx(0.5, rel=1e-12)  # Gamma/2
    assert data["params"]["theta"] == pytest.approx(math.pi / 2, rel=1e-12)


def test_plot_writes_png(capsys, tmp_path):
    target = tmp_path / "trace.png"
    code, _, err = run_main(capsys, "simulate", *PRESET, "--points", "21", "--plot", str(target))
    assert code == 0
    assert "Traceback" not in err
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 1000


def test_derive_nonreciprocity_json(capsys):
    code, out, err = run_main(capsys, "derive", "--stage", "nonreciprocity", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    items = data["nonreciprocity"]
    lhs = {it["lhs"] for it in items}
    assert "J" in lhs and "theta" in lhs
    # the general-Delta_c solution agrees numerically with physics.md's formulas
    names = ("g_a", "g_b", "Delta_c", "kappa_c")
    vals = {"g_a": 1.3, "g_b": 0.7, "Delta_c": -2.5, "kappa_c": 9.0}
    syms = {n: sp.Symbol(n, real=True) for n in names}
    want = {
        "J": vals["g_a"] * vals["g_b"] / math.sqrt(vals["Delta_c"] ** 2 + vals["kappa_c"] ** 2 / 4),
        "theta": math.atan2(vals["kappa_c"] / 2, vals["Delta_c"]),
    }
    checked = set()
    for it in items:
        if it["lhs"] in want and "Delta_c" in it["rhs"]:
            expr = sp.sympify(it["rhs"], locals=syms)
            got = complex(expr.subs({syms[n]: v for n, v in vals.items()}).evalf())
            assert got == pytest.approx(want[it["lhs"]], rel=1e-12), it
            checked.add(it["lhs"])
    assert checked == {"J", "theta"}


def test_ep_finds_resonant_ep(capsys):
    code, out, err = run_main(
        capsys, "ep", *PRESET, "--set", "kappa_b=0.3", "--solve-for", "kappa_b"
    )
    assert code == 0 and err == ""
    values = [float(v) for v in re.findall(r"kappa_b = ([0-9.eE+-]+)", out)]
    assert values == [pytest.approx(0.05, rel=1e-8)]  # kappa_b = kappa_a


def test_ep_json_and_no_ep(capsys):
    code, out, _ = run_main(
        capsys, "ep", *PRESET, "--set", "kappa_b=0.3", "--solve-for", "kappa_b", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert len(data) == 1 and data[0]["value"] == pytest.approx(0.05, rel=1e-8)
    # double eigenvalue -Lambda_a/2 = -(0.05 + 1)/2
    assert data[0]["eigenvalue"][0] == pytest.approx(-0.525, rel=1e-6)
    # fully nonreciprocal and detuned (Delta_a = 0.2): D = 0 has no real kappa_b solution
    code, out, _ = run_main(
        capsys, "ep", *PRESET, "--set", "Delta_a=0.2", "--solve-for", "kappa_b", "--format", "json"
    )
    assert code == 0
    assert json.loads(out) == []


def test_help_in_process(capsys):
    for argv in (["--help"], ["simulate", "--help"], ["ep", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 0
        out, _ = capsys.readouterr()
        assert "usage: nrqb" in out


def test_no_command_is_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2


# ------------------------------------------------------------------- real console script
@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["simulate", *PRESET, "--set", "kappa_b=-0.5"], "kappa_b"),
        (["simulate", *PRESET, "--set", "F=__import__('os')"], "F"),
        (["simulate", *PRESET, "--set", "kappa_x=1"], "kappa_x"),
        (["simulate", *PRESET, "--points", "1"], "points"),
    ],
)
def test_script_errors(argv, name, tmp_path):
    res = run_script(*argv, cwd=tmp_path)
    assert_one_error(res.returncode, res.stderr, name)
    assert res.stdout == ""


def test_script_simulate_and_warning(tmp_path):
    res = run_script("simulate", *PRESET, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    assert _steady_R(res.stdout) == pytest.approx(4 / 1.05**2, rel=1e-6)
    res = run_script("simulate", *PRESET, "--set", "kappa_c=9", "--points", "3", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("nrqb: warning:")
    got = float(re.search(r"=\s*([0-9.eE+-]+)", lines[0]).group(1))
    assert got == pytest.approx(9 / 1.5, rel=1e-3)  # g = sqrt(Gamma kappa_c/4) = 1.5


def test_script_help(tmp_path):
    for argv in (["--help"], ["simulate", "--help"]):
        res = run_script(*argv, cwd=tmp_path)
        assert res.returncode == 0
        assert "usage: nrqb" in res.stdout
        assert res.stderr == ""


def test_module_entry_point_matches_script(tmp_path):
    res = subprocess.run(
        [sys.executable, "-m", "nrqb_sym.cli", "simulate", *PRESET, "--set", "kappa_b=nan"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert_one_error(res.returncode, res.stderr, "kappa_b")
