# VPS Portal — see README. State lives in var/ (override with VPS_VAR), PORT defaults to 8080.

.PHONY: run start stop test test-ops bench bench-reference build clean

## run: install what is missing, build, start everything on http://127.0.0.1:$(PORT); Ctrl-C stops it
run:
	@scripts/run.sh

## start: the same in the background (twice is harmless)
start:
	@scripts/start.sh

## stop: stop nginx, vpsctl serve and PostgreSQL
stop:
	@scripts/stop.sh

## test: the whole suite against a throwaway stack in var/test
test:
	@scripts/test.sh

## test-ops: the topology test in network namespaces (root; nginx, two app hosts, primary and standby; ~1 min); needs the release build
test-ops:
	python3 -m pytest -q -s -p no:cacheprovider Tests/ops

## bench: the benchmark on its own seeded stack in var/bench (BENCH_SCALE=large for 1M servers); never part of test
bench:
	@scripts/bench.sh

## bench-reference: build the C reference responder the benchmark compares the portal with (bench/reference)
bench-reference:
	$(MAKE) -C bench/reference

## build: release build of vpsctl
build:
	swift build -c release --product vpsctl

## clean: stop what runs and remove var/ and .build/
clean:
	@scripts/stop.sh
	@if [ -d var/test ]; then VPS_VAR=var/test VPS_PG_PORT=54330 scripts/stop.sh; fi
	rm -rf var .build
	$(MAKE) -C bench/reference clean
