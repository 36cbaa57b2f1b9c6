"""Checks that the C# and numpy trajectories agree statistically and prints the speed ratio.

usage: check.py N PY_TRAJECTORY CS_TRAJECTORY PY_RESULT CS1_RESULT CS2_RESULT [CS_DIRECT_RESULT CS_DIRECT_TRAJECTORY]

Agreement: (1) the mean participation over steps 50-100, pooled over the runs of each side, with a standard
error corrected for lag-1 autocorrelation within runs; (2) the rate after step 1 (both start from the same
state), with the binomial standard error. Each difference must be within 4 combined standard errors.
Exit 1 if they disagree.
"""
import sys

import numpy as np


def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    reps = int(data[:, 0].max()) + 1
    return data[:, 2].reshape(reps, -1)  # [rep, step]


def pooled(rates, lo=50, hi=100):
    window = rates[:, lo:hi + 1]
    v = window - window.mean(axis=1, keepdims=True)
    rho = float((v[:, 1:] * v[:, :-1]).sum() / (v * v).sum()) if (v * v).sum() > 0 else 0.0
    rho = max(0.0, min(rho, 0.95))
    count = window.size * (1 - rho) / (1 + rho)
    return window.mean(), window.std(ddof=1) / np.sqrt(count), rho


def result(path):
    return dict(line.split("=", 1) for line in open(path).read().split())


def main():
    n = int(sys.argv[1])
    py = load(sys.argv[2])
    ok = agree(n, py, load(sys.argv[3]), "C#")
    if len(sys.argv) > 8:
        ok &= agree(n, py, load(sys.argv[8]), "C# (phi direct)")

    rpy, rcs1, rcs2 = (float(result(p)["agent_steps_per_s"]) for p in sys.argv[4:7])
    print(f"numpy  (1 thread):  {rpy:,.0f} agent-steps/s")
    print(f"C#     (1 thread):  {rcs1:,.0f} agent-steps/s (phi tabulated as integer thresholds)")
    print(f"C#     (2 threads): {rcs2:,.0f} agent-steps/s ({rcs2 / rcs1:.2f}x its 1 thread, {rcs2 / rpy:.2f}x numpy)")
    if len(sys.argv) > 7:
        rdir = float(result(sys.argv[7])["agent_steps_per_s"])
        print(f"C#     (1 thread, phi evaluated per agent): {rdir:,.0f} agent-steps/s ({rdir / rpy:.2f}x numpy)")
    print(f"ratio: {rcs1 / rpy:.2f}")
    return 0 if ok else 1


def agree(n, py, cs, name):
    ok = True
    (mp, sp_, rp), (mc, sc, rc) = pooled(py), pooled(cs)
    z = (mc - mp) / np.hypot(sp_, sc)
    good = abs(z) < 4
    ok &= good
    print(f"agreement, mean rate over steps 50-100: numpy {mp:.5f} +- {sp_:.5f}, {name} {mc:.5f} +- {sc:.5f} "
          f"(lag-1 autocorrelation {rp:.2f}, {rc:.2f}): z = {z:+.2f} -> {'OK' if good else 'DIFFERENT'}")

    p1p, p1c = py[:, 1].mean(), cs[:, 1].mean()
    se1 = np.sqrt(p1p * (1 - p1p) / (n * py.shape[0]) + p1c * (1 - p1c) / (n * cs.shape[0]))
    z1 = (p1c - p1p) / se1
    good = abs(z1) < 4
    ok &= good
    print(f"agreement, rate after step 1: numpy {p1p:.5f}, {name} {p1c:.5f} (binomial se {se1:.5f}): z = {z1:+.2f} -> {'OK' if good else 'DIFFERENT'}")

    return ok


if __name__ == "__main__":
    sys.exit(main())
