# Inmates: flat binaries loaded at guest address 0 of a cell.
#
# The inmate library (inmates/lib) is built twice, for 64-bit inmates and
# for the 32-bit variant; each demo links against one of them. The
# hypervisor's own formatter and string functions serve here too.

INMATE_DIR := $(BUILD)/inmates
INMATE_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -mno-red-zone -mgeneral-regs-only \
	-fno-asynchronous-unwind-tables -fno-common -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-Iinclude -Ihv/include -Ihv/arch/x86/include -Iinmates/lib/include

INMATE_LIB_SRCS := inmates/lib/x86/header.S inmates/lib/x86/irq_entry.S \
	inmates/lib/setup.c inmates/lib/irq.c inmates/lib/hypercall.c \
	inmates/lib/comm.c inmates/lib/console.c inmates/lib/cmdline.c \
	inmates/lib/timing.c inmates/lib/apic.c \
	hv/core/format.c hv/core/string.c
inmate_obj = $(patsubst %,$(INMATE_DIR)/$(1)/%.o,$(basename $(2)))
INMATE_LIB64 := $(call inmate_obj,lib64,$(INMATE_LIB_SRCS))
INMATE_LIB32 := $(call inmate_obj,lib32,$(INMATE_LIB_SRCS) \
	inmates/lib/x86/divide32.c)

$(INMATE_DIR)/lib64/%.o: %.c
	@mkdir -p $(@D)
	$(CC) -m64 -mcmodel=small $(INMATE_CFLAGS) -MMD -MP -c $< -o $@
$(INMATE_DIR)/lib64/%.o: %.S
	@mkdir -p $(@D)
	$(CC) -m64 $(INMATE_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@
$(INMATE_DIR)/lib32/%.o: %.c
	@mkdir -p $(@D)
	$(CC) -m32 $(INMATE_CFLAGS) -MMD -MP -c $< -o $@
$(INMATE_DIR)/lib32/%.o: %.S
	@mkdir -p $(@D)
	$(CC) -m32 $(INMATE_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

-include $(INMATE_LIB64:.o=.d) $(INMATE_LIB32:.o=.d)

# demo name -> its source; 64-bit unless listed in INMATES_32
INMATE_DEMOS := tiny-demo apic-demo smp-demo 32-bit-demo violation pci-access
INMATES_32 := 32-bit-demo
inmate_src = $(if $(filter violation pci-access,$(1)),inmates/tests/$(1).c,inmates/demos/$(1).c)

define inmate_rule
$(INMATE_DIR)/$(1).elf: $(call inmate_obj,$(if $(filter $(1),$(INMATES_32)),lib32,lib64),$(call inmate_src,$(1))) \
		$(if $(filter $(1),$(INMATES_32)),$(INMATE_LIB32),$(INMATE_LIB64)) inmates/lib/inmate.lds
	$(LD) $(if $(filter $(1),$(INMATES_32)),-m elf_i386,-m elf_x86_64) \
		-nostdlib -z noexecstack --no-warn-rwx-segments \
		-T inmates/lib/inmate.lds -o $$@ $$(filter %.o,$$^)
endef
$(foreach d,$(INMATE_DEMOS),$(eval $(call inmate_rule,$(d))))

$(INMATE_DIR)/%.bin: $(INMATE_DIR)/%.elf
	$(OBJCOPY) -O binary $< $@

# Minimal hand-written test inmates (16-bit, no library).
$(INMATE_DIR)/%.o: inmates/tests/%.S | $(INMATE_DIR)/.dir
	$(CC) -m32 -c $< -o $@

$(INMATE_DIR)/hello.bin $(INMATE_DIR)/locked.bin: $(INMATE_DIR)/%.bin: $(INMATE_DIR)/%.o
	$(LD) -m elf_i386 -Ttext=0 --oformat binary -e _start -o $@ $<

INMATES := $(INMATE_DIR)/hello.bin $(INMATE_DIR)/locked.bin \
	$(patsubst %,$(INMATE_DIR)/%.bin,$(INMATE_DEMOS))
ALL_TARGETS += $(INMATES)
