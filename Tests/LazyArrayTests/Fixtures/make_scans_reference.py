"""Writes Fixtures/numpy/scans.npz and ScansReferenceCases.generated.swift: NumPy's answers for
cumsum and cumprod (issue 21) on random inputs of several shapes (empty axes and 0-d included),
every dtype (bool, int32, int64, float32, float64; NaN, +-inf and -0 among the floats), every
axis (negative ones and None), as methods and free functions, and with an elementwise producer
fused into the scan. Run with numpy 2.x from the repository root:
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
"""
import pathlib, warnings
import numpy as np
from reference_writer import quarter_integers, reference_case, write_archive, write_swift_cases
warnings.simplefilter("ignore")

HERE = pathlib.Path(__file__).resolve().parent
rng = np.random.default_rng(20261208)
NAN, INF = float("nan"), float("inf")
DTYPES = [np.bool_, np.int32, np.int64, np.float32, np.float64]
cases = []   # (name, swift expression over x[...], inputs, expected, tolerance)

def add(name, swift, inputs, out, tol=None):
    cases.append(reference_case(name, swift, inputs, out, tol))

def specials(shape, dtype):
    """Quarter-integers with NaN, +-inf and -0 scattered in (floats of 9 or more), small integers, or bools."""
    return quarter_integers(rng, shape, dtype, offset=3, smallest=9)

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
    return np.cumsum(a, axis=axis) if op == "cumsum" else np.cumprod(a, axis=axis)

# --- every dtype, shape and axis, as methods and free functions -----------------------------
SHAPES = [(), (1,), (7,), (0,), (3, 4), (5, 1), (3, 0), (2, 0, 3), (2, 3, 4), (4, 24)]
for dt in DTYPES:
    for shape in SHAPES:
        a = specials(shape, dt)
        axes = [None] + [k for k in range(-a.ndim, a.ndim)]
        for op in ["cumsum", "cumprod"]:
            for axis in axes:
                out = numpy_scan(op, a, axis)
                tol = scan_tol(op, a, axis, out) if op == "cumprod" else None
                add(f"{op} {tag(a)} axis {swift_axis(axis)}", f"x[0].{op}(axis: {swift_axis(axis)})", [a], out, tol)
            add(f"{op} {tag(a)} free function, default axis", f"{op}(x[0])", [a], numpy_scan(op, a, None),
                scan_tol(op, a, None, numpy_scan(op, a, None)) if op == "cumprod" else None)
            if a.ndim >= 1:
                out = numpy_scan(op, a, -1)
                add(f"{op} {tag(a)} free function axis -1", f"{op}(x[0], axis: -1)", [a], out,
                    scan_tol(op, a, -1, out) if op == "cumprod" else None)

# --- producers fused into the scan (and NumPy's promotion of them) ---------------------------
for dt in DTYPES[1:]:
    for shape in [(7,), (3, 4), (2, 3, 4), (2, 0, 3)]:
        a = specials(shape, dt)
        for axis in [None, 0, -1]:
            x = a * 2 + 1
            add(f"cumsum({tag(a)} * 2 + 1) axis {swift_axis(axis)}", f"cumsum(x[0] * 2 + 1, axis: {swift_axis(axis)})", [a],
                np.cumsum(x, axis=axis), scan_tol("cumsum", x, axis, np.cumsum(x, axis=axis)) if dt in (np.float32, np.float64) else None)
            y = np.abs(a) - 3
            out = np.cumprod(y, axis=axis)
            add(f"cumprod(abs({tag(a)}) - 3) axis {swift_axis(axis)}", f"cumprod(abs(x[0]) - 3, axis: {swift_axis(axis)})", [a], out,
                scan_tol("cumprod", y, axis, out))
        if len(shape) >= 2:
            t = a.T * 3
            out = np.cumsum(t, axis=0)
            add(f"cumsum({tag(a)}.T * 3) axis 0 (transposed producer)", "cumsum(x[0].T * 3, axis: 0)", [a], out)
for shape in [(3, 4), (2, 3, 4)]:
    b = specials(shape, np.bool_)
    v = specials(shape, np.float32)
    add(f"cumsum of a comparison float32{list(shape)} axis -1", "cumsum(x[0] .> 0, axis: -1)", [v], np.cumsum(v > 0, axis=-1))
    add(f"cumsum of bool{list(shape)} as int32 axis 0", "x[0].astype(.int32).cumsum(axis: 0)", [b], np.cumsum(b.astype(np.int32), axis=0))

# --- integer wrap-around ------------------------------------------------------------------
for dt in [np.int32, np.int64]:
    big = np.array([np.iinfo(dt).max, 1, np.iinfo(dt).max, np.iinfo(dt).min, -1], dtype=dt)
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
