# libtenuo: build, release library, generated header, checks.  `make help` lists the targets.
#
# Everything built lands in build/ (and SwiftPM's .build/); both stay out of git.

SHELL       := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := lib
MAKEFLAGS   += --no-print-directory

SWIFT   ?= swift
PYTHON  ?= python3
CC      ?= cc

PREFIX     ?= /usr/local
DESTDIR    ?=
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BINDIR     ?= $(PREFIX)/bin

# One version, read from Sources/TenuoCore/Version.swift.
VERSION_WORDS := $(shell $(PYTHON) scripts/gen_header.py --print-version)
MAJOR   := $(word 1,$(VERSION_WORDS))
MINOR   := $(word 2,$(VERSION_WORDS))
PATCH   := $(word 3,$(VERSION_WORDS))
VERSION := $(MAJOR).$(MINOR).$(PATCH)
SONAME  := libtenuo.so.$(MAJOR)
LIBREAL := libtenuo.so.$(VERSION)

BUILD   := build
LIBOUT  := $(BUILD)/lib
HEADER  := include/tenuo.h
PYTHON_ABI := bindings/python/tenuo/_abi.py

# Release build. The Swift runtime is linked statically (-static-stdlib; it must not go into
# Package.swift, where it breaks `swift test`), `-z defs` turns a forgotten library into a link
# error, and libsodium is linked statically through a pkg-config override (scripts/static_deps.sh)
# so that the .so runs on machines without libsodium. STATIC_DEPS=0 links it dynamically
# (a development build: `make check-lib` then fails). `-z nodelete` keeps the library mapped
# after dlclose(): threads that called it hold thread-local error messages whose destructor
# lives in the library, and run it at thread exit.
STATIC_DEPS   ?= 1
RELEASE_FLAGS := -c release --product tenuo -Xswiftc -static-stdlib -Xlinker -z -Xlinker defs \
                 -Xlinker -z -Xlinker nodelete
STATIC_PC_DIR := $(CURDIR)/$(BUILD)/static-deps/pkgconfig
ifeq ($(STATIC_DEPS),1)
RELEASE_ENV := PKG_CONFIG_PATH="$(STATIC_PC_DIR)$${PKG_CONFIG_PATH:+:$$PKG_CONFIG_PATH}"
else
RELEASE_ENV :=
endif

# Strict C flags shared by every C program in the repository.
CSTRICT := -std=c11 -Wall -Wextra -Werror -pedantic

.PHONY: help all build static-deps swift-test header check-header check-header-compile lib check-lib \
        test-smoke install uninstall check-install test-c test-python demo test clean cli test-cli

help:
	@echo "make lib                   release libtenuo.so -> $(LIBOUT)/ (SONAME $(SONAME))"
	@echo "make header                regenerate $(HEADER) and $(PYTHON_ABI) from the Swift sources"
	@echo "make check-header          fail (with a diff) if $(HEADER) is stale; generator self-test"
	@echo "make check-header-compile  compile the header with gcc/clang (C99, C11) and g++/clang++ (C++17)"
	@echo "make check-lib             dependencies, exports and no-Foundation checks of the release .so"
	@echo "make test-smoke            C smoke test against the release .so"
	@echo "make install [PREFIX=/usr/local] [DESTDIR=]   header, library, symlinks, tenuo.pc"
	@echo "make check-install         install into a temporary prefix and build an app with pkg-config"
	@echo "make test-c / test-python  C examples + parity runner / pytest (skipped while absent)"
	@echo "make demo                  build the library and run bindings/c examples in order"
	@echo "make cli                   the tenuo command-line tool -> $(BUILD)/bin/tenuo"
	@echo "make test-cli              drive build/bin/tenuo end to end (goldens, exit codes, interop)"
	@echo "make node / test-node      Node.js N-API addon (bindings/node) / node --test over it"
	@echo "make fuzz [FUZZ_SECONDS=30] libFuzzer targets (ASan+coverage build), bounded; fuzz-long for hours"
	@echo "make sanitize              C tests under ASan+UBSan+LSan, threads test under TSan"
	@echo "make leakcheck             valgrind over the C examples and tests (0 leaks, 0 errors)"
	@echo "make leak-python           10^6 calls through the Python binding, RSS must stay flat"
	@echo "make test                  every runner above plus swift test, with a summary"

all: lib

build:
	$(SWIFT) build

# The static libsodium and RE2 that `lib` and `swift-test` link (RELEASE_ENV points pkg-config at
# them); nothing with STATIC_DEPS=0.
static-deps:
	@if [ "$(STATIC_DEPS)" = 1 ]; then bash scripts/static_deps.sh $(BUILD)/static-deps libsodium re2; fi

# The Swift tests link libsodium (and RE2) as the release library does, statically when
# STATIC_DEPS=1, so that they run the Ed25519 key cache the release library uses (it needs the
# static libsodium's internals; Ed25519KeyCacheTests checks it is active when told to expect it).
swift-test: static-deps
	$(RELEASE_ENV) TENUO_EXPECT_ED25519_KEYCACHE=$(STATIC_DEPS) $(SWIFT) test

# ---- Header --------------------------------------------------------------------------------
# SwiftPM makes swiftc print its own C header for the Tenuo module on every build
# (<bin>/Tenuo.build/include/Tenuo-Swift.h); the generator cross-checks against it.

COMPILER_HEADER = $$($(SWIFT) build --show-bin-path)/Tenuo.build/include/Tenuo-Swift.h

header:
	$(SWIFT) build --product tenuo
	$(PYTHON) scripts/gen_header.py --compiler-header "$(COMPILER_HEADER)" -o $(HEADER) --python $(PYTHON_ABI)

check-header:
	$(PYTHON) scripts/test_gen_header.py
	$(SWIFT) build --product tenuo
	$(PYTHON) scripts/gen_header.py --compiler-header "$(COMPILER_HEADER)" --check $(HEADER) --check-python $(PYTHON_ABI)

check-header-compile:
	bash scripts/check_header_compile.sh $(HEADER)

# ---- Release library -----------------------------------------------------------------------

lib: static-deps
	$(RELEASE_ENV) $(SWIFT) build $(RELEASE_FLAGS)
	mkdir -p $(LIBOUT)
	strip --strip-unneeded -o $(LIBOUT)/$(LIBREAL).tmp "$$($(SWIFT) build -c release --show-bin-path)/libtenuo.so"
	mv -f $(LIBOUT)/$(LIBREAL).tmp $(LIBOUT)/$(LIBREAL)
	ln -sfn $(LIBREAL) $(LIBOUT)/$(SONAME)
	ln -sfn $(SONAME) $(LIBOUT)/libtenuo.so
	@ls -l $(LIBOUT)/$(LIBREAL) | awk '{ printf "%s: %.1f MB\n", $$NF, $$5 / 1048576 }'

check-lib: lib
	bash scripts/check_lib.sh $(LIBOUT)/$(LIBREAL) $(HEADER) $(SONAME)

# ---- C smoke test --------------------------------------------------------------------------

$(BUILD)/ctests/status_table.h: $(HEADER)
	mkdir -p $(@D)
	sed -nE 's/^#define (TENUO_E_[A-Z0-9_]+) +[0-9]+.*/    { \1, "\1" },/p' $< > $@.tmp
	mv -f $@.tmp $@

test-smoke: lib $(BUILD)/ctests/status_table.h
	$(CC) $(CSTRICT) -pthread -Iinclude -I$(BUILD)/ctests Tests/CTests/smoke.c -o $(BUILD)/ctests/smoke \
	    -L$(LIBOUT) -ltenuo -Wl,-rpath,'$$ORIGIN/../lib'
	$(BUILD)/ctests/smoke

# ---- Command-line tool ---------------------------------------------------------------------
# build/bin/tenuo: C11 on the public header only, linked to libtenuo.so with an rpath of
# $ORIGIN/../lib, so it runs from build/ and from an installed PREFIX (bin/ beside lib/) with no
# Swift toolchain or LD_LIBRARY_PATH. test-cli drives it end to end (Tests/CLI/test_cli.py).

CLI_SRC := bindings/c/cli/tenuo.c
CLI_BIN := $(BUILD)/bin/tenuo

cli: lib
	mkdir -p $(BUILD)/bin
	$(CC) $(CSTRICT) -O2 -Iinclude $(CLI_SRC) -o $(CLI_BIN) -L$(LIBOUT) -ltenuo -Wl,-rpath,'$$ORIGIN/../lib'

test-cli: cli
	$(PYTHON) Tests/CLI/test_cli.py --tenuo $(CLI_BIN)

# ---- Install -------------------------------------------------------------------------------

install: lib cli
	install -d "$(DESTDIR)$(INCLUDEDIR)" "$(DESTDIR)$(LIBDIR)" "$(DESTDIR)$(PKGCONFIGDIR)" "$(DESTDIR)$(BINDIR)"
	install -m 755 $(CLI_BIN) "$(DESTDIR)$(BINDIR)/tenuo"
	install -m 644 $(HEADER) "$(DESTDIR)$(INCLUDEDIR)/tenuo.h"
	install -m 755 $(LIBOUT)/$(LIBREAL) "$(DESTDIR)$(LIBDIR)/$(LIBREAL)"
	ln -sfn $(LIBREAL) "$(DESTDIR)$(LIBDIR)/$(SONAME)"
	ln -sfn $(SONAME) "$(DESTDIR)$(LIBDIR)/libtenuo.so"
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	    -e 's|@VERSION@|$(VERSION)|g' tenuo.pc.in > "$(DESTDIR)$(PKGCONFIGDIR)/tenuo.pc"
	chmod 644 "$(DESTDIR)$(PKGCONFIGDIR)/tenuo.pc"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/tenuo"
	rm -f "$(DESTDIR)$(INCLUDEDIR)/tenuo.h" "$(DESTDIR)$(PKGCONFIGDIR)/tenuo.pc" \
	    "$(DESTDIR)$(LIBDIR)/$(LIBREAL)" "$(DESTDIR)$(LIBDIR)/$(SONAME)" "$(DESTDIR)$(LIBDIR)/libtenuo.so"

check-install: lib
	bash scripts/check_install.sh $(VERSION) $(SONAME)

# ---- Hooks for the C parity runner and the Python tests ------------------------------------
# test-c builds every bindings/c program (-Werror) and runs the examples, then the C parity
# runner over the shared vectors (flattened by scripts/flatten_vectors.py, since C has no JSON
# parser) and the C mutation test; each prints a line "N passed, M failed". All three run even
# when one fails; the target fails if any did.
# test-python runs pytest over bindings/python/tests against the release library. It is a
# no-op (with a message) while its sources are absent.

VECTORS     := Tests/Vectors/vectors.json
PARITY_SRC  := Tests/CTests/parity.c
PARITY_TSV  := $(BUILD)/ctests/vectors.tsv
PARITY_ARGS ?= $(PARITY_TSV)
FUZZ_SRC    := Tests/CTests/fuzz.c
THREADS_SRC := Tests/CTests/threads.c
CONSTRAINTS_SRC := Tests/CTests/constraints.c
REVOCATION_SRC := Tests/CTests/revocation.c
REVOCATION_CASES := Tests/Vectors/revocation.json
APPROVALS_SRC := Tests/CTests/approvals.c
HARDENING_SRC := Tests/CTests/hardening.c
WORST_SRC   := Tests/CTests/worst_case.c
AUDIT_SRC   := Tests/CTests/audit.c
# worst_case fails when any input costs more than this many Ed25519 verifies (see README,
# "Cost model"): the audit's stalls cost 40,000-150,000; every input now costs under ~2,000.
WORST_CEILING ?= 5000
CACHE_SRC   := Tests/CTests/cache.c
FUZZ_ARGS   ?=
C_EXAMPLES   = $(sort $(wildcard bindings/c/examples/*.c))

test-c: lib
	$(MAKE) -C bindings/c
	mkdir -p $(BUILD)/ctests
	$(PYTHON) scripts/flatten_vectors.py $(VECTORS) $(PARITY_TSV)
	$(CC) $(CSTRICT) -O1 -pthread -Iinclude $(PARITY_SRC) -o $(BUILD)/ctests/parity \
	    -L$(LIBOUT) -ltenuo -Wl,-rpath,'$$ORIGIN/../lib'
	$(CC) $(CSTRICT) -O1 -pthread -Iinclude $(FUZZ_SRC) -o $(BUILD)/ctests/fuzz \
	    -L$(LIBOUT) -ltenuo -Wl,-rpath,'$$ORIGIN/../lib'
	$(CC) $(CSTRICT) -O1 -pthread -Iinclude $(THREADS_SRC) -o $(BUILD)/ctests/threads \
	    -L$(LIBOUT) -ltenuo -Wl,-rpath,'$$ORIGIN/../lib'
	$(CC) $(CSTRICT) -O1 -Iinclude $(CONSTRAINTS_SRC) -o $(BUILD)/ctests/constraints \
	    -L$(LIBOUT) -ltenuo -Wl,-rpath,'$$ORIGIN/../lib'
	$(CC) $(CSTRICT) -O1 -pthread -Iinclude $(REVOCATION_SRC) -o $(BUILD)/ctests/revocation \
	    -L$(LIBOUT) -ltenuo -Wl,-rpath,'$$ORIGIN/../lib'
	$(CC) $(CSTRICT) -O1 -Iinclude $(APPROVALS_SRC) -o $(BUILD)/ctests/approvals \
	    -L$(LIBOUT) -ltenuo -Wl,-rpath,'$$ORIGIN/../lib'
	$(PYTHON) scripts/flatten_vectors.py Tests/Vectors/approvals.json $(BUILD)/ctests/approvals.tsv
	$(CC) $(CSTRICT) -O1 -pthread -Iinclude $(HARDENING_SRC) -o $(BUILD)/ctests/hardening \
	    -L$(LIBOUT) -ltenuo -ldl -Wl,-rpath,'$$ORIGIN/../lib'
	$(CC) $(CSTRICT) -O1 -Iinclude $(WORST_SRC) -o $(BUILD)/ctests/worst_case \
	    -L$(LIBOUT) -ltenuo $$(pkg-config --cflags --libs libsodium) -Wl,-rpath,'$$ORIGIN/../lib'
	$(CC) $(CSTRICT) -O1 -pthread -Iinclude $(AUDIT_SRC) -o $(BUILD)/ctests/audit \
	    -L$(LIBOUT) -ltenuo -Wl,-rpath,'$$ORIGIN/../lib'
	$(CC) $(CSTRICT) -O1 -pthread -Iinclude $(CACHE_SRC) -o $(BUILD)/ctests/cache \
	    -L$(LIBOUT) -ltenuo -Wl,-rpath,'$$ORIGIN/../lib'
	@rc=0; ok=0; bad=0; \
	for src in $(C_EXAMPLES); do \
	    p=bindings/c/build/examples/$$(basename $$src .c); \
	    if "$$p" > $(BUILD)/ctests/$$(basename $$p).log 2>&1; then ok=$$((ok + 1)); \
	    else bad=$$((bad + 1)); rc=1; echo "FAIL $$p (output in $(BUILD)/ctests/$$(basename $$p).log):"; \
	        cat $(BUILD)/ctests/$$(basename $$p).log; fi; \
	done; \
	echo "examples: $$ok of $$((ok + bad)) ran as their scenario says"; \
	echo "$$ok passed, $$bad failed"; \
	echo "+ $(BUILD)/ctests/parity $(PARITY_ARGS)"; \
	$(BUILD)/ctests/parity $(PARITY_ARGS) || rc=1; \
	for f in Tests/Vectors/constraints-*.json; do \
	    [ -f "$$f" ] || continue; t=$(BUILD)/ctests/$$(basename $$f .json).tsv; \
	    $(PYTHON) scripts/flatten_vectors.py "$$f" "$$t" && \
	    echo "+ $(BUILD)/ctests/parity $$t" && $(BUILD)/ctests/parity "$$t" || rc=1; \
	done; \
	echo "+ $(BUILD)/ctests/fuzz $(FUZZ_ARGS)"; \
	$(BUILD)/ctests/fuzz $(FUZZ_ARGS) || rc=1; \
	echo "+ $(BUILD)/ctests/threads"; \
	$(BUILD)/ctests/threads || rc=1; \
	echo "+ $(BUILD)/ctests/constraints"; \
	$(BUILD)/ctests/constraints || rc=1; \
	$(PYTHON) scripts/flatten_revocation_cases.py $(REVOCATION_CASES) $(BUILD)/ctests/revocation.tsv && \
	echo "+ $(BUILD)/ctests/revocation $(BUILD)/ctests/revocation.tsv" && \
	$(BUILD)/ctests/revocation $(BUILD)/ctests/revocation.tsv || rc=1; \
	echo "+ $(BUILD)/ctests/approvals $(BUILD)/ctests/approvals.tsv"; \
	$(BUILD)/ctests/approvals $(BUILD)/ctests/approvals.tsv || rc=1; \
	echo "+ $(BUILD)/ctests/hardening $(LIBOUT)/$(LIBREAL)"; \
	$(BUILD)/ctests/hardening $(CURDIR)/$(LIBOUT)/$(LIBREAL) || rc=1; \
	echo "+ $(BUILD)/ctests/audit Tests/Vectors/audit-events.txt"; \
	$(BUILD)/ctests/audit Tests/Vectors/audit-events.txt || rc=1; \
	echo "+ $(BUILD)/ctests/worst_case --ceiling $(WORST_CEILING)"; \
	$(BUILD)/ctests/worst_case --ceiling $(WORST_CEILING) || rc=1; \
	echo "+ $(BUILD)/ctests/cache"; \
	$(BUILD)/ctests/cache || rc=1; \
	exit $$rc

test-python: lib
	@if [ -d bindings/python/tests ]; then \
	    set -x; \
	    TENUO_LIBRARY="$(CURDIR)/$(LIBOUT)/$(LIBREAL)" PYTHONPATH="$(CURDIR)/bindings/python" \
	        $(PYTHON) -m pytest -q bindings/python/tests; \
	else echo "test-python: no Python tests yet (bindings/python/tests absent): skipped"; fi

# ---- Node.js binding (bindings/node) ---------------------------------------------------------
# `make node` compiles the Node-API addon (C, ABI-stable) against the headers of the installed
# Node.js and links it to build/lib/libtenuo.so through an rpath; no node-gyp, no npm registry.
# `make test-node` also checks the generated error table and runs `node --test` over
# bindings/node/test. Without node or its headers it is skipped with a message, except in CI
# (CI=true or TENUO_REQUIRE_NODE=1, which .ci/run sets), where that is a failure.

NODE        ?= node
NODE_INCLUDE ?= $(shell $(NODE) -p "require('path').resolve(process.execPath, '../../include/node')" 2>/dev/null)
NODE_ADDON  := bindings/node/build/tenuo_node.node

.PHONY: node test-node check-node-errors
$(NODE_ADDON): bindings/node/src/addon.c $(HEADER) $(LIBOUT)/$(LIBREAL)
	mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -Werror -O2 -fPIC -shared -DNODE_GYP_MODULE_NAME=tenuo_node \
	    -I"$(NODE_INCLUDE)" -Iinclude $< -o $@.tmp -L$(LIBOUT) -ltenuo \
	    -Wl,-rpath,'$$ORIGIN/../../../$(LIBOUT)'
	mv -f $@.tmp $@

node: lib
	$(MAKE) $(NODE_ADDON)

check-node-errors:
	$(PYTHON) scripts/gen_node_errors.py --check

test-node:
	@if ! command -v $(NODE) >/dev/null 2>&1 || [ ! -f "$(NODE_INCLUDE)/node_api.h" ]; then \
	    msg="node or its headers (node_api.h under '$(NODE_INCLUDE)') not found"; \
	    if [ "$${CI:-}" = true ] || [ "$${TENUO_REQUIRE_NODE:-}" = 1 ]; then \
	        echo "test-node: $$msg (CI: failing)"; exit 1; fi; \
	    echo "test-node: $$msg: skipped"; exit 0; fi; \
	$(MAKE) node check-node-errors && \
	echo "+ $(NODE) --test bindings/node/test/" && \
	cd bindings/node && TENUO_REF_PYTHON="$(TENUO_REF_PYTHON)" PYTHON="$(PYTHON)" \
	    $(NODE) --test --test-reporter=tap test/ > ../../$(BUILD)/node-tests.tap 2>&1; rc=$$?; \
	cd ../.. && grep -E '^# (Subtest|tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)|^not ok|^#   [a-z]|counts:' $(BUILD)/node-tests.tap | grep -v '^# Subtest' ; \
	if [ $$rc -ne 0 ]; then grep -B2 -A30 '^not ok\|^    not ok\|^        not ok' $(BUILD)/node-tests.tap | head -150; fi; \
	p=$$(sed -nE 's/^# pass ([0-9]+)/\1/p' $(BUILD)/node-tests.tap | tail -1); \
	f=$$(sed -nE 's/^# fail ([0-9]+)/\1/p' $(BUILD)/node-tests.tap | tail -1); \
	echo "$${p:-0} passed, $${f:-1} failed"; exit $$rc

# ---- Demo ----------------------------------------------------------------------------------

demo: lib cli
	$(MAKE) -C bindings/c
	@if [ -z "$(C_EXAMPLES)" ]; then echo "demo: no examples yet (bindings/c/examples/*.c)"; fi
	@for src in $(C_EXAMPLES); do \
	    p=bindings/c/build/examples/$$(basename $$src .c); \
	    echo; echo "==================== $$(basename $$p) ===================="; echo; \
	    "$$p"; \
	done
	@echo; echo "==================== tenuo CLI (scripts/cli_demo.sh) ===================="; echo
	@bash scripts/cli_demo.sh $(CLI_BIN)

# ---- Benchmark -----------------------------------------------------------------------------
# Not a test. bindings/c/bench/tenuo_bench.c times the C path (ns/op, ops/s, and the ratio to
# libsodium's own Ed25519 verify, linked directly for the baseline); then, when a Python with
# the reference package (tenuo==0.3.3) is available, scripts/bench_reference.py times the same
# operations there and prints both side by side; last, scripts/bench_python.py times our Python
# package against the C figures and the reference (median of 5 rounds, with issue #9's targets);
# scripts/bench_cel_hostile.py prints CEL's worst case per construct on both sides.
# BENCH_ARGS=--quick for a short run.

BENCH_SRC        := bindings/c/bench/tenuo_bench.c
BENCH_ARGS       ?=
TENUO_REF_PYTHON ?= $(firstword $(wildcard /tmp/refvenv/bin/python /work/refvenv/bin/python))

.PHONY: bench
bench: lib
	mkdir -p $(BUILD)/bench
	$(CC) $(CSTRICT) -O2 -Iinclude $(BENCH_SRC) -o $(BUILD)/bench/tenuo_bench \
	    -L$(LIBOUT) -ltenuo $$(pkg-config --cflags --libs libsodium) -Wl,-rpath,'$$ORIGIN/../lib'
	$(BUILD)/bench/tenuo_bench --tsv $(BUILD)/bench/c.tsv $(BENCH_ARGS)
	@echo
	@if [ -n "$(TENUO_REF_PYTHON)" ] && "$(TENUO_REF_PYTHON)" -c 'import tenuo' 2>/dev/null; then \
	    echo "+ $(TENUO_REF_PYTHON) scripts/bench_reference.py --compare $(BUILD)/bench/c.tsv $(BENCH_ARGS)"; \
	    "$(TENUO_REF_PYTHON)" scripts/bench_reference.py --compare $(BUILD)/bench/c.tsv $(BENCH_ARGS); \
	else \
	    echo "bench: no reference Python with tenuo==0.3.3 (set TENUO_REF_PYTHON=/path/to/python): reference timings skipped"; \
	fi
	@echo
	@echo "+ $(PYTHON) scripts/bench_python.py --c-tsv $(BUILD)/bench/c.tsv $(BENCH_ARGS)"
	@TENUO_REF_PYTHON="$(TENUO_REF_PYTHON)" $(PYTHON) scripts/bench_python.py --c-tsv $(BUILD)/bench/c.tsv \
	    --library $(LIBOUT)/$(LIBREAL) $(BENCH_ARGS)
	@echo
	@echo "+ $(PYTHON) scripts/bench_cel_hostile.py --library $(LIBOUT)/$(LIBREAL) $(BENCH_ARGS)"
	@TENUO_REF_PYTHON="$(TENUO_REF_PYTHON)" $(PYTHON) scripts/bench_cel_hostile.py \
	    --library $(LIBOUT)/$(LIBREAL) $(BENCH_ARGS)

# ---- Fuzzing, sanitizers, leak checks --------------------------------------------------------
# scripts/fuzz.sh builds libtenuo with ASan + SanitizerCoverage (.build/fuzz) and the libFuzzer
# targets of Tests/Fuzz/ (clang of the Swift toolchain), seeds them from Tests/Vectors, replays
# Tests/Fuzz/regressions/ and runs every target for FUZZ_SECONDS. scripts/sanitize.sh runs the C
# tests under ASan+UBSan+LSan (against that library) and the threads test under TSan;
# scripts/leakcheck.sh runs valgrind over the C examples and tests; scripts/leak_rss.py makes
# LEAK_CALLS calls through the Python binding and checks that RSS stays flat.

FUZZ_SECONDS ?= 30
LEAK_CALLS   ?= 1000000

.PHONY: fuzz-build fuzz fuzz-long fuzz-regress sanitize sanitize-asan sanitize-tsan leakcheck leak-python

fuzz-build:
	bash scripts/fuzz.sh build

fuzz: fuzz-build
	bash scripts/fuzz.sh regress
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh run
	bash scripts/fuzz.sh coverage

# Hours: FUZZ_SECONDS per target (default 3600), FUZZ_JOBS workers per target, on copies of the
# binaries (so rebuilding meanwhile is safe); the corpus in build/fuzz/corpus grows across runs.
fuzz-long: fuzz-build
	FUZZ_SNAPSHOT=1 FUZZ_SECONDS=$(if $(filter command line environment,$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),3600) \
	    bash scripts/fuzz.sh run
	bash scripts/fuzz.sh coverage

fuzz-regress: fuzz-build
	bash scripts/fuzz.sh regress

sanitize: sanitize-asan sanitize-tsan

sanitize-asan:
	bash scripts/sanitize.sh asan

sanitize-tsan:
	bash scripts/sanitize.sh tsan

leakcheck: lib
	bash scripts/leakcheck.sh

leak-python: lib
	TENUO_LIBRARY="$(CURDIR)/$(LIBOUT)/$(LIBREAL)" $(PYTHON) scripts/leak_rss.py --calls $(LEAK_CALLS)

# ---- Everything ----------------------------------------------------------------------------

test:
	bash scripts/run_tests.sh

clean:
	rm -rf $(BUILD) bindings/c/build
