# Yorisoi — the two commands of the README: `make run` and `make test`.
# Each installs what is missing (scripts/install-deps.sh, idempotent), builds, then runs.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
DATA ?= ./yorisoi-data
# ccache: hash paths relative to the checkout, so a fresh clone (as CI makes) hits the cache.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all deps build build-debug run test test-failover format format-check fuzz bench clean

all: build

deps:
	@scripts/install-deps.sh build run test

# Release build of the server (build/yorisoi) with the tablet app (web/dist) embedded.
build: deps
	@scripts/build-web.sh
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@ln -sf release/yorisoi build/yorisoi

build-debug: deps
	@scripts/build-web.sh
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS)

run: build
	build/yorisoi demo --data $(DATA)

# Every suite, under ASan+UBSan; ends with ctest's summary line.
test: build-debug format-check
	@ctest --test-dir build/debug --output-on-failure -j $(JOBS) --timeout 600

# Streaming-replication failover (docs/operations.md): a primary with a synchronous standby
# (pg_basebackup), two instances under a write load, kill -9 of the primary, promotion of the
# standby; fails if an acknowledged write is lost or an instance does not recover. About a
# minute; not part of `make test`.
test-failover: build-debug
	@scripts/test-failover.sh build/debug/yorisoi

format:
	@scripts/format.sh fix

format-check:
	@scripts/format.sh check

fuzz:
	@scripts/install-deps.sh build fuzz
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS) --target fuzz_request
	@mkdir -p build/fuzz/corpus && cp -n fuzz/corpus/* build/fuzz/corpus/ 2>/dev/null || true
	build/fuzz/fuzz/fuzz_request -max_total_time=$${FUZZ_SECONDS:-60} build/fuzz/corpus

bench:
	@scripts/install-deps.sh build bench
	@cmake --preset release -DYORISOI_BENCH=ON >/dev/null
	@cmake --build --preset release -j $(JOBS)
	build/release/bench/handler_bench --benchmark_min_time=1
	bench/run.sh
	bench/case_file.sh
	bench/mixed.sh
	bench/web_size.sh

clean:
	rm -rf build
