"""Affine matrices shared by template reading (SVG, y down) and imposition (PDF, y up).

A ``Matrix`` (a, b, c, d, e, f) maps (x, y) to (a·x + c·y + e, b·x + d·y + f),
the convention of both SVG and PDF.
"""

from __future__ import annotations

import math

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def multiply(a: Matrix, b: Matrix) -> Matrix:
    """The matrix that applies ``b`` first, then ``a``."""
    return (
        a[0] * b[0] + a[2] * b[1],
        a[1] * b[0] + a[3] * b[1],
        a[0] * b[2] + a[2] * b[3],
        a[1] * b[2] + a[3] * b[3],
        a[0] * b[4] + a[2] * b[5] + a[4],
        a[1] * b[4] + a[3] * b[5] + a[5],
    )


def translate(x: float, y: float) -> Matrix:
    return (1.0, 0.0, 0.0, 1.0, x, y)


def scale(sx: float, sy: float | None = None) -> Matrix:
    return (sx, 0.0, 0.0, sx if sy is None else sy, 0.0, 0.0)


def rotate(degrees: float) -> Matrix:
    """Counter-clockwise in a y-up space (clockwise on an SVG page)."""
    angle = math.radians(degrees)
    cos, sin = round(math.cos(angle), 12), round(math.sin(angle), 12)
    return (cos, sin, -sin, cos, 0.0, 0.0)


def apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    return (matrix[0] * x + matrix[2] * y + matrix[4], matrix[1] * x + matrix[3] * y + matrix[5])


def compose(*matrices: Matrix) -> Matrix:
    """``compose(A, B, C)`` applies C first, then B, then A."""
    result = IDENTITY
    for matrix in matrices:
        result = multiply(result, matrix)
    return result
