#!/usr/bin/env python3
"""Converts scikit-learn's 8×8 handwritten digits into www/data/digits.bin for the LeNet station.

Source: sklearn/datasets/data/digits.csv.gz inside the installed scikit-learn wheel — the UCI
"Optical Recognition of Handwritten Digits" test set (Alpaydin & Kaynak, 1998; CC BY 4.0):
1,797 digits, each a 32×32 bitmap cut into 4×4 blocks whose ink pixels were counted, so every
pixel is a whole number 0 (no ink) … 16 (all ink).

Output format (no header, 116,805 bytes):
  bytes [0, 1797·64)           pixels, one byte each (0..16), image after image, each 8 rows of
                               8 pixels top to bottom (row-major)
  bytes [1797·64, 1797·65)     labels, one byte each (0..9), in the same order
The order is the CSV's order; the station trains on the first 1,500 and tests on the last 297.

Run:  python3 scripts/make_digits.py   (needs only the standard library and scikit-learn installed)
"""
import gzip
import os
import sys

import sklearn

N, PIXELS = 1797, 64


def main() -> int:
    src = os.path.join(os.path.dirname(sklearn.__file__), "datasets", "data", "digits.csv.gz")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "www", "data", "digits.bin")
    pixels, labels = bytearray(), bytearray()
    with gzip.open(src, "rt") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            values = [int(float(v)) for v in line.split(",")]
            assert len(values) == PIXELS + 1, f"expected 65 values per row, got {len(values)}"
            assert all(0 <= v <= 16 for v in values[:PIXELS]) and 0 <= values[PIXELS] <= 9
            pixels.extend(values[:PIXELS])
            labels.append(values[PIXELS])
    assert len(labels) == N, f"expected {N} digits, got {len(labels)}"
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        f.write(pixels + labels)
    print(f"wrote {os.path.normpath(out)}: {len(pixels) + len(labels)} bytes, {N} digits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
