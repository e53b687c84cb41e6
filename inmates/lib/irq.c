// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The interrupt table: all 256 vectors have an entry. Exceptions report
 * where they happened and stop the CPU; interrupts go to the handler the
 * inmate registered and are acknowledged at the APIC afterwards. A vector
 * nobody registered is reported once, not fatal.
 */
#include <inmate.h>

#define NUM_VECTORS 256
#define FIRST_IRQ 32

struct irq_frame {
	unsigned long error_code;
	unsigned long ip;
	unsigned long cs;
	unsigned long flags;
};

extern const uint8_t irq_stubs[];

#ifdef __x86_64__
struct idt_gate {
	uint16_t offset_low, selector;
	uint8_t ist, type_attr;
	uint16_t offset_mid;
	uint32_t offset_high, reserved;
} __attribute__((packed));
#define CODE_SELECTOR 0x10
#else
struct idt_gate {
	uint16_t offset_low, selector;
	uint8_t reserved, type_attr;
	uint16_t offset_high;
} __attribute__((packed));
#define CODE_SELECTOR 0x08
#endif

static struct idt_gate idt[NUM_VECTORS] __attribute__((aligned(16)));
static irq_handler_t handlers[NUM_VECTORS];
static uint8_t reported[NUM_VECTORS / 8];

void irq_init(void)
{
	struct {
		uint16_t limit;
		unsigned long base;
	} __attribute__((packed))
	desc = { sizeof(idt) - 1, (unsigned long)idt };
	unsigned int v;

	/* Every CPU loads the one table; the main CPU fills it first. */
	if (!idt[0].type_attr) {
		for (v = 0; v < NUM_VECTORS; v++) {
			unsigned long stub =
				(unsigned long)(irq_stubs + v * 16);

			idt[v].offset_low = stub & 0xffff;
			idt[v].selector = CODE_SELECTOR;
			idt[v].type_attr = 0x8e; /* present interrupt gate */
#ifdef __x86_64__
			idt[v].offset_mid = stub >> 16;
			idt[v].offset_high = (uint64_t)stub >> 32;
#else
			idt[v].offset_high = stub >> 16;
#endif
		}
	}
	asm volatile("lidt %0" : : "m"(desc));
}

void irq_set_handler(unsigned int vector, irq_handler_t handler)
{
	if (vector >= FIRST_IRQ && vector < NUM_VECTORS)
		handlers[vector] = handler;
}

void irq_dispatch(unsigned long vector, struct irq_frame *frame)
{
	if (vector < FIRST_IRQ) {
		printk("inmate: exception %lu at IP 0x%lx (error code 0x%lx) "
		       "on APIC ID %u; CPU stopped\n",
		       vector, frame->ip, frame->error_code, apic_id());
		cpu_stop();
	}
	if (handlers[vector]) {
		handlers[vector](vector);
	} else if (!(reported[vector / 8] & (1u << (vector % 8)))) {
		reported[vector / 8] |= 1u << (vector % 8);
		printk("inmate: unexpected interrupt, vector %lu\n", vector);
	}
	apic_eoi();
}
