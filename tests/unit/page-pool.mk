test-page-pool_SRCS := hv/core/page_pool.c
$(eval $(call unit_test,page-pool))
