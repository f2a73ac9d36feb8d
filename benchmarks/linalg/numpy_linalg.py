# NumPy side of benchmarks/linalg: np.matmul and the dense layer, best of several runs; the
# thread count (given as the argument) is set by run.sh through OPENBLAS_NUM_THREADS.
import numpy as np, time, sys
def best(n, f):
    b = 1e9
    for _ in range(n):
        t = time.perf_counter(); f(); b = min(b, time.perf_counter() - t)
    return b
rng = np.random.default_rng(0)
a = rng.uniform(-1, 1, (1024, 1024)).astype(np.float32); b = rng.uniform(-1, 1, (1024, 1024)).astype(np.float32)
x = rng.uniform(-1, 1, (256, 1024)).astype(np.float32); w = rng.uniform(-1, 1, (1024, 1024)).astype(np.float32); bias = rng.uniform(-1, 1, 1024).astype(np.float32)
t = best(7, lambda: np.matmul(a, b))
print(f"numpy matmul 1024^3 float32, {sys.argv[1]} thread(s): {2*1024**3/t/1e9:.1f} GFLOP/s ({t*1000:.2f} ms)")
t = best(11, lambda: np.maximum(x @ w + bias, 0))
print(f"numpy relu(X @ W + bias), {sys.argv[1]} thread(s): {2*256*1024*1024/t/1e9:.1f} GFLOP/s ({t*1000:.3f} ms)")
big = rng.uniform(-1, 1, (4096, 4096)).astype(np.float32); v = rng.uniform(-1, 1, 4096).astype(np.float32)
t = best(11, lambda: big @ v); t2 = best(11, lambda: v @ big)
print(f"numpy matvec (4096,4096)@(4096,), {sys.argv[1]} thread(s): {t*1000:.2f} ms = {4096*4096*4/t/1e9:.1f} GB/s; (4096,)@(4096,4096): {t2*1000:.2f} ms")
