"""The training cases of the bench (issue 20) on the peers, for benchmarks/compare.py.

The definitions are the Swift bench's (Sources/bench/BenchCase.swift):
  * grad_chain: the value of sum(sigmoid(a * w + b) ** 2) and its gradients with respect to the
    0-d parameters w and b, over data a (N,), all float32 standard normal; one call returns all
    three, materialized.
  * grad_chain_forward: the same loss alone, so that the grad / forward ratio comes from one run.
  * mlp_step: one full training step of a 784-256-10 MLP on a batch of N = 128 rows (x (N, 784)
    standard normal, integer labels (N,) in 0..<10): h = relu(x @ W1 + b1),
    logits = h @ W2 + b2, loss = mean softmax cross-entropy, its gradient with respect to
    W1, b1, W2, b2, then Adam (lr 1e-3, betas 0.9 and 0.999, eps 1e-8, bias-corrected as
    PyTorch's). One call is one step including the parameter update; the parameters it writes
    are the next call's inputs, as in a training loop.

How each peer computes them:
  * JAX: `jax.jit(jax.value_and_grad(loss))`; mlp_step is one jitted function (value_and_grad
    and an optax-style Adam written in jnp) with the parameters and the Adam state donated
    (`donate_argnums`), so XLA may update them in place as a training loop would. Every call
    ends with `jax.block_until_ready` on all it returns.
  * PyTorch eager: the parameters are leaf tensors with requires_grad; a call clears their
    gradients (set to None, as `zero_grad(set_to_none=True)` does), runs the forward pass and
    `loss.backward()`; mlp_step adds `torch.optim.Adam(...).step()` with its defaults otherwise
    (on CPU tensors that is the single-tensor loop, neither foreach nor fused).
    grad_chain_forward runs under `torch.inference_mode()` (no graph is recorded).
  * NumPy has no automatic differentiation: its grad_chain row is the gradient written out by
    hand (s = sigmoid(z), dL/dz = 2 s^2 (1 - s), dw = dot(dL/dz, a), db = sum(dL/dz)), a fair
    extra row that a user could write, not a like-for-like autodiff figure. NumPy has no
    mlp_step row.
"""
import math

TRAINING_CASES = ("grad_chain", "grad_chain_forward", "mlp_step")
# A gradient case and the case that times its forward pass alone (BenchCase.forwardCase).
FORWARD_PARTNER = {"grad_chain": "grad_chain_forward"}
# mlp_step's layer widths and the batch size it runs at (its N, fixed as `linear`'s is).
MLP_WIDTHS = (784, 256, 10)
MLP_BATCH = 128
ADAM_LEARNING_RATE = 1e-3
ADAM_BETA1 = 0.9
ADAM_BETA2 = 0.999
ADAM_EPSILON = 1e-8


def make_training_inputs(case, n, dtype, np):
    """The inputs of a training case at nominal size `n` (mlp_step: the batch size).

    The MLP's weights start He-scaled (standard normal times sqrt(2 / fan-in)) and its biases
    at zero; the timing does not depend on the values, but the loss check does, so every peer
    starts from these same arrays.
    """
    rng = np.random.default_rng(12345)
    if case in ("grad_chain", "grad_chain_forward"):
        return {"a": rng.standard_normal(n, dtype=dtype), "w": rng.standard_normal((), dtype=dtype),
                "b": rng.standard_normal((), dtype=dtype)}
    if case == "mlp_step":
        inputs, hidden, classes = MLP_WIDTHS
        scale = np.dtype(dtype).type

        def he(fan_in, fan_out):
            return rng.standard_normal((fan_in, fan_out), dtype=dtype) * scale(math.sqrt(2 / fan_in))
        return {"x": rng.standard_normal((n, inputs), dtype=dtype),
                "labels": rng.integers(0, classes, size=n),
                "W1": he(inputs, hidden), "b1": np.zeros(hidden, dtype=dtype),
                "W2": he(hidden, classes), "b2": np.zeros(classes, dtype=dtype)}
    raise KeyError(case)


def numpy_training_call(case, d, np):
    """grad_chain with its gradient written by hand, and its forward pass; None for mlp_step."""
    if case not in ("grad_chain", "grad_chain_forward"):
        return None
    a, w, b = d["a"], d["w"], d["b"]
    if case == "grad_chain_forward":
        return lambda: np.sum((1 / (1 + np.exp(-(a * w + b)))) ** 2)

    def value_and_gradients():
        s = 1 / (1 + np.exp(-(a * w + b)))
        squared = s * s
        upstream = 2 * squared * (1 - s)  # d(s^2)/dz = 2 s * s (1 - s)
        return np.sum(squared), np.dot(upstream, a), np.sum(upstream)
    return value_and_gradients


def jax_training_call(case, d, jax, jnp):
    """The training cases under jax.jit on device-resident inputs (the first call compiles)."""
    if case in ("grad_chain", "grad_chain_forward"):
        def loss(w, b, a):
            return jnp.sum(jax.nn.sigmoid(a * w + b) ** 2)
        a, w, b = (jax.device_put(d[name]) for name in ("a", "w", "b"))
        compiled = jax.jit(jax.value_and_grad(loss, argnums=(0, 1)) if case == "grad_chain" else loss)
        return lambda: jax.block_until_ready(compiled(w, b, a))
    if case != "mlp_step":
        return None

    def mlp_loss(parameters, x, labels):
        W1, b1, W2, b2 = parameters
        logits = jax.nn.relu(x @ W1 + b1) @ W2 + b2
        log_probabilities = jax.nn.log_softmax(logits, axis=1)
        return -jnp.mean(jnp.take_along_axis(log_probabilities, labels[:, None], axis=1))

    def adam(parameters, gradients, state):
        """optax.adam's arithmetic: bias-corrected moments, eps outside the square root."""
        count, first, second = state
        count = count + 1
        first = [ADAM_BETA1 * m + (1 - ADAM_BETA1) * g for m, g in zip(first, gradients)]
        second = [ADAM_BETA2 * v + (1 - ADAM_BETA2) * g * g for v, g in zip(second, gradients)]
        steps = count.astype(jnp.float32)
        correction1, correction2 = 1 - ADAM_BETA1 ** steps, 1 - ADAM_BETA2 ** steps
        parameters = [p - ADAM_LEARNING_RATE * (m / correction1) / (jnp.sqrt(v / correction2) + ADAM_EPSILON)
                      for p, m, v in zip(parameters, first, second)]
        return parameters, (count, first, second)

    def step(parameters, state, x, labels):
        loss, gradients = jax.value_and_grad(mlp_loss)(parameters, x, labels)
        parameters, state = adam(parameters, gradients, state)
        return parameters, state, loss

    compiled = jax.jit(step, donate_argnums=(0, 1))
    x = jax.device_put(d["x"])
    labels = jax.device_put(d["labels"].astype("int32"))  # JAX's default integer width
    parameters = [jax.device_put(d[name]) for name in ("W1", "b1", "W2", "b2")]
    training = {"parameters": parameters,
                "state": (jnp.zeros((), jnp.int32), [jnp.zeros_like(p) for p in parameters],
                          [jnp.zeros_like(p) for p in parameters])}

    def call():
        parameters, state, loss = compiled(training["parameters"], training["state"], x, labels)
        jax.block_until_ready((parameters, state, loss))
        training["parameters"], training["state"] = parameters, state  # the donated ones are gone
        return loss
    return call


def torch_training_call(case, d, torch):
    """The training cases in PyTorch eager mode (backward() and torch.optim.Adam)."""
    if case in ("grad_chain", "grad_chain_forward"):
        a = torch.from_numpy(d["a"])
        w, b = (torch.from_numpy(d[name].copy()) for name in ("w", "b"))
        if case == "grad_chain_forward":
            def forward():
                with torch.inference_mode():
                    return (torch.sigmoid(a * w + b) ** 2).sum()
            return forward
        w.requires_grad_()
        b.requires_grad_()

        def value_and_gradients():
            w.grad = None  # zero_grad(set_to_none=True) for two loose parameters
            b.grad = None
            loss = (torch.sigmoid(a * w + b) ** 2).sum()
            loss.backward()
            return loss.detach(), w.grad, b.grad
        return value_and_gradients
    if case != "mlp_step":
        return None
    x, labels = torch.from_numpy(d["x"]), torch.from_numpy(d["labels"])
    W1, b1, W2, b2 = parameters = [torch.from_numpy(d[name].copy()).requires_grad_()
                                   for name in ("W1", "b1", "W2", "b2")]
    optimizer = torch.optim.Adam(parameters, lr=ADAM_LEARNING_RATE, betas=(ADAM_BETA1, ADAM_BETA2),
                                 eps=ADAM_EPSILON)

    def step():
        optimizer.zero_grad(set_to_none=True)
        logits = torch.relu(x @ W1 + b1) @ W2 + b2
        loss = torch.nn.functional.cross_entropy(logits, labels)
        loss.backward()
        optimizer.step()
        return loss.detach()
    return step


def check_values(case, call):
    """Numbers that every peer must agree on, from the case's first calls (before timing).

    grad_chain: the value and both gradients. mlp_step: the losses of the first two steps from
    the same initial parameters; the second shows the first Adam update, so a different update
    rule (a missing bias correction, eps inside the root) changes it.
    """
    first = call()
    if case == "mlp_step":
        return [float(first), float(call())]
    if case == "grad_chain":
        return [float(value) for value in flattened(first)]
    return [float(first)]


def flattened(values):
    """(value, (dw, db)) as JAX's value_and_grad returns it, or (value, dw, db): [value, dw, db]."""
    if isinstance(values, (tuple, list)):
        return [leaf for item in values for leaf in flattened(item)]
    return [values]


def values_agree(reference, other, relative=1e-3):
    """Whether two peers' check values agree.

    Tolerance 1e-3 relative to the larger magnitude (and at least 1e-3 absolute): the values are
    float32 sums over up to 1e7 terms that each library adds in its own order (NumPy pairwise,
    XLA and PyTorch in vector lanes), whose rounding differs by about sqrt(N) * 6e-8 = 2e-4 of
    the sum at 1e7; a wrong formula is off by far more.
    """
    return len(reference) == len(other) and all(
        abs(x - y) <= relative * max(abs(x), abs(y), 1.0) for x, y in zip(reference, other))
