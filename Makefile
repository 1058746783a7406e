# wushe — build, test, run. See README.md; `make help` lists the targets.
#
# Two builds of the same sources: build/rel (optimised, asserts on) and
# build/asan (AddressSanitizer + UndefinedBehaviorSanitizer). Every
# src/**/*.c is compiled; every tests/unit/test_*.c becomes a test program
# linked with all objects but src/main.c. Schema files src/**/schema/*.sql
# are embedded into the binary.
#
# Two stages. The targets a person types (run, test, bench, all, …) first
# run scripts/install-deps.sh and only then start a second make that reads
# pkg-config: on a machine without the -dev packages, a pkg-config call made
# while this file is parsed would come back empty and the link would fail.
# The inner make (WUSHE_STAGE=build) never installs anything.

ifneq ($(WUSHE_STAGE),build)

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
USER_TARGETS := all run test test-unit test-api test-crash test-e2e bench web
.PHONY: $(USER_TARGETS) deps clean help fuzz
.DEFAULT_GOAL := all

$(USER_TARGETS): deps
	@$(MAKE) --no-print-directory -j$(JOBS) WUSHE_STAGE=build $@

deps:
	@sh scripts/install-deps.sh

# `make fuzz` needs clang (libFuzzer); nothing else installs it.
fuzz:
	@WUSHE_EXTRA_PKGS=clang sh scripts/install-deps.sh
	@$(MAKE) --no-print-directory -j$(JOBS) WUSHE_STAGE=build $@

clean:
	rm -rf build

help:
	@echo "make run    install what is missing, build, create ./data/wushe.db (demo), serve :8080"
	@echo "make test   every suite: unit, API (plain and ASan+UBSan), browser end-to-end"
	@echo "make bench  benchmarks under bench/ (reference runs side by side; BENCH=formats: only bench/formats.sh)"
	@echo "make fuzz   libFuzzer over every parser for FUZZ_SECONDS each (default 60)"

# Anything else (build/wushe, a test program) goes to the inner make.
Makefile: ;
%:: deps
	@$(MAKE) --no-print-directory -j$(JOBS) WUSHE_STAGE=build $@

else

CC      ?= gcc
PKGS    := libmicrohttpd sqlite3 libsodium jansson xlsxwriter libzip expat libpq libcurl libqrencode
ifneq ($(shell pkg-config --exists $(PKGS) && echo ok),ok)
$(error pkg-config cannot find: $(PKGS) — run `sh scripts/install-deps.sh` (or plain `make`, which runs it))
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
# -Wno-missing-field-initializers: declaration tables (routes, fields) leave
# their optional trailing members out; C zero-initialises them.
WARN    := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -Wshadow -Wformat=2 -Wno-format-nonliteral \
           -Wno-missing-field-initializers
CFLAGS_COMMON := $(WARN) -Isrc $(PKG_CFLAGS) -MMD -MP -pthread
LIBS    := $(PKG_LIBS) -lhpdf -lpthread -lm
REL_FLAGS  := -O2 -g
ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

SRC      := $(shell find src -name '*.c' | sort)
SQL      := $(shell find src -path '*/schema/*.sql' | sort)
LIB_SRC  := $(filter-out src/main.c,$(SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_NAMES := $(basename $(notdir $(UNIT_SRC)))

MOD_SRC  := $(shell find src -name module.c | sort)
GEN      := migrations modules
REL_OBJ  := $(patsubst src/%.c,build/rel/obj/%.o,$(SRC)) $(GEN:%=build/rel/obj/gen/%.o)
ASAN_OBJ := $(patsubst src/%.c,build/asan/obj/%.o,$(SRC)) $(GEN:%=build/asan/obj/gen/%.o)
REL_LIB_OBJ  := $(filter-out build/rel/obj/main.o,$(REL_OBJ))
ASAN_LIB_OBJ := $(filter-out build/asan/obj/main.o,$(ASAN_OBJ))

WEB_SRC := $(shell find web/src web/index.html web/vite.config.* web/package.json -type f 2>/dev/null)

.PHONY: all run test test-unit test-api test-crash test-e2e bench web fuzz FORCE

all: build/wushe build/wushe-asan web

build/gen/migrations.c: $(SQL) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-sql.sh $@ $(SQL)

# The list of areas: every WUSHE_MODULE in a module.c (src/core/module.h).
# Written on every run but replaced only when it changed, so an area added
# or removed is picked up without touching anything else.
build/gen/modules.c: FORCE
	@mkdir -p $(dir $@)
	@sh scripts/gen-modules.sh $@.new $(MOD_SRC) && \
	  if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; echo "gen-modules: $@"; fi
FORCE:

build/rel/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(REL_FLAGS) -c $< -o $@
build/asan/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) -c $< -o $@

build/rel/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(REL_FLAGS) -c $< -o $@
build/asan/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) -c $< -o $@

build/wushe: $(REL_OBJ)
	$(CC) $(REL_FLAGS) -pthread $^ $(LIBS) -o $@
build/wushe-asan: $(ASAN_OBJ)
	$(CC) $(ASAN_FLAGS) -pthread $^ $(LIBS) -o $@

build/rel/tests/%: tests/unit/%.c $(REL_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(REL_FLAGS) $< $(REL_LIB_OBJ) $(LIBS) -lcmocka -o $@
build/asan/tests/%: tests/unit/%.c $(ASAN_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) $< $(ASAN_LIB_OBJ) $(LIBS) -lcmocka -o $@

# Fuzzing (tests/fuzz/, docs/security.md): `make fuzz` builds every
# tests/fuzz/fuzz_*.c with clang's libFuzzer and runs it FUZZ_SECONDS; `make
# test` links the same targets with tests/fuzz/driver.c in the ASan build and
# replays tests/fuzz/corpus/<target>/ (seeds and every input that crashed).
FUZZ_NAMES := $(basename $(notdir $(sort $(wildcard tests/fuzz/fuzz_*.c))))
FUZZ_CC    ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := $(filter-out -Werror,$(CFLAGS_COMMON)) -O1 -g -fno-omit-frame-pointer \
              -fsanitize=fuzzer-no-link,address,undefined
FUZZ_OBJ   := $(patsubst build/rel/%,build/fuzz/%,$(REL_LIB_OBJ))
FUZZ_BIN   := $(addprefix build/fuzz/bin/,$(FUZZ_NAMES))
FUZZ_REG   := $(addprefix build/asan/fuzz/,$(FUZZ_NAMES))

build/fuzz/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -c $< -o $@
build/fuzz/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -c $< -o $@
build/fuzz/bin/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $< $(FUZZ_OBJ) $(LIBS) -o $@
build/asan/fuzz/%: tests/fuzz/%.c tests/fuzz/driver.c $(ASAN_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(ASAN_FLAGS) $< tests/fuzz/driver.c $(ASAN_LIB_OBJ) $(LIBS) -o $@

.SECONDARY: $(FUZZ_OBJ)
fuzz: $(FUZZ_BIN)
	@sh scripts/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

UNIT_REL  := $(addprefix build/rel/tests/,$(UNIT_NAMES))
UNIT_ASAN := $(addprefix build/asan/tests/,$(UNIT_NAMES))

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
	cd web && npm run build
	@touch $@

web: web/dist/index.html

data/wushe.db: | build/wushe
	@mkdir -p data
	./build/wushe demo --db data/wushe.db

run: all data/wushe.db
	./build/wushe serve --db data/wushe.db --bind 127.0.0.1 --port 8080 --static web/dist

test: build/wushe build/wushe-asan web $(UNIT_REL) $(UNIT_ASAN) $(FUZZ_REG)
	@sh scripts/run-tests.sh

test-unit: build/wushe $(UNIT_REL)
	@SUITES=unit sh scripts/run-tests.sh
test-api: build/wushe
	@SUITES=api sh scripts/run-tests.sh
test-crash: build/wushe
	@SUITES=crash sh scripts/run-tests.sh
test-e2e: build/wushe web
	@SUITES=e2e sh scripts/run-tests.sh

# bench/formats.c: the format and import speed figures (bench/formats.sh).
BENCH_BIN := build/rel/bench/formats
build/rel/bench/%: bench/%.c $(REL_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(REL_FLAGS) $< $(REL_LIB_OBJ) $(LIBS) -o $@

bench: build/wushe $(BENCH_BIN)
	@sh bench/run.sh $(BENCH)
-include $(BENCH_BIN:=.d)

-include $(REL_OBJ:.o=.d) $(ASAN_OBJ:.o=.d) $(UNIT_REL:=.d) $(UNIT_ASAN:=.d) $(FUZZ_OBJ:.o=.d) $(FUZZ_REG:=.d)

endif
