/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Software walk of a guest's own page tables: guest-virtual (linear) to
 * guest-physical. Used to fetch the instruction behind an MMIO nested page
 * fault when the CPU does not provide its bytes (no decode assists).
 *
 * Modes, chosen from CR0.PG, CR4.PAE, CR4.LA57 and EFER.LMA as the CPU
 * does:
 *   paging off         gpa = gva, 32 bits wide outside long mode
 *   32-bit (2 levels)  4 KiB pages, 4 MiB pages with CR4.PSE, including
 *                      PSE-36 address bits 39:32 from PDE bits 20:13
 *   PAE (3 levels)     4 KiB and 2 MiB pages; the four PDPTEs are read
 *                      from CR3 unless the caller passes them (on VMX they
 *                      are in the VMCS, and the CPU uses those, not memory)
 *   4-level            4 KiB, 2 MiB, 1 GiB pages
 *   5-level (LA57)     the same below a PML5
 *
 * Checked: present bits, reserved bits (physical address bits at and
 * above MAXPHYADDR, XD without EFER.NXE, the reserved low bits of large
 * pages, PS in PML4Es/PML5Es, PAE PDPTE reserved bits) and, in long mode,
 * canonical addresses.
 *
 * Not emulated: permission checks (R/W, U/S, XD, SMEP/SMAP, protection
 * keys) and accessed/dirty bit updates. The walker serves the emulation
 * of an instruction that already ran into a nested fault, which the CPU
 * raises only after the guest's own translation succeeded, so the access
 * was permitted and the bits already set. @acc is accepted so a stricter
 * walker can be dropped in; it does not change the result today.
 *
 * The walk reads entries through the caller's read_phys() and is not
 * atomic against a guest changing its tables meanwhile; that guest then
 * gets an emulation of one of the two translations, as with a TLB.
 */
#ifndef WARDEN_ASM_GUEST_PAGING_H
#define WARDEN_ASM_GUEST_PAGING_H

#include <stddef.h>
#include <stdint.h>

/*
 * Raw register values; only the paging-related bits are looked at. EFER
 * must have LMA as the CPU sees it (on VMX with "IA-32e mode guest" set,
 * even if the VMCS's EFER field is not loaded).
 */
struct guest_paging_state {
	uint64_t cr0;
	uint64_t cr3;
	uint64_t cr4;
	uint64_t efer;
	/*
	 * Optional: the four PAE PDPTEs the CPU has loaded (VMX: GUEST_PDPTE0-3
	 * of the VMCS). NULL: read them from the table CR3 points to, which
	 * is what SVM does.
	 */
	const uint64_t *pdptes;
	/* the guest's CPUID MAXPHYADDR; 0 means the architectural 52 */
	unsigned int maxphyaddr;
};

enum access_type {
	ACCESS_READ,
	ACCESS_WRITE,
	ACCESS_FETCH,
};

/*
 * Read @len bytes of guest-physical memory at @gpa (never crossing a
 * 4 KiB boundary when called from here). Returns 0 or a negative errno.
 */
typedef int (*guest_read_phys_t)(void *ctx, uint64_t gpa, void *buf,
				 size_t len);

/*
 * Translate @gva through the guest's tables described by @st.
 * Returns 0 and *@gpa, or:
 *   -EFAULT  an entry on the way is not present (the guest would #PF)
 *   -EINVAL  an entry has reserved bits set, or @st is inconsistent
 *            (EFER.LMA without CR0.PG/CR4.PAE)
 *   -ERANGE  @gva is not canonical in long mode (the guest would #GP)
 *   the error of read_phys(), if reading an entry failed
 */
int guest_translate(const struct guest_paging_state *st, uint64_t gva,
		    enum access_type acc, guest_read_phys_t read_phys,
		    void *ctx, uint64_t *gpa);

/*
 * Fetch up to @len (at most 15 is enough for any instruction) bytes of
 * code at linear address @cs_base + @rip into @buf; *@got tells how many.
 * The address wraps at 4 GiB outside long mode (EFER.LMA = 0). In 64-bit
 * mode pass @cs_base = 0 (the CPU ignores CS.base there); in
 * compatibility mode pass the 32-bit linear address the guest fetched
 * from.
 *
 * Each 4 KiB page is translated separately. If the first byte cannot be
 * translated or read, that error is returned. If a later page cannot be,
 * the bytes before it are returned with 0: the decoder then sees a
 * truncated instruction if it needed more, and nothing if it did not.
 */
int guest_read_code(const struct guest_paging_state *st, uint64_t cs_base,
		    uint64_t rip, uint8_t *buf, size_t len,
		    guest_read_phys_t read_phys, void *ctx, size_t *got);

#endif /* WARDEN_ASM_GUEST_PAGING_H */
