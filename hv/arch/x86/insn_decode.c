// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO instruction decoder, written from the Intel SDM vol. 2 (chapter 2,
 * instruction format; appendix A, opcode map) and the AMD APM vol. 3.
 *
 * Layout of an instruction: legacy prefixes, in 64-bit mode an optional
 * REX, the opcode (one byte or 0F + one byte), ModRM, SIB, displacement,
 * immediate. Every byte is taken through next_bytes(), the one place that
 * checks the input bound and the 15-byte limit.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <warden/errno.h>
#include <warden/string.h>

#include <asm/insn_decode.h>

#define REX_W 0x08
#define REX_R 0x04
#define REX_X 0x02
#define REX_B 0x01

struct decoder {
	const uint8_t *code;
	size_t limit; /* min(avail, INSN_MAX_LEN) */
	size_t pos;
};

/* Little-endian value of the next @n (1..8) bytes. */
static int next_bytes(struct decoder *d, unsigned int n, uint64_t *value)
{
	uint64_t v = 0;
	unsigned int i;

	if (n > d->limit - d->pos)
		return -EINVAL;
	for (i = 0; i < n; i++)
		v |= (uint64_t)d->code[d->pos + i] << (8 * i);
	d->pos += n;
	*value = v;
	return 0;
}

static int next_byte(struct decoder *d, uint8_t *b)
{
	uint64_t v = 0;
	int err = next_bytes(d, 1, &v);

	*b = (uint8_t)v;
	return err;
}

static int64_t sign_extend(uint64_t v, unsigned int bytes)
{
	unsigned int shift = 64 - 8 * bytes;

	/* arithmetic right shift of a signed value: gcc defines it */
	return (int64_t)(v << shift) >> shift;
}

static uint64_t size_mask(unsigned int bytes)
{
	return bytes >= 8 ? ~0ULL : (1ULL << (8 * bytes)) - 1;
}

/* A displacement of @bytes (0, 1, 2 or 4), sign-extended. */
static int read_disp(struct decoder *d, unsigned int bytes, int64_t *disp)
{
	uint64_t v;
	int err;

	*disp = 0;
	if (!bytes)
		return 0;
	err = next_bytes(d, bytes, &v);
	if (err)
		return err;
	*disp = sign_extend(v, bytes);
	return 0;
}

/*
 * The memory operand of a ModRM byte with 16-bit addressing (SDM vol. 2,
 * table 2-1): [BX|BP + SI|DI], [SI], [DI], [BP], [BX], plus displacement.
 * A lone SI or DI is reported as the base. Only BP-based forms default to
 * SS.
 */
static int decode_mem16(struct decoder *d, uint8_t modrm, struct insn_mem *m)
{
	static const int8_t base[8] = {
		INSN_REG_RBX, INSN_REG_RBX, INSN_REG_RBP, INSN_REG_RBP,
		INSN_REG_RSI, INSN_REG_RDI, INSN_REG_RBP, INSN_REG_RBX,
	};
	static const int8_t index[8] = {
		INSN_REG_RSI, INSN_REG_RDI, INSN_REG_RSI, INSN_REG_RDI,
		INSN_NO_REG,  INSN_NO_REG,  INSN_NO_REG,  INSN_NO_REG,
	};
	unsigned int mod = modrm >> 6, rm = modrm & 7;

	m->base = base[rm];
	m->index = index[rm];
	if (mod == 0 && rm == 6) {
		/* no [BP] without displacement: this slot is disp16 */
		m->base = INSN_NO_REG;
		return read_disp(d, 2, &m->disp);
	}
	if (m->base == INSN_REG_RBP && !m->seg_override)
		m->seg = INSN_SEG_SS;
	return read_disp(d, mod == 1 ? 1 : mod == 2 ? 2 : 0, &m->disp);
}

/*
 * The memory operand with 32- or 64-bit addressing (SDM vol. 2, tables
 * 2-2, 2-3; section 2.2.1 for REX and RIP-relative forms).
 */
static int decode_mem32(struct decoder *d, uint8_t modrm, uint8_t rex,
			bool mode64, struct insn_mem *m)
{
	unsigned int mod = modrm >> 6, rm = modrm & 7;
	unsigned int disp_bytes = mod == 1 ? 1 : mod == 2 ? 4 : 0;
	uint8_t sib;
	int err;

	if (rm == 4) {
		err = next_byte(d, &sib);
		if (err)
			return err;
		m->scale = 1 << (sib >> 6);
		/* index 100 means none; with REX.X it is R12 */
		m->index = ((sib >> 3) & 7) | (rex & REX_X ? 8 : 0);
		if (m->index == INSN_REG_RSP) {
			m->index = INSN_NO_REG;
			m->scale = 1;
		}
		/* base 101 with mod 00 means disp32 only, even with REX.B */
		if ((sib & 7) == 5 && mod == 0) {
			m->base = INSN_NO_REG;
			disp_bytes = 4;
		} else {
			m->base = (sib & 7) | (rex & REX_B ? 8 : 0);
		}
	} else if (rm == 5 && mod == 0) {
		/* disp32: absolute, or RIP-relative in 64-bit mode */
		m->base = INSN_NO_REG;
		m->rip_relative = mode64;
		disp_bytes = 4;
	} else {
		m->base = rm | (rex & REX_B ? 8 : 0);
	}
	/* R12/R13 (REX.B) are not stack registers: only rSP/rBP imply SS */
	if ((m->base == INSN_REG_RSP || m->base == INSN_REG_RBP) &&
	    !m->seg_override)
		m->seg = INSN_SEG_SS;
	return read_disp(d, disp_bytes, &m->disp);
}

/*
 * Read ModRM and the memory operand it describes. *reg_field gets the
 * ModRM.reg field extended by REX.R.
 */
static int decode_modrm(struct decoder *d, uint8_t rex, bool mode64,
			struct mmio_insn *insn, unsigned int *reg_field)
{
	uint8_t modrm;
	int err;

	err = next_byte(d, &modrm);
	if (err)
		return err;
	/* a register operand cannot be what touched MMIO */
	if ((modrm >> 6) == 3)
		return -ENOSYS;
	*reg_field = ((modrm >> 3) & 7) | (rex & REX_R ? 8 : 0);
	if (insn->mem.addr_size == 2)
		return decode_mem16(d, modrm, &insn->mem);
	return decode_mem32(d, modrm, rex, mode64, &insn->mem);
}

/*
 * An 8-bit register operand: without any REX prefix the numbers 4..7 are
 * AH, CH, DH, BH, the high bytes of registers 0..3; with one (even 40)
 * they are SPL, BPL, SIL, DIL.
 */
static void set_reg8(struct mmio_insn *insn, unsigned int reg, uint8_t rex)
{
	if (!rex && reg >= 4 && reg <= 7) {
		insn->reg = reg - 4;
		insn->reg_high8 = true;
	} else {
		insn->reg = reg;
	}
}

static void set_read(struct mmio_insn *insn, unsigned int size,
		     unsigned int dst_size, enum insn_ext ext)
{
	insn->dir = MMIO_READ;
	insn->size = size;
	insn->dst_size = dst_size;
	insn->ext = size == dst_size ? INSN_EXT_NONE : ext;
}

/* Opcodes after 0F: MOVZX and MOVSX. */
static int decode_0f(struct decoder *d, uint8_t rex, bool mode64,
		     unsigned int op_size, struct mmio_insn *insn)
{
	unsigned int reg;
	uint8_t op;
	int err;

	err = next_byte(d, &op);
	if (err)
		return err;
	insn->opcode[1] = op;
	insn->opcode_len = 2;
	if (op != 0xb6 && op != 0xb7 && op != 0xbe && op != 0xbf)
		return -ENOSYS;
	err = decode_modrm(d, rex, mode64, insn, &reg);
	if (err)
		return err;
	insn->reg = reg;
	set_read(insn, op & 1 ? 2 : 1, op_size,
		 op & 8 ? INSN_EXT_SIGN : INSN_EXT_ZERO);
	return 0;
}

/* Decode from the opcode on, the prefixes already collected. */
static int decode_opcode(struct decoder *d, uint8_t op, uint8_t rex,
			 bool mode64, unsigned int op_size,
			 struct mmio_insn *insn)
{
	unsigned int reg;
	uint64_t v;
	int err;

	switch (op) {
	case 0x0f:
		return decode_0f(d, rex, mode64, op_size, insn);
	case 0x88: /* MOV r/m8, r8 */
	case 0x8a: /* MOV r8, r/m8 */
		err = decode_modrm(d, rex, mode64, insn, &reg);
		if (err)
			return err;
		set_reg8(insn, reg, rex);
		if (op == 0x88) {
			insn->dir = MMIO_WRITE;
			insn->size = 1;
		} else {
			set_read(insn, 1, 1, INSN_EXT_NONE);
		}
		return 0;
	case 0x89: /* MOV r/m, r */
	case 0x8b: /* MOV r, r/m */
		err = decode_modrm(d, rex, mode64, insn, &reg);
		if (err)
			return err;
		insn->reg = reg;
		if (op == 0x89) {
			insn->dir = MMIO_WRITE;
			insn->size = op_size;
		} else {
			set_read(insn, op_size, op_size, INSN_EXT_NONE);
		}
		return 0;
	case 0x63: /* MOVSXD r, r/m32; ARPL outside 64-bit mode */
		if (!mode64)
			return -ENOSYS;
		err = decode_modrm(d, rex, mode64, insn, &reg);
		if (err)
			return err;
		insn->reg = reg;
		/* the source is 16 bits only with a 16-bit operand size */
		set_read(insn, op_size == 2 ? 2 : 4, op_size, INSN_EXT_SIGN);
		return 0;
	case 0xc6: /* MOV r/m8, imm8 */
	case 0xc7: /* MOV r/m, imm16/32 */
		err = decode_modrm(d, rex, mode64, insn, &reg);
		if (err)
			return err;
		/* /1../7 are undefined or XABORT/XBEGIN, not stores */
		if (reg & 7)
			return -ENOSYS;
		insn->dir = MMIO_WRITE;
		insn->size = op == 0xc6 ? 1 : op_size;
		insn->has_imm = true;
		/* the immediate is at most 32 bits, sign-extended to 64 */
		err = next_bytes(d, insn->size > 4 ? 4 : insn->size, &v);
		if (err)
			return err;
		insn->imm = insn->size == 8 ? (uint64_t)sign_extend(v, 4) : v;
		return 0;
	case 0xa0: /* MOV AL, moffs8 */
	case 0xa1: /* MOV rAX, moffs */
	case 0xa2: /* MOV moffs8, AL */
	case 0xa3: /* MOV moffs, rAX */
		/* no ModRM: an offset as wide as the address size follows */
		insn->mem.moffs = true;
		insn->mem.base = INSN_NO_REG;
		err = next_bytes(d, insn->mem.addr_size, &v);
		if (err)
			return err;
		insn->mem.disp = (int64_t)v;
		insn->reg = INSN_REG_RAX;
		if (op & 2) {
			insn->dir = MMIO_WRITE;
			insn->size = op & 1 ? op_size : 1;
		} else {
			set_read(insn, op & 1 ? op_size : 1,
				 op & 1 ? op_size : 1, INSN_EXT_NONE);
		}
		return 0;
	default:
		return -ENOSYS;
	}
}

int insn_decode_mmio(const uint8_t *code, size_t avail, enum cpu_mode mode,
		     struct mmio_insn *out)
{
	struct decoder d = { .code = code, .pos = 0 };
	bool mode64 = mode == CPU_MODE_LONG64;
	bool opsize_prefix = false, addrsize_prefix = false;
	bool lock = false, rep = false;
	struct mmio_insn insn;
	unsigned int op_size, def_size;
	uint8_t rex = 0, b;
	int err;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (!code || mode > CPU_MODE_LONG64)
		return -EINVAL;
	d.limit = avail < INSN_MAX_LEN ? avail : INSN_MAX_LEN;

	memset(&insn, 0, sizeof(insn));
	insn.mode = mode;
	insn.mem.base = INSN_NO_REG;
	insn.mem.index = INSN_NO_REG;
	insn.mem.scale = 1;
	insn.mem.seg = INSN_SEG_DS;

	/*
	 * Legacy prefixes in any order and number (bounded by the 15-byte
	 * limit). A REX only counts directly before the opcode, so any
	 * legacy prefix after one cancels it.
	 */
	for (;;) {
		err = next_byte(&d, &b);
		if (err)
			return err;
		switch (b) {
		case 0xf0:
			lock = true;
			break;
		case 0xf2:
		case 0xf3:
			rep = true;
			break;
		case 0x26:
		case 0x2e:
		case 0x36:
		case 0x3e:
			/* ES, CS, SS, DS: bits 4:3 give the Sreg number */
			insn.mem.seg = (b >> 3) & 3;
			insn.mem.seg_override = true;
			break;
		case 0x64:
		case 0x65:
			insn.mem.seg = b == 0x64 ? INSN_SEG_FS : INSN_SEG_GS;
			insn.mem.seg_override = true;
			break;
		case 0x66:
			opsize_prefix = true;
			break;
		case 0x67:
			addrsize_prefix = true;
			break;
		default:
			if (mode64 && (b & 0xf0) == 0x40) {
				rex = b;
				continue;
			}
			goto opcode;
		}
		rex = 0;
	}

opcode:
	insn.opcode[0] = b;
	insn.opcode_len = 1;
	if (lock || rep)
		return -ENOSYS;

	/* SDM vol. 1, 3.6 and table 3-4: REX.W beats 66 */
	if (mode64) {
		op_size = rex & REX_W ? 8 : opsize_prefix ? 2 : 4;
		insn.mem.addr_size = addrsize_prefix ? 4 : 8;
	} else {
		/* 66 and 67 switch between 16 and 32 bits */
		def_size = mode == CPU_MODE_PROT32 ? 4 : 2;
		op_size = opsize_prefix ? 6 - def_size : def_size;
		insn.mem.addr_size = addrsize_prefix ? 6 - def_size : def_size;
	}

	err = decode_opcode(&d, b, rex, mode64, op_size, &insn);
	if (err)
		return err;
	insn.len = (uint8_t)d.pos;
	insn.imm &= size_mask(insn.size);
	*out = insn;
	return 0;
}

int insn_apply_read(const struct mmio_insn *insn, uint64_t *reg, uint64_t value)
{
	uint64_t v;

	if (!insn || !reg || insn->dir != MMIO_READ)
		return -EINVAL;
	v = value & size_mask(insn->size);
	if (insn->ext == INSN_EXT_SIGN)
		v = (uint64_t)sign_extend(v, insn->size);
	v &= size_mask(insn->dst_size);

	switch (insn->dst_size) {
	case 1:
		if (insn->reg_high8)
			*reg = (*reg & ~0xff00ULL) | (v << 8);
		else
			*reg = (*reg & ~0xffULL) | v;
		break;
	case 2:
		*reg = (*reg & ~0xffffULL) | v;
		break;
	case 4:
	case 8:
		*reg = v;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

int insn_write_value(const struct mmio_insn *insn, const uint64_t regs[16],
		     uint64_t *value)
{
	uint64_t v;

	if (!insn || !value || insn->dir != MMIO_WRITE)
		return -EINVAL;
	if (insn->has_imm) {
		v = insn->imm;
	} else {
		if (!regs)
			return -EINVAL;
		v = regs[insn->reg & 15];
		if (insn->reg_high8)
			v >>= 8;
	}
	*value = v & size_mask(insn->size);
	return 0;
}

uint64_t insn_mem_offset(const struct mmio_insn *insn, const uint64_t regs[16],
			 uint64_t rip)
{
	const struct insn_mem *m = &insn->mem;
	uint64_t off = (uint64_t)m->disp;

	if (m->rip_relative)
		off += rip + insn->len;
	if (m->base != INSN_NO_REG)
		off += regs[m->base & 15];
	if (m->index != INSN_NO_REG)
		off += regs[m->index & 15] * m->scale;
	return off & size_mask(m->addr_size);
}
