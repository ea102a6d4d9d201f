r"""Resource limits and clean failures: memory estimates, overflowing inputs, pipes, Ctrl-C.

Every refusal must be one ``nrqb: error:`` line on stderr naming the input the user gave (the
option or parameter), exit status 2, no traceback.  Sizes are checked against byte counts computed
here from what each output holds:

* a trace of the paper's effective model: ``t`` plus 8 table columns (E, P, W of a and b; R,
  eta) of 8 bytes per time point; through the API, 2 complex amplitudes (16 bytes) and 10 real
  observables per time;
* ``validity``: 64 bytes per mode and time point; a map reduced over time: one float64 per grid
  point; a sweep: one float64 per grid point and time;
* QuTiP at cutoff ``c`` on ``m`` modes holds at least one density matrix of ``(c^m)^2`` complex
  numbers (16 bytes each): 14.6 TiB for ``c = 100``, ``m = 3``;

against physical facts (10^12 points do not fit on any test machine) and against sizes written
by hand (``2G`` = 2 * 1024^3 bytes).  Ctrl-C is a real SIGINT sent to a real process, and a
closed pipe is a real ``| head -1``.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from nrqb_sym import cli
from nrqb_sym.cli import main
from nrqb_sym.model.names import shipped_models
from nrqb_sym.runtime import resources
from nrqb_sym.runtime.model import CompiledModel, load_model
from nrqb_sym.runtime.resources import (
    ResourceError,
    check_allocation,
    format_size,
    memory_limit,
    parse_size,
)
from nrqb_sym.runtime.values import ParameterError

NRQB = shutil.which("nrqb")
PRESET = ["--preset", "nonreciprocal"]
UNITS = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40, "PiB": 1 << 50}


def one_error(capsys, argv, code=2, quiet=True):
    """Run ``main`` and return its single stderr line (asserting the rules; ``quiet``: nothing
    on stdout either)."""
    try:
        got = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse usage errors exit from inside the parser
        got = exc.code
    out, err = capsys.readouterr()
    assert got == code, err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    if code == 2:
        assert lines[0].startswith("nrqb: error: ")
        assert out == "" or not quiet
    return lines[0]


def needs(line: str) -> float:
    """Bytes of the ``needs <size>`` of a refusal."""
    m = re.search(r" needs ([0-9.e+]+) (B|KiB|MiB|GiB|TiB|PiB)\b", line)
    assert m, line
    return float(m.group(1)) * UNITS[m.group(2)]


@pytest.fixture(scope="module")
def paper():
    return load_model()


# ------------------------------------------------------------------------- sizes and limits
@pytest.mark.parametrize(
    ("text", "nbytes"),
    [
        ("2G", 2 * 1024**3),
        ("500M", 500 * 1024**2),
        ("1.5GiB", 1536 * 1024**2),
        ("64k", 64 * 1024),
        ("3 TB", 3 * 1024**4),
        (".5K", 512),
        ("1000000", 1_000_000),
        ("2p", 2 * 1024**5),
    ],
)
def test_parse_size(text, nbytes):
    assert parse_size(text) == nbytes


@pytest.mark.parametrize(
    "text", ["", "2X", "-1G", "0", "0.0001", "1e3G", "__import__('os')", "G", "1 G B"]
)
def test_parse_size_refuses(text):
    with pytest.raises(ValueError):
        parse_size(text)


@pytest.mark.parametrize(
    ("nbytes", "text"),
    [
        (512, "512 B"),
        (1023, "1023 B"),
        (1024, "1 KiB"),
        (1.5 * 1024**3, "1.5 GiB"),
        (8e12, "7.28 TiB"),  # 10^12 float64: 8e12/1024^4 = 7.276
        (2 * 1024**5, "2 PiB"),
    ],
)
def test_format_size(nbytes, text):
    assert format_size(nbytes) == text


def test_format_size_beyond_pib_keeps_the_value():
    number, unit = format_size(3e19).split()
    assert unit == "PiB" and "e+04" in number
    assert float(number) * 1024**5 == pytest.approx(3e19, rel=1e-3)


def test_check_allocation_message_and_limit():
    with pytest.raises(ResourceError) as info:
        check_allocation(
            3 * 1024**3, "--points 7", limit=1024**3, purpose="for the output", hint="lower it"
        )
    assert str(info.value) == (
        "--points 7 needs 3 GiB for the output, more than the 1 GiB allowed (lower it)"
    )
    assert info.value.name == "--points 7"
    assert info.value.nbytes == 3 * 1024**3 and info.value.limit == 1024**3
    assert isinstance(info.value, ValueError)
    check_allocation(1024**3, "--points 7", limit=1024**3)  # at the limit: accepted


def test_memory_limit_context_nests_and_restores():
    with memory_limit("1M", "--max-memory"):
        with pytest.raises(ResourceError, match=r"set by --max-memory"):
            check_allocation(2 * 1024**2, "x")
        with memory_limit(4 * 1024**2, "inner"):
            check_allocation(2 * 1024**2, "x")  # the inner, larger limit
        with pytest.raises(ResourceError, match=r"1 MiB set by --max-memory"):
            check_allocation(2 * 1024**2, "x")  # the outer one again
    with pytest.raises(KeyError), memory_limit("1K"):
        raise KeyError("restored after an exception too")
    check_allocation(2 * 1024**2, "x")  # no limit left
    with memory_limit(None):
        check_allocation(2 * 1024**2, "x")
    for bad in (0, -5):
        with pytest.raises(ValueError), memory_limit(bad):
            pass


def test_available_memory_matches_the_system():
    """MemAvailable of /proc/meminfo, read here, bounds what the package reports."""
    avail = resources.available_memory()
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            text = fh.read()
    except OSError:
        pytest.skip("no /proc/meminfo")
    kb = int(re.search(r"^MemAvailable:\s+(\d+) kB", text, re.MULTILINE).group(1))
    assert avail is not None
    assert 1024**2 < avail <= 1.1 * kb * 1024


def test_meminfo_and_cgroup_parsing(tmp_path):
    info = tmp_path / "meminfo"
    info.write_text("MemTotal: 100 kB\nMemAvailable:    2048 kB\n")
    assert resources._meminfo_available(info) == 2 * 1024**2
    info.write_text("MemTotal: 100 kB\n")
    assert resources._meminfo_available(info) is None
    assert resources._meminfo_available(tmp_path / "missing") is None
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "memory.max").write_text("1073741824\n")
    (v2 / "memory.current").write_text("268435456\n")
    assert resources._cgroup_free(v2) == 768 * 1024**2
    (v2 / "memory.current").write_text("2147483648\n")
    assert resources._cgroup_free(v2) == 0  # over the limit: nothing free, not negative
    (v2 / "memory.max").write_text("max\n")
    assert resources._cgroup_free(v2) is None
    v1 = tmp_path / "v1"
    (v1 / "memory").mkdir(parents=True)
    (v1 / "memory" / "memory.limit_in_bytes").write_text(str(512 * 1024**2))
    (v1 / "memory" / "memory.usage_in_bytes").write_text(str(128 * 1024**2))
    assert resources._cgroup_free(v1) == 384 * 1024**2
    (v1 / "memory" / "memory.limit_in_bytes").write_text(str(1 << 62))  # v1's "no limit"
    assert resources._cgroup_free(v1) is None


def test_available_memory_takes_the_smaller_and_unknown_means_no_check(monkeypatch):
    monkeypatch.setattr(resources, "_meminfo_available", lambda: 8 * 1024**3)
    monkeypatch.setattr(resources, "_cgroup_free", lambda: 1024**3)
    assert resources.available_memory() == 1024**3
    with pytest.raises(ResourceError, match=r"1 GiB available"):
        check_allocation(2 * 1024**3, "x")
    monkeypatch.setattr(resources, "_meminfo_available", lambda: None)
    monkeypatch.setattr(resources, "_cgroup_free", lambda: None)
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    assert resources.available_memory() == pages
    monkeypatch.setattr(resources, "available_memory", lambda: None)
    check_allocation(1e30, "x")  # nothing known: no check


# ------------------------------------------------------------------------- runtime API
def test_simulate_and_moments_refuse_what_does_not_fit(paper):
    t = np.linspace(0, 10, 100_000)
    # 2 complex amplitudes and 10 real observables (n, E, P, W of a and b; R, eta) per time
    per_time = 2 * 16 + 10 * 8
    with memory_limit(1024**2), pytest.raises(ResourceError) as info:
        paper.simulate(None, t)
    assert str(info.value).startswith("t (100000 times) needs")
    assert info.value.nbytes == t.size * per_time
    with memory_limit(1024**2):
        assert paper.simulate(None, t, observables=["E_b"]).energy["b"].shape == t.shape
        with pytest.raises(ResourceError, match=r"^t \(100000 times\) needs"):
            paper.moments(None, t)  # 4 quadrature means and a 4x4 covariance per time
    assert paper.simulate(None, t[:1000]).energy["b"].shape == (1000,)  # no limit: fine


def test_sweep_refuses_what_does_not_fit(paper):
    t = np.linspace(0, 10, 10_000)
    axes = {"g_a": np.linspace(4, 6, 10), "g_b": np.linspace(4, 6, 10)}
    with memory_limit(1024**2), pytest.raises(ResourceError) as info:
        paper.sweep(None, t, ["E_b"], None, **axes)
    assert str(info.value).startswith("sweep over 10 x 10 points x 10000 times needs")
    assert info.value.nbytes == 100 * t.size * 8
    with memory_limit(1024**2):  # reduced over time: 100 numbers
        assert paper.sweep(None, t, ["E_b"], "max", **axes)["E_b"].shape == (10, 10)


def test_huge_parameter_refused_with_its_name(paper):
    with pytest.raises(ParameterError, match=r"^F = 1e\+200: \|F\| must be <= 1e\+100") as info:
        paper.values({"F": 1e200})
    assert info.value.name == "F"
    with pytest.raises(ParameterError, match=r"^kappa_b = -1e\+150") as info:
        paper.preset("nonreciprocal", kappa_b=-1e150)
    assert info.value.name == "kappa_b"


def test_tiny_rate_named_not_the_derived_coupling(paper):
    """kappa_c = 1e-300 makes the preset's J = 2 g_a g_b/kappa_c overflow the bound: the error
    must name what the user gave (kappa_c), not the coupling the preset derived from it."""
    with pytest.raises(ParameterError) as info:
        paper.preset("nonreciprocal", kappa_c=1e-300)
    assert info.value.name == "kappa_c", str(info.value)


#: each within bounds; <a>_ss = 2F/Lambda_a ~ 2e110 and E_a = omega_a |<a>|^2 ~ 4e320 leaves the
#: float64 range (max 1.8e308)
OVERFLOW = {
    "J": 0.0,
    "kappa_a": 1e-10,
    "kappa_b": 1e-10,
    "g_a": 1e-6,
    "g_b": 1e-6,
    "F": 1e100,
    "omega_a": 1e100,
}


@pytest.mark.parametrize("what", ["steady_state", "simulate", "sweep"])
def test_overflowing_combination_names_an_input(paper, what):
    vals = paper.values(OVERFLOW)
    assert 2 * vals["F"] / vals["kappa_a"] > 1e110  # the premise, computed here
    run = {
        "steady_state": lambda: paper.steady_state(vals),
        "simulate": lambda: paper.simulate(vals, [0.0, 1e15]),
        "sweep": lambda: paper.sweep(vals, [0.0, 1e15], ["E_a"], "max", F=[1e99, 1e100]),
    }[what]
    with pytest.raises(ParameterError) as info:
        run()
    assert info.value.name in ("F", "omega_a"), str(info.value)
    assert "double precision" in str(info.value)
    assert "np.float64" not in str(info.value)  # the value as the user wrote it


def test_tiny_values_that_are_harmless_pass(paper):
    vals = paper.preset("nonreciprocal", Delta_a=5e-324, Delta_b=-1e-300)
    ss = paper.steady_state(vals)
    assert ss["R"] == pytest.approx(4 / 1.05**2, rel=1e-12)


# ------------------------------------------------------------------------- command line
@pytest.mark.parametrize(
    ("argv", "per_point"),
    [
        (["simulate", *PRESET], 8 * (1 + 8)),
        (["simulate", *PRESET, "--format", "json"], 8 * (1 + 8)),  # at least the numbers
        (["simulate", "--model", "full"], 8 * (1 + 9)),  # n_c as well
        (["validity"], 64 * 3),
        (["simulate", "--model-file", shipped_models()["chain"]], 8 * (1 + 9)),
    ],
    ids=["table", "json", "full", "validity", "chain"],
)
def test_points_beyond_memory(capsys, argv, per_point):
    line = one_error(capsys, [*argv, "--points", "1000000000000"])
    assert line.startswith("nrqb: error: --points 1000000000000 needs ")
    assert "for the output" in line and "available" in line
    got = needs(line)
    assert got >= 1e12 * per_point * 0.995
    if "json" not in argv:
        assert got == pytest.approx(1e12 * per_point, rel=5e-3)


def test_points_against_max_memory(capsys):
    line = one_error(capsys, ["simulate", *PRESET, "--points", "100000", "--max-memory", "1M"])
    assert "--points 100000 needs" in line and "1 MiB set by --max-memory" in line
    assert needs(line) == pytest.approx(100_000 * 72, rel=5e-3)  # 6.87 MiB
    # 1000 points (72 kB) fit in 1 MiB
    assert main(["simulate", *PRESET, "--points", "1000", "--max-memory", "1M"]) == 0
    assert "steady state:" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["lots", "0", "-1G", "1e3G", ""])
def test_bad_max_memory(capsys, value):
    line = one_error(capsys, ["simulate", *PRESET, f"--max-memory={value}"])
    assert "--max-memory" in line


def test_overflowing_drive(capsys):
    line = one_error(capsys, ["simulate", *PRESET, "--set", "F=1e200"])
    assert line.startswith("nrqb: error: F = 1e200:")  # as typed
    assert "double precision" in line


def test_value_beyond_float_named(capsys):
    line = one_error(capsys, ["simulate", "--set", "omega_b=1e400"])
    assert line.startswith("nrqb: error: omega_b")


def test_tiny_cavity_rate_names_kappa_c(capsys):
    line = one_error(capsys, ["simulate", *PRESET, "--set", "kappa_c=1e-300"])
    assert line.startswith("nrqb: error: kappa_c = 1e-300:"), line
    assert "J = " not in line


@pytest.mark.parametrize(
    "times", [["--t-max", "1e15", "--points", "2"], ["--points", "2"]], ids=["trace", "steady"]
)
def test_overflowing_combination_on_the_command_line(capsys, times):
    """The trace to t = 1e15 overflows, and so does the steady state (E_a ~ 4e320) even where
    the trace up to t = 200 does not: one error line naming an input, never inf or a stray
    RuntimeWarning."""
    given = [f"--set={k}={v!r}" for k, v in OVERFLOW.items()]
    line = one_error(capsys, ["simulate", *given, *times, "--format", "json"])
    head = line.removeprefix("nrqb: error: ").split(" = ")[0]
    assert head in ("F", "omega_a"), line
    assert "double precision" in line


def test_overflowing_sweep_names_the_value_as_given(capsys):
    """A map whose grid overflows: the error names an input and shows its value as a number."""
    line = one_error(
        capsys,
        [
            "map",
            "--x",
            "F=1e99:1e100:2",
            "--y",
            "kappa_a=1e-10:2e-10:2",
            "--observable",
            "E_a",
            *[f"--set={k}={v!r}" for k, v in OVERFLOW.items() if k not in ("F", "kappa_a")],
            "--t-max",
            "1e6",
            "--points",
            "3",
        ],
    )
    head, _, rest = line.removeprefix("nrqb: error: ").partition(" = ")
    assert head in ("F", "omega_a", "kappa_a"), line
    assert "double precision" in line
    assert "np.float64" not in line, line


def test_map_grid_against_max_memory(capsys):
    argv = ["map", "--x", "g_a=3:7:1000", "--y", "g_b=3:7:1000", "--max-memory", "1M"]
    line = one_error(capsys, argv)
    assert "sweep over 1000 x 1000 points needs" in line and "set by --max-memory" in line
    assert needs(line) == pytest.approx(1000 * 1000 * 8, rel=5e-3)  # one float64 per point


def test_validity_map_beyond_memory(capsys):
    argv = ["validity", "--x", "g_a=1:2:1000000", "--y", "g_b=1:2:1000000", "--map", "m.png"]
    line = one_error(capsys, argv, quiet=False)  # the comparison is printed before the map
    assert "x 201 times" in line and "available" in line
    # E_a and E_b of both models at 201 times on 10^12 points: at least 10^12 * 201 * 8 bytes
    assert needs(line) >= 1e12 * 201 * 8


@pytest.mark.parametrize(
    ("model", "cutoff", "modes"),
    [("nrqb", 100, 3), ("two_batteries", 100, 4), ("nrqb", 10**20, 3)],
)
def test_validate_cutoff_beyond_memory(capsys, model, cutoff, modes):
    pytest.importorskip("qutip")
    argv = ["validate", "--model-file", shipped_models()[model], "--cutoff", str(cutoff)]
    line = one_error(capsys, argv)
    assert line.startswith(f"nrqb: error: --cutoff {cutoff} needs ")
    assert needs(line) >= 16 * float(cutoff) ** (2 * modes) * 0.995  # one density matrix


def test_validate_cutoff_against_max_memory(capsys):
    pytest.importorskip("qutip")
    line = one_error(capsys, ["validate", "--cutoff", "12", "--max-memory", "1M"])
    assert "--cutoff 12 needs" in line and "set by --max-memory" in line
    assert needs(line) >= 16 * 12**6  # 27 MB: one density matrix of (12^3)^2 elements


# ------------------------------------------------------------------------- interrupts, pipes
def test_interrupt_exits_130(capsys, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "simulate", interrupted)
    line = one_error(capsys, ["simulate", *PRESET], code=130)
    assert line == "nrqb: interrupted"


def test_interrupt_deep_in_the_engine_exits_130(capsys, monkeypatch):
    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(CompiledModel, "simulate", interrupted)
    line = one_error(capsys, ["simulate", *PRESET], code=130)
    assert line == "nrqb: interrupted"


def test_ctrl_c_on_a_real_process(tmp_path):
    """SIGINT to a process in the middle of a long map (4 million points): status 130, the last
    stderr line ``nrqb: interrupted``, no traceback, quickly."""
    code = (
        "import sys\n"
        "from nrqb_sym.cli import main\n"
        "print('ready', file=sys.stderr, flush=True)\n"
        "sys.exit(main(['map', '--x', 'g_a=3:7:2000', '--y', 'g_b=3:7:2000', '--points', '301']))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        text=True,
    )
    try:
        assert proc.stderr.readline().strip() == "ready"
        time.sleep(1.5)
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert "Traceback" not in err, err
    assert [ln for ln in err.replace("\r", "\n").splitlines() if ln.strip()][-1] == (
        "nrqb: interrupted"
    )
    assert out == ""
    assert time.monotonic() - start < 20  # it stopped, it did not finish the map


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


@pytest.mark.skipif(NRQB is None, reason="console script not installed")
def test_pipe_into_head_is_quiet(tmp_path):
    """``nrqb simulate ... | head -1`` (json and csv, 50000 points: far more than the pipe
    buffer): the first line arrives, the command ends with status 0, nothing on stderr."""
    script = "".join(
        f"'{NRQB}' simulate --preset nonreciprocal --points 50000 --format {fmt} | head -1; "
        f'echo "status {fmt} ${{PIPESTATUS[0]}}" >&2; '
        for fmt in ("json", "csv")
    )
    res = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert res.stdout.splitlines() == ["{", "t,E_a,P_a,W_a,E_b,P_b,W_b,R,eta"]
    assert res.stderr.splitlines() == ["status json 0", "status csv 0"], res.stderr


def test_sizes_here_are_what_the_machine_refuses():
    """The premise of the 10^12-point tests: they exceed the memory of this machine."""
    avail = resources.available_memory()
    assert avail is None or avail < 1e12 * 8
    assert math.isclose(parse_size("1T"), 1024**4)
