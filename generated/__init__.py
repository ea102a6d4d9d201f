# GENERATED FILE - DO NOT EDIT.
# Contents: package marker of the generated kernels.
# Produced by nrqb_sym.codegen from the model nrqb_sym.model.three_mode_model
# through the pipeline model -> elimination -> moments -> nonreciprocity -> solutions ->
# spectrum.
# Model+pipeline hash: sha256:17b24e6954c77973e9795b8443a83633e344fccef68c530de7d8f1a9568c68ed
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Generated Numba kernels of nrqb-sym (see ``nrqb generate``)."""

PIPELINE_HASH = "17b24e6954c77973e9795b8443a83633e344fccef68c530de7d8f1a9568c68ed"
