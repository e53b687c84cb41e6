/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU state. Each CPU's block is PERCPU_SIZE bytes, aligned to its
 * size, with the CPU's stack at its start: this_cpu() masks the stack
 * pointer instead of needing a segment base (which the SVM guest state
 * switch would have to preserve).
 */
#ifndef WARDEN_PERCPU_H
#define WARDEN_PERCPU_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/desc.h>
#include <asm/vcpu.h>

#define PERCPU_SIZE 0x10000
#define PERCPU_STACK_SIZE 0x4000
#define PERCPU_IST_STACK_SIZE 0x2000
#define PERCPU_IST_STACKS 3
#define MAX_CPUS 64

struct per_cpu {
	uint8_t stack[PERCPU_STACK_SIZE];
	uint8_t ist_stacks[PERCPU_IST_STACKS][PERCPU_IST_STACK_SIZE];
	struct cpu_desc desc;
	unsigned int cpu_id; /* logical, as the root Linux numbers CPUs */
	uint32_t apic_id;
	volatile bool started;
	struct vcpu vcpu;
	/* PCI configuration address last written to port 0xcf8 */
	uint32_t pci_cfg_addr;
} __attribute__((aligned(4096)));

_Static_assert(sizeof(struct per_cpu) <= PERCPU_SIZE, "per_cpu too large");

static inline struct per_cpu *this_cpu(void)
{
	uint64_t rsp;

	asm volatile("mov %%rsp, %0" : "=r"(rsp));
	return (struct per_cpu *)(rsp & ~(uint64_t)(PERCPU_SIZE - 1));
}

static inline unsigned int this_cpu_id(void)
{
	return this_cpu()->cpu_id;
}

static inline struct per_cpu *vcpu_to_cpu(struct vcpu *vcpu)
{
	return (struct per_cpu *)((uint8_t *)vcpu -
				  __builtin_offsetof(struct per_cpu, vcpu));
}

static inline void *percpu_stack_top(struct per_cpu *pcpu)
{
	return pcpu->stack + PERCPU_STACK_SIZE;
}

/* Allocate and clear a per-CPU block (from the hypervisor pool). */
struct per_cpu *percpu_alloc(unsigned int cpu_id, uint32_t apic_id);

extern struct per_cpu *per_cpus[MAX_CPUS];
extern unsigned int num_cpus;

#endif /* WARDEN_PERCPU_H */
