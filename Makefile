# confcheck - plain Makefile; `make run` and `make check` are all anyone needs.
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR      = $(PREFIX)/bin
MANDIR      = $(PREFIX)/share/man/man1
COMPDIR     = $(PREFIX)/share/bash-completion/completions
SHAREDIR    = $(PREFIX)/share/confcheck
S6DIR       = /etc/s6-overlay/s6-rc.d

CC         ?= cc
PKGS        = libgit2 libxxhash libcurl jansson
WARN        = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2
CFLAGS     ?= -O2 -g
INC         = -Isrc
ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE $(INC) $(WARN) $(CFLAGS) \
              -DCC_DEFAULT_HISTORY='"$(SHAREDIR)/history"' \
              $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS        = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread

B          ?= build
LAYERS      = util history engine output watch paste cmd
SRCS        = $(foreach d,$(LAYERS),$(wildcard src/$(d)/*.c))
CMD_SRCS    = $(wildcard src/cmd/*.c)
LIB_SRCS    = $(filter-out $(CMD_SRCS),$(SRCS))
LIB_OBJS    = $(LIB_SRCS:src/%.c=$(B)/%.o)
CMD_OBJS    = $(CMD_SRCS:src/%.c=$(B)/%.o)
UNIT_SRCS   = $(wildcard tests/unit/test_*.c)
UNIT_BINS   = $(UNIT_SRCS:tests/unit/%.c=$(B)/unit/%.test)
BIN         = confcheck

.PHONY: all deps depcheck testdeps check asan clang musl bench install run clean unit fuzz

# A plain `make` builds and installs nothing on the system: it names what is missing.
all: $(BIN)

# What the build needs, installed when missing (as root; otherwise named).
deps:
	@tools/deps.sh check || tools/deps.sh install

depcheck:
	@tools/deps.sh check || { tools/deps.sh names >&2; \
		echo "confcheck: build dependencies are missing: run 'make deps' as root (make run and make check do)" >&2; \
		exit 1; }

# The tools the tests drive (jq, s6, shellcheck, valgrind, ...): installed when
# missing and run as root; otherwise named, with the command that installs them.
testdeps: deps
	@tools/deps.sh check-test || tools/deps.sh install test

$(BIN): $(B)/confcheck
	cp $< $@

$(B)/confcheck: $(CMD_OBJS) $(B)/libconfcheck.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CMD_OBJS) $(B)/libconfcheck.a $(LIBS)

$(B)/libconfcheck.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

# The compiler flags come from pkg-config when the Makefile is read: after `make deps`
# installed something, a fresh make reads them again (check and run recurse for that).
$(B)/%.o: src/%.c | $(B) depcheck
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# cli.o compiles in the default history path, which follows PREFIX: a stamp that
# changes with it rebuilds cli.o when PREFIX does (`make` and then
# `make install PREFIX=/usr` must install a binary that looks under /usr). It is
# written as the Makefile is read, so that `make -q` and `make -n` stay true.
SHAREDIR_STAMP := $(shell mkdir -p '$(B)' && \
	{ [ "$$(cat '$(B)/sharedir' 2>/dev/null)" = '$(SHAREDIR)' ] || \
	  echo '$(SHAREDIR)' >'$(B)/sharedir'; })
$(B)/cmd/cli.o: $(B)/sharedir

$(B)/unit/%.test: tests/unit/%.c $(B)/libconfcheck.a | $(B) depcheck
	@mkdir -p $(B)/unit
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libconfcheck.a $(LIBS)

$(B):
	mkdir -p $(B)

unit: $(UNIT_BINS)

# The whole suite: C unit tests and shell integration tests, as TAP through prove.
check: testdeps
	@$(MAKE) --no-print-directory all unit
	CONFCHECK=$(CURDIR)/$(B)/confcheck prove -j2 $(UNIT_BINS:%=./%) ./tests/*.t

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	$(MAKE) B=build-asan CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
		build-asan/confcheck unit
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		CONFCHECK=$(CURDIR)/build-asan/confcheck CONFCHECK_SANITIZED=1 \
		prove -j2 $(patsubst %,./build-asan/unit/%.test,$(UNIT_SRCS:tests/unit/%.c=%)) ./tests/*.t

# The same sources built with clang, warnings as errors, and its unit tests run.
clang:
	$(MAKE) CC=clang B=build-clang build-clang/confcheck unit
	prove $(patsubst %,./build-clang/unit/%.test,$(UNIT_SRCS:tests/unit/%.c=%))

# Every source compiled against musl's headers, as the Alpine image builds it.
musl:
	tools/musl-check.sh -std=c11 -D_GNU_SOURCE $(INC) $(WARN) -DCC_DEFAULT_HISTORY='"$(SHAREDIR)/history"'

# libFuzzer targets (clang), each run for FUZZ_SECONDS on its seed corpus.
FUZZ_SECONDS ?= 30
FUZZ_CC      ?= clang
FUZZ_FLAGS    = -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined $(INC) \
                -DCC_DEFAULT_HISTORY='"$(SHAREDIR)/history"' \
                $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
fuzz/out/%: fuzz/%.c $(wildcard fuzz/*.h) $(LIB_SRCS)
	@mkdir -p fuzz/out
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(LIB_SRCS) $(LIBS)

fuzz: $(patsubst fuzz/%.c,fuzz/out/%,$(wildcard fuzz/fuzz_*.c))
	@set -e; for f in $^; do \
		name=$${f#fuzz/out/fuzz_}; mkdir -p fuzz/out/corpus-$$name; \
		echo "fuzz: $$name for $(FUZZ_SECONDS) s"; \
		if ! $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -print_final_stats=1 \
			fuzz/out/corpus-$$name fuzz/corpus/$$name >fuzz/out/$$name.log 2>&1; then \
			tail -40 fuzz/out/$$name.log; exit 1; fi; \
		grep -E '^stat::number_of_executed_units' fuzz/out/$$name.log; \
	done

bench: all
	CONFCHECK=$(CURDIR)/$(BIN) bench/run.sh
	CONFCHECK=$(CURDIR)/$(BIN) bench/watch.sh
	CONFCHECK=$(CURDIR)/$(BIN) bench/history.sh

# The binary, man page and completion follow PREFIX; the s6 definitions go to
# /etc/s6-overlay/s6-rc.d whatever PREFIX is (tools/install-data.sh).
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(COMPDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/confcheck
	install -m 0644 man/confcheck.1 $(DESTDIR)$(MANDIR)/confcheck.1
	install -m 0644 completions/confcheck.bash $(DESTDIR)$(COMPDIR)/confcheck
	sh tools/install-data.sh "$(DESTDIR)" "$(PREFIX)"

# Plays an image update on the bundled templates in a temp dir.
run: deps
	@$(MAKE) --no-print-directory all
	CONFCHECK=$(CURDIR)/$(BIN) sh tools/demo.sh

clean:
	rm -rf build build-asan build-clang $(BIN)

-include $(LIB_OBJS:.o=.d) $(CMD_OBJS:.o=.d)
