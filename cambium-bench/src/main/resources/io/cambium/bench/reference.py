#!/usr/bin/python3
"""Cambium's reference workloads in NumPy/PyTorch, run side by side with Cambium's bench.

Each workload is one function that returns {"title", "cases": [...]}; a case is
{"name", "unit", "threads", "figure" (median repetition), "reps" (all repetitions)}. Case names
match the names Cambium's Java bench gives the same work. Timing follows the bench protocol:
warm up first, then REPS timed repetitions; the figure is the median. Data generation is never
timed. The process's peak RSS is reported per run.

Usage: python3 reference.py --workloads W1 [--reps 5] [--threads 1,2] [--json]
Exit status 3 when a library the workloads need is missing (the reason is on stderr).
"""
import argparse
import json
import math
import resource
import statistics
import sys
import time

GEMM_SQUARE = (256, 512, 1024, 2048)
# m x k x n of the GEMMs of a small transformer (d_model 128, MLP 512, 2048 tokens).
GEMM_TRANSFORMER = ((2048, 128, 384), (2048, 128, 512), (2048, 512, 128), (2048, 128, 256))
GEMM_MIN_REP_SECONDS = 0.25


def log(msg):
    print(f"[reference {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def gemm_case_name(m, k, n, threads):
    shape = f"n={n}" if m == k == n else f"{m}x{k}x{n}"
    return f"{shape} t={threads}"


def timed_reps(call, reps):
    """Runs `call` reps times; returns the wall time of each repetition in seconds."""
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return times


class BlasThreads:
    """Limits OpenBLAS (NumPy's BLAS) to `threads` threads; threadpoolctl when available."""

    def __init__(self, threads):
        self.threads = threads
        self.ctx = None

    def __enter__(self):
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:
            log("threadpoolctl missing: BLAS thread count not controlled")
            return self
        self.ctx = threadpool_limits(limits=self.threads, user_api="blas")
        self.ctx.__enter__()
        return self

    def __exit__(self, *exc):
        if self.ctx is not None:
            self.ctx.__exit__(*exc)
        return False


def w1_gemm(args):
    """C = A @ B with np.dot into a preallocated C, A, B ~ N(0,1); GFLOP/s = 2mnk / t."""
    import numpy as np
    shapes = [(n, n, n) for n in GEMM_SQUARE] + list(GEMM_TRANSFORMER)
    cases = []
    for threads in args.threads:
        with BlasThreads(threads):
            for (m, k, n) in shapes:
                rng = np.random.default_rng(m * 31 + k * 7 + n)
                a = rng.standard_normal((m, k), dtype=np.float32)
                b = rng.standard_normal((k, n), dtype=np.float32)
                c = np.empty((m, n), dtype=np.float32)
                single = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    np.dot(a, b, out=c)
                    single.append(time.perf_counter() - t0)
                inner = max(1, math.ceil(GEMM_MIN_REP_SECONDS / max(min(single), 1e-9)))

                def rep():
                    for _ in range(inner):
                        np.dot(a, b, out=c)
                gflop = 2.0 * m * n * k / 1e9
                figures = [gflop * inner / t for t in timed_reps(rep, args.reps)]
                name = gemm_case_name(m, k, n, threads)
                cases.append({"name": name, "unit": "GFLOP/s", "threads": threads,
                              "figure": statistics.median(figures), "reps": figures})
                log(f"W1 {name}: {statistics.median(figures):.2f} GFLOP/s")
    return {"title": "GEMM (NumPy np.dot, OpenBLAS)", "cases": cases}


WORKLOADS = {"W1": w1_gemm}


def peak_rss_kb():
    """This process's peak RSS in KiB: VmHWM, which exec resets (ru_maxrss can carry the
    high-water mark of the process that spawned us), else ru_maxrss."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def versions():
    out = {"python": sys.version.split()[0]}
    try:
        import numpy
        out["numpy"] = numpy.__version__
    except ImportError:
        pass
    try:
        import torch
        out["torch"] = torch.__version__
    except ImportError:
        pass
    return out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workloads", default="W1", help="comma-separated ids, e.g. W1")
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    args = p.parse_args(argv)
    args.threads = [int(t) for t in args.threads.split(",") if t]
    ids = [w.strip().upper() for w in args.workloads.split(",") if w.strip()]
    unknown = [w for w in ids if w not in WORKLOADS]
    if unknown:
        print(f"unknown workloads {unknown}; available: {sorted(WORKLOADS)}", file=sys.stderr)
        return 2
    results = {}
    for w in ids:
        try:
            results[w] = WORKLOADS[w](args)
        except ImportError as e:
            print(f"{w}: missing library: {e}", file=sys.stderr)
            return 3
    peak_kb = peak_rss_kb()
    doc = {"versions": versions(), "peak_rss_kb": peak_kb, "workloads": results}
    if args.json:
        print(json.dumps(doc))
    else:
        for w, r in results.items():
            print(f"{w} {r['title']}")
            for case in r["cases"]:
                print(f"  {case['name']:<22} {case['figure']:10.2f} {case['unit']}")
        print(f"peak RSS {peak_kb / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
