"""The layer palette stays tellable apart for colour-blind readers (shapes carry meaning too, but colour helps)."""

import itertools
import json

from geo.config import DEFAULT_LAYERS_DIR

#: Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear sRGB.
SIMULATIONS = {
    "normal": None,
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
MIN_DELTA_E = 8.0  # CIE76; about "clearly different" for map symbols


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(rgb):
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _seen(hex_colour, matrix):
    rgb = [_linear(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5)]
    if matrix is not None:
        rgb = [min(1.0, max(0.0, sum(matrix[row][col] * rgb[col] for col in range(3)))) for row in range(3)]
    return _lab(rgb)


def test_layer_colours_differ_under_colour_blindness():
    layers = json.loads((DEFAULT_LAYERS_DIR / "manifest.json").read_text(encoding="utf-8"))["layers"]
    colours = {layer["id"]: layer["style"]["color"] for layer in layers}
    for name, matrix in SIMULATIONS.items():
        for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2):
            la, lb = _seen(ca, matrix), _seen(cb, matrix)
            delta = sum((p - q) ** 2 for p, q in zip(la, lb, strict=True)) ** 0.5
            assert delta >= MIN_DELTA_E, f"{a} and {b} look alike under {name} (ΔE {delta:.1f})"
