"""Writes Fixtures/numpy/reference.npz and NumPyReferenceCases.generated.swift: NumPy's answers,
an arithmetic reference independent of LazyArray's ScalarSemantics, for broadcasting, strided and
negative-step views, reductions with every axis set and keepdims, matmul shapes (2-D, vectors,
batched, broadcast batches), inv/solve/det, and every scalar form of the API contract
(/work/shared/API.md: a scalar on the left of /, %, ** and every comparison; &, |, ^ with
scalars; maximum/minimum with a scalar on either side; clip with array bounds).
Run with numpy 2.x from the repository root:
    python3 Tests/LazyArrayTests/Fixtures/make_numpy_reference.py

Each case i names its inputs (`in_<n>`, each stored once), NumPy's result `i_out` and `i_tol`, the
absolute tolerance of each element (0: bitwise, NaN equal to NaN, -0 distinct from 0). The
tolerance of each op class, and why:
- exact ops (+ - * / %, comparisons, bitwise, maximum/minimum/clip, views, max/min/arg*/any/all,
  integer reductions and matmul): IEEE results are correctly rounded or exact: bitwise.
- float sum/mean over n elements: any summation order is within gamma_n sum|x| of the exact sum
  (Higham 4.2; NumPy sums pairwise in the dtype, LazyArray in float64 or in float32 lanes of at
  most 32 values), so two are within 2 (n + 2) eps sum|x| of each other, plus 2 ulp of the result
  for each rounding to the dtype (mean: all of it divided by n).
- float prod over n elements: each product rounds once, 2 (n + 2) eps |result|.
- var/std: the two-pass variance's error is within (n + 4) eps of the mean square (Higham 1.9,
  Chan-Golub-LeVeque), so 4 (n + 4) eps sum x^2 / (n - ddof) between two; std takes the root
  of that bound's scale: 4 (n + 4) eps sqrt(sum x^2 / (n - ddof)).
- transcendentals: VectorMath and libm are within 4 ulp of the correctly rounded value, NumPy's
  SIMD and libm paths too: 8 ulp of the result's dtype between two.
- float pow: through pow (libm) or exp(y log x) (VectorMath within 4 ulp): 8 ulp.
- matmul: 2 (k + 2) eps (|A| |B|) per element, as MatmulTests (Higham 3.1, twice gamma_k).
- inv/solve: 16 n eps kappa_inf(A) max|x| (Higham 9.4 and 14.1, LU with partial pivoting with
  small growth, which the diagonally dominant matrices here have).
- det: 16 n^2 eps kappa_inf(A) |det| (the first-order change of det under the backward error
  of LU, |tr(A^-1 E)| <= n ||A^-1|| ||E||).
"""
import math, pathlib, warnings
import numpy as np
from reference_writer import quarter_integers, eps, reference_case, ulps, write_archive, write_swift_cases
warnings.simplefilter("ignore")

HERE = pathlib.Path(__file__).resolve().parent
rng = np.random.default_rng(20261202)
NAN, INF = float("nan"), float("inf")
cases = []   # (name, swift expression over x[...], inputs, expected, tolerance)

def add(name, swift, inputs, out, tol=None):
    cases.append(reference_case(name, swift, inputs, out, tol))

def specials(shape, dtype):
    """Quarter-integers with NaN, +-inf, -0 and 0 scattered in (floats), small integers, or bools."""
    return quarter_integers(rng, shape, dtype, specials=(NAN, INF, -INF, -0.0, 0.0))

def normal(shape, dtype=np.float64):
    return rng.standard_normal(shape).astype(dtype)

# --- broadcasting -------------------------------------------------------------------------
for (sa, sb) in [((3, 1, 4), (5, 1)), ((4,), (3, 1)), ((2, 1, 3), (1, 4, 1)), ((1,), (5, 4)), ((6, 1), (1, 1030))]:
    for da, db in [(np.float64, np.float64), (np.float32, np.float64), (np.int32, np.int64), (np.int32, np.float32), (np.bool_, np.int32)]:
        a, b = specials(sa, da), specials(sb, db)
        tag = f"{np.dtype(da).name}{list(sa)} {np.dtype(db).name}{list(sb)}"
        add(f"broadcast add {tag}", "x[0] + x[1]", [a, b], a + b)
        add(f"broadcast multiply {tag}", "x[0] * x[1]", [a, b], a * b)
        if np.result_type(a, b).kind == "f":
            add(f"broadcast divide {tag}", "x[0] / x[1]", [a, b], a / b)
        add(f"broadcast less {tag}", "x[0] .< x[1]", [a, b], a < b)
        add(f"broadcast maximum {tag}", "maximum(x[0], x[1])", [a, b], np.maximum(a, b))
        add(f"broadcast where {tag}", "NDArray.where(x[0] .> x[1], x[0], x[1])", [a, b], np.where(a > b, a, b))

# --- strided and negative-step views ------------------------------------------------------
x, y = specials((8, 6), np.float64), specials((6, 8), np.float64)
add("x[::2, ::-1] + 1", "x[0][.slice(step: 2), .slice(step: -1)] + 1", [x], x[::2, ::-1] + 1)
add("x[1:7:3, ::-2] * y.T[1:7:3, 1::2]", "x[0][.slice(1, 7, step: 3), .slice(step: -2)] * x[1].T[.slice(1, 7, step: 3), .slice(1, nil, step: 2)]",
    [x, y], x[1:7:3, ::-2] * y.T[1:7:3, 1::2])
add("x.T - y", "x[0].T - x[1]", [x, y], x.T - y)
add("x[::-1] - y.T[::-1, ::-1]", "x[0][.slice(step: -1)] - x[1].T[.slice(step: -1), .slice(step: -1)]", [x, y], x[::-1] - y.T[::-1, ::-1])
t = specials((3, 4, 5), np.float32)
add("t.transpose(2,0,1)[::-1] * 2", "x[0].transposed([2, 0, 1])[.slice(step: -1)] * 2", [t], t.transpose(2, 0, 1)[::-1] * 2)
add("t[..., ::-3] + t[..., :2]", "x[0][.ellipsis, .slice(step: -3)] + x[0][.ellipsis, ..<2]", [t], t[..., ::-3] + t[..., :2])
add("t[:, None, 1, ::2] (newaxis) - t[0, 1:2, None, 1:4]", "x[0][.all, .newAxis, 1, .slice(step: 2)] - x[0][0, 1..<2, .newAxis, 1..<4]",
    [t], t[:, None, 1, ::2] - t[0, 1:2, None, 1:4])
add("x[::-2].reshape(2, 12) * 3", "x[0][.slice(step: -2)].reshape([2, 12]) * 3", [x], x[::-2].reshape(2, 12) * 3)
add("x[::-1, ::2].sum(axis=0)", "x[0][.slice(step: -1), .slice(step: 2)].max(axis: 0)", [x], x[::-1, ::2].max(axis=0))
long = specials((3, 2100), np.float64)
add("long[:, ::-7] * long[:, 1::7][:, ::-1]", "x[0][.all, .slice(step: -7)] * x[0][.all, .slice(1, nil, step: 7)][.all, .slice(step: -1)]",
    [long], long[:, ::-7] * long[:, 1::7][:, ::-1])
add("broadcast_to(row, (4, 6)) / x[2:6]", "x[0].broadcast(to: [4, 6]) / x[1][2..<6]", [x[0], x], np.broadcast_to(x[0], (4, 6)) / x[2:6])

# --- reductions: every axis set and keepdims ----------------------------------------------
AXES = [None, 0, 1, 2, -1, (0, 1), (0, 2), (1, 2), (-1, 0), (0, 1, 2)]
def swift_axes(axes):
    if axes is None: return "nil"
    return "[" + ", ".join(str(a) for a in (axes if isinstance(axes, tuple) else (axes,))) + "]"
def count(shape, axes):
    if axes is None: return int(np.prod(shape))
    return int(np.prod([shape[a] for a in (axes if isinstance(axes, tuple) else (axes,))]))

r64, r32 = normal((2, 3, 4)), normal((3, 5, 300), np.float32)
ri, rb = rng.integers(-2**31, 2**31 - 1, (2, 3, 4)).astype(np.int32), rng.integers(0, 2, (2, 3, 4)) == 1
rnan = r64.copy(); rnan[1, 2, 3] = NAN; rnan[0, 0, 0] = -0.0
for axes in AXES:
    for keep in (False, True):
        sa, k = swift_axes(axes), "true" if keep else "false"
        for name, data in [("r64", r64), ("r32", r32)]:
            n, e = count(data.shape, axes), eps(data.dtype)
            s = np.sum(data, axis=axes, keepdims=keep)
            mag = np.sum(np.abs(data.astype(np.float64)), axis=axes, keepdims=keep)
            add(f"{name}.sum(axis={axes}, keepdims={keep})", f"x[0].sum(axes: {sa}, keepdims: {k})", [data], s,
                2 * (n + 2) * e * mag + ulps(s, 2))
            m = np.mean(data, axis=axes, keepdims=keep)
            add(f"{name}.mean(axis={axes}, keepdims={keep})", f"x[0].mean(axes: {sa}, keepdims: {k})", [data], m,
                2 * (n + 2) * e * mag / n + ulps(m, 2))
            add(f"{name}.max(axis={axes}, keepdims={keep})", f"x[0].max(axes: {sa}, keepdims: {k})", [data], np.max(data, axis=axes, keepdims=keep))
            add(f"{name}.min(axis={axes}, keepdims={keep})", f"x[0].min(axes: {sa}, keepdims: {k})", [data], np.min(data, axis=axes, keepdims=keep))
            square = np.sum(data.astype(np.float64) ** 2, axis=axes, keepdims=keep)
            for ddof in (0, 1):
                if n - ddof <= 0: continue
                v = np.var(data, axis=axes, ddof=ddof, keepdims=keep)
                add(f"{name}.var(axis={axes}, ddof={ddof}, keepdims={keep})", f"x[0].variance(axes: {sa}, ddof: {ddof}, keepdims: {k})",
                    [data], v, 4 * (n + 4) * e * square / (n - ddof) + ulps(v, 2))
                sd = np.std(data, axis=axes, ddof=ddof, keepdims=keep)
                add(f"{name}.std(axis={axes}, ddof={ddof}, keepdims={keep})", f"x[0].std(axes: {sa}, ddof: {ddof}, keepdims: {k})",
                    [data], sd, 4 * (n + 4) * e * np.sqrt(square / (n - ddof)) + ulps(sd, 2))
        n = count(r64.shape, axes)
        p = np.prod(r64, axis=axes, keepdims=keep)
        add(f"r64.prod(axis={axes}, keepdims={keep})", f"x[0].prod(axes: {sa}, keepdims: {k})", [r64], p, 2 * (n + 2) * eps(np.float64) * np.abs(p))
        add(f"rnan.max(axis={axes}, keepdims={keep})", f"x[0].max(axes: {sa}, keepdims: {k})", [rnan], np.max(rnan, axis=axes, keepdims=keep))
        add(f"rnan.min(axis={axes}, keepdims={keep})", f"x[0].min(axes: {sa}, keepdims: {k})", [rnan], np.min(rnan, axis=axes, keepdims=keep))
        add(f"int32.sum(axis={axes}, keepdims={keep})", f"x[0].sum(axes: {sa}, keepdims: {k})", [ri], np.sum(ri, axis=axes, keepdims=keep))
        add(f"int32.prod(axis={axes}, keepdims={keep})", f"x[0].prod(axes: {sa}, keepdims: {k})", [ri], np.prod(ri, axis=axes, keepdims=keep))
        add(f"int32.max(axis={axes}, keepdims={keep})", f"x[0].max(axes: {sa}, keepdims: {k})", [ri], np.max(ri, axis=axes, keepdims=keep))
        add(f"bool.any(axis={axes}, keepdims={keep})", f"x[0].any(axes: {sa}, keepdims: {k})", [rb], np.any(rb, axis=axes, keepdims=keep))
        add(f"bool.all(axis={axes}, keepdims={keep})", f"x[0].all(axes: {sa}, keepdims: {k})", [rb], np.all(rb, axis=axes, keepdims=keep))
        if axes is None or isinstance(axes, int):
            for name, data in [("r64", r64), ("rnan", rnan), ("int32", ri), ("r32", r32)]:
                add(f"{name}.argmax(axis={axes}, keepdims={keep})", f"x[0].argmax(axis: {axes if axes is not None else 'nil'}, keepdims: {k})",
                    [data], np.argmax(data, axis=axes, keepdims=keep))
                add(f"{name}.argmin(axis={axes}, keepdims={keep})", f"x[0].argmin(axis: {axes if axes is not None else 'nil'}, keepdims: {k})",
                    [data], np.argmin(data, axis=axes, keepdims=keep))

# --- matmul -------------------------------------------------------------------------------
def mm(name, a, b, swift="matmul(x[0], x[1])"):
    out = np.matmul(a, b)
    k = a.shape[-1]
    tol = 2 * (k + 2) * eps(out.dtype) * np.matmul(np.abs(a.astype(np.float64)), np.abs(b.astype(np.float64)))
    add(f"matmul {name} {list(a.shape)} @ {list(b.shape)} {out.dtype}", swift, [a, b], out, tol)
for dt in (np.float64, np.float32):
    mm("2-D", normal((3, 4), dt), normal((4, 5), dt))
    mm("long k", normal((7, 300), dt), normal((300, 9), dt))
    mm("vector @ matrix", normal((4,), dt), normal((4, 5), dt))
    mm("matrix @ vector", normal((6, 4), dt), normal((4,), dt))
    mm("vector @ vector", normal((33,), dt), normal((33,), dt))
    mm("batched", normal((2, 3, 4), dt), normal((2, 4, 5), dt))
    mm("broadcast batch", normal((2, 1, 3, 4), dt), normal((3, 4, 2), dt))
    mm("batched @ vector", normal((2, 3, 4), dt), normal((4,), dt))
    mm("vector @ batched", normal((4,), dt), normal((2, 4, 5), dt))
    mm("big", normal((70, 65), dt), normal((65, 80), dt))
a = normal((4, 3)); b = normal((4, 5))
add("matmul transposed left x.T @ y", "matmul(x[0].T, x[1])", [a, b], a.T @ b, 2 * 6 * eps(np.float64) * (np.abs(a.T) @ np.abs(b)))
a = normal((8, 5)); b = normal((5, 3))
add("matmul strided left x[::-2] @ y", "matmul(x[0][.slice(step: -2)], x[1])", [a, b], a[::-2] @ b, 2 * 7 * eps(np.float64) * (np.abs(a[::-2]) @ np.abs(b)))
ia, ib = rng.integers(-50, 50, (5, 6)), rng.integers(-50, 50, (6, 3))
add("matmul int64 exact", "matmul(x[0], x[1])", [ia, ib], ia @ ib)

# --- inv, solve, det ----------------------------------------------------------------------
def well(n, batch=()):
    return rng.standard_normal(batch + (n, n)) + n * np.eye(n)
def kappa(a):
    return np.linalg.cond(a, p=np.inf)
for n, batch in [(4, ()), (6, ()), (3, (2,)), (1, ())]:
    a = well(n, batch)
    ia = np.linalg.inv(a)
    tol = 16 * n * eps(np.float64) * np.max(kappa(a)) * np.max(np.abs(ia))
    add(f"inv {list(a.shape)}", "try inv(x[0])", [a], ia, tol)
    d = np.linalg.det(a)
    add(f"det {list(a.shape)}", "try det(x[0])", [a], d, 16 * n * n * eps(np.float64) * np.max(kappa(a)) * np.abs(d))
for n, bshape in [(5, (5,)), (5, (5, 2)), (4, (2, 4, 1))]:
    a = well(n, (2,) if len(bshape) == 3 else ())
    b = rng.standard_normal(bshape)
    s = np.linalg.solve(a, b)
    add(f"solve {list(a.shape)} {list(b.shape)}", "try solve(x[0], x[1])", [a, b], s,
        16 * n * eps(np.float64) * np.max(kappa(a)) * np.max(np.abs(s)))
a32 = well(4).astype(np.float32)
add("inv float32 [4, 4]", "try inv(x[0])", [a32], np.linalg.inv(a32), 16 * 4 * eps(np.float32) * kappa(a32) * np.max(np.abs(np.linalg.inv(a32))))

# --- transcendentals at sizes crossing blocks ---------------------------------------------
for dt in (np.float64, np.float32):
    v = (rng.standard_normal(1100) * 3).astype(dt)
    v[:4] = [NAN, INF, -INF, -0.0]
    for fn, swift in [(np.exp, "exp"), (np.sin, "sin"), (np.cos, "cos"), (np.tanh, "tanh"), (np.arctan, "atan")]:
        out = fn(v)
        add(f"{swift} {np.dtype(dt).name}[1100]", f"{swift}(x[0])", [v], out, ulps(out, 8))
    w = np.abs(v)
    out = np.log(w)
    add(f"log |x| {np.dtype(dt).name}[1100]", "log(x[0])", [w], out, ulps(out, 8))

# --- API.md scalar forms (part 4 of issue 19) ---------------------------------------------
f = specials((13,), np.float64); f32 = specials((13,), np.float32)
i = specials((13,), np.int64); i32 = specials((13,), np.int32); b = specials((13,), np.bool_)
nonneg = np.abs(i) % 6
def api(name, swift, inputs, out, tol=None):
    add("api " + name, swift, inputs, out, tol)
api("2.5 - f", "2.5 - x[0]", [f], 2.5 - f)
api("2.5 / f", "2.5 / x[0]", [f], 2.5 / f)
api("2.5 / f32", "2.5 / x[0]", [f32], np.float32(2.5) / f32)
api("7 / i", "7 / x[0]", [i], 7 / i)
api("7 / i32", "7 / x[0]", [i32], 7 / i32)
api("7 % i", "7 % x[0]", [i], 7 % i)
api("-7 % i32", "-7 % x[0]", [i32], -7 % i32)
api("-7.5 % f", "-7.5 % x[0]", [f], -7.5 % f)
api("2.25 % f32", "2.25 % x[0]", [f32], np.float32(2.25) % f32)
api("f % 3", "x[0] % 3", [f], f % 3)
api("i % -4", "x[0] % -4", [i], i % -4)
api("2 ** nonneg", "2 ** x[0]", [nonneg], 2 ** nonneg)
api("nonneg ** 3", "x[0] ** 3", [nonneg], nonneg ** 3)
api("1.5 ** f", "1.5 ** x[0]", [f], 1.5 ** f, ulps(1.5 ** f, 8))
api("f ** 2", "x[0] ** 2", [f], f ** 2, ulps(f ** 2, 8))
api("2.0 ** f32", "2.0 ** x[0]", [f32], np.float32(2.0) ** f32, ulps(np.float32(2.0) ** f32, 8))
for op, sw in [("==", ".=="), ("!=", ".!="), ("<", ".<"), ("<=", ".<="), (">", ".>"), (">=", ".>=")]:
    api(f"1.25 {op} f", f"1.25 {sw} x[0]", [f], eval(f"1.25 {op} f"))
    api(f"f {op} 1.25", f"x[0] {sw} 1.25", [f], eval(f"f {op} 1.25"))
    api(f"-2 {op} i32", f"-2 {sw} x[0]", [i32], eval(f"-2 {op} i32"))
    api(f"0.5 {op} f32", f"0.5 {sw} x[0]", [f32], eval(f"0.5 {op} f32"))
    api(f"3 {op} i", f"3 {sw} x[0]", [i], eval(f"3 {op} i"))
for op in ["&", "|", "^"]:
    api(f"i {op} 6", f"x[0] {op} 6", [i], eval(f"i {op} 6"))
    api(f"6 {op} i", f"6 {op} x[0]", [i], eval(f"6 {op} i"))
    api(f"i32 {op} -3", f"x[0] {op} -3", [i32], eval(f"i32 {op} -3"))
    api(f"b {op} True", f"x[0] {op} true", [b], eval(f"b {op} True"))
    api(f"False {op} b", f"false {op} x[0]", [b], eval(f"False {op} b"))
api("maximum(f, 0.5)", "maximum(x[0], 0.5)", [f], np.maximum(f, 0.5))
api("maximum(0.5, f)", "maximum(0.5, x[0])", [f], np.maximum(0.5, f))
api("minimum(f, -1)", "minimum(x[0], -1)", [f], np.minimum(f, -1))
api("minimum(-1, f)", "minimum(-1, x[0])", [f], np.minimum(-1, f))
api("maximum(i, 3)", "maximum(x[0], 3)", [i], np.maximum(i, 3))
api("minimum(3, i32)", "minimum(3, x[0])", [i32], np.minimum(3, i32))
api("maximum(1.5, f32)", "maximum(1.5, x[0])", [f32], np.maximum(np.float32(1.5), f32))
api("minimum(i32, 2.5) (float64)", "minimum(x[0], 2.5)", [i32], np.minimum(i32, 2.5))
lo, hi = specials((13,), np.float64), specials((13,), np.float64)
api("clip(f, lo, hi) arrays", "clip(x[0], x[1], x[2])", [f, lo, hi], np.clip(f, lo, hi))
m = specials((4, 13), np.float64)
api("clip(m, lo[None], hi) broadcast", "clip(x[0], x[1].expandDims(axis: 0), x[2])", [m, lo, hi], np.clip(m, lo[None], hi))
ilo, ihi = np.full(13, -3, np.int64), rng.integers(-5, 6, 13)
api("clip(i, ilo, ihi) int", "clip(x[0], x[1], x[2])", [i, ilo, ihi], np.clip(i, ilo, ihi))
api("clip(f32, -1, 1)", "clip(x[0], -1, 1)", [f32], np.clip(f32, np.float32(-1), np.float32(1)))

# --- write ------------------------------------------------------------------------------
archive = HERE / "numpy" / "reference.npz"
input_names = write_archive(archive, cases)
write_swift_cases(HERE.parent / "NumPyReferenceCases.generated.swift", "make_numpy_reference.py", "NumPyReference", cases, input_names)
print(len(cases), "cases,", archive.stat().st_size, "bytes")
