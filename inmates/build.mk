# Inmates: flat binaries loaded at guest address 0 of a cell.

INMATE_DIR := $(BUILD)/inmates
INMATES := $(INMATE_DIR)/hello.bin $(INMATE_DIR)/locked.bin
ALL_TARGETS += $(INMATES)

$(INMATE_DIR)/%.o: inmates/tests/%.S | $(INMATE_DIR)/.dir
	$(CC) -m32 -c $< -o $@

$(INMATE_DIR)/%.bin: $(INMATE_DIR)/%.o
	$(LD) -m elf_i386 -Ttext=0 --oformat binary -e _start -o $@ $<
