#!/usr/bin/env bash
# Builds the project's container images from the published binaries, without a Docker engine: base root file
# systems from Debian packages (mmdebstrap), images built and saved by podman (runc), everything under out/images.
# amd64 from out/{dnscache,operator}, arm64 from out/arm64/{dnscache,operator} (make publish-arm64): the builds
# only unpack packages and copy files, so no arm64 emulation is needed to build them.
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
  local name=$1 packages=$2 arch=$3
  local key
  key=$(echo "$arch $packages" | sha256sum | cut -c1-12)
  local tar="$out/bases/$name-$arch-$key.tar" image="localhost/nodelocal-base-$name:$arch-$key"
  if [ ! -f "$tar" ]; then
    mmdebstrap --quiet --format=tar --variant=extract --architectures="$arch" --include="$packages" \
      --customize-hook='mkdir -p "$1/run" "$1/tmp" && chmod 1777 "$1/tmp"' \
      bookworm "$tar.partial" >&2
    mv "$tar.partial" "$tar"
  fi
  if ! podman image exists "$image"; then
    local context="$out/bases/$name-context"
    rm -rf "$context" && mkdir -p "$context"
    ln -f "$tar" "$context/rootfs.tar"
    printf 'FROM scratch\nADD rootfs.tar /\n' > "$context/Containerfile"
    podman build --quiet --network none --pull=never --platform "linux/$arch" --timestamp "$epoch" -t "$image" "$context" >/dev/null
    rm -rf "$context"
  fi
  echo "$image"
}

image() {
  local name=$1 dockerfile=$2 packages=$3 arch=$4 published=$5
  local from tag="$repository/$name:$version" archive="$out/$name-$version.oci.tar"
  if [ "$arch" != amd64 ]; then
    tag="$tag-$arch"
    archive="$out/$name-$version-$arch.oci.tar"
  fi
  from=$(base "$name" "$packages" "$arch")
  podman build --quiet --network none --pull=never --platform "linux/$arch" --timestamp "$epoch" \
    --build-arg "BASE=$from" --build-arg "PUBLISHED=$published" -f "$root/$dockerfile" -t "$tag" "$root" >/dev/null
  rm -f "$archive"
  podman save --quiet --format oci-archive -o "$archive" "$tag"
  printf '%-51s %s  %s\n' "$tag" "$(podman image inspect --format '{{.Digest}}' "$tag")" "$(du -h "$archive" | cut -f1)"
}

for arch in amd64 arm64; do
  published=out
  [ "$arch" = amd64 ] || published="out/$arch"
  # The daemon: its NativeAOT binary, which needs only glibc, and the node's networking tools it runs.
  image dnscache dnscache/Dockerfile "libc6,iproute2,iptables,nftables" "$arch" "$published/dnscache"
  # The operator: the published application and the native libraries .NET uses (TLS to the API server).
  image operator operator/Dockerfile "libc6,libgcc-s1,libstdc++6,libssl3,zlib1g,ca-certificates" "$arch" "$published/operator"
done
