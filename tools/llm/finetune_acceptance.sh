#!/usr/bin/env bash
# Issue 16's acceptance runs: a base GPT pretrained on fortunes-zh's `chinese` corpus, fine-tuned on
# `tang300` for the same number of steps in four ways (full, LoRA r=8, LoRA on an int8 base, LoRA on an
# NF4 base), one after the other; prints each run's validation loss, trainable share, frozen-base bytes,
# step time and the load average around it, from its finetune.json.
#   tools/llm/finetune_acceptance.sh BASE_RUN_DIR OUT_DIR [STEPS]
# BASE_RUN_DIR is a `cambium pretrain` run directory, made with (20 minutes on 2 shared cores)
#   ./cambium tokenizer train --type char --special-tokens '<|endoftext|>,<|im_start|>,<|im_end|>,<pad>' \
#       -o zh-char.json /usr/share/games/fortunes/{chinese,tang300,song100}
#   ./cambium pretrain --corpus chinese --tokenizer zh-char.json --preset mini --positions rotary \
#       --dropout 0.1 --steps 800 --lr 2e-3 --warmup 60 --eval-interval 200 -o runs/chinese
# The learning rates and the LoRA configuration are the best of tools/llm/finetune_sweep.sh (150 steps):
# full fine-tuning at 1e-3 (of 2.5e-4, 5e-4, 1e-3, 2e-3); LoRA r=8 on the attention's c_attn and c_proj
# plus a rank-1 adapter on the tied token table that also adapts the output (ensure_weight_tying, alpha
# 1/64 for the table) at 2.4e-2. FULL_LR, LORA_LR and LORA override them.
set -euo pipefail
BASE="$1"; OUT="$2"; STEPS="${3:-150}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
read -ra CAMBIUM <<< "${CAMBIUM:-$ROOT/cambium}"   # the command, possibly with arguments (a java -jar line)
FULL_LR="${FULL_LR:-1e-3}"
LORA_LR="${LORA_LR:-2.4e-2}"
LORA="${LORA:-r=8,alpha=16,targets=c_attn,attn.c_proj,wte,rank_pattern=wte:1,alpha_pattern=wte:0.015625,ensure_weight_tying=true}"
COMMON=(finetune -m "$BASE" --corpus tang300 --steps "$STEPS" -b 8 --context 128 --warmup 15 --eval-interval 50
        --seed 7)
mkdir -p "$OUT"
run() {   # name, arguments...
  local name="$1"; shift
  cut -d' ' -f1-3 /proc/loadavg > "$OUT/$name.load"
  "${CAMBIUM[@]}" "${COMMON[@]}" "$@" -o "$OUT/$name"
  cut -d' ' -f1-3 /proc/loadavg >> "$OUT/$name.load"
}
run full --lr "$FULL_LR"
run lora --lr "$LORA_LR" --lora "$LORA" --merge
run lora-int8 --lr "$LORA_LR" --lora "$LORA" --qlora int8
run lora-nf4 --lr "$LORA_LR" --lora "$LORA" --qlora nf4
/usr/bin/env python3 - "$OUT" <<'PY'
import json, sys, os
out = sys.argv[1]
runs = ["full", "lora", "lora-int8", "lora-nf4"]
r = {k: json.load(open(os.path.join(out, k, "finetune.json"))) for k in runs}
print("%-10s %10s %10s %9s %14s %14s %9s %11s  %s" % ("run", "val final", "val best", "train %", "frozen linear",
      "frozen all", "step ms", "step CPU ms", "load average before / after"))
for k in runs:
    x = r[k]
    load = [l.strip() for l in open(os.path.join(out, k + ".load"))]
    print("%-10s %10.4f %10.4f %8.3f%% %11.2f MiB %11.2f MiB %9.0f %11.0f  %s" % (k, x["final_validation_loss"],
          min(x["validation_losses"]), 100.0 * x["trainable_parameters"] / x["total_parameters"],
          x["frozen_linear_bytes"] / 2**20, x["frozen_bytes"] / 2**20, x["mean_step_ms"], x["mean_step_cpu_ms"],
          " / ".join(load)))
f = r["lora"]["frozen_linear_bytes"]
print("LoRA - full: %+.4f nats; int8 - LoRA: %+.4f; nf4 - LoRA: %+.4f" % (
    r["lora"]["final_validation_loss"] - r["full"]["final_validation_loss"],
    r["lora-int8"]["final_validation_loss"] - r["lora"]["final_validation_loss"],
    r["lora-nf4"]["final_validation_loss"] - r["lora"]["final_validation_loss"]))
print("merged vs wrapped logits (LoRA run): largest difference %.3g" % r["lora"].get("merge_max_logit_difference", float("nan")))
print("frozen linear layers: float32 %.2f MiB, int8 %.2fx smaller, nf4 %.2fx smaller" % (
    f / 2**20, f / r["lora-int8"]["frozen_linear_bytes"], f / r["lora-nf4"]["frozen_linear_bytes"]))
PY
