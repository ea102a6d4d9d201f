"""Names the runtime shares with the model layer (no SymPy here)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "OBSERVABLE_KINDS",
    "builtin_observables",
    "MODELS_DIR",
    "PAPER_MODEL",
    "shipped_models",
    "cache_dir",
]

#: Folder of the model files shipped with the package.
MODELS_DIR: Path = Path(__file__).resolve().parent / "models"
#: The paper's three-mode model (charger ``a``, battery ``b``, bad cavity ``c``).
PAPER_MODEL: Path = MODELS_DIR / "nrqb.toml"


def shipped_models() -> dict[str, Path]:
    """The model files shipped with the package, by name (the file stem)."""
    return {p.stem: p for p in sorted(MODELS_DIR.glob("*.toml"))}


def cache_dir() -> Path:
    """The one cache folder (derivations, generated folders of model files, unrolled passes):
    ``$NRQB_CACHE_DIR`` (default ``~/.cache/nrqb-sym``)."""
    return Path(os.environ.get("NRQB_CACHE_DIR") or Path.home() / ".cache" / "nrqb-sym")


#: Built-in observables per mode: ``x_<mode>`` (amplitude), ``n_<mode>`` (occupation), and for
#: modes with an energy ``E_<mode>``, ``P_<mode>``, ``W_<mode>`` (energy, power, ergotropy).
OBSERVABLE_KINDS = ("x", "n", "E", "P", "W")


def builtin_observables(modes: Iterable[str], energy_modes: Iterable[str]) -> tuple[str, ...]:
    """Names of the built-in observables of a model variant, in kernel order."""
    modes = tuple(modes)
    energy = set(energy_modes)
    out = [f"x_{m}" for m in modes] + [f"n_{m}" for m in modes]
    for kind in ("E", "P", "W"):
        out += [f"{kind}_{m}" for m in modes if m in energy]
    return tuple(out)
