#!/usr/bin/env bash
# Builds stand-in base images from Debian packages, for machines that cannot pull from a
# container registry (air-gapped sites, CI without registry access).
#
#   eval "$(scripts/base-images.sh)"   # builds what is missing, prints the exports
#
# Produces hotgates/jre:17 (OpenJDK 17 JRE + curl for healthchecks) and hotgates/redis:7
# (Debian's redis-server), and prints `export JRE_IMAGE=... REDIS_IMAGE=...`.
# Idempotent: an image that already exists is not rebuilt. Progress goes to stderr.
set -euo pipefail

MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${DEBIAN_SUITE:-bookworm}
JRE_TAG=${JRE_STANDIN:-hotgates/jre:17}
REDIS_TAG=${REDIS_STANDIN:-hotgates/redis:7}

log() { echo "base-images: $*" >&2; }

need() {
  command -v "$1" >/dev/null 2>&1 || { log "missing '$1' (apt-get install -y $2)"; exit 1; }
}
need docker docker.io
need debootstrap debootstrap

# build TAG PACKAGES POST-SETUP-COMMAND
build() {
  local tag=$1 packages=$2 setup=$3
  if docker image inspect "$tag" >/dev/null 2>&1; then
    log "$tag already present"
    return
  fi
  local dir
  dir=$(mktemp -d /tmp/hotgates-rootfs.XXXXXX)
  trap 'rm -rf "$dir"' RETURN
  log "debootstrap $SUITE with $packages -> $tag (a few minutes)"
  debootstrap --variant=minbase --include="$packages" "$SUITE" "$dir" "$MIRROR" >"$dir.log" 2>&1 \
    || { tail -20 "$dir.log" >&2; rm -f "$dir.log"; exit 1; }
  rm -f "$dir.log"
  chroot "$dir" /bin/sh -c "$setup"
  # Slim the image: package caches, docs and man pages are not needed at run time.
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* \
         "$dir"/usr/share/doc "$dir"/usr/share/man "$dir"/usr/share/locale
  tar -C "$dir" -c . | docker import \
    -c 'ENV LANG=C.UTF-8' \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - "$tag" >/dev/null
  log "built $tag"
}

build "$JRE_TAG" "openjdk-17-jre-headless,curl,ca-certificates" \
  "true"
# redis-server from Debian; the official image's entrypoint is `redis-server`, keep the same.
build "$REDIS_TAG" "redis-server,redis-tools" \
  "mkdir -p /data && chmod 777 /data"

echo "export JRE_IMAGE=$JRE_TAG REDIS_IMAGE=$REDIS_TAG"
