#!/usr/bin/env bash
# Runs every test of microembed: one reactor build with the heavy tier (-Pheavy) — the Java runtime (unit,
# property, spec vectors), the offline tools (tokenizer parity with the reference, tiny end-to-end distillation
# + training, evaluation harness) — and the WASM/JS port (Node tests and a headless-Chromium end-to-end test).
# Installs missing system packages when it can. Needs ../shared/data beside the checkout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
step() { printf '\n==== %s (%s)\n' "$*" "$(date +%H:%M:%S)"; }
fail() { echo "run-tests: $*" >&2; exit 1; }

[ -d "$root/../shared/data" ] || fail "../shared/data is missing: the tests read the shared datasets from beside the checkout"

step "system packages"
need=()
[ -f /usr/share/unicode/emoji/emoji-test.txt ] || need+=(unicode-data)
command -v fasttext >/dev/null || need+=(fasttext)
command -v chromium >/dev/null || need+=(chromium)
command -v unzip >/dev/null || need+=(unzip)
command -v node >/dev/null || need+=(nodejs npm)
command -v mvn >/dev/null || [ -x "$HOME/.m2/wrapper/apache-maven-3.9.11/bin/mvn" ] || need+=(maven)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${need[*]}"
  $sudo apt-get update -qq || fail "apt-get update failed; install ${need[*]} by hand"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null || fail "apt-get install ${need[*]} failed"
fi

# JDK 25: the launcher's own search, so tests and users agree on the JDK.
JAVA_HOME="$(scripts/java-home.sh)" || fail "needs a JDK 25 or newer (set JAVA_HOME, or install Temurin 25)"
export JAVA_HOME
echo "JAVA_HOME=$JAVA_HOME"

step "Java: runtime and tools, every test tier (tokenizer parity, tiny distillation, training, evaluation)"
./mvnw -B -ntp install -Pheavy

step "WASM/JS port (tokenizer parity with Java on every line of ../shared/data, shared vectors, browser)"
mapfile -t texts < <(find "$root/../shared/data" -type f \( -name '*.txt' -o -name '*.csv' -o -path '*/tatoeba/*' \) ! -name '*.md' | sort)
./microembed spec ids --out "$root/target/spec/token-ids.jsonl" "${texts[@]}"
./microembed spec ids --model runtime/src/test/resources/dev/microembed/model2vec/unigram-f16 --out "$root/target/spec/token-ids-unigram.jsonl" "${texts[@]}"
MICROEMBED_IDS_FILE="$root/target/spec/token-ids.jsonl" MICROEMBED_UNIGRAM_IDS_FILE="$root/target/spec/token-ids-unigram.jsonl" \
  MICROEMBED_IDS_REQUIRED=1 web/wasm-port/ci.sh

# ---- fuzzing (issue 14; docs/fuzzing.md): a fixed budget per target from the committed seed corpora, both runtimes,
# differential, concurrency and mapped-file faults. Runs after the WASM step (which builds web/wasm-port/dist).
step "fuzzing: Jazzer (Java), mutation loop (JS/WASM), differential, concurrency, faults"
./run-fuzz.sh || fail "fuzzing found a failure (crashing inputs are saved beside the seeds; see docs/fuzzing.md)"
# ---- end fuzzing

step "all tests passed"
