#!/bin/sh
# Makes the development certificates the stack's HTTPS uses, with openssl, into DIR:
#   ca.crt / ca.key                        a local certificate authority (trust it with curl --cacert DIR/ca.crt)
#   localhost.crt / localhost.key          for localhost and 127.0.0.1
#   admin.localhost.crt / admin.localhost.key   for admin.localhost (a second name, chosen by SNI)
# Existing files are kept; --renew issues new leaf certificates from the same CA (what a
# certificate renewal does), after which `docker compose kill -s HUP proxy` loads them.
# Keys are unencrypted PKCS#8 ("BEGIN PRIVATE KEY"). Never commit them.
#   scripts/dev-cert.sh [--renew] DIR
set -eu
renew=no
if [ "${1:-}" = --renew ]; then renew=yes; shift; fi
dir=${1:?usage: dev-cert.sh [--renew] DIR}
command -v openssl >/dev/null 2>&1 || { echo "dev-cert: openssl is needed (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
umask 077
if [ ! -f ca.crt ] || [ ! -f ca.key ]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key 2>/dev/null
  openssl req -x509 -new -key ca.key -out ca.crt -days 825 -subj "/CN=Hot Gates development CA" \
    -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  echo "dev-cert: made a development CA in $dir/ca.crt"
fi
leaf() { # name, subjectAltName
  if [ "$renew" = no ] && [ -f "$1.crt" ] && [ -f "$1.key" ]; then return; fi
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null
  openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$2" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" -days 397 -extfile "$1.ext" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
  echo "dev-cert: issued $dir/$1.crt (serial $(openssl x509 -in "$1.crt" -noout -serial | cut -d= -f2))"
}
leaf localhost "DNS:localhost,IP:127.0.0.1"
leaf admin.localhost "DNS:admin.localhost"
chmod 644 ca.crt localhost.crt admin.localhost.crt
