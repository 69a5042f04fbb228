#!/usr/bin/env bash
# Runs the `$ COMMAND` lines of a Markdown file's ```sh blocks and compares their output with the
# lines shown under them. Values that must vary are normalised on both sides (instance ids, start
# times, versions); "..." in the text stands for any text.
#
#   scripts/readme-check.sh                        # README.md's curl commands, against the stack
#   scripts/readme-check.sh proxy/README.md proxy "java -jar target/proxy.jar"
#   scripts/readme-check.sh docs/01-how-a-request-travels.md . '*'   # every command
#
# For the README: expects a fresh stack (the counter at 0) on HTTP_PORT (default 80) and
# HTTPS_PORT (default 443); runs its `curl` and `docker compose exec` lines (the latter through
# scripts/compose.sh, so Compose v1 works too).
# Prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
file=${1:-README.md}
workdir=${2:-.}
prefix=${3:-curl|docker compose exec|docker compose kill|java scripts/ws-check}
port=${HTTP_PORT:-80}
tls_port=${HTTPS_PORT:-443}
host=localhost$([ "$port" = 80 ] || echo ":$port")
tls_suffix=$([ "$tls_port" = 443 ] || echo ":$tls_port")
root=$PWD
passed=0
failed=0

# curl shows no progress meter on a terminal; here its output is captured, so ask for the same.
CURL_HOME=$(mktemp -d)
export CURL_HOME
trap 'rm -rf "$CURL_HOME"' EXIT
echo silent > "$CURL_HOME/.curlrc"

# `docker compose` in the text, also inside $(...), works with Compose v1 too: a `docker` on the
# PATH hands `compose` to scripts/compose.sh (off the PATH again, so it finds the real one).
real_docker=$(command -v docker || echo /usr/bin/docker)
mkdir -p "$CURL_HOME/bin"
cat > "$CURL_HOME/bin/docker" <<SHIM
#!/bin/sh
if [ "\$1" = compose ] && ! "$real_docker" compose version >/dev/null 2>&1; then
  shift; PATH="$PATH" exec "$root/scripts/compose.sh" "\$@"
fi
exec "$real_docker" "\$@"
SHIM
chmod +x "$CURL_HOME/bin/docker"
export PATH="$CURL_HOME/bin:$PATH"

normalise() {
  tr -d '\r' | sed -E -e 's/"instance":"[^"]*"/"instance":"ID"/g' -e 's/"startedAt":"[^"]*"/"startedAt":"TIME"/g' \
         -e 's/"version":"[^"]*"/"version":"V"/g' -e "s#localhost:$port/#localhost/#g" -e "s#localhost:${HTTPS_PORT:-443}/#localhost/#g" -e 's/\b([0-9]{1,3}\.){3}[0-9]{1,3}\b/IP/g' -e 's/\b[0-9a-f]{32}\b/REQUEST-ID/g' -e 's/IP[[:space:]]+/IP /g'
}

run_case() { # command, expected
  local cmd=$1 expected=$2 actual
  # The ports the stack was published on, where lines with curl show the defaults (80, 443); URLs
  # given to commands run inside a container (explain) are left alone.
  local run=${cmd//127.0.0.1:443 /127.0.0.1:$tls_port }
  if [[ ( "$cmd" == *curl\ * || "$cmd" == *ws-check* ) && "$cmd" != docker\ compose\ exec\ * ]]; then
  run=${run//https:\/\/localhost\//https://@TLSHOST@/}
  run=${run//https:\/\/admin.localhost\//https://admin.@TLSHOST@/}
  run=${run//:443:127.0.0.1/:$tls_port:127.0.0.1}
  run=${run//localhost:443\//localhost:$tls_port/}
  run=${run//localhost\//$host/}
  run=${run//@TLSHOST@/localhost$tls_suffix}
  fi
  actual=$(cd "$workdir" && bash -c "$run" </dev/null 2>&1 | grep -v "deploy sub-keys are not supported" | normalise)
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
    matched=""
    [ "$prefix" = '*' ] && matched=yes
    IFS='|' read -ra prefixes <<< "$prefix"
    for p in "${prefixes[@]}"; do [[ "$cmd" == "$p"* ]] && matched=yes; done
    [ -n "$matched" ] || cmd=""
  elif [ -n "$cmd" ]; then
    expected+="${expected:+$'\n'}$line"
  fi
done < "$file"
echo "$file: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
