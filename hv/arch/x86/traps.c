// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions taken by the hypervisor itself. Every one is a hypervisor bug
 * (or a deliberate test): report everything needed to find it, then stop
 * this CPU. Never return into code that faulted.
 */
#include <stddef.h>
#include <warden/percpu.h>
#include <warden/printk.h>
#include <asm/desc.h>
#include <asm/processor.h>

static const char *const exception_names[32] = {
	[0] = "divide error",
	[1] = "debug",
	[2] = "NMI",
	[3] = "breakpoint",
	[4] = "overflow",
	[5] = "bound range exceeded",
	[6] = "invalid opcode",
	[7] = "device not available",
	[8] = "double fault",
	[9] = "coprocessor segment overrun",
	[10] = "invalid TSS",
	[11] = "segment not present",
	[12] = "stack-segment fault",
	[13] = "general protection",
	[14] = "page fault",
	[16] = "x87 floating-point error",
	[17] = "alignment check",
	[18] = "machine check",
	[19] = "SIMD floating-point exception",
	[20] = "virtualization exception",
	[21] = "control protection",
	[28] = "hypervisor injection",
	[29] = "VMM communication",
	[30] = "security exception",
};

void trap_handler(struct trap_frame *f)
{
	const char *name = f->vector < 32 ? exception_names[f->vector] : NULL;

	/*
	 * CPUs pull each other out of guests with NMIs ("kicks"). One that
	 * arrives while its target runs hypervisor code has nothing left to
	 * do: the target polls its requests. Any other NMI is noted for the
	 * exit handler, which hands it on to the root cell.
	 */
	if (f->vector == EXC_NMI) {
		struct vcpu *vcpu = &this_cpu()->vcpu;

		if (!vcpu_take_kick(vcpu))
			vcpu->nmi_seen = true;
		return;
	}

	printk_emergency();
	printk("\nFATAL: hypervisor exception %llu (%s), error code 0x%llx\n",
	       (unsigned long long)f->vector, name ? name : "reserved",
	       (unsigned long long)f->error_code);
	printk("RIP: %04llx:%016llx RFLAGS: %016llx\n",
	       (unsigned long long)f->cs, (unsigned long long)f->rip,
	       (unsigned long long)f->rflags);
	printk("RSP: %04llx:%016llx CR2: %016llx\n",
	       (unsigned long long)f->ss, (unsigned long long)f->rsp,
	       (unsigned long long)read_cr2());
	printk("CR0: %016llx CR3: %016llx CR4: %016llx\n",
	       (unsigned long long)read_cr0(), (unsigned long long)read_cr3(),
	       (unsigned long long)read_cr4());
	printk("RAX: %016llx RBX: %016llx RCX: %016llx\n",
	       (unsigned long long)f->rax, (unsigned long long)f->rbx,
	       (unsigned long long)f->rcx);
	printk("RDX: %016llx RSI: %016llx RDI: %016llx\n",
	       (unsigned long long)f->rdx, (unsigned long long)f->rsi,
	       (unsigned long long)f->rdi);
	printk("RBP: %016llx R8:  %016llx R9:  %016llx\n",
	       (unsigned long long)f->rbp, (unsigned long long)f->r8,
	       (unsigned long long)f->r9);
	printk("R10: %016llx R11: %016llx R12: %016llx\n",
	       (unsigned long long)f->r10, (unsigned long long)f->r11,
	       (unsigned long long)f->r12);
	printk("R13: %016llx R14: %016llx R15: %016llx\n",
	       (unsigned long long)f->r13, (unsigned long long)f->r14,
	       (unsigned long long)f->r15);
	printk("CPU halted.\n");
	cpu_halt_forever();
}
