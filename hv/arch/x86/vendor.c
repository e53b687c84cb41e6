// SPDX-License-Identifier: GPL-2.0
/*
 * One hypervisor image for AMD and Intel: the back-end (SVM or VMX) is
 * chosen from the CPU's vendor string the first time it is needed, and
 * every vendor_*() call goes to its operations.
 */
#include <warden/printk.h>
#include <warden/string.h>
#include <asm/processor.h>
#include <asm/vcpu.h>

static const struct vendor_ops *ops;

static const struct vendor_ops *vendor(void)
{
	uint32_t eax, id[3];

	if (ops)
		return ops;
	cpuid(0, 0, &eax, &id[0], &id[2], &id[1]);
	if (memcmp(id, "AuthenticAMD", 12) == 0)
		ops = &svm_ops;
	else if (memcmp(id, "GenuineIntel", 12) == 0)
		ops = &vmx_ops;
	else
		panic("CPU vendor '%.12s' is neither AMD nor Intel: Warden has "
		      "no virtualization back-end for it\n",
		      (const char *)id);
	return ops;
}

const char *vendor_name(void)
{
	return vendor()->name();
}

void vendor_check(void)
{
	vendor()->check();
}

const struct paging_format *vendor_paging_format(void)
{
	return vendor()->paging;
}

void vendor_cpu_init(struct vcpu *vcpu)
{
	vendor()->cpu_init(vcpu);
}

void vendor_vcpu_reset(struct vcpu *vcpu, enum vcpu_start how, uint64_t entry)
{
	vendor()->vcpu_reset(vcpu, how, entry);
}

void vendor_set_gdt(struct vcpu *vcpu, uint64_t base, uint16_t limit)
{
	vendor()->set_gdt(vcpu, base, limit);
}

void vendor_vcpu_run(struct vcpu *vcpu)
{
	vendor()->vcpu_run(vcpu);
	__builtin_unreachable();
}

void vendor_get_guest_state(struct vcpu *vcpu, struct guest_state *st)
{
	vendor()->get_guest_state(vcpu, st);
}

void vendor_skip_instruction(struct vcpu *vcpu, unsigned int len)
{
	vendor()->skip_instruction(vcpu, len);
}

void vendor_inject_exception(struct vcpu *vcpu, unsigned int vector)
{
	vendor()->inject_exception(vcpu, vector);
}

void vendor_irq_window(void)
{
	vendor()->irq_window();
}

int vendor_cell_init(struct cell *cell)
{
	return vendor()->cell_init(cell);
}

void vendor_cell_exit(struct cell *cell)
{
	vendor()->cell_exit(cell);
}

void vendor_flush_tlb(struct vcpu *vcpu)
{
	vendor()->flush_tlb(vcpu);
}
