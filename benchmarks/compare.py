#!/usr/bin/env python3
"""Side-by-side comparison of LazyArray's bench with NumPy, numexpr, JAX and PyTorch.

Reads the JSON that `swift run -c release bench --json FILE` wrote, times the same cases
(same case ids, dtypes, sizes and thread counts) on each peer that is installed, and prints one
table with the ratio peer time / LazyArray fused time (above 1: LazyArray is faster).

    swift run -c release bench --quick --json /tmp/bench.json
    python3 benchmarks/compare.py --bench-json /tmp/bench.json --quick --svg /tmp/ratios.svg

--svg FILE also draws the ratios as a bar chart (one group per row of the table, one bar per
peer, a line at 1; log scale when the ratios span more than 10x), in plain SVG.

Every case of the bench has a peer implementation, issue 5's strided views included
(strided_column `X[:, 3] * 2 + 1`, strided_transpose `X.T + 1`, strided_mixed `X.T + X` and their
contiguous partners; numexpr is handed the views themselves). A case id compare.py does not know
(a bench newer than this script, a misspelt --cases) is skipped, and one line before the table
names every such case; so does a line for the cases none of the peers of this run implements
(mlp_step with --peers numpy). The table is printed whatever the peers did: a peer that is not
installed has no column, a case that fails on a peer shows 'error' (the errors follow the table),
and a worker that crashes or times out keeps the cases it finished ('-' for the rest).

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
# The strided-view cases use only indexing and operators, which NumPy, JAX and torch arrays
# share: one definition for the three (numexpr is handed the views themselves).
VIEW_CASES = {
    "strided_column": lambda X: X[:, 3] * 2 + 1,
    "strided_column_contiguous": lambda a: a * 2 + 1,
    "strided_transpose": lambda X: X.T + 1,
    "strided_transpose_contiguous": lambda X: X + 1,
    "strided_mixed": lambda X: X.T + X,
    "strided_mixed_contiguous": lambda X: X + X,
}


def make_inputs(case, n, dtype, np):
    """The inputs of `case` at nominal size `n`, standard normal as BENCH.md asks."""
    if case in TRAINING_CASES:
        return make_training_inputs(case, n, dtype, np)
    rng = np.random.default_rng(12345)

    def normal(*shape):
        return rng.standard_normal(shape, dtype=dtype)

    if case in ("add", "poly", "trig", "sumsq") or (case == "overhead" and n != 16):
        return {"a": normal(n), "b": normal(n)}
    if case in ("square", "sigmoid", "leaky_relu", "noise", "overhead", "sort", "cumsum"):
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
    if case == "einsum":
        return {"A": normal(n, 128, 128), "B": normal(n, 128, 128)}
    if case == "skinny":
        return {"A": normal(n, 64), "B": normal(64, n)}
    if case == "linear":
        return {"X": normal(n, 1024), "W": normal(1024, 1024), "bias": normal(1024)}
    # Issue 5's strided views: X (N, 64) read one column; X (N, N) read transposed; each next
    # to its contiguous partner, as in the bench.
    if case == "strided_column":
        return {"X": normal(n, 64)}
    if case == "strided_column_contiguous":
        return {"a": normal(n)}
    if case in ("strided_transpose", "strided_transpose_contiguous", "strided_mixed",
                "strided_mixed_contiguous"):
        return {"X": normal(n, n)}
    raise KeyError(case)


def bytes_read(case, d):
    """Bytes of the inputs a call reads, as the bench counts them (BenchCase's elementsRead).

    strided_column reads one column of X, not all of it: counting the whole 256 MB would make
    every peer's GB/s 64 times too high.
    """
    if case == "strided_column":
        X = d["X"]
        return X.shape[0] * X.itemsize
    return sum(value.nbytes for value in d.values())


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
    if case == "cumsum":
        a = d["a"]
        return lambda: np.cumsum(a)
    if case == "noise":
        a = d["a"]
        rng = np.random.default_rng(42)
        return lambda: a + rng.standard_normal(a.shape, dtype=a.dtype)
    if case in ("skinny", "linear") and "A" in d:
        A, B = d["A"], d["B"]
        return lambda: A @ B
    if case == "einsum":
        # np.matmul, NumPy's fastest way to this contraction (one batched BLAS call per matrix):
        # np.einsum("bij,bjk->bik", optimize=True) cannot hand a kept batch index to BLAS and
        # runs its own loops, 5x slower here (docs/performance.md, "Issue 21: einsum").
        A, B = d["A"], d["B"]
        return lambda: np.matmul(A, B)
    if case == "linear":
        X, W, bias = d["X"], d["W"], d["bias"]
        return lambda: np.maximum(X @ W + bias, 0)
    if case == "overhead":
        a = d["a"]
        return lambda: a + 1.0
    if case == "sort":
        # NumPy's default sort (x86-simd-sort where the CPU has AVX2/AVX-512): not stable, the
        # fastest np.sort there is; the bench's sort is stable.
        a = d["a"]
        return lambda: np.sort(a)
    if case in VIEW_CASES:
        function, arguments = VIEW_CASES[case], list(d.values())
        return lambda: function(*arguments)
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
             "sumsq": "sum((a - b)**2)", "strided_column_contiguous": "a * 2 + 1",
             "strided_transpose_contiguous": "X + 1", "strided_mixed_contiguous": "X + X"}
    # The strided cases pass the view itself: numexpr iterates it with its strides, as a user
    # handing it X[:, 3] or X.T would see.
    views = {"strided_column": ("x * 2 + 1", lambda X: {"x": X[:, 3]}),
             "strided_transpose": ("XT + 1", lambda X: {"XT": X.T}),
             "strided_mixed": ("XT + X", lambda X: {"XT": X.T, "X": X})}
    if case in views:
        text, local = views[case]
        arrays = local(d["X"])
        return lambda: ne.evaluate(text, local_dict=arrays)
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
    # JAX computes in float32 unless x64 is enabled: without it a float64 case's inputs would be
    # cast to float32 and the row would time half the bytes. The flag is set per case (each case
    # is built and timed before the next), so float32 cases keep JAX's default.
    jax.config.update("jax_enable_x64", any(getattr(value, "dtype", None) == "float64" for value in d.values()))
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
        "einsum": lambda A, B: jnp.einsum("bij,bjk->bik", A, B),
        "sort": jnp.sort,
        "cumsum": lambda a: jnp.cumsum(a),
        **VIEW_CASES,
    }
    if case == "overhead":
        function = functions["poly"] if n != 16 else (lambda a: a + 1.0)
    elif case == "linear":
        function = (lambda A, B: A @ B) if n == 1024 else (lambda X, W, bias: jnp.maximum(X @ W + bias, 0))
    elif case == "skinny":
        function = lambda A, B: A @ B
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
        "einsum": lambda A, B: torch.einsum("bij,bjk->bik", A, B),
        "sort": lambda a: torch.sort(a, stable=True).values,
        "cumsum": lambda a: torch.cumsum(a, 0),
        **VIEW_CASES,
    }
    if case == "overhead":
        function = functions["poly"] if n != 16 else (lambda a: a + 1.0)
    elif case == "linear":
        function = (lambda A, B: A @ B) if n == 1024 else (lambda X, W, bias: torch.relu(X @ W + bias))
    elif case == "skinny":
        function = lambda A, B: A @ B
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
    if case == "einsum":
        return 2.0 * n * 128 * 128 * 128
    if case == "skinny":
        return 2.0 * n * 64 * n
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


def peer_call(peer, case, n, d, modules):
    """The peer's no-argument function for the case, or None where it has no implementation."""
    if peer == "numpy":
        return numpy_call(case, n, d, modules["np"])
    if peer == "numexpr":
        return numexpr_call(case, n, d, modules["ne"])
    if peer == "jax":
        return jax_call(case, n, d, modules["jax"], modules["jnp"])
    return torch_call(case, n, d, modules["torch"])


def worker(args):
    """Times every config on one peer; writes one JSON line per event to args.result.

    Lines, not one object at the end: a worker that crashes or times out mid-run (a peer's
    native code aborting, a case too large) still leaves the cases it finished to the report.
    A line is {"record": ...} (a timed case, or one that failed with "error"), {"no_inputs": id}
    (a case compare.py cannot make inputs for: no peer has it), {"no_call": id} (this peer
    has no implementation) or {"missing": why} (the peer does not import).
    """
    import numpy as np
    peer, threads = args.peer, int(args.threads)
    with open(args.configs) as f:
        configs = json.load(f)
    out = open(args.result, "w")

    def emit(**line):
        out.write(json.dumps(line) + "\n")
        out.flush()

    modules = {"np": np}
    try:
        if peer == "numexpr":
            import numexpr as ne
            ne.set_num_threads(threads)
            modules["ne"] = ne
        elif peer == "jax":
            import jax
            import jax.numpy as jnp
            modules.update(jax=jax, jnp=jnp)
        elif peer == "torch":
            import torch
            torch.set_num_threads(threads)
            modules["torch"] = torch
    except ImportError as error:
        emit(missing=f"not installed ({error})")
        return
    min_time, min_calls = (0.03, 3) if args.quick else (0.2, 5)
    for case, dtype, n in configs:
        record = {"case": case, "dtype": dtype, "n": n, "peer": peer, "threads": threads}
        # Everything of one case in one try: a peer lacking one operation, or failing to build
        # one case's inputs or function, must not end the run for the others.
        try:
            try:
                d = make_inputs(case, n, dtype, np)
            except KeyError:
                emit(no_inputs=case)  # a bench case that compare.py does not know
                continue
            call = peer_call(peer, case, n, d, modules)
            if call is None:
                emit(no_call=case)
                continue
            if case in TRAINING_CASES:
                # From the same starting point on every peer, before any timed call moves it on.
                record["check"] = check_values(case, call)
            # BENCH.md's traffic: every input read and every output written, each counted once.
            # A training step has no such figure (its parameters are both).
            moved = None if case == "mlp_step" else bytes_read(case, d) + output_bytes(call())
            median, minimum = measure(call, min_time, min_calls)
        except Exception as error:
            record["error"] = repr(error)[:300]
        else:
            flops = flop_count(case, n)
            record.update(median_us=median * 1e6, min_us=minimum * 1e6,
                          gbps=moved / median * 1e-9 if moved and not flops else None,
                          gflops=flops / median * 1e-9 if flops else None)
        finally:
            d = call = None  # free the inputs (X of strided_column is 256 MB) before the next case
        emit(record=record)
        print(f"  {peer} t={threads} {case} {dtype} n={n}: "
              + (f"{record['median_us']:.1f} us" if "median_us" in record else record["error"]),
              file=sys.stderr, flush=True)
    out.close()


def read_worker_lines(path):
    """The worker's output as {"results", "no_inputs", "no_call", "missing"}; a torn last line
    (the worker killed while writing it) is dropped."""
    output = {"results": [], "no_inputs": [], "no_call": []}
    with open(path) as f:
        for text in f:
            try:
                line = json.loads(text)
            except ValueError:
                continue
            if "record" in line:
                output["results"].append(line["record"])
            elif "no_inputs" in line:
                output["no_inputs"].append(line["no_inputs"])
            elif "no_call" in line:
                output["no_call"].append(line["no_call"])
            elif "missing" in line:
                output["missing"] = line["missing"]
    return output


def run_worker(peer, threads, configs_path, args):
    """Runs one worker process pinned to `threads` cores; returns what it wrote.

    A worker that exits with an error or times out keeps the results it wrote before; "error"
    says what happened.
    """
    env = dict(os.environ)
    for name in THREAD_VARIABLES:
        env[name] = str(threads)
    env.pop("XLA_FLAGS", None)
    if peer == "jax" and threads == 1:
        env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    if peer == "numpy":
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as out:
        out_path = out.name
    command = [args.python, os.path.abspath(__file__), "--worker", "--peer", peer,
               "--threads", str(threads), "--configs", configs_path, "--result", out_path]
    if args.quick:
        command.append("--quick")
    if shutil.which("taskset") and threads <= (os.cpu_count() or 1):
        command = ["taskset", "-c", ",".join(str(cpu) for cpu in range(threads))] + command
    error = None
    try:
        status = subprocess.run(command, env=env, timeout=args.timeout).returncode
        if status != 0:
            error = f"worker exited with {status}"
    except subprocess.TimeoutExpired:
        error = f"timed out after {args.timeout} s"
    except OSError as failure:  # --python not found, taskset refusing the cores, ...
        error = f"could not start the worker ({failure})"
    try:
        output = read_worker_lines(out_path)
    finally:
        os.unlink(out_path)
    if error:
        output["error"] = error
    return output


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


def errors_by_key(peers_results):
    """{(case, dtype, n, threads, peer): record} of the peers' failed cases."""
    return {(r["case"], r["dtype"], r["n"], r["threads"], r["peer"]): r
            for r in peers_results if "error" in r}


def ratio_of(lazy_record, peer_record):
    """Peer median / LazyArray median, or None without both (or with a zero median)."""
    if not lazy_record or not peer_record or not lazy_record.get("median_us"):
        return None
    return peer_record["median_us"] / lazy_record["median_us"]


def print_table(lazy, peers_results, peers, rows):
    """One line per (case, dtype, n, threads) of `rows`, one column pair per peer of `peers`.

    Every row is printed whatever the peers did, so a peer that failed or is missing leaves
    its cells empty rather than the table: '-' where a peer has no result (no implementation,
    or its worker ended early), 'error' where its call failed (the errors follow the table).
    A row LazyArray has no result for (a case the bench JSON lacks, or no JSON at all) shows
    '-' for it and no ratios.
    """
    by_key = medians_by_key(peers_results)
    failed = errors_by_key(peers_results)
    width = max([len("case")] + [len(case) for case, _, _, _ in rows])
    header = f"{'case':<{width}} {'dtype':<8} {'n':>6} {'thr':>3} {'LazyArray µs':>13}"
    for peer in peers:
        header += f" {peer + ' µs':>13} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    ratios = {peer: [] for peer in peers}
    for row in rows:
        case, dtype, n, threads = row
        record = lazy.get(row)
        cells = []
        for peer in peers:
            other = by_key.get(row + (peer,))
            ratio = ratio_of(record, other)
            if other is None:
                cells.append(f" {'error' if row + (peer,) in failed else '-':>13} {'-':>7}")
            elif ratio is None:
                cells.append(f" {other['median_us']:>13.1f} {'-':>7}")
            else:
                ratios[peer].append(ratio)
                cells.append(f" {other['median_us']:>13.1f} {ratio:>6.2f}x")
        mine = f"{record['median_us']:>13.1f}" if record else f"{'-':>13}"
        print(f"{case:<{width}} {dtype:<8} {size_label(n):>6} {threads:>3} {mine}" + "".join(cells))
    if not rows:
        print("(no rows: every case was skipped)")
    print()
    print("ratio = peer median / LazyArray fused median: above 1 means LazyArray is faster.")
    for peer, values in ratios.items():
        if values:
            geometric = math.exp(sum(math.log(v) for v in values) / len(values))
            print(f"{peer}: {len(values)} rows, geometric mean ratio {geometric:.2f}x")
    shown = set(rows)
    errors = [r for key, r in failed.items() if key[:4] in shown]
    if errors:
        print()
        print("errors:")
        for r in errors:
            print(f"  {r['peer']} t={r['threads']} {r['case']} {r['dtype']} n={size_label(r['n'])}: {r['error']}")


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


# Bar colours, one per peer (colour-blind-safe Okabe-Ito hues).
PEER_COLOURS = {"numpy": "#0072B2", "numexpr": "#E69F00", "jax": "#009E73", "torch": "#D55E00"}


def ratio_ticks(low, high, log_scale):
    """The y-axis tick values: 1, 2 and 5 times the powers of ten on a log axis (thinned to
    powers of ten when they span many decades), about six round steps from 0 on a linear one."""
    if log_scale:
        decades = range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
        steps = (1,) if len(decades) > 6 else (1, 2, 5)
        return [m * 10.0 ** e for e in decades for m in steps if low <= m * 10.0 ** e <= high]
    raw = high / 6
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(int(high / step) + 1)]


def tick_label(value):
    """0.5, 1, 20, 0.01: a ratio as short as it stays exact."""
    return f"{value:g}"


def write_svg(path, lazy, peers_results, peers, rows, title):
    """An SVG bar chart of the table's ratios (peer median / LazyArray median).

    One group of bars per row of the table (case, dtype, N, threads) that has a ratio, one bar
    per peer, a line at 1.0 (above it LazyArray is faster). The y axis is logarithmic when the
    ratios span more than 10x, so that 0.1x and 10x are as far from 1.0 as each other; bars
    then start at 1.0 and point up or down. Plain SVG text, no plotting library, so that the
    chart needs nothing the Swift bench's machine lacks.
    """
    from xml.sax.saxutils import escape

    by_key = medians_by_key(peers_results)
    groups = []  # (label, [(peer, ratio) ...])
    for row in rows:
        bars = [(peer, ratio_of(lazy.get(row), by_key.get(row + (peer,)))) for peer in peers]
        bars = [(peer, ratio) for peer, ratio in bars if ratio]
        if bars:
            case, dtype, n, threads = row
            groups.append((f"{case} {dtype} n={size_label(n)} t={threads}", bars))
    shown = [peer for peer in peers if any(peer == p for _, bars in groups for p, _ in bars)]
    values = [ratio for _, bars in groups for _, ratio in bars]

    bar, gap = 14, 12  # bar width and the space between groups, px
    group_width = bar * max(1, len(shown)) + gap
    # The group labels slant down-left at 45 degrees (about 6 px a character, 0.7 of it in x
    # and in y): room below the plot for the longest, and left of it for the first.
    first = len(groups[0][0]) if groups else 0
    left, right, top = max(80, 4.4 * first - group_width / 2 + 10), 20, 80
    bottom = 40 + 4.4 * max([len(label) for label, _ in groups] + [10])
    plot_height = 360
    plot_width = max(360, group_width * len(groups))
    subtitle = "bars: peer median / LazyArray median; above the dashed line at 1, LazyArray is faster"
    # Wide enough for the title lines too (about 9 and 6.5 px a character).
    width = max(left + plot_width + right, 20 + 9 * len(title), 20 + 6.5 * len(subtitle))
    height = top + plot_height + bottom
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" font-size="12">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="20" font-size="15" font-weight="bold">{escape(title)}</text>',
           f'<text x="10" y="38" fill="#444444">{escape(subtitle)}</text>']
    if not values:
        out.append(f'<text x="{left}" y="{top + 40}">no ratios: no row has both a LazyArray '
                   'and a peer median</text></svg>')
        with open(path, "w") as f:
            f.write("\n".join(out) + "\n")
        return

    low, high = min(values + [1.0]), max(values + [1.0])
    log_scale = high / low > 10
    if log_scale:
        # Quarter decades of headroom, so that no bar ends on the frame.
        low, high = 10 ** (math.floor(math.log10(low) * 4) / 4), 10 ** (math.ceil(math.log10(high) * 4) / 4)
        def y(value):
            return top + plot_height * (math.log10(high) - math.log10(value)) / (math.log10(high) - math.log10(low))
        base = 1.0
    else:
        low, high = 0.0, high * 1.08
        def y(value):
            return top + plot_height * (high - value) / high
        base = 0.0

    # Grid, ticks and axes.
    for tick in ratio_ticks(max(low, 1e-12) if log_scale else 0.0, high, log_scale):
        ty = y(tick) if tick > 0 or not log_scale else None
        if ty is None:
            continue
        out.append(f'<line x1="{left}" x2="{left + plot_width}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#e4e4e4"/>')
        out.append(f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{tick_label(tick)}</text>')
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_height}" stroke="black"/>')
    out.append(f'<line x1="{left}" x2="{left + plot_width}" y1="{top + plot_height}" '
               f'y2="{top + plot_height}" stroke="black"/>')
    axis = "peer median / LazyArray median" + (" (log scale)" if log_scale else "")
    out.append(f'<text transform="translate(18 {top + plot_height / 2:.0f}) rotate(-90)" '
               f'text-anchor="middle">{escape(axis)}</text>')
    out.append(f'<text x="{left + plot_width / 2:.0f}" y="{height - 8:.0f}" text-anchor="middle">'
               'case, dtype, size N, threads</text>')

    # Bars, one group per row, each with a tooltip giving the exact ratio.
    for index, (label, bars) in enumerate(groups):
        x0 = left + gap / 2 + index * group_width
        for peer, ratio in bars:
            x = x0 + shown.index(peer) * bar
            y1, y2 = sorted((y(ratio), y(base)))
            out.append(f'<rect x="{x:.1f}" y="{y1:.1f}" width="{bar - 1}" height="{max(y2 - y1, 0.5):.1f}" '
                       f'fill="{PEER_COLOURS.get(peer, "#777777")}"><title>{escape(peer)}, '
                       f'{escape(label)}: {ratio:.3g}x</title></rect>')
        cx = x0 + bar * len(shown) / 2
        out.append(f'<text transform="translate({cx:.1f} {top + plot_height + 12}) rotate(-45)" '
                   f'text-anchor="end" font-size="11">{escape(label)}</text>')

    # The line at 1.0, over the bars so that it stays visible.
    out.append(f'<line x1="{left}" x2="{left + plot_width}" y1="{y(1.0):.1f}" y2="{y(1.0):.1f}" '
               'stroke="black" stroke-width="1.5" stroke-dasharray="6 3"/>')

    # Legend, top right above the plot.
    lx = left + plot_width - 90 * len(shown)
    for i, peer in enumerate(shown):
        out.append(f'<rect x="{lx + 90 * i}" y="{top - 24}" width="12" height="12" '
                   f'fill="{PEER_COLOURS.get(peer, "#777777")}"/>')
        out.append(f'<text x="{lx + 90 * i + 17}" y="{top - 14}">{escape(peer)}</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def parse_sizes(text):
    """'1e6,1e7' -> [1000000, 10000000]."""
    return [int(float(part)) for part in text.split(",") if part.strip()]


# Sizes of the cases that do not follow --sizes (BenchCase's fixedSizes), for cases the bench
# JSON does not list.
FIXED_SIZES = {"mlp_step": [MLP_BATCH], "linear": [256, 1024], "overhead": [16, 1000], "einsum": [64], "skinny": [4096],
               "strided_column": [1_000_000], "strided_column_contiguous": [1_000_000],
               "strided_transpose": [2000], "strided_transpose_contiguous": [2000],
               "strided_mixed": [2000], "strided_mixed_contiguous": [2000]}


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
    parser.add_argument("--svg", help="also write an SVG bar chart of the ratios here (one group per row "
                        "of the table, one bar per peer)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--peer", help=argparse.SUPPRESS)
    parser.add_argument("--configs", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        worker(args)
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
        machine = bench.get("machine", {})
        print(f"LazyArray commit {bench.get('commit', 'unknown')} on {machine.get('cpu_model')}, "
              f"{machine.get('cores')} cores", flush=True)
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
    unknown = [p for p in peers if p not in PEERS]
    if unknown:
        parser.error(f"unknown peer {', '.join(unknown)}; the peers are {', '.join(PEERS)}")
    results = []
    missing = set()
    no_inputs = set()  # cases compare.py cannot make inputs for: no peer implements them
    unimplemented = []  # per worker that ran, the cases it had no implementation of
    ran = []  # the peers whose workers ran
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
                    missing.add(peer)
                    break
                no_inputs.update(output["no_inputs"])
                unimplemented.append(set(output["no_inputs"]) | set(output["no_call"]))
                ran.append(peer)
                if "error" in output:
                    print(f"{peer} with {threads} thread(s) ended early: {output['error']} "
                          "(the cases it finished are kept)", flush=True)
    finally:
        os.unlink(configs_path)
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"bench_commit": bench.get("commit"), "results": results}, f, indent=1)
    # A case is skipped when compare.py has no inputs for it, or when every worker that ran
    # said it had no implementation (a worker that ended before reaching a case did not say,
    # so its rows stay in the table with '-').
    # The first kind no peer at all has; the second only the peers of this run lack (mlp_step
    # with --peers numpy), and the line names them.
    not_here = (set.intersection(*unimplemented) if unimplemented else set()) - no_inputs
    skipped = no_inputs | not_here
    print()
    for cases, reason in ((no_inputs, "no peer implementation"),
                          (not_here, "no implementation in " + ", ".join(dict.fromkeys(ran)))):
        ordered = list(dict.fromkeys(case for case, _, _ in configs if case in cases))
        if ordered:
            print(f"skipped ({reason}): {', '.join(ordered)}")
    if skipped:
        print()
    rows = [row for row in rows if row[0] not in skipped]
    peers = [peer for peer in peers if peer not in missing]
    print_table(lazy, results, peers, rows)
    if args.svg:
        commit = (bench.get("commit") or "")[:7]
        title = (f"LazyArray {commit} ({args.backend} backend) against its peers" if lazy
                 else "peers alone (no bench JSON, so no ratios)")
        write_svg(args.svg, lazy, results, peers, rows, title)
        print(f"\nwrote {args.svg}")
    print_forward_ratios(lazy, results, peers, rows)
    print_checks(results)


if __name__ == "__main__":
    main()
