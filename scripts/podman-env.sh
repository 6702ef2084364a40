#!/usr/bin/env bash
# Source this before any podman call (tests do the same through the files it writes). It keeps podman's
# storage under out/images and sets what this machine kind needs: runc (crun fails on hybrid cgroups), the
# host's ulimits as the containers' ceiling, and no network unless a caller names one (podman's default
# bridge network would change the host firewall and ip_forward).
_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_out="$_root/out/images"
mkdir -p "$_out/storage" "$_out/run" "$_out/tmp"
cat > "$_out/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
netns = "none"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
cat > "$_out/storage.conf" <<CONF
[storage]
driver = "overlay"
runroot = "$_out/run"
graphroot = "$_out/storage"
CONF
export CONTAINERS_CONF="$_out/containers.conf"
export CONTAINERS_STORAGE_CONF="$_out/storage.conf"
export TMPDIR="$_out/tmp"
