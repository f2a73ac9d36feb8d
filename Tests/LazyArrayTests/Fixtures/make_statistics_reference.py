"""Writes Fixtures/numpy/statistics.npz and StatisticsReferenceCases.generated.swift: NumPy's
answers for the NaN reductions (nansum, nanprod, nanmax, nanmin, nanmean, nanvar, nanstd),
nan_to_num, isclose/allclose/array_equal, average, cov, corrcoef and diff, on random inputs of
several shapes (empty axes included) with NaN and +-inf, in every dtype (bool, int8, int16,
int32, int64, uint8, uint16, uint32, uint64, float16, bfloat16 (ml_dtypes), float32, float64;
the new integer types hold their minimum and maximum, float16 and bfloat16 -0.0 too), with
negative, tuple and None axes and keepdims. isclose/allclose/array_equal also pair the new
dtypes with each other and with the old ones (mixed promotion).
Run with numpy 2.x from the repository root:
    /work/venv/bin/python Tests/LazyArrayTests/Fixtures/make_statistics_reference.py

Each case i names its inputs (`in_<n>`, each stored once), NumPy's result `i_out` and `i_tol`, the
absolute tolerance of each element (0: bitwise, NaN equal to NaN, -0 distinct from 0; integer
and bool results exactly). A case whose NumPy call raises is not written (the errors are
StatisticsTests' business).

Where the reference is not NumPy's own answer for a new dtype, and why:
- float16 and bfloat16 reductions and means (nansum, nanprod, nanmax, nanmin, nanmean, nanvar,
  nanstd, average, its weighted form when the result is float16/bfloat16, and einsum-like
  sums): LazyArray computes them in float32 and rounds the result once (rule of the dtype
  work), where NumPy's float16 nansum/nanvar round every partial sum to float16 and ml_dtypes'
  bfloat16 every step. The expected value is NumPy's answer on the float32 values, rounded to
  the type. (np.mean of float16 already accumulates in float32: the same answer.)
- bfloat16 NaN functions and nan_to_num: NumPy does not treat ml_dtypes' bfloat16 as a float
  (it is not np.inexact), so np.nansum/np.nanmax of bfloat16 keep NaN as a value and
  np.nan_to_num leaves it unchanged. LazyArray (as JAX) ignores/replaces NaN in bfloat16 as in
  every float type; the float32 route above gives that answer, and nan_to_num of bfloat16 is
  NumPy's nan_to_num on the float64 values with bfloat16's largest finite values as the default
  posinf/neginf, rounded to bfloat16 (as np.nan_to_num does for float16).
- Everything else for the new dtypes (integer reductions widening to int64 / uint64, integer
  means in float64, cov/corrcoef in float64, diff and isclose in the type NumPy 2 promotes to,
  float16/bfloat16 isclose and diff rounding each operation) is NumPy's (and ml_dtypes') own
  answer.

The tolerance of each op class, and why:
- exact (tolerance 0): nanmax/nanmin (a selection), nan_to_num (a selection), integer and bool
  reductions (exact in int64, wrapping alike), diff (one correctly rounded subtraction per
  element, or !=), isclose/allclose/array_equal (the same IEEE subtract, abs, multiply, add
  and compare in the same dtype and order as NumPy's formula, never contracted to an FMA: the
  block VM rounds each, the C target compiles with -ffp-contract=off), the weightless average
  of integers and the means' count division being exact integers in float.
- nansum/nanmean over n elements: any summation order is within gamma_n sum|x| of the exact sum
  (Higham 4.2; NumPy sums pairwise, LazyArray in float64 or float32 lanes), so two are within
  2 (n + 2) eps sum|x| of each other, plus 2 ulp of the result for its roundings (nanmean: all
  of it divided by the count; NumPy divides a float32 sum in float64 and rounds once, LazyArray
  in float32: one more rounding, inside the 2 ulp).
- nanprod over n: each product rounds once, 2 (n + 2) eps |result| (inputs in [0.8, 1.25], so no
  partial product overflows or underflows float32 and breaks the relative bound).
- nanvar/nanstd: two-pass, as the reference script's var: 4 (n + 4) eps sum x^2 / (n - ddof)
  plus 2 ulp; std the root of that scale. Means, variances and deviations of integers and
  bools are float64 sums of float64 terms, so their eps is float64's, not the exact 0 of an
  integer sum.
- average: numerator and weight sum each within 2 (n + 2) eps of the other implementation's
  (positive weights, so sum|w| = sum w): 2 (n + 2) eps (sum|a w| + |avg| sum w) / sum w, plus
  2 ulp.
- cov: the centring's error is second order (the centred rows sum to about zero, so an error
  d in a mean moves c by d * sum(centred) ~ 0), the product within 2 (n + 2) eps |Xc| |Xc|^T
  of the exact one for each implementation (Higham 3.1): 4 (n + 4) eps (|Xc| |Xc|^T) / (n - ddof)
  plus 2 ulp.
- corrcoef: c_ij / (s_i s_j) with relative errors of c_ij, and of c_ii, c_jj halved by the
  roots: tol_c_ij / (s_i s_j) + |r_ij| (tol_c_ii / c_ii + tol_c_jj / c_jj) / 2, plus 4 ulp for
  the root and the two divisions.
- float16 and bfloat16 results: both LazyArray and the reference compute in float32, so each
  rule above applies with float32's eps (the computation's), and its "2 ulp" (nanprod: 2 ulp
  added) is 2 ulps of the result type (float16 2^-10, bfloat16 2^-7 relative): the two float32
  answers within the float32 bound round to values at most 1 ulp apart, and nanstd's root of
  a variance already rounded to the type (sqrt(nanvar), as std) adds at most half an ulp more.
  nanmax/nanmin, nan_to_num, diff (one rounding of the same float32 difference in both) and
  isclose/allclose/array_equal (the same operations rounded in the same type as NumPy's) stay
  exact.
"""
import pathlib, warnings
import ml_dtypes
import numpy as np
from reference_writer import reference_case, write_archive, write_swift_cases, ulps as writer_ulps
warnings.simplefilter("ignore")

HERE = pathlib.Path(__file__).resolve().parent
rng = np.random.default_rng(20261207)
# The dtypes added after the first five draw from their own stream, so the first five's cases
# (and their random inputs) are the same as before they were added.
rng_new = np.random.default_rng(20261208)
NAN, INF = float("nan"), float("inf")
BF16 = np.dtype(ml_dtypes.bfloat16)
NEW_DTYPES = [np.int8, np.int16, np.uint8, np.uint16, np.uint32, np.uint64, np.float16, BF16]
DTYPES = [np.bool_, np.int32, np.int64, np.float32, np.float64] + NEW_DTYPES
NEW = {np.dtype(d) for d in NEW_DTYPES}
HALF = {np.dtype(np.float16), BF16}
cases = []   # (name, swift expression over x[...], inputs, expected, tolerance)

def R(*dtypes):
    """The random stream of a case of these dtypes: the new dtypes' own when any is new."""
    return rng_new if any(np.dtype(d) in NEW for d in dtypes) else rng

def is_float(dt):
    """Floating, bfloat16 included (ml_dtypes' bfloat16 has kind 'V')."""
    return np.dtype(dt).kind == "f" or np.dtype(dt) == BF16

def is_half(dt): return np.dtype(dt) in HALF

def eps(dt):
    """Machine epsilon of a float dtype (bfloat16's 2^-7 included); 0 for integers and bools."""
    return float(ml_dtypes.finfo(dt).eps) if is_float(dt) else 0.0

def compute_eps(dt):
    """The epsilon of the type LazyArray computes `dt`'s reductions in: float32 for float16 and
    bfloat16 (which round the float32 result once), the type's own otherwise."""
    return eps(np.float32) if is_half(dt) else eps(dt)

def ulps(out, k):
    """k units in the last place of each float result in its own dtype (float16 and bfloat16
    included); 0 for exact dtypes."""
    out = np.asarray(out)
    if out.dtype != BF16:
        return writer_ulps(out, k)
    info = ml_dtypes.finfo(BF16)
    magnitude = np.abs(out.astype(np.float64))
    _, e = np.frexp(np.where(magnitude > 0, magnitude, 1.0))   # |v| = m 2^e, m in [0.5, 1)
    exponent = np.where(magnitude > 0, np.maximum(e - 1, info.minexp), info.minexp)
    return k * np.ldexp(1.0, exponent - info.nmant)

def in_float32(arrays):
    """float16 and bfloat16 arrays widened to float32 (exactly), others unchanged."""
    return [x.astype(np.float32) if is_half(x.dtype) else x for x in arrays]

def add(name, swift, inputs, fn, tol=None, rounded_to=None):
    """Adds a case unless NumPy raises: fn() gives NumPy's answer (converted to `rounded_to` when
    given: the float32 answer of a float16 or bfloat16 case), tol(out) its tolerance (0 where
    the answer is not finite)."""
    try:
        out = np.asarray(fn())
    except (ValueError, TypeError, ZeroDivisionError):
        return
    if rounded_to is not None:
        out = out.astype(rounded_to)
    t = None if tol is None else np.asarray(tol(out), np.float64)
    if t is not None and is_float(out.dtype):
        t = np.where(np.isfinite(out.astype(np.float64)), t, 0.0)
    cases.append(reference_case(name, swift, inputs, out, t))

def data(shape, dtype, specials=True, low=None, high=None, stream=None):
    """Normal floats with NaN, +-inf scattered in (and a slice of NaN only; -0.0 too in float16
    and bfloat16), small integers (with the type's extremes in the new integer types), or bools."""
    n = int(np.prod(shape))
    dtype = np.dtype(dtype)
    rng = stream or R(dtype)
    if is_float(dtype):
        v = rng.standard_normal(n) * 3 if low is None else rng.uniform(low, high, n)
        if specials and n:
            v[rng.random(n) < 0.15] = NAN
            if n > 4:
                v[rng.integers(0, n)] = INF
                v[rng.integers(0, n)] = -INF
                if dtype in HALF:
                    v[rng.integers(0, n)] = -0.0
        v = v.astype(dtype).reshape(shape)
        if specials and len(shape) >= 2 and shape[-1] > 0 and v.size:
            v[(0,) * (len(shape) - 1)] = NAN      # the first row along the last axis: NaN only
        return v
    if dtype == np.bool_:
        return (rng.integers(0, 2, n) == 1).reshape(shape)
    v = rng.integers(-50, 51, n).astype(dtype)
    if dtype in NEW and n >= 4:
        info = np.iinfo(dtype)
        v[rng.choice(n, 2, replace=False)] = [info.min, info.max]
    return v.reshape(shape)

def tag(a):
    return f"{np.dtype(a.dtype).name}{list(a.shape)}"

def swift_axes(axes):
    if axes is None: return "axis: nil"
    if isinstance(axes, tuple): return "axes: [" + ", ".join(str(a) for a in axes) + "]"
    return f"axis: {axes}"

def counts(a, axes):
    """How many elements each result reduces, broadcastable against a keepdims result."""
    return np.sum(np.ones(a.shape), axis=axes, keepdims=True)

SHAPES = [(0,), (7,), (3, 5), (2, 0, 4), (4, 3, 6), (3, 1100)]
def axis_sets(ndim):
    sets = [None, 0, -1]
    if ndim >= 2: sets += [1, (0, -1)]
    if ndim >= 3: sets += [-2, (1, 2)]
    return sets

# --- NaN reductions ---------------------------------------------------------------------
for shape in SHAPES:
    for dt in DTYPES:
        a = data(shape, dt)
        p = data(shape, dt, low=0.8, high=1.25) if is_float(dt) else a
        # float16 and bfloat16: NumPy's answer on the float32 values, rounded to the type.
        ra, rp = in_float32([a, p])
        half = dt if is_half(dt) else None
        e = compute_eps(dt)
        # Means, variances and deviations are floating even of integers and bools (float64).
        ef = e if is_float(dt) else eps(np.float64)
        finite = np.where(np.isnan(a), 0, a).astype(np.float64) if is_float(dt) else a.astype(np.float64)
        for axes in axis_sets(len(shape)):
            for keep in (False, True):
                sa, k = swift_axes(axes), "true" if keep else "false"
                tail = f"({tag(a)}, axis={axes}, keepdims={keep})"
                n = counts(a, axes) if keep else np.sum(np.ones(a.shape), axis=axes)
                mag = np.sum(np.abs(finite), axis=axes, keepdims=keep)
                add("nansum" + tail, f"nansum(x[0], {sa}, keepdims: {k})", [a],
                    lambda: np.nansum(ra, axis=axes, keepdims=keep), lambda o: 2 * (n + 2) * e * mag + ulps(o, 2), rounded_to=half)
                add("nanprod" + tail, f"nanprod(x[0], {sa}, keepdims: {k})", [p],
                    lambda: np.nanprod(rp, axis=axes, keepdims=keep), lambda o: 2 * (n + 2) * e * np.abs(o) + (ulps(o, 2) if half else 0), rounded_to=half)
                add("nanmax" + tail, f"nanmax(x[0], {sa}, keepdims: {k})", [a], lambda: np.nanmax(ra, axis=axes, keepdims=keep), rounded_to=half)
                add("nanmin" + tail, f"nanmin(x[0], {sa}, keepdims: {k})", [a], lambda: np.nanmin(ra, axis=axes, keepdims=keep), rounded_to=half)
                valid = np.sum(~np.isnan(a.astype(np.float64)), axis=axes, keepdims=keep)
                add("nanmean" + tail, f"nanmean(x[0], {sa}, keepdims: {k})", [a],
                    lambda: np.nanmean(ra, axis=axes, keepdims=keep), lambda o: 2 * (n + 2) * ef * mag / np.maximum(valid, 1) + ulps(o, 2), rounded_to=half)
                square = np.sum(finite ** 2, axis=axes, keepdims=keep)
                for ddof in (0, 1) if not keep else (0,):
                    dof = np.maximum(valid - ddof, 1)
                    add(f"nanvar ddof={ddof}" + tail, f"nanvar(x[0], {sa}, ddof: {ddof}, keepdims: {k})", [a],
                        lambda: np.nanvar(ra, axis=axes, ddof=ddof, keepdims=keep), lambda o: 4 * (n + 4) * ef * square / dof + ulps(o, 2), rounded_to=half)
                    add(f"nanstd ddof={ddof}" + tail, f"nanstd(x[0], {sa}, ddof: {ddof}, keepdims: {k})", [a],
                        lambda: np.nanstd(ra, axis=axes, ddof=ddof, keepdims=keep), lambda o: 4 * (n + 4) * ef * np.sqrt(square / dof) + ulps(o, 2), rounded_to=half)

# A fused producer: nansum(2 * a - 1) and nanmax of a sum.
a = data((4, 300), np.float32)
add("nansum(a * 2 - 1, axis=-1) float32", "nansum(x[0] * 2 - 1, axis: -1)", [a], lambda: np.nansum(a * 2 - 1, axis=-1),
    lambda o: 2 * 302 * eps(np.float32) * np.sum(np.abs(np.where(np.isnan(a), 0, a * 2 - 1).astype(np.float64)), axis=-1) + ulps(o, 4))
b = data((4, 300), np.float64)
add("nanmax(a + b, axis=0)", "nanmax(x[0] + x[1], axis: 0)", [a, b], lambda: np.nanmax(a + b, axis=0))

# --- nan_to_num ----------------------------------------------------------------------------
def nan_to_num(a, nan=0.0, posinf=None, neginf=None):
    """np.nan_to_num, and for bfloat16 (which NumPy leaves unchanged: ml_dtypes' type is not
    np.inexact) what it does to every other float type, as JAX's jnp.nan_to_num: the
    replacements, by default bfloat16's largest finite values, converted to bfloat16."""
    if np.dtype(a.dtype) != BF16:
        return np.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf)
    big = float(ml_dtypes.finfo(BF16).max)
    return np.nan_to_num(a.astype(np.float64), nan=nan, posinf=big if posinf is None else posinf,
                         neginf=-big if neginf is None else neginf).astype(BF16)
for dt in DTYPES:
    a = data((5, 7), dt)
    add(f"nan_to_num {tag(a)}", "nanToNum(x[0])", [a], lambda: nan_to_num(a))
    add(f"nan_to_num {tag(a)} nan=-1 posinf=1e300 neginf=-2", "nanToNum(x[0], nan: -1, posinf: 1e300, neginf: -2)", [a],
        lambda: nan_to_num(a, nan=-1, posinf=1e300, neginf=-2))
    add(f"nan_to_num {tag(a)} posinf=0.5", "nanToNum(x[0], posinf: 0.5)", [a], lambda: nan_to_num(a, posinf=0.5))

# --- isclose, allclose, array_equal ----------------------------------------------------------
def near(a, dtb):
    """a, and b of dtype dtb at relative steps from it around the default tolerances, both with
    paired specials (inf with inf and -inf, NaN with NaN and 1, 0 and 1e-9) where they hold them."""
    rng = R(a.dtype, dtb)
    b = a.astype(dtb)
    if b.dtype == np.bool_:
        return a, b ^ (rng.random(a.shape) < 0.3)
    if b.dtype.kind in "iu":
        return a, (b + rng.integers(-1, 2, a.shape) * (rng.random(a.shape) < 0.3)).astype(dtb)
    if is_half(dtb):
        # Steps of about an ulp (and 1e-3, the rtol of a case) for the half types.
        step = rng.choice([0, 2 ** -12, 2 ** -11, 2 ** -10, 1e-3, 2 ** -9, 2 ** -8, 2 ** -7], a.shape) * rng.choice([-1, 1], a.shape)
    else:
        step = rng.choice([0, 1e-9, 5e-6, 9.9e-6, 1e-5, 1.01e-5, 2e-5, 1e-3], a.shape) * rng.choice([-1, 1], a.shape)
    b = (b.astype(np.float64) * (1 + step) + rng.choice([0, 5e-9, 2e-8], a.shape)).astype(dtb)
    if b.size > 6:
        b.reshape(-1)[:6] = [INF, -INF, NAN, INF, NAN, 0.0]
        if is_float(a.dtype):
            a = a.copy()
            a.reshape(-1)[:6] = [INF, INF, NAN, -INF, 1.0, 1e-9]
    return a, b
for dta, dtb in [(np.float64, np.float64), (np.float32, np.float32), (np.float32, np.float64), (np.float64, np.float32),
                 (np.int32, np.int32), (np.int64, np.float64), (np.bool_, np.bool_), (np.int32, np.float32), (np.bool_, np.float64),
                 (np.int8, np.int8), (np.int16, np.int16), (np.uint8, np.uint8), (np.uint16, np.uint16), (np.uint32, np.uint32),
                 (np.uint64, np.uint64), (np.float16, np.float16), (BF16, BF16), (np.float16, np.float32), (np.float32, np.float16),
                 (BF16, np.float64), (np.float64, BF16), (np.float16, BF16), (np.int8, np.float16), (np.uint8, BF16),
                 (np.int16, np.float16), (np.uint64, np.float64), (np.uint32, np.int64), (np.int8, np.uint8)]:
    for shape in [(0,), (9,), (4, 6), (3, 2, 5)]:
        a, b = near(data(shape, dta, specials=False, stream=R(dta, dtb)), dtb)
        t = f"{tag(a)} {tag(b)}"
        add(f"isclose {t}", "isclose(x[0], x[1])", [a, b], lambda: np.isclose(a, b))
        add(f"isclose {t} equal_nan", "isclose(x[0], x[1], equalNan: true)", [a, b], lambda: np.isclose(a, b, equal_nan=True))
        add(f"isclose {t} rtol=1e-3 atol=0", "isclose(x[0], x[1], rtol: 1e-3, atol: 0)", [a, b], lambda: np.isclose(a, b, rtol=1e-3, atol=0))
        add(f"isclose {t} reversed", "isclose(x[1], x[0])", [a, b], lambda: np.isclose(b, a))
        add(f"allclose {t}", "NDArray(allclose(x[0], x[1]))", [a, b], lambda: np.allclose(a, b))
        add(f"allclose {t} rtol=1e-3 equal_nan", "NDArray(allclose(x[0], x[1], rtol: 1e-3, equalNan: true))", [a, b],
            lambda: np.allclose(a, b, rtol=1e-3, equal_nan=True))
        add(f"array_equal {t}", "NDArray(arrayEqual(x[0], x[1]))", [a, b], lambda: np.array_equal(a, b))
        add(f"array_equal {t} self", "NDArray(arrayEqual(x[0], x[0]))", [b], lambda: np.array_equal(b, b))
        add(f"array_equal {t} self equal_nan", "NDArray(arrayEqual(x[0], x[0], equalNan: true))", [b], lambda: np.array_equal(b, b, equal_nan=True))
        add(f"array_equal {t} a.astype(b) equal_nan", "NDArray(arrayEqual(x[0], x[1], equalNan: true))", [a, a.astype(dtb)],
            lambda: np.array_equal(a, a.astype(dtb), equal_nan=True))
# broadcasting, shape mismatch in array_equal, scalars on either side
a = data((3, 4), np.float64, specials=False); _, b = near(data((4,), np.float64, specials=False), np.float64)
add("isclose broadcast (3, 4) (4,)", "isclose(x[0], x[1])", [a, b], lambda: np.isclose(a, b))
add("array_equal (3, 4) (4,) shapes differ", "NDArray(arrayEqual(x[0], x[1]))", [a, b], lambda: np.array_equal(a, b))
add("array_equal (4,) (1, 4) shapes differ", "NDArray(arrayEqual(x[0], x[0].reshape([1, 4])))", [b], lambda: np.array_equal(b, b.reshape(1, 4)))
for dt in DTYPES:
    a = data((12,), dt, specials=False)
    if is_float(a.dtype):
        a[:5] = [1.0, 1.0 + 9e-6, 1.0 + 2e-5, NAN, INF]
    for s, swift in [("1.0", "1.0"), ("1", "1"), ("nan", "Double.nan"), ("inf", "Double.infinity"), ("0.1", "0.1")]:
        add(f"isclose({tag(a)}, {s})", f"isclose(x[0], {swift})", [a], lambda: np.isclose(a, float(s)))
        add(f"isclose({s}, {tag(a)})", f"isclose({swift}, x[0])", [a], lambda: np.isclose(float(s) if s != "1" else 1, a))
        add(f"isclose({tag(a)}, {s}) equal_nan", f"isclose(x[0], {swift}, equalNan: true)", [a], lambda: np.isclose(a, float(s), equal_nan=True))
        add(f"isclose({s}, {tag(a)}) equal_nan", f"isclose({swift}, x[0], equalNan: true)", [a], lambda: np.isclose(float(s), a, equal_nan=True))
        add(f"allclose({tag(a)}, {s})", f"NDArray(allclose(x[0], {swift}))", [a], lambda: np.allclose(a, float(s)))
        add(f"allclose({s}, {tag(a)}[5:6])", f"NDArray(allclose({swift}, x[0][5..<6], atol: 100))", [a], lambda: np.allclose(float(s), a[5:6], atol=100))

# --- average -------------------------------------------------------------------------------
def weights(shape, dt, rng):
    if np.dtype(dt) == np.bool_:
        w = rng.random(shape) < 0.7
        if w.size: w.reshape(-1)[::3] = True
        return w
    if np.dtype(dt).kind in "iu":
        return rng.integers(1, 5, shape).astype(dt)
    return rng.uniform(0.1, 1.0, shape).astype(dt)
for shape in [(7,), (3, 5), (2, 3, 60), (0, 4)]:
    for which, dta in enumerate(DTYPES):
        a = data(shape, dta, specials=False)
        others = [np.float32, np.int64, np.bool_]
        ra, = in_float32([a])
        half = dta if is_half(dta) else None
        for axis in [None] + list(range(-len(shape), len(shape))):
            sa = "nil" if axis is None else str(axis)
            for keep in (False, True):
                k = "true" if keep else "false"
                n = np.sum(np.ones(a.shape), axis=axis, keepdims=keep)
                mag = np.sum(np.abs(a.astype(np.float64)), axis=axis, keepdims=keep)
                add(f"average {tag(a)} axis={axis} keepdims={keep}", f"try average(x[0], axis: {sa}, keepdims: {k})", [a],
                    lambda: np.average(ra, axis=axis, keepdims=keep), lambda o: 2 * (n + 2) * compute_eps(o.dtype) * mag / np.maximum(n, 1) + ulps(o, 2),
                    rounded_to=half)
            for dtw in [np.float64, dta if np.dtype(dta) in NEW else others[(which + (axis or 0)) % 3]]:
                for same in (True, False):
                    if not same and axis is None: continue
                    w = weights(shape if same else (shape[axis],), dtw, R(dta, dtw))
                    # A float16 or bfloat16 result: NumPy's float32 answer rounded to it.
                    result = np.result_type(a, w, np.float64) if a.dtype.kind in "biu" else np.result_type(a, w)
                    rw, = in_float32([w])
                    wf = (w if same else w.reshape([shape[axis] if i == axis % len(shape) else 1 for i in range(len(shape))])).astype(np.float64)
                    wsum = np.sum(np.broadcast_to(wf, a.shape), axis=axis)
                    awsum = np.sum(np.abs(a.astype(np.float64) * wf), axis=axis)
                    nn = counts(a, axis).reshape(wsum.shape)
                    add(f"average {tag(a)} axis={axis} weights {tag(w)}", f"try average(x[0], axis: {sa}, weights: x[1])", [a, w],
                        lambda: np.average(ra, axis=axis, weights=rw) if is_half(result) else np.average(a, axis=axis, weights=w),
                        lambda o: 2 * (nn + 2) * compute_eps(o.dtype) * (awsum + np.abs(o) * wsum) / np.where(wsum == 0, 1, wsum) + ulps(o, 2),
                        rounded_to=result if is_half(result) else None)

# --- cov, corrcoef --------------------------------------------------------------------------
def cov_tol(x, rowvar, ddof):
    X = np.atleast_2d(np.asarray(x, np.float64))
    if not rowvar and np.ndim(x) != 1: X = X.T
    n = X.shape[1]
    Xc = np.abs(X - X.mean(axis=1, keepdims=True))
    t = 4 * (n + 4) * eps(np.float64) * (Xc @ Xc.T) / max(n - ddof, 1)
    return t.squeeze()
def corr_tol(x, rowvar, out):
    t = np.atleast_2d(cov_tol(x, rowvar, 1))
    c = np.atleast_2d(np.cov(x, rowvar=rowvar))
    d = np.diag(c)
    with np.errstate(all="ignore"):
        rel = t / np.sqrt(np.outer(d, d)) + np.abs(np.atleast_2d(out)) * (np.diag(t) / d)[:, None] / 2 + np.abs(np.atleast_2d(out)) * (np.diag(t) / d)[None, :] / 2
    return np.nan_to_num(rel, nan=0.0).reshape(np.shape(out)) + ulps(out, 4)
for shape in [(5,), (3, 8), (4, 40), (2, 1), (6, 3), (1, 5), (3, 0)]:
    for dt in DTYPES:
        m = data(shape, dt, specials=False)
        for rowvar in (True, False):
            rv = "true" if rowvar else "false"
            for bias, ddof, swift in [(False, None, ""), (True, None, ", bias: true"), (False, 0, ", ddof: 0"), (False, 2, ", ddof: 2")]:
                eff = ddof if ddof is not None else (0 if bias else 1)
                add(f"cov {tag(m)} rowvar={rowvar} bias={bias} ddof={ddof}", f"cov(x[0], rowvar: {rv}{swift})", [m],
                    lambda: np.cov(m, rowvar=rowvar, bias=bias, ddof=ddof), lambda o: cov_tol(m, rowvar, eff) + ulps(o, 2))
            add(f"corrcoef {tag(m)} rowvar={rowvar}", f"corrcoef(x[0], rowvar: {rv})", [m],
                lambda: np.corrcoef(m, rowvar=rowvar), lambda o: corr_tol(m, rowvar, o))
x, y = data((7,), np.float64, specials=False), data((7,), np.float32, specials=False)
add("cov(x, y) 1-D", "cov(x[0], x[1])", [x, y], lambda: np.cov(x, y), lambda o: cov_tol(np.stack([x, y.astype(np.float64)]), True, 1) + ulps(o, 2))
add("corrcoef(x, y) 1-D", "corrcoef(x[0], x[1])", [x, y], lambda: np.corrcoef(x, y), lambda o: corr_tol(np.stack([x, y.astype(np.float64)]), True, o))
m2, y2 = data((6, 3), np.float64, specials=False), data((6, 2), np.int32, specials=False)
add("cov(m, y, rowvar=False) 2-D", "cov(x[0], x[1], rowvar: false)", [m2, y2], lambda: np.cov(m2, y2, rowvar=False),
    lambda o: cov_tol(np.concatenate([m2, y2], axis=1), False, 1) + ulps(o, 2))
add("corrcoef(m, y, rowvar=False) 2-D", "corrcoef(x[0], x[1], rowvar: false)", [m2, y2], lambda: np.corrcoef(m2, y2, rowvar=False),
    lambda o: corr_tol(np.concatenate([m2, y2], axis=1), False, o))
add("cov(1-D x, y of shape (1, 7), rowvar=False)", "cov(x[0], x[1].reshape([1, 7]), rowvar: false)", [x, y], lambda: np.cov(x, y.reshape(1, 7), rowvar=False),
    lambda o: cov_tol(np.stack([x, y.astype(np.float64)]), True, 1) + ulps(o, 2))
s = data((3, 9), np.float64)
add("cov with NaN and inf", "cov(x[0])", [s], lambda: np.cov(s), lambda o: np.nan_to_num(cov_tol(s, True, 1)) + ulps(o, 2))
add("corrcoef with NaN and inf", "corrcoef(x[0])", [s], lambda: np.corrcoef(s), lambda o: corr_tol(s, True, o))
c = np.ones((2, 5)); c[1] = np.arange(5)
add("corrcoef constant row (0/0)", "corrcoef(x[0])", [c], lambda: np.corrcoef(c), lambda o: corr_tol(c, True, o))

# --- diff ----------------------------------------------------------------------------------
for shape in [(0,), (1,), (9,), (4, 6), (3, 0, 5), (2, 3, 70)]:
    for dt in DTYPES:
        a = data(shape, dt)
        if a.dtype in (np.int32, np.int64):   # (the new integer types hold their extremes)
            a = a * (2 ** 24 if a.dtype == np.int32 else 2 ** 56)   # differences that wrap, as NumPy's
        for axis in range(-len(shape), len(shape)):
            for n in (1, 2, 3) if shape[axis] < 50 else (1, 2):
                add(f"diff {tag(a)} n={n} axis={axis}", f"diff(x[0], n: {n}, axis: {axis})", [a], lambda: np.diff(a, n=n, axis=axis))
        add(f"diff {tag(a)} n=0", "diff(x[0], n: 0)", [a], lambda: np.diff(a, n=0))
        add(f"diff {tag(a)} n=12", "diff(x[0], n: 12)", [a], lambda: np.diff(a, n=12))
        front = np.asarray(np.array(3).astype(dt))
        add(f"diff {tag(a)} prepend 0-d append 0-d", "diff(x[0], prepend: x[1], append: x[1])", [a, front],
            lambda: np.diff(a, prepend=front, append=front))
        edge = list(shape); edge[-1] = 2
        end = data(tuple(edge), np.float64 if is_float(a.dtype) else np.int64, specials=False, stream=R(dt))
        add(f"diff {tag(a)} append {tag(end)}", "diff(x[0], append: x[1])", [a, end], lambda: np.diff(a, append=end))
        add(f"diff {tag(a)} n=2 prepend {tag(end)}", "diff(x[0], n: 2, prepend: x[1])", [a, end], lambda: np.diff(a, n=2, prepend=end))
a = data((5, 300), np.float32)
add("diff(a * 2 + 1) float32", "diff(x[0] * 2 + 1)", [a], lambda: np.diff(a * 2 + 1))
add("diff(a.T, axis=0)", "diff(x[0].T, axis: 0)", [a], lambda: np.diff(a.T, axis=0))

# --- write ------------------------------------------------------------------------------
archive = HERE / "numpy" / "statistics.npz"
input_names = write_archive(archive, cases)
write_swift_cases(HERE.parent / "StatisticsReferenceCases.generated.swift", "make_statistics_reference.py", "StatisticsReference", cases, input_names)
print(len(cases), "cases,", archive.stat().st_size, "bytes")
