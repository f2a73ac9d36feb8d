"""Writes Fixtures/numpy/sorting.npz and SortingReferenceCases.generated.swift: NumPy's answers for
sort/argsort (kind="stable"), unique (with index, inverse, counts), searchsorted, nonzero,
argwhere, bincount, histogram, median, quantile and percentile, over every dtype (bool, int32,
int64, float32, float64), shapes with empty axes, NaN (of both signs and a payload), +-inf,
-0.0 and duplicates, negative axes and axis=None. Run with numpy 2.x from the repository root:
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
"""
import pathlib, warnings
import numpy as np
from reference_writer import store_inputs, write_swift_cases
warnings.simplefilter("ignore")

HERE = pathlib.Path(__file__).resolve().parent
rng = np.random.default_rng(20261207)
NAN, INF = float("nan"), float("inf")
cases = []   # (name, swift expression over x[...] returning [NDArray], inputs, [expected])
DTYPES = [np.bool_, np.int32, np.int64, np.float32, np.float64]

def add(name, swift, inputs, outs):
    cases.append((name, swift, [np.asarray(i) for i in inputs], [np.asarray(o) for o in outs]))

def data(shape, dtype, spread=40):
    """Quarter-integers (many duplicates) with NaN of both signs, a NaN payload, +-inf, -0.0
    and 0.0 scattered in (floats); small integers with repeats (ints); random bools."""
    n = int(np.prod(shape))
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

def tag(a):
    return f"{a.dtype.name}{list(a.shape)}"

def axis_text(axis):
    return "nil" if axis is None else str(axis)

# --- sort / argsort -----------------------------------------------------------------------
SHAPES = [((0,), [-1, None]), ((1,), [0]), ((9,), [0, -1, None]), ((5, 0), [0, 1, -1, None]), ((0, 4), [0, -1]),
          ((3, 4, 5), [0, 1, 2, -1, -2, -3, None]), ((2, 300), [1, 0, None]), ((4, 1000), [-1]), ((70000,), [0])]
for dtype in DTYPES:
    for shape, axes in SHAPES:
        if shape == (70000,) and dtype in (np.bool_, np.int32):
            continue
        a = data(shape, dtype, spread=40 if np.prod(shape) < 5000 else 4000)
        for axis in axes:
            add(f"sort {tag(a)} axis={axis}", f"[x[0].sort(axis: {axis_text(axis)})]", [a], [np.sort(a, axis=axis, kind="stable")])
            add(f"argsort {tag(a)} axis={axis}", f"[x[0].argsort(axis: {axis_text(axis)})]", [a], [np.argsort(a, axis=axis, kind="stable")])
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
for dtype in DTYPES:
    for shape in [(0,), (1,), (12,), (3, 5), (2, 0, 3), (500,)]:
        a = data(shape, dtype, spread=6)
        v, i, inv, c = np.unique(a, return_index=True, return_inverse=True, return_counts=True)
        add(f"unique {tag(a)}", "[unique(x[0])]", [a], [v])
        add(f"unique {tag(a)} index inverse counts", "unique(x[0], returnIndex: true, returnInverse: true, returnCounts: true)",
            [a], [v, i, inv, c])
        add(f"unique {tag(a)} inverse", "unique(x[0], returnInverse: true)", [a], [v, inv])
        add(f"unique {tag(a)} counts", "unique(x[0], returnCounts: true)", [a], [v, c])

# --- searchsorted -------------------------------------------------------------------------
for da, dv in [(np.float64, np.float64), (np.float32, np.float32), (np.int64, np.int64), (np.int32, np.float64),
               (np.float32, np.int32), (np.bool_, np.bool_), (np.int32, np.int64)]:
    a = np.sort(data((15,), da, spread=8), kind="stable")
    v = data((3, 4), dv, spread=10)
    for side in ("left", "right"):
        add(f"searchsorted {tag(a)} {tag(v)} side={side}", f"[searchsorted(x[0], x[1], side: .{side})]", [a, v],
            [np.searchsorted(a, v, side=side)])
empty = np.zeros(0)
v = data((5,), np.float64)
add("searchsorted empty a", "[searchsorted(x[0], x[1])]", [empty, v], [np.searchsorted(empty, v)])
add("searchsorted empty v", "[searchsorted(x[0], x[1], side: .right)]", [np.arange(4.0), empty], [np.searchsorted(np.arange(4.0), empty, side="right")])

# --- nonzero / argwhere -------------------------------------------------------------------
for dtype in DTYPES:
    for shape in [(0,), (7,), (3, 4), (2, 3, 4), (3, 0)]:
        a = data(shape, dtype, spread=1)
        add(f"nonzero {tag(a)}", "nonzero(x[0])", [a], list(np.nonzero(a)))
        add(f"argwhere {tag(a)}", "[argwhere(x[0])]", [a], [np.argwhere(a)])
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

# --- histogram ----------------------------------------------------------------------------
for dtype in (np.float64, np.float32, np.int32, np.int64):
    a = data((200,), dtype, spread=30)
    finite = a[np.isfinite(a)] if a.dtype.kind == "f" else a
    for bins in (1, 4, 10, 7):
        h, e = np.histogram(finite, bins=bins)
        add(f"histogram {tag(finite)} bins={bins}", f"{{ let (h, e) = histogram(x[0], bins: {bins}); return [h, e] }}()", [finite], [h, e])
    for rng_ in [(-3.0, 5.5), (0.1, 0.7)]:
        h, e = np.histogram(a, bins=6, range=rng_)
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
for dtype in (np.float64, np.float32, np.int32, np.int64, np.bool_):
    for shape, axes in [((7,), [None, 0, -1]), ((6,), [None]), ((3, 4, 5), [0, 1, 2, -1, None]), ((4, 0), [0]), ((2, 1), [1])]:
        clean = dtype in (np.int32, np.int64, np.bool_)
        a = data(shape, dtype, spread=20) if not clean else data(shape, dtype, spread=2**20 if dtype == np.int32 else 2**40)
        if dtype in (np.float64, np.float32) and shape == (3, 4, 5):
            a = (rng.standard_normal(shape) * 10).astype(dtype)
            a[1, 2, 3] = NAN
            a[0, 0, 1] = INF
        for axis in axes:
            add(f"median {tag(a)} axis={axis}", f"[median(x[0], axis: {axis_text(axis)})]", [a], [np.median(a, axis=axis)])
            if dtype == np.bool_ or (shape == (4, 0) and axis in (None, 1)):
                continue
            if a.shape[axis if axis is not None else 0] == 0 and axis is not None:
                continue
            for q in QS:
                add(f"quantile {tag(a)} q={q} axis={axis}", f"[quantile(x[0], {q!r}, axis: {axis_text(axis)})]", [a],
                    [np.quantile(a, q, axis=axis)])
            add(f"quantile {tag(a)} q=[0.1, 0.5, 1.0] axis={axis}", f"[quantile(x[0], [0.1, 0.5, 1.0], axis: {axis_text(axis)})]", [a],
                [np.quantile(a, [0.1, 0.5, 1.0], axis=axis)])
            for p in (0.0, 37.5, 90.0, 100.0):
                add(f"percentile {tag(a)} p={p} axis={axis}", f"[percentile(x[0], {p!r}, axis: {axis_text(axis)})]", [a],
                    [np.percentile(a, p, axis=axis)])
            add(f"percentile {tag(a)} p=[5, 95] axis={axis}", f"[percentile(x[0], [5, 95], axis: {axis_text(axis)})]", [a],
                [np.percentile(a, [5, 95], axis=axis)])
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
