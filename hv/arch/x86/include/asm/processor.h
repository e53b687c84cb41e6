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

static inline uint16_t inw(uint16_t port)
{
	uint16_t value;

	asm volatile("inw %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline void outl(uint16_t port, uint32_t value)
{
	asm volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

#define MSR_EFER 0xc0000080
#define EFER_SCE (1ull << 0)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)
#define EFER_SVME (1ull << 12)

#define CPUID_80000001_EDX_NX (1u << 20)
#define CPUID_80000001_EDX_PAGE1GB (1u << 26)
#define CPUID_80000001_ECX_SVM (1u << 2)

static inline void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *eax,
			 uint32_t *ebx, uint32_t *ecx, uint32_t *edx)
{
	asm volatile("cpuid"
		     : "=a"(*eax), "=b"(*ebx), "=c"(*ecx), "=d"(*edx)
		     : "a"(leaf), "c"(subleaf));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t value)
{
	asm volatile("wrmsr"
		     :
		     : "c"(msr), "a"((uint32_t)value),
		       "d"((uint32_t)(value >> 32))
		     : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t value;

	asm volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
	return value;
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

static inline void write_cr0(uint64_t value)
{
	asm volatile("mov %0, %%cr0" : : "r"(value) : "memory");
}

static inline void write_cr4(uint64_t value)
{
	asm volatile("mov %0, %%cr4" : : "r"(value) : "memory");
}

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
