// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the MMIO instruction decoder (hv/arch/x86/insn_decode.c).
 *
 * The byte sequences were produced by GNU as (--64, --32, .code16) from
 * the assembly in each entry's text and cross-checked with objdump; the
 * few hand-assembled ones (prefix corner cases) were checked with objdump
 * -d as well. The expected fields were written from the assembly text,
 * not from the decoder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <warden/errno.h>

#include <asm/insn_decode.h>

#define R(x) INSN_REG_##x
#define NR INSN_NO_REG
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Which modes an entry is decoded in. */
enum test_mode {
	M64, /* CPU_MODE_LONG64 */
	M32, /* CPU_MODE_PROT32 */
	M16, /* both CPU_MODE_REAL and CPU_MODE_PROT16 */
};

struct enc {
	enum test_mode mode;
	const char *text;
	uint8_t bytes[INSN_MAX_LEN];
	uint8_t n;

	enum mmio_dir dir;
	uint8_t size;
	uint8_t reg;
	bool high8;
	bool has_imm;
	uint64_t imm;
	uint8_t dst_size;
	enum insn_ext ext;

	bool has_mem;
	int8_t base, index;
	uint8_t scale;
	int64_t disp;
	uint8_t addr_size;
	enum insn_seg seg;
	bool seg_override;
	bool rip_relative;
	bool moffs;
};

#define B(...) .bytes = { __VA_ARGS__ }, .n = sizeof((uint8_t[]){ __VA_ARGS__ })

/* write from register r, size s */
#define WR(s, r) .dir = MMIO_WRITE, .size = (s), .reg = R(r)
/* write from AH/CH/DH/BH, i.e. bits 15:8 of r */
#define WRH(r) .dir = MMIO_WRITE, .size = 1, .reg = R(r), .high8 = true
/* write an immediate */
#define WI(s, v) .dir = MMIO_WRITE, .size = (s), .has_imm = true, .imm = (v)
/* read s bytes into a d-byte register r, extended by e */
#define RD(s, d, r, e)                                               \
	.dir = MMIO_READ, .size = (s), .dst_size = (d), .reg = R(r), \
	.ext = INSN_EXT_##e
#define RDH(r)                                                   \
	.dir = MMIO_READ, .size = 1, .dst_size = 1, .reg = R(r), \
	.high8 = true, .ext = INSN_EXT_NONE

#define MEM(b, i, sc, d, as, sg)                                   \
	.has_mem = true, .base = (b), .index = (i), .scale = (sc), \
	.disp = (d), .addr_size = (as), .seg = INSN_SEG_##sg
#define OVR .seg_override = true
#define RIPREL(d, as) MEM(NR, NR, 1, d, as, DS), .rip_relative = true
#define MOFFS(d, as) MEM(NR, NR, 1, d, as, DS), .moffs = true

static const struct enc encs[] = {
	/* ---- 64-bit mode ---- */
	{ M64, "movl %eax, 0x300(%rdx)", B(0x89, 0x82, 0x00, 0x03, 0x00, 0x00),
	  WR(4, RAX), MEM(R(RDX), NR, 1, 0x300, 8, DS) },
	{ M64, "movb $0x1, (%rdi)", B(0xc6, 0x07, 0x01), WI(1, 1),
	  MEM(R(RDI), NR, 1, 0, 8, DS) },
	{ M64, "mov 0x20(%rip), %r9d", B(0x44, 0x8b, 0x0d, 0x20, 0, 0, 0),
	  RD(4, 4, R9, NONE), RIPREL(0x20, 8) },
	{ M64, "movzwl (%rax,%rbx,4), %ecx", B(0x0f, 0xb7, 0x0c, 0x98),
	  RD(2, 4, RCX, ZERO), MEM(R(RAX), R(RBX), 4, 0, 8, DS) },
	{ M64, "movq %r15, -8(%rsp,%r12,8)", B(0x4e, 0x89, 0x7c, 0xe4, 0xf8),
	  WR(8, R15), MEM(R(RSP), R(R12), 8, -8, 8, SS) },
	{ M64, "mov %ah, (%rsi)", B(0x88, 0x26), WRH(RAX),
	  MEM(R(RSI), NR, 1, 0, 8, DS) },
	{ M64, "mov %sil, (%rax)", B(0x40, 0x88, 0x30), WR(1, RSI),
	  MEM(R(RAX), NR, 1, 0, 8, DS) },
	{ M64, "mov %bh, 0x10(%rbx)", B(0x88, 0x7b, 0x10), WRH(RBX),
	  MEM(R(RBX), NR, 1, 0x10, 8, DS) },
	{ M64, "mov (%rcx), %dh", B(0x8a, 0x31), RDH(RDX),
	  MEM(R(RCX), NR, 1, 0, 8, DS) },
	{ M64, "mov (%rcx), %dil", B(0x40, 0x8a, 0x39), RD(1, 1, RDI, NONE),
	  MEM(R(RCX), NR, 1, 0, 8, DS) },
	{ M64, "mov (%r8), %al", B(0x41, 0x8a, 0x00), RD(1, 1, RAX, NONE),
	  MEM(R(R8), NR, 1, 0, 8, DS) },
	{ M64, "movb (%rdx), %r10b", B(0x44, 0x8a, 0x12), RD(1, 1, R10, NONE),
	  MEM(R(RDX), NR, 1, 0, 8, DS) },
	{ M64, "movw %ax, (%rdi)", B(0x66, 0x89, 0x07), WR(2, RAX),
	  MEM(R(RDI), NR, 1, 0, 8, DS) },
	{ M64, "movw %r11w, 0x7fff(%r13)",
	  B(0x66, 0x45, 0x89, 0x9d, 0xff, 0x7f, 0x00, 0x00), WR(2, R11),
	  MEM(R(R13), NR, 1, 0x7fff, 8, DS) },
	{ M64, "movq %rax, (%rdi)", B(0x48, 0x89, 0x07), WR(8, RAX),
	  MEM(R(RDI), NR, 1, 0, 8, DS) },
	{ M64, "movq (%rdi), %rax", B(0x48, 0x8b, 0x07), RD(8, 8, RAX, NONE),
	  MEM(R(RDI), NR, 1, 0, 8, DS) },
	{ M64, "movl (%rdi), %eax", B(0x8b, 0x07), RD(4, 4, RAX, NONE),
	  MEM(R(RDI), NR, 1, 0, 8, DS) },
	{ M64, "movw (%rdi), %ax", B(0x66, 0x8b, 0x07), RD(2, 2, RAX, NONE),
	  MEM(R(RDI), NR, 1, 0, 8, DS) },
	{ M64, "movq 0x12345678(%r14,%r15,2), %r8",
	  B(0x4f, 0x8b, 0x84, 0x7e, 0x78, 0x56, 0x34, 0x12), RD(8, 8, R8, NONE),
	  MEM(R(R14), R(R15), 2, 0x12345678, 8, DS) },
	{ M64, "movl $0xdeadbeef, 0x20(%rax)",
	  B(0xc7, 0x40, 0x20, 0xef, 0xbe, 0xad, 0xde), WI(4, 0xdeadbeef),
	  MEM(R(RAX), NR, 1, 0x20, 8, DS) },
	{ M64, "movq $-1, (%rax)", B(0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0xff),
	  WI(8, 0xffffffffffffffffULL), MEM(R(RAX), NR, 1, 0, 8, DS) },
	{ M64, "movq $0x7fffffff, 0x8(%rax)",
	  B(0x48, 0xc7, 0x40, 0x08, 0xff, 0xff, 0xff, 0x7f), WI(8, 0x7fffffff),
	  MEM(R(RAX), NR, 1, 8, 8, DS) },
	{ M64, "movw $0xabcd, (%rbx)", B(0x66, 0xc7, 0x03, 0xcd, 0xab),
	  WI(2, 0xabcd), MEM(R(RBX), NR, 1, 0, 8, DS) },
	{ M64, "movb $0xff, -1(%rbp)", B(0xc6, 0x45, 0xff, 0xff), WI(1, 0xff),
	  MEM(R(RBP), NR, 1, -1, 8, SS) },
	{ M64, "movzbl (%rax), %eax", B(0x0f, 0xb6, 0x00), RD(1, 4, RAX, ZERO),
	  MEM(R(RAX), NR, 1, 0, 8, DS) },
	{ M64, "movzbq (%r9), %r10", B(0x4d, 0x0f, 0xb6, 0x11),
	  RD(1, 8, R10, ZERO), MEM(R(R9), NR, 1, 0, 8, DS) },
	{ M64, "movzbw (%rax), %dx", B(0x66, 0x0f, 0xb6, 0x10),
	  RD(1, 2, RDX, ZERO), MEM(R(RAX), NR, 1, 0, 8, DS) },
	{ M64, "movzwq (%rax), %rax", B(0x48, 0x0f, 0xb7, 0x00),
	  RD(2, 8, RAX, ZERO), MEM(R(RAX), NR, 1, 0, 8, DS) },
	{ M64, "movsbl (%rax), %eax", B(0x0f, 0xbe, 0x00), RD(1, 4, RAX, SIGN),
	  MEM(R(RAX), NR, 1, 0, 8, DS) },
	{ M64, "movswq 0x10(%rsi), %rdx", B(0x48, 0x0f, 0xbf, 0x56, 0x10),
	  RD(2, 8, RDX, SIGN), MEM(R(RSI), NR, 1, 0x10, 8, DS) },
	{ M64, "movsbw (%rax), %cx", B(0x66, 0x0f, 0xbe, 0x08),
	  RD(1, 2, RCX, SIGN), MEM(R(RAX), NR, 1, 0, 8, DS) },
	{ M64, "movslq (%rcx), %rdx", B(0x48, 0x63, 0x11), RD(4, 8, RDX, SIGN),
	  MEM(R(RCX), NR, 1, 0, 8, DS) },
	{ M64, "movsxd (%rdi), %ax (66 63 07)", B(0x66, 0x63, 0x07),
	  RD(2, 2, RAX, NONE), MEM(R(RDI), NR, 1, 0, 8, DS) },
	{ M64, "movsxd (%rdi), %eax (63 07)", B(0x63, 0x07),
	  RD(4, 4, RAX, NONE), MEM(R(RDI), NR, 1, 0, 8, DS) },
	{ M64, "movabs 0xfee000b0, %eax",
	  B(0xa1, 0xb0, 0x00, 0xe0, 0xfe, 0, 0, 0, 0), RD(4, 4, RAX, NONE),
	  MOFFS(0xfee000b0, 8) },
	{ M64, "movabs %eax, 0xfee00300",
	  B(0xa3, 0x00, 0x03, 0xe0, 0xfe, 0, 0, 0, 0), WR(4, RAX),
	  MOFFS(0xfee00300, 8) },
	{ M64, "movabs %al, 0x1122334455667788",
	  B(0xa2, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11), WR(1, RAX),
	  MOFFS(0x1122334455667788, 8) },
	{ M64, "movabs 0x1122334455667788, %rax",
	  B(0x48, 0xa1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11),
	  RD(8, 8, RAX, NONE), MOFFS(0x1122334455667788, 8) },
	{ M64, "movabs %ax, 0xfec00010",
	  B(0x66, 0xa3, 0x10, 0x00, 0xc0, 0xfe, 0, 0, 0, 0), WR(2, RAX),
	  MOFFS(0xfec00010, 8) },
	{ M64, "addr32 movabs 0xfee000b0, %eax",
	  B(0x67, 0xa1, 0xb0, 0x00, 0xe0, 0xfe), RD(4, 4, RAX, NONE),
	  MOFFS(0xfee000b0, 4) },
	{ M64, "addr32 mov 0x10(%eax), %ecx", B(0x67, 0x8b, 0x48, 0x10),
	  RD(4, 4, RCX, NONE), MEM(R(RAX), NR, 1, 0x10, 4, DS) },
	{ M64, "mov %ecx, (%eax,%ebx,8)", B(0x67, 0x89, 0x0c, 0xd8), WR(4, RCX),
	  MEM(R(RAX), R(RBX), 8, 0, 4, DS) },
	{ M64, "movl %eax, %gs:0x10", B(0x65, 0x89, 0x04, 0x25, 0x10, 0, 0, 0),
	  WR(4, RAX), MEM(NR, NR, 1, 0x10, 8, GS), OVR },
	{ M64, "movl %fs:(%rax), %ebx", B(0x64, 0x8b, 0x18),
	  RD(4, 4, RBX, NONE), MEM(R(RAX), NR, 1, 0, 8, FS), OVR },
	{ M64, "movl %ecx, %es:(%rax)", B(0x26, 0x89, 0x08), WR(4, RCX),
	  MEM(R(RAX), NR, 1, 0, 8, ES), OVR },
	{ M64, "mov %eax, (%r12)", B(0x41, 0x89, 0x04, 0x24), WR(4, RAX),
	  MEM(R(R12), NR, 1, 0, 8, DS) },
	{ M64, "mov %eax, (%r13)", B(0x41, 0x89, 0x45, 0x00), WR(4, RAX),
	  MEM(R(R13), NR, 1, 0, 8, DS) },
	{ M64, "mov %eax, (%rbp)", B(0x89, 0x45, 0x00), WR(4, RAX),
	  MEM(R(RBP), NR, 1, 0, 8, SS) },
	{ M64, "mov 0x1000, %eax", B(0x8b, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00),
	  RD(4, 4, RAX, NONE), MEM(NR, NR, 1, 0x1000, 8, DS) },
	{ M64, "mov %eax, 0x100(,%rcx,4)",
	  B(0x89, 0x04, 0x8d, 0x00, 0x01, 0x00, 0x00), WR(4, RAX),
	  MEM(NR, R(RCX), 4, 0x100, 8, DS) },
	{ M64, "mov (%rsp), %r15", B(0x4c, 0x8b, 0x3c, 0x24),
	  RD(8, 8, R15, NONE), MEM(R(RSP), NR, 1, 0, 8, SS) },
	{ M64, "mov %r8d, 0x11223344(%rip)",
	  B(0x44, 0x89, 0x05, 0x44, 0x33, 0x22, 0x11), WR(4, R8),
	  RIPREL(0x11223344, 8) },
	{ M64, "movl $0x12345678, 0x100(%rip)",
	  B(0xc7, 0x05, 0x00, 0x01, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12),
	  WI(4, 0x12345678), RIPREL(0x100, 8) },
	{ M64, "movb $0x5a, 0x100(%rip)",
	  B(0xc6, 0x05, 0x00, 0x01, 0x00, 0x00, 0x5a), WI(1, 0x5a),
	  RIPREL(0x100, 8) },
	{ M64, "mov 0x10(%eip), %eax", B(0x67, 0x8b, 0x05, 0x10, 0, 0, 0),
	  RD(4, 4, RAX, NONE), RIPREL(0x10, 4) },
	{ M64, "mov %spl, 0x4(%rax)", B(0x40, 0x88, 0x60, 0x04), WR(1, RSP),
	  MEM(R(RAX), NR, 1, 4, 8, DS) },
	/* hand-assembled prefix corner cases, as objdump reads them */
	{ M64, "rex.W (ignored); mov %ax, (%rdi)", B(0x48, 0x66, 0x89, 0x07),
	  WR(2, RAX), MEM(R(RDI), NR, 1, 0, 8, DS) },
	{ M64, "rex (ignored); es mov %ah, (%rsi)", B(0x40, 0x26, 0x88, 0x26),
	  WRH(RAX), MEM(R(RSI), NR, 1, 0, 8, ES), OVR },
	{ M64, "data16 mov %rax, (%rdi): REX.W beats 66",
	  B(0x66, 0x48, 0x89, 0x07), WR(8, RAX), MEM(R(RDI), NR, 1, 0, 8, DS) },
	{ M64, "rex.B (ignored); mov %rax, (%rdi)", B(0x41, 0x48, 0x89, 0x07),
	  WR(8, RAX), MEM(R(RDI), NR, 1, 0, 8, DS) },
	{ M64, "data16 movq $0xffffffff80000000, (%rax)",
	  B(0x66, 0x48, 0xc7, 0x00, 0x00, 0x00, 0x00, 0x80),
	  WI(8, 0xffffffff80000000ULL), MEM(R(RAX), NR, 1, 0, 8, DS) },
	{ M64, "movw $0x1234, (%rax)", B(0x66, 0xc7, 0x00, 0x34, 0x12),
	  WI(2, 0x1234), MEM(R(RAX), NR, 1, 0, 8, DS) },
	{ M64, "mov %gs:0x10000(,%eiz,1), %r9d",
	  B(0x65, 0x67, 0x44, 0x8b, 0x0c, 0x25, 0x00, 0x00, 0x01, 0x00),
	  RD(4, 4, R9, NONE), MEM(NR, NR, 1, 0x10000, 4, GS), OVR },
	{ M64, "es x10; mov %eax, (%rsp) (13 bytes)",
	  B(0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x89,
	    0x04, 0x24),
	  WR(4, RAX), MEM(R(RSP), NR, 1, 0, 8, ES), OVR },
	{ M64, "es x12; mov %eax, (%rsp) (15 bytes)",
	  B(0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26,
	    0x26, 0x89, 0x04, 0x24),
	  WR(4, RAX), MEM(R(RSP), NR, 1, 0, 8, ES), OVR },
	{ M64, "mov (%rax,%r12,1), %eax", B(0x42, 0x8b, 0x04, 0x20),
	  RD(4, 4, RAX, NONE), MEM(R(RAX), R(R12), 1, 0, 8, DS) },
	{ M64, "mov 0x10(,%r12,1), %eax: SIB base 101 ignores REX.B",
	  B(0x43, 0x8b, 0x04, 0x25, 0x10, 0x00, 0x00, 0x00),
	  RD(4, 4, RAX, NONE), MEM(NR, R(R12), 1, 0x10, 8, DS) },
	{ M64, "mov 0x10(%rip), %eax: RIP-relative despite REX.B",
	  B(0x41, 0x8b, 0x05, 0x10, 0x00, 0x00, 0x00), RD(4, 4, RAX, NONE),
	  RIPREL(0x10, 8) },

	/* ---- 32-bit protected mode ---- */
	{ M32, "movl %eax, 0xfee000b0", B(0xa3, 0xb0, 0x00, 0xe0, 0xfe),
	  WR(4, RAX), MOFFS(0xfee000b0, 4) },
	{ M32, "movl 0xfec00010, %eax", B(0xa1, 0x10, 0x00, 0xc0, 0xfe),
	  RD(4, 4, RAX, NONE), MOFFS(0xfec00010, 4) },
	{ M32, "mov %al, 0x1234", B(0xa2, 0x34, 0x12, 0x00, 0x00), WR(1, RAX),
	  MOFFS(0x1234, 4) },
	{ M32, "mov 0x300(%edx), %ecx", B(0x8b, 0x8a, 0x00, 0x03, 0x00, 0x00),
	  RD(4, 4, RCX, NONE), MEM(R(RDX), NR, 1, 0x300, 4, DS) },
	{ M32, "mov 0x1234, %ecx (ModRM disp32, not RIP-relative)",
	  B(0x8b, 0x0d, 0x34, 0x12, 0x00, 0x00), RD(4, 4, RCX, NONE),
	  MEM(NR, NR, 1, 0x1234, 4, DS) },
	{ M32, "mov %ah, (%esi)", B(0x88, 0x26), WRH(RAX),
	  MEM(R(RSI), NR, 1, 0, 4, DS) },
	{ M32, "mov %bh, (%edi)", B(0x88, 0x3f), WRH(RBX),
	  MEM(R(RDI), NR, 1, 0, 4, DS) },
	{ M32, "movb $0x1, (%edi)", B(0xc6, 0x07, 0x01), WI(1, 1),
	  MEM(R(RDI), NR, 1, 0, 4, DS) },
	{ M32, "movw $0x1234, 0x10(%ebx)",
	  B(0x66, 0xc7, 0x43, 0x10, 0x34, 0x12), WI(2, 0x1234),
	  MEM(R(RBX), NR, 1, 0x10, 4, DS) },
	{ M32, "movl $0x89abcdef, (%eax,%ecx,2)",
	  B(0xc7, 0x04, 0x48, 0xef, 0xcd, 0xab, 0x89), WI(4, 0x89abcdef),
	  MEM(R(RAX), R(RCX), 2, 0, 4, DS) },
	{ M32, "movw %cx, 0x0(%ebp)", B(0x66, 0x89, 0x4d, 0x00), WR(2, RCX),
	  MEM(R(RBP), NR, 1, 0, 4, SS) },
	{ M32, "movzbl (%ebx), %edx", B(0x0f, 0xb6, 0x13), RD(1, 4, RDX, ZERO),
	  MEM(R(RBX), NR, 1, 0, 4, DS) },
	{ M32, "movzwl 0x4(%esp), %edi", B(0x0f, 0xb7, 0x7c, 0x24, 0x04),
	  RD(2, 4, RDI, ZERO), MEM(R(RSP), NR, 1, 4, 4, SS) },
	{ M32, "movsbw (%eax), %bx", B(0x66, 0x0f, 0xbe, 0x18),
	  RD(1, 2, RBX, SIGN), MEM(R(RAX), NR, 1, 0, 4, DS) },
	{ M32, "movswl (%eax), %eax", B(0x0f, 0xbf, 0x00), RD(2, 4, RAX, SIGN),
	  MEM(R(RAX), NR, 1, 0, 4, DS) },
	{ M32, "mov %ax, (%bx,%si)", B(0x67, 0x66, 0x89, 0x00), WR(2, RAX),
	  MEM(R(RBX), R(RSI), 1, 0, 2, DS) },
	{ M32, "addr16 mov 0x10(%bp,%di), %ecx", B(0x67, 0x8b, 0x4b, 0x10),
	  RD(4, 4, RCX, NONE), MEM(R(RBP), R(RDI), 1, 0x10, 2, SS) },
	{ M32, "mov 0x1234, %ax", B(0x66, 0xa1, 0x34, 0x12, 0x00, 0x00),
	  RD(2, 2, RAX, NONE), MOFFS(0x1234, 4) },
	{ M32, "addr16 mov 0x1234, %eax", B(0x67, 0xa1, 0x34, 0x12),
	  RD(4, 4, RAX, NONE), MOFFS(0x1234, 2) },
	{ M32, "movl %eax, %fs:(%edx)", B(0x64, 0x89, 0x02), WR(4, RAX),
	  MEM(R(RDX), NR, 1, 0, 4, FS), OVR },
	{ M32, "movl %ss:(%ecx), %eax", B(0x36, 0x8b, 0x01),
	  RD(4, 4, RAX, NONE), MEM(R(RCX), NR, 1, 0, 4, SS), OVR },
	{ M32, "movl %cs:0x100(%esi), %eax",
	  B(0x2e, 0x8b, 0x86, 0x00, 0x01, 0x00, 0x00), RD(4, 4, RAX, NONE),
	  MEM(R(RSI), NR, 1, 0x100, 4, CS), OVR },
	{ M32, "mov 0x0(%ebp), %eax", B(0x8b, 0x45, 0x00), RD(4, 4, RAX, NONE),
	  MEM(R(RBP), NR, 1, 0, 4, SS) },
	{ M32, "movl 0x10(,%eax,8), %edx",
	  B(0x8b, 0x14, 0xc5, 0x10, 0x00, 0x00, 0x00), RD(4, 4, RDX, NONE),
	  MEM(NR, R(RAX), 8, 0x10, 4, DS) },

	/* ---- 16-bit: real mode and 16-bit protected mode ---- */
	{ M16, "mov %ax, (%bx,%si)", B(0x89, 0x00), WR(2, RAX),
	  MEM(R(RBX), R(RSI), 1, 0, 2, DS) },
	{ M16, "mov %al, 0x1234", B(0xa2, 0x34, 0x12), WR(1, RAX),
	  MOFFS(0x1234, 2) },
	{ M16, "mov 0x1234, %eax", B(0x66, 0xa1, 0x34, 0x12),
	  RD(4, 4, RAX, NONE), MOFFS(0x1234, 2) },
	{ M16, "mov 0x1234, %ax", B(0xa1, 0x34, 0x12), RD(2, 2, RAX, NONE),
	  MOFFS(0x1234, 2) },
	{ M16, "movb 0x0(%bp), %cl", B(0x8a, 0x4e, 0x00), RD(1, 1, RCX, NONE),
	  MEM(R(RBP), NR, 1, 0, 2, SS) },
	{ M16, "movw %dx, 0x10(%bp,%di)", B(0x89, 0x53, 0x10), WR(2, RDX),
	  MEM(R(RBP), R(RDI), 1, 0x10, 2, SS) },
	{ M16, "movw 0x1234(%bx), %si", B(0x8b, 0xb7, 0x34, 0x12),
	  RD(2, 2, RSI, NONE), MEM(R(RBX), NR, 1, 0x1234, 2, DS) },
	{ M16, "movb $0x12, (%si)", B(0xc6, 0x04, 0x12), WI(1, 0x12),
	  MEM(R(RSI), NR, 1, 0, 2, DS) },
	{ M16, "movw $0xbeef, 0x20(%di)", B(0xc7, 0x45, 0x20, 0xef, 0xbe),
	  WI(2, 0xbeef), MEM(R(RDI), NR, 1, 0x20, 2, DS) },
	{ M16, "movl $0xcafef00d, (%bx)",
	  B(0x66, 0xc7, 0x07, 0x0d, 0xf0, 0xfe, 0xca), WI(4, 0xcafef00d),
	  MEM(R(RBX), NR, 1, 0, 2, DS) },
	{ M16, "movl %eax, 0x300(%edx)",
	  B(0x67, 0x66, 0x89, 0x82, 0x00, 0x03, 0x00, 0x00), WR(4, RAX),
	  MEM(R(RDX), NR, 1, 0x300, 4, DS) },
	{ M16, "mov %ecx, (%eax,%ebx,4)", B(0x67, 0x66, 0x89, 0x0c, 0x98),
	  WR(4, RCX), MEM(R(RAX), R(RBX), 4, 0, 4, DS) },
	{ M16, "movzbw (%si), %ax", B(0x0f, 0xb6, 0x04), RD(1, 2, RAX, ZERO),
	  MEM(R(RSI), NR, 1, 0, 2, DS) },
	{ M16, "movzbl (%bx,%di), %ecx", B(0x66, 0x0f, 0xb6, 0x09),
	  RD(1, 4, RCX, ZERO), MEM(R(RBX), R(RDI), 1, 0, 2, DS) },
	{ M16, "movsbw -0x2(%bp), %dx", B(0x0f, 0xbe, 0x56, 0xfe),
	  RD(1, 2, RDX, SIGN), MEM(R(RBP), NR, 1, -2, 2, SS) },
	{ M16, "mov %ah, (%bx)", B(0x88, 0x27), WRH(RAX),
	  MEM(R(RBX), NR, 1, 0, 2, DS) },
	{ M16, "movw %ax, %es:(%di)", B(0x26, 0x89, 0x05), WR(2, RAX),
	  MEM(R(RDI), NR, 1, 0, 2, ES), OVR },
	{ M16, "movw %ax, %ds:0x0(%bp)", B(0x3e, 0x89, 0x46, 0x00), WR(2, RAX),
	  MEM(R(RBP), NR, 1, 0, 2, DS), OVR },
	{ M16, "addr32 mov 0x12345678, %al",
	  B(0x67, 0xa0, 0x78, 0x56, 0x34, 0x12), RD(1, 1, RAX, NONE),
	  MOFFS(0x12345678, 4) },
	{ M16, "mov 0x8000, %bx (disp16)", B(0x8b, 0x1e, 0x00, 0x80),
	  RD(2, 2, RBX, NONE), MEM(NR, NR, 1, -0x8000, 2, DS) },
	{ M16, "mov 0x80(%bp,%si), %cx", B(0x8b, 0x8a, 0x80, 0x00),
	  RD(2, 2, RCX, NONE), MEM(R(RBP), R(RSI), 1, 0x80, 2, SS) },
	{ M16, "mov -0x80(%bx), %dx", B(0x8b, 0x57, 0x80), RD(2, 2, RDX, NONE),
	  MEM(R(RBX), NR, 1, -0x80, 2, DS) },
};

static unsigned int modes_of(enum test_mode m, enum cpu_mode out[2])
{
	switch (m) {
	case M64:
		out[0] = CPU_MODE_LONG64;
		return 1;
	case M32:
		out[0] = CPU_MODE_PROT32;
		return 1;
	default:
		out[0] = CPU_MODE_REAL;
		out[1] = CPU_MODE_PROT16;
		return 2;
	}
}

/* Decode from a heap copy of exactly @n bytes, so ASan sees overreads. */
static int decode_exact(const uint8_t *bytes, size_t n, enum cpu_mode mode,
			struct mmio_insn *out)
{
	uint8_t *copy = malloc(n ? n : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, bytes, n);
	ret = insn_decode_mmio(copy, n, mode, out);
	free(copy);
	return ret;
}

/* Compare one field, naming the entry and field when they differ. */
#define CHECK(got, want)                                                     \
	do {                                                                 \
		unsigned long long g_ = (unsigned long long)(got);           \
		unsigned long long w_ = (unsigned long long)(want);          \
		if (g_ != w_)                                                \
			fail_msg("%s (mode %d): %s = %#llx, expected %#llx", \
				 e->text, mode, #got, g_, w_);               \
	} while (0)

static void check_entry(const struct enc *e, enum cpu_mode mode)
{
	struct mmio_insn insn;
	int ret;

	assert_true(e->has_mem);
	ret = decode_exact(e->bytes, e->n, mode, &insn);
	if (ret)
		fail_msg("%s (mode %d): error %d", e->text, mode, ret);
	CHECK(insn.len, e->n);
	CHECK(insn.mode, mode);
	CHECK(insn.dir, e->dir);
	CHECK(insn.size, e->size);
	CHECK(insn.has_imm, e->has_imm);
	if (e->has_imm) {
		CHECK(insn.imm, e->imm);
	} else {
		CHECK(insn.reg, e->reg);
		CHECK(insn.reg_high8, e->high8);
	}
	if (e->dir == MMIO_READ) {
		CHECK(insn.dst_size, e->dst_size);
		CHECK(insn.ext, e->ext);
	}
	CHECK(insn.mem.base, e->base);
	CHECK(insn.mem.index, e->index);
	CHECK(insn.mem.scale, e->scale);
	CHECK(insn.mem.disp, e->disp);
	CHECK(insn.mem.addr_size, e->addr_size);
	CHECK(insn.mem.seg, e->seg);
	CHECK(insn.mem.seg_override, e->seg_override);
	CHECK(insn.mem.rip_relative, e->rip_relative);
	CHECK(insn.mem.moffs, e->moffs);

	/* trailing bytes must not change anything */
	{
		uint8_t longer[32];
		struct mmio_insn again;

		memset(longer, 0x90, sizeof(longer));
		memcpy(longer, e->bytes, e->n);
		assert_int_equal(
			insn_decode_mmio(longer, sizeof(longer), mode, &again),
			0);
		assert_memory_equal(&again, &insn, sizeof(insn));
	}
}

static void test_table(void **state)
{
	enum cpu_mode modes[2];
	unsigned int i, j, n;

	assert_true(ARRAY_SIZE(encs) >= 60);
	for (i = 0; i < ARRAY_SIZE(encs); i++) {
		n = modes_of(encs[i].mode, modes);
		for (j = 0; j < n; j++)
			check_entry(&encs[i], modes[j]);
	}
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/* Every proper prefix of every table entry is a truncated instruction. */
static void test_truncated(void **state)
{
	enum cpu_mode modes[2];
	struct mmio_insn insn;
	unsigned int i, j, m, n;

	for (i = 0; i < ARRAY_SIZE(encs); i++) {
		n = modes_of(encs[i].mode, modes);
		for (m = 0; m < n; m++) {
			for (j = 0; j < encs[i].n; j++) {
				memset(&insn, 0xa5, sizeof(insn));
				assert_int_equal(decode_exact(encs[i].bytes, j,
							      modes[m], &insn),
						 -EINVAL);
				/* nothing partial is left behind */
				assert_true(all_zero(&insn, sizeof(insn)));
			}
		}
	}
}

/* 15 bytes is the limit even when more are available. */
static void test_too_long(void **state)
{
	uint8_t code[20];
	struct mmio_insn insn;
	unsigned int pfx;

	for (pfx = 0; pfx <= 14; pfx++) {
		memset(code, 0x3e, pfx); /* DS override, harmless */
		code[pfx] = 0x89; /* mov %eax, (%rsp) */
		code[pfx + 1] = 0x04;
		code[pfx + 2] = 0x24;
		memset(code + pfx + 3, 0x90, sizeof(code) - pfx - 3);
		if (pfx + 3 <= INSN_MAX_LEN) {
			assert_int_equal(insn_decode_mmio(code, sizeof(code),
							  CPU_MODE_LONG64,
							  &insn),
					 0);
			assert_int_equal(insn.len, pfx + 3);
		} else {
			assert_int_equal(insn_decode_mmio(code, sizeof(code),
							  CPU_MODE_LONG64,
							  &insn),
					 -EINVAL);
		}
	}
	/* 15 prefixes and no opcode at all */
	memset(code, 0x66, sizeof(code));
	assert_int_equal(
		insn_decode_mmio(code, sizeof(code), CPU_MODE_PROT32, &insn),
		-EINVAL);
}

struct bad {
	enum test_mode mode;
	const char *text;
	uint8_t bytes[INSN_MAX_LEN];
	uint8_t n;
	int err;
};

static const struct bad bads[] = {
	/* LOCK and REP prefixes */
	{ M64, "lock mov %eax, (%rdi)", B(0xf0, 0x89, 0x07), -ENOSYS },
	{ M64, "lock addl $1, (%rdi)", B(0xf0, 0x83, 0x07, 0x01), -ENOSYS },
	{ M64, "rep mov %eax, (%rdi)", B(0xf3, 0x89, 0x07), -ENOSYS },
	{ M64, "repne mov (%rdi), %eax", B(0xf2, 0x8b, 0x07), -ENOSYS },
	{ M64, "rep movsb", B(0xf3, 0xa4), -ENOSYS },
	{ M64, "rep stosl", B(0xf3, 0xab), -ENOSYS },
	{ M32, "lock mov %al, 0x1234", B(0xf0, 0xa2, 0x34, 0x12, 0, 0),
	  -ENOSYS },
	{ M16, "rep movzbw (%si), %ax", B(0xf3, 0x0f, 0xb6, 0x04), -ENOSYS },
	/* opcodes outside the set */
	{ M64, "lgdt (%rax)", B(0x0f, 0x01, 0x10), -ENOSYS },
	{ M64, "swapgs", B(0x0f, 0x01, 0xf8), -ENOSYS },
	{ M64, "incl (%rax)", B(0xff, 0x00), -ENOSYS },
	{ M64, "add %eax, (%rdi)", B(0x01, 0x07), -ENOSYS },
	{ M64, "or %eax, (%rdi)", B(0x09, 0x07), -ENOSYS },
	{ M64, "and (%rdi), %eax", B(0x23, 0x07), -ENOSYS },
	{ M64, "xor %eax, (%rdi)", B(0x31, 0x07), -ENOSYS },
	{ M64, "orl $0x100, (%rdi)", B(0x81, 0x0f, 0x00, 0x01, 0x00, 0x00),
	  -ENOSYS },
	{ M64, "cmpl $0, (%rdi)", B(0x83, 0x3f, 0x00), -ENOSYS },
	{ M64, "test %eax, (%rdi)", B(0x85, 0x07), -ENOSYS },
	{ M64, "xchg %eax, (%rdi)", B(0x87, 0x07), -ENOSYS },
	{ M64, "movsb", B(0xa4), -ENOSYS },
	{ M64, "mov %es, (%rax)", B(0x8c, 0x00), -ENOSYS },
	{ M64, "movnti %eax, (%rdi)", B(0x0f, 0xc3, 0x07), -ENOSYS },
	{ M64, "vmovdqu (%rdi), %ymm0 (VEX)", B(0xc5, 0xfe, 0x6f, 0x07),
	  -ENOSYS },
	{ M64, "movups (%rdi), %xmm0", B(0x0f, 0x10, 0x07), -ENOSYS },
	{ M64, "nop", B(0x90), -ENOSYS },
	/* register forms: no memory operand */
	{ M64, "mov %eax, %eax (89)", B(0x89, 0xc0), -ENOSYS },
	{ M64, "mov %ecx, %eax (8b)", B(0x8b, 0xc1), -ENOSYS },
	{ M64, "mov $1, %al (c6 /0 reg)", B(0xc6, 0xc0, 0x01), -ENOSYS },
	{ M64, "movzbl %al, %eax", B(0x0f, 0xb6, 0xc0), -ENOSYS },
	/* C6/C7 other than /0 */
	{ M64, "c6 /1", B(0xc6, 0x08, 0x01), -ENOSYS },
	{ M64, "c7 /7 (xbegin space)", B(0xc7, 0x38, 0, 0, 0, 0), -ENOSYS },
	{ M64, "xbegin", B(0xc7, 0xf8, 0, 0, 0, 0), -ENOSYS },
	/* 63 is ARPL outside 64-bit mode */
	{ M32, "arpl %ax, (%edi)", B(0x63, 0x07), -ENOSYS },
	{ M16, "arpl %ax, (%bx)", B(0x63, 0x07), -ENOSYS },
	/* 48 is DEC EAX outside 64-bit mode, not REX.W */
	{ M32, "dec %eax; mov %eax, (%edi)", B(0x48, 0x89, 0x07), -ENOSYS },
	/* truncated */
	{ M64, "prefixes only", B(0x66, 0x67, 0x48), -EINVAL },
	{ M64, "0f alone", B(0x0f), -EINVAL },
};

static void test_errors(void **state)
{
	enum cpu_mode modes[2];
	struct mmio_insn insn;
	unsigned int i, m, n;
	int ret;

	for (i = 0; i < ARRAY_SIZE(bads); i++) {
		n = modes_of(bads[i].mode, modes);
		for (m = 0; m < n; m++) {
			memset(&insn, 0xa5, sizeof(insn));
			ret = decode_exact(bads[i].bytes, bads[i].n, modes[m],
					   &insn);
			if (ret != bads[i].err)
				fail_msg("%s (mode %d): got %d, expected %d",
					 bads[i].text, modes[m], ret,
					 bads[i].err);
			assert_true(all_zero(&insn, sizeof(insn)));
		}
	}
}

static void test_bad_args(void **state)
{
	static const uint8_t code[] = { 0x8b, 0x07 };
	struct mmio_insn insn;

	assert_int_equal(
		insn_decode_mmio(code, sizeof(code), CPU_MODE_LONG64, NULL),
		-EINVAL);
	assert_int_equal(insn_decode_mmio(NULL, 2, CPU_MODE_LONG64, &insn),
			 -EINVAL);
	assert_int_equal(insn_decode_mmio(code, 0, CPU_MODE_LONG64, &insn),
			 -EINVAL);
	assert_int_equal(
		insn_decode_mmio(code, sizeof(code), (enum cpu_mode)7, &insn),
		-EINVAL);
}

static uint64_t rng_state = 0x243f6a8885a308d3ULL;

static uint64_t rng(void)
{
	/* xorshift64*: reproducible, no libc state */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Bytes that reach deeper into the decoder than uniform noise does. */
static uint8_t interesting_byte(void)
{
	static const uint8_t pick[] = {
		0x66, 0x67, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0xf0, 0xf2,
		0xf3, 0x40, 0x41, 0x44, 0x48, 0x4f, 0x88, 0x89, 0x8a, 0x8b,
		0xc6, 0xc7, 0xa0, 0xa1, 0xa2, 0xa3, 0x0f, 0xb6, 0xb7, 0xbe,
		0xbf, 0x63, 0x04, 0x05, 0x44, 0x84, 0x24, 0x25, 0x06, 0x46,
	};

	if (rng() & 1)
		return (uint8_t)rng();
	return pick[rng() % sizeof(pick)];
}

static void check_sane(const struct mmio_insn *insn, size_t n)
{
	assert_true(insn->len >= 1 && insn->len <= n &&
		    insn->len <= INSN_MAX_LEN);
	assert_true(insn->size == 1 || insn->size == 2 || insn->size == 4 ||
		    insn->size == 8);
	assert_true(insn->reg < 16);
	if (insn->reg_high8)
		assert_true(insn->reg < 4 && insn->size == 1);
	if (insn->dir == MMIO_READ) {
		assert_false(insn->has_imm);
		assert_true(insn->dst_size >= insn->size);
		assert_true(insn->ext == INSN_EXT_NONE ||
			    insn->dst_size > insn->size);
	}
	assert_true(insn->mem.base >= INSN_NO_REG && insn->mem.base < 16);
	assert_true(insn->mem.index >= INSN_NO_REG && insn->mem.index < 16);
	assert_true(insn->mem.addr_size == 2 || insn->mem.addr_size == 4 ||
		    insn->mem.addr_size == 8);
}

/*
 * Random byte strings, every prefix of them, in every mode: no crash, no
 * read beyond the given length (ASan), and any success is self-consistent
 * and reproduced by the same bytes with more following them.
 */
static void test_random(void **state)
{
	static const enum cpu_mode modes[] = { CPU_MODE_REAL, CPU_MODE_PROT16,
					       CPU_MODE_PROT32,
					       CPU_MODE_LONG64 };
	uint8_t bytes[INSN_MAX_LEN];
	struct mmio_insn insn, full;
	unsigned int iter, i, m, ok = 0;
	size_t n;
	int ret, full_ret;

	for (iter = 0; iter < 20000; iter++) {
		for (i = 0; i < sizeof(bytes); i++)
			bytes[i] =
				iter & 1 ? interesting_byte() : (uint8_t)rng();
		for (m = 0; m < ARRAY_SIZE(modes); m++) {
			full_ret = insn_decode_mmio(bytes, sizeof(bytes),
						    modes[m], &full);
			for (n = 0; n <= sizeof(bytes); n++) {
				ret = decode_exact(bytes, n, modes[m], &insn);
				if (ret) {
					assert_true(ret == -EINVAL ||
						    ret == -ENOSYS);
					assert_true(
						all_zero(&insn, sizeof(insn)));
					continue;
				}
				ok++;
				check_sane(&insn, n);
				assert_int_equal(full_ret, 0);
				assert_memory_equal(&insn, &full, sizeof(insn));
			}
		}
	}
	/* the biased inputs must hit real instructions now and then */
	assert_true(ok > 1000);
}

static struct mmio_insn decode1(enum cpu_mode mode, const uint8_t *b, size_t n)
{
	struct mmio_insn insn;

	assert_int_equal(insn_decode_mmio(b, n, mode, &insn), 0);
	return insn;
}

#define DEC64(...)                                                 \
	decode1(CPU_MODE_LONG64, (const uint8_t[]){ __VA_ARGS__ }, \
		sizeof((uint8_t[]){ __VA_ARGS__ }))
#define DEC32(...)                                                 \
	decode1(CPU_MODE_PROT32, (const uint8_t[]){ __VA_ARGS__ }, \
		sizeof((uint8_t[]){ __VA_ARGS__ }))
#define DEC16(...)                                               \
	decode1(CPU_MODE_REAL, (const uint8_t[]){ __VA_ARGS__ }, \
		sizeof((uint8_t[]){ __VA_ARGS__ }))

static uint64_t applied(struct mmio_insn insn, uint64_t reg, uint64_t value)
{
	assert_int_equal(insn_apply_read(&insn, &reg, value), 0);
	return reg;
}

#define OLD 0x1122334455667788ULL

static void test_apply_read(void **state)
{
	struct mmio_insn insn;
	uint64_t reg = OLD;

	/* movl (%rdi), %eax: 32-bit destinations clear bits 63:32 */
	assert_int_equal(applied(DEC64(0x8b, 0x07), ~0ULL, 0x12345678),
			 0x12345678);
	/* ...and ignore device bits above the access size */
	assert_int_equal(applied(DEC64(0x8b, 0x07), OLD, 0xaaaaaaaa87654321ULL),
			 0x87654321);
	/* 32-bit protected mode too */
	assert_int_equal(applied(DEC32(0x8b, 0x07), OLD, 0xfee00000),
			 0xfee00000);
	/* movq (%rdi), %rax */
	assert_int_equal(
		applied(DEC64(0x48, 0x8b, 0x07), OLD, 0xfedcba9876543210ULL),
		0xfedcba9876543210ULL);
	/* movw (%rdi), %ax: bits 63:16 kept */
	assert_int_equal(applied(DEC64(0x66, 0x8b, 0x07), OLD, 0xffffabcd),
			 0x112233445566abcdULL);
	/* mov (%rdi), %al: bits 63:8 kept */
	assert_int_equal(applied(DEC64(0x8a, 0x07), OLD, 0xffab),
			 0x11223344556677abULL);
	/* mov (%rdi), %ah: only bits 15:8 change, register 0 */
	insn = DEC64(0x8a, 0x27);
	assert_int_equal(insn.reg, INSN_REG_RAX);
	assert_true(insn.reg_high8);
	assert_int_equal(applied(insn, OLD, 0xffab), 0x112233445566ab88ULL);
	/* mov (%rcx), %dh in real mode */
	insn = DEC16(0x8a, 0x31);
	assert_int_equal(insn.reg, INSN_REG_RDX);
	assert_true(insn.reg_high8);
	assert_int_equal(applied(insn, OLD, 0x01), 0x1122334455660188ULL);
	/* mov (%rcx), %sil: with REX it is SIL, low byte of register 6 */
	insn = DEC64(0x40, 0x8a, 0x31);
	assert_int_equal(insn.reg, INSN_REG_RSI);
	assert_false(insn.reg_high8);
	assert_int_equal(applied(insn, OLD, 0x01), 0x1122334455667701ULL);
	/* movzbl: zero-extended, then 32-bit rule */
	assert_int_equal(applied(DEC64(0x0f, 0xb6, 0x07), OLD, 0x80), 0x80);
	/* movsbl: sign-extended to 32 bits, upper half cleared */
	assert_int_equal(applied(DEC64(0x0f, 0xbe, 0x07), OLD, 0x80),
			 0xffffff80ULL);
	/* movsbq */
	assert_int_equal(applied(DEC64(0x48, 0x0f, 0xbe, 0x07), OLD, 0x80),
			 0xffffffffffffff80ULL);
	/* movsbw: 16-bit destination, bits 63:16 kept */
	assert_int_equal(applied(DEC64(0x66, 0x0f, 0xbe, 0x07), OLD, 0x80),
			 0x112233445566ff80ULL);
	/* movzbw */
	assert_int_equal(applied(DEC64(0x66, 0x0f, 0xb6, 0x07), OLD, 0x80),
			 0x1122334455660080ULL);
	/* movswq, movzwq */
	assert_int_equal(applied(DEC64(0x48, 0x0f, 0xbf, 0x07), OLD, 0x8000),
			 0xffffffffffff8000ULL);
	assert_int_equal(applied(DEC64(0x48, 0x0f, 0xb7, 0x07), OLD, 0x8000),
			 0x8000);
	/* movswl of a positive value */
	assert_int_equal(applied(DEC32(0x0f, 0xbf, 0x07), OLD, 0x7fff), 0x7fff);
	/* movslq */
	assert_int_equal(applied(DEC64(0x48, 0x63, 0x07), OLD, 0x80000000),
			 0xffffffff80000000ULL);
	assert_int_equal(applied(DEC64(0x48, 0x63, 0x07), OLD, 0x7fffffff),
			 0x7fffffff);
	/* moffs: mov 0x1234, %ax in real mode */
	assert_int_equal(applied(DEC16(0xa1, 0x34, 0x12), OLD, 0x5a5a),
			 0x1122334455665a5aULL);

	/* not a read */
	insn = DEC64(0x89, 0x07);
	assert_int_equal(insn_apply_read(&insn, &reg, 0), -EINVAL);
	assert_int_equal(reg, OLD);
}

static uint64_t written(struct mmio_insn insn, const uint64_t regs[16])
{
	uint64_t v = 0xdeaddeaddeaddeadULL;

	assert_int_equal(insn_write_value(&insn, regs, &v), 0);
	return v;
}

static void test_write_value(void **state)
{
	uint64_t regs[16], v;
	struct mmio_insn insn;
	unsigned int i;

	for (i = 0; i < 16; i++)
		regs[i] = 0x1111111111111111ULL * i + 0x0102030405060708ULL;

	/* mov %ah, (%rsi): bits 15:8 of RAX */
	assert_int_equal(written(DEC64(0x88, 0x26), regs), 0x07);
	/* mov %bh, (%edi) in 32-bit mode: bits 15:8 of RBX */
	assert_int_equal(written(DEC32(0x88, 0x3f), regs),
			 (regs[INSN_REG_RBX] >> 8) & 0xff);
	/* mov %sil, (%rax) */
	assert_int_equal(written(DEC64(0x40, 0x88, 0x30), regs),
			 regs[INSN_REG_RSI] & 0xff);
	/* mov %r10b, (%rdx) */
	assert_int_equal(written(DEC64(0x44, 0x88, 0x12), regs),
			 regs[INSN_REG_R10] & 0xff);
	/* movw %ax, (%rdi) */
	assert_int_equal(written(DEC64(0x66, 0x89, 0x07), regs), 0x0708);
	/* movl %eax, 0x300(%rdx) */
	assert_int_equal(
		written(DEC64(0x89, 0x82, 0x00, 0x03, 0x00, 0x00), regs),
		0x05060708);
	/* movq %r15, -8(%rsp,%r12,8) */
	assert_int_equal(written(DEC64(0x4e, 0x89, 0x7c, 0xe4, 0xf8), regs),
			 regs[INSN_REG_R15]);
	/* immediates */
	assert_int_equal(
		written(DEC64(0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0xff), regs),
		0xffffffffffffffffULL);
	assert_int_equal(written(DEC64(0x66, 0xc7, 0x03, 0xcd, 0xab), regs),
			 0xabcd);
	assert_int_equal(written(DEC64(0xc6, 0x07, 0x80), regs), 0x80);
	assert_int_equal(
		written(DEC16(0x66, 0xc7, 0x07, 0x0d, 0xf0, 0xfe, 0xca), regs),
		0xcafef00d);
	/* movabs %eax, 0xfee00300 */
	assert_int_equal(
		written(DEC64(0xa3, 0x00, 0x03, 0xe0, 0xfe, 0, 0, 0, 0), regs),
		0x05060708);

	/* not a write */
	insn = DEC64(0x8b, 0x07);
	assert_int_equal(insn_write_value(&insn, regs, &v), -EINVAL);
}

static void test_mem_offset(void **state)
{
	uint64_t regs[16] = { 0 };
	struct mmio_insn insn;

	/* movq %r15, -8(%rsp,%r12,8) */
	regs[INSN_REG_RSP] = 0x1000;
	regs[INSN_REG_R12] = 2;
	insn = DEC64(0x4e, 0x89, 0x7c, 0xe4, 0xf8);
	assert_int_equal(insn_mem_offset(&insn, regs, 0), 0x1008);
	/* mov 0x20(%rip), %r9d at RIP 0x1000: next RIP + 0x20 */
	insn = DEC64(0x44, 0x8b, 0x0d, 0x20, 0, 0, 0);
	assert_int_equal(insn_mem_offset(&insn, regs, 0x1000), 0x1027);
	/* mov 0x10(%eax), %ecx: 32-bit address wraps */
	regs[INSN_REG_RAX] = 0x1fffffff8ULL;
	insn = DEC64(0x67, 0x8b, 0x48, 0x10);
	assert_int_equal(insn_mem_offset(&insn, regs, 0), 0x8);
	/* mov 0x80(%bp,%si), %cx: 16-bit address wraps */
	regs[INSN_REG_RBP] = 0xfff0;
	regs[INSN_REG_RSI] = 0x20;
	insn = DEC16(0x8b, 0x8a, 0x80, 0x00);
	assert_int_equal(insn_mem_offset(&insn, regs, 0), 0x90);
	/* mov 0x8000, %bx: disp16 */
	insn = DEC16(0x8b, 0x1e, 0x00, 0x80);
	assert_int_equal(insn_mem_offset(&insn, regs, 0), 0x8000);
	/* moffs64 */
	insn = DEC64(0xa2, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11);
	assert_int_equal(insn_mem_offset(&insn, regs, 0),
			 0x1122334455667788ULL);
	/* mov 0x10(,%r12,1), %eax */
	insn = DEC64(0x43, 0x8b, 0x04, 0x25, 0x10, 0x00, 0x00, 0x00);
	assert_int_equal(insn_mem_offset(&insn, regs, 0), 0x12);
}

static void test_cpu_mode(void **state)
{
	/* PE, VM, LMA, L, D */
	assert_int_equal(insn_cpu_mode(false, false, false, false, true),
			 CPU_MODE_REAL);
	assert_int_equal(insn_cpu_mode(true, true, false, false, false),
			 CPU_MODE_REAL);
	assert_int_equal(insn_cpu_mode(true, false, false, false, false),
			 CPU_MODE_PROT16);
	assert_int_equal(insn_cpu_mode(true, false, false, false, true),
			 CPU_MODE_PROT32);
	/* L without LMA means nothing */
	assert_int_equal(insn_cpu_mode(true, false, false, true, true),
			 CPU_MODE_PROT32);
	assert_int_equal(insn_cpu_mode(true, false, true, true, false),
			 CPU_MODE_LONG64);
	/* compatibility mode */
	assert_int_equal(insn_cpu_mode(true, false, true, false, true),
			 CPU_MODE_PROT32);
	assert_int_equal(insn_cpu_mode(true, false, true, false, false),
			 CPU_MODE_PROT16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_apply_read),
		cmocka_unit_test(test_write_value),
		cmocka_unit_test(test_mem_offset),
		cmocka_unit_test(test_cpu_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
