"""The numpy side of benchmarks/peers/run.sh: synchronous threshold contagion, written as a numpy user would.

usage: kernel.py N EDGES INIT STEPS REPS SEED TRAJECTORY RESULT

Each step every agent computes the share of its neighbours participating (a scipy.sparse CSR matrix-vector
product), adds normal noise (sd 0.2) and participates next step if the sum exceeds 0.5.
"""
import sys
import time

import numpy as np
import scipy.sparse as sp


def main():
    n, edges, init, steps, reps, seed, trajectory, result = sys.argv[1:9]
    n, steps, reps, seed = int(n), int(steps), int(reps), int(seed)

    e = np.fromfile(edges, dtype=np.int64, sep=" ").reshape(-1, 2)
    rows = np.concatenate([e[:, 0], e[:, 1]])
    cols = np.concatenate([e[:, 1], e[:, 0]])
    A = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    deg = np.asarray(A.sum(axis=1)).ravel()
    start = np.fromfile(init, dtype=np.int64, sep=" ")

    rng = np.random.default_rng(seed)

    def run():
        x = np.zeros(n)
        x[start] = 1.0
        rates = np.empty(steps + 1)
        rates[0] = x.mean()
        for s in range(1, steps + 1):
            share = (A @ x) / deg
            x = (share + rng.normal(0.0, 0.2, n) > 0.5).astype(np.float64)
            rates[s] = x.mean()
        return rates

    run()  # warm-up, not timed
    times, trajectories = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        trajectories.append(run())
        times.append(time.perf_counter() - t0)
    median = sorted(times)[len(times) // 2]
    per_second = n * steps / median
    print(f"numpy (1 thread): {per_second:.0f} agent-steps/s (median of {reps} runs of {steps} steps: {median * 1000:.1f} ms; "
          f"numpy {np.__version__}, scipy {__import__('scipy').__version__}, python {sys.version.split()[0]})")
    with open(trajectory, "w") as f:
        f.write("rep,step,rate\n")
        for r, rates in enumerate(trajectories):
            for s, v in enumerate(rates):
                f.write(f"{r},{s},{v!r}\n")
    with open(result, "w") as f:
        f.write(f"agent_steps_per_s={per_second!r}\nmedian_s={median!r}\nthreads=1\n")


if __name__ == "__main__":
    main()
