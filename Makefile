# Warden top-level build. One non-recursive make: each folder contributes a
# build.mk fragment that adds its products to the lists below. Every output
# lands under $(BUILD); downloads (the stock kernel) under $(BUILD)/deps.
#
#   make            build everything that exists
#   make test       set up dependencies, build, run unit + integration tests
#   make test-bochs only the Bochs (Intel VT-x) integration tests
#   make demo       set up dependencies, build, boot the demo in QEMU
#   make iso        GRUB rescue ISO that boots on BIOS and UEFI
#   make esp        FAT EFI system partition image booting warden.efi (no GRUB)
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
-include efi/build.mk

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
	$(MAKE) all iso esp
	$(PYTEST) -v tests/unit tests/integration

# The Bochs (Intel VT-x) tests alone: slow, also part of make test.
.PHONY: test-bochs
test-bochs: deps
	$(MAKE) all iso
	$(PYTEST) -v -m bochs tests/integration

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

# A raw disk image holding only an EFI system partition: OVMF (or a real
# machine) boots warden.efi from it as \EFI\BOOT\BOOTX64.EFI (docs/uefi.md).
# The OVMF system configuration goes in once it is built (ESP_SYSCONFIG).
ESP := $(BUILD)/warden-esp.img
ESP_SYSCONFIG := $(BUILD)/cells/qemu-x86-efi.cell
ESP_CFG := $(BUILD)/warden.cfg

.PHONY: esp
esp: $(ESP)
$(ESP): $(EFI_APP) $(HV_IMAGE) $(KERNEL) $(INITRAMFS) scripts/mkesp \
		$(wildcard $(ESP_SYSCONFIG))
	printf '%s\n' \
		'# warden.efi configuration written by make esp (docs/uefi.md)' \
		'hypervisor /EFI/warden/warden.bin' \
		'options console=com1' \
		'kernel /EFI/warden/vmlinuz console=tty0 console=ttyS2,115200' \
		'initrd /EFI/warden/initrd.img' \
		$(if $(wildcard $(ESP_SYSCONFIG)),'system-config /EFI/warden/qemu-x86-efi.cell') \
		> $(ESP_CFG)
	scripts/mkesp --out $@ --cfg $(ESP_CFG) --efi $(EFI_APP) \
		--file /EFI/warden/warden.bin=$(HV_IMAGE) \
		--file /EFI/warden/vmlinuz=$(KERNEL) \
		--file /EFI/warden/initrd.img=$(INITRAMFS) \
		$(if $(wildcard $(ESP_SYSCONFIG)),--file /EFI/warden/qemu-x86-efi.cell=$(ESP_SYSCONFIG))

.PHONY: format
format:
	git ls-files '*.c' '*.h' | xargs clang-format -i

.PHONY: clean
clean:
	rm -rf $(BUILD)/obj $(BUILD)/tests $(BUILD)/iso $(BUILD)/*.bin $(BUILD)/*.iso $(BUILD)/cells
