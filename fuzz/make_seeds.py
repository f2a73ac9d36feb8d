#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into corpus/<target>/ beside this script.

Run from anywhere: python3 fuzz/make_seeds.py (needs numpy). Seeds are small, valid inputs that
reach every branch of the format cheaply; libFuzzer mutates them from there. The inflate seeds
are a 3-byte little-endian expected size followed by a raw DEFLATE stream, the CSV seeds an
options byte (see fuzz-csv) followed by the text.
"""
import io
import os
import zipfile
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def save(target, name, data):
    os.makedirs(os.path.join(HERE, "corpus", target), exist_ok=True)
    with open(os.path.join(HERE, "corpus", target, name), "wb") as f:
        f.write(data)


def npy(array, version=None):
    f = io.BytesIO()
    np.lib.format.write_array(f, array, version=version)
    return f.getvalue()


def npz(compressed, **arrays):
    f = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(f, **arrays)
    return f.getvalue()


def main():
    a = np.arange(6, dtype="<f8").reshape(2, 3) * 0.25 - 0.3
    save("npy", "f8_v1", npy(a))
    save("npy", "f4_be_F_v2", npy(np.asfortranarray(a.astype(">f4")), (2, 0)))
    save("npy", "i4_v3", npy(np.arange(5, dtype="<i4"), (3, 0)))
    save("npy", "i8_0d", npy(np.array(42, dtype="<i8")))
    save("npy", "b1_3d_F", npy(np.asfortranarray(np.arange(24).reshape(2, 3, 4) % 3 == 0)))
    save("npy", "empty", npy(np.zeros((0, 3), dtype="<f4")))

    save("npz", "stored", npz(False, a=a, b=np.arange(5, dtype="<i4")))
    save("npz", "deflated", npz(True, a=a, big=(np.arange(300) // 50).astype("<i4")))
    save("npz", "one_bool", npz(True, c=np.array([True, False, True])))
    # A member that is not .npy (skipped by the reader) beside one that is.
    f = io.BytesIO()
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", "not an array")
        z.writestr("x.npy", npy(np.arange(4, dtype="<i8")))
    save("npz", "with_readme", f.getvalue())

    data = b"".join(b"%d,%d;" % (i, i * i % 97) for i in range(40)) + bytes(range(0, 256, 9))
    for label, level, strategy in [("stored", 0, zlib.Z_DEFAULT_STRATEGY), ("fixed", 6, zlib.Z_FIXED),
                                   ("dynamic", 9, zlib.Z_DEFAULT_STRATEGY), ("rle", 6, zlib.Z_RLE)]:
        c = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
        stream = c.compress(data) + c.flush()
        save("inflate", label, len(data).to_bytes(3, "little") + stream)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    save("inflate", "long_run", (5000).to_bytes(3, "little") + c.compress(b"a" * 5000) + c.flush())

    # Options byte: bits 0-1 delimiter (, ; tab space), 2-3 missing policy, 4-5 header lines.
    save("csv", "table", bytes([0x10]) + b"time,temp,humidity\r\n0, 20.5,0.25\r\n1,21.0,\r\n\r\n2,NaN,NA\r\n")
    save("csv", "quoted", bytes([0x00]) + b'"1",2\n"3.5","-1e3"\n" 4 ",""\n')
    save("csv", "comments_semicolon", bytes([0x01]) + b"# c\n1;2;3\n\n4;5;6\n")
    save("csv", "tabs", bytes([0x02]) + b"1\t2\n3\tinf\n")
    save("csv", "multiline_quote", bytes([0x00]) + b'1,"2\n"\n3,"4"\n')


if __name__ == "__main__":
    main()
