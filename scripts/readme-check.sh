#!/usr/bin/env bash
# Runs the `$ COMMAND` lines of a Markdown file's ```sh blocks and compares their output with the
# lines shown under them. Values that must vary are normalised on both sides (instance ids, start
# times, versions); "..." in the text stands for any text.
#
#   scripts/readme-check.sh                        # README.md's curl commands, against the stack
#   scripts/readme-check.sh proxy/README.md proxy "java -jar target/proxy.jar"
#
# For the README: expects a fresh stack (the counter at 0) on HTTP_PORT (default 80).
# Prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
file=${1:-README.md}
workdir=${2:-.}
prefix=${3:-curl}
port=${HTTP_PORT:-80}
host=localhost$([ "$port" = 80 ] || echo ":$port")
passed=0
failed=0

# curl shows no progress meter on a terminal; here its output is captured, so ask for the same.
CURL_HOME=$(mktemp -d)
export CURL_HOME
trap 'rm -rf "$CURL_HOME"' EXIT
echo silent > "$CURL_HOME/.curlrc"

normalise() {
  tr -d '\r' | sed -E -e 's/"instance":"[^"]*"/"instance":"ID"/g' -e 's/"startedAt":"[^"]*"/"startedAt":"TIME"/g' \
         -e 's/"version":"[^"]*"/"version":"V"/g' -e "s#localhost:$port/#localhost/#g"
}

run_case() { # command, expected
  local cmd=$1 expected=$2 actual
  actual=$(cd "$workdir" && bash -c "${cmd//localhost\//$host/}" 2>&1 | normalise)
  expected=$(printf '%s' "$expected" | normalise)
  # "..." in the README matches anything; everything else must be equal.
  local pattern=${expected//\*/\\*}
  pattern=${pattern//\?/\\?}
  pattern=${pattern//\[/\\[}
  pattern=${pattern//.../*}
  if [[ "$actual" == $pattern ]]; then
    echo "ok   - \$ $cmd"; passed=$((passed + 1))
  else
    echo "FAIL - \$ $cmd"; echo "  expected: $expected"; echo "  actual:   $actual"; failed=$((failed + 1))
  fi
}

in_block=0; cmd=""; expected=""
while IFS= read -r line; do
  if [[ "$line" == '```sh' ]]; then in_block=1; continue; fi
  if [[ $in_block = 1 && "$line" == '```' ]]; then
    [ -n "$cmd" ] && run_case "$cmd" "$expected"
    in_block=0; cmd=""; expected=""; continue
  fi
  [ $in_block = 1 ] || continue
  if [[ "$line" == '$ '* ]]; then
    [ -n "$cmd" ] && run_case "$cmd" "$expected"
    cmd=${line#'$ '}; expected=""
    [[ "$cmd" == "$prefix"* ]] || cmd=""
  elif [ -n "$cmd" ]; then
    expected+="${expected:+$'\n'}$line"
  fi
done < "$file"
echo "$file: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
