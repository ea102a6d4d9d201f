"""Star networks for the benchmarks: a driven charger ``a`` and ``k`` batteries ``b1..bk``, each
coupled coherently to the charger and all coupled to one strongly damped cavity ``c`` (at
temperature ``n_c``), which is eliminated.  ``k + 2`` modes.

Usage: ``python benchmarks/stars.py K [FILE]`` writes the model file of ``k = K`` batteries.
"""

from __future__ import annotations

import sys
from pathlib import Path


def star(k: int) -> str:
    """The model file text of a star with ``k`` batteries (defaults: the paper's nonreciprocal
    preset for every charger-battery pair, ``Gamma = 1``)."""
    bats = [f"b{i}" for i in range(1, k + 1)]
    modes = ["a", *bats, "c"]
    h = ["Delta_a*dag(a)*a", "Delta_c*dag(c)*c", "g_a*(dag(a)*c + dag(c)*a)", "F*(a + dag(a))"]
    params = {
        "Delta_a": ("real", 0.0),
        "Delta_c": ("real", 0.0),
        "kappa_a": ("positive", 0.05),
        "kappa_c": ("positive", 100.0),
        "g_a": ("positive", 5.0),
        "F": ("real", 0.5),
        "omega_a": ("positive", 1.0),
        "n_c": ("nonnegative", 0.0),
    }
    diss = [("kappa_a", "a"), ("kappa_c*(n_c + 1)", "c"), ("kappa_c*n_c", "dag(c)")]
    energies = {"a": "omega_a"}
    for b in bats:
        h += [
            f"Delta_{b}*dag({b})*{b}",
            f"g_{b}*(dag({b})*c + dag(c)*{b})",
            f"J_{b}*(exp(I*theta_{b})*dag(a)*{b} + exp(-I*theta_{b})*dag({b})*a)",
        ]
        params.update(
            {
                f"Delta_{b}": ("real", 0.0),
                f"kappa_{b}": ("positive", 0.05),
                f"g_{b}": ("positive", 5.0),
                f"J_{b}": ("nonnegative", 0.5),
                f"theta_{b}": ("real", 1.5707963267948966),
                f"omega_{b}": ("positive", 1.0),
            }
        )
        diss.append((f"kappa_{b}", b))
        energies[b] = f"omega_{b}"
    quoted = ", ".join(f'"{m}"' for m in modes)
    lines = [
        f'name = "star{k}"',
        f'description = "a charger and {k} batteries around one thermal bad cavity"',
        f"modes = [{quoted}]",
        'eliminate = ["c"]',
        'hamiltonian = """',
        "    " + "\n    + ".join(h),
        '"""',
        "",
        "[parameters]",
    ]
    lines += [f'{n} = {{ kind = "{kd}", default = {d!r} }}' for n, (kd, d) in params.items()]
    lines += ["", "[energies]"] + [f'{m} = "{w}"' for m, w in energies.items()]
    for rate, op in diss:
        lines += ["", "[[dissipators]]", f'rate = "{rate}"', f'operator = "{op}"']
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    k = int(sys.argv[1])
    out = Path(sys.argv[2] if len(sys.argv) > 2 else f"star{k}.toml")
    out.write_text(star(k))
    print(out)
