#!/usr/bin/env bash
# Checks that the shipped proxy/conf/proxy.conf is also valid for real nginx (`nginx -t`), so a
# learner can swap nginx in. nginx resolves upstream host names while checking, and the compose
# service names only exist inside the compose network: the check runs in a private mount
# namespace where a copy of /etc/hosts names them. Needs root (unshare) and nginx.
# The upstream "resolve" parameter exists in nginx since 1.27.3; when the installed nginx is older
# (Debian 12 has 1.22), the check runs on a copy without it and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
conf="$PWD/proxy/conf/proxy.conf"
command -v nginx >/dev/null || { echo "nginx-check: nginx is not installed (apt-get install nginx)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp /etc/hosts "$tmp/hosts"
echo "127.0.0.1 leonidas lochagus counter-app" >> "$tmp/hosts"
version=$(nginx -v 2>&1 | sed -n 's#.*nginx/\([0-9.]*\).*#\1#p')
if [ "$(printf '%s\n1.27.3\n' "$version" | sort -V | head -1)" != 1.27.3 ]; then
  echo "nginx-check: nginx $version predates the upstream 'resolve' parameter (1.27.3): checking without it"
  cp proxy/conf/mime.types "$tmp/"
  sed 's/ resolve;/;/' "$conf" > "$tmp/proxy.conf"
  conf="$tmp/proxy.conf"
fi
unshare --mount sh -c "mount --bind '$tmp/hosts' /etc/hosts && nginx -t -p '$tmp' -c '$conf' -g 'pid $tmp/nginx.pid; error_log stderr;'"
