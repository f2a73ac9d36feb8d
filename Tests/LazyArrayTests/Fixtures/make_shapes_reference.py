"""Writes Fixtures/numpy/shapes.npz and ShapesReferenceCases.generated.swift: NumPy's answers for
the shape functions (pad, tile, repeat, swapaxes, moveaxis, flip, roll, split, array_split,
meshgrid, triu/tril) and the contractions (einsum, tensordot, kron) of issue 21, on random inputs
of several shapes (empty axes included), every dtype (bool, int8, int16, int32, int64, uint8,
uint16, uint32, uint64, float16, bfloat16 (ml_dtypes), float32, float64; NaN, +-inf and -0 among
the floats, each new integer type's minimum and maximum among its values), negative axes and
None. Run with numpy 2.x from the repository root:
    python3 Tests/LazyArrayTests/Fixtures/make_shapes_reference.py

The format is make_numpy_reference.py's (case i: inputs `in_<n>`, NumPy's result `i_out` and the
absolute tolerance of each element `i_tol`, 0 meaning bitwise with NaN equal to NaN), so
`NumPyReference.mismatch` checks it. Tolerances, and why:
- every shape function only moves elements (views, concatenations of views and constants,
  gathers, a select against zero): bitwise.
- integer and bool contractions: exact (integers wrap modulo 2^32 / 2^64 in both; bool is OR of
  ANDs).
- float contractions on quarter-integers: every product and partial sum is a multiple of 1/16
  far below 2^24, so exact in float32 and float64 whatever the order: bitwise.
- float contractions on normal values: each result element is a sum of K products of n operands;
  any order of evaluation is within gamma_(K+n) of the exact value relative to the same sum of
  |products| (Higham 3.1 and 4.2), so NumPy's and LazyArray's are within
  2 (K + n) eps einsum(|operands|) of each other.
- float16 and bfloat16 (the new dtypes): the shape functions are bitwise as above (pad's
  constant 0.1 converted to the type as NumPy converts it). Contractions are NumPy's answer on
  the float32 values rounded to the type (LazyArray accumulates in float32 and rounds once,
  where NumPy's float16 and ml_dtypes' bfloat16 round each step). On integers in [-2, 2] every
  product and partial sum is an integer below 2^8, exact in both types: bitwise. kron is one
  product per element, rounded once in both: bitwise. On normal values: the float32 bound
  2 (K + n) eps32 einsum(|operands|), plus (n - 1) eps_t einsum(|operands|) because each of
  the n - 1 pairwise steps of LazyArray's einsum may round its products (the elementwise path)
  or its result (a chain's intermediate) to the type, plus 2 ulps of the type for the final
  rounding (see half_contraction_tol).
- the new integer types' contractions are exact: NumPy's einsum wraps in the operand type,
  LazyArray's in int64 / uint64 cast back, the same bits modulo 2^8 ... 2^64.
"""
import pathlib, warnings
import ml_dtypes
import numpy as np
from reference_writer import quarter_integers, reference_case, write_archive, write_swift_cases
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

def R(dtype):
    """The random stream of a case of this dtype: the new dtypes' own for the new ones."""
    return rng_new if np.dtype(dtype) in NEW else rng

def is_half(dtype): return np.dtype(dtype) in HALF

def add(name, swift, inputs, out, tol=None):
    cases.append(reference_case(name, swift, inputs, out, tol))

def with_extremes(v, dtype, rng):
    """A new integer type's minimum and maximum put in two places (when it has four elements)."""
    if np.dtype(dtype).kind in "iu" and np.dtype(dtype) in NEW and v.size >= 4:
        info = np.iinfo(dtype)
        v = v.copy()
        v.reshape(-1)[rng.choice(v.size, 2, replace=False)] = [info.min, info.max]
    return v

def specials(shape, dtype):
    """Quarter-integers with NaN, +-inf and -0 scattered in (floats, float16 and bfloat16
    included), small integers (with the type's extremes in the new integer types), or bools."""
    if is_half(dtype):
        return quarter_integers(R(dtype), shape, np.float64).astype(dtype)   # all exact in both
    return with_extremes(quarter_integers(R(dtype), shape, dtype), dtype, R(dtype))

def quarters(shape, dtype):
    """Finite values whose products and sums stay exact: quarter-integers, small ints (with the
    new integer types' extremes: they wrap alike in both), bools; for float16 and bfloat16
    integers in [-2, 2], whose every partial sum and product in these contractions stays below
    2^8 and so exact in bfloat16's 8 significant bits."""
    n = int(np.prod(shape))
    rng = R(dtype)
    if is_half(dtype):
        return rng.integers(-2, 3, n).astype(dtype).reshape(shape)
    if np.dtype(dtype).kind == "f":
        return (rng.integers(-12, 13, n) / 4.0).astype(dtype).reshape(shape)
    if dtype == np.bool_:
        return (rng.integers(0, 2, n) == 1).reshape(shape)
    return with_extremes(rng.integers(-9, 10, n).astype(dtype).reshape(shape), dtype, rng)

def in_float32(arrays):
    """float16 and bfloat16 arrays widened to float32 (exactly), others unchanged."""
    return [x.astype(np.float32) if is_half(x.dtype) else x for x in arrays]

def name(dtype): return np.dtype(dtype).name
def tag(a): return f"{name(a.dtype)}{list(a.shape)}"
def swift_list(values): return "[" + ", ".join(str(v) for v in values) + "]"
def swift_pairs(pairs): return "[" + ", ".join(f"({b}, {a})" for b, a in pairs) + "]"
def swift_scalar(v):
    if isinstance(v, (bool, np.bool_)): return "true" if v else "false"
    return repr(v)

SHAPES = [(0,), (7,), (3, 4), (2, 0, 3), (2, 3, 4)]

# --- views: flip, swapaxes, moveaxis ------------------------------------------------------
for dt in DTYPES:
    for shape in SHAPES:
        a = specials(shape, dt)
        nd = a.ndim
        add(f"flip {tag(a)} axis nil", "flip(x[0])", [a], np.flip(a))
        add(f"flip {tag(a)} axis -1", "flip(x[0], axis: -1)", [a], np.flip(a, -1))
        if nd >= 2:
            add(f"flip {tag(a)} axes [0, -1]", "flip(x[0], axes: [0, -1])", [a], np.flip(a, (0, -1)))
            add(f"swapaxes {tag(a)} 0 -1", "x[0].swapaxes(0, -1)", [a], np.swapaxes(a, 0, -1))
            add(f"moveaxis {tag(a)} 0 -1", "moveaxis(x[0], 0, -1)", [a], np.moveaxis(a, 0, -1))
            add(f"moveaxis {tag(a)} -1 0 + 1 view", "moveaxis(x[0], -1, 0)", [a], np.moveaxis(a, -1, 0))
        if nd == 3:
            add(f"moveaxis {tag(a)} [0, 1] [-1, -3]", "moveaxis(x[0], [0, 1], [-1, -3])", [a], np.moveaxis(a, [0, 1], [-1, -3]))
            add(f"swapaxes {tag(a)} 1 2", "x[0].swapaxes(1, 2)", [a], np.swapaxes(a, 1, 2))

# --- roll -------------------------------------------------------------------------------
for dt in DTYPES:
    for shape in SHAPES:
        a = specials(shape, dt)
        add(f"roll {tag(a)} 3 axis nil", "roll(x[0], 3)", [a], np.roll(a, 3))
        add(f"roll {tag(a)} -2 axis -1", "roll(x[0], -2, axis: -1)", [a], np.roll(a, -2, -1))
        add(f"roll {tag(a)} 1000003 axis 0", "roll(x[0], 1000003, axis: 0)", [a], np.roll(a, 1000003, 0))
        if a.ndim >= 2:
            add(f"roll {tag(a)} [1, -5] axes [0, 1]", "roll(x[0], [1, -5], axes: [0, 1])", [a], np.roll(a, (1, -5), (0, 1)))
            add(f"roll {tag(a)} [2, 3] axes [-1, -1]", "roll(x[0], [2, 3], axes: [-1, -1])", [a], np.roll(a, (2, 3), (-1, -1)))

# --- pad --------------------------------------------------------------------------------
VALUE = {"bool": True, "int32": 7, "int64": -7, "float32": -1.5, "float64": 2.25, "int8": -128, "int16": 300, "uint8": 255,
         "uint16": 60000, "uint32": 4000000000, "uint64": 9223372036854775807, "float16": 0.1, "bfloat16": 0.1}
for dt in DTYPES:
    for shape in [(7,), (3, 4), (2, 3, 4), (1, 5), (2, 0, 3)]:
        a = specials(shape, dt)
        nd = a.ndim
        per_axis = [(1, 2), (0, 3), (2, 0)][:nd]
        add(f"pad {tag(a)} 2", "pad(x[0], 2)", [a], np.pad(a, 2))
        value = VALUE[name(dt)]
        add(f"pad {tag(a)} (1, 3) constant {value}", f"pad(x[0], (1, 3), mode: .constant({swift_scalar(value)}))", [a],
            np.pad(a, (1, 3), constant_values=value))
        add(f"pad {tag(a)} {per_axis}", f"pad(x[0], {swift_pairs(per_axis)})", [a], np.pad(a, per_axis))
        if 0 in shape:
            continue
        for mode in ["edge", "reflect"]:
            add(f"pad {tag(a)} 2 {mode}", f"pad(x[0], 2, mode: .{mode})", [a], np.pad(a, 2, mode=mode))
            add(f"pad {tag(a)} {per_axis} {mode}", f"pad(x[0], {swift_pairs(per_axis)}, mode: .{mode})", [a], np.pad(a, per_axis, mode=mode))
            big = [(9, 11)] + [(0, 0)] * (nd - 1)
            add(f"pad {tag(a)} {big} {mode} (longer than the axis)", f"pad(x[0], {swift_pairs(big)}, mode: .{mode})", [a], np.pad(a, big, mode=mode))
a = specials((3, 4), np.int32)
add("pad int32[3, 4] 1 constant 2.75 (converted to int32)", "pad(x[0], 1, mode: .constant(2.75))", [a], np.pad(a, 1, constant_values=2.75))
f = specials((5, 6), np.float32)
add("pad (f * 2 + 1) reflect (producer fused into the parts)", "pad(x[0] * 2 + 1, [(2, 1), (3, 3)], mode: .reflect)", [f], np.pad(f * 2 + 1, ((2, 1), (3, 3)), mode="reflect"))
add("pad 0-d", "pad(x[0], 2)", [np.array(3.5)], np.pad(np.array(3.5), 2))

# --- tile, repeat ---------------------------------------------------------------------
for dt in DTYPES:
    for shape in SHAPES + [(1, 3)]:
        a = specials(shape, dt)
        for reps in [[2, 1], [2], [3, 1, 2], [0, 2], [1, 1]]:
            add(f"tile {tag(a)} {reps}", f"tile(x[0], {swift_list(reps)})", [a], np.tile(a, reps))
        add(f"tile {tag(a)} 2", "tile(x[0], 2)", [a], np.tile(a, 2))
        add(f"repeat {tag(a)} 3 axis 0", "`repeat`(x[0], 3, axis: 0)", [a], np.repeat(a, 3, axis=0))
        add(f"repeat {tag(a)} 2 axis nil", "x[0].repeat(2)", [a], np.repeat(a, 2))
        add(f"repeat {tag(a)} 0 axis -1", "x[0].repeat(0, axis: -1)", [a], np.repeat(a, 0, axis=-1))
        counts = list(R(dt).integers(0, 4, a.shape[-1]))
        add(f"repeat {tag(a)} {counts} axis -1", f"x[0].repeat({swift_list(counts)}, axis: -1)", [a], np.repeat(a, counts, axis=-1))
        flat = list(R(dt).integers(0, 3, a.size))
        add(f"repeat {tag(a)} per element axis nil", f"`repeat`(x[0], {swift_list(flat)})", [a], np.repeat(a, flat))
        add(f"repeat {tag(a)} [2] axis 0", "x[0].repeat([2], axis: 0)", [a], np.repeat(a, [2], axis=0))
t = specials((3, 4), np.float64)
add("tile(t.T * 3, [2, 2]) (transposed producer)", "tile(x[0].T * 3, [2, 2])", [t], np.tile(t.T * 3, (2, 2)))
add("repeat(t[::-1], [1, 0, 2, 1], axis 1) + 1", "x[0][.slice(step: -1)].repeat([1, 0, 2, 1], axis: 1) + 1", [t], np.repeat(t[::-1], [1, 0, 2, 1], axis=1) + 1)

# --- meshgrid -------------------------------------------------------------------------
for dt in DTYPES:
    xs, ys, zs = specials((3,), dt), specials((2,), dt), specials((4,), dt)
    for indexing in ["xy", "ij"]:
        for sparse in [False, True]:
            for k, g in enumerate(np.meshgrid(xs, ys, indexing=indexing, sparse=sparse)):
                add(f"meshgrid {name(dt)} 2 inputs {indexing} sparse {sparse} [{k}]",
                    f'meshgrid(x[0], x[1], indexing: "{indexing}", sparse: {str(sparse).lower()})[{k}]', [xs, ys], g)
        for k, g in enumerate(np.meshgrid(xs, ys, zs, indexing=indexing)):
            add(f"meshgrid {name(dt)} 3 inputs {indexing} [{k}]", f'meshgrid(x[0], x[1], x[2], indexing: "{indexing}")[{k}]', [xs, ys, zs], g)
m2 = specials((2, 2), np.float64)
add("meshgrid of a 2-D input (flattened) and an empty one [0]", "meshgrid(x[0], x[1])[0]", [m2, np.zeros(0)], np.meshgrid(m2, np.zeros(0))[0])
add("meshgrid of one input", "meshgrid(x[0])[0]", [m2[0]], np.meshgrid(m2[0])[0])

# --- triu, tril -----------------------------------------------------------------------
for dt in DTYPES:
    for shape in [(4, 4), (3, 5), (5, 3), (2, 3, 4), (6,), (0, 3), (2, 0, 0)]:
        a = specials(shape, dt)
        for k in [0, 1, -2, 7, -9]:
            add(f"tril {tag(a)} k {k}", f"tril(x[0], k: {k})", [a], np.tril(a, k))
            add(f"triu {tag(a)} k {k}", f"triu(x[0], k: {k})", [a], np.triu(a, k))

# --- split, array_split ---------------------------------------------------------------
for dt in DTYPES:
    for shape, axis in [((6, 4), 0), ((6, 4), -1), ((2, 0, 6), 2), ((12,), 0)]:
        a = specials(shape, dt)
        for k, part in enumerate(np.split(a, 2, axis=axis)):
            add(f"split {tag(a)} 2 axis {axis} [{k}]", f"split(x[0], 2, axis: {axis})[{k}]", [a], part)
        for indices in [[1, 3], [-2, 10], [3, 1]]:
            for k, part in enumerate(np.split(a, indices, axis=axis)):
                add(f"split {tag(a)} {indices} axis {axis} [{k}]", f"split(x[0], {swift_list(indices)}, axis: {axis})[{k}]", [a], part)
        for sections in [3, 5, 9]:
            for k, part in enumerate(np.array_split(a, sections, axis=axis)):
                add(f"array_split {tag(a)} {sections} axis {axis} [{k}]", f"arraySplit(x[0], {sections}, axis: {axis})[{k}]", [a], part)
        for k, part in enumerate(np.array_split(a, [2], axis=axis)):
            add(f"array_split {tag(a)} [2] axis {axis} [{k}]", f"arraySplit(x[0], [2], axis: {axis})[{k}]", [a], part)

# --- einsum ---------------------------------------------------------------------------
def contraction_tol(subscripts, operands, out):
    """2 (K + n) eps einsum(|operands|) for floats on normal values, K the summed terms."""
    out = np.asarray(out)
    if out.dtype.kind != "f":
        return None
    summed = max(1, int(np.prod([x.size for x in operands])) // max(1, out.size))
    scale = np.einsum(subscripts, *[np.abs(x).astype(np.float64) for x in operands])
    return 2 * (summed + len(operands)) * float(np.finfo(out.dtype).eps) * scale

def half_ulps(out, k):
    """k units in the last place of each float16 or bfloat16 result, in its own type."""
    info = ml_dtypes.finfo(out.dtype)
    magnitude = np.abs(out.astype(np.float64))
    _, e = np.frexp(np.where(magnitude > 0, magnitude, 1.0))   # |v| = m 2^e, m in [0.5, 1)
    exponent = np.where(magnitude > 0, np.maximum(e - 1, info.minexp), info.minexp)
    return k * np.ldexp(1.0, exponent - info.nmant)

def half_contraction_tol(subscripts, operands, out):
    """float16/bfloat16 on normal values: the float32 bound 2 (K + n) eps32 einsum(|operands|)
    of the accumulation, plus (n - 1) eps_t einsum(|operands|) for the n - 1 pairwise steps,
    each of which may round its products or its result to the type (eps_t / 2 relative each,
    doubled for the second-order terms), plus 2 ulps of the type for the final rounding."""
    summed = max(1, int(np.prod([x.size for x in operands])) // max(1, out.size))
    scale = np.einsum(subscripts, *[np.abs(x).astype(np.float64) for x in operands])
    steps = (len(operands) - 1) * float(ml_dtypes.finfo(out.dtype).eps)
    return (2 * (summed + len(operands)) * float(np.finfo(np.float32).eps) + steps) * scale + half_ulps(out, 2)

EINSUM = [
    ("ij,jk->ik", [(3, 4), (4, 5)]), ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]), ("i,i->", [(7,)] * 2),
    ("ij->ji", [(3, 4)]), ("ij,ij->i", [(3, 4)] * 2), ("bi,bj->bij", [(2, 3), (2, 4)]), ("ii->i", [(4, 4)]),
    ("ii->", [(4, 4)]), ("ij,jk", [(3, 4), (4, 2)]), ("ba,ac", [(3, 4), (4, 2)]), ("ii", [(3, 3)]),
    ("ij", [(3, 4)]), ("ji", [(3, 4)]), ("ij->", [(3, 4)]), ("ij->j", [(3, 4)]), ("i,j->ij", [(3,), (4,)]),
    ("...ij,...jk->...ik", [(2, 3, 4), (4, 5)]), ("...ij,...jk", [(2, 1, 3, 4), (5, 4, 2)]), ("...i,...i->...", [(2, 1, 3), (4, 3)]),
    ("i...->...", [(3, 2, 2)]), ("...ii->...i", [(2, 3, 3)]), ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("i,i,i->", [(5,)] * 3), ("ijk,jkl->il", [(2, 3, 4), (3, 4, 5)]), ("iij->ij", [(3, 3, 2)]), ("ij,jk->ik", [(3, 0), (0, 5)]),
    ("ij,jk->ik", [(0, 4), (4, 5)]), ("bij,bjk->bik", [(0, 3, 4), (0, 4, 5)]), ("ij,jk->ik", [(3, 1), (4, 5)]),
    ("ij,jk->ki", [(3, 4), (4, 5)]), ("ijk->kji", [(2, 3, 4)]), ("ij,kj->ik", [(3, 4), (5, 4)]), ("ab,ab->", [(3, 4)] * 2),
    ("i,i->i", [(6,)] * 2), ("Ba,aA", [(2, 3), (3, 4)]), ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
]
for dt in DTYPES:
    for subscripts, shapes in EINSUM:
        ops = [quarters(s, dt) for s in shapes]
        args = ", ".join(f"x[{k}]" for k in range(len(ops)))
        out = np.einsum(subscripts, *in_float32(ops))
        add(f"einsum '{subscripts}' {' '.join(tag(o) for o in ops)}", f'einsum("{subscripts}", {args})', ops, out.astype(dt) if is_half(dt) else out)
mixed = [quarters((3, 4), np.int32), quarters((4, 2), np.float32)]
add("einsum 'ij,jk' int32 with float32 (promoted to float64)", 'einsum("ij,jk", x[0], x[1])', mixed, np.einsum("ij,jk", *mixed))
for dt in [np.float32, np.float64, np.float16, BF16]:
    for subscripts, shapes in [("bij,bjk->bik", [(4, 33, 65), (4, 65, 17)]), ("ij,ij->i", [(40, 300)] * 2), ("i,i->", [(5000,)] * 2),
                               ("ij,jk,kl->il", [(9, 40), (40, 30), (30, 7)]), ("...ij,...jk->...ik", [(3, 1, 20, 30), (2, 30, 10)])]:
        ops = [R(dt).standard_normal(s).astype(dt) for s in shapes]
        args = ", ".join(f"x[{k}]" for k in range(len(ops)))
        if is_half(dt):   # NumPy's float32 answer rounded to the type
            out = np.einsum(subscripts, *in_float32(ops)).astype(dt)
            tol = half_contraction_tol(subscripts, ops, out)
        else:
            out = np.einsum(subscripts, *ops)
            tol = contraction_tol(subscripts, ops, out)
        add(f"einsum '{subscripts}' normal {' '.join(tag(o) for o in ops)}", f'einsum("{subscripts}", {args})', ops, out, tol)
s = specials((3, 5), np.float64)
add("einsum 'ij,ij->ij' with NaN and inf", 'einsum("ij,ij->ij", x[0], x[1])', [s, s[::-1]], np.einsum("ij,ij->ij", s, s[::-1]))
add("einsum 'ij->ji' with NaN and inf", 'einsum("ij->ji", x[0])', [s], np.einsum("ij->ji", s))

# --- tensordot, kron ----------------------------------------------------------------------
def rounded(out, dt):
    """A float16 or bfloat16 case's answer: NumPy's on the float32 values, rounded to the type."""
    return out.astype(dt) if is_half(dt) else out
for dt in DTYPES:
    a3, b3 = quarters((2, 3, 4), dt), quarters((3, 4, 5), dt)
    add(f"tensordot {tag(a3)} {tag(b3)} axes 2", "tensordot(x[0], x[1])", [a3, b3], rounded(np.tensordot(*in_float32([a3, b3])), dt))
    a2, b2 = quarters((3, 4), dt), quarters((4, 2), dt)
    add(f"tensordot {tag(a2)} {tag(b2)} axes 1", "tensordot(x[0], x[1], axes: 1)", [a2, b2], rounded(np.tensordot(*in_float32([a2, b2]), 1), dt))
    add(f"tensordot {tag(a2)} {tag(b2)} axes 0", "tensordot(x[0], x[1], axes: 0)", [a2, b2], rounded(np.tensordot(*in_float32([a2, b2]), 0), dt))
    c, d = quarters((4, 3, 2), dt), quarters((3, 4, 5), dt)
    add(f"tensordot {tag(c)} {tag(d)} axes ([1, 0], [0, -3+1])", "tensordot(x[0], x[1], axes: ([1, 0], [0, -2]))", [c, d], rounded(np.tensordot(*in_float32([c, d]), ([1, 0], [0, -2])), dt))
    e = quarters((0, 3), dt)
    add(f"tensordot {tag(e)} {tag(a2.T)} axes 1 (empty)", "tensordot(x[0], x[1], axes: 1)", [e, a2[:, :3].T], rounded(np.tensordot(*in_float32([e, a2[:, :3].T]), 1), dt))
    for sa, sb in [((2, 3), (4, 5)), ((3,), (2, 2)), ((2, 1, 3), (3, 2)), ((0, 2), (2, 2)), ((), (3,))]:
        p, q = specials(sa, dt), specials(sb, dt)
        add(f"kron {tag(p)} {tag(q)}", "kron(x[0], x[1])", [p, q], rounded(np.kron(*in_float32([p, q])), dt))

# --- write ----------------------------------------------------------------------------------
archive = HERE / "numpy" / "shapes.npz"
input_names = write_archive(archive, cases)
write_swift_cases(HERE.parent / "ShapesReferenceCases.generated.swift", "make_shapes_reference.py", "ShapesReference", cases, input_names)
print(len(cases), "cases,", archive.stat().st_size, "bytes")
