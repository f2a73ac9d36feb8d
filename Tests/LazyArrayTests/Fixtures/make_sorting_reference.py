"""Writes Fixtures/numpy/sorting.npz and SortingReferenceCases.generated.swift: NumPy's answers for
sort/argsort (kind="stable"), unique (with index, inverse, counts), searchsorted, nonzero,
argwhere, bincount, histogram, median, quantile and percentile, over every dtype each accepts
(bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, bfloat16 (ml_dtypes),
float32, float64), shapes with empty axes, NaN (of both signs and a payload), +-inf, -0.0, the
half types' largest finite and smallest subnormal values, each integer type's extremes, and
duplicates, negative axes and axis=None. Run with numpy 2.x and ml_dtypes from the repository
root (/work/venv/bin/python):
    python3 Tests/LazyArrayTests/Fixtures/make_sorting_reference.py

Each case i names its inputs (`in_<n>`, each stored once) and has one or more results, NumPy's
`i_out_<j>` with `i_tol_<j>`, the absolute tolerance of each element. Every tolerance is 0
(bitwise; NaN equal to any NaN; -0.0 distinct from 0.0, checked by the suite), because:
- sort, argsort, unique, searchsorted, nonzero, argwhere, bincount counts and histogram counts
  are orders, positions and counts: exact by definition. Stable sorts have one answer, so
  argsort's positions are unique, and sort's -0.0/0.0 and NaN blocks keep input order.
- bincount's weighted sums: NumPy adds each weight in x's order in float64; so does LazyArray.
- histogram's edges: NumPy's linspace, i * step + start in the bounds' dtype, last = stop;
  LazyArray computes the same expression in the same dtype.
- median/quantile/percentile: the same elements of the sorted row, combined by the same
  IEEE-rounded expression in the same dtype as NumPy's `_lerp` (a + (b - a) * t, or
  b - (b - a) * (1 - t) when t >= 0.5; the median's (a + b) / 2): correctly rounded
  operations on the same operands give the same bits. (No FMA contraction: the Swift VM
  does not contract, the C target compiles with -ffp-contract=off.)
unique's values are NumPy's `return_index` path (a stable sort: each value is its first
occurrence); np.unique without flags sorts unstably and may return 0.0 for a -0.0 first.

The dtypes added later (int8 ... bfloat16) draw from their own generator, so the older cases
keep their inputs. Their expected values, all exact (tolerance 0) as well:
- float16 sort, argsort, unique, searchsorted, nonzero, argwhere, bincount weights and
  histogram: NumPy's own answers (selections, counts, and float64 sums of exactly widened
  weights).
- bfloat16 sort, argsort, unique, searchsorted, nonzero and argwhere: NumPy's answer on the
  exact float32 widening (the results then taken from the bfloat16 input, keeping its bits).
  ml_dtypes' own sort, argsort, searchsorted and nonzero give the same (checked here), but its
  dtype kind is 'V', so np.unique does not merge NaNs (each NaN is its own value): that is an
  artifact of NumPy's `kind in "cfmM"` test, not a rule; LazyArray merges them as for float16.
- median, and quantile/percentile at one q, of float16 and bfloat16 give the type (NumPy's
  dtype); LazyArray's rule for the half types is float32 arithmetic rounded once, so the
  expected value is NumPy's float32 answer on the widened input rounded to the type (NumPy's
  float16 `_lerp` rounds each step to float16). Rounding one float32 result is exact
  (bitwise): the float32 answer is itself bitwise (see above). At several q NumPy returns
  float64 from `b - a` in the data's type (one correctly rounded half operation, as
  LazyArray's) and the rest in float64: NumPy's own answer.
- quantile of the signed small integers: `b - a` in the data's type wraps when the row spans
  more than the type's maximum (int8 [-128, 3]: 3 - (-128) is -125), as NumPy does: NumPy's
  answer, extremes included.
- histogram of float16/bfloat16 data: edges in the data's type (NumPy's dtype). Without a
  range NumPy's linspace runs in the bounds' type, rounding each step to float16 (ml_dtypes'
  bfloat16 the same); LazyArray computes them in float32 and rounds once, so the expected
  edges are NumPy's float32 edges of the widened data rounded to the type, and the counts
  NumPy's against those edges (they differ from NumPy's own float16 edges in places, e.g.
  float16[193] at 10 bins). With a range NumPy computes the edges in float64 and rounds once
  to the type, as LazyArray does: NumPy's own answer for float16; for bfloat16 NumPy gives
  float32 edges there (its promotion of Python floats with ml_dtypes' 'V' kind), so the
  expected edges are float16's rule, the float64 edges rounded once to bfloat16, and the counts
  NumPy's against them.
- quantile/percentile of bfloat16 at several q: NumPy's answer, NaN where the row holds a NaN
  (NumPy's NaN test is np.issubdtype(dtype, np.inexact), false for ml_dtypes' 'V' kind, so it
  interpolates the sorted-last NaNs as numbers; float16 and LazyArray give NaN).
"""
import pathlib, warnings
import ml_dtypes
import numpy as np
from reference_writer import store_inputs, write_swift_cases
warnings.simplefilter("ignore")

HERE = pathlib.Path(__file__).resolve().parent
rng = np.random.default_rng(20261207)
NAN, INF = float("nan"), float("inf")
cases = []   # (name, swift expression over x[...] returning [NDArray], inputs, [expected])
DTYPES = [np.bool_, np.int32, np.int64, np.float32, np.float64]
BF16 = np.dtype(ml_dtypes.bfloat16)
NEW_DTYPES = [np.int8, np.int16, np.uint8, np.uint16, np.uint32, np.uint64, np.float16, ml_dtypes.bfloat16]
NEW_INTS = NEW_DTYPES[:6]
rng_new = np.random.default_rng(20261209)

def is_new(dtype): return any(np.dtype(dtype) == np.dtype(d) for d in NEW_DTYPES)
def is_half(dtype): return np.dtype(dtype) in (np.dtype(np.float16), BF16)
def widened(a):
    """bfloat16 as float32 (exact), for the NumPy functions ml_dtypes' 'V' kind trips; others as they are."""
    return a.astype(np.float32) if a.dtype == BF16 else a

def add(name, swift, inputs, outs):
    cases.append((name, swift, [np.asarray(i) for i in inputs], [np.asarray(o) for o in outs]))

def data(shape, dtype, spread=40, rng=rng):
    """Quarter-integers (many duplicates) with NaN of both signs, a NaN payload, +-inf, -0.0
    and 0.0 scattered in (floats); small integers with repeats (ints); random bools."""
    n = int(np.prod(shape))
    if is_new(dtype):
        return new_data(shape, dtype, spread)
    if dtype == np.bool_:
        return (rng.integers(0, 2, n) == 1).reshape(shape)
    if np.dtype(dtype).kind == "i":
        return rng.integers(-spread, spread + 1, n).astype(dtype).reshape(shape)
    v = (rng.integers(-spread, spread + 1, n) / 4.0).astype(dtype)
    bits = np.uint32 if dtype == np.float32 else np.uint64
    odd_nans = [np.array(0xFFC00000 if dtype == np.float32 else 0xFFF8000000000000, bits).view(dtype),
                np.array(0x7FC00001 if dtype == np.float32 else 0x7FF8000000000001, bits).view(dtype)]
    for i, s in enumerate([NAN, INF, -INF, -0.0, 0.0, -0.0, odd_nans[0], odd_nans[1]]):
        if i < n: v[(i * 7 + 3) % n] = s
    return v.reshape(shape)

def new_data(shape, dtype, spread):
    """The new dtypes: the half types as the floats above (quarter-integers rounded to the type,
    NaN of both signs and a payload, +-inf, -0.0, 0.0) and +-their largest finite value and
    +-their smallest subnormal; integers within +-spread (0 ... 2 spread unsigned), clipped to
    the type, with the type's minimum and maximum (and minimum + 1, maximum - 1) scattered in."""
    n = int(np.prod(shape))
    if is_half(dtype):
        v = (rng_new.integers(-spread, spread + 1, n) / 4.0).astype(dtype)
        f = ml_dtypes.finfo(dtype)
        bits = [0xFE00, 0x7E01] if np.dtype(dtype) == np.dtype(np.float16) else [0xFFC0, 0x7FC1]
        odd_nans = [np.array(b, np.uint16).view(dtype) for b in bits]
        top, tiny = float(f.max), float(f.smallest_subnormal)
        for i, s in enumerate([NAN, INF, -INF, -0.0, 0.0, -0.0, odd_nans[0], odd_nans[1], top, -top, tiny, -tiny]):
            if i < n: v[(i * 7 + 3) % n] = s
        return v.reshape(shape)
    info = np.iinfo(dtype)
    low, high = (max(-spread, int(info.min)), min(spread, int(info.max))) if info.min < 0 else (0, min(2 * spread, int(info.max)))
    v = [int(x) for x in rng_new.integers(low, high + 1, n)]
    for i, e in enumerate([int(info.min), int(info.max), int(info.min) + 1, int(info.max) - 1]):
        if i < n: v[(i * 7 + 5) % n] = e
    return np.array(v, dtype=dtype).reshape(shape)

def stable_argsort(a, axis):
    """NumPy's stable argsort (of bfloat16 through its float32 widening, checked against ml_dtypes')."""
    order = np.argsort(widened(a), axis=axis, kind="stable")
    if a.dtype == BF16:
        assert np.array_equal(order, np.argsort(a, axis=axis, kind="stable"))
    return order

def stable_sort(a, axis):
    if a.dtype != BF16:
        return np.sort(a, axis=axis, kind="stable")
    order = stable_argsort(a, axis)
    return a.ravel()[order] if axis is None else np.take_along_axis(a, order, axis=axis)

def tag(a):
    return f"{a.dtype.name}{list(a.shape)}"

def axis_text(axis):
    return "nil" if axis is None else str(axis)

# --- sort / argsort -----------------------------------------------------------------------
SHAPES = [((0,), [-1, None]), ((1,), [0]), ((9,), [0, -1, None]), ((5, 0), [0, 1, -1, None]), ((0, 4), [0, -1]),
          ((3, 4, 5), [0, 1, 2, -1, -2, -3, None]), ((2, 300), [1, 0, None]), ((4, 1000), [-1]), ((70000,), [0])]
for dtype in DTYPES + NEW_DTYPES:
    for shape, axes in SHAPES:
        # The 70000-long vector (one radix/merge run over many threads) for the widest and the
        # half types; the others sort the same way at (4, 1000) and (2, 300).
        if shape == (70000,) and (dtype in (np.bool_, np.int32) or dtype in (np.int8, np.int16, np.uint8, np.uint16, np.uint32)):
            continue
        a = data(shape, dtype, spread=40 if np.prod(shape) < 5000 else 4000)
        for axis in axes:
            add(f"sort {tag(a)} axis={axis}", f"[x[0].sort(axis: {axis_text(axis)})]", [a], [stable_sort(a, axis)])
            add(f"argsort {tag(a)} axis={axis}", f"[x[0].argsort(axis: {axis_text(axis)})]", [a], [stable_argsort(a, axis)])
# Rows long enough to be sorted by every thread together (ArraySort.sharedRowLength), floats of
# few distinct values (many ties, NaNs, -0.0) and wide-ranging int64.
big = data((140000,), np.float32, spread=400)
add(f"sort {tag(big)} shared row", "[sort(x[0], axis: 0)]", [big], [np.sort(big, kind="stable")])
add(f"argsort {tag(big)} shared row", "[argsort(x[0], axis: 0)]", [big], [np.argsort(big, kind="stable")])
wide = rng.integers(-2**62, 2**62, 140000, dtype=np.int64)
wide[::5] = wide[1::5]
add(f"argsort {tag(wide)} shared row", "[x[0].argsort()]", [wide], [np.argsort(wide, kind="stable")])
normal = rng.standard_normal((3, 2000))
add(f"sort normal {tag(normal)} axis=-1", "[x[0].sort()]", [normal], [np.sort(normal, kind="stable")])
t = data((4, 6, 5), np.float64)
add("sort of a transposed view t.T axis=1", "[x[0].T.sort(axis: 1)]", [t], [np.sort(t.T, axis=1, kind="stable")])
add("argsort of a strided view t[::-1, ::2] axis=0", "[x[0][.slice(step: -1), .slice(step: 2)].argsort(axis: 0)]", [t],
    [np.argsort(t[::-1, ::2], axis=0, kind="stable")])
add("sort of a lazy expression (t * 2 - 1) axis=-1", "[(x[0] * 2 - 1).sort()]", [t], [np.sort(t * 2 - 1, kind="stable")])
s0 = np.array(2.5)
add("sort 0-d axis=nil", "[x[0].sort(axis: nil)]", [s0], [np.sort(s0, axis=None)])

# --- unique -------------------------------------------------------------------------------
for dtype in DTYPES + NEW_DTYPES:
    for shape in [(0,), (1,), (12,), (3, 5), (2, 0, 3), (500,)]:
        a = data(shape, dtype, spread=6)
        v, i, inv, c = np.unique(widened(a), return_index=True, return_inverse=True, return_counts=True)
        v = a.ravel()[i]   # the first occurrences, in the input's own dtype and bits
        add(f"unique {tag(a)}", "[unique(x[0])]", [a], [v])
        add(f"unique {tag(a)} index inverse counts", "unique(x[0], returnIndex: true, returnInverse: true, returnCounts: true)",
            [a], [v, i, inv, c])
        add(f"unique {tag(a)} inverse", "unique(x[0], returnInverse: true)", [a], [v, inv])
        add(f"unique {tag(a)} counts", "unique(x[0], returnCounts: true)", [a], [v, c])

# --- searchsorted -------------------------------------------------------------------------
# The new dtypes with themselves, and mixed: NumPy compares in their common type
# (np.result_type: uint8 and int8 in int16, uint32 and int32 in int64, uint64 and int64 in float64).
OLD_PAIRS = [(np.float64, np.float64), (np.float32, np.float32), (np.int64, np.int64), (np.int32, np.float64),
             (np.float32, np.int32), (np.bool_, np.bool_), (np.int32, np.int64)]
for da, dv in OLD_PAIRS + [(d, d) for d in NEW_DTYPES] + [
               (np.uint8, np.int8), (np.int8, np.uint8), (np.uint32, np.int32), (np.uint64, np.int64), (np.uint16, np.float32),
               (np.float16, np.float32), (np.int8, np.float16), (ml_dtypes.bfloat16, np.float32), (np.uint64, np.uint8),
               (np.int16, np.int64)]:
    gen = rng if (da, dv) in OLD_PAIRS else rng_new
    a = stable_sort(data((15,), da, spread=8, rng=gen), 0)
    v = data((3, 4), dv, spread=10, rng=gen)
    for side in ("left", "right"):
        expected = np.searchsorted(widened(a), widened(v), side=side)
        if BF16 in (a.dtype, v.dtype) and a.dtype == v.dtype:
            assert np.array_equal(expected, np.searchsorted(a, v, side=side))
        add(f"searchsorted {tag(a)} {tag(v)} side={side}", f"[searchsorted(x[0], x[1], side: .{side})]", [a, v], [expected])
empty = np.zeros(0)
v = data((5,), np.float64)
add("searchsorted empty a", "[searchsorted(x[0], x[1])]", [empty, v], [np.searchsorted(empty, v)])
add("searchsorted empty v", "[searchsorted(x[0], x[1], side: .right)]", [np.arange(4.0), empty], [np.searchsorted(np.arange(4.0), empty, side="right")])

# --- nonzero / argwhere -------------------------------------------------------------------
for dtype in DTYPES + NEW_DTYPES:
    for shape in [(0,), (7,), (3, 4), (2, 3, 4), (3, 0)]:
        a = data(shape, dtype, spread=1)
        if a.dtype == BF16:
            assert all(np.array_equal(p, q) for p, q in zip(np.nonzero(a), np.nonzero(widened(a))))
        add(f"nonzero {tag(a)}", "nonzero(x[0])", [a], list(np.nonzero(widened(a))))
        add(f"argwhere {tag(a)}", "[argwhere(x[0])]", [a], [np.argwhere(widened(a))])
for s in (np.array(3.0), np.array(0)):
    add(f"argwhere 0-d {s.item()}", "[argwhere(x[0])]", [s], [np.argwhere(s)])

# --- bincount -----------------------------------------------------------------------------
for dtype in (np.int32, np.int64, np.bool_):
    for n in (0, 1, 20):
        x = rng.integers(0, 7, n).astype(dtype) if dtype != np.bool_ else rng.integers(0, 2, n) == 1
        for minlength in (0, 3, 12):
            add(f"bincount {tag(x)} minlength={minlength}", f"[bincount(x[0], minlength: {minlength})]", [x],
                [np.bincount(x, minlength=minlength)])
        for wdtype in (np.float64, np.float32, np.int32):
            w = (rng.standard_normal(n) * 3).astype(wdtype)
            add(f"bincount {tag(x)} weights {tag(w)}", "[bincount(x[0], weights: x[1])]", [x, w], [np.bincount(x, weights=w)])
# Every integer type (uint64 too: NumPy 2 takes it while its values fit int64), values up to a
# few hundred (uint8's and int8's near their maximum), and weights of every new type (NumPy
# widens them to float64 and adds in x's order; the integer weights at their extremes).
for dtype in NEW_INTS:
    for n in (0, 1, 20):
        top = min(300, int(np.iinfo(dtype).max))
        x = rng_new.integers(0, 7, n)
        if n == 20:
            x[[3, 11]] = [top, top - 1]
        x = x.astype(dtype)
        for minlength in (0, 3, 12):
            add(f"bincount {tag(x)} minlength={minlength}", f"[bincount(x[0], minlength: {minlength})]", [x],
                [np.bincount(x, minlength=minlength)])
        for wdtype in NEW_DTYPES:
            w = data((n,), wdtype, spread=12)
            if is_half(wdtype):
                w = np.where(np.isnan(w.astype(np.float32)) | np.isinf(w.astype(np.float32)), 1.5, w.astype(np.float32)).astype(wdtype)
            add(f"bincount {tag(x)} weights {tag(w)}", "[bincount(x[0], weights: x[1])]", [x, w],
                [np.bincount(x, weights=w.astype(np.float64))])

# --- histogram ----------------------------------------------------------------------------
def histogram_bins(a, bins):
    """np.histogram(a, bins); of a half type without a range, the edges are NumPy's float32 edges
    of the widened data rounded once to the type (LazyArray's rule: NumPy's linspace in float16
    rounds each step and differs in places, e.g. float16[193] bins=10), and the counts NumPy's
    against those edges."""
    if not is_half(a.dtype):
        return np.histogram(a, bins=bins)
    e = np.histogram(a.astype(np.float32), bins=bins)[1].astype(a.dtype)
    return np.histogram(a, bins=e)[0], e

def histogram_range(a, bins, range_):
    """np.histogram(a, bins, range); of bfloat16, whose edges NumPy gives in float32 there (its
    result_type of Python floats and ml_dtypes' 'V' kind; in bfloat16 without a range, and
    float16's in float16 either way), edges as float16's: NumPy's float64 linspace rounded once
    to bfloat16, and the counts NumPy's against them."""
    if a.dtype != BF16:
        return np.histogram(a, bins=bins, range=range_)
    e = np.linspace(range_[0], range_[1], bins + 1).astype(BF16)
    return np.histogram(a.astype(np.float32), bins=e.astype(np.float32))[0], e

for dtype in (np.float64, np.float32, np.int32, np.int64) + tuple(NEW_DTYPES):
    a = data((200,), dtype, spread=30)
    finite = a[np.isfinite(a.astype(np.float64))] if a.dtype.kind == "f" or is_half(a.dtype) else a
    if is_half(dtype):
        # Without the +-largest finite values: their span overflows the type (NumPy's edges are inf).
        finite = finite[np.abs(finite.astype(np.float64)) < 1000]
    for bins in (1, 4, 10, 7):
        h, e = histogram_bins(finite, bins)
        add(f"histogram {tag(finite)} bins={bins}", f"{{ let (h, e) = histogram(x[0], bins: {bins}); return [h, e] }}()", [finite], [h, e])
    for rng_ in [(-3.0, 5.5), (0.1, 0.7)]:
        h, e = histogram_range(a, 6, rng_)
        add(f"histogram {tag(a)} bins=6 range={rng_} (NaN and inf ignored)",
            f"{{ let (h, e) = histogram(x[0], bins: 6, range: ({rng_[0]}, {rng_[1]})); return [h, e] }}()", [a], [h, e])
    edges = np.array([-10, -2.5, 0, 0.25, 3, 7.5])
    h, e = np.histogram(a, bins=edges)
    add(f"histogram {tag(a)} bins=edges", "{ let (h, e) = histogram(x[0], bins: x[1]); return [h, e] }()", [a, edges], [h, e])
one = np.full(5, 2.5, np.float32)
h, e = np.histogram(one, bins=3)
add("histogram float32 one value (range widened by 0.5)", "{ let (h, e) = histogram(x[0], bins: 3); return [h, e] }()", [one], [h, e])
h, e = np.histogram(np.zeros(0), bins=4)
add("histogram empty", "{ let (h, e) = histogram(x[0], bins: 4); return [h, e] }()", [np.zeros(0)], [h, e])
tiny = np.array([1e-3, 2e-3, 0.5, 0.9, 1.0], np.float32)
h, e = np.histogram(tiny, bins=5, range=(0.0, 1.0))
add("histogram float32 range in float64", "{ let (h, e) = histogram(x[0], bins: 5, range: (0.0, 1.0)); return [h, e] }()", [tiny], [h, e])

# --- median / quantile / percentile -------------------------------------------------------
QS = [0.0, 0.25, 0.5, 0.3, 0.9, 1.0, 2 / 3]
def one_rounding(f, a, *args, **kwargs):
    """f of a half type: NumPy's float32 answer on the widened input, rounded once to the type
    (LazyArray's rule; see the header); of any other type NumPy's own."""
    if is_half(a.dtype):
        return np.asarray(f(a.astype(np.float32), *args, **kwargs)).astype(a.dtype)
    return f(a, *args, **kwargs)

def several(f, a, qs, axis):
    """f at several q: NumPy's own answer (float64); of bfloat16 NaN where the row holds a NaN
    (NumPy's `supports_nans` is np.issubdtype(dtype, np.inexact), false for ml_dtypes' 'V' kind,
    so it interpolates with the NaNs sorted last as numbers; float16 gives NaN there)."""
    out = f(a, qs, axis=axis)
    if a.dtype == BF16:
        out = np.where(np.isnan(a.astype(np.float32)).any(axis=axis), np.nan, out)
    return out

for dtype in (np.float64, np.float32, np.int32, np.int64, np.bool_) + tuple(NEW_DTYPES):
    for shape, axes in [((7,), [None, 0, -1]), ((6,), [None]), ((3, 4, 5), [0, 1, 2, -1, None]), ((4, 0), [0]), ((2, 1), [1])]:
        clean = dtype in (np.int32, np.int64, np.bool_) or dtype in NEW_INTS
        a = data(shape, dtype, spread=20) if not clean else data(shape, dtype, spread=2**20 if dtype == np.int32 else 2**40)
        if dtype in (np.float64, np.float32) and shape == (3, 4, 5):
            a = (rng.standard_normal(shape) * 10).astype(dtype)
            a[1, 2, 3] = NAN
            a[0, 0, 1] = INF
        if is_half(dtype) and shape == (3, 4, 5):
            a = (rng_new.standard_normal(shape) * 10).astype(dtype)
            a[1, 2, 3] = NAN
            a[0, 0, 1] = INF
        for axis in axes:
            add(f"median {tag(a)} axis={axis}", f"[median(x[0], axis: {axis_text(axis)})]", [a], [one_rounding(np.median, a, axis=axis)])
            if dtype == np.bool_ or (shape == (4, 0) and axis in (None, 1)):
                continue
            if a.shape[axis if axis is not None else 0] == 0 and axis is not None:
                continue
            for q in QS:
                add(f"quantile {tag(a)} q={q} axis={axis}", f"[quantile(x[0], {q!r}, axis: {axis_text(axis)})]", [a],
                    [one_rounding(np.quantile, a, q, axis=axis)])
            add(f"quantile {tag(a)} q=[0.1, 0.5, 1.0] axis={axis}", f"[quantile(x[0], [0.1, 0.5, 1.0], axis: {axis_text(axis)})]", [a],
                [several(np.quantile, a, [0.1, 0.5, 1.0], axis=axis)])
            for p in (0.0, 37.5, 90.0, 100.0):
                add(f"percentile {tag(a)} p={p} axis={axis}", f"[percentile(x[0], {p!r}, axis: {axis_text(axis)})]", [a],
                    [one_rounding(np.percentile, a, p, axis=axis)])
            add(f"percentile {tag(a)} p=[5, 95] axis={axis}", f"[percentile(x[0], [5, 95], axis: {axis_text(axis)})]", [a],
                [several(np.percentile, a, [5, 95], axis=axis)])
inf2 = np.array([1.0, INF])
add("quantile [1, inf] q=1 is NaN as NumPy's lerp gives", "[quantile(x[0], 1.0)]", [inf2], [np.quantile(inf2, 1.0)])
add("median [-inf, inf] is NaN", "[median(x[0])]", [np.array([-INF, INF])], [np.median(np.array([-INF, INF]))])
big32 = np.array([3e38, 3e38, 1.0, 2.0], np.float32)
add("median float32 overflowing sum (NumPy's mean in float32)", "[median(x[0])]", [big32], [np.median(big32)])

# --- write ------------------------------------------------------------------------------
# A case has several outputs, all exact: `<k>_out_<j>` and a zero `<k>_tol_<j>` each.
arrays = {}
input_names = store_inputs(arrays, [c[2] for c in cases])
for k, (_, _, _, outs) in enumerate(cases):
    for j, out in enumerate(outs):
        out = np.array(out, order="C")
        if out.dtype == np.intp:
            out = out.astype(np.int64)
        arrays[f"{k}_out_{j}"] = out
        arrays[f"{k}_tol_{j}"] = np.zeros(out.shape, np.float64)
archive = HERE / "numpy" / "sorting.npz"
archive.parent.mkdir(exist_ok=True)
np.savez_compressed(archive, **arrays)
write_swift_cases(HERE.parent / "SortingReferenceCases.generated.swift", "make_sorting_reference.py", "SortingReference", cases,
                  input_names, case_type="SortingReference.Case", result="[NDArray]", arguments=lambda k: f"outputs: {len(cases[k][3])}, ")
print(len(cases), "cases,", archive.stat().st_size, "bytes")
