# The hypervisor image: boot code + core + x86 architecture code.

HV_SRCS := \
	hv/arch/x86/entry.S \
	hv/arch/x86/apic.c \
	hv/arch/x86/desc.c \
	hv/arch/x86/guest_paging.c \
	hv/arch/x86/insn_decode.c \
	hv/arch/x86/smp.c \
	hv/arch/x86/svm.c \
	hv/arch/x86/svm_entry.S \
	hv/arch/x86/vendor.c \
	hv/arch/x86/vmx.c \
	hv/arch/x86/vmx_entry.S \
	hv/arch/x86/timing.c \
	hv/arch/x86/trampoline.S \
	hv/arch/x86/traps.c \
	hv/arch/x86/uart8250.c \
	hv/arch/x86/vapic.c \
	hv/arch/x86/vcpu.c \
	hv/arch/x86/vcpu_stats.c \
	hv/arch/x86/vdevices.c \
	hv/arch/x86/vioapic.c \
	hv/arch/x86/vtd_ir.c \
	hv/arch/x86/vtd_rte.c \
	hv/arch/x86/vpci.c \
	hv/core/acpi.c \
	hv/core/acpi_build.c \
	hv/core/boot_report.c \
	hv/core/cell.c \
	hv/core/config_check.c \
	hv/core/control.c \
	hv/core/fbcon.c \
	hv/core/format.c \
	hv/core/hvmem.c \
	hv/core/modules.c \
	hv/core/options.c \
	hv/core/page_pool.c \
	hv/core/paging.c \
	hv/core/platform_check.c \
	hv/core/printk.c \
	hv/core/setup.c \
	hv/core/string.c \
	hv/core/sysconfig.c \
	hv/core/sysconfig_blob.S \
	rootcell/launcher/bootparams.c \
	rootcell/launcher/launcher.c

HV_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(basename $(HV_SRCS))) $(BOOT_OBJS)

# The framebuffer console's glyphs come from a Debian console font at
# build time (package console-setup-linux; see scripts/psf2c.py), never
# from a source tree. The generated table is not committed.
FBCON_FONT_PSF ?= /usr/share/consolefonts/Uni2-VGA16.psf.gz
FBCON_FONT_C := $(BUILD)/gen/fbcon_font.c
HV_OBJS += $(BUILD)/obj/gen/fbcon_font.o

$(FBCON_FONT_C): scripts/psf2c.py $(FBCON_FONT_PSF)
	@mkdir -p $(@D)
	$(PYTHON) scripts/psf2c.py $(FBCON_FONT_PSF) $@

$(BUILD)/obj/gen/fbcon_font.o: $(FBCON_FONT_C) hv/include/warden/fbcon.h
	@mkdir -p $(@D)
	$(CC) $(HV_CFLAGS) -c $< -o $@
HV_IMAGE := $(BUILD)/warden.bin
ALL_TARGETS += $(HV_IMAGE)

$(BUILD)/obj/%.o: %.c | $(BUILD)/obj/.dir
	@mkdir -p $(@D)
	$(CC) $(HV_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.o: %.S | $(BUILD)/obj/.dir
	@mkdir -p $(@D)
	$(CC) $(HV_ASFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/hv.lds: hv/hv.lds.S hv/include/warden/layout.h | $(BUILD)/obj/.dir
	$(CC) -E -P -x c -Ihv/include -D__ASSEMBLY__ $< -o $@

# The git description is baked into the banner: rebuild setup.o when it changes.
$(BUILD)/obj/git-describe: FORCE | $(BUILD)/obj/.dir
	@echo '$(GIT_DESCRIBE)' | cmp -s - $@ || echo '$(GIT_DESCRIBE)' > $@
$(BUILD)/obj/hv/core/setup.o: $(BUILD)/obj/git-describe

# The linked-in system configuration: make SYSTEM=name (cells/name.c).
SYSTEM_CELL := $(BUILD)/cells/$(SYSTEM).cell
$(BUILD)/obj/system-name: FORCE | $(BUILD)/obj/.dir
	@echo '$(SYSTEM)' | cmp -s - $@ || echo '$(SYSTEM)' > $@
$(BUILD)/obj/hv/core/sysconfig_blob.o: $(SYSTEM_CELL) $(BUILD)/obj/system-name
$(BUILD)/obj/hv/core/sysconfig_blob.o: HV_ASFLAGS += \
	-DSYSTEM_CONFIG_FILE='"$(SYSTEM_CELL)"'
$(BUILD)/obj/hv/core/sysconfig.o: $(BUILD)/obj/system-name
$(BUILD)/obj/hv/core/sysconfig.o: HV_CFLAGS += -DWARDEN_SYSTEM='"$(SYSTEM)"'

$(HV_IMAGE): $(HV_OBJS) $(BUILD)/obj/hv.lds
	$(LD) -nostdlib -z max-page-size=0x1000 -z noexecstack \
		--no-warn-rwx-segments -T $(BUILD)/obj/hv.lds -o $@ $(HV_OBJS)

.PHONY: FORCE
FORCE:

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
