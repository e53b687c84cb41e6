/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMD SVM: the virtual machine control block and the numbers around it,
 * as the AMD64 Architecture Programmer's Manual, volume 2, appendix B and
 * chapter 15 define them. Offsets are pinned by compile-time asserts.
 */
#ifndef WARDEN_ASM_SVM_H
#define WARDEN_ASM_SVM_H

#include <stddef.h>
#include <stdint.h>

#define MSR_VM_CR 0xc0010114
#define VM_CR_SVMDIS (1u << 4)
#define MSR_VM_HSAVE_PA 0xc0010117

#define CPUID_8000000A_EDX_NP (1u << 0)

/* Intercept word 3 (offset 0x0c) */
#define SVM_INTERCEPT_INTR (1u << 0)
#define SVM_INTERCEPT_NMI (1u << 1)
#define SVM_INTERCEPT_INIT (1u << 3)
#define SVM_INTERCEPT_CPUID (1u << 18)
#define SVM_INTERCEPT_INVD (1u << 22)
#define SVM_INTERCEPT_IOIO_PROT (1u << 27)
#define SVM_INTERCEPT_MSR_PROT (1u << 28)
#define SVM_INTERCEPT_SHUTDOWN (1u << 31)
/* Intercept word 4 (offset 0x10) */
#define SVM_INTERCEPT_VMRUN (1u << 0)
#define SVM_INTERCEPT_VMMCALL (1u << 1)
#define SVM_INTERCEPT_VMLOAD (1u << 2)
#define SVM_INTERCEPT_VMSAVE (1u << 3)
#define SVM_INTERCEPT_STGI (1u << 4)
#define SVM_INTERCEPT_CLGI (1u << 5)
#define SVM_INTERCEPT_SKINIT (1u << 6)

#define SVM_TLB_FLUSH_ALL 1

/* Exit codes */
#define SVM_EXIT_EXCP_BASE 0x040
#define SVM_EXIT_INTR 0x060
#define SVM_EXIT_NMI 0x061
#define SVM_EXIT_INIT 0x063
#define SVM_EXIT_CPUID 0x072
#define SVM_EXIT_INVD 0x076
#define SVM_EXIT_IOIO 0x07b
#define SVM_EXIT_MSR 0x07c
#define SVM_EXIT_SHUTDOWN 0x07f
#define SVM_EXIT_VMRUN 0x080
#define SVM_EXIT_VMMCALL 0x081
#define SVM_EXIT_VMLOAD 0x082
#define SVM_EXIT_VMSAVE 0x083
#define SVM_EXIT_STGI 0x084
#define SVM_EXIT_CLGI 0x085
#define SVM_EXIT_SKINIT 0x086
#define SVM_EXIT_NPF 0x400
#define SVM_EXIT_INVALID ((uint64_t)-1)

/* IOIO exit information 1 */
#define SVM_IOIO_IN (1u << 0)
#define SVM_IOIO_STR (1u << 2)
#define SVM_IOIO_REP (1u << 3)
#define SVM_IOIO_SIZE_SHIFT 4 /* one-hot: 1, 2, 4 bytes */
#define SVM_IOIO_PORT_SHIFT 16

/* Nested page fault error code (exit information 1) */
#define SVM_NPF_PRESENT (1ull << 0)
#define SVM_NPF_WRITE (1ull << 1)
#define SVM_NPF_FETCH (1ull << 4)

/* Event injection */
#define SVM_EVENT_VALID (1u << 31)
#define SVM_EVENT_TYPE_NMI (2u << 8)
#define SVM_EVENT_TYPE_EXCEPTION (3u << 8)

struct vmcb_segment {
	uint16_t selector;
	uint16_t attrib; /* access byte in 7:0, AVL/L/DB/G in 11:8 */
	uint32_t limit;
	uint64_t base;
} __attribute__((packed));

struct vmcb {
	/* control area */
	uint32_t intercept_cr;
	uint32_t intercept_dr;
	uint32_t intercept_exceptions;
	uint32_t intercept_misc1;
	uint32_t intercept_misc2;
	uint8_t reserved_014[0x03c - 0x014];
	uint16_t pause_filter_threshold;
	uint16_t pause_filter_count;
	uint64_t iopm_base_pa;
	uint64_t msrpm_base_pa;
	uint64_t tsc_offset;
	uint32_t guest_asid;
	uint8_t tlb_control;
	uint8_t reserved_05d[3];
	uint64_t v_intr; /* V_TPR, V_IRQ, V_INTR_MASKING (bit 24), ... */
	uint64_t interrupt_shadow;
	uint64_t exitcode;
	uint64_t exitinfo1;
	uint64_t exitinfo2;
	uint64_t exitintinfo;
	uint64_t np_control; /* bit 0: nested paging */
	uint8_t reserved_098[0x0a8 - 0x098];
	uint64_t eventinj;
	uint64_t n_cr3;
	uint64_t lbr_control;
	uint32_t clean_bits;
	uint32_t reserved_0c4;
	uint64_t next_rip;
	uint8_t bytes_fetched;
	uint8_t guest_bytes[15];
	uint8_t reserved_0e0[0x400 - 0x0e0];

	/* state save area */
	struct vmcb_segment es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;
	uint8_t reserved_4a0[0x4cb - 0x4a0];
	uint8_t cpl;
	uint32_t reserved_4cc;
	uint64_t efer;
	uint8_t reserved_4d8[0x548 - 0x4d8];
	uint64_t cr4;
	uint64_t cr3;
	uint64_t cr0;
	uint64_t dr7;
	uint64_t dr6;
	uint64_t rflags;
	uint64_t rip;
	uint8_t reserved_580[0x5d8 - 0x580];
	uint64_t rsp;
	uint8_t reserved_5e0[0x5f8 - 0x5e0];
	uint64_t rax;
	uint64_t star;
	uint64_t lstar;
	uint64_t cstar;
	uint64_t sfmask;
	uint64_t kernel_gs_base;
	uint64_t sysenter_cs;
	uint64_t sysenter_esp;
	uint64_t sysenter_eip;
	uint64_t cr2;
	uint8_t reserved_648[0x668 - 0x648];
	uint64_t g_pat;
	uint64_t dbgctl;
	uint8_t reserved_678[0x1000 - 0x678];
} __attribute__((packed));

_Static_assert(offsetof(struct vmcb, iopm_base_pa) == 0x040, "VMCB layout");
_Static_assert(offsetof(struct vmcb, guest_asid) == 0x058, "VMCB layout");
_Static_assert(offsetof(struct vmcb, exitcode) == 0x070, "VMCB layout");
_Static_assert(offsetof(struct vmcb, np_control) == 0x090, "VMCB layout");
_Static_assert(offsetof(struct vmcb, eventinj) == 0x0a8, "VMCB layout");
_Static_assert(offsetof(struct vmcb, n_cr3) == 0x0b0, "VMCB layout");
_Static_assert(offsetof(struct vmcb, next_rip) == 0x0c8, "VMCB layout");
_Static_assert(offsetof(struct vmcb, es) == 0x400, "VMCB layout");
_Static_assert(offsetof(struct vmcb, tr) == 0x490, "VMCB layout");
_Static_assert(offsetof(struct vmcb, cpl) == 0x4cb, "VMCB layout");
_Static_assert(offsetof(struct vmcb, efer) == 0x4d0, "VMCB layout");
_Static_assert(offsetof(struct vmcb, cr4) == 0x548, "VMCB layout");
_Static_assert(offsetof(struct vmcb, rip) == 0x578, "VMCB layout");
_Static_assert(offsetof(struct vmcb, rsp) == 0x5d8, "VMCB layout");
_Static_assert(offsetof(struct vmcb, rax) == 0x5f8, "VMCB layout");
_Static_assert(offsetof(struct vmcb, cr2) == 0x640, "VMCB layout");
_Static_assert(offsetof(struct vmcb, g_pat) == 0x668, "VMCB layout");
_Static_assert(sizeof(struct vmcb) == 0x1000, "VMCB layout");

#endif /* WARDEN_ASM_SVM_H */
