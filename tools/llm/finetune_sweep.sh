#!/usr/bin/env bash
# The learning-rate and adapter sweep behind issue 16's acceptance configuration: every line of
# finetune_sweep.tsv (name, TAB, the arguments that differ) is one fine-tuning of BASE_RUN on `tang300` with
# the acceptance run's settings (150 steps of 8 x 128 tokens, warm-up 15, seed 7), one after the other;
# finished runs are skipped, so an interrupted sweep continues. Prints each run's final and best validation
# loss and trainable share.
#   tools/llm/finetune_sweep.sh BASE_RUN_DIR OUT_DIR [STEPS] [LIST]
# BASE_RUN_DIR as for finetune_acceptance.sh (its header has the commands that make it).
set -uo pipefail
BASE="$1"; OUT="$2"; STEPS="${3:-150}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LIST="${4:-$ROOT/tools/llm/finetune_sweep.tsv}"
read -ra CAMBIUM <<< "${CAMBIUM:-$ROOT/cambium}"   # the command, possibly with arguments (a java -jar line)
COMMON=(finetune -m "$BASE" --corpus tang300 --steps "$STEPS" -b 8 --context 128 --warmup 15 --eval-interval 50
        --seed 7)
mkdir -p "$OUT"
while IFS=$'\t' read -r name args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  [[ -f "$OUT/$name/finetune.json" ]] && continue
  rm -rf "${OUT:?}/$name"
  echo "=== $name: $args (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  # shellcheck disable=SC2086
  "${CAMBIUM[@]}" "${COMMON[@]}" $args -o "$OUT/$name" > "$OUT/$name.log" 2>&1 || echo "FAILED: $name (see $OUT/$name.log)"
done < "$LIST"
/usr/bin/env python3 - "$OUT" "$LIST" <<'PY'
import json, os, sys
out, lst = sys.argv[1], sys.argv[2]
print("%-28s %9s %10s %10s  %s" % ("run", "train %", "val final", "val best", "arguments"))
for line in open(lst):
    if not line.strip() or line.startswith("#"):
        continue
    name, args = line.rstrip("\n").split("\t", 1)
    f = os.path.join(out, name, "finetune.json")
    if not os.path.exists(f):
        print("%-28s %9s" % (name, "missing"))
        continue
    x = json.load(open(f))
    print("%-28s %8.3f%% %10.4f %10.4f  %s" % (name, 100.0 * x["trainable_parameters"] / x["total_parameters"],
          x["final_validation_loss"], min(x["validation_losses"]), args))
PY
