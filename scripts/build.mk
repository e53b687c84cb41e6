# Images: the root initramfs and the GRUB rescue ISO (BIOS + UEFI).

KERNEL := $(BUILD)/deps/kernel/vmlinuz
INITRAMFS := $(BUILD)/initramfs.cpio.gz
ISO := $(BUILD)/warden.iso
ISO_TIMEOUT ?= 3

# The root cell's tools: the driver (loaded by /init), the jailhouse
# command, the cell configurations and the inmates.
INITRAMFS_EXTRA := $(BUILD)/initramfs-extra
INITRAMFS_CONTENT := $(DRIVER_KO) $(JAILHOUSE_TOOL) $(DRIVER_FUZZ) \
	$(CELL_FILES) $(INMATES)

$(INITRAMFS): scripts/mkinitramfs $(wildcard scripts/initramfs/*) \
		$(INITRAMFS_CONTENT) | $(BUILD)/.dir
	rm -rf $(INITRAMFS_EXTRA)
	release=$$(cat $(KERNEL_RELEASE_FILE)) && \
	mkdir -p $(INITRAMFS_EXTRA)/usr/sbin $(INITRAMFS_EXTRA)/etc/jailhouse \
		$(INITRAMFS_EXTRA)/inmates \
		$(INITRAMFS_EXTRA)/lib/modules/$$release/extra && \
	cp $(DRIVER_KO) $(INITRAMFS_EXTRA)/lib/modules/$$release/extra/ && \
	touch $(addprefix $(INITRAMFS_EXTRA)/lib/modules/$$release/,modules.builtin modules.builtin.modinfo modules.order) && \
	depmod -b $(INITRAMFS_EXTRA) $$release && \
	cp $(JAILHOUSE_TOOL) $(DRIVER_FUZZ) $(INITRAMFS_EXTRA)/usr/sbin/ && \
	cp $(CELL_FILES) $(INITRAMFS_EXTRA)/etc/jailhouse/ && \
	cp $(INMATES) $(INITRAMFS_EXTRA)/inmates/
	EXTRA_DIR=$(INITRAMFS_EXTRA) scripts/mkinitramfs $@

$(KERNEL):
	@echo "The stock kernel is missing: run 'make deps' (scripts/setup-deps)." >&2
	@exit 1

.PHONY: iso
iso: $(ISO)
$(ISO): $(HV_IMAGE) $(KERNEL) $(INITRAMFS) $(BUILD)/cells/qemu-x86-efi.cell \
		scripts/mkiso scripts/machine.py
	scripts/mkiso --out $@ --timeout $(ISO_TIMEOUT) --hv $(HV_IMAGE) \
		--efi-config $(BUILD)/cells/qemu-x86-efi.cell \
		--kernel $(KERNEL) --initrd $(INITRAMFS)
