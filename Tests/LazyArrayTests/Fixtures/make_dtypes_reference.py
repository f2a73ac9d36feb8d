"""NumPy's answers for the int8 and int16 dtypes, written by NumPy 2 (run with /work/venv/bin/python):

- numpy/dtypes.npz and ../DTypesReferenceCases.generated.swift: casts between every pair of
  dtypes (NaN, ±inf, out-of-range and fractional floats included: x86-64 NumPy's float -> int8
  and int16 go through int32 and keep the low bits, NaN and overflow giving 0), NumPy 2
  promotion of int8/int16 with every dtype and with weak Swift scalars, wrapping arithmetic
  (including -128 // -1 and abs(-128)), bitwise ops and comparisons, reductions (sum and prod
  widen to int64, max/min keep the type, mean is float64), cumsum (int64), sort and matmul
  (which wraps in the operand type).
- numpy/dtypes/*.npy: np.save'd int8 and int16 arrays (little- and big-endian, C and Fortran
  order, format 1.0 and 3.0) for the .npy round-trip test.

Tolerances: every case is exact (tolerance 0) except those whose result is a float computed by a
transcendental (sqrt, exp), which allow 2 ulps in the result's dtype as the op fixtures do:
LazyArray's vector sqrt is correctly rounded, exp is within 1 ulp of libm's.
"""
import io
import pathlib
import numpy as np

from reference_writer import reference_case, ulps, write_archive, write_swift_cases

HERE = pathlib.Path(__file__).parent
rng = np.random.default_rng(21)

DTYPES = ["bool", "int8", "int16", "int32", "int64", "float32", "float64"]
SWIFT = {d: "." + d for d in DTYPES}


def sample(dtype, shape):
    """Random values of `dtype` covering its whole range, with its extremes; floats with NaN,
    ±inf, -0.0, fractions and values outside the small integer types."""
    n = int(np.prod(shape))
    if dtype == "bool":
        return rng.integers(0, 2, shape).astype(bool)
    if dtype.startswith("int"):
        info = np.iinfo(dtype)
        values = rng.integers(info.min, int(info.max) + 1, n, dtype=dtype)
        special = np.array([info.min, info.max, 0, -1, 1], dtype=dtype)
        values[: min(n, 5)] = special[: min(n, 5)]
        return values.reshape(shape)
    special = [np.nan, np.inf, -np.inf, -0.0, 0.5, -0.5, 300.7, -200.5, 40000.7, -1e10, 1e10, 127.9, -128.9, 65535.0]
    values = rng.normal(0, 200, n).astype(dtype)
    values[: min(n, len(special))] = np.array(special[: min(n, len(special))], dtype=dtype)
    return values.reshape(shape)


cases = []


def case(name, swift, inputs, out, tol=None):
    cases.append(reference_case(name, swift, inputs, out, tol))


with np.errstate(all="ignore"):
    # astype between every pair, on a vector holding each source type's special values.
    for source in DTYPES:
        x = sample(source, (40,))
        for target in DTYPES:
            case(f"astype {source} -> {target}", f"x[0].astype({SWIFT[target]})", [x], x.astype(target))

    small = ["int8", "int16"]
    # Promotion of int8/int16 with every dtype (np.result_type), through add and multiply.
    for a in small:
        for b in DTYPES:
            x, y = sample(a, (3, 4)), sample(b, (4,))
            if b.startswith("float"):
                y = np.where(np.isfinite(y), y, 1).astype(b)
            case(f"{a} + {b}", "x[0] + x[1]", [x, y], x + y)
            case(f"{b} * {a}", "x[1] * x[0]", [x, y], y * x)

    # Wrapping arithmetic, division, bit operations and comparisons in each small type.
    binary = {
        "a + b": ("x[0] + x[1]", lambda a, b: a + b),
        "a - b": ("x[0] - x[1]", lambda a, b: a - b),
        "a * b": ("x[0] * x[1]", lambda a, b: a * b),
        "a // b": ("floorDivide(x[0], x[1])", lambda a, b: a // b),
        "a % b": ("x[0] % x[1]", lambda a, b: a % b),
        "a / b": ("x[0] / x[1]", lambda a, b: a / b),
        "maximum": ("maximum(x[0], x[1])", np.maximum),
        "minimum": ("minimum(x[0], x[1])", np.minimum),
        "a & b": ("x[0] & x[1]", lambda a, b: a & b),
        "a | b": ("x[0] | x[1]", lambda a, b: a | b),
        "a ^ b": ("x[0] ^ x[1]", lambda a, b: a ^ b),
        "a < b": ("x[0] .< x[1]", lambda a, b: a < b),
        "a == b": ("x[0] .== x[1]", lambda a, b: a == b),
    }
    unary = {
        "-a": ("-x[0]", lambda a: -a),
        "abs": ("abs(x[0])", np.abs),
        "square": ("square(x[0])", np.square),
        "sign": ("sign(x[0])", np.sign),
        "~a": ("~x[0]", lambda a: ~a),
        "relu": ("relu(x[0])", lambda a: np.maximum(a, 0)),
    }
    for t in small:
        info = np.iinfo(t)
        for shape in [(6,), (3, 5), (2, 0)]:
            x, y = sample(t, shape), sample(t, shape)
            if shape == (6,):
                x = np.array([info.min, info.min, info.max, 7, -7, 0], t)
                y = np.array([-1, 1, 1, 0, 2, 0], t)
            for name, (swift, f) in binary.items():
                case(f"{t} {name} {shape}", swift, [x, y], f(x, y))
            for name, (swift, f) in unary.items():
                case(f"{t} {name} {shape}", swift, [x], f(x))
        # Weak Swift scalars keep the array's type (NumPy 2, NEP 50); a float lifts to float64.
        x = sample(t, (7,))
        case(f"{t} + 3", "x[0] + 3", [x], x + 3)
        case(f"5 - {t}", "5 - x[0]", [x], 5 - x)
        case(f"{t} * 100", "x[0] * 100", [x], x * 100)
        case(f"{t} * 2.5", "x[0] * 2.5", [x], x * 2.5)
        case(f"{t} > -1", "x[0] .> -1", [x], x > -1)
        case(f"{t} + true", "x[0] + true", [x], x + True)
        # Floating results: sqrt of int16 is float32 (NumPy's loop for small ints); of int8
        # NumPy gives float16, which LazyArray lacks: the case states float32 explicitly.
        nonneg = np.abs(sample(t, (9,)).astype(np.int64)).astype(t)
        if t == "int16":
            case("sqrt int16", "sqrt(x[0])", [nonneg], np.sqrt(nonneg), ulps(np.sqrt(nonneg), 2))
        else:
            out = np.sqrt(nonneg.astype(np.float32))
            case("sqrt int8 (float32: no float16)", "sqrt(x[0])", [nonneg], out, ulps(out, 2))

        # Reductions: NumPy sums and multiplies small integers in int64.
        for shape in [(4, 5), (3, 0), (6,)]:
            x = sample(t, shape)
            for axis in [None, 0, -1]:
                ax = "nil" if axis is None else str(axis)
                case(f"{t} sum axis {ax} {shape}", f"x[0].sum(axis: {ax})", [x], np.sum(x, axis=axis))
                case(f"{t} prod axis {ax} {shape}", f"x[0].prod(axis: {ax})", [x], np.prod(x, axis=axis))
                case(f"{t} cumsum axis {ax} {shape}", f"x[0].cumsum(axis: {ax})", [x], np.cumsum(x, axis=axis))
                if 0 not in shape:
                    case(f"{t} max axis {ax} {shape}", f"x[0].max(axis: {ax})", [x], np.max(x, axis=axis))
                    case(f"{t} min axis {ax} {shape}", f"x[0].min(axis: {ax})", [x], np.min(x, axis=axis))
                    case(f"{t} argmax axis {ax} {shape}", f"x[0].argmax(axis: {ax})", [x], np.argmax(x, axis=axis))
                    case(f"{t} mean axis {ax} {shape}", f"x[0].mean(axis: {ax})", [x], np.mean(x, axis=axis),
                         ulps(np.mean(x, axis=axis), 2))
            case(f"{t} sort {shape}", "x[0].sort(axis: -1)", [x], np.sort(x, axis=-1))
        # Fused chains of several ops, where wrap-around happens in the middle.
        x, y = sample(t, (4, 8)), sample(t, (8,))
        case(f"{t} chain", "(x[0] * 3 + x[1]) * x[0] - 7", [x, y], (x * 3 + y) * x - 7)
        a, b = sample(t, (3, 4)), sample(t, (4, 2))
        case(f"{t} matmul", "matmul(x[0], x[1])", [a, b], np.matmul(a, b))

names = write_archive(HERE / "numpy" / "dtypes.npz", cases)
write_swift_cases(HERE.parent / "DTypesReferenceCases.generated.swift", "make_dtypes_reference.py", "DTypesReference",
                  cases, names)

# .npy files as NumPy writes them, for the load/save round trip.
files = HERE / "numpy" / "dtypes"
files.mkdir(exist_ok=True)
for t in ["int8", "int16"]:
    x = sample(t, (3, 5))
    np.save(files / f"{t}_C_le_v1.npy", x)
    np.save(files / f"{t}_F_be_v1.npy", np.asfortranarray(x.astype(np.dtype(t).newbyteorder(">"))))
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, x, version=(3, 0))
    (files / f"{t}_C_le_v3.npy").write_bytes(buffer.getvalue())
np.savez(files / "small_ints.npz", int8=sample("int8", (2, 3)), int16=sample("int16", (4,)))
print(len(cases), "cases")
