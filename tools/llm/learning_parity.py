"""The PyTorch side of cambium-llm's learning-parity run (io.cambium.bench.LearningParity).

Reads a directory written by the Java side:
    run.json            the model config (GptConfig.toMap), the pretraining options, the eval steps
    init.safetensors    the initial weights, keyed by Cambium's variable names
    data.safetensors    "train" and "val" token ids and "starts": the start of every training window,
                        in the order the Java sampler draws them (steps x accumulation x batch)
trains the reference model of tools/fixtures/gpt_reference.py with the same recipe (AdamW with weight
decay on matrices only, linear warm-up then cosine, clip_grad_norm_, gradient accumulation with each
micro-batch loss scaled by 1/accumulation), validates on the same fixed sequential windows, and writes
torch.json: the loss of every step, the evaluations, and the wall and CPU time of the training loop.
    /usr/bin/python3 tools/llm/learning_parity.py DIR
"""
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
import gpt_reference as ref  # noqa: E402


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError("%s: %s is %s, expected F32" % (path, name, info["dtype"]))
        a, b = info["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(raw[base + a:base + b], dtype="<f4").copy()).reshape(info["shape"])
    return out


def main(run_dir):
    torch.set_num_threads(int(os.environ.get("CAMBIUM_THREADS", "2")))
    with open(os.path.join(run_dir, "run.json")) as f:
        run = json.load(f)
    cfg, t = run["model"], run["pretrain"]
    params = {k: v.clone().requires_grad_(True) for k, v in read_safetensors(os.path.join(run_dir, "init.safetensors")).items()}
    data = read_safetensors(os.path.join(run_dir, "data.safetensors"))
    train = data["train"].long()
    val = data["val"].long()
    starts = data["starts"].long()
    ctx, batch, accum = cfg["n_positions"], t["batch_size"], t["gradient_accumulation_steps"]
    steps = t["max_steps"]

    def lr_at(step):
        if step < t["warmup_steps"]:
            return t["learning_rate"] * step / t["warmup_steps"]
        decay = max(1, steps - t["warmup_steps"])
        progress = min(1.0, (step - t["warmup_steps"]) / decay)
        return t["min_learning_rate"] + 0.5 * (1 + math.cos(math.pi * progress)) * (t["learning_rate"] - t["min_learning_rate"])

    decays = lambda k, p: p.dim() >= 2 and not k.endswith("/embeddings")  # noqa: E731
    opt = torch.optim.AdamW([{"params": [p for k, p in params.items() if decays(k, p)], "weight_decay": t["weight_decay"]},
                             {"params": [p for k, p in params.items() if not decays(k, p)], "weight_decay": 0.0}],
                            lr=t["learning_rate"], betas=(t["beta1"], t["beta2"]), eps=t["epsilon"])
    all_params = list(params.values())
    offsets = torch.arange(ctx + 1)

    def windows(source, first):
        idx = first.unsqueeze(1) + offsets.unsqueeze(0)
        w = source[idx]
        return w[:, :-1], w[:, 1:]

    # Validation: the first eval_batches sequential batches of non-overlapping windows (all when 0).
    n_windows = (len(val) - 1) // ctx
    n_batches = (n_windows + batch - 1) // batch
    if t["eval_batches"] > 0:
        n_batches = min(n_batches, t["eval_batches"])
    val_batches = []
    for k in range(n_batches):
        first = torch.arange(k * batch, min((k + 1) * batch, n_windows)) * ctx
        val_batches.append(windows(val, first))

    def evaluate():
        total, count = 0.0, 0
        with torch.no_grad():
            for x, y in val_batches:
                total += ref.loss(cfg, params, x, y).item() * x.numel()
                count += x.numel()
        return total / count

    losses, evals = [], []
    since, n_since = 0.0, 0
    drawn = 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    for step in range(steps):
        opt.zero_grad(set_to_none=True)
        total = 0.0
        for _ in range(accum):
            x, y = windows(train, starts[drawn:drawn + batch])
            drawn += batch
            loss = ref.loss(cfg, params, x, y, training=True)
            total += loss.item()
            (loss / accum if accum > 1 else loss).backward()
        if t["grad_clip"] > 0:
            torch.nn.utils.clip_grad_norm_(all_params, t["grad_clip"])
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        opt.step()
        losses.append(total / accum)
        since += total / accum
        n_since += 1
        done = step + 1
        if done % t["eval_interval"] == 0 or done == steps:
            evals.append({"step": done, "train_loss": since / n_since, "val_loss": evaluate()})
            since, n_since = 0.0, 0
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    with open(os.path.join(run_dir, "torch.json"), "w") as f:
        json.dump({"losses": losses, "evals": evals, "seconds": seconds, "cpu_seconds": cpu, "threads": torch.get_num_threads(),
                   "torch": torch.__version__}, f)
    print("torch: %d steps in %.1f s (%.1f CPU-s), final val loss %.4f" % (steps, seconds, cpu, evals[-1]["val_loss"]))


if __name__ == "__main__":
    main(sys.argv[1])
