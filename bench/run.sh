#!/usr/bin/env bash
# Hot Gates against nginx on this machine, same configuration file, same backend, interleaved.
# Prints progress, then a Markdown table (also written to bench/RESULTS.md). Bounded: ~7 minutes.
#
#   bench/run.sh                              # all scenarios
#   RUNS=1 SECONDS_PER_RUN=3 bench/run.sh     # a quick look
#
# Both proxies run side by side for a scenario (nginx on one port, Hot Gates on the next, the same
# file otherwise), so each is started and warmed up once and the measured runs alternate
# nginx / Hot Gates / nginx / ... without restarts. Hot Gates runs with the JVM options the
# container image uses, including its class-data-sharing archive (made here by a training run,
# as the image build does).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DUR=${SECONDS_PER_RUN:-6}
WARM=${WARMUP_SECONDS:-2}        # before every measured run, both proxies
JIT_WARM=${JIT_WARMUP_SECONDS:-30} # once per started Hot Gates: the JIT compiles the hot path (C2 settles after ~30 s)
W=$(mktemp -d /tmp/hotgates-bench.XXXXXX)
NATIVE=-Djava.library.path=proxy/target/native  # the native transports' libraries, unpacked by the build, as in the image
JAVA_OPTS=${HOTGATES_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx256m -Xmn16m -XX:TrimNativeHeapInterval=2000 -XX:SharedArchiveFile=$W/proxy.jsa $NATIVE}

need() { command -v "$1" >/dev/null || { echo "bench: installing $2"; apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }; }
need wrk wrk; need nginx nginx; need taskset util-linux; need python3 python3; need curl curl
[ -f proxy/target/proxy.jar ] && [ -d proxy/target/native ] || ./mvnw -q -B -pl proxy -am package -DskipTests

chmod 755 "$W"; mkdir -p "$W/logs" "$W/www/static"
head -c 1024 /dev/urandom > "$W/www/static/1k.bin"
head -c 1048576 /dev/urandom > "$W/www/static/1m.bin"
BACKEND=19100; NGINX_PORT=19101; HG_PORT=19102
for port in $BACKEND $NGINX_PORT $HG_PORT 18080 18081; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench: port $port is taken (a proxy or backend left from another run?); stop it first" >&2; exit 1
  fi
done
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  [ -f "$W/backend.pid" ] && kill "$(cat "$W/backend.pid")" 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT

cat > "$W/backend.conf" <<CONF
worker_processes 1;
events { worker_connections 20000; }
http {
    access_log off;
    keepalive_requests 1000000;
    server { listen 127.0.0.1:$BACKEND; location / { return 200 "hello from the backend\n"; } }
}
CONF

# The file both proxies run; only the listen port differs.
proxy_conf() { # file workers port
  cat > "$1" <<CONF
worker_processes $2;
events { worker_connections 20000; }
http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
    default_type application/octet-stream;
    upstream backend {
        server 127.0.0.1:$BACKEND;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$3;
        root $W/www;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
        location /static/ { }
    }
}
CONF
}

start_backend() { # cpu list
  taskset -c "$1" nginx -p "$W" -c "$W/backend.conf" -g "pid $W/backend.pid; error_log $W/logs/backend.err;"
  sleep 0.3
}
stop_backend() { kill "$(cat "$W/backend.pid")" 2>/dev/null || true; sleep 0.3; }

wait_port() { for _ in $(seq 1 300); do curl -m 2 -s -o /dev/null "http://127.0.0.1:$1/static/1k.bin" && return 0; sleep 0.05; done; return 1; }

declare -A PID PORT
PORT[nginx]=$NGINX_PORT; PORT[hotgates]=$HG_PORT
start_sut() { # name cpus workers
  local name=$1 cpus=$2 workers=$3 pin=()
  proxy_conf "$W/$name.conf" "$workers" "${PORT[$name]}"
  [ "$cpus" = all ] || pin=(taskset -c "$cpus")
  if [ "$name" = nginx ]; then
    "${pin[@]}" nginx -p "$W" -c "$W/nginx.conf" -g "daemon off; pid $W/nginx.pid; error_log $W/logs/nginx.err;" >/dev/null 2>&1 &
  else
    # shellcheck disable=SC2086
    "${pin[@]}" java $JAVA_OPTS -jar proxy/target/proxy.jar -c "$W/hotgates.conf" >"$W/logs/hotgates.log" 2>&1 &
  fi
  PID[$name]=$!
  PIDS+=("${PID[$name]}")
  wait_port "${PORT[$name]}" || { echo "bench: $name did not start"; cat "$W/logs/"*; exit 1; }
}
stop_sut() { local p=${PID[$1]}; kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; sleep 0.3; }

# CPU time (µs) of a process and all its threads/children (nginx workers) from /proc.
cpu_us() {
  local total=0 t p
  for p in $1 $(pgrep -P "$1" | tr '\n' ' '); do
    t=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo $((total * 1000000 / $(getconf CLK_TCK)))
}
rss_kb() { local total=0 p; for p in $1 $(pgrep -P "$1"); do total=$((total + $(awk '/VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo $total; }

load() { # seconds wrk-cpus conns url [header]
  local hdr=(); [ -n "${5:-}" ] && hdr=(-H "$5")
  taskset -c "$2" wrk -t1 -c"$3" -d"$1s" "${hdr[@]}" "$4" >/dev/null 2>&1 || true
}

# wrk run → "rps p50_ms p99_ms errors cpu_us_per_req"
measure() { # name wrk-cpus conns path extra-header
  local name=$1 cpus=$2 conns=$3 path=$4 header=${5:-} out before after reqs url
  local hdr=(); [ -n "$header" ] && hdr=(-H "$header")
  url="http://127.0.0.1:${PORT[$name]}$path"
  load "$WARM" "$cpus" "$conns" "$url" "$header"
  before=$(cpu_us "${PID[$name]}")
  out=$(taskset -c "$cpus" wrk -t1 -c"$conns" -d"${DUR}s" --latency "${hdr[@]}" "$url")
  after=$(cpu_us "${PID[$name]}")
  reqs=$(echo "$out" | awk '/requests in/{print $1}')
  local rps p50 p99 errs
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  p50=$(echo "$out" | awk '$1=="50%"{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  errs=$(echo "$out" | awk '/Non-2xx/{n+=$NF} /Socket errors/{gsub(",","");n+=$4+$6+$8+$10} END{print n+0}')
  echo "$rps $(ms "$p50") $(ms "$p99") $errs $(( (after - before) / (reqs > 0 ? reqs : 1) ))"
}
ms() { case $1 in *us) echo "${1%us}" | awk '{printf "%.3f", $1/1000}';; *ms) echo "${1%ms}";; *s) echo "${1%s}" | awk '{printf "%.3f", $1*1000}';; *) echo "$1";; esac; }
median() { sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

declare -A R   # R[scenario,name,field] = median

# Starts both proxies with the same file, warms Hot Gates' JIT on the scenarios' requests.
start_pair() { # sut-cpus workers wrk-cpus conns "path|header" ...
  local cpus=$1 workers=$2 wcpus=$3 conns=$4 spec; shift 4
  start_sut nginx "$cpus" "$workers"
  start_sut hotgates "$cpus" "$workers"
  echo "  both started ($(grep -o 'with [0-9]* [a-z_]* event loop' "$W/logs/hotgates.log" | sed 's/^with //')); warming Hot Gates up for ${JIT_WARM} s"
  # In bursts of 5 s: each burst opens its connections and closes them, so the JIT has compiled
  # a connection's whole life (the first measured run otherwise met the close path's
  # deoptimisations, -XX:+PrintCompilation showed them).
  local share=$(( JIT_WARM / $# > 0 ? JIT_WARM / $# : 1 )) burst
  burst=$(( share < 5 ? share : 5 ))
  for spec in "$@"; do
    for _ in $(seq 1 $(( share / burst ))); do
      load "$burst" "$wcpus" "$conns" "http://127.0.0.1:$HG_PORT${spec%%|*}" "${spec#*|}"
    done
  done
}
stop_pair() { stop_sut nginx; stop_sut hotgates; }

scenario() { # id label wrk-cpus conns path header
  local id=$1 label=$2 wcpus=$3 conns=$4 path=$5 header=${6:-}
  echo "bench: $id — $label"
  declare -A vals=()
  for run in $(seq 1 "$RUNS"); do
    for name in nginx hotgates; do
      read -r rps p50 p99 errs cpu < <(measure "$name" "$wcpus" "$conns" "$path" "$header")
      echo "  run $run $name: $rps req/s, p50 $p50 ms, p99 $p99 ms, $errs errors, $cpu µs CPU/req"
      vals[$name,rps]+="$rps "; vals[$name,p50]+="$p50 "; vals[$name,p99]+="$p99 "
      vals[$name,cpu]+="$cpu "; vals[$name,err]+="$errs "
    done
  done
  for name in nginx hotgates; do
    for f in rps p50 p99 cpu; do R[$id,$name,$f]=$(echo "${vals[$name,$f]}" | tr ' ' '\n' | grep . | median); done
    R[$id,$name,err]=$(echo "${vals[$name,err]}" | tr ' ' '\n' | awk '{s+=$1} END{print s+0}')
  done
}

# The class-data-sharing archive, as the image build makes it: one training run that serves a
# proxied request and a file, then stops (the JVM writes the archive on exit).
echo "bench: training run for Hot Gates' class-data-sharing archive"
start_backend 0-1
proxy_conf "$W/hotgates.conf" 1 "$HG_PORT"
java -XX:ArchiveClassesAtExit="$W/proxy.jsa" $NATIVE -jar proxy/target/proxy.jar -c "$W/hotgates.conf" >"$W/logs/train.log" 2>&1 &
TRAIN=$!; PIDS+=("$TRAIN")
wait_port "$HG_PORT"; curl -s -o /dev/null "http://127.0.0.1:$HG_PORT/"; curl -s -o /dev/null "http://127.0.0.1:$HG_PORT/static/1m.bin"
kill "$TRAIN"; wait "$TRAIN" || true
[ -s "$W/proxy.jsa" ] || { echo "bench: no archive was written"; cat "$W/logs/train.log"; exit 1; }
stop_backend

start_backend 1
echo "bench: A — keep-alive, proxies pinned to CPU 0 (1 worker each), wrk and backend on CPU 1, c=50"
start_pair 0 1 1 50 "/|"
scenario A "keep-alive, pinned, c=50" 1 50 /
stop_pair
stop_backend; start_backend 0-1
echo "bench: B — keep-alive, nothing pinned, 2 workers, c=100"
start_pair all 2 0-1 100 "/|"
scenario B "keep-alive, 2 workers, c=100" 0-1 100 /
stop_pair
echo "bench: C, D, E — 1 worker, nothing pinned, c=50"
start_pair all 1 0-1 50 "/|Connection: close" "/static/1k.bin|" "/static/1m.bin|"
scenario C "Connection: close, c=50" 0-1 50 / "Connection: close"
scenario D "static 1 KiB, c=50" 0-1 50 /static/1k.bin
scenario E "static 1 MiB, c=50" 0-1 50 /static/1m.bin
stop_pair

echo "bench: F — 10,000 idle keep-alive connections"
for name in nginx hotgates; do
  start_sut "$name" all 1
  # A server that has been serving: 5 s of traffic first (for Hot Gates the JIT compiles, and
  # the compiler's scratch memory goes back to the system before the baseline is taken).
  load 5 0-1 50 "http://127.0.0.1:${PORT[$name]}/"
  sleep "${F_SETTLE_SECONDS:-6}"
  base=$(rss_kb "${PID[$name]}")
  coproc IDLE { python3 bench/idle-conns.py 127.0.0.1 "${PORT[$name]}" 10000 20; }
  read -r _ ok <&"${IDLE[0]}"
  # Measured at rest as the baseline is: the JIT compiles the paths that opening 10,000
  # connections takes, and its scratch memory (15-25 MB) goes back a few seconds later.
  sleep "${F_SETTLE_SECONDS:-6}"
  full=$(rss_kb "${PID[$name]}")
  kill "$IDLE_PID" 2>/dev/null || true; wait "$IDLE_PID" 2>/dev/null || true
  stop_sut "$name"
  R[F,$name,ok]=$ok; R[F,$name,per]=$(( (full - base) * 1024 / 10000 )); R[F,$name,total]=$(( full / 1024 ))
  echo "  $name: $ok connections answered, RSS $((base / 1024)) MB -> $((full / 1024)) MB, $(( (full - base) * 1024 / 10000 )) B per connection"
done

echo "bench: G — start to first proxied response (median of 3)"
# One poller (bench/first-response.py) times from just before the process starts to the end of the
# first 200 on "/", trying every 2 ms; then it stops the process.
for name in nginx hotgates; do
  vals=""
  for _ in 1 2 3; do
    proxy_conf "$W/$name.conf" 1 "${PORT[$name]}"
    if [ "$name" = nginx ]; then cmd=(nginx -p "$W" -c "$W/nginx.conf" -g "daemon off; pid $W/nginx.pid; error_log $W/logs/nginx.err;")
    # shellcheck disable=SC2206
    else cmd=(java $JAVA_OPTS -jar proxy/target/proxy.jar -c "$W/hotgates.conf"); fi
    ms=$(python3 bench/first-response.py "${PORT[$name]}" / "$W/logs/$name.log" -- "${cmd[@]}") || { echo "bench: $name did not answer"; cat "$W/logs/$name.log"; exit 1; }
    vals+="$ms "
    sleep 0.3
  done
  R[G,$name,ms]=$(echo "$vals" | tr ' ' '\n' | grep . | median)
  echo "  $name: $vals→ ${R[G,$name,ms]} ms"
done
stop_backend

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b+0 == 0) print "-"; else printf "%.2f", a/b }'; }
{
  echo "| scenario | nginx req/s | Hot Gates req/s | ratio | p50 ms (nginx / HG) | p99 ms (nginx / HG) | CPU µs/req (nginx / HG) | CPU ratio | errors |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for id in A B C D E; do
    echo "| $id | ${R[$id,nginx,rps]} | ${R[$id,hotgates,rps]} | $(ratio "${R[$id,hotgates,rps]}" "${R[$id,nginx,rps]}")× | ${R[$id,nginx,p50]} / ${R[$id,hotgates,p50]} | ${R[$id,nginx,p99]} / ${R[$id,hotgates,p99]} | ${R[$id,nginx,cpu]} / ${R[$id,hotgates,cpu]} | $(ratio "${R[$id,hotgates,cpu]}" "${R[$id,nginx,cpu]}")× | $(( ${R[$id,nginx,err]} + ${R[$id,hotgates,err]} )) |"
  done
  echo
  echo "| scenario | nginx | Hot Gates |"
  echo "|---|---|---|"
  echo "| F: bytes of RSS per idle keep-alive connection (10,000; answered ${R[F,nginx,ok]} / ${R[F,hotgates,ok]}) | ${R[F,nginx,per]} | ${R[F,hotgates,per]} |"
  echo "| F: total RSS with 10,000 idle connections | ${R[F,nginx,total]} MB | ${R[F,hotgates,total]} MB |"
  echo "| G: start to first proxied response | ${R[G,nginx,ms]} ms | ${R[G,hotgates,ms]} ms |"
} > "$W/table.md"
echo
cat "$W/table.md"
TRANSPORT=$(grep -o 'with [0-9]* [a-z_]* event loop' "$W/logs/hotgates.log" | awk '{print $3}')
{
  echo "# Benchmark results"
  echo
  echo "Produced by \`bench/run.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB, Linux $(uname -r),"
  echo "$(nginx -v 2>&1 | sed 's/nginx version: //'), $(java -version 2>&1 | head -1), Hot Gates on $TRANSPORT with"
  echo "\`${JAVA_OPTS//$W/…}\`; $RUNS interleaved runs of ${DUR} s per scenario (each after ${WARM} s of"
  echo "load; Hot Gates warmed up for ${JIT_WARM} s in bursts of 5 s after each start), medians shown. F is measured on"
  echo "each proxy after 5 s of traffic and ${F_SETTLE_SECONDS:-6} s of rest, and again ${F_SETTLE_SECONDS:-6} s after the last idle connection answered. G is"
  echo "timed by \`bench/first-response.py\` (from just before the process starts to the end of the first 200 on \`/\`, polling every 2 ms)."
  echo
  cat "$W/table.md"
} > bench/RESULTS.md.new
if [ -f bench/RESULTS.md ] && grep -q '^## ' bench/RESULTS.md; then
  # Keep the analysis sections that follow the table.
  sed -n '/^## /,$p' bench/RESULTS.md | { echo; cat; } >> bench/RESULTS.md.new
fi
mv bench/RESULTS.md.new bench/RESULTS.md
