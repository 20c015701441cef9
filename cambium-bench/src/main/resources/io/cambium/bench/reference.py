#!/usr/bin/python3
"""Cambium's reference workloads in NumPy/PyTorch, run side by side with Cambium's bench.

Each workload is one function that returns {"title", "cases": [...]}; a case is
{"name", "unit", "threads", "figure" (median repetition), "reps" (all repetitions)}. Case names
match the names Cambium's Java bench gives the same work. Timing follows the bench protocol:
warm up first, then REPS timed repetitions; the figure is the median. Data generation is never
timed. The process's peak RSS is reported per run.

Threads: run one process per thread count with OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and
MKL_NUM_THREADS set to it (Cambium's bench does), since the libraries read them when they load.
threadpoolctl, when installed, limits the BLAS again per case; every case reports a thread check
(what the libraries really use, read by threadpoolctl or through ctypes), and a figure whose
thread count could not be verified is marked by the bench.

W2-W7 (training and generation) run at TRAIN_THREADS = 2 torch and BLAS threads, whatever
--threads says; W7 times its 3 epochs itself (figure: median seconds per epoch) and reports the
test accuracy after the last epoch. W7 trains from a random stream (initial parameters and
per-epoch permutations): --stream FILE reads it from a file, else it is drawn for seed 0;
--stream-out FILE writes the stream of --seed to FILE and trains nothing.

W1-W6 are lists of cases that are set up and warmed up, then timed one repetition at a time.
--serve runs them on request instead, so that Cambium's bench can interleave the two sides'
repetitions (a host whose speed drifts then slows both alike): the script writes one JSON line
{"ready": true, "cases": [...]} on stdout, then answers each JSON line it reads on stdin:
{"op": "open", "case": NAME} -> {"ok": true, "threads": CHECK} once the case is set up and warmed up,
where CHECK (thread_check) says how many threads the BLAS, OpenMP and PyTorch really use;
{"op": "rep"} -> {"figure": F} for one timed repetition of the open case;
{"op": "close"} -> {"ok": true}; {"op": "quit"} (or the end of stdin) -> {"peak_rss_kb": N, ...},
then exits. A request that fails is answered {"error": MESSAGE}.

Usage: python3 reference.py --workloads W1 [--reps 5] [--threads 1,2] [--json]
       python3 reference.py --workloads W1 --serve [--threads 1,2]
       python3 reference.py --workloads W7 [--stream FILE] ...
       python3 reference.py --workloads W7 --stream-out FILE [--seed 0] [--train-size 60000] [--epochs 3]
Exit status 3 when a library the workloads need is missing (the reason is on stderr).
"""
import argparse
import json
import math
import os
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


class Case:
    """One measured configuration of a workload. start() sets it up and warms it up (untimed) and
    returns (rep, stop): rep() runs one timed repetition and returns its figure, stop() releases
    what start() took (thread limits, data). Creating a Case costs nothing: --serve starts only
    the cases it is asked for."""

    def __init__(self, name, unit, threads, start, torch_used=False):
        self.name, self.unit, self.threads, self.start = name, unit, threads, start
        self.torch_used = torch_used

    def check_threads(self):
        """What the libraries use while the case runs (call between start() and stop())."""
        return thread_check(self.threads, self.torch_used)


class Workload:
    """A workload's cases; extra() adds workload-level fields to its result after the cases ran
    (such as W6's check that both decoders produced the same tokens)."""

    def __init__(self, title, cases, extra=dict):
        self.title, self.cases, self.extra = title, cases, extra


def timed(call, items):
    """Runs `call` once; returns items per second of its wall time."""
    t0 = time.perf_counter()
    call()
    return items / (time.perf_counter() - t0)


def measure(workload_id, workload, reps):
    """The batch protocol: each case started, timed `reps` times, stopped; the figure is the
    median."""
    cases = []
    for case in workload.cases:
        rep, stop = case.start()
        try:
            threads = case.check_threads()
            figures = [rep() for _ in range(reps)]
        finally:
            stop()
        log(f"{workload_id} {case.name}: {statistics.median(figures):.2f} {case.unit}")
        cases.append({"name": case.name, "unit": case.unit, "threads": case.threads,
                      "figure": statistics.median(figures), "reps": figures, "thread_check": threads})
    return {"title": workload.title, "cases": cases, **workload.extra()}


def serve(workload_id, workload, requests, replies):
    """The --serve protocol (see the module docstring), reading `requests` and writing `replies`
    line by line."""
    def reply(obj):
        replies.write(json.dumps(obj) + "\n")
        replies.flush()

    by_name = {c.name: c for c in workload.cases}
    reply({"ready": True, "cases": list(by_name), "libraries": libraries()})
    case, running, figures = None, None, []
    for line in requests:
        if not line.strip():
            continue
        try:
            msg = json.loads(line)
            op = msg.get("op")
            if op == "open":
                if running is not None:
                    running, stop = None, running[1]
                    stop()
                case = by_name.get(msg.get("case"))
                if case is None:
                    raise ValueError(f"{workload_id} has no case {msg.get('case')!r}; "
                                     f"it has {list(by_name)}")
                running, figures = case.start(), []
                check = case.check_threads()
                if not check["verified"]:
                    log(f"{workload_id} {case.name}: thread count not verified: {check}")
                reply({"ok": True, "threads": check})
            elif op == "rep":
                if running is None:
                    raise ValueError("rep before open")
                figures.append(running[0]())
                reply({"figure": figures[-1]})
            elif op == "close":
                if running is not None:
                    running, stop = None, running[1]
                    stop()
                    if figures:
                        log(f"{workload_id} {case.name}: {statistics.median(figures):.2f} "
                            f"{case.unit} (interleaved)")
                reply({"ok": True})
            elif op == "quit":
                break
            else:
                raise ValueError(f"unknown request {line.strip()!r}")
        except Exception as e:  # noqa: BLE001 - the caller decides; the server lives on
            reply({"error": f"{type(e).__name__}: {e}"})
    if running is not None:
        running[1]()
    reply({"peak_rss_kb": peak_rss_kb(), "versions": versions(), "libraries": libraries(),
           "title": workload.title, **workload.extra()})


# The environment variables that fix the thread pools of the BLAS and OpenMP libraries when they
# load. Cambium's bench starts one reference process per thread count with all of them set to that
# count (a library reads them once, at load, so they must be set before Python starts); inside the
# process, BlasThreads limits the pools again through threadpoolctl when it is installed, and
# thread_check() reads back what the libraries really use.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class BlasThreads:
    """Limits the BLAS (NumPy's OpenBLAS) to `threads` threads through threadpoolctl when it is
    installed; the process's environment (THREAD_VARIABLES) limits it in any case."""

    def __init__(self, threads):
        self.threads = threads
        self.ctx = None

    def __enter__(self):
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:
            log("threadpoolctl missing: BLAS threads limited by the environment only "
                + " ".join(f"{v}={os.environ.get(v, 'unset')}" for v in THREAD_VARIABLES))
            return self
        self.ctx = threadpool_limits(limits=self.threads, user_api="blas")
        self.ctx.__enter__()
        return self

    def __exit__(self, *exc):
        if self.ctx is not None:
            self.ctx.__exit__(*exc)
        return False


def loaded_pools():
    """The thread pools of the BLAS and OpenMP libraries loaded in this process: a list of
    {"api": "blas"|"openmp", "library", "version", "architecture", "file", "threads"}. Read by
    threadpoolctl when it is installed, else by calling the libraries' own getters through ctypes
    (the shared objects found in /proc/self/maps); [] when neither works."""
    try:
        from threadpoolctl import threadpool_info
        return [{"api": p.get("user_api"), "library": p.get("internal_api"), "version": p.get("version"),
                 "architecture": p.get("architecture"), "file": p.get("filepath"),
                 "threads": p.get("num_threads"), "how": "threadpoolctl"} for p in threadpool_info()]
    except ImportError:
        pass
    import ctypes
    getters = (("openblas", "blas", "openblas_get_num_threads"), ("mkl_rt", "blas", "MKL_Get_Max_Threads"),
               ("blis", "blas", "bli_thread_get_num_threads"), ("gomp", "openmp", "omp_get_max_threads"),
               ("iomp", "openmp", "omp_get_max_threads"), ("libomp", "openmp", "omp_get_max_threads"))
    pools, seen = [], set()
    try:
        with open("/proc/self/maps") as f:
            files = [line.split()[-1] for line in f if ".so" in line]
    except OSError:
        return []
    for path in files:
        name = os.path.basename(path)
        for key, api, getter in getters:
            if key in name and path not in seen:
                seen.add(path)
                try:
                    lib = ctypes.CDLL(path)
                    pool = {"api": api, "library": key, "version": None, "architecture": None,
                            "file": path, "threads": int(getattr(lib, getter)()), "how": "ctypes"}
                    if key == "openblas":
                        lib.openblas_get_config.restype = ctypes.c_char_p
                        lib.openblas_get_corename.restype = ctypes.c_char_p
                        pool["version"] = lib.openblas_get_config().decode(errors="replace")
                        pool["architecture"] = lib.openblas_get_corename().decode(errors="replace")
                    pools.append(pool)
                except (OSError, AttributeError, ValueError):
                    pass
    return pools


def thread_check(requested, torch_used=False):
    """What the libraries really use against `requested` threads: {"requested", "blas" (the
    largest BLAS pool, or None when no BLAS pool could be read), "openmp", "torch", "how",
    "verified"}. Verified when the BLAS pool was read and every pool read (and PyTorch's
    intra-op threads when `torch_used`) is at `requested`."""
    pools = loaded_pools()
    blas = [p["threads"] for p in pools if p["api"] == "blas" and p["threads"] is not None]
    omp = [p["threads"] for p in pools if p["api"] == "openmp" and p["threads"] is not None]
    check = {"requested": requested, "blas": max(blas) if blas else None,
             "openmp": max(omp) if omp else None, "torch": None,
             "how": pools[0]["how"] if pools else None,
             "environment": {v: os.environ.get(v) for v in THREAD_VARIABLES}}
    counts = blas + omp
    if torch_used:
        import torch
        check["torch"] = torch.get_num_threads()
        counts.append(check["torch"])
    check["verified"] = bool(blas) and all(c == requested for c in counts)
    return check


def libraries():
    """The versions of Python, NumPy and PyTorch and the BLAS/OpenMP libraries loaded, for the
    bench's JSON."""
    out = versions()
    for p in loaded_pools():
        if p["api"] == "blas" and "blas" not in out:
            parts = [p["library"], p["version"], p["architecture"]]
            if p["version"] and p["version"].lower().startswith(p["library"]):
                parts = [p["version"]]             # openblas_get_config() names the library itself
            out["blas"] = " ".join(str(x) for x in parts if x)
            out["blas_file"] = p["file"]
    if "torch" in sys.modules:                     # never imported here: it would add to the peak RSS
        torch = sys.modules["torch"]
        out["torch_blas"] = next((line.strip() for line in torch.__config__.show().splitlines()
                                  if "BLAS_INFO" in line), "unknown").split("BLAS_INFO=")[-1].split(",")[0]
        out["torch_cpu_capability"] = next((line.split(":", 1)[1].strip() for line in
                                            torch.__config__.show().splitlines()
                                            if "CPU capability" in line), "unknown")
    return out


def w1_gemm(args):
    """C = A @ B with np.dot into a preallocated C, A, B ~ N(0,1); GFLOP/s = 2mnk / t."""
    import numpy as np
    shapes = [(n, n, n) for n in GEMM_SQUARE] + list(GEMM_TRANSFORMER)

    def gemm_case(m, k, n, threads):
        def start():
            limits = BlasThreads(threads).__enter__()
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

            def calls():
                for _ in range(inner):
                    np.dot(a, b, out=c)
            return (lambda: timed(calls, 2.0 * m * n * k * inner / 1e9),
                    lambda: limits.__exit__(None, None, None))
        return Case(gemm_case_name(m, k, n, threads), "GFLOP/s", threads, start)

    return Workload("GEMM (NumPy np.dot, OpenBLAS)",
                    [gemm_case(m, k, n, t) for t in args.threads for (m, k, n) in shapes])


# ---------------------------------------------------------------------------------------------
# W2-W7: training and generation in PyTorch, at TRAIN_THREADS torch and BLAS threads.
# ---------------------------------------------------------------------------------------------

TRAIN_THREADS = 2            # the spec: training uses 2 threads (Cambium's bench uses the same)
FASHION_DIR = "/usr/share/datasets/fashion-mnist"
GPT_CFG = {"vocab": 256, "context": 128, "d_model": 128, "layers": 4, "heads": 4, "mlp": 512}


def torch_threads():
    import torch
    torch.set_num_threads(TRAIN_THREADS)
    return BlasThreads(TRAIN_THREADS)


def training_case(label, setup, warmup, steps, items, unit):
    """A training case at TRAIN_THREADS torch and BLAS threads: start() calls setup() -> (model,
    optimizer, loss function, pre-made batches), runs `warmup` untimed steps cycling the batches;
    each repetition runs `steps` steps."""
    def start():
        limits = torch_threads().__enter__()
        model, opt, loss_fn, batches = setup()
        state = {"i": 0, "loss": float("nan")}

        def step():
            x, y = batches[state["i"] % len(batches)]
            state["i"] += 1
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            state["loss"] = loss

        for _ in range(warmup):
            step()
        first = float(state["loss"])

        def rep_steps():
            for _ in range(steps):
                step()

        def stop():
            log(f"{label} loss {first:.4f} -> {float(state['loss']):.4f}")
            limits.__exit__(None, None, None)
        return (lambda: timed(rep_steps, steps * items)), stop
    return Case(f"train t={TRAIN_THREADS}", unit, TRAIN_THREADS, start, torch_used=True)


def classifier_case(label, net, sample_shape, batch, n_batches, warmup, steps, seed):
    """Cross-entropy training of net() with Adam 1e-3 on n_batches random batches (inputs N(0,1),
    labels uniform in 0..9) drawn from `seed`."""
    def setup():
        import torch
        import torch.nn.functional as F
        torch.manual_seed(0)
        model = net()
        gen = torch.Generator().manual_seed(seed)
        batches = [(torch.randn((batch,) + sample_shape, generator=gen),
                    torch.randint(0, 10, (batch,), generator=gen)) for _ in range(n_batches)]
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
        return model, opt, F.cross_entropy, batches
    return training_case(label, setup, warmup, steps, batch, "samples/s")

def mlp_net():
    import torch.nn as nn
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                         nn.Linear(256, 10))


def cnn_net():
    """The W3/W7 CNN in PyTorch's NCHW layout (Cambium's is NHWC: same work)."""
    import torch.nn as nn
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def lstm_net():
    import torch.nn as nn

    class LastStep(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(32, 128, batch_first=True)      # zero initial state
            self.head = nn.Linear(128, 10)

        def forward(self, x):
            seq, _ = self.lstm(x)
            return self.head(seq[:, -1])
    return LastStep()


def w2_mlp(args):
    """MLP 784-512-256-10 training, batch 128, 8 batches cycled, 10 warm-up, 100 steps."""
    import torch  # noqa: F401 - a missing PyTorch fails here, before any case starts
    return Workload("MLP training (PyTorch)",
                    [classifier_case("W2", mlp_net, (784,), 128, 8, 10, 100, 2)])


def w3_cnn(args):
    """CNN training, batch 64, 8 batches cycled, 5 warm-up, 50 steps."""
    import torch  # noqa: F401
    return Workload("CNN training (PyTorch)",
                    [classifier_case("W3", cnn_net, (1, 28, 28), 64, 8, 5, 50, 3)])


def w4_lstm(args):
    """LSTM(128) over 64 x 32, Dense 10 on the last step; batch 64, 4 batches, 3 warm-up, 30 steps."""
    import torch  # noqa: F401
    return Workload("LSTM training (PyTorch)",
                    [classifier_case("W4", lstm_net, (64, 32), 64, 4, 3, 30, 4)])


def gpt_net():
    """Decoder-only transformer: pre-LayerNorm blocks, fused qkv projection, causal mask before a
    stable softmax, exact GELU, learned positions, untied output projection without bias."""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    c = GPT_CFG
    d, heads = c["d_model"], c["heads"]
    hd = d // heads

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
            self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
            self.fc1, self.fc2 = nn.Linear(d, c["mlp"]), nn.Linear(c["mlp"], d)

        def forward(self, x, start, cache):
            b, t, _ = x.shape
            q, k, v = (z.reshape(b, t, heads, hd).transpose(1, 2)
                       for z in self.qkv(self.ln1(x)).split(d, dim=2))
            if cache is not None:
                kc, vc = cache
                kc[:, :, start:start + t] = k
                vc[:, :, start:start + t] = v
                k, v = kc[:, :, :start + t], vc[:, :, :start + t]
            att = (q * (1.0 / math.sqrt(hd))) @ k.transpose(2, 3)
            if t > 1:
                future = torch.ones(t, start + t, dtype=torch.bool).triu(start + 1)
                att = att.masked_fill(future, float("-inf"))
            y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d)
            x = x + self.proj(y)
            return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))

    class Gpt(nn.Module):
        def __init__(self):
            super().__init__()
            self.tok = nn.Embedding(c["vocab"], d)
            self.pos = nn.Embedding(c["context"], d)
            self.blocks = nn.ModuleList(Block() for _ in range(c["layers"]))
            self.ln_f = nn.LayerNorm(d)
            self.head = nn.Linear(d, c["vocab"], bias=False)

        def forward(self, ids, start=0, caches=None, last_only=False):
            t = ids.shape[1]
            x = self.tok(ids) + self.pos(torch.arange(start, start + t))
            for i, blk in enumerate(self.blocks):
                x = blk(x, start, None if caches is None else caches[i])
            if last_only:
                x = x[:, -1:]
            return self.head(self.ln_f(x))

        def cache(self):
            shape = (1, heads, c["context"], hd)
            return [(torch.zeros(shape), torch.zeros(shape)) for _ in self.blocks]
    return Gpt()


def w5_gpt_train(args):
    """GPT training on 16 x 128 random ids, AdamW lr 3e-4 wd 0.01; 3 warm-up, 20 steps."""
    import torch
    import torch.nn.functional as F
    params = sum(p.numel() for p in gpt_net().parameters())
    batch, ctx, vocab = 16, GPT_CFG["context"], GPT_CFG["vocab"]

    def setup():
        torch.manual_seed(0)
        model = gpt_net()
        gen = torch.Generator().manual_seed(5)
        batches = []
        for _ in range(4):
            s = torch.randint(0, vocab, (batch, ctx + 1), generator=gen)
            batches.append((s[:, :-1].contiguous(), s[:, 1:].reshape(-1).contiguous()))
        opt = torch.optim.AdamW(model.parameters(), lr=3e-4, betas=(0.9, 0.999), eps=1e-8,
                                weight_decay=0.01)

        def loss_fn(logits, y):
            return F.cross_entropy(logits.reshape(-1, vocab), y)
        return model, opt, loss_fn, batches
    return Workload(f"GPT training (PyTorch, {params} parameters)",
                    [training_case("W5", setup, 3, 20, batch * ctx, "tokens/s")],
                    lambda: {"params": params})


def gpt_generate(model, prompt, new_tokens, use_cache, keep=64):
    """Greedy decoding, batch 1. The window starts at the prompt and restarts from the last `keep`
    tokens when it would pass the context; with the cache only uncached tokens are fed."""
    import torch
    ctx = GPT_CFG["context"]
    seq, w0, cached = list(prompt), 0, 0
    caches = model.cache() if use_cache else None
    for _ in range(new_tokens):
        if len(seq) - w0 > ctx:
            w0, cached = len(seq) - keep, 0
        if use_cache:
            logits = model(torch.tensor([seq[w0 + cached:]]), cached, caches, last_only=True)
            cached = len(seq) - w0
        else:
            logits = model(torch.tensor([seq[w0:]]), last_only=True)
        seq.append(int(logits[0, -1].argmax()))
    return seq[len(prompt):]


def w6_gpt_generate(args):
    """Greedy generation, 16-token prompt, 256 new tokens, with and without the KV cache."""
    import torch
    new_tokens = 256
    shared, produced = {}, {}

    def model_and_prompt():
        if "model" not in shared:
            torch.manual_seed(0)
            shared["model"] = gpt_net().eval()
            shared["prompt"] = torch.randint(0, GPT_CFG["vocab"], (16,),
                                             generator=torch.Generator().manual_seed(6)).tolist()
        return shared["model"], shared["prompt"]

    def generation_case(use_cache):
        def start():
            limits = torch_threads().__enter__()
            inference = torch.inference_mode()
            inference.__enter__()
            model, prompt = model_and_prompt()
            gpt_generate(model, prompt, new_tokens, use_cache)           # warm-up

            def decode():
                produced[use_cache] = gpt_generate(model, prompt, new_tokens, use_cache)

            def stop():
                inference.__exit__(None, None, None)
                limits.__exit__(None, None, None)
            return (lambda: timed(decode, new_tokens)), stop
        name = f"{'kv_cache' if use_cache else 'no_cache'} t={TRAIN_THREADS}"
        return Case(name, "tokens/s", TRAIN_THREADS, start, torch_used=True)

    def extra():
        if len(produced) < 2:
            return {}
        same = produced[True] == produced[False]
        log(f"W6 kv_cache and no_cache tokens {'are identical' if same else 'DIFFER'}")
        return {"same_tokens": same}
    return Workload("GPT greedy generation (PyTorch)",
                    [generation_case(True), generation_case(False)], extra)


def read_idx_gz(path):
    import gzip
    import struct
    import numpy as np
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


# The W7 random stream: the CNN's initial parameters and one shuffle permutation per epoch. Cambium's
# bench has the reference write it to a file (--stream-out) before its own W7, trains from it, and
# passes the file back (--stream) so that both sides train from the very same numbers.
W7_EPOCHS = 3
W7_SEED = 0
STREAM_MAGIC = b"CAMSTRM1"
STREAM_MAX_RANK = 4


def w7_stream(seed, n, epochs):
    """The W7 stream of `seed`, drawn as the reference always drew it: torch.manual_seed(seed), then
    cnn_net()'s parameters (in parameters() order, PyTorch layouts); then one torch.randperm(n) per
    epoch from a shuffling Generator seeded `seed`. Returns (list of float32 arrays, list of int
    arrays)."""
    import torch
    torch.manual_seed(seed)
    params = [p.detach().clone().numpy() for p in cnn_net().parameters()]
    shuffle = torch.Generator().manual_seed(seed)
    perms = [torch.randperm(n, generator=shuffle).numpy() for _ in range(epochs)]
    return params, perms


def write_stream(path, seed, tensors, perms):
    """Writes a stream file, all little-endian: the magic b"CAMSTRM1", int32 seed, int32 tensor
    count, then per tensor int32 rank, int32 dims[rank] and float32 values (row-major); then int32
    permutation count, int32 permutation length and the int32 indices of each permutation."""
    import struct
    import numpy as np
    lengths = {len(p) for p in perms}
    if len(lengths) > 1:
        raise ValueError(f"stream {path}: permutations of different lengths {sorted(lengths)}")
    with open(path, "wb") as f:
        f.write(STREAM_MAGIC)
        f.write(struct.pack("<ii", seed, len(tensors)))
        for t in tensors:
            a = np.ascontiguousarray(np.asarray(t, dtype="<f4"))
            f.write(struct.pack(f"<i{a.ndim}i", a.ndim, *a.shape))
            f.write(a.tobytes())
        f.write(struct.pack("<ii", len(perms), lengths.pop() if lengths else 0))
        for p in perms:
            f.write(np.ascontiguousarray(np.asarray(p, dtype="<i4")).tobytes())


def read_stream(path):
    """Reads a file write_stream wrote: (seed, list of float32 arrays, list of int64 arrays).
    Raises ValueError naming the file when it is truncated, has trailing bytes or a bad header."""
    import struct
    import numpy as np
    with open(path, "rb") as f:
        raw = f.read()
    pos = 0

    def take(nbytes, what):
        nonlocal pos
        if nbytes < 0 or pos + nbytes > len(raw):
            raise ValueError(f"stream {path}: ends at byte {len(raw)} while reading {what} "
                             f"({nbytes} bytes from byte {pos})")
        chunk = raw[pos:pos + nbytes]
        pos += nbytes
        return chunk

    if take(len(STREAM_MAGIC), "the magic") != STREAM_MAGIC:
        raise ValueError(f"stream {path}: not a stream file (no {STREAM_MAGIC!r} magic)")
    seed, count = struct.unpack("<ii", take(8, "the header"))
    tensors = []
    for i in range(count):
        (rank,) = struct.unpack("<i", take(4, f"tensor {i}'s rank"))
        if not 1 <= rank <= STREAM_MAX_RANK:
            raise ValueError(f"stream {path}: tensor {i} has rank {rank}")
        dims = struct.unpack(f"<{rank}i", take(4 * rank, f"tensor {i}'s shape"))
        if min(dims) < 1:
            raise ValueError(f"stream {path}: tensor {i} has shape {list(dims)}")
        numel = math.prod(dims)
        tensors.append(np.frombuffer(take(4 * numel, f"tensor {i}'s values"), dtype="<f4")
                       .reshape(dims).astype(np.float32))
    n_perms, n = struct.unpack("<ii", take(8, "the permutation header"))
    perms = []
    for e in range(n_perms):
        p = np.frombuffer(take(4 * n, f"permutation {e}"), dtype="<i4").astype(np.int64)
        if not np.array_equal(np.sort(p), np.arange(n)):
            raise ValueError(f"stream {path}: permutation {e} is not a permutation of 0..{n - 1}")
        perms.append(p)
    if pos != len(raw):
        raise ValueError(f"stream {path}: {len(raw) - pos} bytes after the last permutation")
    return seed, tensors, perms


def export_w7_stream(args):
    """--stream-out: writes W7's stream for --seed, --train-size and --epochs (no training)."""
    params, perms = w7_stream(args.seed, args.train_size, args.epochs)
    write_stream(args.stream_out, args.seed, params, perms)
    log(f"W7 stream: torch seed {args.seed} written to {args.stream_out} "
        f"({sum(p.size for p in params)} parameters, {len(perms)} permutations of {args.train_size})")


def w7_fashion(args):
    """Fashion-MNIST: the W3 CNN, batch 64, Adam 1e-3, shuffled, 3 epochs; s/epoch and accuracy.
    The initial parameters and the epochs' permutations come from --stream when given (the file
    Cambium's W7 trained from), else from w7_stream(W7_SEED) (the same numbers for seed 0)."""
    import os
    import numpy as np
    import torch
    import torch.nn.functional as F
    files = [os.path.join(FASHION_DIR, f + ".gz") for f in (
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte")]
    missing = [f for f in files if not os.path.isfile(f)]
    if missing:
        log(f"W7 skipped: {missing[0]} is missing")
        return {"title": f"Fashion-MNIST: SKIPPED, {missing[0]} is missing", "cases": []}
    xtr, ytr, xte, yte = (read_idx_gz(f) for f in files)
    to_x = lambda a: torch.from_numpy(a.astype(np.float32) / 255.0).unsqueeze(1)  # noqa: E731
    xtr, xte = to_x(xtr), to_x(xte)
    ytr, yte = torch.from_numpy(ytr.astype(np.int64)), torch.from_numpy(yte.astype(np.int64))
    batch, epochs, n = 64, W7_EPOCHS, xtr.shape[0]
    model = cnn_net()
    if args.stream:
        seed, params, perms = read_stream(args.stream)
        stream = f"torch seed {seed}"
        source = f"read from {args.stream}"
    else:
        params, perms = w7_stream(W7_SEED, n, epochs)
        stream = f"torch seed {W7_SEED}"
        source = "drawn here"
    mine = list(model.parameters())
    shapes = [tuple(p.shape) for p in mine]
    if [tuple(a.shape) for a in params] != shapes:
        raise ValueError(f"W7 stream ({source}): parameter shapes {[a.shape for a in params]}, "
                         f"the model has {shapes}")
    if len(perms) != epochs or any(len(p) != n for p in perms):
        raise ValueError(f"W7 stream ({source}): {len(perms)} permutations of "
                         f"{sorted({len(p) for p in perms})}, expected {epochs} of {n}")
    with torch.no_grad():
        for p, a in zip(mine, params):
            p.copy_(torch.from_numpy(a))
    perms = [torch.from_numpy(np.asarray(p, dtype=np.int64)) for p in perms]
    log(f"W7 stream: {stream} ({source})")
    with torch_threads():
        threads = thread_check(TRAIN_THREADS, torch_used=True)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
        seconds, accuracies = [], []
        for epoch in range(1, epochs + 1):
            model.train()
            t0 = time.perf_counter()
            perm = perms[epoch - 1]
            for s in range(0, n, batch):                     # the last batch has 32 samples
                idx = perm[s:s + batch]
                opt.zero_grad(set_to_none=True)
                loss = F.cross_entropy(model(xtr[idx]), ytr[idx])
                loss.backward()
                opt.step()
            seconds.append(time.perf_counter() - t0)
            model.eval()
            with torch.no_grad():
                correct = sum(int((model(xte[s:s + 1000]).argmax(1) == yte[s:s + 1000]).sum())
                              for s in range(0, xte.shape[0], 1000))
            accuracies.append(correct / xte.shape[0])
            log(f"W7 epoch {epoch}: train {seconds[-1]:.1f} s, test accuracy {accuracies[-1]:.4f}")
    t = TRAIN_THREADS
    return {"title": "Fashion-MNIST end to end (PyTorch)", "stream": stream, "cases": [
        {"name": f"train t={t}", "unit": "s/epoch", "threads": t,
         "figure": statistics.median(seconds), "reps": seconds, "thread_check": threads},
        {"name": f"test accuracy t={t}", "unit": "accuracy", "threads": t,
         "figure": accuracies[-1], "reps": accuracies, "thread_check": threads}]}


WORKLOADS = {"W1": w1_gemm, "W2": w2_mlp, "W3": w3_cnn, "W4": w4_lstm, "W5": w5_gpt_train,
             "W6": w6_gpt_generate, "W7": w7_fashion}
# Workloads that time themselves and return their result (W7 times whole epochs); the others
# return a Workload of cases.
SELF_TIMED = {"W7"}


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
    """The versions of Python and of NumPy and PyTorch when this process imported them."""
    out = {"python": sys.version.split()[0]}
    for name in ("numpy", "torch"):
        if name in sys.modules:
            out[name] = sys.modules[name].__version__
    return out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workloads", default="W1", help="comma-separated ids, e.g. W1")
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    p.add_argument("--serve", action="store_true",
                   help="run one workload's cases on request, one JSON line per request (W1-W6)")
    p.add_argument("--stream", help="W7: train from this stream file (written by --stream-out)")
    p.add_argument("--stream-out", help="W7: write the stream of --seed to this file, train nothing")
    p.add_argument("--seed", type=int, default=W7_SEED, help="--stream-out: the seed")
    p.add_argument("--train-size", type=int, default=60000, help="--stream-out: permutation length")
    p.add_argument("--epochs", type=int, default=W7_EPOCHS, help="--stream-out: permutations")
    args = p.parse_args(argv)
    args.threads = [int(t) for t in args.threads.split(",") if t]
    ids = [w.strip().upper() for w in args.workloads.split(",") if w.strip()]
    unknown = [w for w in ids if w not in WORKLOADS]
    if unknown:
        print(f"unknown workloads {unknown}; available: {sorted(WORKLOADS)}", file=sys.stderr)
        return 2
    if args.stream_out:
        if ids != ["W7"]:
            print(f"--stream-out writes the W7 stream only (got --workloads {args.workloads})",
                  file=sys.stderr)
            return 2
        try:
            export_w7_stream(args)
        except ImportError as e:
            print(f"W7 stream: missing library: {e}", file=sys.stderr)
            return 3
        return 0
    if args.serve:
        if len(ids) != 1 or ids[0] in SELF_TIMED:
            print(f"--serve runs one of {sorted(set(WORKLOADS) - SELF_TIMED)} "
                  f"(got --workloads {args.workloads})", file=sys.stderr)
            return 2
        try:
            workload = WORKLOADS[ids[0]](args)
        except ImportError as e:
            print(f"{ids[0]}: missing library: {e}", file=sys.stderr)
            return 3
        serve(ids[0], workload, sys.stdin, sys.stdout)
        return 0
    results = {}
    for w in ids:
        try:
            built = WORKLOADS[w](args)
            results[w] = built if w in SELF_TIMED else measure(w, built, args.reps)
        except ImportError as e:
            print(f"{w}: missing library: {e}", file=sys.stderr)
            return 3
    peak_kb = peak_rss_kb()
    doc = {"versions": versions(), "libraries": libraries(), "peak_rss_kb": peak_kb, "workloads": results}
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
