"""Plain NumPy float32 implementation of MODEL.md, the baseline of `npm run bench`.

Written the way a researcher would: masked weights W (2m x d), products with
`@`, the activation and the hand-derived gradient as array expressions. It
reads one experiment exported by the engine's sampler (bench/experiment-file.ts),
trains `steps` full-batch gradient steps, and prints one JSON line: seconds
per step and the losses, plus the final weights in a binary file so the
benchmark can check that both implementations computed the same thing.

usage: python3 numpy_baseline.py EXPERIMENT.bin STEPS OUT_WEIGHTS.bin
"""

import json
import sys
import time

import numpy as np


def read_experiment(path):
    with open(path, "rb") as f:
        header_len = int.from_bytes(f.read(4), "little")
        header = json.loads(f.read(header_len).decode())
        p = header["params"]
        d, n, m = p["d"], p["n"], p["m"]

        def take(count, shape):
            return np.frombuffer(f.read(4 * count), dtype=np.float32).reshape(shape)

        xi = take(n * d, (n, d))
        y = take(n, (n,))
        mu = take(d, (d,))
        init = take(2 * m * d, (2 * m, d))
        mask = take(2 * m * d, (2 * m, d))
    return p, xi, y, mu, init, mask


def train(p, xi, y, mu, init, mask, steps):
    m, n, q = p["m"], p["n"], p["q"]
    eta = np.float32(p["eta"])
    # Second layer: +1/m for class +1 neurons, -1/m for class -1 neurons.
    v = np.concatenate([np.full(m, 1.0 / m), np.full(m, -1.0 / m)]).astype(np.float32)
    W = (init * mask).astype(np.float32)
    losses = []

    def act(z):
        return np.maximum(z, 0) ** q

    def dact(z):
        return q * np.maximum(z, 0) ** (q - 1)

    for _ in range(steps):
        Zn = xi @ W.T  # <w, xi_i>: n x 2m
        Zs = np.outer(y, W @ mu)  # <w, y_i mu> = y_i <w, mu>
        F = (act(Zs) + act(Zn)) @ v
        margins = y * F
        loss = np.mean(np.logaddexp(0, -margins))
        losses.append(float(loss))
        if loss <= p["eps"] or not np.isfinite(loss):
            break
        g = -y / (1 + np.exp(margins))  # dL/df_i times n
        coef_n = (g[:, None] * v[None, :]) * dact(Zn) / n
        coef_s = (g[:, None] * v[None, :]) * dact(Zs) / n
        grad = coef_n.T @ xi + np.outer((coef_s * y[:, None]).sum(0), mu)
        W = W - eta * grad * mask
    return W, losses


def main():
    path, steps, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    p, xi, y, mu, init, mask = read_experiment(path)
    train(p, xi, y, mu, init, mask, 3)  # warm up BLAS threads and caches
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        W, losses = train(p, xi, y, mu, init, mask, steps)
        best = min(best, time.perf_counter() - t0)
    W.astype(np.float32).tofile(out)
    print(json.dumps({
        "secondsPerStep": best / len(losses),
        "steps": len(losses),
        "firstLoss": losses[0],
        "lastLoss": losses[-1],
        "dtype": str(W.dtype),
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
