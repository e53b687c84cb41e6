/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ioctl interface of /dev/jailhouse (ABI spec 4.2, 4.3), shared by the
 * Linux management driver and the jailhouse command. Upstream tools include
 * it as <jailhouse.h>.
 *
 * The interface is unversioned: driver and tools must agree on these
 * numbers and layouts, so they are pinned below.
 */
#ifndef _JAILHOUSE_H
#define _JAILHOUSE_H

#include <jailhouse/types.h>

#if defined(__KERNEL__) || (defined(__linux__) && __STDC_HOSTED__)
#include <linux/ioctl.h>
#endif

/* a cell name with its NUL; byte 31 is forced to 0 by the driver */
#define JAILHOUSE_CELL_ID_NAMELEN 31

struct jailhouse_cell_create {
	__u64 config_address; /* user address of the cell-config image */
	__u32 config_size;
	__u32 padding;
};

struct jailhouse_preload_image {
	__u64 source_address; /* user address of the data */
	__u64 size; /* 0: entry skipped */
	__u64 target_address; /* guest-physical, inside the cell */
	__u64 padding;
};

/* select by id, or by name when id is JAILHOUSE_CELL_ID_UNUSED */
struct jailhouse_cell_id {
	__s32 id;
	__u32 padding;
	char name[JAILHOUSE_CELL_ID_NAMELEN + 1];
};

struct jailhouse_cell_load {
	struct jailhouse_cell_id cell_id;
	__u32 num_preload_images;
	__u32 padding;
	struct jailhouse_preload_image image[];
};

#define JAILHOUSE_CELL_ID_UNUSED (-1)

/*
 * Request numbers (x86-64 encoding, type 0). Where <linux/ioctl.h> exists
 * they are built with its macros and checked against the pinned values;
 * freestanding code (hypervisor, inmates) gets the pinned values directly.
 */
#define JAILHOUSE_ENABLE_NR 0x40080000
#define JAILHOUSE_DISABLE_NR 0x00000001
#define JAILHOUSE_CELL_CREATE_NR 0x40100002
#define JAILHOUSE_CELL_LOAD_NR 0x40300003
#define JAILHOUSE_CELL_START_NR 0x40280004
#define JAILHOUSE_CELL_DESTROY_NR 0x40280005

#ifdef _IOW
#define JAILHOUSE_ENABLE _IOW(0, 0, void *)
#define JAILHOUSE_DISABLE _IO(0, 1)
#define JAILHOUSE_CELL_CREATE _IOW(0, 2, struct jailhouse_cell_create)
#define JAILHOUSE_CELL_LOAD _IOW(0, 3, struct jailhouse_cell_load)
#define JAILHOUSE_CELL_START _IOW(0, 4, struct jailhouse_cell_id)
#define JAILHOUSE_CELL_DESTROY _IOW(0, 5, struct jailhouse_cell_id)

#if defined(__x86_64__)
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ENABLE == JAILHOUSE_ENABLE_NR);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_DISABLE == JAILHOUSE_DISABLE_NR);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_CELL_CREATE == JAILHOUSE_CELL_CREATE_NR);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_CELL_LOAD == JAILHOUSE_CELL_LOAD_NR);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_CELL_START == JAILHOUSE_CELL_START_NR);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_CELL_DESTROY == JAILHOUSE_CELL_DESTROY_NR);
#endif
#else
#define JAILHOUSE_ENABLE JAILHOUSE_ENABLE_NR
#define JAILHOUSE_DISABLE JAILHOUSE_DISABLE_NR
#define JAILHOUSE_CELL_CREATE JAILHOUSE_CELL_CREATE_NR
#define JAILHOUSE_CELL_LOAD JAILHOUSE_CELL_LOAD_NR
#define JAILHOUSE_CELL_START JAILHOUSE_CELL_START_NR
#define JAILHOUSE_CELL_DESTROY JAILHOUSE_CELL_DESTROY_NR
#endif

JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_cell_create) == 16);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_create,
					  config_size) == 8);
JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_preload_image) == 32);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_preload_image,
					  size) == 8);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_preload_image,
					  target_address) == 16);
JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_cell_id) == 40);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_id, name) == 8);
JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_cell_load) == 48);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_load,
					  num_preload_images) == 40);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_cell_load, image) ==
		     48);

#endif /* !_JAILHOUSE_H */
