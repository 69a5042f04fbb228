#!/bin/sh
# Makes the development certificates on the first start (into the "certs" volume), then runs
# the proxy as PID 1, so `docker stop` (SIGTERM) and `docker compose kill -s HUP proxy`
# (reload) reach it directly.
set -e
certs=/etc/hotgates/certs
if [ ! -f "$certs/localhost.crt" ] || [ ! -f "$certs/admin.localhost.crt" ]; then
  /app/dev-cert.sh "$certs"
fi
exec java -XX:MaxRAMPercentage=75 -XX:+UseSerialGC -jar /app/proxy.jar "$@"
