#!/usr/bin/env bash
# Adds a Javalin service to the stack in one command:
#
#   scripts/new-service.sh NAME [--port P]
#
# creates the module NAME/ from scripts/service-template/ (/, /api/info, /health, a test, a
# Dockerfile), adds it to the root pom.xml's modules, to .dockerignore, to docker-compose.yml (the shared network,
# a healthcheck, no published port) and to proxy/conf/proxy.conf (an upstream and
# `location /NAME/ { proxy_pass http://NAME/; }`). Then:
#
#   ./mvnw -q package && docker compose up -d --build && curl localhost/NAME/
#
# Refuses invalid or already used names and ports; changes nothing unless every step succeeds.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "new-service: $*" >&2; exit 1; }
[ $# -ge 1 ] || die "usage: scripts/new-service.sh NAME [--port P]"
name=$1; shift
port=8080
while [ $# -gt 0 ]; do
  case $1 in
    --port) [ $# -ge 2 ] || die "--port needs a number"; port=$2; shift 2 ;;
    *) die "unknown option \"$1\"" ;;
  esac
done

[[ "$name" =~ ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ ]] && [ ${#name} -le 30 ] \
  || die "invalid name \"$name\": lower-case letters and digits, words joined by single dashes, at most 30 characters, starting with a letter"
case $name in
  proxy|redis|static-site|certbot|scripts|docs|bench|target|src|site|certs|acme|letsencrypt|spartans|hotgates*)
    die "\"$name\" is reserved in this repository" ;;
esac
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1024 ] && [ "$port" -le 65535 ] \
  || die "invalid port \"$port\": a number from 1024 to 65535"
[ ! -e "$name" ] || die "\"$name\" already exists in the repository"
grep -q "<module>$name</module>" pom.xml && die "\"$name\" is already a module in pom.xml"
grep -qE "^  $name:" docker-compose.yml && die "\"$name\" is already a service in docker-compose.yml"
grep -qE "upstream $name \{|location /$name/ " proxy/conf/proxy.conf && die "\"$name\" is already routed in proxy/conf/proxy.conf"
for marker in "scripts/new-service.sh adds services above this line." ; do
  grep -qF "$marker" docker-compose.yml || die "docker-compose.yml lost its marker line \"# $marker\""
done
grep -qF "scripts/new-service.sh adds upstreams above this line." proxy/conf/proxy.conf \
  && grep -qF "scripts/new-service.sh adds locations above this line." proxy/conf/proxy.conf \
  || die "proxy/conf/proxy.conf lost a marker line (\"# scripts/new-service.sh adds ... above this line.\")"

pkg=${name//-/}
class=$(echo "$name" | awk -F- '{ for (i = 1; i <= NF; i++) printf "%s%s", toupper(substr($i, 1, 1)), substr($i, 2) }')

# Everything is written beside the originals first; nothing is touched until all of it is ready.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fill() { sed -e "s/@NAME@/$name/g" -e "s/@PKG@/$pkg/g" -e "s/@CLASS@/$class/g" -e "s/@PORT@/$port/g" "$1"; }

t=scripts/service-template
m="$work/$name"
mkdir -p "$m/src/main/java/dev/hotgates/$pkg" "$m/src/test/java/dev/hotgates/$pkg"
fill "$t/pom.xml" > "$m/pom.xml"
fill "$t/Dockerfile" > "$m/Dockerfile"
fill "$t/src/main/java/PKG/App.java" > "$m/src/main/java/dev/hotgates/$pkg/${class}App.java"
fill "$t/src/main/java/PKG/Main.java" > "$m/src/main/java/dev/hotgates/$pkg/Main.java"
fill "$t/src/main/java/PKG/ServiceInfo.java" > "$m/src/main/java/dev/hotgates/$pkg/ServiceInfo.java"
fill "$t/src/test/java/PKG/AppTest.java" > "$m/src/test/java/dev/hotgates/$pkg/${class}AppTest.java"

last_module=$(grep -n "<module>" pom.xml | tail -1 | cut -d: -f1)
awk -v n="$last_module" -v mod="    <module>$name</module>" '{ print } NR == n { print mod }' pom.xml > "$work/pom.xml"

awk -v block="  $name:
    <<: *java-service
    build:
      context: .
      dockerfile: $name/Dockerfile
      args:
        JRE_IMAGE: \${JRE_IMAGE:-eclipse-temurin:17-jre}
    image: hotgates/$name:latest
    deploy: *backend-deploy
    environment:
      PORT: \"$port\"
    healthcheck:
      test: [\"CMD\", \"curl\", \"-fsS\", \"http://localhost:$port/health\"]
      interval: 5s
      timeout: 3s
      retries: 10
      start_period: 30s
" '/# scripts\/new-service.sh adds services above this line\./ { printf "%s\n", block } { print }' docker-compose.yml > "$work/docker-compose.yml"

awk -v up="    upstream $name {
        zone $name 64k;
        server $name:$port resolve;
        keepalive 16;
    }" -v loc="        location /$name/ {
            proxy_pass http://$name/;
        }
" '/# scripts\/new-service.sh adds upstreams above this line\./ { print up } /# scripts\/new-service.sh adds locations above this line\./ { print loc } { print }' \
  proxy/conf/proxy.conf > "$work/proxy.conf"

cp .dockerignore "$work/dockerignore"
printf '!%s/target/%s.jar\n!%s/target/lib/\n' "$name" "$name" "$name" >> "$work/dockerignore"

grep -q "<module>$name</module>" "$work/pom.xml" && grep -qE "^  $name:" "$work/docker-compose.yml" \
  && grep -q "location /$name/ " "$work/proxy.conf" || die "could not place $name in the files; nothing was changed"

# Commit: move everything in; if a move fails, put the originals back.
backup=$(mktemp -d)
cp pom.xml docker-compose.yml .dockerignore "$backup/" && cp proxy/conf/proxy.conf "$backup/"
rollback() {
  cp "$backup/pom.xml" "$backup/docker-compose.yml" "$backup/.dockerignore" . 2>/dev/null || true
  cp "$backup/proxy.conf" proxy/conf/proxy.conf 2>/dev/null || true
  rm -rf "./$name"
  echo "new-service: failed; every file is back as it was" >&2
}
trap 'rollback; rm -rf "$work" "$backup"' ERR
cp -r "$m" "./$name"
cp "$work/pom.xml" pom.xml
cp "$work/docker-compose.yml" docker-compose.yml
cp "$work/dockerignore" .dockerignore
cp "$work/proxy.conf" proxy/conf/proxy.conf
trap - ERR
rm -rf "$backup"

echo "new-service: created $name/ (dev.hotgates.$pkg.${class}App, port $port)"
echo "new-service: added <module>$name</module> to pom.xml, its jars to .dockerignore, service \"$name\" to docker-compose.yml,"
echo "             upstream $name and location /$name/ to proxy/conf/proxy.conf"
echo "new-service: next: ./mvnw -q package && docker compose up -d --build && curl localhost/$name/"
