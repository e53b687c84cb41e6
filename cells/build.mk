# Cell and system configurations: each cells/NAME.c is one packed structure
# initialised in .data; its raw bytes are the .cell file, exactly as
# upstream Jailhouse builds them, so upstream config sources work unchanged.
#
#   CELL_FILES   every built .cell (tests and images depend on it)

CELL_SRCS := $(wildcard cells/*.c)
CELL_FILES := $(patsubst cells/%.c,$(BUILD)/cells/%.cell,$(CELL_SRCS))
ALL_TARGETS += $(CELL_FILES)

# Host compiler, no optimisation games: the structure must land in .data
# (not .bss or .rodata) and nothing else may; -fno-common and
# -fno-zero-initialized-in-bss make sure of that even for sparse configs.
CELL_CFLAGS := -std=gnu11 -O0 -Wall -Werror -Iinclude -fno-pic -fno-pie \
	-fno-common -fno-zero-initialized-in-bss -fno-asynchronous-unwind-tables

CELL_HEADERS := $(wildcard include/jailhouse/*.h)

$(BUILD)/cells/%.o: cells/%.c $(CELL_HEADERS) | $(BUILD)/cells/.dir
	$(HOSTCC) $(CELL_CFLAGS) -c -o $@ $<

$(BUILD)/cells/%.cell: $(BUILD)/cells/%.o
	$(OBJCOPY) -O binary -j .data $< $@

.PRECIOUS: $(BUILD)/cells/%.o $(BUILD)/cells/.dir

# Variants that include another configuration.
$(BUILD)/cells/qemu-x86-efi.o: cells/qemu-x86.c
$(BUILD)/cells/bochs-tiny-demo.o: cells/tiny-demo.c
$(BUILD)/cells/bochs-apic-demo.o: cells/apic-demo.c
