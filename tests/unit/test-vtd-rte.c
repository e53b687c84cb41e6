// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hv/arch/x86/vtd_rte.c: remappable IOAPIC entries and
 * remapping-table entries as Linux writes them under VT-d interrupt
 * remapping, and the compatibility-format entries the IOAPIC must get.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <asm/vtd_rte.h>

#define LEVEL (1ull << 15)
#define POLARITY_LOW (1ull << 13)

/* A remappable entry for @handle with the vector field set to @pin. */
static uint64_t remappable(unsigned int handle, unsigned int pin)
{
	return RTE_REMAPPABLE | ((uint64_t)(handle & 0x7fff) << 49) |
	       ((uint64_t)(handle >> 15) << 11) | pin;
}

/* Present IRTE: vector, delivery mode, destination, logical or not. */
static uint64_t irte(unsigned int vector, unsigned int delivery,
		     uint64_t dest_field, int logical)
{
	return 1ull | (logical ? 1ull << 2 : 0) | ((uint64_t)delivery << 5) |
	       ((uint64_t)vector << 16) | (dest_field << 32);
}

static void test_handle_uses_bit_11_as_bit_15(void **state)
{
	assert_int_equal(vtd_rte_handle(remappable(1, 2)), 1);
	assert_int_equal(vtd_rte_handle(remappable(0x7fff, 0)), 0x7fff);
	assert_int_equal(vtd_rte_handle(remappable(0x8005, 0)), 0x8005);
}

static void test_x2apic_physical(void **state)
{
	const char *why = NULL;
	uint64_t rte = remappable(3, 9) | LEVEL | POLARITY_LOW;
	uint64_t out = vtd_rte_remap(rte, irte(0x41, 0, 1, 0), true, &why);

	assert_null(why);
	/* vector 0x41, fixed, physical, level, active low, APIC 1 */
	assert_int_equal(out, 0x41 | LEVEL | POLARITY_LOW | (1ull << 56));
}

static void test_x2apic_logical_goes_to_first_member(void **state)
{
	const char *why = NULL;
	/*
	 * cluster 0, members 1 and 2: APIC IDs 1 and 2; lowest priority
	 * among the one CPU chosen is fixed delivery
	 */
	uint64_t out = vtd_rte_remap(remappable(1, 2), irte(0x30, 1, 0x6, 1),
				     true, &why);

	assert_null(why);
	assert_int_equal(out, 0x30 | (1ull << 56));
	/* cluster 2, member 5: x2APIC ID 37 */
	out = vtd_rte_remap(remappable(1, 2), irte(0x30, 0, 0x20020, 1), true,
			    &why);
	assert_null(why);
	assert_int_equal(out >> 56, 37);
	assert_false(out & (1ull << 11));
}

static void test_xapic_destination_field(void **state)
{
	const char *why = NULL;
	/* xAPIC mode: the destination is bits 15:8 of the field */
	uint64_t out = vtd_rte_remap(remappable(7, 4), irte(0x51, 0, 0x300, 1),
				     false, &why);

	assert_null(why);
	assert_int_equal(out, 0x51 | (1ull << 11) | (3ull << 56));
}

static void test_unusable_entries_are_masked(void **state)
{
	uint64_t rte = remappable(1, 2) | LEVEL;
	const char *why;

	why = NULL;
	assert_int_equal(
		vtd_rte_remap(rte, irte(0x30, 0, 1, 0) & ~1ull, true, &why),
		LEVEL | RTE_MASKED);
	assert_string_equal(why, "table entry not present");
	why = NULL;
	assert_true(vtd_rte_remap(rte, irte(0x30, 0, 1, 0) | 1ull << 15, true,
				  &why) &
		    RTE_MASKED);
	assert_string_equal(why, "posted interrupts unsupported");
	why = NULL;
	assert_true(vtd_rte_remap(rte, irte(0x30, 0, 0x10000, 1), true, &why) &
		    RTE_MASKED);
	assert_string_equal(why, "empty logical destination");
	why = NULL;
	assert_true(vtd_rte_remap(rte, irte(0x30, 0, 0x1ff, 0), true, &why) &
		    RTE_MASKED);
	assert_string_equal(why, "APIC ID beyond the IOAPIC's reach");
}

static void test_compatibility_format(void **state)
{
	const char *why = NULL;
	uint64_t live = 0x31 | (2ull << 56);

	assert_int_equal(vtd_rte_compat(live, false, &why), live);
	assert_null(why);
	assert_int_equal(vtd_rte_compat(live | RTE_MASKED, true, &why),
			 live | RTE_MASKED);
	assert_null(why);
	assert_int_equal(vtd_rte_compat(live | LEVEL, true, &why),
			 LEVEL | RTE_MASKED);
	assert_string_equal(why, "compatibility format blocked");
	/* A masked remappable entry reaches the IOAPIC without its handle. */
	why = NULL;
	assert_int_equal(
		vtd_rte_compat(remappable(5, 2) | RTE_MASKED, true, &why),
		RTE_MASKED);
	assert_null(why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handle_uses_bit_11_as_bit_15),
		cmocka_unit_test(test_x2apic_physical),
		cmocka_unit_test(test_x2apic_logical_goes_to_first_member),
		cmocka_unit_test(test_xapic_destination_field),
		cmocka_unit_test(test_unusable_entries_are_masked),
		cmocka_unit_test(test_compatibility_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
