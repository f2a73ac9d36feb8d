"""NumPy's answers for the small and unsigned integer dtypes (int8, int16, uint8 ... uint64) and
the casts between every pair of dtypes, float16 and bfloat16 (ml_dtypes) included, written by
NumPy 2 (run with /work/venv/bin/python):

- numpy/dtypes.npz and ../DTypesReferenceCases.generated.swift: casts between every pair of
  dtypes (NaN, ±inf, out-of-range and fractional floats included: x86-64 NumPy's float -> int8,
  int16, uint8 and uint16 go through int32 and keep the low bits, NaN and overflow giving 0;
  float -> uint32 and uint64 as its vectorized loop, which the 40-element inputs reach),
  NumPy 2 promotion of the small and unsigned integers with every dtype and with weak Swift
  scalars, wrapping arithmetic (including -128 // -1, abs(-128) and -1 in uint8), bitwise ops
  and comparisons, reductions (sum and prod widen to int64, or uint64 for unsigned inputs;
  max/min keep the type, mean is float64), cumsum (int64 or uint64), sort and matmul (which
  wraps in the operand type).
- numpy/dtypes/*.npy: np.save'd arrays of those integer types (little- and big-endian, C and
  Fortran order, format 1.0 and 3.0) for the .npy round-trip test, and an MNIST-shaped uint8
  image batch with its float32 normalization and float16/bfloat16 weights with their float32
  values, for the load -> astype -> save test.

Tolerances: every case is exact (tolerance 0) except those whose result is a float computed by a
transcendental (sqrt, exp), which allow 2 ulps in the result's dtype as the op fixtures do:
LazyArray's vector sqrt is correctly rounded, exp is within 1 ulp of libm's.
"""
import io
import pathlib
import ml_dtypes
import numpy as np

from reference_writer import reference_case, ulps, write_archive, write_swift_cases

HERE = pathlib.Path(__file__).parent
rng = np.random.default_rng(21)

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "bfloat16",
          "float32", "float64"]
SMALL_AND_UNSIGNED = ["int8", "int16", "uint8", "uint16", "uint32", "uint64"]
SWIFT = {d: "." + d for d in DTYPES}
NP = {d: (ml_dtypes.bfloat16 if d == "bfloat16" else np.dtype(d)) for d in DTYPES}


def sample(dtype, shape):
    """Random values of `dtype` covering its whole range, with its extremes; floats with NaN,
    ±inf, -0.0, fractions and values outside the small integer types."""
    n = int(np.prod(shape))
    if dtype == "bool":
        return rng.integers(0, 2, shape).astype(bool)
    if np.dtype(NP[dtype]).kind in "iu":
        info = np.iinfo(dtype)
        values = rng.integers(info.min, int(info.max) + 1, n, dtype=dtype)
        special = np.array([info.min, info.max, 0, -1 if info.min < 0 else info.max - 1, 1], dtype=dtype)
        values[: min(n, 5)] = special[: min(n, 5)]
        return values.reshape(shape)
    special = [np.nan, np.inf, -np.inf, -0.0, 0.5, -0.5, 300.7, -200.5, 40000.7, -1e10, 1e10, 127.9, -128.9, 65535.0]
    values = rng.normal(0, 200, n).astype(NP[dtype])
    values[: min(n, len(special))] = np.array(special[: min(n, len(special))]).astype(NP[dtype])
    return values.reshape(shape)


cases = []


def case(name, swift, inputs, out, tol=None):
    cases.append(reference_case(name, swift, inputs, out, tol))


with np.errstate(all="ignore"):
    # astype between every pair, on a vector holding each source type's special values.
    for source in DTYPES:
        x = sample(source, (40,))
        for target in DTYPES:
            case(f"astype {source} -> {target}", f"x[0].astype({SWIFT[target]})", [x], x.astype(NP[target]))

    small = SMALL_AND_UNSIGNED
    # Promotion of the small and unsigned integers with every dtype (np.result_type), through add
    # and multiply.
    for a in small:
        for b in DTYPES:
            x, y = sample(a, (3, 4)), sample(b, (4,))
            if np.dtype(NP[b]).kind == "f":
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
            if shape == (6,) and info.min < 0:
                x = np.array([info.min, info.min, info.max, 7, -7, 0], t)
                y = np.array([-1, 1, 1, 0, 2, 0], t)
            elif shape == (6,):
                x = np.array([0, info.max, info.max, 7, 1, 0], t)
                y = np.array([info.max, 1, 2, 0, 2, 0], t)
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
        case(f"{t} > -1", "x[0] .> -1", [x], x > -1) if info.min < 0 else case(f"{t} > 1", "x[0] .> 1", [x], x > 1)
        case(f"{t} + true", "x[0] + true", [x], x + True)
        # Floating results: sqrt of a 16-bit integer is float32 (NumPy's loop for small ints),
        # of a 32- or 64-bit one float64; of an 8-bit one NumPy gives float16, where LazyArray
        # deliberately gives float32 (docs/numpy.md): the case states float32 explicitly.
        nonneg = np.abs(sample(t, (9,)).astype(np.float64)).astype(t)
        if np.dtype(t).itemsize > 1:
            case(f"sqrt {t}", "sqrt(x[0])", [nonneg], np.sqrt(nonneg), ulps(np.sqrt(nonneg), 2))
        else:
            out = np.sqrt(nonneg.astype(np.float32))
            case(f"sqrt {t} (float32, not NumPy's float16)", "sqrt(x[0])", [nonneg], out, ulps(out, 2))

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
for t in SMALL_AND_UNSIGNED:
    x = sample(t, (3, 5))
    np.save(files / f"{t}_C_le_v1.npy", x)
    np.save(files / f"{t}_F_be_v1.npy", np.asfortranarray(x.astype(np.dtype(t).newbyteorder(">"))))
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, x, version=(3, 0))
    (files / f"{t}_C_le_v3.npy").write_bytes(buffer.getvalue())
np.savez(files / "small_ints.npz", int8=sample("int8", (2, 3)), int16=sample("int16", (4,)))
np.savez(files / "unsigned_ints.npz", **{t: sample(t, (2, 3)) for t in ["uint8", "uint16", "uint32", "uint64"]})

# An MNIST-shaped image batch as NumPy saves it, and its normalization x.astype(np.float32) / 255
# (a correctly rounded float32 division in both libraries, so the bytes must agree).
images = rng.integers(0, 256, (16, 28, 28), dtype=np.uint8)
images[0, 0, :3] = [0, 255, 128]
np.save(files / "mnist_batch_uint8.npy", images)
np.save(files / "mnist_batch_normalized_float32.npy", images.astype(np.float32) / 255)
# Weights in float16 and bfloat16 and their exact float32 values.
for name, half in (("float16", np.float16), ("bfloat16", ml_dtypes.bfloat16)):
    weights = (rng.normal(0, 0.05, (8, 16)).astype(np.float32)).astype(half)
    np.save(files / f"weights_{name}.npy", weights)
    np.save(files / f"weights_{name}_as_float32.npy", weights.astype(np.float32))
print(len(cases), "cases")
