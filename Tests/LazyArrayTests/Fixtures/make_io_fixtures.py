#!/usr/bin/env python3
"""Writes the small NumPy-made files the .npy/.npz/CSV tests read back.

Run from anywhere: python3 make_io_fixtures.py (needs numpy); the files go to io/ beside this
script. The tests (IOFixtures.swift) hard-code the expected values, which are the `logical`
arrays below; keep the two in step.

Every dtype x C/Fortran order x little/big endian x format version 2.0 and 3.0 is written as a
2x3 array; a few more files cover format 1.0, 3-D Fortran order, 0-d and empty arrays; two
archives cover np.savez (stored) and np.savez_compressed (deflated); inflate_cases.json holds raw
DEFLATE streams made by zlib with stored, fixed-Huffman and dynamic-Huffman blocks.
"""
import base64
import json
import os
import zlib

import numpy as np

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "io")


def logical(dtype):
    """The 2x3 array every per-dtype file holds, in logical (row-major) order."""
    i = np.arange(6)
    values = {
        "bool": i % 3 == 0,                         # [T F F T F F]
        "int32": (i - 2) * 65539,                   # distinct bytes, negatives
        "int64": (i - 2) * 2**33 + i,               # needs all 8 bytes
        "float32": i * 0.5 - 1.25,                  # exact in binary
        "float64": i * 0.25 - 0.3,                  # inexact: checks every mantissa bit
    }[dtype]
    return np.asarray(values, dtype=dtype).reshape(2, 3)


def write(name, array, version):
    with open(os.path.join(HERE, name), "wb") as f:
        np.lib.format.write_array(f, array, version=version)


def main():
    os.makedirs(HERE, exist_ok=True)
    for dtype in ["bool", "int32", "int64", "float32", "float64"]:
        for order in ["C", "F"]:
            for endian in ["<", ">"]:
                a = logical(dtype)
                a = a.astype(a.dtype.newbyteorder(endian))
                a = np.asfortranarray(a) if order == "F" else np.ascontiguousarray(a)
                tag = "le" if endian == "<" else "be"
                for version in [(2, 0), (3, 0)]:
                    write(f"{dtype}_{order}_{tag}_v{version[0]}.npy", a, version)

    write("float64_3d_F_v1.npy", np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4)), (1, 0))
    write("int64_0d_v1.npy", np.array(42, dtype="<i8"), (1, 0))
    write("float32_empty_v1.npy", np.zeros((0, 3), dtype="<f4"), (1, 0))
    write("uint8_v1.npy", np.arange(3, dtype="u1"), (1, 0))
    write("complex64_v1.npy", np.arange(3, dtype="<c8"), (1, 0))  # unsupported dtype

    arrays = dict(
        a=logical("float64"),
        b=np.arange(5, dtype="<i4"),
        c=logical("bool"),
        s=np.array(2.5),
    )
    np.savez(os.path.join(HERE, "arrays.npz"), **arrays)
    # Compressible enough for dynamic Huffman blocks, small enough to keep the file tiny.
    np.savez_compressed(os.path.join(HERE, "arrays_compressed.npz"),
                        big=(np.arange(1000) // 50).astype("<i4"), **arrays)

    data = b"".join(b"%d,%d;" % (i, i * i % 97) for i in range(80)) + bytes(range(0, 256, 5))
    cases = []
    for label, level, strategy in [("stored", 0, zlib.Z_DEFAULT_STRATEGY),
                                   ("fixed", 6, zlib.Z_FIXED),
                                   ("dynamic", 9, zlib.Z_DEFAULT_STRATEGY),
                                   ("huffman_only", 6, zlib.Z_HUFFMAN_ONLY),
                                   ("rle", 6, zlib.Z_RLE)]:
        c = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
        stream = c.compress(data) + c.flush()
        cases.append(dict(label=label, deflated=base64.b64encode(stream).decode()))
    with open(os.path.join(HERE, "inflate_cases.json"), "w") as f:
        json.dump(dict(original=base64.b64encode(data).decode(), cases=cases), f, indent=1)
        f.write("\n")

    with open(os.path.join(HERE, "table.csv"), "w", newline="") as f:
        f.write("# sensor readings\n"
                "time,temp,humidity,flag\r\n"
                "0, 20.5,0.25,1\r\n"
                "1,21.0,,0\r\n"
                "\r\n"
                "2,NaN,0.5,1\r\n"
                "3,-1.5e2,NA,\"1\"\r\n")


if __name__ == "__main__":
    main()
