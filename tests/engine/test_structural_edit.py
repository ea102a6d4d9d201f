"""A structural edit of the paper's own model file, made in place as a user would make it.

A copy of the checkout gets a second battery ``d`` on the shared cavity, written into
``nrqb_sym/model/models/nrqb.toml`` itself (a mode, its detuning, its cavity coupling, an energy
and a dissipator).  Then, with that copy first on ``PYTHONPATH``, the commands a user runs:
``nrqb generate`` rewrites the shipped kernels and documents, ``generate --check`` agrees,
``simulate --preset nonreciprocal`` runs the three kept modes from the preset the file declares
(its couplings solved from the re-derived nonreciprocity condition), and ``reproduce`` says in
one line which claims need the paper's two-mode shape.  The expected numbers come from the
quadrature reference of ``tests/gaussian_reference.py``, not from the package.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from gaussian_reference import eliminate, network, quadrature_system, steady
from model_edits import SECOND_BATTERY, SECOND_BATTERY_DISSIPATOR, edited

ROOT = Path(__file__).resolve().parents[2]
TRACKED = ("nrqb_sym", "generated", "derivations", "docs", "pyproject.toml")


@pytest.fixture(scope="module")
def edited_checkout(tmp_path_factory) -> Path:
    """A copy of the checkout whose nrqb.toml has a second battery d."""
    root = tmp_path_factory.mktemp("edited") / "repo"
    root.mkdir()
    for name in TRACKED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, root / name)
    # the kernels package as an import path of the copy (an editable install maps it the same way)
    (root / "nrqb_sym_generated").symlink_to(root / "generated", target_is_directory=True)
    model = root / "nrqb_sym" / "model" / "models" / "nrqb.toml"
    text = edited(model.read_text(encoding="utf-8"), SECOND_BATTERY, SECOND_BATTERY_DISSIPATOR)
    model.write_text(text, encoding="utf-8")
    return root


def reference_energies(v: dict) -> dict[str, float]:
    """Steady energies of a, b, d: the edited Hamiltonian and dissipators transcribed into the
    quadrature reference, c eliminated at zero frequency there."""
    model = network(
        ("a", "b", "c", "d"),
        {m: v[f"Delta_{m}"] for m in "abcd"},
        [
            ("a", "b", v["J"] * np.exp(1j * v["theta"])),
            ("a", "c", v["g_a"]),
            ("b", "c", v["g_b"]),
            ("d", "c", v["g_d"]),
        ],
        {"a": v["F"]},
        [(m, v[f"kappa_{m}"], v.get(f"n_{m}", 0.0)) for m in "abcd"],
    )
    mo = steady(eliminate(quadrature_system(model), ("c",)))
    occ = dict(zip(mo.modes, mo.occupations[0], strict=True))
    return {m: v[f"omega_{m}"] * occ[m] for m in "abd"}


def nrqb(root: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "NRQB_CACHE_DIR": str(root.parent / "cache"),
    }
    return subprocess.run(
        [sys.executable, "-m", "nrqb_sym.cli", *argv],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_edited_paper_model_generates_simulates_and_reports_skips(edited_checkout):
    root = edited_checkout
    gen = nrqb(root, "generate")
    assert gen.returncode == 0, gen.stderr
    kernels = (root / "generated" / "nrqb.py").read_text(encoding="utf-8")
    assert "MODES = ('a', 'b', 'c', 'd')" in kernels
    assert (ROOT / "generated" / "nrqb.py").read_text(encoding="utf-8") != kernels
    check = nrqb(root, "generate", "--check")
    assert check.returncode == 0, check.stderr
    assert "up to date" in check.stdout

    sim = nrqb(root, "simulate", "--preset", "nonreciprocal", "--points", "3", "--format", "json")
    assert sim.returncode == 0, sim.stderr
    out = json.loads(sim.stdout)
    assert {"E_a", "E_b", "E_d"} <= set(out)
    want = reference_energies(out["parameters"])
    for m, value in want.items():
        assert out["steady_state"][f"E_{m}"] == pytest.approx(value, rel=1e-3), m
        assert out[f"E_{m}"][-1] == pytest.approx(value, rel=1e-2), m

    rep = nrqb(root, "reproduce", "--out", str(root.parent / "repro"))
    assert rep.returncode == 0, rep.stderr
    lines = [ln for ln in rep.stderr.splitlines() if ln.startswith("nrqb: reproduce:")]
    assert len(lines) == 1 and "two-mode shape" in lines[0], rep.stderr
    assert "keeps a, b, d" in lines[0]
    assert not (root.parent / "repro" / "REPRODUCTION.md").exists()
