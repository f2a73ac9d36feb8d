"""Prints the `cases` table of ArrayFormatterTests.swift from real NumPy (2.4).

Run: python3 make_format_cases.py > cases.swift, then paste the output into the test file.
Each case is (name, NumPy expression, Swift expression for the values or None). With None the
values are written out literally; large arrays give a Swift expression building the same values.
"""
import math

import numpy as np

f32 = np.float32

CASES = [
    # integers: right-aligned to the widest
    ("int row", "np.array([11, 22, 33, 44])", None),
    ("int squares", "np.array([1, 4, 9, 16, 25])", None),
    ("int 2-D", "np.array([[11, 22, 33], [14, 25, 36]])", None),
    ("int negative widest", "np.array([-100, 5, 20])", None),
    ("int32 same as int64", "np.array([7, -3], dtype=np.int32)", None),
    ("uint8 row", "np.array([0, 7, 255, 128], dtype=np.uint8)", None),
    ("uint64 beyond int64", "np.array([0, 2**64 - 1, 2**63], dtype=np.uint64)", None),
    ("uint32 2-D", "np.array([[1, 4294967295], [30, 4]], dtype=np.uint32)", None),
    ("0-d uint64", "np.array(np.uint64(2**64 - 1))", None),
    ("int64 extremes", "np.array([-9223372036854775808, 9223372036854775807])", None),
    ("int column", "np.array([[1], [20], [300]])", None),
    # booleans
    ("bool row", "np.array([True, False])", None),
    ("bool 2-D", "np.array([[True, True], [False, True]])", None),
    # floats, positional
    ("float short", "np.array([1.4, 3.2])", None),
    ("float identity", "np.eye(2)", None),
    ("float aligned points", "np.array([1.5, 2.25])", None),
    ("float mixed widths", "np.array([-1.5, 100.0, 0.125])", None),
    ("float negative zero", "np.array([-0.0, 1.0])", None),
    ("float only negative zero", "np.array([-0.0])", None),
    ("float zeros", "np.zeros(3)", None),
    ("float capped at 8 digits", "np.array([1/3, 2/3])", None),
    ("float 0.1 + 0.2", "np.array([0.1 + 0.2, 1.0])", None),
    ("float rounded then trimmed", "np.array([0.12345669999, 0.5])", None),
    ("float rounding carries", "np.array([0.999999999, 2.5])", None),
    ("float just below 1e8", "np.array([99999999.0, 1e6])", None),
    ("float min 1e-4 stays positional", "np.array([0.0001, 0.1])", None),
    ("float ratio exactly 1000", "np.array([1.0, 1000.0])", None),
    # floats, scientific
    ("sci small", "np.array([1e-05, 1.0])", None),
    ("sci with fraction", "np.array([1e-05, 1.5])", None),
    ("sci large", "np.array([1e8, 1.0])", None),
    ("sci ratio over 1000", "np.array([1.0, 1001.0])", None),
    ("sci capped at 8 digits", "np.array([1/3, 1e-5])", None),
    ("sci rounded then trimmed", "np.array([1.23456789999e-5, 1.0])", None),
    ("sci rounds up a power of ten", "np.array([9.9999999999e-5, 1.0])", None),
    ("sci three-digit exponent", "np.array([1e-100, 1e100, 1.0])", None),
    ("sci with negatives and zero", "np.array([-1.25e-7, 0.0, 3e5])", None),
    ("sci negative zero", "np.array([-0.0, 1e-9])", None),
    ("sci subnormal", "np.array([5e-324, 1.0])", None),
    # non-finite
    ("nan and inf", "np.array([np.nan, np.inf])", None),
    ("nan and -inf", "np.array([np.nan, -np.inf])", None),
    ("nan among floats", "np.array([1.5, np.nan, -np.inf])", None),
    ("nan in scientific", "np.array([1e-05, np.nan])", None),
    ("nan wider than numbers", "np.array([[1.0, np.nan], [-np.inf, 2.0]])", None),
    # float32
    ("float32 shortest digits", "np.array([0.1, 0.2, 1/3], dtype=f32)", None),
    ("float32 cutoff 1e6", "np.array([1e6, 1.0], dtype=f32)", None),
    ("float32 below cutoff", "np.array([999999.0, 1.0], dtype=f32)", None),
    ("float32 extra exact digits", "np.array([0.1, 1.10571186e-07], dtype=f32)", None),
    ("float32 1e-4 compared as float32", "np.array([1e-4, 0.05], dtype=f32)", None),
    # float16: its own shortest digits and its 1e3 cutoff
    ("float16 shortest digits", "np.array([0.1, 0.2, 1/3, 1.004], dtype=np.float16)", None),
    ("float16 cutoff 1e3", "np.array([1000, 1.5], dtype=np.float16)", None),
    ("float16 below cutoff", "np.array([999.5, 1.5], dtype=np.float16)", None),
    ("float16 specials", "np.array([np.nan, -0.0, 1.25, np.inf, 65504], dtype=np.float16)", None),
    ("float16 subnormal", "np.array([6e-08, 1.0], dtype=np.float16)", None),
    ("0-d float16", "np.array(np.float16(0.1))", None),
    ("0-d float16 1e3", "np.array(np.float16(1000))", None),
    ("0-d float16 999.5", "np.array(np.float16(999.5))", None),
    # nesting and wrapping
    ("3-D blocks", "np.arange(12).reshape(2, 2, 3)", None),
    ("4-D blocks", "np.arange(16).reshape(2, 2, 2, 2)", None),
    ("wrap long int row", "np.arange(40)", None),
    ("wrap long float row", "np.linspace(0, 1, 17)", None),
    ("wrap rows of 2-D", "np.arange(60).reshape(2, 30) * 1000", None),
    ("wrap exactly at width", "np.arange(100, 125)", None),
    ("3-D floats aligned", "np.arange(24).reshape(2, 3, 4) * 1234.5678 + 100.5", None),
    # summarization
    ("summarize wraps long words", "np.arange(3000) * 1.1e5 / 7", "(0..<3000).map { Double($0) * 1.1e5 / 7 }"),
    ("summarize 1-D", "np.arange(2000)", "(0..<2000).map { Int64($0) }"),
    ("summarize 2-D", "np.arange(2000).reshape(40, 50)", "(0..<2000).map { Int64($0) }"),
    ("summarize 3-D", "np.arange(1200).reshape(10, 10, 12)", "(0..<1200).map { Int64($0) }"),
    ("summarize pads from shown only", "np.concatenate([np.arange(1000), [123456789], np.arange(500)])",
     "(0..<1000).map { Int64($0) } + [123456789] + (0..<500).map { Int64($0) }"),
    ("summarize floats", "np.arange(1001) / 4", "(0..<1001).map { Double($0) / 4 }"),
    ("summarize short axis kept", "np.arange(1002).reshape(2, 501)", "(0..<1002).map { Int64($0) }"),
    ("no summary at 1000", "np.arange(1000).reshape(10, 100)", "(0..<1000).map { Int64($0) }"),
    # 0-d and empty
    ("0-d float", "np.array(3.5)", None),
    ("0-d int", "np.array(3)", None),
    ("0-d bool", "np.array(True)", None),
    ("0-d whole float", "np.array(1.0)", None),
    ("0-d float large", "np.array(1e16)", None),
    ("0-d float below 1e16", "np.array(1e15)", None),
    ("0-d float small", "np.array(1.5e-05)", None),
    ("0-d full digits", "np.array(0.1 + 0.2)", None),
    ("0-d negative zero", "np.array(-0.0)", None),
    ("0-d nan", "np.array(np.nan)", None),
    ("0-d -inf", "np.array(-np.inf)", None),
    ("0-d float32", "np.array(f32(0.1))", None),
    ("0-d float32 1e6", "np.array(f32(1e6))", None),
    ("0-d float32 1e-4", "np.array(f32(1e-4))", None),
    ("empty", "np.array([], dtype=np.float64)", None),
    ("empty 2x0", "np.zeros((2, 0))", None),
]


def swift_float(x):
    if math.isnan(x):
        return ".nan"
    if math.isinf(x):
        return "-.infinity" if x < 0 else ".infinity"
    if x == 5e-324:  # the literal would warn in Swift ("underflows and loses precision")
        return ".leastNonzeroMagnitude"
    return repr(float(x))


def swift_values(a, override):
    if a.dtype == np.bool_:
        return ".bool([" + ", ".join("true" if v else "false" for v in a.ravel()) + "])"
    if np.issubdtype(a.dtype, np.unsignedinteger):
        return ".unsigned([" + ", ".join(str(int(v)) for v in a.ravel()) + "])"
    if np.issubdtype(a.dtype, np.integer):
        return ".int(" + (override or "[" + ", ".join(str(int(v)) for v in a.ravel()) + "]") + ")"
    kind = {np.float16: ".half", np.float32: ".single"}.get(a.dtype.type, ".double")
    body = override or "[" + ", ".join(swift_float(float(v)) for v in a.ravel()) + "]"
    return f".float({body}, kind: {kind})"


def swift_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


for name, expr, override in CASES:
    a = np.asarray(eval(expr))
    shape = "[" + ", ".join(str(n) for n in a.shape) + "]"
    print(f"    FormatCase({swift_string(name)}, {shape}, {swift_values(a, override)},")
    print(f"               {swift_string(str(a))}),")
