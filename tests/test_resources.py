"""Resource limits and clean failures: memory estimates, overflowing inputs, pipes, Ctrl-C.

Every refusal must be one ``nrqb: error:`` line on stderr naming the input the user gave (the
option or parameter), exit status 2, no traceback.  Sizes are checked against numbers computed
here: 10^12 points of at least 8 bytes each are more than 7 TiB, more than any test machine has;
QuTiP at cutoff 100 has a Liouville space of (100^3)^2 = 10^12 complex elements (16 TB).
"""

from __future__ import annotations

import math
import shutil
import subprocess

import numpy as np
import pytest

from nrqb_sym import cli
from nrqb_sym.cli import main
from nrqb_sym.runtime import resources
from nrqb_sym.runtime.resources import (
    ResourceError,
    check_allocation,
    format_size,
    memory_limit,
    parse_size,
)
from nrqb_sym.runtime.simulation import (
    ParameterError,
    preset,
    simulate,
    simulate_grid,
    steady_state,
)

NRQB = shutil.which("nrqb")
PRESET = ["--preset", "nonreciprocal"]


def one_error(capsys, argv, code=2):
    """Run ``main`` and return its single stderr line (asserting the rules)."""
    try:
        got = main(list(argv))
    except SystemExit as exc:  # argparse usage errors exit from inside the parser
        got = exc.code
    out, err = capsys.readouterr()
    assert got == code, err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    return lines[0]


# ------------------------------------------------------------------------- sizes and limits
@pytest.mark.parametrize(
    ("text", "nbytes"),
    [
        ("2G", 2 * 1024**3),
        ("500M", 500 * 1024**2),
        ("1.5GiB", 1536 * 1024**2),
        ("64k", 64 * 1024),
        ("3 TB", 3 * 1024**4),
        ("1000000", 1_000_000),
    ],
)
def test_parse_size(text, nbytes):
    assert parse_size(text) == nbytes


@pytest.mark.parametrize("text", ["", "2X", "-1G", "0", "1e3G", "__import__('os')", "G"])
def test_parse_size_refuses(text):
    with pytest.raises(ValueError):
        parse_size(text)


def test_format_size():
    assert format_size(512) == "512 B"
    assert format_size(1.5 * 1024**3) == "1.5 GiB"
    assert format_size(8e12) == "7.28 TiB"  # numpy's own figure for 10^12 float64


def test_check_allocation_message():
    with pytest.raises(ResourceError) as info:
        check_allocation(3 * 1024**3, "--points 7", limit=1024**3, purpose="for the output")
    msg = str(info.value)
    assert msg == "--points 7 needs 3 GiB for the output, more than the 1 GiB allowed"
    assert info.value.nbytes == 3 * 1024**3 and info.value.limit == 1024**3
    check_allocation(1024**3, "--points 7", limit=1024**3)  # at the limit: accepted


def test_memory_limit_context():
    with memory_limit("1M", "--max-memory"):
        with pytest.raises(ResourceError, match=r"set by --max-memory"):
            check_allocation(2 * 1024**2, "x")
    check_allocation(2 * 1024**2, "x")  # the limit is gone after the block


def test_available_memory_is_plausible():
    avail = resources.available_memory()
    assert avail is None or 1024**2 < avail < 1024**5


def test_cgroup_limit_caps(tmp_path):
    (tmp_path / "memory.max").write_text("1073741824\n")
    (tmp_path / "memory.current").write_text("268435456\n")
    assert resources._cgroup_free(tmp_path) == 768 * 1024**2
    (tmp_path / "memory.max").write_text("max\n")
    assert resources._cgroup_free(tmp_path) is None


# ------------------------------------------------------------------------- runtime API
def test_simulate_refuses_a_trace_that_does_not_fit():
    p = preset("nonreciprocal")
    t = np.linspace(0, 10, 100_000)
    with memory_limit(1024**2), pytest.raises(ResourceError, match=r"^t \(100000 times\) needs"):
        simulate(p, t)
    with memory_limit(1024**2), pytest.raises(ResourceError, match=r"parameter points x"):
        simulate_grid([p] * 10, t[:10_000])
    assert simulate(p, t[:1000]).E_B.shape == (1000,)  # no limit: fine


def test_huge_parameter_refused_with_its_name():
    with pytest.raises(ParameterError, match=r"^F = 1e\+200: \|F\| must be <= 1e\+100"):
        preset("nonreciprocal", F=1e200)
    with pytest.raises(ParameterError, match=r"^kappa_b = -1e\+150"):
        preset("nonreciprocal", kappa_b=-1e150)


def test_tiny_rate_named_not_the_derived_coupling():
    with pytest.raises(ParameterError) as info:
        preset("nonreciprocal", kappa_c=1e-300)
    assert info.value.name == "kappa_c"
    assert "double precision" in str(info.value)


def test_overflowing_combination_names_an_input():
    # each value is within bounds; |<a>| ~ F t = 1e115 by t = 1e15 (rates 1e-20 cannot stop it)
    # and E_A = omega_a |<a>|^2 ~ 1e330 leaves the float64 range
    p = preset("nonreciprocal", Gamma=1e-20, kappa_a=1e-20, kappa_b=1e-20, F=1e100, omega_a=1e100)
    for run in (
        lambda: steady_state(p),
        lambda: simulate(p, [0.0, 1e15]),
        lambda: simulate_grid([p, p], [0.0, 1e15]),
    ):
        with pytest.raises(ParameterError) as info:
            run()
        assert info.value.name in ("F", "omega_a")
        assert "E_A" in str(info.value) and "double precision" in str(info.value)


def test_tiny_values_that_are_harmless_pass():
    p = preset("nonreciprocal", Delta_a=5e-324, Delta_b=-1e-300)
    ss = steady_state(p)
    assert math.isfinite(ss.E_B) and ss.E_B > 0


# ------------------------------------------------------------------------- command line
def test_points_beyond_memory(capsys):
    line = one_error(capsys, ["simulate", *PRESET, "--points", "1000000000000"])
    assert line.startswith("nrqb: error: --points 1000000000000 needs ")
    assert "TiB for the output" in line and "available" in line


def test_points_beyond_max_memory(capsys):
    line = one_error(capsys, ["simulate", *PRESET, "--points", "100000", "--max-memory", "1M"])
    assert "--points 100000 needs" in line and "1 MiB set by --max-memory" in line


def test_bad_max_memory(capsys):
    line = one_error(capsys, ["simulate", *PRESET, "--max-memory", "lots"])
    assert "--max-memory" in line and "not a size" in line


def test_overflowing_drive(capsys):
    line = one_error(capsys, ["simulate", *PRESET, "--set", "F=1e200"])
    assert line.startswith("nrqb: error: F = 1e+200:")
    assert "double precision" in line


def test_tiny_cavity_rate_names_kappa_c(capsys):
    line = one_error(capsys, ["simulate", *PRESET, "--set", "kappa_c=1e-300"])
    assert line.startswith("nrqb: error: kappa_c = 1e-300:")
    assert "J = " not in line


def test_kernel_underflow_names_a_given_value(capsys):
    given = ["Gamma=1e-90", "kappa_a=1e-90", "kappa_b=1e-90", "F=1e90"]
    argv = ["simulate", *PRESET]
    for g in given:
        argv += ["--set", g]
    line = one_error(capsys, argv)
    head = line.removeprefix("nrqb: error: ").split(" = ")[0]
    assert head in {g.split("=")[0] for g in given}, line


def test_validate_cutoff_beyond_memory(capsys):
    pytest.importorskip("qutip")
    line = one_error(capsys, ["validate", *PRESET, "--cutoff", "100"])
    assert line.startswith("nrqb: error: --cutoff 100 needs ")
    size = line.split(" needs ")[1].split(" for ")[0]
    assert size.endswith("TiB") and float(size.split()[0]) >= 14.6  # >= one density matrix


def test_interrupt_exits_130(capsys, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "simulate", interrupted)
    line = one_error(capsys, ["simulate", *PRESET], code=130)
    assert line == "nrqb: interrupted"


def test_closed_pipe_in_process(capsys, monkeypatch):
    def closed(args):
        raise BrokenPipeError

    monkeypatch.setitem(cli.COMMANDS, "simulate", closed)
    assert main(["simulate", *PRESET]) == 0
    assert capsys.readouterr().err == ""


def test_out_of_memory_is_one_line(capsys, monkeypatch):
    def oom(args):
        raise MemoryError("Unable to allocate 7.28 TiB")

    monkeypatch.setitem(cli.COMMANDS, "simulate", oom)
    line = one_error(capsys, ["simulate", *PRESET])
    assert line == "nrqb: error: out of memory: Unable to allocate 7.28 TiB"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_pipe_into_head_is_quiet(fmt):
    assert NRQB is not None, "console script `nrqb` is not on PATH"
    script = (
        f"'{NRQB}' simulate --preset nonreciprocal --points 50000 --format {fmt} | head -1; "
        'echo "status=${PIPESTATUS[0]}" >&2'
    )
    res = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=300, check=False
    )
    assert res.stdout.splitlines()[0] in ("{", "t,E_A,E_B,P_B,R,eta,ergotropy_A,ergotropy_B")
    assert "Traceback" not in res.stderr and "Error" not in res.stderr, res.stderr
    assert res.stderr.strip().splitlines()[-1] == "status=0", res.stderr
