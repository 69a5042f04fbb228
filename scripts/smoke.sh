#!/usr/bin/env bash
# Smoke test of the whole stack on a real Docker engine: build, `compose up`, wait until healthy,
# curl every documented path through the proxy only, check that only the proxy publishes a port,
# then `compose down -v`. Prints each check and ends with "N passed, N failed".
#
#   scripts/smoke.sh            # builds the jars first
#   SMOKE_SKIP_BUILD=1 scripts/smoke.sh
set -uo pipefail
cd "$(dirname "$0")/.."

export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-hotgates-smoke}
export HTTP_PORT=${HTTP_PORT:-80} HTTPS_PORT=${HTTPS_PORT:-443}
BASE="http://localhost:${HTTP_PORT}"
TLS_BASE="https://localhost:${HTTPS_PORT}"
compose() { scripts/compose.sh "$@"; }
passed=0
failed=0

check() { # name, then a command that succeeds when the check holds
  local name=$1; shift
  if "$@"; then
    echo "ok   - $name"; passed=$((passed + 1))
  else
    echo "FAIL - $name"; failed=$((failed + 1))
  fi
}

body_is()       { [ "$(curl -s "$BASE$1")" = "$2" ] || { echo "  got: $(curl -s "$BASE$1" | head -c 300)"; false; }; }
# The body is read whole first: `curl | grep -q` fails under pipefail when grep stops reading early.
body_contains() { local b; b=$(curl -s "$BASE$1"); grep -qF -- "$2" <<< "$b" || { echo "  got: ${b:0:300}"; false; }; }
status_is()     { [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE$1")" = "$2" ]; }
header_is()     { curl -s -o /dev/null -D - "$BASE$1" | tr -d '\r' | grep -qix -- "$2"; }
count_of()      { curl -s "$BASE$1" | sed -n 's/^This Compose\/Javalin demo has been viewed \([0-9]*\) time(s)\.$/\1/p'; }

cleanup() { compose down -v --remove-orphans >/dev/null 2>&1; }
trap cleanup EXIT

if [ -z "${JRE_IMAGE:-}" ] && ! docker image inspect eclipse-temurin:17-jre >/dev/null 2>&1 \
   && ! docker pull -q eclipse-temurin:17-jre >/dev/null 2>&1; then
  echo "smoke: official images cannot be pulled here; building stand-ins from Debian packages"
  eval "$(scripts/base-images.sh)"
fi
if [ "${SMOKE_SKIP_BUILD:-0}" != 1 ]; then
  echo "smoke: ./mvnw -q -B package -DskipTests"
  ./mvnw -q -B package -DskipTests || { echo "0 passed, 1 failed"; exit 1; }
fi

cleanup
echo "smoke: compose up -d --build (project $COMPOSE_PROJECT_NAME, port $HTTP_PORT)"
start=$(date +%s%N)
compose up -d --build >/tmp/hotgates-smoke-up.log 2>&1 || { tail -30 /tmp/hotgates-smoke-up.log; echo "0 passed, 1 failed"; exit 1; }
proxy_id=$(compose ps -q proxy)
healthy=no
for _ in $(seq 1 120); do
  if [ "$(docker inspect -f '{{.State.Health.Status}}' "$proxy_id" 2>/dev/null)" = healthy ]; then healthy=yes; break; fi
  sleep 1
done
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "smoke: all services healthy: $healthy, $((elapsed_ms / 1000)).$(( (elapsed_ms % 1000) / 100 )) s after 'up' was called (image build included)"
check "stack became healthy within 120 s" [ "$healthy" = yes ]
if [ "$healthy" != yes ]; then compose ps; compose logs --tail 30; fi

# The README's own commands and outputs, on the fresh stack (the counter starts at 0).
check "the README's and the lessons' commands give the outputs they show" scripts/doc-check.sh
check "/ serves the static page from the volume" body_contains / "<h1>Hot Gates</h1>"
check "/style.css is served as text/css" header_is /style.css "content-type: text/css"
check "/leonidas/ reaches leonidas" body_contains /leonidas/ "<h1>leonidas</h1>"
check "/leonidas/api/info names the service" body_contains /leonidas/api/info '"service":"leonidas"'
check "/leonidas/orders carries lochagus's answer" body_contains /leonidas/orders '"lochagus":{"service":"lochagus"'
check "/lochagus/ reaches lochagus" body_contains /lochagus/ "<h1>lochagus</h1>"
check "/lochagus/api/info names the service" body_contains /lochagus/api/info '"service":"lochagus"'
first=$(count_of /counter/)
second=$(count_of /counter/)
third=$(count_of /flask)
check "/counter/ answers with the counter sentence" [ -n "$first" ]
grows() { [ -n "$first" ] && [ "$second" = $((first + 1)) ]; }
check "the counter grows by exactly 1 per request ($first, $second)" grows
check "/flask counts too ($third)" [ "$third" = "$((${first:-0} + 2))" ]
check "/counter/api/hits reads without counting" body_is /counter/api/hits "{\"hits\":$((${first:-0} + 2))}"
check "/leonidas without the slash is a 301 to /leonidas/ (the port is the one the proxy listens on, as nginx)" header_is /leonidas "location: http://localhost/leonidas/"
check "an unknown path is a 404" status_is /no-such-page 404
check "responses carry a request id" header_is /healthz "x-request-id: [0-9a-f]\{32\}"
check "/hotgates/ serves the dashboard" body_contains /hotgates/ "<title>Hot Gates — status</title>"
check "/hotgates/metrics is Prometheus text" body_contains /hotgates/metrics "# TYPE hotgates_upstream_response_seconds histogram"
check "/hotgates/status lists the upstreams" body_contains /hotgates/status '"name":"leonidas","method":"round-robin"'
check "stub_status is for 127.0.0.1 only: 403 from the host" status_is /stub_status 403

# HTTPS on 443, with the development certificates the proxy made on its first start.
compose exec -T proxy cat /etc/hotgates/certs/ca.crt > /tmp/hotgates-ca.crt 2>/dev/null
tls_get()    { curl -sS --cacert /tmp/hotgates-ca.crt "$@"; }
cert_of()    { openssl s_client -connect "127.0.0.1:$HTTPS_PORT" -servername "$1" </dev/null 2>/dev/null | openssl x509 -noout "$2" 2>/dev/null; }
check "https://localhost/leonidas/api/info works with curl --cacert (the development CA)" \
  sh -c "curl -sS --cacert /tmp/hotgates-ca.crt '$TLS_BASE/leonidas/api/info' | grep -q '\"service\":\"leonidas\"'"
check "https:// serves the static page too" sh -c "curl -sS --cacert /tmp/hotgates-ca.crt '$TLS_BASE/' | grep -q '<h1>Hot Gates</h1>'"
check "SNI localhost gets the localhost certificate ($(cert_of localhost -subject))" [ "$(cert_of localhost -subject)" = "subject=CN = localhost" ]
check "SNI admin.localhost gets its own certificate ($(cert_of admin.localhost -subject))" [ "$(cert_of admin.localhost -subject)" = "subject=CN = admin.localhost" ]
check "admin.localhost is its own server block" sh -c "curl -sS --cacert /tmp/hotgates-ca.crt --resolve admin.localhost:$HTTPS_PORT:127.0.0.1 https://admin.localhost:$HTTPS_PORT/ | grep -qx 'Hot Gates admin (admin.localhost)'"
check "plain HTTP sent to the HTTPS port is nginx's 400" \
  sh -c "curl -s http://localhost:$HTTPS_PORT/ | grep -q 'The plain HTTP request was sent to HTTPS port'"
# WebSocket through the proxy, plain and over TLS: echo, broadcast, 1 MiB, close code.
check "WebSocket ws://localhost/leonidas/ws: echo, broadcast, 1 MiB, close 4000" \
  java scripts/ws-check.java "ws://localhost:$HTTP_PORT/leonidas/ws"
rm -f /tmp/hotgates-trust.p12
keytool -importcert -noprompt -alias hotgates-dev -file /tmp/hotgates-ca.crt -keystore /tmp/hotgates-trust.p12 \
  -storetype PKCS12 -storepass changeit >/dev/null 2>&1
check "WebSocket over TLS, wss://localhost/leonidas/ws" java -Djavax.net.ssl.trustStore=/tmp/hotgates-trust.p12 \
  -Djavax.net.ssl.trustStorePassword=changeit scripts/ws-check.java "wss://localhost:$HTTPS_PORT/leonidas/ws"
check "the landing page opens the battle feed" sh -c "curl -s '$BASE/' | grep -q \"/leonidas/ws'\""

# Let's Encrypt's path: certbot --webroot writes the challenge token into the acme volume (a
# container stands in for certbot: no CA is reachable here), the proxy serves it on port 80.
docker run --rm -v "${COMPOSE_PROJECT_NAME}_acme:/var/www/acme" "${JRE_IMAGE:-eclipse-temurin:17-jre}" sh -c \
  'mkdir -p /var/www/acme/.well-known/acme-challenge && printf token-123.thumbprint > /var/www/acme/.well-known/acme-challenge/token-123'
check "/.well-known/acme-challenge/ serves certbot's token from the acme volume" body_is /.well-known/acme-challenge/token-123 token-123.thumbprint
# Renewal: new certificate files, then a reload; new connections get the new certificate.
serial_before=$(cert_of localhost -serial)
compose exec -T proxy /app/dev-cert.sh --renew /etc/hotgates/certs >/dev/null
compose kill -s HUP proxy >/dev/null 2>&1
for _ in $(seq 1 40); do [ "$(cert_of localhost -serial)" != "$serial_before" ] && break; sleep 0.25; done
serial_after=$(cert_of localhost -serial)
renewed() { [ -n "$serial_before" ] && [ "$serial_after" != "$serial_before" ] && tls_get -o /dev/null "$TLS_BASE/healthz"; }
check "renewed certificate served after HUP, no restart (${serial_before#serial=} -> ${serial_after#serial=})" renewed

# The counter under concurrency and Redis faults (restart, SIGKILL), through the proxy.
counter_started=$(docker inspect -f '{{.State.StartedAt}}' "$(compose ps -q counter-app)")
python3 scripts/counter-faults.py "$BASE" "$(compose ps -q redis)" | tee /tmp/hotgates-smoke-counter.txt
passed=$((passed + $(grep -c '^ok   - ' /tmp/hotgates-smoke-counter.txt)))
failed=$((failed + $(grep -c '^FAIL - ' /tmp/hotgates-smoke-counter.txt)))
grep -qE '^(ok|FAIL) +- ' /tmp/hotgates-smoke-counter.txt || check "scripts/counter-faults.py ran" false
check "counter-app recovered without a restart of its own" \
  [ "$(docker inspect -f '{{.State.StartedAt}}' "$(compose ps -q counter-app)")" = "$counter_started" ]

# Scaling out: Docker's DNS gains addresses and the proxy's "resolve" picks them up, no restart.
scale() { compose up -d --no-recreate --scale leonidas="$1" >/tmp/hotgates-smoke-scale.log 2>&1; }
echo "smoke: compose up -d --scale leonidas=3"
scale 3
for _ in $(seq 1 90); do
  n=$(for id in $(compose ps -q leonidas); do docker inspect -f '{{.State.Health.Status}}' "$id"; done | grep -c '^healthy$')
  [ "$n" -ge 3 ] && break
  sleep 1
done
instances=""
for _ in $(seq 1 80); do
  instances+="$(curl -s "$BASE/leonidas/api/info" | sed -n 's/.*"instance":"\([^"]*\)".*/\1/p') "
  distinct=$(echo "$instances" | tr ' ' '\n' | grep . | sort -u | wc -l)
  [ "$distinct" -ge 3 ] && break
  sleep 0.25
done
check "3 leonidas replicas all answer through the proxy, without restarting it ($distinct instance ids)" [ "$distinct" -ge 3 ]
# A replica found in DNS before it listens fails its first connection and rests for fail_timeout
# (10 s), as in nginx; after that, three requests in a row reach three replicas.
for _ in $(seq 1 30); do
  last3=$(for _ in 1 2 3; do curl -s "$BASE/leonidas/api/info" | sed -n 's/.*"instance":"\([^"]*\)".*/\1/p'; echo; done | grep . | sort -u | wc -l)
  [ "$last3" = 3 ] && break
  sleep 0.5
done
check "three requests in a row reach three different replicas (round-robin)" [ "$last3" = 3 ]
# Killing one of the three replicas while requests keep coming: none may fail.
: > /tmp/hotgates-smoke-kill.txt
( for _ in $(seq 1 60); do curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 "$BASE/leonidas/api/info" >> /tmp/hotgates-smoke-kill.txt; sleep 0.1; done ) &
load=$!
sleep 1
# The newest replica: the one that scaling back in removes anyway, so the survivor was never killed.
victim=$(compose ps -q leonidas | xargs docker inspect -f '{{.Name}} {{.Id}}' | sort -V | tail -1 | cut -d' ' -f2)
echo "smoke: docker kill ${victim:0:12} (one of 3 leonidas replicas), under load"
docker kill "$victim" >/dev/null
wait "$load"
bad=$(grep -vc '^200$' /tmp/hotgates-smoke-kill.txt)
check "killing a replica under load failed no request ($(grep -c . /tmp/hotgates-smoke-kill.txt) sent, $bad not 200)" [ "$bad" = 0 ]

# Scaling back in while requests keep coming: none may fail.
: > /tmp/hotgates-smoke-load.txt
( for _ in $(seq 1 80); do curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 "$BASE/leonidas/api/info" >> /tmp/hotgates-smoke-load.txt; sleep 0.1; done ) &
load=$!
sleep 1
echo "smoke: compose up -d --scale leonidas=1, under load"
scale 1
wait "$load"
bad=$(grep -vc '^200$' /tmp/hotgates-smoke-load.txt)
check "scaling back to 1 under load failed no request ($(grep -c . /tmp/hotgates-smoke-load.txt) sent, $bad not 200)" [ "$bad" = 0 ]

# A recreated container gets a new address; the proxy follows it without being touched.
old_ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$(compose ps -q lochagus)")
echo "smoke: compose up -d --force-recreate lochagus (was $old_ip)"
t0=$(date +%s)
compose up -d --no-deps --force-recreate lochagus >/tmp/hotgates-smoke-recreate.log 2>&1
back=no
for _ in $(seq 1 120); do
  curl -s "$BASE/lochagus/api/info" | grep -q '"service":"lochagus"' && { back=yes; break; }
  sleep 0.5
done
new_ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$(compose ps -q lochagus)")
check "traffic reaches the recreated lochagus ($new_ip) $(( $(date +%s) - t0 )) s later, proxy untouched" [ "$back" = yes ]

published=$(for id in $(compose ps -q); do
  ports=$(docker port "$id" 2>/dev/null)
  [ -n "$ports" ] && docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}}' "$id"
done | sort -u | tr '\n' ' ')
check "only the proxy publishes a port (published: ${published% })" [ "${published% }" = proxy ]

echo "smoke: image sizes"
docker image ls --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E 'hotgates/(proxy|leonidas|lochagus|counter-app|static-site)' | sort
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
