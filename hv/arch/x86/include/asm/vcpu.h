/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtual CPU of a cell, and the interface between the vendor back-ends
 * (SVM now, VMX later) and the x86 code they share: the back-end enters
 * and leaves the guest and decodes its exit; everything that decides what
 * a guest may do (CPUID, MSRs, ports, MMIO, hypercalls, INIT/SIPI) lives
 * in the shared code.
 */
#ifndef WARDEN_ASM_VCPU_H
#define WARDEN_ASM_VCPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* General registers, numbered as the instruction decoder numbers them. */
enum guest_reg {
	REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
	REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
	NUM_GUEST_REGS
};

/* VM-exit statistics, in the order of the Jailhouse counters (spec 4.6). */
enum vcpu_stat {
	STAT_TOTAL, STAT_MMIO, STAT_MANAGEMENT, STAT_HYPERCALL, STAT_PIO,
	STAT_XAPIC, STAT_CR, STAT_CPUID, STAT_XSETBV, STAT_EXCEPTION,
	STAT_MSR_OTHER, STAT_MSR_X2APIC_ICR, NUM_VCPU_STATS
};

/* How a vCPU (re)starts. */
enum vcpu_start {
	VCPU_START_LINUX32, /* 32-bit boot protocol entry: flat, paging off */
	VCPU_START_REAL, /* real mode at CS = vector << 8 (SIPI) */
	VCPU_START_CELL, /* real mode at a cell's cpu_reset_address */
};

struct cell;
struct vmcb;

/* IOAPICs a cell can program (configurations may list more: ignored). */
#define VCPU_IOAPICS 4

struct vcpu {
	uint64_t regs[NUM_GUEST_REGS];
	struct cell *cell;
	/* SVM */
	struct vmcb *vmcb;
	uint64_t vmcb_phys;
	uint64_t host_state_phys; /* host's VMSAVE/VMLOAD state */
	/* VMX */
	uint64_t vmcs_phys;
	bool vmcs_launched; /* VMRESUME, not VMLAUNCH, enters next */
	/* INIT/SIPI from other vCPUs; vector -1 = none */
	volatile bool init_pending;
	volatile int sipi_vector;
	bool wait_for_sipi;
	bool failed;
	uint32_t stats[NUM_VCPU_STATS];
	/* NMIs other CPUs sent to pull this one out of its guest */
	volatile unsigned int nmi_kicks;
	/* the host NMI handler saw an NMI that was not a kick */
	volatile bool nmi_seen;
	/* management requests from other CPUs (VCPU_REQ_*) */
	volatile unsigned int requests;
	struct cell *park_cell; /* the cell to belong to once parked */
	volatile bool parked; /* in the hypervisor, running no guest code */
	volatile bool start_requested; /* parked: start at the cell's reset */
	uint64_t start_address;
	/* IOAPIC register select, per IOAPIC of the cell (vioapic.c) */
	uint32_t ioapic_regsel[VCPU_IOAPICS];
	/* xAPIC logical destination of this CPU, as its guest set it */
	uint32_t xapic_ldr;
	uint32_t xapic_dfr;
};

#define XAPIC_DFR_FLAT 0xffffffff

#define VCPU_REQ_PARK 0x1 /* leave the guest, join park_cell, wait */
#define VCPU_REQ_FLUSH 0x2 /* flush guest TLB entries before re-entry */

struct guest_state {
	uint64_t cr0, cr3, cr4, efer, rflags, rip, cs_base;
	bool cs_l, cs_d;
	unsigned int cpl;
};

/*
 * --- the vendor back-end (svm.c / vmx.c), chosen by the CPU's vendor ---
 * vendor.c forwards each vendor_*() call to the back-end's operations.
 */
struct paging_format;

struct vendor_ops {
	const char *(*name)(void);
	/* Checks on the boot CPU; stops the boot naming what is missing. */
	void (*check)(void);
	/* Second-level page table format: NPT or EPT. */
	const struct paging_format *paging;
	void (*cpu_init)(struct vcpu *vcpu);
	void (*vcpu_reset)(struct vcpu *vcpu, enum vcpu_start how,
			   uint64_t entry);
	void (*set_gdt)(struct vcpu *vcpu, uint64_t base, uint16_t limit);
	void (*vcpu_run)(struct vcpu *vcpu); /* never returns */
	void (*get_guest_state)(struct vcpu *vcpu, struct guest_state *st);
	void (*skip_instruction)(struct vcpu *vcpu, unsigned int len);
	void (*inject_exception)(struct vcpu *vcpu, unsigned int vector);
	void (*irq_window)(void);
	int (*cell_init)(struct cell *cell);
	void (*cell_exit)(struct cell *cell);
	void (*flush_tlb)(struct vcpu *vcpu);
};

extern const struct vendor_ops svm_ops, vmx_ops;

const char *vendor_name(void);
/* Checks on the boot CPU; stops the boot naming what is missing. */
void vendor_check(void);
const struct paging_format *vendor_paging_format(void);
/* Enable virtualization on the calling CPU and prepare its vCPU. */
void vendor_cpu_init(struct vcpu *vcpu);
/* The calling CPU's own vCPU only (its VMCS is the current one). */
void vendor_vcpu_reset(struct vcpu *vcpu, enum vcpu_start how,
		       uint64_t entry);
void vendor_set_gdt(struct vcpu *vcpu, uint64_t base, uint16_t limit);
void __attribute__((noreturn)) vendor_vcpu_run(struct vcpu *vcpu);
void vendor_get_guest_state(struct vcpu *vcpu, struct guest_state *st);
void vendor_skip_instruction(struct vcpu *vcpu, unsigned int len);
void vendor_inject_exception(struct vcpu *vcpu, unsigned int vector);
/* Let pending external interrupts in for a moment (hypervisor IDT). */
void vendor_irq_window(void);
/* Prepare a cell's permission maps (I/O ports, MSRs) for this vendor. */
int vendor_cell_init(struct cell *cell);
void vendor_cell_exit(struct cell *cell);
void vendor_flush_tlb(struct vcpu *vcpu);

/* --- shared x86 exit handling (vcpu.c) --- */
void vcpu_handle_cpuid(struct vcpu *vcpu);
/* Returns false if the access is a violation that stops the vCPU. */
bool vcpu_handle_msr(struct vcpu *vcpu, bool write);
bool vcpu_handle_io(struct vcpu *vcpu, uint16_t port, unsigned int size,
		    bool in);
bool vcpu_handle_mmio(struct vcpu *vcpu, uint64_t gpa, bool write);
void vcpu_handle_hypercall(struct vcpu *vcpu);
/*
 * An invalid-opcode exception: the other vendor's hypercall instruction
 * (VMCALL on AMD, VMMCALL on Intel) is served as a hypercall, anything
 * else gets its #UD.
 */
void vcpu_handle_ud(struct vcpu *vcpu);
/* An NMI or INIT reached this vCPU: returns true if it was ours. */
bool vcpu_handle_management(struct vcpu *vcpu);
/* A violation or unhandled exit: root CPUs halt, cell CPUs park failed. */
void vcpu_stop(struct vcpu *vcpu, const char *why);
/*
 * Before every guest entry: serve management requests, and wait while
 * parked or waiting for a start-up IPI. Returns once the vCPU may run.
 */
void vcpu_before_entry(struct vcpu *vcpu);
/* Pull @target out of its guest (an NMI the hypervisor will recognise). */
void vcpu_kick(struct vcpu *target);
/* An NMI arrived: true if it was a kick (consumed), false if a real one. */
bool vcpu_take_kick(struct vcpu *vcpu);

/* Ask @target to act on @request and wait until it has (or time out). */
int vcpu_request(struct vcpu *target, unsigned int request);
/* Serve requests to the calling CPU while it waits for something. */
void vcpu_serve_own_requests(void);
/* Statistics: printed on request ('s' on the hypervisor console). */
void vcpu_stats_dump(void);
void vcpu_stats_poll(struct vcpu *vcpu);

/* Up to @len instruction bytes at the guest's RIP; 0 or -errno. */
int vcpu_read_code(struct vcpu *vcpu, uint8_t *buf, size_t len, size_t *got);

#endif /* WARDEN_ASM_VCPU_H */
