"""The paper's side of the ``nrqb`` command (the default model file ``nrqb.toml``).

In process through :func:`nrqb_sym.cli.main` and, for a few cases, as the real console script.
Expected numbers are computed here from physics.md: at resonance with the nonreciprocal
couplings, ``<a>_ss = -2iF/Lambda_a``, ``R = E_B/E_A = 4 Gamma_a Gamma_b/Lambda_b^2``
(``Gamma_x = 4 g_x^2/kappa_c``, ``Lambda_x = kappa_x + Gamma_x``): 4/1.05^2 = 3.628 and
eta = R/(1 + R) = 0.784 for the preset (kappa_b = 0.05 Gamma); the resonant EP at
kappa_b = kappa_a with the double eigenvalue -Lambda_a/2; the nonreciprocal
``J = g_a g_b/sqrt(Delta_c^2 + kappa_c^2/4)``, ``theta = atan2(kappa_c/2, Delta_c)``.

User errors: exit status 2, exactly one ``nrqb: error:`` line on stderr naming the offending
input, nothing on stdout, no traceback.
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
from types import SimpleNamespace

import pytest
import sympy as sp

from nrqb_sym.cli import main

NRQB = shutil.which("nrqb")
PRESET = ["--preset", "nonreciprocal"]
R_PRESET = 4 / 1.05**2  # 4 Gamma^2/Lambda_b^2, Gamma = 1, kappa_b = 0.05
E_A_PRESET = (2 * 0.5 / 1.05) ** 2  # |2F/Lambda_a|^2
#: a complete parameter set with no preset (kappa_c/g = 20: no elimination warning)
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
    assert len(lines) == 1 and lines[0].startswith("nrqb: error:"), err
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


def run_script(*argv, cwd=None):
    assert NRQB is not None, "console script `nrqb` is not on PATH"
    return subprocess.run(
        [NRQB, *argv], capture_output=True, text=True, cwd=cwd, timeout=300, check=False
    )


def table(out: str) -> tuple[list[str], list[list[float]]]:
    """Header and rows of ``nrqb simulate``'s table."""
    lines = out.splitlines()
    k = next(i for i, ln in enumerate(lines) if ln.split()[:1] == ["t"])
    header = lines[k].split()
    rows = []
    for ln in lines[k + 1 :]:
        if ln.startswith("steady state"):
            break
        rows.append([float(x) for x in ln.split()])
    return header, rows


def steady_line(out: str) -> dict[str, float]:
    line = next(ln for ln in out.splitlines() if ln.startswith("steady state:"))
    return {k: float(v) for k, v in re.findall(r"(\w+) = ([-0-9.eE+na]+)", line)}


# ------------------------------------------------------------------------- simulate
def test_default_simulate_shows_the_fourfold_ratio(capsys):
    code, out, err = run_main(capsys, "simulate", *PRESET)
    assert code == 0 and err == ""
    assert f"{R_PRESET:.4g}" == "3.628" and f"{R_PRESET / (1 + R_PRESET):.3g}" == "0.784"
    header, rows = table(out)
    assert header == ["t", "E_a", "P_a", "W_a", "E_b", "P_b", "W_b", "R", "eta"]
    col = {h: i for i, h in enumerate(header)}
    assert [r[0] for r in rows] == pytest.approx([20.0 * i for i in range(11)])
    assert rows[0][col["E_a"]] == 0.0 and math.isnan(rows[0][col["R"]])
    last = rows[-1]
    assert last[col["R"]] == pytest.approx(R_PRESET, rel=1e-5)
    assert last[col["eta"]] == pytest.approx(R_PRESET / (1 + R_PRESET), rel=1e-5)
    assert last[col["E_a"]] == pytest.approx(E_A_PRESET, rel=1e-5)
    assert last[col["E_b"]] == pytest.approx(R_PRESET * E_A_PRESET, rel=1e-5)
    assert last[col["W_b"]] == pytest.approx(last[col["E_b"]], rel=1e-5)  # coherent: W = E
    assert abs(last[col["P_b"]]) < 1e-9
    ss = steady_line(out)
    assert ss["R"] == pytest.approx(R_PRESET, rel=1e-5)
    assert ss["eta"] == pytest.approx(R_PRESET / (1 + R_PRESET), rel=1e-5)
    assert ss["E_b"] == pytest.approx(R_PRESET * E_A_PRESET, rel=1e-5)
    params = dict(re.findall(r"(\w+)=([-0-9.e+]+)", out.splitlines()[0]))
    assert float(params["J"]) == pytest.approx(0.5) and float(params["theta"]) == pytest.approx(
        math.pi / 2, rel=1e-5
    )


@pytest.mark.parametrize(("g_a", "g_b", "kappa_b"), [(5, 5, 0.01), (3, 4, 0.3), (4, 2, 2.0)])
def test_steady_ratio_follows_the_rates(capsys, g_a, g_b, kappa_b):
    """The preset re-solves J, theta after --set: R = 4 Gamma_a Gamma_b/Lambda_b^2."""
    code, out, _ = run_main(
        capsys,
        "simulate",
        *PRESET,
        f"--set=g_a={g_a}",
        f"--set=g_b={g_b}",
        f"--set=kappa_b={kappa_b}",
    )
    assert code == 0
    Ga, Gb = 4 * g_a**2 / 100, 4 * g_b**2 / 100
    assert steady_line(out)["R"] == pytest.approx(4 * Ga * Gb / (kappa_b + Gb) ** 2, rel=1e-5)


def test_csv_output(capsys):
    code, out, err = run_main(
        capsys, "simulate", *PRESET, "--format", "csv", "--points", "5", "--t-max", "400"
    )
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5 and set(rows[0]) >= {"t", "E_a", "E_b", "P_b", "R", "eta"}
    assert [float(r["t"]) for r in rows] == pytest.approx([0, 100, 200, 300, 400])
    assert float(rows[0]["E_a"]) == 0.0 and math.isnan(float(rows[0]["R"]))
    assert float(rows[-1]["R"]) == pytest.approx(R_PRESET, rel=1e-9)
    assert float(rows[-1]["eta"]) == pytest.approx(R_PRESET / (1 + R_PRESET), rel=1e-9)
    assert float(rows[-1]["E_a"]) == pytest.approx(E_A_PRESET, rel=1e-9)


@pytest.mark.parametrize("model", ["effective", "full"])
def test_json_output(capsys, model):
    code, out, err = run_main(
        capsys, "simulate", *PRESET, "--format", "json", "--points", "4", "--model", model
    )
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["form"] == model and data["model"] == "nrqb"
    assert len(data["t"]) == len(data["E_b"]) == 4
    assert data["R"][0] is None  # undefined at t = 0 (E_A = 0): null
    assert data["steady_state"]["R"] == pytest.approx(R_PRESET, rel=1e-9)
    assert data["parameters"]["kappa_b"] == 0.05
    assert data["parameters"]["J"] == pytest.approx(0.5, rel=1e-12)  # Gamma/2
    assert data["parameters"]["theta"] == pytest.approx(math.pi / 2, rel=1e-12)


def test_thermal_initial_state_on_the_command_line(capsys):
    """--init b.n=0.5 at t = 0: E_b = n (omega_b = 1), no ergotropy in a thermal state."""
    code, out, _ = run_main(
        capsys, "simulate", *PRESET, "--init", "b.n=0.5", "--init", "a=0.3j", "--points", "3"
    )
    assert code == 0
    header, rows = table(out)
    col = {h: i for i, h in enumerate(header)}
    assert rows[0][col["E_b"]] == pytest.approx(0.5, rel=1e-9)
    assert rows[0][col["W_b"]] == pytest.approx(0.0, abs=1e-12)
    assert rows[0][col["E_a"]] == pytest.approx(0.09, rel=1e-9)


def test_plot_writes_png(capsys, tmp_path):
    target = tmp_path / "trace.png"
    code, _, err = run_main(capsys, "simulate", *PRESET, "--points", "21", "--plot", str(target))
    assert code == 0 and "Traceback" not in err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_small_kappa_c_warns_once(capsys):
    """kappa_c = 4 with g = 5: 2 min|M_cc|/max|M_pc| = kappa_c/g = 0.8 < 10: one warning line."""
    code, out, err = run_main(capsys, "simulate", *PRESET, "--set", "kappa_c=4", "--points", "3")
    assert code == 0 and "steady state" in out
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("nrqb: warning:") and "kappa_c" in lines[0]
    assert float(re.search(r"=\s*([0-9.eE+-]+)", lines[0]).group(1)) == pytest.approx(0.8)
    code, _, err = run_main(
        capsys, "simulate", *PRESET, "--set", "kappa_c=4", "--model", "full", "--points", "3"
    )
    assert code == 0 and err == ""  # the full model does not warn


# ------------------------------------------------------------------------- errors
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
        ("kappa_c=0", "kappa_c"),
        ("kappa_d=1", "kappa_d"),
        ("Gamma=1", "Gamma"),  # an input of the Python preset only, not a model parameter
        ("kappa_b=abc", "kappa_b"),
        ("kappa_b=1+1", "kappa_b"),
        ("kappa_b=__import__('os')", "kappa_b"),
        ("kappa_b=", "kappa_b"),
        ("kappa_b0.3", "kappa_b0.3"),
        ("n_b=-0.5", "n_b"),
    ],
)
def test_preset_errors(capsys, setting, name):
    code, out, err = run_main(capsys, "simulate", *PRESET, "--set", setting)
    assert_one_error(code, err, name)
    assert out == ""


@pytest.mark.parametrize(
    ("setting", "name"),
    [("kappa_c=0", "kappa_c"), ("kappa_b=-2", "kappa_b"), ("g_a=-1", "g_a"), ("J=nan", "J")],
)
def test_explicit_parameter_errors(capsys, setting, name):
    args = [a for a in FULL_SET if not a.startswith(f"--set={setting.split('=')[0]}=")]
    code, out, err = run_main(capsys, "simulate", *args, "--set", setting)
    assert_one_error(code, err, name)
    assert out == ""


def test_unknown_preset_and_repeated_parameter(capsys):
    code, _, err = run_main(capsys, "simulate", "--preset", "reciprocal")
    assert_one_error(code, err, "reciprocal", "nonreciprocal")
    code, _, err = run_main(capsys, "simulate", *PRESET, "--set", "F=1", "--set", "F=2")
    assert_one_error(code, err, "F")


def test_value_is_not_evaluated(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    payload = "__import__('pathlib').Path('PWNED').touch()"
    code, _, err = run_main(capsys, "simulate", *PRESET, "--set", f"F={payload}")
    assert_one_error(code, err, "F")
    code, _, err = run_main(
        capsys, "ep", *PRESET, "--set", f"kappa_b={payload}", "--solve-for", "kappa_b"
    )
    assert_one_error(code, err, "kappa_b")
    code, _, err = run_main(capsys, "simulate", *PRESET, "--init", f"a={payload}")
    assert_one_error(code, err, "a")
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["--points=1"], "points"),
        (["--points=-3"], "points"),
        (["--t-max=0"], "t-max"),
        (["--t-max=nan"], "t-max"),
        (["--t-max=inf"], "t-max"),
        (["--init", "c=1"], "c"),  # the effective model has no mode c
        (["--init", "b.q=1"], "b.q"),
        (["--model", "full", "--init", "d=1"], "d"),
    ],
)
def test_grid_and_initial_state_errors(capsys, argv, name):
    code, out, err = run_main(capsys, "simulate", *PRESET, *argv)
    assert_one_error(code, err, name)
    assert out == ""


def test_usage_errors_are_one_line(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["simulate", *PRESET, "--t-max=abc"])
    assert exc.value.code == 2
    _, err = capsys.readouterr()
    assert_one_error(2, err, "--t-max", "abc")
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2


def test_plot_into_missing_folder(capsys, tmp_path):
    target = tmp_path / "no" / "such" / "dir" / "p.png"
    code, _, err = run_main(capsys, "simulate", *PRESET, "--points", "3", "--plot", str(target))
    assert_one_error(code, err, "plot")
    assert not target.exists()


# ------------------------------------------------------------------------- ep
def test_ep_finds_resonant_ep(capsys):
    code, out, err = run_main(
        capsys, "ep", *PRESET, "--set", "kappa_b=0.3", "--solve-for", "kappa_b"
    )
    assert code == 0 and err == ""
    values = [float(v) for v in re.findall(r"kappa_b = ([0-9.eE+-]+)", out)]
    assert values == [pytest.approx(0.05, rel=1e-8)]  # kappa_b = kappa_a
    assert "closed form" in out and "effective model" in out


def test_ep_json_and_no_ep(capsys):
    code, out, _ = run_main(
        capsys, "ep", *PRESET, "--set", "kappa_b=0.3", "--solve-for", "kappa_b", "--format", "json"
    )
    assert code == 0
    (row,) = json.loads(out)
    assert row["value"] == pytest.approx(0.05, rel=1e-8) and row["parameter"] == "kappa_b"
    assert row["eigenvalue"] == pytest.approx([-0.525, 0.0], abs=1e-7)  # -Lambda_a/2
    assert row["abs_discriminant"] < 1e-10
    # fully nonreciprocal and detuned: D = 0 has no real kappa_b solution
    code, out, _ = run_main(
        capsys, "ep", *PRESET, "--set", "Delta_a=0.2", "--solve-for", "kappa_b", "--format", "json"
    )
    assert code == 0 and json.loads(out) == []
    code, out, _ = run_main(capsys, "ep", *PRESET, "--set", "Delta_a=0.2", "--solve-for", "kappa_b")
    assert code == 0 and out.startswith("no exceptional point")


def test_ep_in_theta_at_the_detuned_ep(capsys):
    """J = Gamma/2, delta = 0.2, kappa_b = kappa_a + 2 delta: cos(theta) = delta^2/Gamma^2."""
    code, out, _ = run_main(
        capsys,
        "ep",
        *PRESET,
        "--set=Delta_a=0.2",
        "--set=kappa_b=0.45",
        "--set=J=0.5",
        "--solve-for=theta",
        "--format=json",
    )
    assert code == 0
    values = sorted(r["value"] for r in json.loads(out))
    c = math.acos(0.04)
    assert values == pytest.approx([-c, c], abs=1e-6)


@pytest.mark.parametrize(("solve_for", "name"), [("kappa_z", "kappa_z"), ("omega_a", "omega_a")])
def test_ep_errors(capsys, solve_for, name):
    code, out, err = run_main(capsys, "ep", *PRESET, "--solve-for", solve_for)
    assert_one_error(code, err, name)
    assert out == ""


# ------------------------------------------------------------------------- derive --paper
def _json_items(capsys, stage: str) -> dict[str, dict]:
    code, out, _ = run_main(capsys, "derive", "--paper", "--stage", stage, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == [stage]
    return {it["key"]: it for it in data[stage]}


def test_derive_paper_nonreciprocity_formats(capsys):
    """The four formats print the same results; the JSON right-hand sides evaluate to physics.md's
    J and theta at a point with Delta_c < 0 (the atan2 branch)."""
    items = _json_items(capsys, "nonreciprocity")
    assert {"M12", "J", "theta", "J@Delta_c=0", "theta@Delta_c=0", "M21"} <= set(items)
    names = ("g_a", "g_b", "Delta_c", "kappa_c")
    vals = {"g_a": 1.3, "g_b": 0.7, "Delta_c": -2.5, "kappa_c": 9.0}
    syms = {n: sp.Symbol(n, real=True) for n in names}
    want = {
        "J": vals["g_a"] * vals["g_b"] / math.sqrt(vals["Delta_c"] ** 2 + vals["kappa_c"] ** 2 / 4),
        "theta": math.atan2(vals["kappa_c"] / 2, vals["Delta_c"]),
        "M21": -4
        * vals["g_a"]
        * vals["g_b"]
        * vals["kappa_c"]
        / (4 * vals["Delta_c"] ** 2 + vals["kappa_c"] ** 2),
    }
    for key, w in want.items():
        expr = sp.sympify(items[key]["rhs"], locals=syms)
        got = complex(expr.subs({syms[n]: v for n, v in vals.items()}).evalf())
        assert got == pytest.approx(w, rel=1e-12), key
    assert sp.sympify(items["theta@Delta_c=0"]["rhs"]) == sp.pi / 2
    for it in items.values():
        assert it["latex"].startswith(("M_{", "J", r"\theta"))
    code, text, _ = run_main(capsys, "derive", "--paper", "--stage", "nonreciprocity")
    assert code == 0 and text.startswith("== nonreciprocity ==")
    assert "  J = " + items["J"]["rhs"] in text
    code, tex, _ = run_main(
        capsys, "derive", "--paper", "--stage", "nonreciprocity", "--format", "latex"
    )
    assert code == 0
    assert items["J"]["latex"] in tex and r"\frac{2 g_a g_b}" in tex
    assert all(ln.startswith(("%", "==")) or "=" in ln for ln in tex.splitlines() if ln)
    code, md, _ = run_main(
        capsys, "derive", "--paper", "--stage", "nonreciprocity", "--format", "markdown"
    )
    assert code == 0 and md.startswith("# Stage 4 - the nonreciprocity condition")
    assert md.count("$$") == 2 * len(items)
    assert items["M21"]["latex"] in md


def test_derive_paper_all_stages_json(capsys):
    """Every paper stage prints, nothing skipped for nrqb.toml; the resonant ratio evaluates to
    physics.md's 3.628 at Gamma_a = Gamma_b = 1, Lambda_b = 1.05."""
    code, out, err = run_main(capsys, "derive", "--paper", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert list(data) == [
        "model",
        "elimination",
        "moments",
        "nonreciprocity",
        "solutions",
        "ergotropy",
        "spectrum",
    ]
    assert not any(it["key"].endswith("(skipped)") for items in data.values() for it in items)
    R = next(it for it in data["solutions"] if it["key"] == "R_ss")["rhs"]
    syms = {n: sp.Symbol(n) for n in ("Gamma_a", "Gamma_b", "Lambda_b", "omega_a", "omega_b")}
    val = sp.sympify(R, locals=syms).subs(
        {syms["Gamma_a"]: 1, syms["Gamma_b"]: 1, syms["Lambda_b"]: 1.05, syms["omega_a"]: 1}
    )
    assert float(val.subs(syms["omega_b"], 1)) == pytest.approx(R_PRESET, rel=1e-12)


def test_derive_errors(capsys):
    code, out, err = run_main(capsys, "derive", "--paper", "--stage", "bogus")
    assert_one_error(code, err, "bogus", "nonreciprocity")
    assert out == ""
    code, out, err = run_main(capsys, "derive", "--format", "latex", "--stage", "model")
    assert_one_error(code, err, "latex", "--paper")


# ------------------------------------------------------------------------- reproduce errors
def test_reproduce_into_a_file_is_a_user_error(capsys, tmp_path):
    target = tmp_path / "taken"
    target.write_text("not a folder")
    code, out, err = run_main(capsys, "reproduce", "--out", str(target))
    assert_one_error(code, err, "--out", str(target))
    assert out == "" and target.read_text() == "not a folder"
    code, out, err = run_main(capsys, "reproduce", "--out", str(target / "sub"), "--coarse")
    assert_one_error(code, err, "--out")


def test_reproduce_refuses_a_model_without_the_paper_shape(capsys, tmp_path, monkeypatch):
    """If nrqb.toml no longer has the paper's shape (here: a stand-in keeping a, b, d), reproduce
    says why on stderr, writes nothing and exits 0."""
    import nrqb_sym.paper.api as api
    from nrqb_sym.paper.derivation import REQUIRED_PARAMETERS

    stub = SimpleNamespace(
        kept=("a", "b", "d"), eliminated=("c",), parameters=(*REQUIRED_PARAMETERS, "F")
    )
    monkeypatch.setattr(api, "paper_model", lambda: stub)
    out_dir = tmp_path / "out"
    code, out, err = run_main(capsys, "reproduce", "--out", str(out_dir))
    assert code == 0 and out == ""
    assert err.startswith("nrqb: reproduce:") and "keeps a, b, d" in err
    assert len(err.strip().splitlines()) == 1 and not out_dir.exists()
    stub.kept, stub.parameters = ("a", "b"), tuple(p for p in REQUIRED_PARAMETERS if p != "J")
    code, _, err = run_main(capsys, "reproduce", "--out", str(out_dir))
    assert code == 0 and "no parameter J" in err and not out_dir.exists()


def test_help(capsys):
    for argv in (["--help"], ["reproduce", "--help"], ["derive", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 0
        out, _ = capsys.readouterr()
        assert out.startswith("usage: nrqb")
    assert "--paper" in out


# ------------------------------------------------------------------- the console script
def test_script_error_and_output(tmp_path):
    res = run_script("simulate", *PRESET, "--set", "F=__import__('os')", cwd=tmp_path)
    assert_one_error(res.returncode, res.stderr, "F")
    assert res.stdout == ""
    res = run_script("simulate", *PRESET, "--format", "json", "--points", "3", cwd=tmp_path)
    assert res.returncode == 0 and res.stderr == ""
    assert json.loads(res.stdout)["steady_state"]["R"] == pytest.approx(R_PRESET, rel=1e-9)


def test_module_entry_point_matches_script(tmp_path):
    res = subprocess.run(
        [sys.executable, "-m", "nrqb_sym.cli", "simulate", *PRESET, "--set", "kappa_b=nan"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert_one_error(res.returncode, res.stderr, "kappa_b")
