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
       libxml2-utils libcurl4-openssl-dev libcmark-dev libcmocka-dev \
       python3-feedparser valgrind
PKGS = yaml-0.1 libxml-2.0 libcurl libcmark

# Required flags live apart from the user's CFLAGS, so `make CFLAGS=-O0` keeps them.
WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wcast-qual
WERROR ?= -Werror
FG_CPPFLAGS = -D_DEFAULT_SOURCE -DFEEDGEN_VERSION='"$(VERSION)"' \
              -DFEEDGEN_DATADIR='"$(DATADIR)"'
VERSION = 0.1.0

# Lazily expanded: pkg-config runs only in recipes, after `deps` has installed it.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
ALL_CFLAGS = $(FG_CPPFLAGS) $(WARN) $(WERROR) $(PKG_CFLAGS) $(CFLAGS)

SRCS  = $(sort $(wildcard feedgen/*.c))
OBJS  = $(SRCS:feedgen/%.c=$(BUILD)/obj/%.o)
LOBJS = $(filter-out $(BUILD)/obj/main.o,$(OBJS))
UNITS = $(sort $(wildcard tests/unit/test_*.c))
UBINS = $(UNITS:tests/unit/%.c=$(BUILD)/unit/%)

.PHONY: all deps run test unit golden integration clang fuzz fuzz-smoke bench \
        asan valgrind install uninstall clean

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

$(BUILD)/libfeedgen.a: $(LOBJS)
	rm -f $@; ar rcs $@ $^

$(BUILD)/feedgen: $(BUILD)/obj/main.o $(BUILD)/libfeedgen.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/unit/%: tests/unit/%.c tests/unit/unit.c tests/unit/unit.h $(BUILD)/libfeedgen.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ifeedgen -o $@ $< tests/unit/unit.c $(BUILD)/libfeedgen.a $(PKG_LIBS) -lcmocka

run: all
	./$(BUILD)/feedgen build -c feedgen.yaml -v
	@echo "run: feeds are in public/ (feed.xml, atom.xml)"

# Every test: unit, golden, integration, the clang -Werror build, a short fuzz run.
test: all unit golden integration clang fuzz-smoke
	@echo "test: all passed"

unit: $(UBINS)
	@fail=0; for t in $(UBINS); do $$t || fail=1; done; exit $$fail

golden: all
	@FEEDGEN=$(BUILD)/feedgen PYTHON=$(PYTHON) tests/golden/run

integration: all
	@FEEDGEN=$(BUILD)/feedgen PYTHON=$(PYTHON) tests/integration/run

# The same sources with clang's warnings as errors, in their own folder.
clang: | deps
	@$(MAKE) --no-print-directory -s BUILD=build-clang CC=clang all
	@echo "clang: build-clang/feedgen built with -Werror"

FUZZ_FLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
$(BUILD)-fuzz/fuzz_entry: tests/fuzz/fuzz_entry.c $(SRCS) $(wildcard feedgen/*.h) | deps
	@$(MAKE) --no-print-directory -s BUILD=$(BUILD)-fuzz CC=clang CFLAGS="$(FUZZ_FLAGS)" $(BUILD)-fuzz/libfeedgen.a
	clang $(FG_CPPFLAGS) $(WARN) $(WERROR) $(PKG_CFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined \
	  -Ifeedgen -o $@ $< $(BUILD)-fuzz/libfeedgen.a $(PKG_LIBS)

# make fuzz: as long as you like (FUZZ_SECONDS); make test runs fuzz-smoke.
FUZZ_SECONDS ?= 600
fuzz: $(BUILD)-fuzz/fuzz_entry
	mkdir -p $(BUILD)-fuzz/corpus
	$(BUILD)-fuzz/fuzz_entry -close_fd_mask=2 -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(BUILD)-fuzz/corpus tests/fuzz/corpus

fuzz-smoke: $(BUILD)-fuzz/fuzz_entry
	@mkdir -p $(BUILD)-fuzz/corpus
	@$(BUILD)-fuzz/fuzz_entry -close_fd_mask=2 -max_total_time=20 -max_len=4096 $(BUILD)-fuzz/corpus tests/fuzz/corpus 2>$(BUILD)-fuzz/smoke.log \
	  || { tail -40 $(BUILD)-fuzz/smoke.log; exit 1; }
	@grep -E '^Done [0-9]+ runs' $(BUILD)-fuzz/smoke.log | sed 's/^/fuzz-smoke: /'

# AddressSanitizer and UBSan (leaks included) over the unit and golden suites.
ASAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
asan: | deps
	@$(MAKE) --no-print-directory -s BUILD=build-asan CC=clang CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" all unit
	FEEDGEN=build-asan/feedgen PYTHON=$(PYTHON) tests/golden/run

# valgrind's memcheck over the golden suite: any error or leak changes the exit status.
valgrind: all
	FEEDGEN=tests/valgrind/feedgen VALGRIND_FEEDGEN=$(CURDIR)/$(BUILD)/feedgen PYTHON=$(PYTHON) tests/golden/run

# make bench: speed and memory at 1k, 10k and 100k entries, as ratios to floor programs.
FLOORS = $(BUILD)/bench/floor_stat $(BUILD)/bench/floor_parse
$(BUILD)/bench/floor_%: tests/bench/floor_%.c | deps
	@mkdir -p $(@D)
	$(CC) $(FG_CPPFLAGS) $(WARN) $(WERROR) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(PKG_LIBS)

bench: all $(FLOORS)
	@FEEDGEN=$(BUILD)/feedgen FLOOR_STAT=$(BUILD)/bench/floor_stat FLOOR_PARSE=$(BUILD)/bench/floor_parse \
	  PYTHON=$(PYTHON) tests/bench/run

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/schemas
	install -m 755 $(BUILD)/feedgen $(DESTDIR)$(BINDIR)/feedgen
	install -m 644 feedgen.1 $(DESTDIR)$(MANDIR)/man1/feedgen.1
	install -m 644 schemas/entry.rng schemas/config.rng $(DESTDIR)$(DATADIR)/schemas/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/feedgen $(DESTDIR)$(MANDIR)/man1/feedgen.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD) build-clang build-asan $(BUILD)-fuzz
