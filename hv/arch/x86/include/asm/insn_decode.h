/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoder for the x86 instructions a guest uses to access MMIO.
 *
 * Without NRIP-save and decode assists (QEMU TCG's SVM has neither) a
 * nested page fault on an intercepted MMIO page tells only the guest-
 * physical address. To emulate the access the hypervisor fetches the
 * instruction bytes at the guest's RIP and decodes them here: the access
 * width, its direction, the register or immediate involved and the
 * instruction length by which RIP advances.
 *
 * Only plain loads and stores are decoded, the forms Linux's readX()/
 * writeX() (MOV with a fixed register width), its APIC/IOAPIC code and
 * bare-metal inmates (compiler output for volatile accesses) produce:
 *
 *   88 /r      MOV r/m8, r8            write, 1 byte
 *   89 /r      MOV r/m, r              write, 2/4/8 bytes
 *   8A /r      MOV r8, r/m8            read, 1 byte
 *   8B /r      MOV r, r/m              read, 2/4/8 bytes
 *   C6 /0 ib   MOV r/m8, imm8          write, 1 byte
 *   C7 /0 iw/id MOV r/m, imm16/imm32   write, 2/4/8 bytes (imm32
 *                                      sign-extended with REX.W)
 *   A0/A1      MOV AL/rAX, moffs       read, offset of address size
 *   A2/A3      MOV moffs, AL/rAX       write
 *   0F B6/B7   MOVZX r, r/m8 / r/m16   read, zero-extended
 *   0F BE/BF   MOVSX r, r/m8 / r/m16   read, sign-extended
 *   63 /r      MOVSXD r, r/m32         read, sign-extended (64-bit mode
 *                                      only; elsewhere 63 is ARPL)
 *
 * Read-modify-write and compare instructions (ADD/OR/AND/XOR/TEST/CMP/
 * XCHG..., also string moves) are rejected with -ENOSYS: they need flags
 * emulation and, for locked forms, atomicity on the device side, and
 * nothing we run issues them on MMIO. Register-only forms (ModRM.mod = 3)
 * cannot fault on data and are rejected likewise.
 *
 * Prefixes: 66 (operand size), 67 (address size), the six segment
 * overrides (recorded; in 64-bit mode only FS/GS have a base), REX in
 * 64-bit mode when it immediately precedes the opcode (a REX followed by
 * another prefix is ignored, as the SDM specifies). LOCK (F0) and
 * REP/REPNE (F2/F3) are rejected with -ENOSYS. VEX/EVEX are not decoded.
 *
 * Guest bytes are untrusted: the decoder reads no byte at or beyond
 * @avail and never more than the architectural 15 bytes.
 */
#ifndef WARDEN_ASM_INSN_DECODE_H
#define WARDEN_ASM_INSN_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The architectural maximum instruction length. */
#define INSN_MAX_LEN 15

/*
 * The mode the instruction executes in; it fixes the default operand and
 * address sizes. Real and virtual-8086 mode decode like PROT16; they are
 * kept apart only so callers can report the mode.
 */
enum cpu_mode {
	CPU_MODE_REAL, /* real-address or virtual-8086 mode: 16-bit */
	CPU_MODE_PROT16, /* protected or compatibility mode, CS.D = 0 */
	CPU_MODE_PROT32, /* protected or compatibility mode, CS.D = 1 */
	CPU_MODE_LONG64, /* 64-bit mode: EFER.LMA = 1 and CS.L = 1 */
};

/*
 * The mode from the guest's state: CR0.PE, RFLAGS.VM, EFER.LMA and the
 * L and D attribute bits of CS (VMCB CS.attrib bits 9 and 10, VMCS
 * access rights bits 13 and 14).
 */
static inline enum cpu_mode insn_cpu_mode(bool cr0_pe, bool rflags_vm,
					  bool efer_lma, bool cs_l, bool cs_d)
{
	if (!cr0_pe || rflags_vm)
		return CPU_MODE_REAL;
	/* L and D both set is reserved in long mode; the CPU runs 64-bit */
	if (efer_lma && cs_l)
		return CPU_MODE_LONG64;
	return cs_d ? CPU_MODE_PROT32 : CPU_MODE_PROT16;
}

/*
 * General-purpose register numbers, as in ModRM/SIB/REX encodings. The
 * regs[16] arrays below use this order; callers on SVM fill RAX and RSP
 * from the VMCB, the rest from their saved guest registers.
 */
enum {
	INSN_REG_RAX,
	INSN_REG_RCX,
	INSN_REG_RDX,
	INSN_REG_RBX,
	INSN_REG_RSP,
	INSN_REG_RBP,
	INSN_REG_RSI,
	INSN_REG_RDI,
	INSN_REG_R8,
	INSN_REG_R9,
	INSN_REG_R10,
	INSN_REG_R11,
	INSN_REG_R12,
	INSN_REG_R13,
	INSN_REG_R14,
	INSN_REG_R15,
};

/* "no base/index register" in struct insn_mem */
#define INSN_NO_REG (-1)

/* Segment registers, numbered as in the MOV Sreg encoding. */
enum insn_seg {
	INSN_SEG_ES,
	INSN_SEG_CS,
	INSN_SEG_SS,
	INSN_SEG_DS,
	INSN_SEG_FS,
	INSN_SEG_GS,
};

enum mmio_dir {
	MMIO_READ, /* memory -> register */
	MMIO_WRITE, /* register or immediate -> memory */
};

/* How a read value of @size bytes becomes a @dst_size-byte operand. */
enum insn_ext {
	INSN_EXT_NONE, /* dst_size == size */
	INSN_EXT_ZERO, /* MOVZX */
	INSN_EXT_SIGN, /* MOVSX, MOVSXD */
};

/*
 * The memory operand. The hypervisor takes the address from the fault;
 * this is here for sanity checks (see insn_mem_offset()).
 */
struct insn_mem {
	int8_t base; /* register number or INSN_NO_REG */
	int8_t index; /* register number or INSN_NO_REG */
	uint8_t scale; /* 1, 2, 4 or 8 (1 without index) */
	uint8_t addr_size; /* 2, 4 or 8 bytes */
	bool rip_relative; /* 64-bit mode: disp is relative to the next RIP */
	bool moffs; /* A0-A3: disp is the whole offset, zero-extended */
	bool seg_override; /* seg comes from a prefix */
	enum insn_seg seg; /* override, else the default (DS, SS for rSP/rBP) */
	int64_t disp; /* ModRM forms: sign-extended displacement */
};

/*
 * A decoded instruction. insn_decode_mmio() fills it only on success; the
 * helpers below turn it into register updates.
 */
struct mmio_insn {
	uint8_t len; /* bytes, 1..15: the guest's RIP advances by this */
	uint8_t size; /* bytes accessed in memory: 1, 2, 4 or 8 */
	enum mmio_dir dir;
	enum cpu_mode mode;

	/*
	 * The register: the destination of a read, the source of a write
	 * unless has_imm. With reg_high8 the operand is AH/CH/DH/BH, i.e.
	 * bits 15:8 of register reg (0..3); those are what an 8-bit
	 * register number 4..7 means without a REX prefix.
	 */
	uint8_t reg;
	bool reg_high8;

	/* writes: the immediate, already sized and extended to @size bytes */
	bool has_imm;
	uint64_t imm;

	/* reads: destination operand width (1/2/4/8) and widening */
	uint8_t dst_size;
	enum insn_ext ext;

	struct insn_mem mem;

	/* the opcode bytes (0F xx has two), for logs */
	uint8_t opcode[2];
	uint8_t opcode_len;
};

/*
 * Decode the instruction at @code, of which @avail bytes are readable.
 * Returns 0 and fills @out, or:
 *   -EINVAL  the bytes end before the instruction does (truncated at
 *            @avail, or longer than 15 bytes), or bad arguments
 *   -ENOSYS  an opcode, operand form or prefix not listed above
 * On error @out is zeroed, nothing in it is meaningful; callers report the
 * raw bytes they passed in and the guest RIP.
 */
int insn_decode_mmio(const uint8_t *code, size_t avail, enum cpu_mode mode,
		     struct mmio_insn *out);

/*
 * Complete a read: merge @value (the @size bytes read from the device,
 * higher bits ignored) into the destination register *@reg, which must be
 * the register numbered insn->reg. Sign/zero extension to dst_size as
 * insn->ext says; then, as the CPU does:
 *   8-bit destination:  only bits 7:0 (15:8 with reg_high8) change
 *   16-bit destination: only bits 15:0 change
 *   32-bit destination: zero-extended into all 64 bits (in 64-bit mode
 *                       this is architectural; in other modes bits 63:32
 *                       are undefined and zero is the value 64-bit mode
 *                       software would see)
 *   64-bit destination: replaced
 * Returns 0, or -EINVAL if @insn is not a read.
 */
int insn_apply_read(const struct mmio_insn *insn, uint64_t *reg,
		    uint64_t value);

/*
 * The value a write stores: the immediate or the source register from
 * @regs (numbered as INSN_REG_*), bits 15:8 for reg_high8, truncated to
 * insn->size bytes. Returns 0, or -EINVAL if @insn is not a write.
 */
int insn_write_value(const struct mmio_insn *insn, const uint64_t regs[16],
		     uint64_t *value);

/*
 * The memory operand's offset within its segment (add the segment base
 * of insn->mem.seg for the linear address), computed from @regs and @rip
 * (the instruction's own RIP, for RIP-relative operands) and wrapped to
 * the address size. For checking a decode against the faulting address.
 */
uint64_t insn_mem_offset(const struct mmio_insn *insn, const uint64_t regs[16],
			 uint64_t rip);

#endif /* WARDEN_ASM_INSN_DECODE_H */
