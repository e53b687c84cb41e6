test-acpi_SRCS := hv/core/acpi.c hv/core/format.c
test-acpi_DEPS := hv/include/warden/acpi.h
$(eval $(call unit_test,acpi))
