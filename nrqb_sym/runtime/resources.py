r"""Memory limits: estimate an allocation before making it and refuse what will not fit.

Every large output of the package (a trace of ``len(t)`` times, a grid of traces, QuTiP's
Liouvillian) is sized in advance, :math:`\text{bytes} = (\text{bytes per element}) \times
(\text{elements})`, and compared with a limit: the one set with :func:`memory_limit` (the
command line's ``--max-memory``), else the memory the system reports available
(:func:`available_memory`: ``MemAvailable`` of ``/proc/meminfo``, lowered to the free part of a
cgroup limit when the process runs in one).  What does not fit is refused with one line naming
the input that asked for it and the size, instead of a ``MemoryError`` after minutes.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "ResourceError",
    "available_memory",
    "parse_size",
    "format_size",
    "memory_limit",
    "check_allocation",
]

_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40, "P": 1 << 50}
_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*([KMGTP]?)(?:I?B)?\s*", re.IGNORECASE)

#: The limit set by :func:`memory_limit` (bytes) and how to name it in messages.
_limit: tuple[int, str] | None = None


class ResourceError(ValueError):
    """An allocation that would not fit; the message names the input asking for it, one line.

    Attributes: ``name`` (the input, e.g. ``"--points 1000000000000"`` or ``"t"``), ``nbytes``
    (the estimate) and ``limit`` (bytes).
    """

    def __init__(self, name: str, nbytes: int, limit: int, message: str):
        self.name = name
        self.nbytes = nbytes
        self.limit = limit
        super().__init__(message)


def parse_size(text: str) -> int:
    """Bytes of a size such as ``"2G"``, ``"500M"``, ``"1.5GiB"``, ``"64k"`` or ``"1000000"``.

    Suffixes K, M, G, T, P are powers of 1024 (an optional ``B`` or ``iB`` is accepted); a bare
    number is bytes.  Only this pattern is read; nothing is evaluated.

    Raises:
        ValueError: not a size, or not > 0.
    """
    m = _SIZE.fullmatch(str(text))
    if m is None:
        raise ValueError(f"{text!r}: not a size (examples: 2G, 500M, 1.5GiB, 1000000)")
    nbytes = int(float(m.group(1)) * _UNITS[m.group(2).upper()])
    if nbytes <= 0:
        raise ValueError(f"{text!r}: must be > 0")
    return nbytes


def format_size(nbytes: float) -> str:
    """``7.3 TiB``-style text (powers of 1024, three significant digits)."""
    value = float(nbytes)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if value < 1024 or unit == "PiB":
            break
        value /= 1024
    if unit == "B":
        return f"{int(value)} B"
    return f"{value:.3g} {unit}" if value < 1e4 else f"{value:.3e} {unit}"


def _meminfo_available(path: Path = Path("/proc/meminfo")) -> int | None:
    try:
        text = path.read_text()
    except OSError:
        return None
    m = re.search(r"^MemAvailable:\s+(\d+)\s*kB", text, re.MULTILINE)
    return int(m.group(1)) * 1024 if m else None


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None  # missing file, or "max" (no limit)


def _cgroup_free(root: Path = Path("/sys/fs/cgroup")) -> int | None:
    """Free part of the cgroup memory limit (v2, else v1), None without a limit."""
    for limit_file, usage_file in (
        ("memory.max", "memory.current"),
        ("memory/memory.limit_in_bytes", "memory/memory.usage_in_bytes"),
    ):
        limit = _read_int(root / limit_file)
        if limit is None or limit >= 1 << 60:  # v1 reports "no limit" as a huge number
            continue
        usage = _read_int(root / usage_file) or 0
        return max(limit - usage, 0)
    return None


def available_memory() -> int | None:
    """Bytes this process can still allocate without swapping, as the system reports it.

    ``MemAvailable`` of ``/proc/meminfo`` (else physical memory from ``os.sysconf``), capped by
    the free part of a cgroup memory limit; ``None`` when nothing is known (no check is made).
    """
    found = [v for v in (_meminfo_available(), _cgroup_free()) if v is not None]
    if not found:
        try:
            found = [os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")]
        except (ValueError, OSError, AttributeError):
            return None
    return min(found)


@contextlib.contextmanager
def memory_limit(limit: int | str | None, label: str = "the memory limit") -> Iterator[None]:
    """Within the block, :func:`check_allocation` compares with ``limit`` (bytes, or a size text
    for :func:`parse_size`) instead of the available memory; ``None`` leaves things as they are.
    ``label`` names the limit in messages (the command line passes ``"--max-memory"``)."""
    global _limit
    if limit is None:
        yield
        return
    nbytes = parse_size(limit) if isinstance(limit, str) else int(limit)
    if nbytes <= 0:
        raise ValueError(f"memory limit {limit!r}: must be > 0")
    saved, _limit = _limit, (nbytes, label)
    try:
        yield
    finally:
        _limit = saved


def check_allocation(
    nbytes: float, what: str, limit: int | None = None, *, purpose: str = "", hint: str = ""
) -> None:
    """Refuse an allocation of about ``nbytes`` that exceeds the limit.

    The limit is ``limit`` if given, else the one set by :func:`memory_limit`, else
    :func:`available_memory` (no check when that is unknown).  ``what`` names the input that
    asks for the memory (``"--points 1000000000000"``, ``"t"``); ``purpose`` says what it is for
    (``"for the output"``); ``hint`` how to get out (``"lower --points"``).

    Raises:
        ResourceError: ``nbytes`` > the limit, with the message
            ``"{what} needs {size} {purpose}, more than the {limit} {available|set by ...}
            ({hint})"``.
    """
    if limit is not None:
        cap, source = int(limit), "allowed"
    elif _limit is not None:
        cap, source = _limit[0], f"set by {_limit[1]}"
    else:
        avail = available_memory()
        if avail is None:
            return
        cap, source = avail, "available"
    if nbytes <= cap:
        return
    message = f"{what} needs {format_size(nbytes)}"
    message += f" {purpose}" if purpose else ""
    message += f", more than the {format_size(cap)} {source}"
    message += f" ({hint})" if hint else ""
    raise ResourceError(what, int(nbytes), cap, message)
