# Wren's build entry points. `make run` and `make test` work on a fresh
# Debian machine as root: they install what they need first (idempotently).

export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
export GOFLAGS := -buildvcs=false

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Fuzz targets run briefly on every `make test`: package:Target.
FUZZ_TARGETS := ./transport/pop3:FuzzParseResponse ./transport/pop3:FuzzDotReader ./transport/rfc822:FuzzParse ./account/store:FuzzParseQuery ./account/render:FuzzHTML ./account/imapsync:FuzzQuickFields ./account/mailfile:FuzzMboxReader
FUZZTIME ?= 10s

.PHONY: run build test check unit fuzz deps gui-deps test-servers stop-test-servers bench soak screenshots clean

run: gui-deps
	go run . --demo

build: gui-deps
	go build -o wren .

gui-deps:
	@.ci/install-deps gui

deps:
	@.ci/install-deps all

# The whole suite: static checks, unit and real-server tests with -race,
# then short fuzz runs. The real servers are started here and stopped on exit.
test: deps
	@.ci/test-servers start
	@status=0; $(MAKE) --no-print-directory check unit fuzz || status=$$?; \
		.ci/test-servers stop; exit $$status

# A module of its own inside the tree (initialized before the toolkit,
# see its doc): ./... does not reach it.
EARLY := ui/internal/toolkitenv

check:
	@echo "== gofmt"; out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@echo "== go vet"; go vet ./... && (cd $(EARLY) && go vet ./...)
	@echo "== staticcheck"; go run $(STATICCHECK) ./... && (cd $(EARLY) && go run $(STATICCHECK) ./...)

unit:
	@echo "== go test -race"; .ci/with-display .ci/with-keyring go test -race -count=1 -timeout 20m ./... && \
		(cd $(EARLY) && go test -race -count=1 ./...)

# A run that ends in "context deadline exceeded" without a failing input
# (the fuzzer's workers starved on a loaded machine) is run once more; a
# real finding fails at once.
fuzz:
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "== fuzz $$fn ($(FUZZTIME))"; \
		out=$$(go test -run='^$$' -fuzz="^$$fn$$" -fuzztime=$(FUZZTIME) $$pkg 2>&1); status=$$?; echo "$$out" | tail -n 5; \
		if [ $$status -ne 0 ] && echo "$$out" | grep -q "context deadline exceeded" && ! echo "$$out" | grep -q "Failing input written"; then \
			echo "== fuzz $$fn again (the fuzzer timed out without a finding)"; \
			go test -run='^$$' -fuzz="^$$fn$$" -fuzztime=$(FUZZTIME) $$pkg || exit 1; \
		elif [ $$status -ne 0 ]; then echo "$$out"; exit 1; fi; done

test-servers: deps
	@.ci/test-servers start

stop-test-servers:
	@.ci/test-servers stop

# Issue 4's benchmarks against the real servers: prints a Markdown table
# (also left in account/bench/testdata/results-N.md), then the real
# program's large sends (#17, results-send.md; its account's password goes
# to a throwaway keyring). WREN_BENCH_N sets the
# corpus size (default 10000). Servers that were already running stay up.
bench: deps
	@running=0; .ci/test-servers status >/dev/null 2>&1 && running=1; \
		.ci/test-servers start >/dev/null || exit 1; status=0; \
		.ci/with-display .ci/with-keyring go test -run='^$$' -bench='Issue4|Issue17|Issue19|Issue20' -benchtime=1x -timeout=90m ./account/bench/ || status=$$?; \
		[ $$running = 1 ] || .ci/test-servers stop; exit $$status

# The send path's fault loop at length (issue #17): WREN_SOAK_N sends
# (default 200) of the real program killed at random points, against the
# real servers; `make test` runs a short one.
soak: deps
	@running=0; .ci/test-servers status >/dev/null 2>&1 && running=1; \
		.ci/test-servers start >/dev/null || exit 1; status=0; \
		WREN_SOAK_N=$${WREN_SOAK_N:-200} .ci/with-keyring go test -race -count=1 -v -timeout=90m -run '^TestFaultLoop$$' ./account/cli/ || status=$$?; \
		[ $$running = 1 ] || .ci/test-servers stop; exit $$status

# The README's screenshots: the real program under Xvfb (wizard, demo main
# window, reader, composer, an explanation), written to assets/screenshots.
screenshots: gui-deps
	@WREN_SCREENSHOTS=$(CURDIR)/assets/screenshots .ci/with-display .ci/with-keyring go test -count=1 -run 'RealWindow$$' ./ui

clean:
	rm -f wren
