// SPDX-License-Identifier: GPL-2.0
/*
 * The AMD SVM back-end: enabling SVM, the VMCB of each vCPU, the run loop
 * and the decoding of exits into the shared handlers of vcpu.c.
 *
 * Written for CPUs without NRIP-save and decode assists (QEMU's TCG has
 * neither): instruction lengths are known for the intercepted
 * instructions, and MMIO accesses are decoded from guest memory.
 *
 * External interrupts are not intercepted and V_INTR_MASKING is off, so
 * the guest's RFLAGS.IF governs them and they arrive through the guest's
 * IDT without a VM exit. NMIs are intercepted: the hypervisor uses them to
 * pull a CPU out of its guest (INIT emulation); any other NMI is handed on.
 */
#include <warden/cell.h>
#include <warden/errno.h>
#include <warden/hvmem.h>
#include <warden/printk.h>
#include <warden/string.h>
#include <warden/percpu.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/svm.h>
#include <asm/vcpu.h>

#define MSRPM_PAGES 2
#define MSR_PAT 0x277
#define PAT_POWER_ON 0x0007040600070406ull
#define ROOT_ASID 1
#define CR0_ET 0x10
#define CR0_PE 0x1
#define CR0_RESET (0x60000000 | CR0_ET) /* CD, NW, ET */
#define INSN_LEN_CPUID 2
#define INSN_LEN_MSR 2
#define INSN_LEN_VMMCALL 3
#define EXC_UD 6

/* Segment attributes in the VMCB's 12-bit form (APM vol. 2, 15.5.1). */
#define SEG_CODE32 0xc9b
#define SEG_DATA32 0xc93
#define SEG_CODE16 0x09b
#define SEG_DATA16 0x093
#define SEG_TSS 0x08b
#define SEG_LDT 0x082

void svm_vmrun(uint64_t *regs, uint64_t vmcb_phys, uint64_t host_state_phys);

static const char *svm_name(void)
{
	return "AMD SVM";
}

static void svm_check(void)
{
	uint32_t eax, ebx, ecx, edx;

	cpuid(0x80000001, 0, &eax, &ebx, &ecx, &edx);
	if (!(ecx & CPUID_80000001_ECX_SVM))
		panic("this AMD CPU has no SVM (AMD-V): Warden needs it\n");
	cpuid(0x8000000a, 0, &eax, &ebx, &ecx, &edx);
	if (!(edx & CPUID_8000000A_EDX_NP))
		panic("AMD SVM without nested paging: Warden needs NPT\n");
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS)
		panic("SVM is disabled by the firmware (VM_CR.SVMDIS); enable "
		      "virtualization in the firmware setup\n");
}

static void *alloc_page_or_die(uint64_t *phys, const char *what)
{
	void *page = page_alloc(&hv_pool, 1, 1);

	if (!page)
		panic("out of hypervisor memory for %s\n", what);
	*phys = hv_to_phys(page);
	return page;
}

static void svm_cpu_init(struct vcpu *vcpu)
{
	uint64_t hsave_phys;

	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	alloc_page_or_die(&hsave_phys, "the SVM host save area");
	wrmsr(MSR_VM_HSAVE_PA, hsave_phys);
	vcpu->vmcb = alloc_page_or_die(&vcpu->vmcb_phys, "a VMCB");
	alloc_page_or_die(&vcpu->host_state_phys, "the host VMSAVE area");
	/* What VMLOAD gives back after each exit: our own TR, FS, GS... */
	asm volatile("vmsave %%rax" : : "a"(vcpu->host_state_phys) : "memory");
	vcpu->sipi_vector = -1;
}

static void msrpm_intercept(struct cell *cell, uint32_t msr, bool read,
			    bool write)
{
	unsigned int base, bit;

	if (msr < 0x2000)
		base = 0;
	else if (msr >= 0xc0000000 && msr < 0xc0002000)
		base = 0x800 * 8, msr -= 0xc0000000;
	else if (msr >= 0xc0010000 && msr < 0xc0012000)
		base = 0x1000 * 8, msr -= 0xc0010000;
	else
		return;
	bit = base + msr * 2;
	if (read)
		cell->msr_bitmap[bit / 8] |= 1u << (bit % 8);
	if (write)
		cell->msr_bitmap[(bit + 1) / 8] |= 1u << ((bit + 1) % 8);
}

static int svm_cell_init(struct cell *cell)
{
	uint32_t msr;

	cell->msr_bitmap = page_alloc(&hv_pool, MSRPM_PAGES, 1);
	if (!cell->msr_bitmap)
		return -ENOMEM;
	cell->msr_bitmap_phys = hv_to_phys(cell->msr_bitmap);
	/* EFER.SVME must stay set and invisible. */
	msrpm_intercept(cell, MSR_EFER, true, true);
	msrpm_intercept(cell, MSR_VM_CR, true, true);
	msrpm_intercept(cell, MSR_VM_HSAVE_PA, true, true);
	/* With nested paging the guest's PAT lives in the VMCB. */
	msrpm_intercept(cell, MSR_PAT, true, true);
	msrpm_intercept(cell, MSR_APIC_BASE, false, true);
	/*
	 * x2APIC hardware: IPIs must stay inside the cell, INIT/SIPI are
	 * emulated. Without it, non-root cells get x2APIC emulated
	 * (vapic.c); the root's accesses fault as the hardware's would.
	 */
	if (apic_x2apic_mode())
		msrpm_intercept(cell, MSR_X2APIC_ICR, false, true);
	else if (!cell->is_root)
		for (msr = MSR_X2APIC_BASE; msr < MSR_X2APIC_END; msr++)
			msrpm_intercept(cell, msr, true, true);
	return 0;
}

static void svm_cell_exit(struct cell *cell)
{
	if (cell->msr_bitmap)
		page_free(&hv_pool, cell->msr_bitmap, MSRPM_PAGES);
	cell->msr_bitmap = NULL;
}

static void set_segment(struct vmcb_segment *seg, uint16_t selector,
			uint64_t base, uint32_t limit, uint16_t attrib)
{
	seg->selector = selector;
	seg->base = base;
	seg->limit = limit;
	seg->attrib = attrib;
}

static void svm_vcpu_reset(struct vcpu *vcpu, enum vcpu_start how,
			   uint64_t entry)
{
	struct vmcb *vmcb = vcpu->vmcb;
	struct cell *cell = vcpu->cell;

	memset(vmcb, 0, sizeof(*vmcb));
	memset(vcpu->regs, 0, sizeof(vcpu->regs));
	vmcb->intercept_exceptions = 1u << EXC_UD;
	vmcb->intercept_misc1 = SVM_INTERCEPT_NMI | SVM_INTERCEPT_INIT |
				SVM_INTERCEPT_CPUID | SVM_INTERCEPT_IOIO_PROT |
				SVM_INTERCEPT_MSR_PROT | SVM_INTERCEPT_SHUTDOWN;
	vmcb->intercept_misc2 = SVM_INTERCEPT_VMRUN | SVM_INTERCEPT_VMMCALL |
				SVM_INTERCEPT_VMLOAD | SVM_INTERCEPT_VMSAVE |
				SVM_INTERCEPT_STGI | SVM_INTERCEPT_CLGI |
				SVM_INTERCEPT_SKINIT;
	vmcb->iopm_base_pa = cell->io_bitmap_phys;
	vmcb->msrpm_base_pa = cell->msr_bitmap_phys;
	vmcb->guest_asid = ROOT_ASID + cell->id;
	vmcb->tlb_control = SVM_TLB_FLUSH_ALL;
	vmcb->np_control = 1;
	vmcb->n_cr3 = paging_root_phys(&cell->npt);

	vmcb->efer = EFER_SVME; /* required while in the guest; hidden */
	vmcb->g_pat = PAT_POWER_ON;
	vmcb->dr7 = 0x400;
	vmcb->dr6 = 0xffff0ff0;
	vmcb->rflags = 0x2;
	set_segment(&vmcb->tr, 0, 0, 0xffff, SEG_TSS);
	set_segment(&vmcb->ldtr, 0, 0, 0xffff, SEG_LDT);
	set_segment(&vmcb->idtr, 0, 0, 0xffff, 0);

	if (how == VCPU_START_LINUX32) {
		/* Linux boot protocol, 32-bit entry: flat segments 0x10/0x18. */
		vmcb->cr0 = CR0_PE | CR0_ET;
		set_segment(&vmcb->cs, 0x10, 0, 0xffffffff, SEG_CODE32);
		set_segment(&vmcb->ds, 0x18, 0, 0xffffffff, SEG_DATA32);
		vmcb->es = vmcb->ss = vmcb->fs = vmcb->gs = vmcb->ds;
		vmcb->rip = entry;
	} else if (how == VCPU_START_CELL) {
		/* Jailhouse's inmate start state (spec 9.1). */
		vmcb->cr0 = CR0_RESET;
		set_segment(&vmcb->cs, (entry >> 4) & 0xf000,
			    entry & ~0xffffull, 0xffff, SEG_CODE16);
		set_segment(&vmcb->ds, 0, 0, 0xffff, SEG_DATA16);
		vmcb->es = vmcb->ss = vmcb->fs = vmcb->gs = vmcb->ds;
		set_segment(&vmcb->gdtr, 0, 0, 0xffff, 0);
		vmcb->rip = entry & 0xffff;
	} else {
		/* After SIPI: real mode at CS = vector << 8, IP 0. */
		vmcb->cr0 = CR0_RESET;
		set_segment(&vmcb->cs, entry >> 4, entry, 0xffff, SEG_CODE16);
		set_segment(&vmcb->ds, 0, 0, 0xffff, SEG_DATA16);
		vmcb->es = vmcb->ss = vmcb->fs = vmcb->gs = vmcb->ds;
		vmcb->rip = 0;
	}
}

static void svm_flush_tlb(struct vcpu *vcpu)
{
	vcpu->vmcb->tlb_control = SVM_TLB_FLUSH_ALL;
}

static void svm_set_gdt(struct vcpu *vcpu, uint64_t base, uint16_t limit)
{
	vcpu->vmcb->gdtr.base = base;
	vcpu->vmcb->gdtr.limit = limit;
}

static void svm_get_guest_state(struct vcpu *vcpu, struct guest_state *st)
{
	const struct vmcb *vmcb = vcpu->vmcb;

	st->cr0 = vmcb->cr0;
	st->cr3 = vmcb->cr3;
	st->cr4 = vmcb->cr4;
	st->efer = vmcb->efer & ~EFER_SVME;
	st->rflags = vmcb->rflags;
	st->rip = vmcb->rip;
	st->cs_base = vmcb->cs.base;
	st->cs_l = vmcb->cs.attrib & 0x200;
	st->cs_d = vmcb->cs.attrib & 0x400;
	st->cpl = vmcb->cpl;
}

static void svm_skip_instruction(struct vcpu *vcpu, unsigned int len)
{
	vcpu->vmcb->rip += len;
	/* Any interrupt shadow (MOV SS, STI) ended with that instruction. */
	vcpu->vmcb->interrupt_shadow = 0;
}

static void svm_inject_exception(struct vcpu *vcpu, unsigned int vector)
{
	vcpu->vmcb->eventinj =
		SVM_EVENT_VALID | SVM_EVENT_TYPE_EXCEPTION | vector;
}

static void svm_irq_window(void)
{
	/* The hypervisor runs with GIF clear; STI alone would not do. */
	asm volatile("stgi; sti; nop; cli; clgi" : : : "memory");
}

static bool handle_msr(struct vcpu *vcpu)
{
	struct vmcb *vmcb = vcpu->vmcb;
	bool write = vmcb->exitinfo1 & 1;
	uint32_t msr = vcpu->regs[REG_RCX];
	uint64_t value =
		(vcpu->regs[REG_RDX] << 32) | (uint32_t)vcpu->regs[REG_RAX];

	switch (msr) {
	case MSR_EFER:
		if (write) {
			vmcb->efer = value | EFER_SVME;
			/* New paging mode: start with a clean TLB. */
			vmcb->tlb_control = SVM_TLB_FLUSH_ALL;
		} else {
			value = vmcb->efer & ~EFER_SVME;
		}
		break;
	case MSR_PAT:
		if (write)
			vmcb->g_pat = value;
		else
			value = vmcb->g_pat;
		break;
	case MSR_VM_CR:
	case MSR_VM_HSAVE_PA:
		/* SVM looks disabled by firmware: nested SVM is not offered. */
		if (write && !vcpu->cell->is_root) {
			printk("CPU %u: cell '%s': write of protected MSR "
			       "0x%x\n",
			       this_cpu_id(), vcpu->cell->config->name, msr);
			return false;
		}
		value = msr == MSR_VM_CR ? VM_CR_SVMDIS : 0;
		break;
	default:
		return vcpu_handle_msr(vcpu, write);
	}
	vcpu->stats[STAT_MSR_OTHER]++;
	if (!write) {
		vcpu->regs[REG_RAX] = (uint32_t)value;
		vcpu->regs[REG_RDX] = value >> 32;
	}
	svm_skip_instruction(vcpu, INSN_LEN_MSR);
	return true;
}

static bool handle_io(struct vcpu *vcpu)
{
	uint64_t info = vcpu->vmcb->exitinfo1;
	uint16_t port = info >> SVM_IOIO_PORT_SHIFT;
	unsigned int size = (info >> SVM_IOIO_SIZE_SHIFT) & 7;

	vcpu->stats[STAT_PIO]++;
	if (info & (SVM_IOIO_STR | SVM_IOIO_REP)) {
		if (!vcpu->cell->is_root)
			return false;
		printk("root cell: string I/O on trapped port 0x%x ignored\n",
		       port);
	} else if (!vcpu_handle_io(vcpu, port, size, info & SVM_IOIO_IN)) {
		return false;
	}
	/* IOIO exits report the next RIP even without NRIP-save. */
	vcpu->vmcb->rip = vcpu->vmcb->exitinfo2;
	return true;
}

static void report_exit(struct vcpu *vcpu, const char *what)
{
	struct vmcb *vmcb = vcpu->vmcb;

	printk("CPU %u: %s: exit code 0x%llx, info 0x%llx/0x%llx, RIP "
	       "%04x:%llx, CR0 0x%llx, CR3 0x%llx, CR4 0x%llx, EFER 0x%llx\n",
	       this_cpu_id(), what, (unsigned long long)vmcb->exitcode,
	       (unsigned long long)vmcb->exitinfo1,
	       (unsigned long long)vmcb->exitinfo2, vmcb->cs.selector,
	       (unsigned long long)vmcb->rip, (unsigned long long)vmcb->cr0,
	       (unsigned long long)vmcb->cr3, (unsigned long long)vmcb->cr4,
	       (unsigned long long)vmcb->efer);
}

static bool handle_exit(struct vcpu *vcpu)
{
	struct vmcb *vmcb = vcpu->vmcb;

	vcpu->stats[STAT_TOTAL]++;
	/* VMEXIT_INVALID is -1; some implementations store it in 32 bits. */
	if ((uint32_t)vmcb->exitcode == 0xffffffff) {
		report_exit(vcpu, "VMRUN refused the guest state");
		return false;
	}
	switch (vmcb->exitcode) {
	case SVM_EXIT_NMI:
		/*
		 * An intercepted NMI stays pending: take it here with the
		 * host handler (which counts it as a kick if it was one) or
		 * it fires again at VMRUN.
		 */
		vcpu->stats[STAT_MANAGEMENT]++;
		vcpu->nmi_seen = false;
		asm volatile("stgi; clgi" : : : "memory");
		vcpu_handle_management(vcpu);
		/* A real NMI goes on to the root; cells get none (spec 9.1). */
		if (vcpu->nmi_seen && vcpu->cell->is_root)
			vmcb->eventinj =
				SVM_EVENT_VALID | SVM_EVENT_TYPE_NMI | 2;
		return true;
	case SVM_EXIT_INIT:
		vcpu->stats[STAT_MANAGEMENT]++;
		vcpu_handle_management(vcpu);
		return true;
	case SVM_EXIT_CPUID:
		vcpu->stats[STAT_CPUID]++;
		vcpu_handle_cpuid(vcpu);
		svm_skip_instruction(vcpu, INSN_LEN_CPUID);
		return true;
	case SVM_EXIT_MSR:
		return handle_msr(vcpu);
	case SVM_EXIT_IOIO:
		return handle_io(vcpu);
	case SVM_EXIT_NPF:
		return vcpu_handle_mmio(vcpu, vmcb->exitinfo2,
					vmcb->exitinfo1 & SVM_NPF_WRITE);
	case SVM_EXIT_VMMCALL:
		vcpu->stats[STAT_HYPERCALL]++;
		vcpu_handle_hypercall(vcpu);
		svm_skip_instruction(vcpu, INSN_LEN_VMMCALL);
		return true;
	case SVM_EXIT_EXCP_BASE + EXC_UD:
		vcpu_handle_ud(vcpu);
		return true;
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI:
	case SVM_EXIT_SKINIT:
		/* Guests see a CPU without SVM. */
		svm_inject_exception(vcpu, EXC_UD);
		return true;
	case SVM_EXIT_SHUTDOWN:
		report_exit(vcpu, "triple fault (shutdown)");
		return false;
	default:
		report_exit(vcpu, "unexpected exit");
		return false;
	}
}

static void __attribute__((noreturn)) svm_vcpu_run(struct vcpu *vcpu)
{
	struct vmcb *vmcb = vcpu->vmcb;

	for (;;) {
		vcpu_before_entry(vcpu);
		vmcb->rax = vcpu->regs[REG_RAX];
		vmcb->rsp = vcpu->regs[REG_RSP];
		svm_vmrun(vcpu->regs, vcpu->vmcb_phys, vcpu->host_state_phys);
		vcpu->regs[REG_RAX] = vmcb->rax;
		vcpu->regs[REG_RSP] = vmcb->rsp;
		vmcb->tlb_control = 0;
		/* An event cut short by the exit is delivered again. */
		vmcb->eventinj = vmcb->exitintinfo & SVM_EVENT_VALID ?
					 vmcb->exitintinfo :
					 0;
		if (!handle_exit(vcpu))
			vcpu_stop(
				vcpu,
				"a violation or an exit it cannot handle (see above)");
		vcpu_stats_poll(vcpu);
	}
}

const struct vendor_ops svm_ops = {
	.name = svm_name,
	.check = svm_check,
	.paging = &paging_npt,
	.cpu_init = svm_cpu_init,
	.vcpu_reset = svm_vcpu_reset,
	.set_gdt = svm_set_gdt,
	.vcpu_run = svm_vcpu_run,
	.get_guest_state = svm_get_guest_state,
	.skip_instruction = svm_skip_instruction,
	.inject_exception = svm_inject_exception,
	.irq_window = svm_irq_window,
	.cell_init = svm_cell_init,
	.cell_exit = svm_cell_exit,
	.flush_tlb = svm_flush_tlb,
};
