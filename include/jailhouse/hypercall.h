/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Hypercall codes, information types, cell states, the message protocol and
 * the communication region (ABI spec sections 6, 7 and 8).
 *
 * x86 calling convention: code in RAX, arguments in RDI and RSI, result in
 * RAX; VMCALL on Intel VT-x, VMMCALL on AMD-V. The call stubs themselves
 * live with their users (driver, inmate library), which know which
 * instruction to use.
 */
#ifndef _JAILHOUSE_HYPERCALL_H
#define _JAILHOUSE_HYPERCALL_H

#include <jailhouse/types.h>
#include <jailhouse/console.h>

/* Hypercall codes */
#define JAILHOUSE_HC_DISABLE 0
#define JAILHOUSE_HC_CELL_CREATE 1
#define JAILHOUSE_HC_CELL_START 2
#define JAILHOUSE_HC_CELL_SET_LOADABLE 3
#define JAILHOUSE_HC_CELL_DESTROY 4
#define JAILHOUSE_HC_HYPERVISOR_GET_INFO 5
#define JAILHOUSE_HC_CELL_GET_STATE 6
#define JAILHOUSE_HC_CPU_GET_INFO 7
#define JAILHOUSE_HC_DEBUG_CONSOLE_PUTC 8

/*
 * Warden extensions, not in upstream Jailhouse: what upstream's driver
 * knows because it loaded the hypervisor itself. Root cell, CPL 0 only.
 *
 * GET_SYSTEM_CONFIG: arg1 = guest-physical address of a buffer in root
 * RAM, arg2 = its size. Returns the size of the running system
 * configuration, and copies it there if it fits.
 * READ_CONSOLE: arg1 = guest-physical address of a buffer in root RAM of
 * at least sizeof(struct jailhouse_virt_console) bytes (arg2). Copies the
 * hypervisor console page (spec 4.5) there; returns 0.
 */
#define WARDEN_HC_GET_SYSTEM_CONFIG 0x100
#define WARDEN_HC_READ_CONSOLE 0x101

/* HYPERVISOR_GET_INFO types */
#define JAILHOUSE_INFO_MEM_POOL_SIZE 0
#define JAILHOUSE_INFO_MEM_POOL_USED 1
#define JAILHOUSE_INFO_REMAP_POOL_SIZE 2
#define JAILHOUSE_INFO_REMAP_POOL_USED 3
#define JAILHOUSE_INFO_NUM_CELLS 4

/* CPU_GET_INFO types: the state, or statistics counter k at BASE + k */
#define JAILHOUSE_CPU_INFO_STATE 0
#define JAILHOUSE_CPU_INFO_STAT_BASE 1000

/* CPU states returned by CPU_GET_INFO(JAILHOUSE_CPU_INFO_STATE) */
#define JAILHOUSE_CPU_RUNNING 0
#define JAILHOUSE_CPU_FAILED 2 /* terminal until the cell restarts */

/* Per-CPU statistics counters; the first four exist on every arch. */
#define JAILHOUSE_CPU_STAT_VMEXITS_TOTAL 0
#define JAILHOUSE_CPU_STAT_VMEXITS_MMIO 1
#define JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT 2
#define JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL 3
#define JAILHOUSE_GENERIC_CPU_STATS 4
/* x86 counters */
#define JAILHOUSE_CPU_STAT_VMEXITS_PIO (JAILHOUSE_GENERIC_CPU_STATS + 0)
#define JAILHOUSE_CPU_STAT_VMEXITS_XAPIC (JAILHOUSE_GENERIC_CPU_STATS + 1)
#define JAILHOUSE_CPU_STAT_VMEXITS_CR (JAILHOUSE_GENERIC_CPU_STATS + 2)
#define JAILHOUSE_CPU_STAT_VMEXITS_CPUID (JAILHOUSE_GENERIC_CPU_STATS + 3)
#define JAILHOUSE_CPU_STAT_VMEXITS_XSETBV (JAILHOUSE_GENERIC_CPU_STATS + 4)
#define JAILHOUSE_CPU_STAT_VMEXITS_EXCEPTION (JAILHOUSE_GENERIC_CPU_STATS + 5)
#define JAILHOUSE_CPU_STAT_VMEXITS_MSR_OTHER (JAILHOUSE_GENERIC_CPU_STATS + 6)
#define JAILHOUSE_CPU_STAT_VMEXITS_MSR_X2APIC_ICR \
	(JAILHOUSE_GENERIC_CPU_STATS + 7)
#define JAILHOUSE_NUM_CPU_STATS (JAILHOUSE_GENERIC_CPU_STATS + 8)

/* CPUID leaves through which cells detect the hypervisor */
#define JAILHOUSE_CPUID_SIGNATURE 0x40000000
#define JAILHOUSE_CPUID_FEATURES 0x40000001

/* Messages, hypervisor to cell (msg_to_cell) */
#define JAILHOUSE_MSG_NONE 0
#define JAILHOUSE_MSG_SHUTDOWN_REQUEST 1
#define JAILHOUSE_MSG_RECONFIG_COMPLETED 2

/* Replies, cell to hypervisor (reply_from_cell) */
#define JAILHOUSE_MSG_UNKNOWN 1
#define JAILHOUSE_MSG_REQUEST_DENIED 2
#define JAILHOUSE_MSG_REQUEST_APPROVED 3
#define JAILHOUSE_MSG_RECEIVED 4

/* Cell states (cell_state); SHUT_DOWN and the FAILED ones are terminal */
#define JAILHOUSE_CELL_RUNNING 0
#define JAILHOUSE_CELL_RUNNING_LOCKED 1
#define JAILHOUSE_CELL_SHUT_DOWN 2
#define JAILHOUSE_CELL_FAILED 3
#define JAILHOUSE_CELL_FAILED_COMM_REV 4

/* Communication-region flags, derived from the cell's console flags */
#define JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED 0x0001
#define JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE 0x0002

#define JAILHOUSE_COMM_HAS_DBG_PUTC_PERMITTED(flags) \
	(!!((flags)&JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED))
#define JAILHOUSE_COMM_HAS_DBG_PUTC_ACTIVE(flags) \
	(!!((flags)&JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE))

#define COMM_REGION_ABI_REVISION 2
/* 6 characters, not NUL-terminated in the page */
#define COMM_REGION_MAGIC "JHCOMM"

/*
 * The part of the communication region that every architecture shares.
 * Only signature, revision and cell_state are promised to stay where they
 * are in future revisions.
 */
#define COMM_REGION_GENERIC_HEADER      \
	char signature[6];              \
	__u16 revision;                 \
	volatile __u32 cell_state;      \
	volatile __u32 msg_to_cell;     \
	volatile __u32 reply_from_cell; \
	volatile __u32 flags;           \
	struct jailhouse_console console

/*
 * One page per non-root cell, mapped at its COMM_REGION memory region.
 * Not packed: every field is naturally aligned, so the layout is the same,
 * and the cell and hypervisor can take the address of the volatile fields.
 * 76 bytes are used; sizeof() includes 4 bytes of tail padding.
 */
struct jailhouse_comm_region {
	COMM_REGION_GENERIC_HEADER;

	/* x86 */
	__u64 pci_mmconfig_base;
	__u16 pm_timer_address;
	__u16 num_cpus;
	__u32 tsc_khz;
	__u32 apic_khz;
};

#define JAILHOUSE_COMM_REGION_USED_SIZE 76

JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_comm_region,
					  apic_khz) +
			     4 ==
		     JAILHOUSE_COMM_REGION_USED_SIZE);
JAILHOUSE_ABI_ASSERT(sizeof(struct jailhouse_comm_region) <= 4096);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_comm_region,
					  revision) == 6);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_comm_region,
					  cell_state) == 8);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_comm_region,
					  msg_to_cell) == 12);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_comm_region,
					  reply_from_cell) == 16);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_comm_region,
					  flags) == 20);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_comm_region,
					  console) == 24);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_comm_region,
					  pci_mmconfig_base) == 56);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_comm_region,
					  pm_timer_address) == 64);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_comm_region,
					  num_cpus) == 66);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_comm_region,
					  tsc_khz) == 68);
JAILHOUSE_ABI_ASSERT(JAILHOUSE_ABI_OFFSET(struct jailhouse_comm_region,
					  apic_khz) == 72);

#endif /* !_JAILHOUSE_HYPERCALL_H */
