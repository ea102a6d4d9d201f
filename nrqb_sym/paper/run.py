r"""``nrqb reproduce``: every figure panel of the seed paper and a table of its claims.

The seed (``000_75951535b4d0b060``) lost its equations and most numbers; its prose, figure
descriptions and claims survive.  The reproduction rebuilds each panel it describes from the
generated kernels and checks each claim, writing PNGs and ``REPRODUCTION.md``.  The work is split
by what it does:

* :mod:`~nrqb_sym.paper.parameters`: the chosen parameters (stated in the report) and helpers;
* :mod:`~nrqb_sym.paper.data`: the data of each panel group (grid-kernel sweeps);
* :mod:`~nrqb_sym.paper.claims`: each claim checked against the data and the full model;
* :mod:`~nrqb_sym.paper.figures`: one plotting function per panel;
* :mod:`~nrqb_sym.paper.report`: the text of ``REPRODUCTION.md``;
* this module: :func:`run`, which ties them together.
"""

from __future__ import annotations

from pathlib import Path

from .claims import claims
from .data import DATA_FUNCTIONS, units_example
from .figures import PANELS, PLOTS
from .report import report

__all__ = ["run", "shape_problem"]


def shape_problem() -> str:
    """One line naming the claims that need the paper's two-mode shape when ``nrqb.toml`` no
    longer has it (kept modes a, b, the eliminated cavity c, the paper's parameters), else ``""``."""
    from .api import paper_model
    from .derivation import REQUIRED_PARAMETERS

    cm = paper_model()
    missing = [p for p in REQUIRED_PARAMETERS if p not in cm.parameters]
    if cm.kept == ("a", "b") and cm.eliminated == ("c",) and not missing:
        return ""
    why = (
        f"it keeps {', '.join(cm.kept)} and eliminates {', '.join(cm.eliminated) or 'nothing'}"
        if not missing
        else f"it has no parameter {missing[0]}"
    )
    return (
        "claims 1-17 and every figure need the paper's two-mode shape (kept a, b; eliminated c; "
        f"the paper's parameters), and nrqb.toml no longer has it: {why}; nothing reproduced"
    )


def run(out: Path, coarse: bool = False) -> dict:
    """Write every panel (PNG) and ``REPRODUCTION.md`` into ``out``.

    A tqdm bar (stderr) advances per panel (computing the panel's data with the grid kernel on
    first use, then plotting), then once for the claims table (full-model checks) and report.

    Returns:
        dict with ``figures`` (panel name -> path), ``report`` (path), ``claims`` (list of
        :class:`~nrqb_sym.paper.claims.Claim`) and ``data`` (data-group name -> data dict).
    """
    import matplotlib

    matplotlib.use("Agg")
    from tqdm import tqdm

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data: dict[str, dict] = {}
    figures: dict[str, Path] = {}
    with tqdm(total=len(PANELS) + 1, desc="nrqb reproduce", unit="panel") as bar:
        for name in PANELS:
            group, plot = PLOTS[name]
            bar.set_postfix_str(name)
            if group not in data:
                data[group] = DATA_FUNCTIONS[group](coarse)
            path = out / f"{name}.png"
            plot(data[group], path)
            figures[name] = path
            bar.update()
        bar.set_postfix_str("claims, full model, units")
        found = claims(data)
        units = units_example()
        report_path = out / "REPRODUCTION.md"
        report_path.write_text(report(data, found, units, coarse))
        bar.update()
    return {"figures": figures, "report": report_path, "claims": found, "data": data}
