#!/usr/bin/env python3
"""Side-by-side comparison of LazyArray's bench with NumPy, numexpr and JAX.

Reads the JSON that `swift run -c release bench --json FILE` wrote, times the same cases
(same case ids, dtypes, sizes and thread counts) on each peer that is installed, and prints one
table with the ratio peer time / LazyArray fused time (above 1: LazyArray is faster).

    swift run -c release bench --quick --json /tmp/bench.json
    python3 benchmarks/compare.py --bench-json /tmp/bench.json --quick

Only NumPy is required; numexpr and JAX are used when they import. Method, as in the bench
and ../shared/BENCH.md:
  * every (peer, thread count) runs in its own process, pinned to that many cores with taskset
    and told its thread count through OMP/OPENBLAS/MKL/NUMEXPR variables (and XLA_FLAGS for JAX
    on one thread), so thread pools of different libraries never meet;
  * inputs are made once, outside the timing; each case is warmed up (JAX: jit compilation);
  * calls are timed one by one until they total at least 0.2 s (0.03 s with --quick) and number
    at least 5 (3); the median and minimum are kept.
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, set on some machines here for old OpenBLAS builds, slow
a current NumPy down; they are removed for the NumPy process only (see the env README).
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

PEERS = ("numpy", "numexpr", "jax")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "NUMEXPR_NUM_THREADS", "NUMEXPR_MAX_THREADS")


# ---------------------------------------------------------------------------------------------
# Cases: the ids and variants of the Swift bench (Sources/bench/BenchCase.swift).
# ---------------------------------------------------------------------------------------------
def make_inputs(case, n, dtype, np):
    """The inputs of `case` at nominal size `n`, standard normal as BENCH.md asks."""
    rng = np.random.default_rng(12345)

    def normal(*shape):
        return rng.standard_normal(shape, dtype=dtype)

    if case in ("add", "poly", "trig", "sumsq") or (case == "overhead" and n != 16):
        return {"a": normal(n), "b": normal(n)}
    if case in ("square", "sigmoid", "leaky_relu", "noise", "overhead"):
        return {"a": normal(n)}
    if case == "normalize":
        return {"X": normal(max(1, n // 64), 64)}
    if case == "softmax":
        return {"X": normal(max(1, n // 256), 256)}
    if case == "outer":
        side = int(round(math.sqrt(n)))
        return {"x": normal(side), "y": normal(side)}
    if case == "linear" and n == 1024:
        return {"A": normal(1024, 1024), "B": normal(1024, 1024)}
    if case == "linear":
        return {"X": normal(n, 1024), "W": normal(1024, 1024), "bias": normal(1024)}
    raise KeyError(case)


def numpy_call(case, n, d, np):
    """A no-argument function computing the case with NumPy, op by op."""
    if case == "add":
        a, b = d["a"], d["b"]
        return lambda: a + b
    if case == "square":
        a = d["a"]
        return lambda: a ** 2
    if case == "poly" or (case == "overhead" and n != 16):
        a, b = d["a"], d["b"]
        return lambda: 2 * a * a * a + 3 * b * b - 4 * a * b + 1
    if case == "trig":
        a, b = d["a"], d["b"]
        return lambda: np.sin(a) ** 2 + np.cos(b) ** 2
    if case == "sigmoid":
        a = d["a"]
        return lambda: 1 / (1 + np.exp(-a))
    if case == "leaky_relu":
        a = d["a"]
        return lambda: np.where(a > 0, a, 0.01 * a)
    if case == "normalize":
        X = d["X"]
        return lambda: (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8)
    if case == "outer":
        x, y = d["x"], d["y"]
        return lambda: x[:, None] * y[None, :] + 1
    if case == "sumsq":
        a, b = d["a"], d["b"]
        return lambda: np.sum((a - b) ** 2)
    if case == "softmax":
        X = d["X"]

        def softmax():
            e = np.exp(X - X.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        return softmax
    if case == "noise":
        a = d["a"]
        rng = np.random.default_rng(42)
        return lambda: a + rng.standard_normal(a.shape, dtype=a.dtype)
    if case == "linear" and n == 1024:
        A, B = d["A"], d["B"]
        return lambda: A @ B
    if case == "linear":
        X, W, bias = d["X"], d["W"], d["bias"]
        return lambda: np.maximum(X @ W + bias, 0)
    if case == "overhead":
        a = d["a"]
        return lambda: a + 1.0
    return None


def numexpr_call(case, n, d, ne):
    """The case as one numexpr expression, or None where numexpr has no equivalent.

    numexpr reads Python float literals as float64 and would upcast float32 inputs, so such
    constants are passed as typed scalars (k); reductions along axes stay in NumPy (hybrid).
    """
    def expression(text, **constants):
        local = dict(d)
        dtype = next(iter(d.values())).dtype.type
        local.update({name: dtype(value) for name, value in constants.items()})
        return lambda: ne.evaluate(text, local_dict=local)

    texts = {"add": "a + b", "square": "a ** 2", "poly": "2*a*a*a + 3*b*b - 4*a*b + 1",
             "trig": "sin(a)**2 + cos(b)**2", "sigmoid": "1 / (1 + exp(-a))",
             "sumsq": "sum((a - b)**2)"}
    if case == "overhead":
        return expression(texts["poly"]) if n != 16 else expression("a + k", k=1.0)
    if case in texts:
        return expression(texts[case])
    if case == "leaky_relu":
        return expression("where(a > 0, a, k * a)", k=0.01)
    if case == "outer":
        x, y = d["x"][:, None], d["y"][None, :]
        return lambda: ne.evaluate("x * y + 1", local_dict={"x": x, "y": y})
    if case == "normalize":
        X = d["X"]
        eps = X.dtype.type(1e-8)
        return lambda: ne.evaluate("(X - m) / (s + k)", local_dict={
            "X": X, "m": X.mean(axis=0), "s": X.std(axis=0), "k": eps})
    if case == "softmax":
        X = d["X"]

        def softmax():
            e = ne.evaluate("exp(X - m)", local_dict={"X": X, "m": X.max(axis=1, keepdims=True)})
            return ne.evaluate("e / s", local_dict={"e": e, "s": e.sum(axis=1, keepdims=True)})
        return softmax
    return None


def jax_call(case, n, d, jax, jnp):
    """The case under jax.jit on device-resident inputs (the first call compiles)."""
    functions = {
        "add": lambda a, b: a + b,
        "square": lambda a: a ** 2,
        "poly": lambda a, b: 2 * a * a * a + 3 * b * b - 4 * a * b + 1,
        "trig": lambda a, b: jnp.sin(a) ** 2 + jnp.cos(b) ** 2,
        "sigmoid": lambda a: 1 / (1 + jnp.exp(-a)),
        "leaky_relu": lambda a: jnp.where(a > 0, a, 0.01 * a),
        "normalize": lambda X: (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8),
        "outer": lambda x, y: x[:, None] * y[None, :] + 1,
        "sumsq": lambda a, b: jnp.sum((a - b) ** 2),
        "softmax": lambda X: (lambda e: e / e.sum(axis=1, keepdims=True))(
            jnp.exp(X - X.max(axis=1, keepdims=True))),
        "noise": lambda a: a + jax.random.normal(jax.random.key(42), a.shape, a.dtype),
    }
    if case == "overhead":
        function = functions["poly"] if n != 16 else (lambda a: a + 1.0)
    elif case == "linear":
        function = (lambda A, B: A @ B) if n == 1024 else (lambda X, W, bias: jnp.maximum(X @ W + bias, 0))
    else:
        function = functions.get(case)
    if function is None:
        return None
    compiled = jax.jit(function)
    arguments = [jax.device_put(value) for value in d.values()]
    return lambda: compiled(*arguments).block_until_ready()


def flop_count(case, n):
    """2·M·K·N for the matmul cases (they report GFLOP/s), None for the others."""
    if case != "linear":
        return None
    rows = 1024 if n == 1024 else n
    return 2.0 * rows * 1024 * 1024


# ---------------------------------------------------------------------------------------------
# Worker: one peer at one thread count, in its own process.
# ---------------------------------------------------------------------------------------------
def measure(call, min_time, min_calls):
    """Warm up, then time calls one by one: median and minimum seconds, as the bench does."""
    start = time.perf_counter()
    call()
    if time.perf_counter() - start < 0.1:
        call()
    samples = []
    total = 0.0
    clock = time.perf_counter
    while (total < min_time or len(samples) < min_calls) and len(samples) < 1_000_000:
        start = clock()
        call()
        elapsed = clock() - start
        samples.append(elapsed)
        total += elapsed
    samples.sort()
    middle = len(samples) // 2
    median = samples[middle] if len(samples) % 2 else (samples[middle - 1] + samples[middle]) / 2
    return median, samples[0]


def worker(args):
    import numpy as np
    peer, threads = args.peer, args.threads
    with open(args.configs) as f:
        configs = json.load(f)
    try:
        if peer == "numexpr":
            import numexpr as ne
            ne.set_num_threads(threads)
        elif peer == "jax":
            import jax
            import jax.numpy as jnp
    except ImportError as error:
        return {"missing": f"not installed ({error})", "results": []}
    min_time, min_calls = (0.03, 3) if args.quick else (0.2, 5)
    results = []
    for case, dtype, n in configs:
        d = make_inputs(case, n, dtype, np)
        if peer == "numpy":
            call = numpy_call(case, n, d, np)
        elif peer == "numexpr":
            call = numexpr_call(case, n, d, ne)
        else:
            call = jax_call(case, n, d, jax, jnp)
        if call is None:
            continue
        record = {"case": case, "dtype": dtype, "n": n, "peer": peer, "threads": threads}
        try:
            # BENCH.md's traffic: every input read and the output written, each counted once.
            moved = sum(value.nbytes for value in d.values()) + call().nbytes
            median, minimum = measure(call, min_time, min_calls)
        except Exception as error:  # a peer lacking one operation should not end the run
            record["error"] = repr(error)[:300]
        else:
            flops = flop_count(case, n)
            record.update(median_us=median * 1e6, min_us=minimum * 1e6,
                          gbps=None if flops else moved / median * 1e-9,
                          gflops=flops / median * 1e-9 if flops else None)
        results.append(record)
        print(f"  {peer} t={threads} {case} {dtype} n={n}: "
              + (f"{record['median_us']:.1f} us" if "median_us" in record else record["error"]),
              file=sys.stderr, flush=True)
    return {"results": results}


def run_worker(peer, threads, configs_path, args):
    """Runs one worker process pinned to `threads` cores; returns its decoded output."""
    env = dict(os.environ)
    for name in THREAD_VARIABLES:
        env[name] = str(threads)
    env.pop("XLA_FLAGS", None)
    if peer == "jax" and threads == 1:
        env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    if peer == "numpy":
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    command = [args.python, os.path.abspath(__file__), "--worker", "--peer", peer,
               "--threads", str(threads), "--configs", configs_path, "--result", out_path]
    if args.quick:
        command.append("--quick")
    if shutil.which("taskset") and threads <= (os.cpu_count() or 1):
        command = ["taskset", "-c", ",".join(str(cpu) for cpu in range(threads))] + command
    try:
        status = subprocess.run(command, env=env, timeout=args.timeout).returncode
        if status != 0:
            return {"error": f"worker exited with {status}", "results": []}
        with open(out_path) as f:
            return json.load(f)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {args.timeout} s", "results": []}
    finally:
        os.unlink(out_path)


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
def size_label(n):
    exponent = 0
    mantissa = n
    while mantissa >= 10 and mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    return f"{mantissa}e{exponent}" if exponent >= 3 and mantissa < 10 else str(n)


def print_table(lazy, peers_results, peers):
    """One row per case, dtype, size and thread count that LazyArray and a peer both ran."""
    by_key = {}
    for record in peers_results:
        if "median_us" in record:
            by_key[(record["case"], record["dtype"], record["n"], record["threads"], record["peer"])] = record
    shown = [p for p in peers if any(key[4] == p for key in by_key)]
    header = f"{'case':<11} {'dtype':<8} {'n':>6} {'thr':>3} {'LazyArray µs':>13}"
    for peer in shown:
        header += f" {peer + ' µs':>13} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    ratios = {peer: [] for peer in shown}
    for (case, dtype, n, threads), record in lazy.items():
        cells = []
        for peer in shown:
            other = by_key.get((case, dtype, n, threads, peer))
            if other is None:
                cells.append(f" {'-':>13} {'-':>7}")
                continue
            ratio = other["median_us"] / record["median_us"]
            ratios[peer].append(ratio)
            cells.append(f" {other['median_us']:>13.1f} {ratio:>6.2f}x")
        if any(key[:4] == (case, dtype, n, threads) for key in by_key):
            print(f"{case:<11} {dtype:<8} {size_label(n):>6} {threads:>3} {record['median_us']:>13.1f}"
                  + "".join(cells))
    print()
    print("ratio = peer median / LazyArray fused median: above 1 means LazyArray is faster.")
    for peer, values in ratios.items():
        if values:
            geometric = math.exp(sum(math.log(v) for v in values) / len(values))
            print(f"{peer}: {len(values)} rows, geometric mean ratio {geometric:.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-json", help="the JSON written by `bench --json FILE`")
    parser.add_argument("--quick", action="store_true", help="time for 0.03 s per case instead of 0.2 s")
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated subset of numpy,numexpr,jax")
    parser.add_argument("--backend", default="dispatch", help="the LazyArray backend to compare (dispatch or openmp)")
    parser.add_argument("--python", default=os.environ.get("PEERS_PYTHON", sys.executable),
                        help="the Python that runs the peers (e.g. a venv with numexpr and JAX)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed per worker process")
    parser.add_argument("--out", help="also write the peers' results as JSON here")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--peer", help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--configs", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        output = worker(args)
        with open(args.result, "w") as f:
            json.dump(output, f)
        return
    if not args.bench_json:
        parser.error("--bench-json FILE is required (write it with `swift run -c release bench --json FILE`)")

    with open(args.bench_json) as f:
        bench = json.load(f)
    lazy = {(r["case"], r["dtype"], r["n"], r["threads"]): r for r in bench["results"]
            if r["mode"] == "fused" and r["backend"] == args.backend}
    if not lazy:
        sys.exit(f"{args.bench_json} has no fused results on backend {args.backend}")
    configs = list(dict.fromkeys((case, dtype, n) for case, dtype, n, _ in lazy))  # the bench's order
    thread_counts = sorted({threads for _, _, _, threads in lazy})

    print(f"LazyArray commit {bench.get('commit', 'unknown')} on {bench['machine'].get('cpu_model')}, "
          f"{bench['machine'].get('cores')} cores", flush=True)
    peers = [p.strip() for p in args.peers.split(",") if p.strip()]
    results = []
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(configs, f)
        configs_path = f.name
    try:
        for peer in peers:
            for threads in thread_counts:
                print(f"running {peer} with {threads} thread(s)…", file=sys.stderr, flush=True)
                output = run_worker(peer, threads, configs_path, args)
                results.extend(output["results"])
                if output.get("missing"):
                    print(f"{peer} skipped: {output['missing']}", flush=True)
                    break
                if "error" in output:
                    print(f"{peer} with {threads} thread(s) skipped: {output['error']}", flush=True)
    finally:
        os.unlink(configs_path)
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"bench_commit": bench.get("commit"), "results": results}, f, indent=1)
    print()
    print_table(lazy, results, peers)


if __name__ == "__main__":
    main()
