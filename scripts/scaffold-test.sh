#!/usr/bin/env bash
# Proves scripts/new-service.sh on a throw-away clone of this repository: refusals change
# nothing; then scaffold "hoplite" on port 9090, build, `compose up -d --build`, curl it through
# the proxy, and take the stack down. Prints "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export COMPOSE_PROJECT_NAME=hotgates-scaffold
export HTTP_PORT=${HTTP_PORT:-80} HTTPS_PORT=${HTTPS_PORT:-443}
base="http://localhost:$HTTP_PORT"
tmp=$(mktemp -d /tmp/hotgates-scaffold.XXXXXX)
passed=0; failed=0
check() { local name=$1; shift; if "$@"; then echo "ok   - $name"; passed=$((passed + 1)); else echo "FAIL - $name"; failed=$((failed + 1)); fi; }
cleanup() { (cd "$tmp/repo" 2>/dev/null && scripts/compose.sh down -v --remove-orphans >/dev/null 2>&1); rm -rf "$tmp"; }
trap cleanup EXIT

git clone -q "$root" "$tmp/repo"
cd "$tmp/repo"
unchanged() { [ -z "$(git status --porcelain)" ]; }
refused() { ! scripts/new-service.sh "$@" >/dev/null 2>&1 && unchanged; }
check "an invalid name is refused and nothing changes (Bad_Name)" refused Bad_Name
check "a used name is refused and nothing changes (lochagus)" refused lochagus
check "a reserved name is refused and nothing changes (proxy)" refused proxy
check "an invalid port is refused and nothing changes (--port 80)" refused hoplite --port 80

scripts/new-service.sh hoplite --port 9090
check "hoplite/ has a module, a test and a Dockerfile" test -f hoplite/pom.xml -a -f hoplite/Dockerfile -a -f hoplite/src/test/java/dev/hotgates/hoplite/HopliteAppTest.java
check "hoplite is a module of the root pom" grep -q "<module>hoplite</module>" pom.xml
check "hoplite is routed in proxy.conf" grep -q "location /hoplite/ " proxy/conf/proxy.conf
scripts/dev-cert.sh "$tmp/certs" >/dev/null && cp proxy/conf/mime.types "$tmp/"
sed "s#/etc/hotgates/certs/#$tmp/certs/#" proxy/conf/proxy.conf > "$tmp/check.conf"
check "the proxy accepts the new proxy.conf (proxy -t)" sh -c "java -jar '$root/proxy/target/proxy.jar' -t -c '$tmp/check.conf' 2>&1 | grep -q 'test is successful'"
check "compose accepts the new file" sh -c "scripts/compose.sh config -q 2>/dev/null"
echo "scaffold: ./mvnw -q package (the new module's tests run)"
if ./mvnw -q -B package -DskipTests >/tmp/hotgates-scaffold-build.log 2>&1 && ./mvnw -q -B -pl hoplite package >>/tmp/hotgates-scaffold-build.log 2>&1; then
  check "the new module builds and its tests pass" true
else
  tail -30 /tmp/hotgates-scaffold-build.log; check "the new module builds and its tests pass" false
fi
echo "scaffold: docker compose up -d --build (project $COMPOSE_PROJECT_NAME)"
scripts/compose.sh up -d --build >/tmp/hotgates-scaffold-up.log 2>&1 || tail -20 /tmp/hotgates-scaffold-up.log
ok=no
for _ in $(seq 1 150); do
  curl -s --max-time 2 "$base/hoplite/" | grep -q '<h1>hoplite</h1>' && { ok=yes; break; }
  sleep 1
done
check "curl localhost/hoplite/ reaches the new service through the proxy" [ "$ok" = yes ]
check "curl localhost/hoplite/api/info names it" sh -c "curl -s '$base/hoplite/api/info' | grep -q '\"service\":\"hoplite\"'"
check "the older routes still work" sh -c "curl -s '$base/lochagus/api/info' | grep -q '\"service\":\"lochagus\"'"
hoplite_id=$(scripts/compose.sh ps -q hoplite 2>/dev/null)
check "hoplite runs and publishes no port" sh -c "[ -n '$hoplite_id' ] && [ -z \"\$(docker port '$hoplite_id' 2>/dev/null)\" ]"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
