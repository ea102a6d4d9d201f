# GENERATED FILE - DO NOT EDIT.
# Contents: the package nrqb_sym_generated (the kernels of the model files shipped with nrqb_sym).
# Produced by nrqb_sym.codegen.write (nrqb generate), one module per model.
# Model+pipeline hash: sha256:f6f7ed07c24f149b7f1e556d57ed8b56802a5f5c8123527c87bdf8f8fa8de8d8
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Generated Numba kernels of the model files shipped with nrqb_sym: chain, driven_battery, kerr_battery, nrqb, squeezed_charger, two_batteries, two_level_battery."""
