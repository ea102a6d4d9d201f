# GENERATED FILE - DO NOT EDIT.
# Contents: the package nrqb_sym_generated (the kernels of the model files shipped with nrqb_sym).
# Produced by nrqb_sym.codegen.write (nrqb generate), one module per model.
# Model+pipeline hash: sha256:041db64572a911ab92ec4d89c5e5a5cf5d1e8a9f2a65bb7d363d16be49820d27
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Generated Numba kernels of the model files shipped with nrqb_sym: chain, driven_battery, kerr_battery, nrqb, squeezed_charger, two_batteries, two_level_battery."""
