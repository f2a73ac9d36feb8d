"""Writes Fixtures/numpy/decompositions.npz and DecompositionReferenceCases.generated.swift: NumPy's
answers for qr, cholesky, eigh/eigvalsh, svd/svdvals, lstsq, pinv, matrix_rank and norm with ord,
and the reconstruction and orthogonality residuals of LazyArray's own factorizations (expected 0
within a backward-error bound). Run with numpy 2.x from the repository root:
    python3 Tests/LazyArrayTests/Fixtures/make_decomposition_reference.py

Each case i names its inputs (`in_<n>`), the expected result `i_out` and `i_tol`, the absolute
tolerance of each element (0: bitwise), compared by NumPyReference.mismatch. Eigen- and singular
vectors have no unique sign, so against NumPy only sign-free quantities are compared: values,
|vectors| (where the values are separated), R and Q with the signs of R's diagonal divided out,
Cholesky's L, pinv, lstsq, ranks, norms. The tolerances, with eps the machine epsilon of a dtype
(2u) and ||A|| = ||A||_F:

- Backward error of LazyArray's factorizations (computed in float64):
  * Householder QR: ||A - QR|| <= sqrt(k) m n eps ||A|| and ||QᵀQ - I|| <= 2 sqrt(k) m n eps
    (Higham, Theorems 19.4 and 19.13: sqrt(n) γ̃_mn with γ̃_mn = c m n u, taking c = 2).
  * One-sided Jacobi SVD: each rotation moves its two rows by at most γ_6 of their norm
    (Higham, Lemma 19.8); a sweep rotates every row k - 1 times; S sweeps and the normalization
    ((L + 2) u): ||A - U S Vh|| <= (6 S (k - 1) + L + 2) u ||A||. With S <= 15 (the sweeps
    every matrix here takes is checked in DecompositionTests) that is <= 50 max(m, n) eps ||A||.
    Orthogonality: the stopping test |y_pᵀ y_q| <= L eps plus the normalization, and for Z the
    rotations' own S (k - 1) γ_6: 100 max(m, n) eps; where zero singular values or
    full_matrices complete a basis with Householder QR, twice its bound is added.
  * Cyclic Jacobi eigh: a sweep rotates each row and column 2 (n - 1) times: with S <= 15,
    ||A V - V diag(w)|| <= 100 n eps ||A|| and ||VᵀV - I|| <= 100 n eps.
  * Cholesky: |A - L Lᵀ| <= γ_(n+1) |L| |Lᵀ| elementwise (Higham, Theorem 10.3): (n + 1) eps.
  Results rounded to float32 add 4 k eps32 ||A|| (each factor's entries rounded once, products
  of up to three factors). Residuals are computed in float64, elementwise (|E_ij| <= ||E||_F).
- Against NumPy (LAPACK, in the input's precision: float32 for float32): each side has a
  backward error, NumPy's taken of the same 100 max(m, n) eps_dtype ||A|| form (LAPACK's bounds
  are p(n) u ||A|| with a p of this size). Then:
  * singular values and eigenvalues: Weyl, |ŝ - s| <= ||E_1||_2 + ||E_2||_2 (+ 2 ulp);
  * |vectors|: Davis-Kahan, ||v̂ - ±v|| <= 2 ||E|| / gap, gap = the distance to the nearest
    other value (compared only where that is below 1e-3);
  * Cholesky's L, QR's R and Q with the signs of R's diagonal divided out: the first-order
    perturbation of the factors (Higham, Theorem 10.8; Sun 1991 for QR) is below
    4 kappa_2(A) ||E|| / ||A|| relative to ||L||, ||R||, 1;
  * pinv: Wedin, ||Â⁺ - A⁺||_2 <= sqrt(2) ||A⁺|| ||Â⁺|| ||E||: 2 ||E|| / s_min² (same rank:
    rank-deficient inputs are exact, their zero singular values 1000x below the cutoff, which
    this script asserts);
  * lstsq's solution: Higham, Theorem 20.1, eps_A = ||E|| / ||A||_2:
    2 kappa eps_A (2 + (kappa + 1) ||r|| / (||A|| ||x||)) ||x|| (kappa over the kept values);
    its residuals (||r||²): 2 ||r|| dr + dr², dr = eps_A ||A|| ||x|| + ||A|| dx;
  * norms from sums (vector p, 1, 2, fro, matrix 1, inf): the terms are nonnegative, so the
    sum's relative error is <= (n + 2) eps, the powers add 8 ulp (libm) and the 1/p root divides
    by p: 2 ((n + 10) eps / |p| + 8 eps) |norm|; the max/min/count norms are exact; 2, -2, nuc
    as singular values (nuc: min(m, n) of them).
"""
import pathlib, warnings
import numpy as np
from reference_writer import reference_case, ulps, write_archive, write_swift_cases
warnings.simplefilter("ignore")

HERE = pathlib.Path(__file__).resolve().parent
rng = np.random.default_rng(20261207)
NAN, INF = float("nan"), float("inf")
EPS64 = float(np.finfo(np.float64).eps)
cases = []   # (name, swift expression over x[...], inputs, expected, tolerance)

def eps(dtype):
    return float(np.finfo(np.float32).eps) if np.dtype(dtype) == np.float32 else EPS64

def out_type(*dtypes):
    return np.float32 if all(np.dtype(d) == np.float32 for d in dtypes) else np.float64

def add(name, swift, inputs, out, tol=0.0):
    cases.append(reference_case(name, swift, inputs, out, tol))

def fro(a, axes=(-2, -1)):
    """||A||_F of each matrix of a stack, scaled so that tiny or huge entries neither underflow nor overflow."""
    a = np.abs(np.asarray(a, np.float64))
    top = np.max(a, axis=axes, keepdims=True, initial=0)
    scale = np.where(top > 0, top, 1)
    return np.squeeze(scale, axis=axes) * np.sqrt(np.sum((a / scale) ** 2, axis=axes))

def tag(a):
    return f"{np.asarray(a).dtype.name}{list(np.shape(a))}"

def bwd(m, n, dtype):
    """The relative backward error bound 100 max(m, n) eps of one side."""
    return 100 * max(m, n, 1) * eps(dtype)

def qr_bound(m, n):
    return np.sqrt(max(min(m, n), 1)) * max(m, 1) * max(n, 1) * EPS64

def mT(x):
    return np.swapaxes(x, -1, -2)

def per_matrix(bound):
    return np.asarray(bound, np.float64)[(...,) + (None,) * 2]

def residual(name, helper, inputs, shape, bound):
    """A residual |...| of LazyArray's factors: zeros of `shape`, within `bound` of each matrix."""
    add(name, f"try DecompositionChecks.{helper}", inputs, np.zeros(shape), per_matrix(bound))

def rounding(dt, k):
    return 4 * max(k, 1) * eps(dt) if np.dtype(dt) == np.float32 else 0.0

def normalized_qr(a):
    q, r = np.linalg.qr(a)
    d = np.sign(np.diagonal(r, axis1=-2, axis2=-1))
    return q * d[..., None, :], r * d[..., :, None]

# --- qr -----------------------------------------------------------------------------------
QR = [rng.standard_normal(s).astype(dt) for s in [(5, 3), (3, 5), (4, 4), (1, 1), (7, 1), (1, 6), (12, 9), (2, 3, 4), (2, 2, 5, 3),
                                                     (0, 3), (3, 0), (2, 0, 0)] for dt in (np.float64, np.float32)]
QR += [rng.integers(-9, 10, (4, 3)).astype(np.int32)]
# The small and unsigned integer dtypes (NumPy computes them in float64, as LazyArray does),
# drawn from their own generator so that the cases above keep their values.
extra = np.random.default_rng(2126)
QR += [extra.integers(-9, 10, (4, 3)).astype(np.int8), extra.integers(0, 200, (3, 4)).astype(np.uint8),
       extra.integers(0, 60000, (5, 3)).astype(np.uint16), extra.integers(-300, 300, (3, 3)).astype(np.int16)]
for a in QR:
    dt = out_type(a.dtype)
    m, n = a.shape[-2:]
    k = min(m, n)
    norm_a = fro(a)
    residual(f"qr residual {tag(a)}", "qrResidual(x[0])", [a], a.shape, (qr_bound(m, n) + rounding(dt, k)) * norm_a)
    residual(f"qr orthogonality {tag(a)}", "qrOrthogonality(x[0])", [a], a.shape[:-2] + (k, k), 2 * qr_bound(m, n) + rounding(dt, k))
    add(f"qr r strictly lower is zero {tag(a)}", "try DecompositionChecks.qrStrictlyLower(x[0])", [a], np.zeros(a.shape[:-2] + (k, n), dt))
    if k == 0:
        q, r = np.linalg.qr(a)
        add(f"qr q empty {tag(a)}", "try qr(x[0]).q", [a], q.astype(dt))
        add(f"qr r empty {tag(a)}", "try qr(x[0]).r", [a], r.astype(dt))
        continue
    q, r = normalized_qr(a)
    s = np.linalg.svd(a.astype(np.float64), compute_uv=False)
    kappa = (s[..., 0] / s[..., -1]).max()
    e = (bwd(m, n, np.float64) + bwd(m, n, dt)) * (norm_a / s[..., 0]).max()
    add(f"qr normalized r {tag(a)}", "try DecompositionChecks.qrNormalizedR(x[0])", [a], r, 4 * kappa * e * np.abs(r).max() + ulps(r, 2))
    add(f"qr normalized q {tag(a)}", "try DecompositionChecks.qrNormalizedQ(x[0])", [a], q, 4 * kappa * e + ulps(q, 2))

# --- cholesky -----------------------------------------------------------------------------
def spd(n, batch=(), dtype=np.float64):
    b = rng.standard_normal(batch + (n, n))
    return (b @ mT(b) + n * np.eye(n)).astype(dtype)

def garbage_upper(a):
    """`a` with random values above the diagonal: NumPy's cholesky and eigh read the lower triangle."""
    return np.where(np.tri(a.shape[-1], dtype=bool), a, rng.standard_normal(a.shape).astype(a.dtype))

CHOLESKY = [spd(n, batch, dt) for n, batch in [(1, ()), (3, ()), (6, ()), (15, ()), (4, (2,)), (3, (2, 2)), (0, ()), (0, (2,))]
            for dt in (np.float64, np.float32)]
CHOLESKY += [(lambda b: b @ b.T + 4 * np.eye(4, dtype=np.int64))(rng.integers(-3, 4, (4, 4)))]
CHOLESKY += [(lambda b: b @ b.T + 4 * np.eye(4, dtype=np.int64))(extra.integers(-3, 4, (4, 4))).astype(t) for t in (np.int8, np.int16)]
CHOLESKY += [(lambda b: b @ b.T + 4 * np.eye(3, dtype=np.int64))(extra.integers(0, 4, (3, 3))).astype(t) for t in (np.uint8, np.uint32)]
for a in CHOLESKY:
    dt = out_type(a.dtype)
    n = a.shape[-1]
    g = garbage_upper(a) if a.dtype.kind == "f" else a
    l = np.linalg.cholesky(g)
    tol = 0.0
    if n:
        kappa = np.linalg.cond(a.astype(np.float64)).max()
        tol = 4 * kappa * (n + 1) * (EPS64 + eps(dt)) * n * np.abs(l).max() + ulps(l, 2)
    add(f"cholesky {tag(a)} (upper triangle not read)", "try cholesky(x[0])", [g], l, tol)
    absl = np.abs(l.astype(np.float64))
    add(f"cholesky residual {tag(a)}", "try DecompositionChecks.choleskyResidual(x[0])", [a], np.zeros(a.shape),
        ((n + 1) * EPS64 + rounding(dt, n)) * (absl @ mT(absl)) + (n + 1) * EPS64 * np.abs(a))

# --- eigh ---------------------------------------------------------------------------------
def symmetric(n, batch=(), dtype=np.float64):
    b = rng.standard_normal(batch + (n, n))
    return ((b + mT(b)) / 2).astype(dtype)

def hilbert(n):
    i = np.arange(n)
    return 1.0 / (i[:, None] + i[None, :] + 1)

def rank_deficient(m, n, r):
    """An integer matrix of exact rank r (small integers: every product is exact)."""
    return (rng.integers(-3, 4, (m, r)) @ rng.integers(-3, 4, (r, n))).astype(np.float64)

EIGH = [symmetric(n, batch, dt) for n, batch in [(1, ()), (2, ()), (5, ()), (12, ()), (30, ()), (3, (2,)), (4, (2, 3)), (0, ()), (0, (3,))]
        for dt in (np.float64, np.float32)]
EIGH += [hilbert(8), np.diag([1.0, 1.0, 2.0, -3.0]), np.array([[2.0, 1.0], [1.0, 2.0]]) * 1e200,
         np.array([[2.0, -1.0], [-1.0, 2.0]]) * 1e-200, (lambda b: b @ b.T)(rank_deficient(6, 6, 3)), np.zeros((3, 3))]
EIGH += [(lambda b: b + b.T)(rng.integers(-5, 6, (5, 5)).astype(np.int32))]
EIGH += [(lambda b: b + b.T)(extra.integers(-5, 6, (4, 4)).astype(np.int8)), (lambda b: b + b.T)(extra.integers(0, 9, (4, 4)).astype(np.uint8)),
         (lambda b: b + b.T)(extra.integers(0, 9, (3, 3)).astype(np.uint64))]
for a in EIGH:
    dt = out_type(a.dtype)
    n = a.shape[-1]
    g = garbage_upper(a) if a.dtype.kind == "f" else a
    w, v = np.linalg.eigh(g)
    name = tag(a)
    norm_a = fro(a)
    e = (bwd(n, n, np.float64) + bwd(n, n, dt)) * (norm_a.max() if norm_a.size else 0)
    add(f"eigh eigenvalues {name}", "try eigh(x[0]).eigenvalues", [g], w, e + ulps(w, 2))
    add(f"eigvalsh {name}", "try eigvalsh(x[0])", [g], w, e + ulps(w, 2))
    if n >= 2 and a.ndim == 2:
        gaps = np.array([np.min(np.abs(np.delete(w, i) - w[i])) for i in range(n)], np.float64)
        tol = 2 * e / np.maximum(gaps, 1e-300)
        if tol.max() < 1e-3:
            add(f"eigh |eigenvectors| {name}", "abs(try eigh(x[0]).eigenvectors)", [g], np.abs(v), tol[None, :] + ulps(v, 2))
    residual(f"eigh residual {name}", "eighResidual(x[0], x[1])", [g, a], a.shape, (bwd(n, n, np.float64) + rounding(dt, n)) * norm_a)
    residual(f"eigh orthogonality {name}", "eighOrthogonality(x[0])", [g], a.shape, bwd(n, n, np.float64) + rounding(dt, n))
# NaN or inf in the lower triangle: NumPy raises (3 x 3) or returns NaN (2 x 2); LazyArray throws (DecompositionTests).
upper_nan = symmetric(3)
upper_nan[0, 2] = NAN
w = np.linalg.eigvalsh(upper_nan)
add("eigvalsh NaN above the diagonal is not read", "try eigvalsh(x[0])", [upper_nan], w,
    2 * bwd(3, 3, np.float64) * fro(np.tril(upper_nan)) + ulps(w, 2))

# --- svd ----------------------------------------------------------------------------------
SVD = [rng.standard_normal(s).astype(dt) for s in [(5, 3), (3, 5), (4, 4), (1, 1), (1, 7), (7, 1), (20, 12), (9, 25), (2, 4, 3), (2, 2, 3, 5),
                                                      (0, 3), (3, 0), (0, 0), (2, 0, 4)] for dt in (np.float64, np.float32)]
SVD += [hilbert(8), rank_deficient(6, 5, 2), rank_deficient(4, 7, 3), np.zeros((3, 4)), np.outer(np.arange(1.0, 5), np.arange(1.0, 4)),
        rng.standard_normal((4, 3)) * 1e200, rng.standard_normal((3, 4)) * 1e-200, np.eye(4), rank_deficient(5, 5, 3).astype(np.float32),
        rng.integers(-9, 10, (3, 4)), rng.integers(0, 2, (4, 3)) == 1]
SVD += [extra.integers(-9, 10, (3, 4)).astype(np.int8), extra.integers(0, 256, (4, 3)).astype(np.uint8),
        extra.integers(0, 1000, (3, 3)).astype(np.uint16), extra.integers(-500, 500, (2, 3)).astype(np.int16)]
for a in SVD:
    dt = out_type(a.dtype)
    m, n = a.shape[-2:]
    k = min(m, n)
    name = tag(a)
    norm_a = fro(a)
    s = np.linalg.svd(a, compute_uv=False)
    e = (bwd(m, n, np.float64) + bwd(m, n, dt)) * (norm_a.max() if norm_a.size else 0)
    add(f"svd s {name}", "try svd(x[0]).s", [a], s, e + ulps(s, 2))
    add(f"svdvals {name}", "try svdvals(x[0])", [a], s, e + ulps(s, 2))
    for full in (False, True):
        u, _, vh = np.linalg.svd(a, full_matrices=full)
        suffix, label, flag = ("Full", "full", "true") if full else ("", "reduced", "false")
        completion = 2 * 2 * qr_bound(max(m, n), max(m, n)) if full or (s.size and s.min() == 0) else 0
        residual(f"svd {label} residual {name}", f"svdResidual{suffix}(x[0])", [a], a.shape,
                 (bwd(m, n, np.float64) / 2 + rounding(dt, k)) * norm_a)
        left = m if full else k
        right = n if full else k
        residual(f"svd {label} u orthogonality {name}", f"svdLeftOrthogonality{suffix}(x[0])", [a], a.shape[:-2] + (left, left),
                 bwd(m, n, np.float64) + completion + rounding(dt, k))
        residual(f"svd {label} vh orthogonality {name}", f"svdRightOrthogonality{suffix}(x[0])", [a], a.shape[:-2] + (right, right),
                 bwd(m, n, np.float64) + completion + rounding(dt, k))
        if k == 0 or full or a.ndim != 2:
            continue
        gaps = np.array([np.min(np.abs(np.delete(s, i) - s[i]), initial=np.inf) for i in range(k)])
        if k < max(m, n):
            gaps = np.minimum(gaps, s)   # the complement's zero singular values
        tol = 2 * e / np.maximum(gaps, 1e-300)
        if tol.max() < 1e-3:
            add(f"svd |u| {name}", "abs(try svd(x[0], fullMatrices: false).u)", [a], np.abs(u), tol[None, :] + ulps(u, 2))
            add(f"svd |vh| {name}", "abs(try svd(x[0], fullMatrices: false).vh)", [a], np.abs(vh), tol[:, None] + ulps(vh, 2))

# --- pinv and matrix_rank -----------------------------------------------------------------
PINV = [(rng.standard_normal(s).astype(dt), None) for s in [(5, 3), (3, 5), (4, 4), (1, 1), (2, 4, 3), (0, 3), (3, 0), (2, 0, 2)]
        for dt in (np.float64, np.float32)]
PINV += [(hilbert(6), None), (rank_deficient(6, 5, 2), 1e-10), (rank_deficient(4, 7, 3), 1e-10), (np.zeros((3, 2)), None),
         (rank_deficient(5, 4, 2).astype(np.float32), 1e-5), (rng.integers(-5, 6, (3, 4)).astype(np.int32), None)]
PINV += [(extra.integers(-5, 6, (3, 4)).astype(np.int8), None), (extra.integers(0, 50, (4, 2)).astype(np.uint8), None)]
for a, rcond in PINV:
    dt = out_type(a.dtype)
    m, n = a.shape[-2:]
    p = np.linalg.pinv(a) if rcond is None else np.linalg.pinv(a, rcond=rcond)
    name = tag(a) + ("" if rcond is None else f" rcond {rcond}")
    swift = "try pinv(x[0])" if rcond is None else f"try pinv(x[0], rcond: {rcond})"
    tol = 0.0
    if a.size:
        s = np.linalg.svd(a.astype(np.float64), compute_uv=False)
        cut = (rcond or 1e-15) * s[..., :1]
        assert np.all((s > cut * 1e3) | (s <= cut * 1e-3)), f"pinv {name}: a singular value near the cutoff"
        kept_min = np.where(s > cut, s, np.inf).min()
        e = (bwd(m, n, np.float64) + bwd(m, n, dt)) * fro(a).max()
        tol = (2 * e / kept_min ** 2 if np.isfinite(kept_min) else 0.0) + ulps(p, 2)
    add(f"pinv {name}", swift, [a], p, tol)
    add(f"matrix_rank {name}", "try matrixRank(x[0])", [a], np.asarray(np.linalg.matrix_rank(a), np.int64))
a = rank_deficient(5, 6, 2).astype(np.int32)
add("matrix_rank int32 of rank 2", "try matrixRank(x[0])", [a], np.asarray(np.linalg.matrix_rank(a), np.int64))
stack = np.stack([rank_deficient(4, 4, r) for r in (0, 1, 2, 3, 4)])
add("matrix_rank stack of ranks 0...4", "try matrixRank(x[0])", [stack], np.linalg.matrix_rank(stack).astype(np.int64))
d = np.diag([3.0, 2.0, 1.0, 0.5])
add("matrix_rank tol 1.5", "try matrixRank(x[0], tol: 1.5)", [d], np.asarray(np.linalg.matrix_rank(d, tol=1.5), np.int64))
for v in [np.array([0.0, 0.0]), np.array([0.0, 2.0]), np.array(0.0), np.array([0, 1], np.int32), np.array([NAN])]:
    add(f"matrix_rank {tag(v)} {v.tolist()}", "try matrixRank(x[0])", [v], np.asarray(np.linalg.matrix_rank(v), np.int64))

# --- lstsq --------------------------------------------------------------------------------
LSTSQ = [(rng.standard_normal((8, 3)), rng.standard_normal(8), None), (rng.standard_normal((8, 3)), rng.standard_normal((8, 2)), None),
         (rng.standard_normal((3, 6)), rng.standard_normal(3), None), (rng.standard_normal((5, 5)), rng.standard_normal((5, 3)), None),
         (rank_deficient(7, 4, 2), rng.standard_normal(7), 1e-10), (rank_deficient(3, 5, 2), rng.standard_normal((3, 2)), 1e-10),
         (np.c_[rng.standard_normal((6, 2)), np.zeros(6)], rng.standard_normal(6), None), (hilbert(6)[:, :4], rng.standard_normal(6), None),
         (rng.standard_normal((6, 3)).astype(np.float32), rng.standard_normal(6).astype(np.float32), None),
         (rng.standard_normal((6, 3)).astype(np.float32), rng.standard_normal(6), None),
         (rng.integers(-5, 6, (6, 3)).astype(np.int32), rng.integers(-5, 6, 6), None),
         (np.zeros((0, 3)), np.zeros(0), None), (np.zeros((3, 0)), rng.standard_normal(3), None),
         (np.zeros((3, 0)), rng.standard_normal((3, 2)), None)]
for a, b, rcond in LSTSQ:
    m, n = a.shape
    dt = out_type(a.dtype, b.dtype)
    x, res, rank, s = np.linalg.lstsq(a, b, rcond=rcond)
    name = f"{tag(a)} {tag(b)}" + ("" if rcond is None else f" rcond {rcond}")
    swift = "try lstsq(x[0], x[1])" if rcond is None else f"try lstsq(x[0], x[1], rcond: {rcond})"
    xtol = rtol = stol = 0.0
    if a.size:
        s64 = np.linalg.svd(a.astype(np.float64), compute_uv=False)
        cut = (rcond if rcond is not None else eps(dt) * max(m, n)) * s64[0]
        assert np.all((s64 > cut * 1e3) | (s64 <= cut * 1e-3)), f"lstsq {name}: a singular value near the cutoff"
        kept = s64[s64 > cut]
        kappa = kept[0] / kept[-1]
        norm_a = s64[0]
        e_a = (bwd(m, n, np.float64) + bwd(m, n, dt)) * fro(a) / norm_a
        x64 = np.linalg.lstsq(a.astype(np.float64), b.astype(np.float64), rcond=cut / s64[0])[0]
        r = b.astype(np.float64) - a.astype(np.float64) @ x64
        xn, rn = np.linalg.norm(x64, axis=0), np.linalg.norm(r, axis=0)
        dx = 2 * kappa * e_a * (2 + (kappa + 1) * rn / (norm_a * np.maximum(xn, 1e-300))) * xn
        dr = e_a * norm_a * xn + norm_a * dx
        xtol, stol = dx + ulps(x, 2), e_a * norm_a + ulps(s, 2)
        rtol = (2 * rn * dr + dr * dr) * np.ones(np.shape(res)) + ulps(res, 2) if res.size else 0.0
    elif res.size:
        rtol = 8 * EPS64 * res
    add(f"lstsq solution {name}", swift + ".solution", [a, b], x, xtol)
    add(f"lstsq residuals {name}", swift + ".residuals", [a, b], res, rtol if res.size else 0.0)
    add(f"lstsq singular values {name}", swift + ".singularValues", [a, b], s, stol)
    add(f"lstsq rank {name}", f"NDArray([Int64(({swift}).rank)], shape: [])", [a, b], np.asarray(rank, np.int64))

# --- norm ---------------------------------------------------------------------------------
def sum_tol(out, n, p=1.0):
    out = np.asarray(out)
    e = eps(out.dtype)
    return 2 * ((n + 10) * e / abs(p) + 8 * e) * np.abs(out.astype(np.float64))

def swift_ord(o):
    return {None: "nil", "fro": ".fro", "nuc": ".nuc", INF: ".inf", -INF: ".negativeInf"}.get(o, repr(o))

def sv_tol(a, axes, dt):
    """Weyl for each singular value of the matrices over `axes`; the nuclear norm sums up to min(m, n) of them."""
    m, n = a.shape[axes[0]], a.shape[axes[1]]
    f = fro(a, tuple(x % a.ndim for x in axes))
    return (bwd(m, n, np.float64) + bwd(m, n, dt)) * f * max(min(m, n), 1)

def swift_bool(b):
    return "true" if b else "false"

VECTOR_ORDS = [None, 1, 2, 3, 0.5, -1, -2, 0, INF, -INF]
VECTORS = [rng.standard_normal(17), rng.standard_normal((4, 9)).astype(np.float32), rng.integers(-5, 6, (3, 7)).astype(np.int32),
           rng.integers(0, 2, (5,)) == 1, np.array([3.0, NAN, 1.0, -0.0]), np.array([1.0, INF, -2.0]), np.zeros((2, 0))]
VECTORS += [extra.integers(-128, 128, (6,)).astype(np.int8), extra.integers(0, 2**16, (2, 5)).astype(np.uint16),
            np.array([2**64 - 1, 3, 0], dtype=np.uint64)]
for v in VECTORS:
    for o in VECTOR_ORDS:
        for axis in ([None] if v.ndim == 1 else [0, -1, 1]):
            if v.shape[axis or 0] == 0 and o == -INF:
                continue   # NumPy: "zero-size array to reduction operation minimum which has no identity"
            for keep in (False, True):
                out = np.linalg.norm(v, o, axis=axis, keepdims=keep)
                n = v.shape[axis if axis is not None else 0]
                tol = 0.0 if o in (0, INF, -INF) else sum_tol(out, n, 2 if o is None else o)
                add(f"norm {tag(v)} ord={o} axis={axis} keepdims={keep}",
                    f"norm(x[0], ord: {swift_ord(o)}, axis: {'nil' if axis is None else axis}, keepdims: {swift_bool(keep)})", [v], out, tol)
MATRIX_ORDS = [None, "fro", "nuc", 1, -1, 2, -2, INF, -INF]
MATRICES = [(rng.standard_normal((5, 4)), (0, 1)), (rng.standard_normal((3, 6)).astype(np.float32), (0, 1)),
            (rng.standard_normal((2, 4, 3)), (1, 2)), (rng.standard_normal((3, 2, 4)), (-1, 0)), (rng.standard_normal((4, 3, 2)), (2, 0)),
            (rng.integers(-5, 6, (3, 3)).astype(np.int64), (0, 1)), (np.zeros((0, 3)), (0, 1)), (np.zeros((3, 0)), (-2, -1)),
            (np.array([[1.0, NAN], [2.0, 3.0]]), (0, 1)), (np.array([[1.0, -INF], [2.0, 3.0]]), (0, 1))]
for a, axes in MATRICES:
    for o in MATRIX_ORDS:
        if a.size == 0 and o in (-1, -2, -INF):
            continue   # NumPy: "zero-size array to reduction operation minimum which has no identity"
        if not np.isfinite(a).all() and o in (2, -2, "nuc"):
            continue   # NumPy raises "SVD did not converge" (NaN) or gives NaN (inf); LazyArray gives NaN (DecompositionTests)
        for keep in (False, True):
            out = np.linalg.norm(a, o, axis=axes, keepdims=keep)
            ra, ca = axes
            if o in (2, -2, "nuc"):
                base = sv_tol(a, axes, out.dtype)
                tol = (np.expand_dims(base, tuple(sorted(x % a.ndim for x in axes))) if keep else base) + ulps(out, 2)
            else:
                tol = sum_tol(out, a.shape[ra] * a.shape[ca] if o in (None, "fro") else a.shape[ra] + a.shape[ca], 2 if o in (None, "fro") else 1)
            add(f"norm {tag(a)} ord={o} axes={axes} keepdims={keep}",
                f"norm(x[0], ord: {swift_ord(o)}, axes: [{ra}, {ca}], keepdims: {swift_bool(keep)})", [a], out, tol)
for a in [rng.standard_normal((4, 5)), rng.standard_normal((3, 3)).astype(np.float32)]:
    for o in ["fro", "nuc", 1, -1, 2, -2, INF, -INF]:
        out = np.linalg.norm(a, o)
        if o in (2, -2, "nuc"):
            tol = sv_tol(a, (0, 1), out.dtype) + ulps(out, 2)
        else:
            tol = sum_tol(out, a.size, 2 if o == "fro" else 1)
        add(f"norm {tag(a)} ord={o} (2-D, axis nil)", f"norm(x[0], ord: {swift_ord(o)})", [a], out, tol)
v = rng.standard_normal((2, 3, 4))
for axes in [[1], [-1]]:
    out = np.linalg.norm(v, 1, axis=tuple(axes))
    add(f"norm {tag(v)} ord=1 axes={axes} (one axis: a vector norm)", f"x[0].norm(ord: 1, axes: {axes})", [v], out, sum_tol(out, v.shape[axes[0]]))

# --- write ------------------------------------------------------------------------------
archive = HERE / "numpy" / "decompositions.npz"
input_names = write_archive(archive, cases)
write_swift_cases(HERE.parent / "DecompositionReferenceCases.generated.swift", "make_decomposition_reference.py", "DecompositionReference", cases, input_names)
print(len(cases), "cases,", archive.stat().st_size, "bytes")
