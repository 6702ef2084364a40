# NodeLocal Operator: build, test, run, benchmark.
# Every target works on a fresh machine of this kind: `make test` installs what the tests need.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

DOTNET   ?= dotnet
CONFIG   ?= Release
SOLUTION := NodeLocalOperator.sln
OUT      := out
RESULTS  := $(OUT)/test-results

OPERATOR_PROJECT := operator/NodeLocalDns.Operator/NodeLocalDns.Operator.csproj
DNSCACHE_PROJECT := dnscache/NodeLocalDns.DnsCache/NodeLocalDns.DnsCache.csproj
OPERATOR_BIN     := $(OUT)/operator/nodelocal-operator
DNSCACHE_BIN     := $(OUT)/dnscache/dnscache
HELM             := $(OUT)/tools/helm
IMAGE_REPO       ?= ghcr.io/nodelocal-operator
# One version for both binaries, the images' tags and the chart's appVersion: Directory.Build.props's.
VERSION          := $(shell sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)

# Debian packages the tests, benchmarks and runs use, keyed by a program each one provides.
DEB_PROGRAMS := dnsmasq:dnsmasq unbound:unbound knotd:knot dig:dnsutils dnsperf:dnsperf dnsdist:dnsdist \
                iptables:iptables ip:iproute2 nft:nftables ping:iputils-ping curl:curl unzip:unzip \
                podman:podman mmdebstrap:mmdebstrap skopeo:skopeo \
                runc:runc clang:clang ld.lld:lld aarch64-linux-gnu-gcc:crossbuild-essential-arm64 qemu-aarch64:qemu-user

export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: help deps build publish publish-arm64 test test-unit check run bench fmt fmt-check line-width crds images clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

deps: ## install the Debian packages tests and runs need, and helm into out/tools (idempotent, quiet when present)
	@missing=""; \
	for pair in $(DEB_PROGRAMS); do \
	  program=$${pair%%:*}; package=$${pair##*:}; \
	  command -v $$program >/dev/null 2>&1 || [ -x /usr/sbin/$$program ] || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq >/dev/null; \
	  apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@scripts/fetch-helm.sh $(HELM) >/dev/null

build: ## compile everything
	$(DOTNET) build $(SOLUTION) -c $(CONFIG) -nologo -clp:ErrorsOnly

publish: ## release executables, both NativeAOT: out/operator/nodelocal-operator and out/dnscache/dnscache
	@rm -rf $(OUT)/operator $(OUT)/dnscache  # nothing left over from an older layout reaches the images
	$(DOTNET) publish $(OPERATOR_PROJECT) -c Release -r linux-x64 -p:OperatorNativeAot=true -o $(OUT)/operator -nologo -clp:ErrorsOnly
	$(DOTNET) publish $(DNSCACHE_PROJECT) -c Release -o $(OUT)/dnscache -nologo -clp:ErrorsOnly

# Tests that need more than the .NET SDK carry one of these NUnit categories (tests/NodeLocalDns.Testing/TestCategories.cs).
EXTERNAL_CATEGORIES := Peers Kubectl Processes NetworkNamespaces Helm Images
UNIT_FILTER := $(subst $(eval) ,&,$(foreach c,$(EXTERNAL_CATEGORIES),TestCategory!=$(c)))

test: deps build publish images ## install deps, build, publish, build the images, run every test (results in out/test-results)
	@rm -rf $(RESULTS)
	$(DOTNET) test $(SOLUTION) -c $(CONFIG) --no-build --results-directory $(RESULTS) \
	  --logger "trx" --logger "console;verbosity=minimal"

test-unit: build ## the tests that need nothing but the .NET SDK (no apt-get, no peers, no processes), in seconds
	$(DOTNET) test $(SOLUTION) -c $(CONFIG) --no-build --filter '$(UNIT_FILTER)' --logger "console;verbosity=minimal"

check: fmt-check test ## what CI runs: formatting, build, every test

run: deps build publish ## the main job: the operator at work, against the kubeconfig's cluster or, without one, an embedded local cluster with the daemon answering on loopback (Ctrl+C stops it)
	$(DOTNET) tests/NodeLocalDns.LocalCluster/bin/$(CONFIG)/net10.0/NodeLocalDns.LocalCluster.dll

bench: deps publish ## benchmarks: rendering, operator latency and memory, daemon vs unbound/dnsmasq/dnsdist with dnsperf
	$(DOTNET) run -c Release --project tests/NodeLocalDns.Benchmarks -- --filter '*' --job short
	$(DOTNET) run -c Release --project tests/NodeLocalDns.Benchmarks -- --operator $(OPERATOR_BIN)
	$(DOTNET) run -c Release --project tests/NodeLocalDns.DnsBench
	$(DOTNET) run -c Release --project tests/NodeLocalDns.DnsBench -- --servers dnscache,dnsdist --workloads misses --rounds 8

fmt: ## format the code
	$(DOTNET) format $(SOLUTION)

fmt-check: line-width ## fail when the code is not formatted (dotnet format, and no C# line over 160 characters)
	$(DOTNET) format $(SOLUTION) --verify-no-changes

line-width: ## fail when a tracked C# line is longer than 160 characters, listing each one
	scripts/check-line-width.sh

crds: ## regenerate crds/ from the C# API types, and the chart's copy
	$(DOTNET) run --project $(OPERATOR_PROJECT) -c $(CONFIG) -- crds --output crds
	cp crds/dns.nodelocal.io_nodelocaldnses.yaml charts/nodelocal-operator/crds/

# linux-arm64 from this amd64 machine: both binaries' NativeAOT code is compiled for aarch64 and linked by clang
# and lld against Debian's arm64 cross libraries.
ARM64_LINK := -p:CppCompilerAndLinker=clang -p:LinkerFlavor=lld -p:ObjCopyName=aarch64-linux-gnu-objcopy -p:SysRoot=/ \
  -p:TargetTriple=aarch64-linux-gnu
publish-arm64: ## the same executables for linux-arm64, in out/arm64
	@rm -rf $(OUT)/arm64/operator $(OUT)/arm64/dnscache
	$(DOTNET) publish $(OPERATOR_PROJECT) -c Release -r linux-arm64 -p:OperatorNativeAot=true -o $(OUT)/arm64/operator -nologo -clp:ErrorsOnly \
	  $(ARM64_LINK)
	$(DOTNET) publish $(DNSCACHE_PROJECT) -c Release -o $(OUT)/arm64/dnscache -nologo -clp:ErrorsOnly \
	  -p:RuntimeIdentifier=linux-arm64 $(ARM64_LINK)

images: deps publish publish-arm64 ## the daemon's and the operator's images (amd64 and arm64), built with podman, saved as OCI archives in out/images
	scripts/images.sh $(VERSION) $(IMAGE_REPO)

clean: ## remove build outputs
	rm -rf $(OUT)
	find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
