# Images: the root initramfs and the GRUB rescue ISO (BIOS + UEFI).

KERNEL := $(BUILD)/deps/kernel/vmlinuz
INITRAMFS := $(BUILD)/initramfs.cpio.gz
ISO := $(BUILD)/warden.iso
ISO_TIMEOUT ?= 3

$(INITRAMFS): scripts/mkinitramfs $(wildcard scripts/initramfs/*) | $(BUILD)/.dir
	scripts/mkinitramfs $@

$(KERNEL):
	@echo "The stock kernel is missing: run 'make deps' (scripts/setup-deps)." >&2
	@exit 1

.PHONY: iso
iso: $(ISO)
$(ISO): $(HV_IMAGE) $(KERNEL) $(INITRAMFS) scripts/mkiso scripts/machine.py
	scripts/mkiso --out $@ --timeout $(ISO_TIMEOUT) --hv $(HV_IMAGE) \
		--kernel $(KERNEL) --initrd $(INITRAMFS)
