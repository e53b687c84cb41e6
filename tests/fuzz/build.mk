# Fuzzing (clang's libFuzzer with ASan + UBSan).
#
#   make fuzz [FUZZ_SECONDS=600]   run the config validator fuzzer
#
# The fuzzer is built with the rest (ALL_TARGETS) so the smoke test
# (tests/unit/test_fuzz_smoke.py) can run it for a short while. New corpus
# entries collect in $(FUZZ_DIR)/corpus, crashes in $(FUZZ_DIR)/artifacts.

FUZZ_DIR := $(BUILD)/tests/fuzz
FUZZ_CONFIG := $(FUZZ_DIR)/fuzz-config
FUZZ_SECONDS ?= 600
FUZZ_CC ?= clang
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Wall -Wextra -Werror -Wno-unused-parameter \
	-Iinclude -Ihv/include

ALL_TARGETS += $(FUZZ_CONFIG)

$(FUZZ_CONFIG): tests/fuzz/fuzz-config.c hv/core/config_check.c \
		hv/include/warden/config_check.h \
		$(wildcard include/jailhouse/*.h) | $(FUZZ_DIR)/.dir
	$(FUZZ_CC) $(FUZZ_CFLAGS) \
		-DFUZZ_CELL_DIR='"$(abspath $(BUILD))/cells"' -o $@ \
		tests/fuzz/fuzz-config.c hv/core/config_check.c

.PHONY: fuzz
fuzz: $(FUZZ_CONFIG) $(CELL_FILES)
	rm -rf $(FUZZ_DIR)/seeds
	mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/artifacts
	$(PYTHON) tests/fuzz/make-seeds.py $(BUILD)/cells $(FUZZ_DIR)/seeds
	$(FUZZ_CONFIG) -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
		-print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/artifacts/ \
		$(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds

.PRECIOUS: $(FUZZ_DIR)/.dir
