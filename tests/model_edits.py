"""Edits of the paper's ``nrqb.toml`` as a user would make them (shared by the engine's and the
paper's tests): a second battery ``d`` on the shared cavity."""

from __future__ import annotations

#: Replacements (old text -> new text, first occurrence) that add battery d: a mode, its
#: detuning and cavity coupling, an energy and parameters.
SECOND_BATTERY = {
    'modes = ["a", "b", "c"]': 'modes = ["a", "b", "c", "d"]',
    "+ F*(a + dag(a))": "+ Delta_d*dag(d)*d + g_d*(dag(d)*c + dag(c)*d)\n    + F*(a + dag(a))",
    "[energies]\n": '[energies]\nd = "omega_d"\n',
    "[parameters]\n": (
        "[parameters]\n"
        'Delta_d = { kind = "real", default = 0.0 }\n'
        'kappa_d = { kind = "positive", default = 0.05 }\n'
        'g_d = { kind = "positive", default = 5.0 }\n'
        'omega_d = { kind = "positive", default = 1.0 }\n'
    ),
}
#: Its loss channel, appended to the file.
SECOND_BATTERY_DISSIPATOR = '\n[[dissipators]]\nrate = "kappa_d"\noperator = "d"\n'


def edited(text: str, changes: dict[str, str], extra: str = "") -> str:
    """``text`` with each ``old`` replaced (once; it must occur) and ``extra`` appended."""
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text + extra
