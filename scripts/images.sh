#!/usr/bin/env bash
# Builds the project's container images from the published binaries, without a Docker engine: base root file
# systems from Debian packages (mmdebstrap), images built and saved by podman (runc), everything under out/images.
#
#   scripts/images.sh VERSION REPOSITORY      e.g. scripts/images.sh 0.1.0 ghcr.io/nodelocal-operator
#
# Safety: podman's default bridge network rewrites the host firewall and turns on ip_forward, so podman is
# configured here (CONTAINERS_CONF) with no network by default and every build runs with --network none.
# Reproducible: the base file systems and the images take their timestamps from the last commit
# (SOURCE_DATE_EPOCH, --timestamp), so the same commit and the same Debian package versions give the same
# image digests.
set -euo pipefail
version=${1:?version}
repository=${2:?repository}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/out/images"
mkdir -p "$out/storage" "$out/run" "$out/tmp" "$out/bases"

# shellcheck source=scripts/podman-env.sh
source "$root/scripts/podman-env.sh"

epoch=$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH=$epoch

# A base image holding only the given Debian packages and their dependencies, unpacked without maintainer
# scripts (the "extract" variant: no shell, no package manager; 32 MB for the daemon's networking tools).
base() {
  local name=$1 packages=$2
  local key
  key=$(echo "$packages" | sha256sum | cut -c1-12)
  local tar="$out/bases/$name-$key.tar" image="localhost/nodelocal-base-$name:$key"
  if [ ! -f "$tar" ]; then
    mmdebstrap --quiet --format=tar --variant=extract --include="$packages" \
      --customize-hook='mkdir -p "$1/run" "$1/tmp" && chmod 1777 "$1/tmp"' \
      bookworm "$tar.partial" >&2
    mv "$tar.partial" "$tar"
  fi
  if ! podman image exists "$image"; then
    local context="$out/bases/$name-context"
    rm -rf "$context" && mkdir -p "$context"
    ln -f "$tar" "$context/rootfs.tar"
    printf 'FROM scratch\nADD rootfs.tar /\n' > "$context/Containerfile"
    podman build --quiet --network none --pull=never --timestamp "$epoch" -t "$image" "$context" >/dev/null
    rm -rf "$context"
  fi
  echo "$image"
}

image() {
  local name=$1 dockerfile=$2 packages=$3
  local from tag="$repository/$name:$version"
  from=$(base "$name" "$packages")
  podman build --quiet --network none --pull=never --timestamp "$epoch" --build-arg "BASE=$from" \
    -f "$root/$dockerfile" -t "$tag" "$root" >/dev/null
  rm -f "$out/$name-$version.oci.tar"
  podman save --quiet --format oci-archive -o "$out/$name-$version.oci.tar" "$tag"
  printf '%-45s %s  %s\n' "$tag" "$(podman image inspect --format '{{.Digest}}' "$tag")" \
    "$(du -h "$out/$name-$version.oci.tar" | cut -f1)"
}

# The daemon: its NativeAOT binary, which needs only glibc, and the node's networking tools it runs.
image dnscache dnscache/Dockerfile "libc6,iproute2,iptables,nftables"
# The operator: the published application and the native libraries .NET uses (TLS to the API server).
image operator operator/Dockerfile "libc6,libgcc-s1,libstdc++6,libssl3,zlib1g,ca-certificates"
