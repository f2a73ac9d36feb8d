#!/usr/bin/env python3
"""Side-by-side comparison of LazyArray's bench with NumPy, numexpr, JAX and PyTorch.

Reads the JSON that `swift run -c release bench --json FILE` wrote, times the same cases
(same case ids, dtypes, sizes and thread counts) on each peer that is installed, and prints one
table with the ratio peer time / LazyArray fused time (above 1: LazyArray is faster).

    swift run -c release bench --quick --json /tmp/bench.json
    python3 benchmarks/compare.py --bench-json /tmp/bench.json --quick

The training cases of issue 20 (benchmarks/training_peers.py says how each peer computes them):
grad_chain (value and gradients of sum(sigmoid(a * w + b) ** 2) with respect to 0-d w, b),
grad_chain_forward (that loss alone) and mlp_step (one forward, backward and Adam step of a
784-256-10 MLP on a batch of 128, its N). A case the bench JSON lacks is timed on the peers
alone when --cases names it (LazyArray's column shows '-'); without --bench-json, --cases,
--sizes and --threads say what to run:

    swift run -c release bench --filter grad_chain --sizes 1e6,1e7 --threads 1,2 --json /tmp/gc.json
    python3 benchmarks/compare.py --bench-json /tmp/gc.json --cases mlp_step
    python3 benchmarks/compare.py --cases mlp_step --threads 1,2 --peers jax,torch

For a gradient case the report adds each library's gradient / forward ratio from the same run,
and for every training case whether the peers' values of their first calls agree (grad_chain:
value, dw and db; mlp_step: the losses of the first two steps, from the same parameters). NumPy
has no autodiff: its grad_chain row is the gradient written by hand, and it has no mlp_step.

Only NumPy is required; numexpr, JAX and torch are used when they import (numexpr has no
training case). Method, as in the bench and ../shared/BENCH.md:
  * every (peer, thread count) runs in its own process, pinned to that many cores with taskset
    and told its thread count through OMP/OPENBLAS/MKL/NUMEXPR variables, torch.set_num_threads
    and, for JAX on one thread, XLA_FLAGS, so thread pools of different libraries never meet;
  * inputs are made once, outside the timing; each case is warmed up (JAX: jit compilation);
    a training case's first calls (the value check) are its warm-up too;
  * calls are timed one by one until they total at least 0.2 s (0.03 s with --quick) and number
    at least 5 (3); the median and minimum are kept. An mlp_step call is one whole step with
    its results materialized (JAX: block_until_ready), its parameters the next call's inputs;
  * torch runs the array cases in torch.inference_mode(); the training cases record the graph.
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

from training_peers import (FORWARD_PARTNER, MLP_BATCH, TRAINING_CASES, check_values, jax_training_call,
                            make_training_inputs, numpy_training_call, torch_training_call, values_agree)

PEERS = ("numpy", "numexpr", "jax", "torch")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "NUMEXPR_NUM_THREADS", "NUMEXPR_MAX_THREADS")


# ---------------------------------------------------------------------------------------------
# Cases: the ids and variants of the Swift bench (Sources/bench/BenchCase.swift).
# ---------------------------------------------------------------------------------------------
def make_inputs(case, n, dtype, np):
    """The inputs of `case` at nominal size `n`, standard normal as BENCH.md asks."""
    if case in TRAINING_CASES:
        return make_training_inputs(case, n, dtype, np)
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
    if case in TRAINING_CASES:
        return numpy_training_call(case, d, np)
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
    if case in TRAINING_CASES:
        return jax_training_call(case, d, jax, jnp)
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


def torch_call(case, n, d, torch):
    """The case in PyTorch eager mode on tensors sharing the NumPy inputs' memory.

    The array cases run under torch.inference_mode() (no autograd bookkeeping), as a NumPy
    user's code would; the training cases record the graph and call backward().
    """
    if case in TRAINING_CASES:
        return torch_training_call(case, d, torch)
    generator = torch.Generator().manual_seed(42)
    functions = {
        "add": lambda a, b: a + b,
        "square": lambda a: a ** 2,
        "poly": lambda a, b: 2 * a * a * a + 3 * b * b - 4 * a * b + 1,
        "trig": lambda a, b: torch.sin(a) ** 2 + torch.cos(b) ** 2,
        "sigmoid": lambda a: 1 / (1 + torch.exp(-a)),
        "leaky_relu": lambda a: torch.where(a > 0, a, 0.01 * a),
        "normalize": lambda X: (X - X.mean(dim=0)) / (X.std(dim=0, correction=0) + 1e-8),
        "outer": lambda x, y: x[:, None] * y[None, :] + 1,
        "sumsq": lambda a, b: torch.sum((a - b) ** 2),
        "softmax": lambda X: (lambda e: e / e.sum(dim=1, keepdim=True))(
            torch.exp(X - X.amax(dim=1, keepdim=True))),
        "noise": lambda a: a + torch.randn(a.shape, generator=generator, dtype=a.dtype),
    }
    if case == "overhead":
        function = functions["poly"] if n != 16 else (lambda a: a + 1.0)
    elif case == "linear":
        function = (lambda A, B: A @ B) if n == 1024 else (lambda X, W, bias: torch.relu(X @ W + bias))
    else:
        function = functions.get(case)
    if function is None:
        return None
    arguments = [torch.from_numpy(value) for value in d.values()]

    def call():
        with torch.inference_mode():
            return function(*arguments)
    return call


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


def output_bytes(output):
    """Bytes of everything a call returned: one array, or a tuple of them (value and gradients)."""
    if isinstance(output, (tuple, list)):
        return sum(output_bytes(item) for item in output)
    return output.nbytes


def worker(args):
    import numpy as np
    peer, threads = args.peer, int(args.threads)
    with open(args.configs) as f:
        configs = json.load(f)
    try:
        if peer == "numexpr":
            import numexpr as ne
            ne.set_num_threads(threads)
        elif peer == "jax":
            import jax
            import jax.numpy as jnp
        elif peer == "torch":
            import torch
            torch.set_num_threads(threads)
    except ImportError as error:
        return {"missing": f"not installed ({error})", "results": []}
    min_time, min_calls = (0.03, 3) if args.quick else (0.2, 5)
    results = []
    for case, dtype, n in configs:
        try:
            d = make_inputs(case, n, dtype, np)
        except KeyError:
            continue  # a bench case that no peer has (the strided-view cases)
        if peer == "numpy":
            call = numpy_call(case, n, d, np)
        elif peer == "numexpr":
            call = numexpr_call(case, n, d, ne)
        elif peer == "jax":
            call = jax_call(case, n, d, jax, jnp)
        else:
            call = torch_call(case, n, d, torch)
        if call is None:
            continue
        record = {"case": case, "dtype": dtype, "n": n, "peer": peer, "threads": threads}
        try:
            if case in TRAINING_CASES:
                # From the same starting point on every peer, before any timed call moves it on.
                record["check"] = check_values(case, call)
            # BENCH.md's traffic: every input read and every output written, each counted once.
            # A training step has no such figure (its parameters are both).
            moved = None if case == "mlp_step" else sum(value.nbytes for value in d.values()) + output_bytes(call())
            median, minimum = measure(call, min_time, min_calls)
        except Exception as error:  # a peer lacking one operation should not end the run
            record["error"] = repr(error)[:300]
        else:
            flops = flop_count(case, n)
            record.update(median_us=median * 1e6, min_us=minimum * 1e6,
                          gbps=moved / median * 1e-9 if moved and not flops else None,
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


def medians_by_key(peers_results):
    """{(case, dtype, n, threads, peer): record} of the peers' timed results."""
    return {(r["case"], r["dtype"], r["n"], r["threads"], r["peer"]): r
            for r in peers_results if "median_us" in r}


def print_table(lazy, peers_results, peers, rows):
    """One line per (case, dtype, n, threads) of `rows` that a peer ran.

    A row LazyArray has no result for (a case the bench JSON lacks, or no JSON at all) shows
    '-' for it and no ratios.
    """
    by_key = medians_by_key(peers_results)
    shown = [p for p in peers if any(key[4] == p for key in by_key)]
    rows = [row for row in rows if any(key[:4] == row for key in by_key)]
    width = max([len("case")] + [len(case) for case, _, _, _ in rows])
    header = f"{'case':<{width}} {'dtype':<8} {'n':>6} {'thr':>3} {'LazyArray µs':>13}"
    for peer in shown:
        header += f" {peer + ' µs':>13} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    ratios = {peer: [] for peer in shown}
    for row in rows:
        case, dtype, n, threads = row
        record = lazy.get(row)
        cells = []
        for peer in shown:
            other = by_key.get(row + (peer,))
            if other is None:
                cells.append(f" {'-':>13} {'-':>7}")
            elif record is None:
                cells.append(f" {other['median_us']:>13.1f} {'-':>7}")
            else:
                ratio = other["median_us"] / record["median_us"]
                ratios[peer].append(ratio)
                cells.append(f" {other['median_us']:>13.1f} {ratio:>6.2f}x")
        mine = f"{record['median_us']:>13.1f}" if record else f"{'-':>13}"
        print(f"{case:<{width}} {dtype:<8} {size_label(n):>6} {threads:>3} {mine}" + "".join(cells))
    print()
    print("ratio = peer median / LazyArray fused median: above 1 means LazyArray is faster.")
    for peer, values in ratios.items():
        if values:
            geometric = math.exp(sum(math.log(v) for v in values) / len(values))
            print(f"{peer}: {len(values)} rows, geometric mean ratio {geometric:.2f}x")


def print_forward_ratios(lazy, peers_results, peers, rows):
    """Each library's gradient-case median over its forward-pass median, as the bench prints."""
    by_key = medians_by_key(peers_results)
    lines = []
    for case, dtype, n, threads in rows:
        forward = FORWARD_PARTNER.get(case)
        if forward is None:
            continue
        cells = []
        for name in ["LazyArray"] + list(peers):
            if name == "LazyArray":
                pair = lazy.get((case, dtype, n, threads)), lazy.get((forward, dtype, n, threads))
            else:
                pair = by_key.get((case, dtype, n, threads, name)), by_key.get((forward, dtype, n, threads, name))
            if pair[0] and pair[1]:
                cells.append(f"{name} {pair[0]['median_us'] / pair[1]['median_us']:.2f}x")
        if cells:
            lines.append(f"{case} / {forward} {dtype} n={size_label(n)} thr={threads}: " + ", ".join(cells))
    if lines:
        print()
        print("gradient call / forward call, medians of one run:")
        for line in lines:
            print("  " + line)


def print_checks(peers_results):
    """Whether the peers computed the same training values (values_agree's tolerance)."""
    groups = {}
    for record in peers_results:
        if "check" in record:
            groups.setdefault((record["case"], record["dtype"], record["n"], record["threads"]), []).append(record)
    if not groups:
        return
    print()
    print("training cases, values of the first calls (grad_chain: value, dw, db; mlp_step: loss of steps 1, 2):")
    for (case, dtype, n, threads), records in groups.items():
        reference = records[0]["check"]
        disagreeing = [r["peer"] for r in records[1:] if not values_agree(reference, r["check"])]
        verdict = (f"DISAGREE: {', '.join(disagreeing)} against {records[0]['peer']}" if disagreeing
                   else "agree" if len(records) > 1 else "one peer only")
        values = "; ".join(f"{r['peer']} " + ", ".join(f"{v:.6g}" for v in r["check"]) for r in records)
        print(f"  {case} {dtype} n={size_label(n)} thr={threads}: {verdict} ({values})")


def parse_sizes(text):
    """'1e6,1e7' -> [1000000, 10000000]."""
    return [int(float(part)) for part in text.split(",") if part.strip()]


# Sizes of the cases that do not follow --sizes (BenchCase's fixedSizes), for cases the bench
# JSON does not list.
FIXED_SIZES = {"mlp_step": [MLP_BATCH], "linear": [256, 1024], "overhead": [16, 1000]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-json", help="the JSON written by `bench --json FILE`")
    parser.add_argument("--cases", help="comma-separated case ids; without --bench-json the cases to run, "
                        "with it extra cases the JSON lacks (e.g. mlp_step), timed on the peers alone")
    parser.add_argument("--sizes", default="1e6,1e7", help="sizes of --cases that have no fixed size (default 1e6,1e7)")
    parser.add_argument("--threads", default=None,
                        help="thread counts without --bench-json (default 1 and all cores); with it, the JSON's")
    parser.add_argument("--quick", action="store_true", help="time for 0.03 s per case instead of 0.2 s")
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated subset of " + ",".join(PEERS))
    parser.add_argument("--backend", default="dispatch", help="the LazyArray backend to compare (dispatch or openmp)")
    parser.add_argument("--python", default=os.environ.get("PEERS_PYTHON", sys.executable),
                        help="the Python that runs the peers (e.g. a venv with numexpr, JAX and torch)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed per worker process")
    parser.add_argument("--out", help="also write the peers' results as JSON here")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--peer", help=argparse.SUPPRESS)
    parser.add_argument("--configs", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        output = worker(args)
        with open(args.result, "w") as f:
            json.dump(output, f)
        return
    if not args.bench_json and not args.cases:
        parser.error("--bench-json FILE (written by `swift run -c release bench --json FILE`) "
                     "or --cases LIST (peers alone) is required")

    lazy = {}
    bench = {"commit": None}
    if args.bench_json:
        with open(args.bench_json) as f:
            bench = json.load(f)
        lazy = {(r["case"], r["dtype"], r["n"], r["threads"]): r for r in bench["results"]
                if r["mode"] == "fused" and r["backend"] == args.backend}
        if not lazy:
            sys.exit(f"{args.bench_json} has no fused results on backend {args.backend}")
        print(f"LazyArray commit {bench.get('commit', 'unknown')} on {bench['machine'].get('cpu_model')}, "
              f"{bench['machine'].get('cores')} cores", flush=True)
        thread_counts = sorted({threads for _, _, _, threads in lazy})
    elif args.threads:
        thread_counts = [int(part) for part in args.threads.split(",") if part.strip()]
    else:
        thread_counts = sorted({1, os.cpu_count() or 1})
    configs = list(dict.fromkeys((case, dtype, n) for case, dtype, n, _ in lazy))  # the bench's order
    for case in [c.strip() for c in (args.cases or "").split(",") if c.strip()]:
        if any(config[0] == case for config in configs):
            continue  # the JSON's sizes and dtypes win
        configs.extend((case, "float32", n) for n in FIXED_SIZES.get(case, parse_sizes(args.sizes)))
    rows = [config + (threads,) for config in configs for threads in thread_counts]
    # A case of the JSON keeps the thread counts it ran at; an extra case runs at all of them.
    rows = [row for row in rows if row in lazy or not any(key[:3] == row[:3] for key in lazy)]

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
    print_table(lazy, results, peers, rows)
    print_forward_ratios(lazy, results, peers, rows)
    print_checks(results)


if __name__ == "__main__":
    main()
