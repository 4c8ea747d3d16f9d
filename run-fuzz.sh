#!/usr/bin/env bash
# Fuzzing of every input surface in both runtimes (docs/fuzzing.md):
#   Java (Jazzer, coverage-guided): tokenizer text, tokenizer.json, safetensors, JSON, model folders, one JVM each,
#     two at a time, each from its committed seed corpus for the per-target budget;
#   JS/WASM (seeded mutation loop): the same surfaces in web/wasm-port;
#   differential (Java vs the reference tokenizer, Java vs WASM ids and vector bits), 8-thread concurrency, and
#   model files changed under the mapping (forked JVMs).
# Prints per target: executions, coverage, corpus size, crashes; exits non-zero on any crash or failure.
#   ./run-fuzz.sh                 CI budget: text targets 100 s (Java) / 60 s (JS), the model-file and JSON targets
#                                 20 s (Java) / 10 s (JS) each: texts need volume, model files had 60x their goal
#   ./run-fuzz.sh --minutes N     N minutes per target (deeper runs)
#   ./run-fuzz.sh --seconds N     N seconds per target
# Installs the runtime jar into fuzz/target/m2, a local Maven repository of this checkout chained in front of the
# user's (Maven 3.9's maven.repo.local.tail: dependencies and plugins are read from ~/.m2, nothing is written
# there), and builds the WASM port when dist/ is missing (web/wasm-port: npm ci && npm run build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
fail() { echo "run-fuzz: $*" >&2; exit 1; }
java_s=20; js_s=10; java_text_s=100; js_text_s=60; texts=100000
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) java_s=$(( $2 * 60 )); js_s=$java_s; java_text_s=$java_s; js_text_s=$java_s; shift 2 ;;
    --seconds) java_s=$2; js_s=$2; java_text_s=$2; js_text_s=$2; shift 2 ;;
    --texts) texts=$2; shift 2 ;;
    *) fail "unknown option $1 (use --minutes N, --seconds N, --texts N)" ;;
  esac
done
JAVA_HOME="${JAVA_HOME:-$(scripts/java-home.sh)}" || fail "needs a JDK 25 or newer"
export JAVA_HOME
out="$root/fuzz/target/fuzz"
rm -rf "$out"; mkdir -p "$out" # no stale logs or exit codes of an earlier run
# The fuzz module gets the runtime as a jar from a local repository (surefire:test alone resolves no reactor
# module). Installing it into ~/.m2 would hand this checkout's runtime to every other checkout on the machine;
# fuzz/target/m2 holds it instead, with the user's repository behind it, read-only, for everything else.
repo_flags=(-Dmaven.repo.local="$root/fuzz/target/m2" -Dmaven.repo.local.tail="${MAVEN_USER_REPO:-$HOME/.m2/repository}")
mvn=(./mvnw -B -ntp "${repo_flags[@]}")

echo "== build (runtime into fuzz/target/m2, fuzz test classes)"
"${mvn[@]}" -q -pl .,runtime install -DskipTests >/dev/null || fail "runtime build failed"
"${mvn[@]}" -q -pl fuzz test-compile >/dev/null || fail "fuzz module does not compile"
if [ ! -f web/wasm-port/dist/kernels.js ]; then
  (cd web/wasm-port && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund >/dev/null && npm run build >/dev/null) || fail "WASM port build failed"
fi

# Two Maven runs at a time in one module: each gets its own surefire temp dir, or one run's cleanup deletes the
# other's booter jar ("The forked VM terminated without properly saying goodbye").
echo "== Java: Jazzer, text target ${java_text_s} s, the others ${java_s} s each, 2 at a time"
targets=(TokenizerTextFuzzTest TokenizerJsonFuzzTest SafetensorsFuzzTest JsonFuzzTest ModelFolderFuzzTest)
# The text target gets coverage instrumentation only (jazzer.trace=cov): comparison tracing of every char test in
# the tokenizer's loops cost 3.3x its executions (7,948 vs 26,621 exec/s alone, same coverage: 294 vs 301 edges;
# reports/fuzzing-2026-12-04.md); the structured targets keep full tracing (JSON keys, header fields).
# Lane 1 runs the text target (it goes first), lane 2 the other four one after another.
printf '%s\n' "${targets[@]}" | xargs -P 2 -I{} sh -c \
  'if [ {} = TokenizerTextFuzzTest ]; then extra="-Djazzer.trace=cov"; s='"${java_text_s}"'; else extra=""; s='"${java_s}"'; fi;
   "$0" -B -ntp "$2" "$3" -o -pl fuzz surefire:test -Pfuzz -Dtest={} -DtempDir=surefire-{} -Dfuzz.duration=${s}s $extra -Dsurefire.failIfNoSpecifiedTests=false > "$1/{}.log" 2>&1; echo $? > "$1/{}.rc"' \
  ./mvnw "$out" "${repo_flags[@]}"
crashes=0; java_execs=0; java_files=0
printf '%-24s %12s %10s %10s %8s\n' target executions "cov(edges)" corpus crashes
for t in "${targets[@]}"; do
  log="$out/$t.log"; rc=$(cat "$out/$t.rc")
  done_line=$(grep -a 'DONE ' "$log" | tail -1 || true)
  execs=$(grep -a 'stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}' || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line"); corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$done_line")
  c=0; [ "$rc" = 0 ] || c=1
  [ -n "$execs" ] || { execs=0; c=1; }
  printf 'java %-19s %12s %10s %10s %8s\n' "$t" "$execs" "${cov:-?}" "${corp:-?}" "$c"
  if [ "$c" != 0 ]; then
    crashes=$((crashes + 1))
    echo "---- $t failed (exit $rc); the end of $log:"; grep -a -v '^INFO: \|^#' "$log" | tail -40
    echo "---- a crashing input is saved under fuzz/src/test/resources/dev/microembed/fuzz/${t}Inputs/fuzz/ (commit it as a regression input)"
  fi
  case "$t" in TokenizerTextFuzzTest) java_execs=$((java_execs + execs)) ;; JsonFuzzTest) ;; *) java_files=$((java_files + execs)) ;; esac
done

echo "== JS/WASM: seeded mutation loop, text target ${js_text_s} s, the others ${js_s} s each"
js_rc=0
(cd web/wasm-port && FUZZ_REPORT="$out/js.json" node fuzz/fuzz.mjs --seconds "$js_s" --text-seconds "$js_text_s") || js_rc=$?
[ "$js_rc" = 0 ] || crashes=$((crashes + 1))
js_execs=0; js_files=0
if [ -f "$out/js.json" ]; then
  read -r js_execs js_files < <(node -e 'const r=require(process.argv[1]);let t=0,f=0;for(const x of r.targets){if(x.target==="text")t+=x.executions;else f+=x.executions}console.log(t,f)' "$out/js.json")
fi

echo "== differential, concurrency, mapped-file faults (${texts} fuzzed texts each)"
rc=0
"${mvn[@]}" -o -pl fuzz surefire:test -Pheavy -Dtest='DifferentialTest,ConcurrencyTest,MappedFileFaultTest' \
  -Dfuzz.differential.texts="$texts" -Dfuzz.concurrency.texts="$texts" > "$out/robustness.log" 2>&1 || rc=$?
grep -a -E '^(differential|concurrency|mapped-file)' "$out/robustness.log" || true
if [ "$rc" != 0 ]; then crashes=$((crashes + 1)); grep -a -E 'FAIL|expected|ERROR' "$out/robustness.log" | head -30; fi
(cd web/wasm-port && node fuzz/differential.mjs "$out/differential.jsonl") || crashes=$((crashes + 1))

total_texts=$((java_execs + js_execs + 2 * texts))
total_files=$((java_files + js_files))
echo "== fuzz totals: ${total_texts} fuzzed texts (Java text target ${java_execs}, JS text target ${js_execs}, differential ${texts}, concurrency ${texts}), ${total_files} mutated model files (Java ${java_files}, JS ${js_files}); failing steps: ${crashes}"
[ "$crashes" = 0 ] || fail "${crashes} fuzz step(s) failed"
echo "fuzz: ok"
