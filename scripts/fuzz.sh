#!/usr/bin/env bash
# Fuzzes the configuration loader and the client pipeline with Jazzer, each for its
# maxDuration (30 s), one after the other (Jazzer fuzzes one test per JVM). A finding fails
# the run and leaves a crash-* input next to the stored ones; `./mvnw verify` (without
# JAZZER_FUZZ) replays every stored input.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for test in ConfigFuzzTest RequestFuzzTest; do
  echo "fuzz: $test ..."
  JAZZER_FUZZ=1 ./mvnw -B -pl proxy test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
  status=$?
  grep -a -E '^Done [0-9]+ runs' "$log" | sed "s/^/fuzz: $test: /"
  if [ $status -ne 0 ]; then
    grep -a -E 'FuzzTestFinding|Caused by|LEAK' "$log" | head -20
    ls proxy/src/test/resources/dev/hotgates/proxy/*/*Inputs/*/crash-* 2>/dev/null
    echo "fuzz: $test FAILED"
    exit 1
  fi
done
echo "fuzz: no findings"
