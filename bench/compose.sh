#!/usr/bin/env bash
# The compose stack end to end: wrk through the proxy to the static page, leonidas, leonidas →
# lochagus and counter-app → Redis, with each container's CPU share sampled while the load runs,
# so the table names the container that limits each path. Prints a Markdown table and, with
# --write, replaces the "Compose stack end to end" section's table in bench/RESULTS.md (the text
# under the table, which reads the figures, is kept). ~2 minutes.
#
#   bench/compose.sh [--write]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${SECONDS_PER_RUN:-8}
CONNS=${CONNS:-32}
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-hotgates-bench}
export HTTP_PORT=${HTTP_PORT:-18088} HTTPS_PORT=${HTTPS_PORT:-18443}
compose() { scripts/compose.sh "$@"; }
command -v wrk >/dev/null || { apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
docker info >/dev/null 2>&1 || { echo "bench/compose: no Docker engine (start dockerd first)"; exit 1; }
if [ -z "${JRE_IMAGE:-}" ] && ! docker image inspect eclipse-temurin:17-jre >/dev/null 2>&1 \
   && ! docker pull -q eclipse-temurin:17-jre >/dev/null 2>&1; then
  eval "$(scripts/base-images.sh)"
fi
[ -f proxy/target/proxy.jar ] || ./mvnw -q -B package -DskipTests

trap 'compose down -v --remove-orphans >/dev/null 2>&1 || true' EXIT
echo "bench/compose: compose up -d --build (project $COMPOSE_PROJECT_NAME, port $HTTP_PORT)"
compose up -d --build >/tmp/hotgates-bench-up.log 2>&1 || { tail -30 /tmp/hotgates-bench-up.log; exit 1; }
for _ in $(seq 1 120); do
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$(compose ps -q proxy)" 2>/dev/null)" = healthy ] \
    && curl -sf -o /dev/null "http://localhost:$HTTP_PORT/counter/" && break
  sleep 1
done

# Container CPU in % of one core, summed over the run: docker stats samples every ~2 s.
sample_cpu() { # seconds → "name=pct ..." (averages)
  local end=$(( $(date +%s) + $1 ))
  while [ "$(date +%s)" -lt "$end" ]; do
    # shellcheck disable=SC2086
    docker stats --no-stream --format '{{.Name}} {{.CPUPerc}}' $ids | sed "s/^${COMPOSE_PROJECT_NAME}[_-]//; s/[_-]1 / /; s/%//"
  done | awk '{s[$1]+=$2; n[$1]++} END{for (k in s) printf "%s=%.0f\n", k, s[k]/n[k]}' | sort -t= -k2 -rn | tr '\n' ' '
}

ids=$(compose ps -q | tr '\n' ' ')
# docker-proxy relays the published port on the host (userland proxy): its CPU counts too.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
relay_pids=$(pgrep -f "docker-proxy .*-host-port $HTTP_PORT " | tr '\n' ' ' || true)

rows=()
run() { # label path [base-url]
  local url="${3:-http://localhost:$HTTP_PORT}$2" out cpu t0 t1 relay
  wrk -t2 -c"$CONNS" -d3s "$url" >/dev/null 2>&1 || true
  cpu_file=$(mktemp)
  ( sample_cpu $((DUR - 1)) > "$cpu_file" ) &
  # shellcheck disable=SC2086
  t0=$(ticks $relay_pids)
  out=$(wrk -t2 -c"$CONNS" -d"${DUR}s" --latency "$url")
  # shellcheck disable=SC2086
  t1=$(ticks $relay_pids)
  wait
  relay=$(( (t1 - t0) * 100 / $(getconf CLK_TCK) / DUR ))
  if [ -z "${3:-}" ] && [ -n "$relay_pids" ]; then echo "docker-proxy=$relay" >> "$cpu_file"; fi
  cpu=$(tr ' ' '\n' < "$cpu_file" | grep . | sort -t= -k2 -rn | tr '\n' ' ')
  rm -f "$cpu_file"
  local rps p50 p99 errs top
  rps=$(echo "$out" | awk '/Requests\/sec/{printf "%.0f", $2}')
  p50=$(echo "$out" | awk '$1=="50%"{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  errs=$(echo "$out" | awk '/Non-2xx/{n+=$NF} /Socket errors/{gsub(",","");n+=$4+$6+$8+$10} END{print n+0}')
  top=$(echo "$cpu" | awk '{print $1}')
  echo "  $1: $rps req/s, p50 $p50, p99 $p99, $errs errors; CPU % of a core: $cpu"
  echo "$out" | grep -E 'Socket errors|Non-2xx' | sed 's/^ */    wrk: /' || true
  rows+=("| $1 (\`$2\`) | $rps | $p50 | $p99 | $errs | $(echo "$cpu" | sed 's/ *$//; s/ /, /g') | ${top%%=*} |")
}

echo "bench/compose: wrk -t2 -c$CONNS, ${DUR} s per path, after 3 s of warm-up"
run "static page" /
proxy_ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$(compose ps -q proxy)" | awk '{print $1}')
run "static page, to the proxy container's address (no docker-proxy)" / "http://$proxy_ip"
run "leonidas" /leonidas/api/info
run "leonidas → lochagus" /leonidas/orders
run "counter-app → Redis" /counter/

table=$(
  echo "| path | req/s | p50 | p99 | errors | CPU % of one core per container (busiest first) | busiest |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
)
echo
echo "$table"
if [ "${1:-}" = --write ]; then
  section=$(
    echo "## Compose stack end to end"
    echo
    echo "Produced by \`bench/compose.sh --write\` on $(date -u +%Y-%m-%d): the stack of \`docker-compose.yml\` on the"
    echo "same machine (wrk, Docker and every container share its $(nproc) cores), wrk -t2 -c$CONNS for ${DUR} s per path"
    echo "through the proxy's published port, CPU from \`docker stats\` sampled during each run."
    echo
    echo "$table"
  )
  python3 - "$section" <<'PY'
import re, sys
path = "bench/RESULTS.md"
text = open(path).read()
section = sys.argv[1].rstrip() + "\n"
# Up to the end of the table: the reading of the figures written below it stays.
pattern = re.compile(r"## Compose stack end to end\n.*?(?:^\|[^\n]*\|\n)+", re.S | re.M)
text = pattern.sub(lambda m: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
open(path, "w").write(text)
PY
  echo "bench/compose: bench/RESULTS.md updated"
fi
