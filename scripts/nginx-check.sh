#!/usr/bin/env bash
# Checks the shipped proxy/conf/proxy.conf with the proxy's own `-t` and with real nginx's
# `nginx -t`, so a learner can swap nginx in. Both load the TLS certificates, which exist only
# inside the proxy's container: the check makes development ones (scripts/dev-cert.sh) in a
# temporary directory and runs on a copy that points there. nginx resolves upstream host names
# while checking, and the compose service names only exist inside the compose network: nginx
# runs in a private mount namespace where a copy of /etc/hosts names them. Needs root
# (unshare), nginx, openssl and proxy/target/proxy.jar.
# The upstream "resolve" parameter exists in nginx since 1.27.3; when the installed nginx is older
# (Debian 12 has 1.22), nginx checks a copy without it and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nginx >/dev/null || { echo "nginx-check: nginx is not installed (apt-get install nginx)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scripts/dev-cert.sh "$tmp/certs" >/dev/null
cp proxy/conf/mime.types "$tmp/"
sed "s#/etc/hotgates/certs/#$tmp/certs/#" proxy/conf/proxy.conf > "$tmp/proxy.conf"
echo "nginx-check: proxy -t (certificates from a temporary development CA)"
java -jar proxy/target/proxy.jar -t -c "$tmp/proxy.conf"
cp /etc/hosts "$tmp/hosts"
echo "127.0.0.1 leonidas lochagus counter-app" >> "$tmp/hosts"
version=$(nginx -v 2>&1 | sed -n 's#.*nginx/\([0-9.]*\).*#\1#p')
conf="$tmp/proxy.conf"
# hotgates_dashboard, hotgates_status and hotgates_metrics are ours; nginx checks the file without them.
sed -i '/hotgates_\(dashboard\|status\|metrics\);/d' "$conf"
echo "nginx-check: nginx -t on a copy without our own status directives (hotgates_*)"
if [ "$(printf '%s\n1.27.3\n' "$version" | sort -V | head -1)" != 1.27.3 ]; then
  echo "nginx-check: nginx $version predates the upstream 'resolve' parameter (1.27.3): checking without it"
  sed -i 's/ resolve;/;/' "$conf"
fi
echo "nginx-check: nginx -t"
unshare --mount sh -c "mount --bind '$tmp/hosts' /etc/hosts && nginx -t -p '$tmp' -c '$conf' -g 'pid $tmp/nginx.pid; error_log stderr;'"
