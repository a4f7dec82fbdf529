#!/usr/bin/env bash
# hatewatch score against Debian's fastText on the same lines, timed in one run as marginal rates:
# (time for 500,000 lines - time for 1,000 lines), best of 3, so neither side's model loading
# counts. fastText: `supervised -wordNgrams 2 -dim 50` on the Davidson split, `predict-prob ... 3`
# (all three classes, as hatewatch prints). Also --threads 2 against --threads 1. hatewatch runs
# with --any-language, as fastText does no language identification: classifier against classifier.
# Usage: bench/score_vs_fasttext.sh [MODEL]   (release build; scripts/setup installs fasttext)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${HATEWATCH_BIN:-build/release/daemon/hatewatch}
model=${1:-models/forums.hwm}
csv=${HATEWATCH_BENCH_DATA:-../shared/data/davidson2017/labeled_data.train.csv}
for tool in fasttext python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: scripts/setup installs it" >&2; exit 1; }
done
[[ -x "$bin" ]] || { echo "$bin is missing: cmake --build --preset release" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The corpus's tweets, repeated to 500,000 lines: JSONL for hatewatch, one line each for fastText
# (newlines inside a tweet become spaces on both sides), and fastText's training file.
python3 - "$csv" "$work" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
texts = [" ".join(r["tweet"].split()) for r in rows]
with open(sys.argv[2] + "/train.txt", "w") as f:
    for r, t in zip(rows, texts):
        f.write("__label__%s %s\n" % (r["class"], t))
for n in (1000, 500000):
    with open("%s/%d.jsonl" % (sys.argv[2], n), "w") as j, open("%s/%d.txt" % (sys.argv[2], n), "w") as t:
        for i in range(n):
            text = texts[i % len(texts)]
            j.write(json.dumps({"id": i, "text": text}) + "\n")
            t.write(text + "\n")
PY
fasttext supervised -input "$work/train.txt" -output "$work/ft" -wordNgrams 2 -dim 50 -thread 1 -verbose 0

best() { # best wall time of 3 runs of the command, in seconds
  local b=
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    "$@" > /dev/null
    e=$(date +%s.%N)
    b=$(python3 -c "print(min(float('${b:-1e9}'), $e - $s))")
  done
  echo "$b"
}
rate() { python3 -c "print(round(499000 / ($2 - $1)))"; }

ft_small=$(best fasttext predict-prob "$work/ft.bin" "$work/1000.txt" 3)
ft_big=$(best fasttext predict-prob "$work/ft.bin" "$work/500000.txt" 3)
hw1_small=$(best "$bin" score --model "$model" --input "$work/1000.jsonl" --threads 1 --any-language)
hw1_big=$(best "$bin" score --model "$model" --input "$work/500000.jsonl" --threads 1 --any-language)
hw2_small=$(best "$bin" score --model "$model" --input "$work/1000.jsonl" --threads 2 --any-language)
hw2_big=$(best "$bin" score --model "$model" --input "$work/500000.jsonl" --threads 2 --any-language)
ft=$(rate "$ft_small" "$ft_big")
hw1=$(rate "$hw1_small" "$hw1_big")
hw2=$(rate "$hw2_small" "$hw2_big")
echo "marginal lines/s (best of 3): fastText predict-prob $ft, hatewatch score --threads 1 $hw1, --threads 2 $hw2"
python3 -c "print('hatewatch/fastText %.2fx, threads 2/1 %.2fx' % ($hw1 / $ft, $hw2 / $hw1))"
