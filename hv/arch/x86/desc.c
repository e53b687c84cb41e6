// SPDX-License-Identifier: GPL-2.0
/*
 * GDT, TSS and IDT of the hypervisor.
 *
 * Exceptions that can arrive on a broken stack (double fault, NMI,
 * machine check) switch to their own stacks through the TSS's interrupt
 * stack table, so even a stack overflow ends in a readable report instead
 * of a triple fault. Every CPU has its own GDT and TSS; the IDT is shared.
 */
#include <stdint.h>
#include <warden/layout.h>
#include <asm/desc.h>

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern const uint8_t trap_stubs[];
extern const uint8_t irq_drop_entry[];

static struct idt_gate idt[256] __attribute__((aligned(16)));

/* Which IST slot (1-based, 0 = current stack) each exception uses. */
static uint8_t exception_ist(unsigned int vector)
{
	switch (vector) {
	case EXC_NMI:
		return 1;
	case EXC_DOUBLE_FAULT:
		return 2;
	case EXC_MACHINE_CHECK:
		return 3;
	default:
		return 0;
	}
}

static void idt_fill(void)
{
	unsigned int i;

	for (i = 0; i < 256; i++) {
		uint64_t handler = i < 32 ? (uint64_t)(trap_stubs + i * 16) :
					    (uint64_t)irq_drop_entry;

		idt[i].offset_low = handler & 0xffff;
		idt[i].selector = GDT_CODE64;
		idt[i].ist = exception_ist(i);
		idt[i].type_attr = 0x8e; /* present, DPL 0, interrupt gate */
		idt[i].offset_mid = (handler >> 16) & 0xffff;
		idt[i].offset_high = handler >> 32;
	}
}

static void set_tss_descriptor(struct cpu_desc *d)
{
	uint64_t base = (uint64_t)&d->tss;
	uint64_t limit = sizeof(d->tss) - 1;

	/* Available 64-bit TSS (type 9), present. */
	d->gdt[GDT_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			      (0x89ull << 40) | (((limit >> 16) & 0xf) << 48) |
			      (((base >> 24) & 0xff) << 56);
	d->gdt[GDT_TSS / 8 + 1] = base >> 32;
}

void desc_load(struct cpu_desc *d, void *const ist_tops[3])
{
	struct desc_ptr gdtr = { sizeof(d->gdt) - 1, (uint64_t)d->gdt };
	struct desc_ptr idtr = { sizeof(idt) - 1, (uint64_t)idt };
	unsigned int i;

	if (!idt[0].type_attr)
		idt_fill();
	d->gdt[0] = 0;
	d->gdt[GDT_CODE64 / 8] = 0x00af9b000000ffffull;
	d->gdt[GDT_DATA / 8] = 0x00cf93000000ffffull;
	d->gdt[GDT_CODE32 / 8] = 0x00cf9b000000ffffull;
	for (i = 0; i < 3; i++)
		d->tss.ist[i] = (uint64_t)ist_tops[i];
	d->tss.iomap_base = sizeof(d->tss);
	set_tss_descriptor(d);

	asm volatile("lgdt %0\n\t"
		     "pushq %1\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "movl %2, %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %%eax, %%es\n\t"
		     "movl %%eax, %%ss\n\t"
		     "ltr %w3\n\t"
		     "lidt %4"
		     :
		     : "m"(gdtr), "i"((uint64_t)GDT_CODE64), "i"(GDT_DATA),
		       "r"(GDT_TSS), "m"(idtr)
		     : "rax", "memory");
}
