/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small x86 helpers: port I/O, control registers, halting.
 */
#ifndef WARDEN_ASM_PROCESSOR_H
#define WARDEN_ASM_PROCESSOR_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t value)
{
	asm volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t value;

	asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline void outw(uint16_t port, uint16_t value)
{
	asm volatile("outw %0, %1" : : "a"(value), "Nd"(port));
}

#define DEFINE_READ_CR(n)                                            \
	static inline uint64_t read_cr##n(void)                      \
	{                                                            \
		uint64_t value;                                      \
		asm volatile("mov %%cr" #n ", %0" : "=r"(value));    \
		return value;                                        \
	}
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)

static inline void cpu_relax(void)
{
	asm volatile("pause" : : : "memory");
}

static inline void __attribute__((noreturn)) cpu_halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

#endif /* WARDEN_ASM_PROCESSOR_H */
