# chartci: libchartci.a (the core) and the chartci tool on top of it.
#
#   make              build build/chartci
#   make test         unit tests (cmocka) + integration tests
#   make asan         the same tests built with AddressSanitizer + UBSan
#   make conformance  helm v4 as the oracle (installs helm into .cache/)
#   make check        test + asan + conformance + fuzz: what CI runs
#   make fuzz         fuzz targets (clang, libFuzzer), a short run on seeds
#   make deps         install missing Debian packages (no-op when present)
#   make man          build/chartci.1; make completions: build/completions/ (bash, zsh)
#   make install PREFIX=/usr/local  (binary, library, headers, man page, completions)

CC       ?= cc
BUILD    ?= build
PREFIX   ?= /usr/local
OPT      ?= -O2 -g
SANITIZE ?=
PKGS     := yaml-0.1 libcurl libgit2 jansson libpcre2-8 zlib libcrypto gpgme

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wno-format-nonliteral -Wvla
CFLAGS_ALL := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -DPCRE2_CODE_UNIT_WIDTH=8 -pthread $(OPT) $(WARN) $(SANITIZE) \
              -Isrc $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL := -pthread $(SANITIZE) $(LDFLAGS)

LIB_SRC  := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c src/*/*/*.c)))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
# docs/ sections `chartci help TOPIC` and the man page print (scripts/embed-docs.sh)
DOCS_SRC := $(BUILD)/gen/docs.c
DOCS_OBJ := $(BUILD)/gen/docs.o
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TESTUTIL := $(BUILD)/tests/testutil.o
FREEPORT := $(BUILD)/tests/freeport
FAULTPROXY := $(BUILD)/tests/faultproxy
YAML2JSON := $(BUILD)/tests/yaml2json

CONFIG_SCHEMA_OBJ := $(BUILD)/gen/config_schema.o
LIB      := $(BUILD)/libchartci.a
BIN      := $(BUILD)/chartci
VERSION  := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# .PHONY
.PHONY: all lib test unit integration asan conformance check fuzz fuzz-lib fuzz-long deps install clean man completions
all: $(BIN)

# V=1 shows the full commands
Q := $(if $(V),,@)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -DCHARTCI_VERSION='"$(VERSION)"' -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	@$(if $(V),,echo "  AR      $@")
	$(Q)ar rcs $@ $^

$(DOCS_SRC): scripts/embed-docs.sh docs/config.md docs/rules.md
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  GEN     $@")
	$(Q)sh scripts/embed-docs.sh config=docs/config.md rules=docs/rules.md > $@.tmp && mv $@.tmp $@

$(DOCS_OBJ): $(DOCS_SRC)
	$(Q)$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BIN): $(CLI_OBJ) $(DOCS_OBJ) $(CONFIG_SCHEMA_OBJ) $(LIB)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(DOCS_OBJ) $(CONFIG_SCHEMA_OBJ) $(LIB) $(PKG_LIBS)

# The man page and completion scripts are what the built chartci prints, so
# they follow its command table and each command's --help.
MAN   := $(BUILD)/chartci.1
COMPS := $(BUILD)/completions/chartci.bash $(BUILD)/completions/_chartci
man: $(MAN)
completions: $(COMPS)
$(MAN): $(BIN)
	$(Q)$(BIN) help --man > $@.tmp && mv $@.tmp $@
$(BUILD)/completions/chartci.bash: $(BIN)
	@mkdir -p $(dir $@)
	$(Q)$(BIN) completion bash > $@.tmp && mv $@.tmp $@
$(BUILD)/completions/_chartci: $(BIN)
	@mkdir -p $(dir $@)
	$(Q)$(BIN) completion zsh > $@.tmp && mv $@.tmp $@

# The schema of .chartci.yaml is compiled in from the file docs/config.md
# publishes, at build time, so the two cannot disagree.
$(BUILD)/gen/config_schema.c: docs/chartci.schema.json scripts/embed.sh
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  GEN     $@")
	$(Q)sh scripts/embed.sh cc_cli_config_schema $< cli/cli.h > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(TESTUTIL): tests/unit/testutil.c tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_ALL) -Itests/unit -c $< -o $@

$(BUILD)/tests/test_%: tests/unit/test_%.c $(TESTUTIL) $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(TESTUTIL) $(filter $(BUILD)/gen/%.o,$^) $(LIB) $(PKG_LIBS) $(CMOCKA_LIBS) $(LDFLAGS_ALL)

# test_config checks the compiled-in schema against its source.
$(BUILD)/tests/test_config: $(CONFIG_SCHEMA_OBJ)

$(FAULTPROXY): tests/lib/faultproxy.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $<

$(FREEPORT): tests/lib/freeport.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $<

$(YAML2JSON): tests/lib/yaml2json.c $(LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(LIB) $(PKG_LIBS) $(LDFLAGS_ALL)

test: unit integration

unit: $(UNIT_BIN) $(BIN)
	@CHARTCI_SHARED=$(abspath ../shared) tests/run-unit.sh $(UNIT_BIN)

integration: $(BIN) $(FREEPORT) $(FAULTPROXY) $(YAML2JSON)
	@CHARTCI=$(abspath $(BIN)) FREEPORT=$(abspath $(FREEPORT)) FAULTPROXY=$(abspath $(FAULTPROXY)) YAML2JSON=$(abspath $(YAML2JSON)) CHARTCI_SANITIZED=$(if $(SANITIZE),1,) \
	  CHARTCI_SHARED=$(abspath ../shared) tests/integration/run.sh

asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all" test

conformance: $(BIN) $(FREEPORT) $(FAULTPROXY) $(YAML2JSON)
	@CHARTCI=$(abspath $(BIN)) FREEPORT=$(abspath $(FREEPORT)) FAULTPROXY=$(abspath $(FAULTPROXY)) YAML2JSON=$(abspath $(YAML2JSON)) CHARTCI_SHARED=$(abspath ../shared) \
	  tests/conformance/run.sh

check:
	@tests/check.sh

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

# The library for fuzzing is built by a sub-make with BUILD=build-fuzz; the
# phony `lib` goal keeps that sub-make from re-entering this rule.
lib: $(LIB)

fuzz-lib:
	$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	  SANITIZE="-fsanitize=fuzzer-no-link,address,undefined" lib

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c fuzz-lib
	@$(if $(V),,echo "  FUZZ    $@")
	$(Q)clang $(FUZZ_FLAGS) -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -DPCRE2_CODE_UNIT_WIDTH=8 -Isrc \
	  $(PKG_CFLAGS) -o $@ $< build-fuzz/libchartci.a $(PKG_LIBS)

fuzz: $(FUZZ_BIN)
	@tests/fuzz/run.sh short $(FUZZ_BIN)

fuzz-long: $(FUZZ_BIN)
	@tests/fuzz/run.sh long $(FUZZ_BIN)

deps:
	@scripts/deps.sh

install: $(BIN) $(MAN) $(COMPS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/chartci
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/chartci
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 0644 $(MAN) $(DESTDIR)$(PREFIX)/share/man/man1/chartci.1
	install -m 0644 $(BUILD)/completions/chartci.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/chartci
	install -m 0644 $(BUILD)/completions/_chartci $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_chartci
	install -m 0644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libchartci.a
	# each library module's public face is src/<module>/<module>.h; the CLI is not a library
	for d in src/*/; do m=$$(basename $$d); [ "$$m" != cli ] && [ -f $$d$$m.h ] || continue; \
	  install -d $(DESTDIR)$(PREFIX)/include/chartci/$$m && \
	  install -m 0644 $$d$$m.h $(DESTDIR)$(PREFIX)/include/chartci/$$m/; done

# Timings of the semver module against helm's library (bench/README.md); not a test.
.PHONY: bench
bench: $(LIB)
	@mkdir -p $(BUILD)/bench
	$(Q)$(CC) $(CFLAGS_ALL) -o $(BUILD)/bench/semver_bench bench/semver_bench.c $(LIB) $(PKG_LIBS) $(LDFLAGS_ALL)
	@bench/run.sh $(BUILD)
	@$(MAKE) --no-print-directory bench-index

# list-changed against git diff --name-only on a synthetic monorepo; bench/README.md.
.PHONY: bench-changed
bench-changed: $(BIN)
	@bench/changed.sh $(BUILD) $(or $(BENCH_CHARTS_CHANGED),1000) $(or $(BENCH_COMMITS),10000) $(or $(BENCH_RUNS),5)

# Reading a synthetic 300 x 150 index.yaml (about 40 MB); bench/README.md.
.PHONY: bench-index
BENCH_CHARTS ?= 300
BENCH_VERSIONS ?= 150
bench-index: $(LIB)
	@mkdir -p $(BUILD)/bench
	$(Q)$(CC) $(CFLAGS_ALL) -o $(BUILD)/bench/gen-index bench/gen-index.c $(LDFLAGS_ALL)
	$(Q)$(CC) $(CFLAGS_ALL) -o $(BUILD)/bench/index_bench bench/index_bench.c $(LIB) $(PKG_LIBS) $(LDFLAGS_ALL)
	$(Q)$(BUILD)/bench/gen-index $(BENCH_CHARTS) $(BENCH_VERSIONS) > $(BUILD)/bench/index-$(BENCH_CHARTS)x$(BENCH_VERSIONS).yaml
	$(Q)$(BUILD)/bench/index_bench $(BUILD)/bench/index-$(BENCH_CHARTS)x$(BENCH_VERSIONS).yaml 3 | grep -v '^RESULT'

# chartci lock / deps build against helm dependency update / build on that index,
# served on loopback (docs/performance.md); installs helm like the conformance tests.
.PHONY: bench-lock
BENCH_RUNS ?= 3
bench-lock: $(BIN) $(FREEPORT) $(YAML2JSON)
	@mkdir -p $(BUILD)/bench
	$(Q)$(CC) $(CFLAGS_ALL) -o $(BUILD)/bench/gen-index bench/gen-index.c $(LDFLAGS_ALL)
	@bench/lock.sh $(BUILD) $(BENCH_CHARTS) $(BENCH_VERSIONS) $(BENCH_RUNS)

# chartci package of the whole chart corpus in one process against helm package
# per chart and tar | gzip -6 per chart (docs/performance.md); installs helm.
.PHONY: bench-package
bench-package: $(BIN)
	@bench/package.sh $(BUILD) $(or $(BENCH_RUNS),3)

# The JSON-Schema-Test-Suite over src/schema, every draft (see tests/schema_suite.c);
# remote refs come from the suite's remotes/ folder, never the network.
.PHONY: schema-suite
SCHEMA_SUITE := $(BUILD)/tests/schema_suite
$(SCHEMA_SUITE): tests/schema_suite.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(LIB) $(PKG_LIBS) $(LDFLAGS_ALL)
schema-suite: $(SCHEMA_SUITE)
	@$(SCHEMA_SUITE) $(abspath ../shared/corpora/json-schema-test-suite) tests/schema-suite-known.tsv
# The embedded meta-schemas, regenerated when their JSON files change.
src/schema/metaschemas.c: src/schema/metaschemas/gen.sh $(wildcard src/schema/metaschemas/*.json src/schema/metaschemas/*/*.json src/schema/metaschemas/*/*/*.json)
	@$(if $(V),,echo "  GEN     $@")
	$(Q)sh src/schema/metaschemas/gen.sh src/schema/metaschemas > $@.tmp && mv $@.tmp $@

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(CONFIG_SCHEMA_OBJ:.o=.d)
