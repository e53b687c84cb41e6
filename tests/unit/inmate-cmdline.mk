test-inmate-cmdline_SRCS := inmates/lib/cmdline.c
$(eval $(call unit_test,inmate-cmdline))
