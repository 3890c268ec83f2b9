# feedgen: plain GNU make. `make run` and `make test` are all a newcomer needs.

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share/feedgen
DESTDIR   ?=
BUILD     ?= build
CC        ?= cc
CFLAGS    ?= -O2 -g
PYTHON    ?= /usr/bin/python3

# Debian packages this project needs: to build, to test, and to check feeds.
DEBS = make gcc clang libclang-rt-14-dev pkg-config libyaml-dev libxml2-dev \
       libxml2-utils libcurl4-openssl-dev libcmark-dev libjansson-dev libcmocka-dev \
       python3-feedparser valgrind strace systemd chromium xsltproc \
       man-db groff-base mandoc
# tests/integration/t-server-config.sh loads `feedgen server-config`'s snippets into real servers.
DEBS += nginx apache2-bin
# tests/integration/t-import-jekyll.sh and t-import-hugo.sh build sites with the real generators
# and compare their feeds with feedgen's after `feedgen import`.
DEBS += jekyll ruby-jekyll-feed hugo
PKGS = yaml-0.1 libxml-2.0 libcurl libcmark jansson

# Required flags live apart from the user's CFLAGS, so `make CFLAGS=-O0` keeps them.
WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wcast-qual
WERROR ?= -Werror
FG_CPPFLAGS = -D_DEFAULT_SOURCE -DFEEDGEN_VERSION='"$(VERSION)"' \
              -DFEEDGEN_DATADIR='"$(DATADIR)"'
VERSION = 0.1.0

# Lazily expanded: pkg-config runs only in recipes, after `deps` has installed it.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -pthread
ALL_CFLAGS = $(FG_CPPFLAGS) $(WARN) $(WERROR) $(PKG_CFLAGS) -pthread $(CFLAGS)

SRCS  = $(sort $(wildcard feedgen/*.c))
OBJS  = $(SRCS:feedgen/%.c=$(BUILD)/obj/%.o)
LOBJS = $(filter-out $(BUILD)/obj/main.o,$(OBJS))
UNITS = $(sort $(wildcard tests/unit/test_*.c))
UBINS = $(UNITS:tests/unit/%.c=$(BUILD)/unit/%)

.PHONY: all deps run test unit unit-bins golden integration clang fuzz fuzz-smoke fuzz-seeds \
        fuzz-entry fuzz-config fuzz-state fuzz-cache fuzz-import bench asan valgrind install uninstall clean

all: $(BUILD)/feedgen

# Installs what is missing when root; otherwise prints the exact command.
deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "deps: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "deps: missing Debian packages; run:"; echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

$(BUILD)/obj/%.o: feedgen/%.c $(wildcard feedgen/*.h) | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# share/feed.xsl, built into the program (stylesheet.c) as a list of bytes.
$(BUILD)/gen/feed_xsl.inc: share/feed.xsl
	@mkdir -p $(@D)
	od -An -v -tx1 $< | sed 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g' >$@

$(BUILD)/obj/stylesheet.o: $(BUILD)/gen/feed_xsl.inc
$(BUILD)/obj/stylesheet.o: ALL_CFLAGS += -I$(BUILD)/gen

# config.o holds DATADIR (the schemas' fallback): rebuilt when it changes, so that
# `make install PREFIX=/usr` after `make` installs a program that looks in /usr.
$(BUILD)/gen/datadir: FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
$(BUILD)/obj/config.o: $(BUILD)/gen/datadir
FORCE:

$(BUILD)/libfeedgen.a: $(LOBJS)
	rm -f $@; ar rcs $@ $^

$(BUILD)/feedgen: $(BUILD)/obj/main.o $(BUILD)/libfeedgen.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/unit/%: tests/unit/%.c tests/unit/unit.c tests/unit/unit.h $(BUILD)/libfeedgen.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ifeedgen -o $@ $< tests/unit/unit.c $(BUILD)/libfeedgen.a $(PKG_LIBS) -lcmocka

run: all
	./$(BUILD)/feedgen build -c feedgen.yaml -v
	@echo "run: feeds are in public/ (feed.xml, atom.xml, feed.json), and the page public/index.html"

# Every test: unit, golden, integration, the clang -Werror build, a short run of
# each fuzz target, and the unit and golden suites again under ASan and UBSan.
# The builds use every processor (JOBS; the fuzz library's sub-make shares the
# jobs); the suites run one after another, since the timing-sensitive ones
# (locks, watch, crash recovery) must not compete.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
test: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all unit-bins $(FUZZ_BINS)
	@$(MAKE) --no-print-directory unit golden integration clang fuzz-smoke asan
	@echo "test: all passed"

# The unit test programs, built and not run (so that builds can run in parallel).
unit-bins: $(UBINS)

unit: $(UBINS)
	@fail=0; for t in $(UBINS); do $$t || fail=1; done; exit $$fail

golden: all
	@FEEDGEN=$(BUILD)/feedgen PYTHON=$(PYTHON) tests/golden/run

integration: all
	@FEEDGEN=$(BUILD)/feedgen PYTHON=$(PYTHON) tests/integration/run

# The same sources with clang's warnings as errors, in their own folder.
clang: | deps
	@$(MAKE) --no-print-directory -s -j$(JOBS) BUILD=build-clang CC=clang all
	@echo "clang: build-clang/feedgen built with -Werror"

# libFuzzer targets (tests/fuzz/fuzz_*.c), each with its invariant, over seeds
# gathered from the golden cases at run time (tests/fuzz/seeds.sh).
FUZZ         = $(BUILD)-fuzz
FUZZ_TARGETS = entry config state cache import
FUZZ_BINS    = $(FUZZ_TARGETS:%=$(FUZZ)/fuzz_%)
FUZZ_FLAGS   = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
# -timeout: no input may take seconds (super-linear patterns); -max_len: entries are small.
FUZZ_OPTS    = -timeout=10 -max_len=8192 -print_final_stats=1

$(FUZZ)/libfeedgen.a: $(SRCS) $(wildcard feedgen/*.h) share/feed.xsl | deps
	@$(MAKE) --no-print-directory -s BUILD=$(FUZZ) CC=clang CFLAGS="$(FUZZ_FLAGS)" $@

$(FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.c tests/fuzz/fuzz.h $(FUZZ)/libfeedgen.a
	clang $(FG_CPPFLAGS) $(WARN) $(WERROR) $(PKG_CFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined \
	  -fno-sanitize-recover=undefined -Ifeedgen -o $@ $< tests/fuzz/fuzz.c $(FUZZ)/libfeedgen.a $(PKG_LIBS)

# One dictionary per target: YAML's tokens, then the target's own.
$(FUZZ)/entry.dict $(FUZZ)/config.dict: $(FUZZ)/%.dict: tests/fuzz/yaml.dict tests/fuzz/%.dict
	@mkdir -p $(@D)
	cat $^ >$@
$(FUZZ)/state.dict $(FUZZ)/cache.dict $(FUZZ)/import.dict: $(FUZZ)/%.dict: tests/fuzz/%.dict
	@mkdir -p $(@D)
	cp $< $@

fuzz-seeds: all
	@FEEDGEN=$(BUILD)/feedgen tests/fuzz/seeds.sh $(FUZZ)/seeds

# make fuzz: every target for FUZZ_SECONDS each, or one: make fuzz-entry.
# New inputs collect in $(FUZZ)/corpus/TARGET; crashes are saved in $(FUZZ)/.
FUZZ_SECONDS ?= 600
fuzz: $(FUZZ_TARGETS:%=fuzz-%)
$(FUZZ_TARGETS:%=fuzz-%): fuzz-%: $(FUZZ)/fuzz_% $(FUZZ)/%.dict fuzz-seeds
	@mkdir -p $(FUZZ)/corpus/$*
	$(FUZZ)/fuzz_$* $(FUZZ_OPTS) -dict=$(FUZZ)/$*.dict -max_total_time=$(FUZZ_SECONDS) \
	  -artifact_prefix=$(FUZZ)/$*- $(FUZZ)/corpus/$* $(FUZZ)/seeds/$*

# make test: each target briefly from the seeds, after every saved regression input.
FUZZ_SMOKE_SECONDS ?= 6
fuzz-smoke: $(FUZZ_BINS) $(FUZZ_TARGETS:%=$(FUZZ)/%.dict) fuzz-seeds
	@for t in $(FUZZ_TARGETS); do \
	  log=$(FUZZ)/smoke-$$t.log; rm -rf $(FUZZ)/smoke/$$t; mkdir -p $(FUZZ)/smoke/$$t; \
	  set -- tests/fuzz/regressions/$$t-*; \
	  if [ -e "$$1" ]; then $(FUZZ)/fuzz_$$t "$$@" >$$log 2>&1 \
	    || { tail -40 $$log; echo "fuzz-smoke: $$t fails on a saved regression input"; exit 1; }; fi; \
	  $(FUZZ)/fuzz_$$t $(FUZZ_OPTS) -dict=$(FUZZ)/$$t.dict -max_total_time=$(FUZZ_SMOKE_SECONDS) \
	    -artifact_prefix=$(FUZZ)/$$t- $(FUZZ)/smoke/$$t $(FUZZ)/seeds/$$t >$$log 2>&1 \
	    || { tail -40 $$log; echo "fuzz-smoke: $$t failed; the input is in $(FUZZ)/"; exit 1; }; \
	  sed -n "s/^stat::number_of_executed_units: */fuzz-smoke: $$t: /p" $$log | sed 's/$$/ runs/'; \
	done

# AddressSanitizer and UBSan (leaks included) over the unit and golden suites.
ASAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
asan: | deps
	@$(MAKE) --no-print-directory -s -j$(JOBS) BUILD=build-asan CC=clang CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" all unit-bins
	@$(MAKE) --no-print-directory -s BUILD=build-asan CC=clang CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" unit
	FEEDGEN=build-asan/feedgen PYTHON=$(PYTHON) tests/golden/run

# valgrind's memcheck over the golden suite: any error or leak changes the exit status.
valgrind: all
	FEEDGEN=tests/valgrind/feedgen VALGRIND_FEEDGEN=$(CURDIR)/$(BUILD)/feedgen PYTHON=$(PYTHON) tests/golden/run

# make bench: speed and memory at 1k, 10k and 100k entries, as ratios to floor programs.
$(BUILD)/bench/floor: tests/bench/floor.c | deps
	@mkdir -p $(@D)
	$(CC) $(FG_CPPFLAGS) $(WARN) $(WERROR) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(PKG_LIBS)

bench: all $(BUILD)/bench/floor
	@FEEDGEN=$(BUILD)/feedgen FLOOR=$(BUILD)/bench/floor PYTHON=$(PYTHON) tests/bench/run

# The systemd units name /usr/local/bin/feedgen; the installed copies name $(BINDIR)/feedgen.
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
UNITS_SYSTEMD   = feedgen-build.service feedgen-build.timer feedgen-watch.service

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(DATADIR)/schemas $(DESTDIR)$(SYSTEMDUNITDIR)
	install -m 755 $(BUILD)/feedgen $(DESTDIR)$(BINDIR)/feedgen
	install -m 644 feedgen.1 $(DESTDIR)$(MANDIR)/man1/feedgen.1
	install -m 644 feedgen.5 $(DESTDIR)$(MANDIR)/man5/feedgen.5
	install -m 644 schemas/entry.rng schemas/config.rng $(DESTDIR)$(DATADIR)/schemas/
	install -m 644 share/feed.xsl $(DESTDIR)$(DATADIR)/feed.xsl
	for u in $(UNITS_SYSTEMD); do \
	  sed 's|/usr/local/bin/feedgen|$(BINDIR)/feedgen|g' contrib/systemd/$$u >$(DESTDIR)$(SYSTEMDUNITDIR)/$$u.tmp && \
	  chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$u.tmp && \
	  mv $(DESTDIR)$(SYSTEMDUNITDIR)/$$u.tmp $(DESTDIR)$(SYSTEMDUNITDIR)/$$u || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/feedgen $(DESTDIR)$(MANDIR)/man1/feedgen.1 $(DESTDIR)$(MANDIR)/man5/feedgen.5
	rm -f $(UNITS_SYSTEMD:%=$(DESTDIR)$(SYSTEMDUNITDIR)/%)
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD) build-clang build-asan $(BUILD)-fuzz
