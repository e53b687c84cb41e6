// SPDX-License-Identifier: GPL-2.0
/*
 * The Intel VT-x back-end: VMX operation on every CPU, a VMCS per vCPU,
 * EPT from the shared paging library, and the decoding of exits into the
 * shared handlers of vcpu.c. Facts (fields, bits, checks) are the Intel
 * SDM's, vol. 3 chapters 23-28.
 *
 * What is relied on, checked at boot: EPT with 4-level walks and
 * write-back tables, unrestricted guest (inmates and SIPI targets start
 * in real mode), I/O and MSR bitmaps, NMI exiting, and loading/saving
 * EFER and PAT at entry and exit.
 *
 * External interrupts are not intercepted: they go through the guest's
 * IDT without a VM exit. x2APIC registers are not intercepted either,
 * except the ICR (IPIs stay in the cell, INIT/SIPI are emulated) — on
 * x2APIC hardware a guest's timer ticks and EOIs cause no exit. NMIs exit:
 * the hypervisor uses them to pull a CPU out of its guest.
 */
#include <warden/cell.h>
#include <warden/errno.h>
#include <warden/hvmem.h>
#include <warden/layout.h>
#include <warden/paging.h>
#include <warden/percpu.h>
#include <warden/printk.h>
#include <warden/string.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/control_regs.h>
#include <asm/vcpu.h>
#include <asm/vmx.h>

#define MSR_PAT 0x277
#define PAT_POWER_ON 0x0007040600070406ull
#define MSR_SYSENTER_CS 0x174
#define CR0_RESET (0x60000000ull | CR0_ET) /* CD, NW, ET */
#define XCR0_X87 0x1ull
#define XCR0_SSE 0x2ull
#define XCR0_AVX 0x4ull
#define CR4_OSXSAVE (1ull << 18)
#define CPUID_1_ECX_XSAVE (1u << 26)
/* Interruptibility: blocking by STI and by MOV SS. */
#define BLOCKING_STI_MOVSS 0x3
#define BLOCKING_NMI 0x8

int vmx_run(uint64_t *regs, bool launched);
extern const char vmx_exit[];

/* Controls, fixed bits and the VMCS revision, read once on the boot CPU. */
static struct {
	uint32_t revision;
	uint32_t pin, proc, proc2, exit, entry;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	uint64_t xcr0_supported;
} vmx;

static inline bool vmwrite_ok(uint64_t field, uint64_t value)
{
	bool failed;

	asm volatile("vmwrite %2, %1; setna %0"
		     : "=qm"(failed)
		     : "r"(field), "rm"(value)
		     : "cc", "memory");
	return !failed;
}

static void vmwrite(uint64_t field, uint64_t value)
{
	if (!vmwrite_ok(field, value))
		panic("VMWRITE of field 0x%llx failed\n",
		      (unsigned long long)field);
}

static uint64_t vmread(uint64_t field)
{
	uint64_t value = 0;

	asm volatile("vmread %1, %0" : "=rm"(value) : "r"(field) : "cc");
	return value;
}

static bool vmclear(uint64_t phys)
{
	bool failed;

	asm volatile("vmclear %1; setna %0"
		     : "=qm"(failed)
		     : "m"(phys)
		     : "cc", "memory");
	return !failed;
}

static bool vmptrld(uint64_t phys)
{
	bool failed;

	asm volatile("vmptrld %1; setna %0"
		     : "=qm"(failed)
		     : "m"(phys)
		     : "cc", "memory");
	return !failed;
}

static const char *vmx_name(void)
{
	return "Intel VT-x";
}

/*
 * A control word: bits the CPU requires set are set whatever we want;
 * a bit we need that the CPU cannot set stops the boot, named.
 */
static uint32_t adjust(uint32_t msr, uint32_t want, uint32_t need,
		       const char *what)
{
	uint64_t cap = rdmsr(msr);
	uint32_t must = cap, may = cap >> 32;

	if ((need & may) != need)
		panic("VT-x: this CPU cannot set %s control bits 0x%x (allowed "
		      "0x%x): Warden needs them\n",
		      what, need & ~may, may);
	return (want & may) | must;
}

static void vmx_check(void)
{
	uint32_t eax, ebx, ecx, edx;
	uint64_t basic, ept, fc;
	bool true_ctls;

	cpuid(1, 0, &eax, &ebx, &ecx, &edx);
	if (!(ecx & CPUID_1_ECX_VMX_BIT))
		panic("this Intel CPU has no VT-x (VMX): Warden needs it\n");
	fc = rdmsr(MSR_FEATURE_CONTROL);
	if ((fc & FEATURE_CONTROL_LOCKED) &&
	    !(fc & FEATURE_CONTROL_VMX_OUTSIDE_SMX))
		panic("VT-x is disabled by the firmware (IA32_FEATURE_CONTROL "
		      "0x%llx is locked without VMX); enable virtualization "
		      "in the firmware setup\n",
		      (unsigned long long)fc);

	basic = rdmsr(MSR_VMX_BASIC);
	if (VMX_BASIC_MEMTYPE(basic) != VMX_MEMTYPE_WB)
		panic("VT-x: the VMCS must be write-back memory (memory type "
		      "%llu reported)\n",
		      (unsigned long long)VMX_BASIC_MEMTYPE(basic));
	if (((basic >> 32) & 0x1fff) > PAGE_SIZE)
		panic("VT-x: VMCS region larger than a page\n");
	vmx.revision = basic & 0x7fffffff;
	true_ctls = basic & VMX_BASIC_TRUE_CTLS;

	vmx.pin = adjust(true_ctls ? MSR_VMX_TRUE_PINBASED : MSR_VMX_PINBASED,
			 PIN_NMI_EXITING, PIN_NMI_EXITING, "pin-based");
	vmx.proc = adjust(
		true_ctls ? MSR_VMX_TRUE_PROCBASED : MSR_VMX_PROCBASED,
		PROC_USE_IO_BITMAPS | PROC_USE_MSR_BITMAPS | PROC_SECONDARY,
		PROC_USE_IO_BITMAPS | PROC_USE_MSR_BITMAPS | PROC_SECONDARY,
		"processor-based");
	/* RDTSCP, INVPCID and XSAVES #UD in a guest unless enabled. */
	vmx.proc2 = adjust(MSR_VMX_PROCBASED2,
			   PROC2_EPT | PROC2_UNRESTRICTED | PROC2_RDTSCP |
				   PROC2_INVPCID | PROC2_XSAVES,
			   PROC2_EPT | PROC2_UNRESTRICTED,
			   "secondary processor-based (EPT, unrestricted "
			   "guest)");
	vmx.exit = adjust(true_ctls ? MSR_VMX_TRUE_EXIT : MSR_VMX_EXIT,
			  EXIT_HOST_64 | EXIT_SAVE_PAT | EXIT_LOAD_PAT |
				  EXIT_SAVE_EFER | EXIT_LOAD_EFER,
			  EXIT_HOST_64 | EXIT_SAVE_PAT | EXIT_LOAD_PAT |
				  EXIT_SAVE_EFER | EXIT_LOAD_EFER,
			  "VM-exit");
	vmx.entry = adjust(true_ctls ? MSR_VMX_TRUE_ENTRY : MSR_VMX_ENTRY,
			   ENTRY_LOAD_PAT | ENTRY_LOAD_EFER,
			   ENTRY_LOAD_PAT | ENTRY_LOAD_EFER | ENTRY_IA32E_GUEST,
			   "VM-entry");
	/* IA-32e mode is set per guest, from its EFER.LMA. */
	vmx.entry &= ~ENTRY_IA32E_GUEST;

	ept = rdmsr(MSR_VMX_EPT_VPID_CAP);
	if (!(ept & EPT_CAP_WALK4) || !(ept & EPT_CAP_WB))
		panic("VT-x: EPT without 4-level walks or write-back tables "
		      "(capabilities 0x%llx)\n",
		      (unsigned long long)ept);
	/* The paging library uses the page sizes the host's paging has. */
	cpuid(0x80000001, 0, &eax, &ebx, &ecx, &edx);
	if (!(ept & EPT_CAP_2M) ||
	    ((edx & CPUID_80000001_EDX_PAGE1GB) && !(ept & EPT_CAP_1G)))
		panic("VT-x: EPT lacks the 2 MiB or 1 GiB pages the CPU has "
		      "(capabilities 0x%llx)\n",
		      (unsigned long long)ept);
	if (!(ept & EPT_CAP_INVEPT) || !(ept & EPT_CAP_INVEPT_ALL))
		panic("VT-x: no INVEPT (all contexts) (capabilities 0x%llx)\n",
		      (unsigned long long)ept);

	vmx.cr0_fixed0 = rdmsr(MSR_VMX_CR0_FIXED0);
	vmx.cr0_fixed1 = rdmsr(MSR_VMX_CR0_FIXED1);
	vmx.cr4_fixed0 = rdmsr(MSR_VMX_CR4_FIXED0);
	vmx.cr4_fixed1 = rdmsr(MSR_VMX_CR4_FIXED1);
	cpuid(1, 0, &eax, &ebx, &ecx, &edx);
	if (!(ecx & CPUID_1_ECX_XSAVE))
		return;
	cpuid(0, 0, &eax, &ebx, &ecx, &edx);
	if (eax >= 0xd) {
		cpuid(0xd, 0, &eax, &ebx, &ecx, &edx);
		vmx.xcr0_supported = eax | (uint64_t)edx << 32;
	}
}

static void *alloc_page_or_die(uint64_t *phys, const char *what)
{
	void *page = page_alloc(&hv_pool, 1, 1);

	if (!page)
		panic("out of hypervisor memory for %s\n", what);
	*phys = hv_to_phys(page);
	return page;
}

static void vmx_cpu_init(struct vcpu *vcpu)
{
	uint64_t fc = rdmsr(MSR_FEATURE_CONTROL), vmxon_phys;
	uint32_t *region;
	bool failed;

	/* Unlocked (firmware left it open): allow VMX and lock it. */
	if (!(fc & FEATURE_CONTROL_LOCKED))
		wrmsr(MSR_FEATURE_CONTROL,
		      fc | FEATURE_CONTROL_LOCKED |
			      FEATURE_CONTROL_VMX_OUTSIDE_SMX);
	write_cr0((read_cr0() | vmx.cr0_fixed0) & vmx.cr0_fixed1);
	/* XSETBV on a guest's behalf needs CR4.OSXSAVE here too. */
	write_cr4((read_cr4() | vmx.cr4_fixed0 | CR4_VMXE |
		   (vmx.xcr0_supported ? CR4_OSXSAVE : 0)) &
		  vmx.cr4_fixed1);

	region = alloc_page_or_die(&vmxon_phys, "the VMXON region");
	region[0] = vmx.revision;
	asm volatile("vmxon %1; setna %0"
		     : "=qm"(failed)
		     : "m"(vmxon_phys)
		     : "cc", "memory");
	if (failed)
		panic("CPU %u: VMXON failed\n", this_cpu_id());

	region = alloc_page_or_die(&vcpu->vmcs_phys, "a VMCS");
	region[0] = vmx.revision;
	vcpu->sipi_vector = -1;
}

/* The VMX MSR bitmap: read low, read high, write low, write high (1 KiB). */
static void msr_intercept(struct cell *cell, uint32_t msr, bool read,
			  bool write)
{
	unsigned int base;

	if (msr < 0x2000)
		base = 0;
	else if (msr >= 0xc0000000 && msr < 0xc0002000)
		base = 1024, msr -= 0xc0000000;
	else
		return;
	if (read)
		cell->msr_bitmap[base + msr / 8] |= 1u << (msr % 8);
	if (write)
		cell->msr_bitmap[2048 + base + msr / 8] |= 1u << (msr % 8);
}

static int vmx_cell_init(struct cell *cell)
{
	uint32_t msr;

	cell->msr_bitmap = page_alloc(&hv_pool, 1, 1);
	if (!cell->msr_bitmap)
		return -ENOMEM;
	cell->msr_bitmap_phys = hv_to_phys(cell->msr_bitmap);
	/* Guests see a CPU without VMX: its MSRs do not exist. */
	msr_intercept(cell, MSR_FEATURE_CONTROL, true, true);
	for (msr = MSR_VMX_BASIC; msr <= MSR_VMX_LAST; msr++)
		msr_intercept(cell, msr, true, true);
	msr_intercept(cell, MSR_APIC_BASE, false, true);
	/* As on SVM (see svm_cell_init). */
	if (apic_x2apic_mode())
		msr_intercept(cell, MSR_X2APIC_ICR, false, true);
	else if (!cell->is_root)
		for (msr = MSR_X2APIC_BASE; msr < MSR_X2APIC_END; msr++)
			msr_intercept(cell, msr, true, true);
	return 0;
}

static void vmx_cell_exit(struct cell *cell)
{
	if (cell->msr_bitmap)
		page_free(&hv_pool, cell->msr_bitmap, 1);
	cell->msr_bitmap = NULL;
}

struct desc_ptr64 {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static void set_host_state(void)
{
	struct per_cpu *pcpu = this_cpu();
	struct desc_ptr64 gdtr, idtr;

	asm volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
	vmwrite(HOST_CR0, read_cr0());
	vmwrite(HOST_CR3, read_cr3());
	vmwrite(HOST_CR4, read_cr4());
	vmwrite(HOST_CS_SELECTOR, GDT_CODE64);
	vmwrite(HOST_SS_SELECTOR, GDT_DATA);
	vmwrite(HOST_DS_SELECTOR, GDT_DATA);
	vmwrite(HOST_ES_SELECTOR, GDT_DATA);
	vmwrite(HOST_FS_SELECTOR, 0);
	vmwrite(HOST_GS_SELECTOR, 0);
	vmwrite(HOST_TR_SELECTOR, GDT_TSS);
	vmwrite(HOST_FS_BASE, 0);
	vmwrite(HOST_GS_BASE, 0);
	vmwrite(HOST_TR_BASE, (uint64_t)&pcpu->desc.tss);
	vmwrite(HOST_GDTR_BASE, gdtr.base);
	vmwrite(HOST_IDTR_BASE, idtr.base);
	vmwrite(HOST_SYSENTER_CS, 0);
	vmwrite(HOST_SYSENTER_ESP, 0);
	vmwrite(HOST_SYSENTER_EIP, 0);
	vmwrite(HOST_EFER, rdmsr(MSR_EFER));
	vmwrite(HOST_PAT, rdmsr(MSR_PAT));
	vmwrite(HOST_RIP, (uint64_t)vmx_exit);
}

static void set_segment(unsigned int index, uint16_t selector, uint64_t base,
			uint32_t limit, uint32_t ar)
{
	/* ES, CS, SS, DS, FS, GS, LDTR, TR: fields 2 apart in each group. */
	vmwrite(GUEST_ES_SELECTOR + 2 * index, selector);
	vmwrite(GUEST_ES_BASE + 2 * index, base);
	vmwrite(GUEST_ES_LIMIT + 2 * index, limit);
	vmwrite(GUEST_ES_AR + 2 * index, ar);
}

enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_LDTR, SEG_TR };

static void set_data_segments(uint16_t selector, uint32_t limit, uint32_t ar)
{
	set_segment(SEG_ES, selector, 0, limit, ar);
	set_segment(SEG_SS, selector, 0, limit, ar);
	set_segment(SEG_DS, selector, 0, limit, ar);
	set_segment(SEG_FS, selector, 0, limit, ar);
	set_segment(SEG_GS, selector, 0, limit, ar);
}

/*
 * CR0.NE and CR4.VMXE must be set while in VMX operation; the guest
 * sees (and sets) them through the read shadows. Unrestricted guest
 * lifts the requirement for PE and PG.
 */
static uint64_t cr0_forced(void)
{
	return vmx.cr0_fixed0 & ~(CR0_PE | CR0_PG);
}

static void set_cr0(uint64_t value)
{
	vmwrite(GUEST_CR0, (value | cr0_forced()) & vmx.cr0_fixed1);
	vmwrite(CR0_READ_SHADOW, value);
}

static void set_cr4(uint64_t value)
{
	vmwrite(GUEST_CR4, (value | vmx.cr4_fixed0) & vmx.cr4_fixed1);
	vmwrite(CR4_READ_SHADOW, value);
}

static uint64_t eptp(const struct cell *cell)
{
	/* write-back paging structures, 4-level walk */
	return paging_root_phys(&cell->npt) | (3 << 3) | VMX_MEMTYPE_WB;
}

static void vmx_vcpu_reset(struct vcpu *vcpu, enum vcpu_start how,
			   uint64_t entry)
{
	struct cell *cell = vcpu->cell;

	if (!vmclear(vcpu->vmcs_phys) || !vmptrld(vcpu->vmcs_phys))
		panic("CPU %u: VMCLEAR/VMPTRLD of its VMCS failed\n",
		      this_cpu_id());
	vcpu->vmcs_launched = false;
	memset(vcpu->regs, 0, sizeof(vcpu->regs));

	vmwrite(PIN_BASED_CONTROLS, vmx.pin);
	vmwrite(PROC_BASED_CONTROLS, vmx.proc);
	vmwrite(PROC_BASED_CONTROLS2, vmx.proc2);
	vmwrite(EXIT_CONTROLS, vmx.exit);
	vmwrite(ENTRY_CONTROLS, vmx.entry);
	/* #UD: the other vendor's hypercall instruction (VMMCALL). */
	vmwrite(EXCEPTION_BITMAP, 1u << 6);
	vmwrite(IO_BITMAP_A, cell->io_bitmap_phys);
	vmwrite(IO_BITMAP_B, cell->io_bitmap_phys + PAGE_SIZE);
	vmwrite(MSR_BITMAP, cell->msr_bitmap_phys);
	vmwrite(EPT_POINTER, eptp(cell));
	vmwrite(CR0_GUEST_HOST_MASK, cr0_forced());
	vmwrite(CR4_GUEST_HOST_MASK, vmx.cr4_fixed0 | ~vmx.cr4_fixed1);
	vmwrite(VMCS_LINK_POINTER, ~0ull);
	vmwrite(ENTRY_INTR_INFO, 0);
	/* Fields a fresh VMCS may hold anything in, for controls in use. */
	vmwrite(CR3_TARGET_COUNT, 0);
	vmwrite(PF_ERROR_MASK, 0);
	vmwrite(PF_ERROR_MATCH, 0);
	vmwrite(EXIT_MSR_STORE_COUNT, 0);
	vmwrite(EXIT_MSR_LOAD_COUNT, 0);
	vmwrite(ENTRY_MSR_LOAD_COUNT, 0);
	if (vmx.proc2 & PROC2_XSAVES)
		vmwrite(XSS_EXIT_BITMAP, 0);
	set_host_state();

	vmwrite(GUEST_EFER, 0);
	vmwrite(GUEST_PAT, PAT_POWER_ON);
	vmwrite(GUEST_DR7, 0x400);
	vmwrite(GUEST_RFLAGS, 0x2);
	vmwrite(GUEST_CR3, 0);
	set_cr4(0);
	vmwrite(GUEST_INTERRUPTIBILITY, 0);
	vmwrite(GUEST_ACTIVITY_STATE, 0);
	vmwrite(GUEST_PENDING_DBG, 0);
	vmwrite(GUEST_SYSENTER_CS, 0);
	vmwrite(GUEST_SYSENTER_ESP, 0);
	vmwrite(GUEST_SYSENTER_EIP, 0);
	set_segment(SEG_TR, 0, 0, 0xffff, AR_TSS_BUSY);
	set_segment(SEG_LDTR, 0, 0, 0xffff, AR_LDT | AR_UNUSABLE);
	vmwrite(GUEST_IDTR_BASE, 0);
	vmwrite(GUEST_IDTR_LIMIT, 0xffff);
	vmwrite(GUEST_GDTR_BASE, 0);
	vmwrite(GUEST_GDTR_LIMIT, 0xffff);

	if (how == VCPU_START_LINUX32) {
		/* Linux boot protocol, 32-bit entry: flat segments 0x10/0x18. */
		set_cr0(CR0_PE | CR0_ET);
		set_segment(SEG_CS, 0x10, 0, 0xffffffff, AR_CODE32);
		set_data_segments(0x18, 0xffffffff, AR_DATA32);
		vmwrite(GUEST_RIP, entry);
	} else if (how == VCPU_START_CELL) {
		/* Jailhouse's inmate start state (spec 9.1). */
		set_cr0(CR0_RESET);
		set_segment(SEG_CS, (entry >> 4) & 0xf000, entry & ~0xffffull,
			    0xffff, AR_CODE16);
		set_data_segments(0, 0xffff, AR_DATA16);
		vmwrite(GUEST_RIP, entry & 0xffff);
	} else {
		/* After SIPI: real mode at CS = vector << 8, IP 0. */
		set_cr0(CR0_RESET);
		set_segment(SEG_CS, entry >> 4, entry, 0xffff, AR_CODE16);
		set_data_segments(0, 0xffff, AR_DATA16);
		vmwrite(GUEST_RIP, 0);
	}
}

static void vmx_flush_tlb(struct vcpu *vcpu)
{
	struct {
		uint64_t eptp, reserved;
	} desc = { 0, 0 };
	uint64_t type = 2; /* all contexts */

	asm volatile("invept %0, %1" : : "m"(desc), "r"(type) : "memory");
}

static void vmx_set_gdt(struct vcpu *vcpu, uint64_t base, uint16_t limit)
{
	vmwrite(GUEST_GDTR_BASE, base);
	vmwrite(GUEST_GDTR_LIMIT, limit);
}

static void vmx_get_guest_state(struct vcpu *vcpu, struct guest_state *st)
{
	uint64_t mask0 = vmread(CR0_GUEST_HOST_MASK);
	uint64_t mask4 = vmread(CR4_GUEST_HOST_MASK);
	uint32_t cs_ar = vmread(GUEST_CS_AR);

	st->cr0 = (vmread(GUEST_CR0) & ~mask0) |
		  (vmread(CR0_READ_SHADOW) & mask0);
	st->cr3 = vmread(GUEST_CR3);
	st->cr4 = (vmread(GUEST_CR4) & ~mask4) |
		  (vmread(CR4_READ_SHADOW) & mask4);
	st->efer = vmread(GUEST_EFER);
	st->rflags = vmread(GUEST_RFLAGS);
	st->rip = vmread(GUEST_RIP);
	st->cs_base = vmread(GUEST_CS_BASE);
	st->cs_l = cs_ar & (1u << 13);
	st->cs_d = cs_ar & (1u << 14);
	/* The CPL is SS.DPL (SDM vol. 3, 24.4.1); 0 in real mode. */
	st->cpl = st->cr0 & CR0_PE ? (vmread(GUEST_SS_AR) >> 5) & 3 : 0;
}

static void vmx_skip_instruction(struct vcpu *vcpu, unsigned int len)
{
	vmwrite(GUEST_RIP, vmread(GUEST_RIP) + len);
	/* Any interrupt shadow (MOV SS, STI) ended with that instruction. */
	vmwrite(GUEST_INTERRUPTIBILITY,
		vmread(GUEST_INTERRUPTIBILITY) & ~BLOCKING_STI_MOVSS);
}

static bool has_error_code(unsigned int vector)
{
	return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17;
}

static void vmx_inject_exception(struct vcpu *vcpu, unsigned int vector)
{
	uint32_t info = INTR_INFO_VALID | INTR_TYPE_HW_EXCEPTION | vector;

	if (has_error_code(vector)) {
		info |= INTR_INFO_ERROR_CODE;
		vmwrite(ENTRY_EXCEPTION_ERROR, 0);
	}
	vmwrite(ENTRY_INTR_INFO, info);
}

static void vmx_irq_window(void)
{
	asm volatile("sti; nop; cli" : : : "memory");
}

static void report_exit(struct vcpu *vcpu, const char *what)
{
	printk("CPU %u: %s: exit reason 0x%llx, qualification 0x%llx, "
	       "RIP %04llx:%llx, CR0 0x%llx, CR3 0x%llx, CR4 0x%llx, EFER "
	       "0x%llx\n",
	       this_cpu_id(), what, (unsigned long long)vmread(EXIT_REASON),
	       (unsigned long long)vmread(EXIT_QUALIFICATION),
	       (unsigned long long)vmread(GUEST_CS_SELECTOR),
	       (unsigned long long)vmread(GUEST_RIP),
	       (unsigned long long)vmread(GUEST_CR0),
	       (unsigned long long)vmread(GUEST_CR3),
	       (unsigned long long)vmread(GUEST_CR4),
	       (unsigned long long)vmread(GUEST_EFER));
}

static void skip(struct vcpu *vcpu)
{
	vmx_skip_instruction(vcpu, vmread(EXIT_INSN_LEN));
}

/*
 * MOV to CR0 or CR4 touching a bit the hypervisor holds (NE, VMXE, ...):
 * the guest's value goes to the read shadow, the forced bits to the CPU.
 * Other CR accesses do not exit with EPT.
 */
static bool handle_cr(struct vcpu *vcpu)
{
	uint64_t q = vmread(EXIT_QUALIFICATION);
	unsigned int cr = q & 0xf, type = (q >> 4) & 3, reg = (q >> 8) & 0xf;
	uint64_t value = vcpu->regs[reg];

	vcpu->stats[STAT_CR]++;
	if (type != 0 || (cr != 0 && cr != 4)) {
		report_exit(vcpu, "unexpected control register access");
		return false;
	}
	if (cr == 0) {
		/* IA-32e mode follows EFER.LME when paging comes on or off. */
		uint64_t efer = vmread(GUEST_EFER);
		uint32_t entry = vmread(ENTRY_CONTROLS);
		struct guest_state st;

		/* Invalid combinations fault, not the next VM entry. */
		vmx_get_guest_state(vcpu, &st);
		if (cr0_write_faults(value, st.cr4, efer, st.cs_l)) {
			vmx_inject_exception(vcpu, 13);
			return true;
		}

		if ((value & CR0_PG) && (efer & EFER_LME))
			efer |= EFER_LMA, entry |= ENTRY_IA32E_GUEST;
		else if (!(value & CR0_PG))
			efer &= ~EFER_LMA, entry &= ~ENTRY_IA32E_GUEST;
		vmwrite(GUEST_EFER, efer);
		vmwrite(ENTRY_CONTROLS, entry);
		set_cr0(value);
	} else {
		if (value & CR4_VMXE) {
			/* Guests see no VMX: setting VMXE faults. */
			vmx_inject_exception(vcpu, 13);
			return true;
		}
		set_cr4(value);
	}
	skip(vcpu);
	return true;
}

static bool handle_io(struct vcpu *vcpu)
{
	uint64_t q = vmread(EXIT_QUALIFICATION);
	uint16_t port = q >> 16;
	unsigned int size = (q & 7) + 1;

	vcpu->stats[STAT_PIO]++;
	if (q & (1u << 4 | 1u << 5)) { /* string or REP */
		if (!vcpu->cell->is_root)
			return false;
		printk("root cell: string I/O on trapped port 0x%x ignored\n",
		       port);
	} else if (!vcpu_handle_io(vcpu, port, size, q & (1u << 3))) {
		return false;
	}
	skip(vcpu);
	return true;
}

/* MSRs of the VMX feature: absent to guests, as CPUID says. */
static bool handle_msr(struct vcpu *vcpu, bool write)
{
	uint32_t msr = vcpu->regs[REG_RCX];

	if (msr == MSR_FEATURE_CONTROL ||
	    (msr >= MSR_VMX_BASIC && msr <= MSR_VMX_LAST)) {
		vcpu->stats[STAT_MSR_OTHER]++;
		if (msr == MSR_FEATURE_CONTROL && !write) {
			/* locked, VMX off: what firmware shows a guest OS */
			vcpu->regs[REG_RAX] = FEATURE_CONTROL_LOCKED;
			vcpu->regs[REG_RDX] = 0;
			skip(vcpu);
		} else {
			vmx_inject_exception(vcpu, 13);
		}
		return true;
	}
	return vcpu_handle_msr(vcpu, write);
}

static void handle_xsetbv(struct vcpu *vcpu)
{
	uint64_t value =
		(vcpu->regs[REG_RDX] << 32) | (uint32_t)vcpu->regs[REG_RAX];

	vcpu->stats[STAT_XSETBV]++;
	/* Only XCR0, with x87, AVX only with SSE, nothing unsupported. */
	if ((uint32_t)vcpu->regs[REG_RCX] != 0 || !(value & XCR0_X87) ||
	    ((value & XCR0_AVX) && !(value & XCR0_SSE)) ||
	    (value & ~vmx.xcr0_supported) ||
	    !(vmread(GUEST_CR4) & CR4_OSXSAVE)) {
		vmx_inject_exception(vcpu, 13);
		return;
	}
	asm volatile("xsetbv"
		     :
		     : "c"(0), "a"((uint32_t)value), "d"(value >> 32));
	skip(vcpu);
}

static bool handle_exception_or_nmi(struct vcpu *vcpu)
{
	uint32_t info = vmread(EXIT_INTR_INFO);

	if ((info & INTR_TYPE_MASK) == INTR_TYPE_NMI) {
		/*
		 * The exit consumed the NMI: run the host handler on it
		 * (which counts a kick), then hand a real one to the root.
		 */
		vcpu->stats[STAT_MANAGEMENT]++;
		vcpu->nmi_seen = false;
		asm volatile("int $2" : : : "memory");
		/*
		 * An NMI that exits was never delivered: the guest was not
		 * blocking NMIs and must not be left blocking them (Bochs
		 * saves the state as if it had taken the NMI), or the next
		 * kick would never arrive.
		 */
		vmwrite(GUEST_INTERRUPTIBILITY,
			vmread(GUEST_INTERRUPTIBILITY) & ~BLOCKING_NMI);
		vcpu_handle_management(vcpu);
		if (vcpu->nmi_seen && vcpu->cell->is_root)
			vmwrite(ENTRY_INTR_INFO,
				INTR_INFO_VALID | INTR_TYPE_NMI | 2);
		return true;
	}
	if ((info & 0xff) == 6) {
		vcpu_handle_ud(vcpu);
		return true;
	}
	report_exit(vcpu, "unexpected exception");
	return false;
}

static bool handle_exit(struct vcpu *vcpu)
{
	uint32_t reason = vmread(EXIT_REASON);

	vcpu->stats[STAT_TOTAL]++;
	if (reason & EXIT_REASON_FAILED_ENTRY) {
		report_exit(vcpu, "VM entry refused the guest state");
		return false;
	}
	switch (reason & 0xffff) {
	case EXIT_EXCEPTION_NMI:
		return handle_exception_or_nmi(vcpu);
	case EXIT_INIT:
		vcpu->stats[STAT_MANAGEMENT]++;
		vcpu_handle_management(vcpu);
		return true;
	case EXIT_CPUID:
		vcpu->stats[STAT_CPUID]++;
		vcpu_handle_cpuid(vcpu);
		skip(vcpu);
		return true;
	case EXIT_VMCALL:
		vcpu->stats[STAT_HYPERCALL]++;
		vcpu_handle_hypercall(vcpu);
		skip(vcpu);
		return true;
	case EXIT_CR_ACCESS:
		return handle_cr(vcpu);
	case EXIT_IO:
		return handle_io(vcpu);
	case EXIT_RDMSR:
	case EXIT_WRMSR:
		return handle_msr(vcpu, (reason & 0xffff) == EXIT_WRMSR);
	case EXIT_EPT_VIOLATION:
		return vcpu_handle_mmio(vcpu, vmread(GUEST_PHYSICAL_ADDRESS),
					vmread(EXIT_QUALIFICATION) & 2);
	case EXIT_XSETBV:
		handle_xsetbv(vcpu);
		return true;
	case EXIT_INVD:
		/* Dropping the caches unwritten would hurt others: write back. */
		asm volatile("wbinvd" : : : "memory");
		skip(vcpu);
		return true;
	case EXIT_GETSEC:
	case EXIT_VMCLEAR ... EXIT_VMXON:
	case EXIT_INVEPT:
	case EXIT_INVVPID:
	case EXIT_VMFUNC:
		/* Guests see a CPU without VMX or SMX. */
		vmx_inject_exception(vcpu, 6);
		return true;
	case EXIT_TRIPLE_FAULT:
		report_exit(vcpu, "triple fault");
		return false;
	default:
		report_exit(vcpu, "unexpected exit");
		return false;
	}
}

/* An event cut short by the exit (IDT vectoring) is delivered again. */
static void redeliver_event(void)
{
	uint32_t info = vmread(IDT_VECTORING_INFO);

	if (!(info & INTR_INFO_VALID))
		return;
	if (info & INTR_INFO_ERROR_CODE)
		vmwrite(ENTRY_EXCEPTION_ERROR, vmread(IDT_VECTORING_ERROR));
	vmwrite(ENTRY_INSN_LEN, vmread(EXIT_INSN_LEN));
	vmwrite(ENTRY_INTR_INFO, info & ~(1u << 12));
}

static void __attribute__((noreturn)) vmx_vcpu_run(struct vcpu *vcpu)
{
	for (;;) {
		vcpu_before_entry(vcpu);
		vmwrite(GUEST_RSP, vcpu->regs[REG_RSP]);
		if (vmx_run(vcpu->regs, vcpu->vmcs_launched)) {
			printk("CPU %u: VM entry failed, VM-instruction error "
			       "%llu\n",
			       this_cpu_id(),
			       (unsigned long long)vmread(
				       VM_INSTRUCTION_ERROR));
			vcpu_stop(vcpu, "the VMCS was refused (see above)");
			continue;
		}
		vcpu->vmcs_launched = true;
		vcpu->regs[REG_RSP] = vmread(GUEST_RSP);
		vmwrite(ENTRY_INTR_INFO, 0);
		redeliver_event();
		if (!handle_exit(vcpu))
			vcpu_stop(
				vcpu,
				"a violation or an exit it cannot handle (see above)");
		vcpu_stats_poll(vcpu);
	}
}

const struct vendor_ops vmx_ops = {
	.name = vmx_name,
	.check = vmx_check,
	.paging = &paging_ept,
	.cpu_init = vmx_cpu_init,
	.vcpu_reset = vmx_vcpu_reset,
	.set_gdt = vmx_set_gdt,
	.vcpu_run = vmx_vcpu_run,
	.get_guest_state = vmx_get_guest_state,
	.skip_instruction = vmx_skip_instruction,
	.inject_exception = vmx_inject_exception,
	.irq_window = vmx_irq_window,
	.cell_init = vmx_cell_init,
	.cell_exit = vmx_cell_exit,
	.flush_tlb = vmx_flush_tlb,
};
