# warden.efi's configuration parser (efi/config.c).
test-efi-config_SRCS := efi/config.c hv/core/format.c
$(eval $(call unit_test,efi-config))
$(UNIT_DIR)/test-efi-config: HOST_CFLAGS += -Iefi
