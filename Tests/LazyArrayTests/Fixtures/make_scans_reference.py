"""Writes Fixtures/numpy/scans.npz and ScansReferenceCases.generated.swift: NumPy's answers for
cumsum and cumprod (issue 21) on random inputs of several shapes (empty axes and 0-d included),
every dtype (bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, bfloat16
(ml_dtypes), float32, float64; NaN, +-inf and -0 among the floats, each integer type's extremes
among its values), every axis (negative ones and None), as methods and free functions, and with
an elementwise producer fused into the scan. Run with numpy 2.x and ml_dtypes from the
repository root (/work/venv/bin/python):
    python3 Tests/LazyArrayTests/Fixtures/make_scans_reference.py

The format is make_numpy_reference.py's (case i: inputs `in_<n>`, NumPy's result `i_out` and the
absolute tolerance of each element `i_tol`, 0 meaning bitwise with NaN equal to NaN), so
`NumPyReference.mismatch` checks it. Tolerances, and why:
- integers and bools: exact. NumPy scans bool and int32 in int64 (the default integer on Linux)
  and wraps on overflow, as LazyArray does: the products here overflow int64 on purpose.
- float sums of quarter-integers (with NaN, +-inf, -0): every partial sum is a multiple of 1/4
  below 2^21, exact in float32 and float64 in any order: bitwise, and the NaN and infinities
  fall where NumPy's do (a sum is NaN once both infinities or a NaN are in it, whichever way it
  is associated, and no finite partial sum overflows).
- float sums of normal values: NumPy's accumulate adds one element after another; LazyArray
  adds in chunks (4032 along a contiguous axis, up to 32768 elements across rows) and adds each
  chunk to the sum before it. Any order of the n - 1 additions that make the n-th result is
  within (n - 1) u sum_{i<=n} |x_i| of the exact sum (Higham, Accuracy and Stability, 4.2;
  u = eps / 2), so the two are within 2 (n - 1) u sum|x| <= n eps sum|x| of each other: the
  tolerance of the n-th element along the axis is n eps cumsum(|x|) (computed in float64).
- float products: each result is a product of n factors, within (n - 1) u relative of the exact
  one in any order (no underflow or overflow: the factors are near 1, or quarter-integers of at
  most 10 along axes of at most 24), so the tolerance is n eps |cumprod(x)| (in float64).
- int8, int16 scan in int64 and uint8 ... uint64 in uint64, as NumPy does, wrapping (the extremes
  are among the inputs): exact.
- float16 and bfloat16 (LazyArray's deliberate rule, not NumPy's float16 loop, which rounds every
  partial sum to float16): the scan runs in float32 and the result is rounded to the type once,
  so the expected value is NumPy's float32 scan of the (exact) float32 widening of the input,
  rounded to the type (for bfloat16 ml_dtypes' round-to-nearest-even). Sums of quarter-integers
  are exact in float32, so their rounded result is bitwise. Where the float32 result is only
  within the bounds above (products; sums of normal values), two float32 results within the
  bound may round to neighbouring values of the type: the tolerance is the float32 bound plus
  1 ulp of the result in its own type (float16: 2^-10 relative, bfloat16: 2^-7). In float16
  ulps of the result that is at most 1.0 for the quarter-integer products, 2.5 for the
  products near 1, and for the sums of 9000 normal values up to ~10^6 where cancellation
  leaves a result near 0 (n eps32 sum|x| is the float32 bound itself, not widened for the
  half types).
"""
import pathlib, warnings
import ml_dtypes
import numpy as np
from reference_writer import quarter_integers, reference_case, write_archive, write_swift_cases
warnings.simplefilter("ignore")

HERE = pathlib.Path(__file__).resolve().parent
rng = np.random.default_rng(20261208)
NAN, INF = float("nan"), float("inf")
DTYPES = [np.bool_, np.int32, np.int64, np.float32, np.float64]
# The dtypes added later draw from their own generator, so the cases above keep their inputs.
NEW_DTYPES = [np.int8, np.int16, np.uint8, np.uint16, np.uint32, np.uint64, np.float16, ml_dtypes.bfloat16]
HALVES = (np.float16, ml_dtypes.bfloat16)
rng_new = np.random.default_rng(20261209)
cases = []   # (name, swift expression over x[...], inputs, expected, tolerance)

def add(name, swift, inputs, out, tol=None):
    cases.append(reference_case(name, swift, inputs, out, tol))

def is_half(dtype): return np.dtype(dtype) in [np.dtype(h) for h in HALVES]

def specials(shape, dtype):
    """Quarter-integers with NaN, +-inf and -0 scattered in (floats of 9 or more), small integers, or bools.
    The new dtypes: quarter-integers with those specials in the half types (rounded from float64:
    exact, being at most 10); in the small and unsigned integers values in [-9, 9] (signed) or
    [0, 18] (unsigned) with the type's minimum and maximum (and maximum - 1) at positions
    7 i + 3 when there are 9 elements or more."""
    if not any(np.dtype(dtype) == np.dtype(d) for d in NEW_DTYPES):
        return quarter_integers(rng, shape, dtype, offset=3, smallest=9)
    n = int(np.prod(shape))
    if is_half(dtype):
        v = rng_new.integers(-40, 41, n) / 4.0
        extremes = [NAN, INF, -INF, -0.0]
    else:
        info = np.iinfo(dtype)
        v = rng_new.integers(-9, 10, n) if info.min < 0 else rng_new.integers(0, 19, n)
        v = v.astype(object)
        extremes = [int(info.min), int(info.max), int(info.max) - 1]
    if n >= 9:
        for i, e in enumerate(extremes):
            v[(i * 7 + 3) % n] = e
    if not is_half(dtype):
        return np.array([int(e) for e in v], dtype=dtype).reshape(shape)
    return np.asarray(v, dtype=np.float64).astype(dtype).reshape(shape)

def name(dtype): return np.dtype(dtype).name
def tag(a): return f"{name(a.dtype)}{list(a.shape)}"
def swift_axis(axis): return "nil" if axis is None else str(axis)

def positions(shape, axis):
    """1-based position of each element along `axis` (of the flattened array for None)."""
    if axis is None:
        return np.arange(1, int(np.prod(shape)) + 1, dtype=np.float64)
    axis = axis % len(shape)
    index = np.arange(1, shape[axis] + 1, dtype=np.float64).reshape([-1 if k == axis else 1 for k in range(len(shape))])
    return np.broadcast_to(index, shape)

def scan_tol(op, x, axis, out):
    """n eps cumsum(|x|) for sums, n eps |cumprod(x)| for products (floats; see the header)."""
    out = np.asarray(out)
    if out.dtype.kind != "f":
        return None
    eps = float(np.finfo(out.dtype).eps)
    wide = np.asarray(x, dtype=np.float64)
    n = positions(wide.shape, axis).reshape(out.shape)
    scale = np.cumsum(np.abs(wide), axis=axis) if op == "cumsum" else np.abs(np.cumprod(wide, axis=axis))
    return n * eps * scale

def numpy_scan(op, a, axis):
    """NumPy's scan; of a half type, NumPy's float32 scan of its widening rounded once to the type."""
    if is_half(a.dtype):
        return numpy_scan(op, a.astype(np.float32), axis).astype(a.dtype)
    return np.cumsum(a, axis=axis) if op == "cumsum" else np.cumprod(a, axis=axis)

def half_ulp(out):
    """1 ulp of each element of a float16/bfloat16 result, in its own type (as float64)."""
    wide = np.abs(np.asarray(out).astype(np.float64))
    finfo = ml_dtypes.finfo(out.dtype)
    # 2^(exponent - fraction bits), the exponent no lower than the smallest normal's (subnormals
    # and zero: the smallest subnormal).
    exponent = np.floor(np.log2(np.where((wide > 0) & np.isfinite(wide), wide, 1.0)))
    exponent = np.where(wide > 0, np.maximum(exponent, int(finfo.minexp)), int(finfo.minexp))
    return np.where(np.isfinite(wide), 2.0 ** (exponent - int(finfo.nmant)), 0.0)

def tolerance(op, x, axis, out, rounding_only=False):
    """The float32 bound (scan_tol) and, for a half result, 1 ulp of the type; None (bitwise) for a
    half-type sum of quarter-integers (`rounding_only`: exact in float32, rounded once)."""
    out = np.asarray(out)
    if not is_half(out.dtype):
        return scan_tol(op, x, axis, out)
    if rounding_only:
        return None
    wide = np.asarray(out).astype(np.float32)
    tol = scan_tol(op, np.asarray(x).astype(np.float32), axis, wide) + half_ulp(out).reshape(wide.shape)
    # 0 where the result is not finite (reference_case does so for kind 'f' only, not bfloat16's 'V').
    return np.where(np.isfinite(wide), tol, 0.0)

# --- every dtype, shape and axis, as methods and free functions -----------------------------
SHAPES = [(), (1,), (7,), (0,), (3, 4), (5, 1), (3, 0), (2, 0, 3), (2, 3, 4), (4, 24)]
for dt in DTYPES + NEW_DTYPES:
    for shape in SHAPES:
        a = specials(shape, dt)
        axes = [None] + [k for k in range(-a.ndim, a.ndim)]
        for op in ["cumsum", "cumprod"]:
            for axis in axes:
                out = numpy_scan(op, a, axis)
                tol = tolerance(op, a, axis, out) if op == "cumprod" else None
                add(f"{op} {tag(a)} axis {swift_axis(axis)}", f"x[0].{op}(axis: {swift_axis(axis)})", [a], out, tol)
            add(f"{op} {tag(a)} free function, default axis", f"{op}(x[0])", [a], numpy_scan(op, a, None),
                tolerance(op, a, None, numpy_scan(op, a, None)) if op == "cumprod" else None)
            if a.ndim >= 1:
                out = numpy_scan(op, a, -1)
                add(f"{op} {tag(a)} free function axis -1", f"{op}(x[0], axis: -1)", [a], out,
                    tolerance(op, a, -1, out) if op == "cumprod" else None)

# --- producers fused into the scan (and NumPy's promotion of them) ---------------------------
# (The producers of the new dtypes run in their own type, as NumPy's with a weak Python scalar:
# small and unsigned integers wrap, the half types round each operation; the 9-element and
# larger inputs of the integer types hold their extremes, so `* 2 + 1` and `- 3` wrap.)
for dt in DTYPES[1:] + NEW_DTYPES:
    for shape in [(7,), (3, 4), (2, 3, 4), (2, 0, 3)]:
        a = specials(shape, dt)
        for axis in [None, 0, -1]:
            x = a * 2 + 1
            out = numpy_scan("cumsum", x, axis)
            add(f"cumsum({tag(a)} * 2 + 1) axis {swift_axis(axis)}", f"cumsum(x[0] * 2 + 1, axis: {swift_axis(axis)})", [a],
                out, tolerance("cumsum", x, axis, out, rounding_only=True) if dt in (np.float32, np.float64) or is_half(dt) else None)
            y = np.abs(a) - 3
            out = numpy_scan("cumprod", y, axis)
            add(f"cumprod(abs({tag(a)}) - 3) axis {swift_axis(axis)}", f"cumprod(abs(x[0]) - 3, axis: {swift_axis(axis)})", [a], out,
                tolerance("cumprod", y, axis, out))
        if len(shape) >= 2:
            t = a.T * 3
            out = numpy_scan("cumsum", t, 0)
            add(f"cumsum({tag(a)}.T * 3) axis 0 (transposed producer)", "cumsum(x[0].T * 3, axis: 0)", [a], out)
for shape in [(3, 4), (2, 3, 4)]:
    b = specials(shape, np.bool_)
    v = specials(shape, np.float32)
    add(f"cumsum of a comparison float32{list(shape)} axis -1", "cumsum(x[0] .> 0, axis: -1)", [v], np.cumsum(v > 0, axis=-1))
    add(f"cumsum of bool{list(shape)} as int32 axis 0", "x[0].astype(.int32).cumsum(axis: 0)", [b], np.cumsum(b.astype(np.int32), axis=0))

# --- integer wrap-around ------------------------------------------------------------------
for dt in [np.int32, np.int64, np.int8, np.int16, np.uint8, np.uint16, np.uint32, np.uint64]:
    info = np.iinfo(dt)
    big = np.array([info.max, 1, info.max, info.min, -1 if info.min < 0 else info.max - 1], dtype=dt)
    add(f"cumsum {name(dt)} extremes", "x[0].cumsum()", [big], np.cumsum(big))
    add(f"cumprod {name(dt)} extremes", "x[0].cumprod()", [big], np.cumprod(big))
    ramp = (np.arange(1, 41) * 7).astype(dt)
    add(f"cumprod {name(dt)} overflowing ramp", "x[0].cumprod()", [ramp], np.cumprod(ramp))

# --- normal values across the kernel's chunks and segments ---------------------------------
# float32 at every regime of the kernel (AxisScan: chunks of a line, segments of a line, segments
# of rows, a row per unit), float64 on two; kept to a few hundred thousand elements in all.
LONG32 = [((9000,), None, True), ((33000,), 0, True), ((260, 130), 0, False), ((17000, 2), 0, False), ((2, 16500), 0, False)]
LONG64 = [((2, 5000), -1, True), ((4200, 8), 0, False)]
for dt, layouts in [(np.float32, LONG32), (np.float64, LONG64)]:
    for shape, axis, products in layouts:
        a = rng.standard_normal(shape).astype(dt)
        out = np.cumsum(a, axis=axis)
        add(f"cumsum normal {tag(a)} axis {swift_axis(axis)}", f"cumsum(x[0], axis: {swift_axis(axis)})", [a], out, scan_tol("cumsum", a, axis, out))
        if products:
            f = (1 + rng.standard_normal(shape) * 0.003).astype(dt)
            out = np.cumprod(f, axis=axis)
            add(f"cumprod near 1 {tag(f)} axis {swift_axis(axis)}", f"cumprod(x[0], axis: {swift_axis(axis)})", [f], out, scan_tol("cumprod", f, axis, out))
a = rng.standard_normal((2, 9000)).astype(np.float32)
x = a * 2 + 1
out = np.cumsum(x, axis=-1)
add(f"cumsum(normal {tag(a)} * 2 + 1) axis -1 (producer across chunks)", "cumsum(x[0] * 2 + 1, axis: -1)", [a], out, scan_tol("cumsum", x, -1, out))
# float16 and bfloat16 across the chunks and segments too: float32 scans rounded once.
for dt, shape, axis in [(np.float16, (9000,), None), (ml_dtypes.bfloat16, (2, 16500), 0), (np.float16, (260, 130), 0),
                        (ml_dtypes.bfloat16, (2, 5000), -1)]:
    a = rng_new.standard_normal(shape).astype(dt)
    out = numpy_scan("cumsum", a, axis)
    add(f"cumsum normal {tag(a)} axis {swift_axis(axis)}", f"cumsum(x[0], axis: {swift_axis(axis)})", [a], out, tolerance("cumsum", a, axis, out))
    f = (1 + rng_new.standard_normal(shape) * 0.003).astype(dt)
    out = numpy_scan("cumprod", f, axis)
    add(f"cumprod near 1 {tag(f)} axis {swift_axis(axis)}", f"cumprod(x[0], axis: {swift_axis(axis)})", [f], out, tolerance("cumprod", f, axis, out))
for dt in [np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.uint64]:
    info = np.iinfo(dt)
    v = rng_new.integers(int(info.min), int(info.max), 33000, dtype=dt, endpoint=True)
    add(f"cumsum {name(dt)}[33000] over the whole range (segments, exact)", "cumsum(x[0])", [v], np.cumsum(v))
ints = rng.integers(-1000, 1000, 33000).astype(np.int32)
add("cumsum int32[33000] (segments, exact)", "cumsum(x[0])", [ints], np.cumsum(ints))
odd = (2 * rng.integers(-50, 50, 5000) + 1).astype(np.int64)
add("cumprod int64[5000] of odd numbers (chunked, wrapping, never 0)", "cumprod(x[0], axis: 0)", [odd], np.cumprod(odd, axis=0))
s = specials((4, 9000), np.float64)
add("cumsum float64[4, 9000] with NaN and inf (chunked)", "cumsum(x[0], axis: -1)", [s], np.cumsum(s, axis=-1))
add("cumsum float64[4, 9000] with NaN and inf axis nil", "cumsum(x[0])", [s], np.cumsum(s))

# --- write ----------------------------------------------------------------------------------
# float32 tolerances, rounded up, take half the room of float64 ones (0 stays 0: bitwise).
def float32_tolerance(tol):
    tol32 = np.asarray(tol, dtype=np.float32)
    return np.array(np.where(tol32 > 0, np.nextafter(tol32, np.float32(np.inf)), tol32), order="C")
archive = HERE / "numpy" / "scans.npz"
input_names = write_archive(archive, cases, tolerance=float32_tolerance)
write_swift_cases(HERE.parent / "ScansReferenceCases.generated.swift", "make_scans_reference.py", "ScansReference", cases, input_names)
print(len(cases), "cases,", archive.stat().st_size, "bytes")
