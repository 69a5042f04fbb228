#!/bin/sh
# Makes the development certificates on the first start (into the "certs" volume), then runs
# the proxy as PID 1, so `docker stop` (SIGTERM) and `docker compose kill -s HUP proxy`
# (reload) reach it directly.
set -e
certs=/etc/hotgates/certs
if [ ! -f "$certs/localhost.crt" ] || [ ! -f "$certs/admin.localhost.crt" ]; then
  /app/dev-cert.sh "$certs"
fi
# SerialGC with a small young generation: the proxy's live data is small (connections, pools),
# so collections are short and memory stays close to what the connections need. The native heap
# is trimmed every 2 s, so the JIT compiler's scratch memory goes back to the system after
# warm-up (bench/RESULTS.md). A Java 17 older than 17.0.9 ignores that option. Netty loads its
# native transport from /app/native instead of copying it out of its jar on every start.
exec java -XX:SharedArchiveFile=/app/proxy.jsa -XX:+UseSerialGC -Xmn16m -XX:MaxRAMPercentage=75 \
  -XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=2000 -Djava.library.path=/app/native \
  ${JAVA_OPTS:-} -jar /app/proxy.jar "$@"
