// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * violation: does one thing its cell may not do, chosen on the command
 * line (`-s "action=NAME addr=... port=... bdf=... apic=..." -a 0x1000`),
 * so the isolation tests can check that the hypervisor stops this CPU
 * and nothing else. If the CPU is still running afterwards, it says so.
 *
 * Actions: ram-write, ram-read (addr: guest-physical, not the cell's),
 * port (an I/O port not the cell's), pci (write the command register of
 * PCI device bdf), ipi and init (to apic), msr (move the APIC base),
 * lvt (an NMI through the local vector table), triple-fault.
 */
#include <inmate.h>

#define MSR_APIC_BASE 0x1b
#define PCI_CFG_ADDR 0xcf8
#define PCI_CFG_DATA 0xcfc

static void triple_fault(void)
{
	struct {
		uint16_t limit;
		unsigned long base;
	} __attribute__((packed)) no_idt = { 0, 0 };

	/* No interrupt table: the breakpoint escalates to a shutdown. */
	asm volatile("lidt %0; int3" : : "m"(no_idt));
}

void inmate_main(void)
{
	uint64_t addr = cmdline_u64("addr", 0x200000);
	uint16_t port = cmdline_u64("port", 0x70);
	uint32_t bdf = cmdline_u64("bdf", 0xf8);
	uint32_t apic = cmdline_u64("apic", 0);
	char action[24];

	if (!cmdline_str("action", action, sizeof(action))) {
		printk("violation: no action= on the command line\n");
		return;
	}
	printk("violation: about to do '%s'\n", action);
	if (strcmp(action, "ram-write") == 0) {
		*(volatile uint32_t *)(unsigned long)addr = 0xdeadbeef;
	} else if (strcmp(action, "ram-read") == 0) {
		printk("violation: read 0x%x\n",
		       *(volatile uint32_t *)(unsigned long)addr);
	} else if (strcmp(action, "port") == 0) {
		outb(port, 0);
	} else if (strcmp(action, "pci") == 0) {
		outl(PCI_CFG_ADDR, 0x80000000u | bdf << 8 | 0x04);
		outw(PCI_CFG_DATA, 0);
	} else if (strcmp(action, "ipi") == 0) {
		apic_send_ipi(apic, 0xf0);
	} else if (strcmp(action, "init") == 0) {
		wrmsr(X2APIC_ICR, (uint64_t)apic << 32 | 0x4500);
	} else if (strcmp(action, "msr") == 0) {
		wrmsr(MSR_APIC_BASE,
		      (rdmsr(MSR_APIC_BASE) & 0xfff) | 0xfed00000ull);
	} else if (strcmp(action, "lvt") == 0) {
		wrmsr(X2APIC_LVT_LINT0, 0x400); /* NMI delivery, unmasked */
	} else if (strcmp(action, "triple-fault") == 0) {
		triple_fault();
	} else {
		printk("violation: unknown action '%s'\n", action);
		return;
	}
	printk("violation: still running after '%s'\n", action);
}
