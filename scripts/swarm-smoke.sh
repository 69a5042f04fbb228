#!/usr/bin/env bash
# The same docker-compose.yml on a single-node Docker Swarm: init, `docker stack deploy`, curl the
# routes through the proxy, scale leonidas to 3 tasks and see the proxy balance across them,
# then remove the stack and leave the swarm. Prints each check and "N passed, N failed".
# Uses the images that `docker compose build` (or scripts/smoke.sh) made.
set -uo pipefail
cd "$(dirname "$0")/.."

STACK=${STACK:-hotgates}
export HTTP_PORT=${HTTP_PORT:-80}
BASE="http://localhost:${HTTP_PORT}"
passed=0
failed=0
check() {
  local name=$1; shift
  if "$@"; then echo "ok   - $name"; passed=$((passed + 1)); else echo "FAIL - $name"; failed=$((failed + 1)); fi
}
instance() { curl -s --max-time 5 "$BASE/leonidas/api/info" | sed -n 's/.*"instance":"\([^"]*\)".*/\1/p'; echo; }

initialised_here=no
cleanup() {
  docker stack rm "$STACK" >/dev/null 2>&1
  for _ in $(seq 1 60); do [ -z "$(docker stack ps "$STACK" -q 2>/dev/null)" ] && break; sleep 1; done
  for _ in $(seq 1 30); do docker network inspect "${STACK}_spartans" >/dev/null 2>&1 || break; sleep 1; done
  docker volume rm "${STACK}_site" "${STACK}_redis-data" >/dev/null 2>&1
  [ "$initialised_here" = yes ] && docker swarm leave --force >/dev/null 2>&1
}
trap cleanup EXIT

for img in proxy leonidas lochagus counter-app static-site; do
  docker image inspect "hotgates/$img:latest" >/dev/null 2>&1 || { echo "swarm-smoke: hotgates/$img:latest is missing: run 'docker compose build' first"; echo "0 passed, 1 failed"; exit 1; }
done
if [ "$(docker info -f '{{.Swarm.LocalNodeState}}')" != active ]; then
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
  initialised_here=yes
fi

# Swarm reads the same file. Older engines (Docker 20.10) take depends_on only as a list and
# want a version key: the file is fed through `compose config` and those two are adjusted.
stackfile=$(mktemp /tmp/hotgates-stack.XXXXXX.yml)
scripts/compose.sh config 2>/dev/null | /usr/bin/python3 -c '
import sys, yaml
doc = yaml.safe_load(sys.stdin)
doc["version"] = "3.8"
# Services behind a compose profile (certbot) are run by hand, not deployed.
doc["services"] = {k: v for k, v in doc["services"].items() if not v.get("profiles")}
for svc in doc["services"].values():
    svc.pop("build", None)
    if isinstance(svc.get("depends_on"), dict):
        svc["depends_on"] = sorted(svc["depends_on"])
    for p in svc.get("ports", []):
        if isinstance(p, dict):
            p["published"] = int(p["published"])
            p["mode"] = "host"   # publish on this node directly; the routing mesh is not needed on one node
yaml.safe_dump(doc, sys.stdout, sort_keys=False)
' > "$stackfile"
echo "swarm-smoke: docker stack deploy -c docker-compose.yml $STACK"
docker stack deploy -c "$stackfile" "$STACK" 2>&1 | grep -v '^Ignoring\|^Creating\|^$' || true
rm -f "$stackfile"
up=no
for _ in $(seq 1 180); do
  # Swarm ignores depends_on: wait until every service answers through the proxy.
  curl -s --max-time 2 "$BASE/" | grep -q '<h1>Hot Gates</h1>' \
    && curl -s --max-time 2 "$BASE/leonidas/api/info" | grep -q leonidas \
    && curl -s --max-time 2 "$BASE/lochagus/api/info" | grep -q lochagus \
    && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/counter/api/hits")" = 200 ] && { up=yes; break; }
  sleep 1
done
check "the stack answers through the proxy" [ "$up" = yes ]
[ "$up" = yes ] || docker stack ps "$STACK" --no-trunc | head -20

check "/ serves the static page" sh -c "curl -s '$BASE/' | grep -q '<h1>Hot Gates</h1>'"
check "/leonidas/orders carries lochagus's answer" sh -c "curl -s '$BASE/leonidas/orders' | grep -qF '\"lochagus\":{\"service\":\"lochagus\"'"
first=$(curl -s "$BASE/counter/" | sed -n 's/.* viewed \([0-9]*\) time(s)\./\1/p')
second=$(curl -s "$BASE/counter/" | sed -n 's/.* viewed \([0-9]*\) time(s)\./\1/p')
grows() { [ -n "$first" ] && [ "$second" = $((first + 1)) ]; }
check "the counter grows by one per request ($first, $second)" grows

echo "swarm-smoke: docker service scale ${STACK}_leonidas=3"
timeout 180 docker service scale "${STACK}_leonidas=3" >/dev/null 2>&1
distinct=0
for _ in $(seq 1 120); do
  distinct=$(for _ in 1 2 3 4 5 6; do instance; done | grep . | sort -u | wc -l)
  [ "$distinct" -ge 3 ] && break
  sleep 1
done
check "the proxy balances across 3 tasks (tasks seen: $distinct)" [ "$distinct" -ge 3 ]

echo "swarm-smoke: docker service scale ${STACK}_leonidas=1"
timeout 180 docker service scale "${STACK}_leonidas=1" >/dev/null 2>&1
check "after scaling back, leonidas still answers" sh -c "curl -s --max-time 5 '$BASE/leonidas/api/info' | grep -q leonidas"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
