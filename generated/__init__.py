# GENERATED FILE - DO NOT EDIT.
# Contents: the package nrqb_sym_generated (the kernels of the model files shipped with nrqb_sym).
# Produced by nrqb_sym.codegen.write (nrqb generate) for the shipped models
# chain, driven_battery, nrqb, squeezed_charger, two_batteries; one module per model.
# Model+pipeline hash: sha256:510a10b42dae44bface0f91725b08c56f63c9d40ac98e18559122ade00b3f61f
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Generated Numba kernels of the model files shipped with nrqb_sym."""
