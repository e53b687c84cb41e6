test-fbcon_SRCS := hv/core/fbcon.c hv/core/format.c $(FBCON_FONT_C)
$(eval $(call unit_test,fbcon))
