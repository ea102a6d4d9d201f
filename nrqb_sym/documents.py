"""Stage 7 - readable derivation documents (placeholder)."""


def render_documents(derivation, digest):
    return {}
