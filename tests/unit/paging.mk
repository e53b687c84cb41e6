test-paging_SRCS := hv/core/paging.c hv/core/page_pool.c
$(eval $(call unit_test,paging))
