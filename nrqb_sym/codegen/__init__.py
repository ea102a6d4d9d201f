"""Code generation: derived SymPy results -> Numba kernels and derivation documents, with pedigree."""
