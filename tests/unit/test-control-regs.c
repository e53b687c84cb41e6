// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for asm/control_regs.h: which MOV-to-CR0 values fault.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <asm/control_regs.h>

#define EFER_LME EFER_LME_BIT

static void test_ordinary_values_pass(void **state)
{
	/* real mode after reset, protected mode, 32-bit and long-mode paging */
	assert_false(cr0_write_faults(0x60000010, 0, 0, false));
	assert_false(cr0_write_faults(CR0_PE | CR0_ET, 0, 0, false));
	assert_false(cr0_write_faults(0x80000011, 0, 0, false));
	assert_false(cr0_write_faults(0x80050033, CR4_PAE, EFER_LME, true));
	/* caches off, write-through off as well: allowed */
	assert_false(cr0_write_faults(CR0_CD | CR0_NW | CR0_PE, 0, 0, false));
}

static void test_invalid_combinations_fault(void **state)
{
	assert_true(cr0_write_faults(CR0_PG, 0, 0, false));
	assert_true(cr0_write_faults(CR0_NW | CR0_PE, 0, 0, false));
	assert_true(cr0_write_faults(1ull << 32 | CR0_PE, 0, 0, false));
	/* long mode without PAE */
	assert_true(cr0_write_faults(CR0_PG | CR0_PE, 0, EFER_LME, false));
	/* leaving paging from 64-bit code, or with PCIDs on */
	assert_true(cr0_write_faults(CR0_PE, CR4_PAE, EFER_LME, true));
	assert_true(
		cr0_write_faults(CR0_PE, CR4_PAE | CR4_PCIDE, EFER_LME, false));
	/* ... but from compatibility-mode code it may */
	assert_false(cr0_write_faults(CR0_PE, CR4_PAE, EFER_LME, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ordinary_values_pass),
		cmocka_unit_test(test_invalid_combinations_fault),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
