#!/usr/bin/env bash
# Regenerates spec/test-vectors.jsonl from the shipped model in vocab/ (docs/model-format.md, "Shared test
# vectors"). Run after a new model lands in vocab/, then commit the file; dev.microembed.SpecVectorsTest and
# web/wasm-port's spec-vector test check both runtimes against it.
# Optional: spec/generate.sh --ids OUT TEXTFILE...  also writes an ids file for the JS tokenizer parity test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -f vocab/config.json ] || { echo "spec/generate.sh: vocab/ has no model (config.json) yet" >&2; exit 1; }
./microembed spec vectors --model vocab --out spec/test-vectors.jsonl
# Model2Vec-format cases: the committed Model2Vec fixture folders (docs/model-format.md, "Model2Vec folders")
for f in wordpiece-f32 wordpiece-i8 wordpiece-vocab-quantised unigram-f16; do
  ./microembed spec vectors --model "runtime/src/test/resources/dev/microembed/model2vec/$f" --out "spec/model2vec-$f.jsonl"
done
if [ "${1:-}" = "--ids" ]; then
  shift
  out="$1"; shift
  ./microembed spec ids --model vocab --out "$out" "$@"
fi
