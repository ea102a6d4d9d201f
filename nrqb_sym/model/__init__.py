"""The model layer: model definitions (files and the operator form) and the operator algebra."""
