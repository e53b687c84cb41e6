# Warden top-level build. One non-recursive make: each folder contributes a
# build.mk fragment that adds its products to the lists below. Every output
# lands under $(BUILD); downloads (the stock kernel) under $(BUILD)/deps.
#
#   make            build everything that exists
#   make test       set up dependencies, build, run unit + integration tests
#   make demo       set up dependencies, build, boot the demo in QEMU
#   make iso        GRUB rescue ISO that boots on BIOS and UEFI
#   make run        boot the ISO in QEMU, serial console on this terminal
#   make unit-test  host unit tests only
#   make fuzz       run the fuzzers (FUZZ_SECONDS, default 600)
#   make bench      boot with and without Warden side by side; ratios
#   make format     clang-format every C file in place

BUILD := build
VERSION := 0.1
GIT_DESCRIBE := $(shell git describe --always --dirty --tags 2>/dev/null || echo unknown)
SYSTEM ?= qemu-x86

PYTHON := /usr/bin/python3
PYTEST := $(PYTHON) -m pytest

HOSTCC ?= gcc
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-Iinclude -Ihv/include -Ihv/arch/x86/include -Iinmates/lib/include

# Hypervisor (and everything linked into it): freestanding, kernel code
# model, no FPU/SIMD state touched, no red zone (interrupts reuse the stack).
CC := gcc
LD := ld
OBJCOPY := objcopy
HV_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-ffreestanding -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone \
	-mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-common -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Iinclude -Ihv/include -Ihv/arch/x86/include \
	-DWARDEN_VERSION='"$(VERSION)"' -DWARDEN_GIT='"$(GIT_DESCRIBE)"'
HV_ASFLAGS := $(filter-out -std=gnu11,$(HV_CFLAGS)) -D__ASSEMBLY__

ALL_TARGETS :=
UNIT_TESTS :=

.PHONY: all
all: all-targets

include boot/build.mk
include hv/build.mk
-include cells/build.mk
-include rootcell/tools/build.mk
-include rootcell/driver/build.mk
-include tests/unit/build.mk
-include tests/fuzz/build.mk
include inmates/build.mk
include scripts/build.mk

.PHONY: all-targets
all-targets: $(ALL_TARGETS) $(UNIT_TESTS)

$(BUILD)/.dir:
	@mkdir -p $(@D) && touch $@

$(BUILD)/%/.dir:
	@mkdir -p $(@D) && touch $@

.PHONY: deps
deps:
	scripts/setup-deps

.PHONY: unit-test
unit-test: $(UNIT_TESTS)
	$(PYTEST) -q tests/unit

# The full suite: dependencies first (idempotent), then everything built,
# then unit and integration tests in one pytest run so the last line is the
# summary over all of them.
.PHONY: test
test: deps
	$(MAKE) all iso
	$(PYTEST) -v tests/unit tests/integration

.PHONY: demo
demo: deps
	$(MAKE) all iso
	scripts/run-demo

.PHONY: bench
bench: deps
	$(MAKE) all iso
	$(PYTHON) scripts/bench.py

.PHONY: run
run: iso
	scripts/run-qemu --iso $(ISO)

.PHONY: format
format:
	git ls-files '*.c' '*.h' | xargs clang-format -i

.PHONY: clean
clean:
	rm -rf $(BUILD)/obj $(BUILD)/tests $(BUILD)/iso $(BUILD)/*.bin $(BUILD)/*.iso $(BUILD)/cells
