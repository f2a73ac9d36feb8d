"""Writes ReductionExpectations.generated.swift: every ReduceOp x input dtype over inputs with
NaN, infinities, signed zeros, integer extremes, sizes across the block VM's 1024-element
block, its 16384-element chunk and its 65536-element reduction piece, and empty axes.

The expected bits are computed here, independently of the Swift code:
- where NumPy's answer is the definition (integer sums and products wrapping in int64, or in
  uint64 for unsigned inputs, max and
  min propagating NaN, argmax/argmin taking the first NaN or the first extreme, any/all, the
  result dtypes), from NumPy, with one deliberate difference: of +0 and -0 the maximum is +0
  and the minimum -0 in any order (IEEE 754-2019 maximum/minimum), where NumPy's sign depends
  on the order and its SIMD path;
- where LazyArray fixes an order NumPy does not share (float sums: 32 float32 lanes per run of
  a block, then float64, pieces merged in order; float64 sums: 8 lanes, then Neumaier; float
  products: float64 in order), from a transcription of that order in this script, for the
  fused path (block VM and C) and for the eager evaluator (one value at a time) separately.
  NumPy's float sum is recorded too, with the tolerance both are held to;
- log-sum-exp's exponentials are VectorMath's (float32, block VM), glibc's (float64) or
  libmvec's (C): its rows hold the exact value (math.fsum) and a tolerance.
- float16 and bfloat16 inputs are float32's rounded to the type; they reduce exactly as float32
  does and the float results are rounded once to the input's type (NumPy's float16 sum
  rounds each buffered chunk to float16 instead, so no NumPy sum is recorded for them).

Run from the repository root: python3 Tests/LazyArrayTests/Fixtures/make_reduction_expectations.py
"""
import math
import struct
import ml_dtypes
import numpy as np

MASK = (1 << 64) - 1
BLOCK, PIECE = 1024, 1 << 16
DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "bfloat16", "float32", "float64"]
HALVES = {"float16": (np.float16, 0x7E00), "bfloat16": (ml_dtypes.bfloat16, 0x7FC0)}
INTEGER_BITS = {"int8": 8, "int16": 16, "int32": 32, "int64": 64, "uint8": 8, "uint16": 16, "uint32": 32, "uint64": 64}
UNSIGNED = {"uint8", "uint16", "uint32", "uint64"}
OPS = ["sum", "prod", "max", "min", "any", "all", "argmax", "argmin", "logSumExp", "logSumExpAboveMax"]
NP = {"bool": np.bool_, "int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64, "uint8": np.uint8, "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64, "float16": np.float16, "bfloat16": ml_dtypes.bfloat16, "float32": np.float32, "float64": np.float64}


def splitmix(seed, i):
    """SplitMix64 of the state seed * 2^32 + i (ReductionExpectations.hash)."""
    z = ((seed << 32) + i + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def value(kind, dtype, h):
    """Element from hash h (ReductionExpectations.value): exact in both languages."""
    if kind == "ones":
        return 1
    if dtype == "bool":
        return h % 3 != 0
    if dtype in INTEGER_BITS:
        width = INTEGER_BITS[dtype]
        low = h & ((1 << width) - 1)
        # Unsigned: the low bits as they are; signed: as two's complement.
        return low - (1 << width) if dtype not in UNSIGNED and low >> (width - 1) else low
    if kind == "nearOne":
        return 1 + ((h >> 40) - (1 << 23)) * 2.0 ** -30
    if dtype == "float32":
        return ((h >> 40) - (1 << 23)) * 2.0 ** -16
    return ((h >> 11) - (1 << 52)) * 2.0 ** -44


def special(kind, dtype):
    info = np.finfo(NP[dtype]) if dtype.startswith("float") else (np.iinfo(NP[dtype]) if dtype != "bool" else None)
    table = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "-0": -0.0, "+0": 0.0,
             "max": info.max if info is not None else 1, "min": info.min if info is not None else 0}
    v = table[kind]
    if dtype == "bool":
        return bool(v == v and v != 0)
    if dtype in INTEGER_BITS:
        # Float specials are 0; "max"/"min" the dtype's (0 for unsigned "min").
        return 0 if isinstance(v, float) else int(v)
    return float(v)


# (name, shape, axes (None: all), seed, value kind, specials [(flat position, kind)])
CASES = [
    ("empty", [0], None, 1, "wide", []),
    ("one", [1], None, 2, "wide", []),
    ("seven", [7], None, 3, "wide", []),
    ("block-1", [1023], None, 4, "wide", []),
    ("block", [1024], None, 5, "wide", []),
    ("block+1", [1025], None, 6, "wide", []),
    ("chunk-1", [16383], None, 7, "wide", []),
    ("chunk", [16384], None, 8, "wide", []),
    ("chunk+1", [16385], None, 9, "wide", []),
    ("three pieces", [140_001], None, 10, "wide", []),
    ("near one", [3001], None, 11, "nearOne", []),
    ("two NaNs", [3000], None, 12, "wide", [(2500, "nan"), (2900, "nan")]),
    ("NaN in a later piece", [70_000], None, 13, "wide", [(69_000, "nan")]),
    ("both infinities", [2000], None, 14, "wide", [(10, "inf"), (1500, "-inf")]),
    ("extremes", [1500], None, 15, "wide", [(3, "max"), (700, "min"), (701, "max"), (1400, "min")]),
    ("zeros of both signs", [40], None, 16, "wide", [(i, "-0" if i % 3 else "+0") for i in range(40)]),
    ("negative zeros", [9], None, 17, "wide", [(i, "-0") for i in range(9)]),
    ("ones", [2049], None, 18, "ones", []),
    ("columns", [1025, 3], [0], 19, "wide", [(7, "nan"), (3 * 1000 + 1, "-0")]),
    ("column pieces", [70_000, 2], [0], 20, "wide", [(2 * 40_000, "inf")]),
    ("column blocks", [3, 1030], [0], 21, "wide", [(1029, "nan")]),
    ("rows", [3, 1500], [1], 22, "wide", [(1500 + 9, "nan")]),
    ("short rows", [1000, 7], [1], 23, "wide", []),
    ("empty columns", [0, 3], [0], 24, "wide", []),
    ("no columns", [3, 0], [0], 25, "wide", []),
]


def rounded(value, dtype):
    """A float32 value rounded once to float16 or bfloat16, as a Python float."""
    return float(np.array([value], dtype=np.float32).astype(NP[dtype])[0])


def make_input(case, dtype):
    if dtype in HALVES:
        # float32's input rounded to the half type (ReductionExpectations.input does the same).
        return [rounded(v, dtype) for v in make_input(case, "float32")]
    name, shape, axes, seed, kind, specials = case
    n = math.prod(shape)
    values = [value(kind, dtype, splitmix(seed, i)) for i in range(n)]
    for position, s in specials:
        values[position] = special(s, dtype)
    return values


def register_type(op, dtype):
    """ReductionSpecification.register (the spec's rules); float16 and bfloat16 reduce in float32."""
    if dtype in HALVES:
        return "bool" if op in ("any", "all") else "float32"
    if op in ("sum", "prod"):
        return dtype if dtype.startswith("float") else ("uint64" if dtype in UNSIGNED else "int64")
    if op in ("max", "min"):
        return dtype
    if op in ("any", "all"):
        return "bool"
    if op in ("argmax", "argmin"):
        return "int32" if dtype == "bool" else dtype
    return dtype if dtype.startswith("float") else ("float32" if dtype == "bool" else "float64")


def cast(values, source, target):
    if target == "bool":
        return [bool(v) for v in values]  # NaN is true
    if target in INTEGER_BITS:
        return [int(v) for v in values]
    if target == "float32":
        return [float(np.float32(v)) for v in values]
    return [float(v) for v in values]


f32 = np.float32


def wrap64(x, unsigned=False):
    x &= MASK
    return x - (1 << 64) if not unsigned and x >> 63 else x


def neumaier_add(state, v):
    s, c = state
    total = s + v
    c += (s - total) + v if abs(s) >= abs(v) else (v - total) + s
    return (total, c)


def finish64(state):
    """SumDouble.finish: a non-finite sum is the sum alone (its compensation is NaN)."""
    return state[0] + state[1] if math.isfinite(state[0]) else state[0]


def sum32_run(v):
    """SumFloat.foldRun: 32 float32 lanes, combined (l, l+8) + (l+16, l+24), then float64."""
    lanes = [f32(0)] * 32
    i = 0
    while i + 32 <= len(v):
        for l in range(32):
            lanes[l] = f32(lanes[l] + f32(v[i + l]))
        i += 32
    total = 0.0
    for l in range(8):
        total += float(f32(f32(lanes[l] + lanes[l + 8]) + f32(lanes[l + 16] + lanes[l + 24])))
    while i < len(v):
        total += v[i]
        i += 1
    return total


def sum64_run(v):
    """SumDouble.foldRun: 8 lanes, combined ((0+4) + (1+5)) + ((2+6) + (3+7))."""
    lanes = [0.0] * 8
    i = 0
    while i + 8 <= len(v):
        for l in range(8):
            lanes[l] += v[i + l]
        i += 8
    total = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]))
    while i < len(v):
        total += v[i]
        i += 1
    return total


def extreme(values, largest):
    if any(v != v for v in values):
        return math.nan
    best = max(values) if largest else min(values)
    if best == 0:
        signs = [math.copysign(1, v) for v in values if v == 0]
        return (0.0 if 1 in signs else -0.0) if largest else (-0.0 if -1 in signs else 0.0)
    return best


def arg_extreme(values, largest):
    for i, v in enumerate(values):
        if v != v:
            return i
    best = max(values) if largest else min(values)
    return next(i for i, v in enumerate(values) if v == best)


def reduce_line(op, rd, line, fused, pieces_of):
    """Reduces `line` (one output's values in reduced-axis order) with op on register rd.
    `fused`: the block VM's order, `pieces_of(line)` giving its pieces as lists of runs; else
    eager's (one value at a time, in order)."""
    if op in ("sum", "prod") and rd in ("int64", "uint64"):
        unsigned = rd == "uint64"
        acc = 0 if op == "sum" else 1
        for v in line:
            acc = wrap64(acc + v, unsigned) if op == "sum" else wrap64(acc * v, unsigned)
        return acc
    if op == "sum" and rd == "float32":
        if not fused:
            acc = 0.0
            for v in line:
                acc += v
            return float(f32(acc))
        states = [fold_runs32(piece) for piece in pieces_of(line)]
        acc = states[0] if states else 0.0
        for s in states[1:]:
            acc += s
        return float(f32(acc))
    if op == "sum" and rd == "float64":
        if not fused:
            state = (0.0, 0.0)
            for v in line:
                state = neumaier_add(state, v)
            return finish64(state)
        states = []
        for piece in pieces_of(line):
            state = (0.0, 0.0)
            for run in piece:
                state = neumaier_add(state, sum64_run(run) if isinstance(run, list) else run)
            states.append(state)
        if not states:
            return 0.0
        state = states[0]
        for later in states[1:]:
            state = neumaier_add(state, later[0])
            state = (state[0], state[1] + later[1])
        return finish64(state)
    if op == "prod":
        acc = 1.0
        if fused:
            parts = []
            for piece in pieces_of(line):
                p = 1.0
                for run in piece:
                    for v in (run if isinstance(run, list) else [run]):
                        p *= v
                parts.append(p)
            for p in parts:
                acc *= p
        else:
            for v in line:
                acc *= v
        return float(f32(acc)) if rd == "float32" else acc
    if op in ("max", "min"):
        if rd == "bool":
            return any(line) if op == "max" else all(line)
        if rd in INTEGER_BITS:
            return max(line) if op == "max" else min(line)
        return extreme(line, op == "max")
    if op == "any":
        return any(line)
    if op == "all":
        return all(line)
    if op in ("argmax", "argmin"):
        return arg_extreme(line, op == "argmax")
    raise ValueError(op)


def fold_runs32(piece):
    total = 0.0
    for run in piece:
        total += sum32_run(run) if isinstance(run, list) else run
    return total


def log_sum_exp(line, above):
    if any(v != v for v in line):
        return math.nan
    if not line:
        return -math.inf
    m = max(line)
    if m == -math.inf:
        return -math.inf
    if m == math.inf:
        return 0.0 if above else math.inf
    s = math.fsum(math.exp(v - m) for v in line)
    return math.log(s) if above else m + math.log(s)


def lines_of(case, values):
    """The reduced lines (one per output element, values in reduced order) and the fused pieces
    function for this case's layout (ReductionLayout)."""
    name, shape, axes, *_ = case
    if axes is None or (len(shape) == 2 and axes == [1]):
        outer = 1 if axes is None else shape[0]
        extent = math.prod(shape) if axes is None else shape[1]
        lines = [values[o * extent:(o + 1) * extent] for o in range(outer)]

        def pieces(line):
            # inner == 1: pieces of 65536, runs of up to a block from each piece's first row.
            result = []
            for first in range(0, len(line), PIECE):
                piece = line[first:first + PIECE]
                result.append([piece[r:r + BLOCK] for r in range(0, len(piece), BLOCK)])
            return result
        return lines, pieces
    rows, columns = shape
    lines = [[values[r * columns + c] for r in range(rows)] for c in range(columns)]
    block = min(columns, BLOCK)
    rows_per_piece = max(1, PIECE // max(block, 1))

    def pieces(line):
        # inner > 1: each column folds its rows one value at a time; pieces of rows merged in order.
        return [[v for v in line[first:first + rows_per_piece]] for first in range(0, len(line), rows_per_piece)]
    return lines, pieces


def bits(value, dtype):
    if dtype == "bool":
        return 1 if value else 0
    if dtype in INTEGER_BITS:
        return value & ((1 << INTEGER_BITS[dtype]) - 1)
    if dtype in HALVES:
        return int(np.array([value], dtype=np.float32).astype(NP[dtype]).view(np.uint16)[0])
    if dtype == "float32":
        return struct.unpack("<I", struct.pack("<f", value))[0]
    return struct.unpack("<Q", struct.pack("<d", value))[0]


def expected(results, dtype):
    words = [bits(v, dtype) for v in results]
    if len(words) <= 8:
        return ".bits([" + ", ".join(f"0x{w:X}" for w in words) + "])"
    digest = 0xCBF29CE484222325
    for v, w in zip(results, words):
        if isinstance(v, float) and v != v:
            w = HALVES[dtype][1] if dtype in HALVES else (0x7FC00000 if dtype == "float32" else 0x7FF8000000000000)
        digest = ((digest ^ w) * 0x100000001B3) & MASK
    return f".digest(count: {len(words)}, 0x{digest:X})"


def result_dtype(op, dtype, rd):
    if dtype in HALVES:
        # The float32 register's result rounded back to the input's type; indices and truth values.
        return {"argmax": "int64", "argmin": "int64", "any": "bool", "all": "bool"}.get(op, dtype)
    if op.startswith("logSumExp"):
        return rd
    fn = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "any": np.any, "all": np.all,
          "argmax": np.argmax, "argmin": np.argmin}[op]
    return str(np.asarray(fn(np.ones(2, NP[dtype]))).dtype)


def numpy_reduction(op, values, dtype, shape, axes):
    """NumPy's results of op over an integer or bool input (its wrapping sums and products, its
    result dtype's values), to check this script's transcription against."""
    arr = np.array(values, dtype=NP[dtype]).reshape(shape)
    fn = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "any": np.any, "all": np.all,
          "argmax": np.argmax, "argmin": np.argmin}[op]
    axis = None if axes is None else (axes[0] if op.startswith("arg") else tuple(axes))
    reference = np.asarray(fn(arr, axis=axis))
    assert str(reference.dtype) == result_dtype(op, dtype, None), (op, dtype, reference.dtype)
    return [bool(v) if reference.dtype == np.bool_ else int(v) for v in np.ravel(reference)]


def swift_float(x):
    if x != x:
        return ".nan"
    if math.isinf(x):
        return "-.infinity" if x < 0 else ".infinity"
    return repr(x)


def main():
    rows_of = {dtype: [] for dtype in DTYPES}
    for index, case in enumerate(CASES):
        name, shape, axes, *_ = case
        n = math.prod(shape)
        for dtype in DTYPES:
            rows = rows_of[dtype]
            values = make_input(case, dtype)
            for op in OPS:
                rd = register_type(op, dtype)
                line_values = cast(values, dtype, rd)
                lines, pieces = lines_of(case, line_values)
                reduced = n if axes is None else math.prod(shape[a] for a in axes)
                result = result_dtype(op, dtype, rd)
                if op in ("max", "min", "argmax", "argmin") and reduced == 0:
                    rows.append(f"        rows.append(Row({index}, .{dtype}, .{op}, .{result}, fused: .noIdentity))")
                    continue
                if op.startswith("logSumExp"):
                    refs = [log_sum_exp(line, op == "logSumExpAboveMax") for line in lines]
                    # One reference per output: log-sum-exp cases are checked within tolerance.
                    rows.append(f"        rows.append(Row({index}, .{dtype}, .{op}, .{result}, fused: .close([" + ", ".join(swift_float(r) for r in refs[:8]) + "]" + (f", count: {len(refs)}" if len(refs) > 8 else "") + ")))")
                    continue
                fused = [reduce_line(op, rd, line, True, pieces) for line in lines]
                eager = [reduce_line(op, rd, line, False, pieces) for line in lines]
                if result in HALVES:
                    fused, eager = [rounded(v, result) for v in fused], [rounded(v, result) for v in eager]
                if dtype == "bool" or dtype in INTEGER_BITS:
                    assert fused == eager == numpy_reduction(op, values, dtype, shape, axes), (name, dtype, op)
                row = f"        rows.append(Row({index}, .{dtype}, .{op}, .{result}, fused: {expected(fused, result)}"
                if eager != fused and not all(a != a and b != b for a, b in zip(fused, eager)):
                    row += f", eager: {expected(eager, result)}"
                if op == "sum" and rd == dtype and rd.startswith("float") and len(lines) <= 8:
                    with np.errstate(all="ignore"):
                        arr = np.array(values, dtype=NP[dtype]).reshape(shape)
                        ref = np.sum(arr, axis=None if axes is None else tuple(axes))
                    refs = np.ravel(ref).tolist()
                    magnitudes = [sum(abs(v) for v in line) for line in lines]
                    epsilon = 2.0 ** -23 if rd == "float32" else 2.0 ** -52
                    tolerance = [64 * epsilon * m for m in magnitudes]
                    for ours, theirs, t in zip(fused, refs, tolerance):
                        assert (ours != ours and theirs != theirs) or ours == theirs or abs(ours - theirs) <= t, (name, dtype, ours, theirs)
                    row += ", numpy: [" + ", ".join(swift_float(r) for r in refs) + "], tolerance: [" + ", ".join(swift_float(t) for t in tolerance) + "]"
                rows.append(row + "))")
    cases = []
    for name, shape, axes, seed, kind, specials in CASES:
        axes_text = "nil" if axes is None else f"{axes}"
        specials_text = ", ".join(f'({p}, "{k}")' for p, k in specials)
        cases.append(f'        Case("{name}", shape: {shape}, axes: {axes_text}, seed: {seed}, kind: .{kind}, specials: [{specials_text}]),')
    out = [
        "// Generated by Tests/LazyArrayTests/Fixtures/make_reduction_expectations.py: do not edit.",
        "// The definitions behind each expectation are in that script's header.",
        "@testable import Kernels",
        "",
        "extension ReductionExpectations {",
        "    static let cases: [Case] = [",
        *cases,
        "    ]",
        "",
        "    /// One statement per row, in a function per input dtype: one array literal of every",
        "    /// row takes the type checker gigabytes.",
        "    static let rows: [Row] = {",
        "        var rows: [Row] = []",
        *[f"        append{d.capitalize()}Rows(&rows)" for d in DTYPES],
        "        return rows",
        "    }()",
    ]
    for dtype in DTYPES:
        out += ["", f"    private static func append{dtype.capitalize()}Rows(_ rows: inout [Row]) {{", *rows_of[dtype], "    }"]
    out += ["}", ""]
    with open("Tests/LazyArrayTests/ReductionExpectations.generated.swift", "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
