// SPDX-License-Identifier: GPL-2.0
/*
 * What a guest may do, decided once for both vendor back-ends: CPUID,
 * intercepted MSRs, I/O ports, MMIO, hypercalls, INIT/SIPI.
 *
 * Root-cell policy for hardware it does not own: the root Linux probes
 * legacy devices at boot (COM1, parallel ports, ...). Such an access
 * behaves like absent hardware (reads all ones, writes dropped) and is
 * logged once per port or page; it never stops a root CPU. Non-root cells
 * keep Jailhouse's strict rule: the access stops the CPU (a violation).
 */
#include <warden/cell.h>
#include <warden/control.h>
#include <warden/errno.h>
#include <warden/hvmem.h>
#include <warden/percpu.h>
#include <warden/printk.h>
#include <warden/string.h>
#include <jailhouse/hypercall.h>
#include <asm/apic.h>
#include <asm/guest_paging.h>
#include <asm/insn_decode.h>
#include <asm/processor.h>
#include <asm/timing.h>
#include <asm/vcpu.h>
#include <asm/vdevices.h>

#define CPUID_1_ECX_VMX (1u << 5)
#define CPUID_1_ECX_X2APIC (1u << 21)
#define CPUID_1_ECX_OSXSAVE (1u << 27)
#define CPUID_1_ECX_HYPERVISOR (1u << 31)
#define CPUID_7_ECX_OSPKE (1u << 4)
#define CR4_OSXSAVE (1ull << 18)
#define CR4_PKE (1ull << 22)
#define EXC_UD 6
#define EXC_GP 13
#define PORT_I8042_COMMAND 0x64
#define PORT_RESET_CONTROL 0xcf9

/* Ports and pages already reported (root policy: log once). */
static uint8_t port_logged[0x10000 / 8];
static uint64_t page_logged[64];
static unsigned int pages_logged;

static bool log_port_once(uint16_t port)
{
	bool first = !(port_logged[port / 8] & (1u << (port % 8)));

	port_logged[port / 8] |= 1u << (port % 8);
	return first;
}

static bool log_page_once(uint64_t page)
{
	unsigned int i;

	for (i = 0; i < pages_logged; i++)
		if (page_logged[i] == page)
			return false;
	if (pages_logged < sizeof(page_logged) / sizeof(page_logged[0]))
		page_logged[pages_logged++] = page;
	return true;
}

void vcpu_handle_cpuid(struct vcpu *vcpu)
{
	uint32_t leaf = vcpu->regs[REG_RAX], sub = vcpu->regs[REG_RCX];
	uint32_t a, b, c, d;
	struct guest_state st;

	if (leaf >= 0x40000000 && leaf <= 0x400000ff) {
		/* Jailhouse's signature leaves (spec 6.3). */
		a = b = c = d = 0;
		if (leaf == 0x40000000) {
			a = 0x40000001;
			b = 0x6c69614a; /* "Jail" */
			c = 0x73756f68; /* "hous" */
			d = 0x00000065; /* "e" */
		}
	} else {
		cpuid(leaf, sub, &a, &b, &c, &d);
		vendor_get_guest_state(vcpu, &st);
		switch (leaf) {
		case 1:
			c &= ~(CPUID_1_ECX_VMX | CPUID_1_ECX_OSXSAVE);
			if (st.cr4 & CR4_OSXSAVE)
				c |= CPUID_1_ECX_OSXSAVE;
			/* Non-root cells always have an x2APIC (emulated). */
			if (!vcpu->cell->is_root)
				c |= CPUID_1_ECX_HYPERVISOR |
				     CPUID_1_ECX_X2APIC;
			break;
		case 7:
			if (sub == 0) {
				c &= ~CPUID_7_ECX_OSPKE;
				if (st.cr4 & CR4_PKE)
					c |= CPUID_7_ECX_OSPKE;
			}
			break;
		case 0x80000001:
			c &= ~CPUID_80000001_ECX_SVM;
			break;
		case 0x8000000a:
			a = b = c = d = 0;
			break;
		}
	}
	vcpu->regs[REG_RAX] = a;
	vcpu->regs[REG_RBX] = b;
	vcpu->regs[REG_RCX] = c;
	vcpu->regs[REG_RDX] = d;
}

/*
 * The x2APIC registers. With x2APIC hardware only ICR writes trap; without
 * it, only non-root cells trap here, and the whole interface is emulated.
 */
static bool x2apic_msr(struct vcpu *vcpu, uint32_t msr, bool write,
		       uint64_t *value)
{
	bool icr_write = msr == MSR_X2APIC_ICR && write;

	vcpu->stats[icr_write ? STAT_MSR_X2APIC_ICR : STAT_MSR_OTHER]++;
	if (apic_x2apic_mode())
		return vapic_write_icr(vcpu, *value, *value >> 32, true);
	return vapic_x2apic_msr(vcpu, msr, write, value);
}

static bool apic_base_write(struct vcpu *vcpu, uint64_t value)
{
	/* A cell may toggle the BSP flag, not move or switch its APIC. */
	if ((value ^ rdmsr(MSR_APIC_BASE)) & ~APIC_BASE_BSP) {
		printk("CPU %u: cell '%s': APIC base change to 0x%llx "
		       "refused\n",
		       this_cpu_id(), vcpu->cell->config->name,
		       (unsigned long long)value);
		return vcpu->cell->is_root;
	}
	wrmsr(MSR_APIC_BASE, value);
	return true;
}

void vcpu_handle_ud(struct vcpu *vcpu)
{
	uint8_t code[3];
	size_t got = 0;

	vcpu->stats[STAT_EXCEPTION]++;
	if (vcpu_read_code(vcpu, code, sizeof(code), &got) == 0 &&
	    got == sizeof(code) && code[0] == 0x0f && code[1] == 0x01 &&
	    (code[2] == 0xc1 || code[2] == 0xd9)) {
		vcpu->stats[STAT_HYPERCALL]++;
		vcpu_handle_hypercall(vcpu);
		vendor_skip_instruction(vcpu, sizeof(code));
		return;
	}
	vendor_inject_exception(vcpu, EXC_UD);
}

bool vcpu_handle_msr(struct vcpu *vcpu, bool write)
{
	uint32_t msr = vcpu->regs[REG_RCX];
	uint64_t value =
		(vcpu->regs[REG_RDX] << 32) | (uint32_t)vcpu->regs[REG_RAX];
	bool ok;

	if (msr >= MSR_X2APIC_BASE && msr < MSR_X2APIC_END) {
		ok = x2apic_msr(vcpu, msr, write, &value);
	} else if (msr == MSR_APIC_BASE && write) {
		vcpu->stats[STAT_MSR_OTHER]++;
		ok = apic_base_write(vcpu, value);
	} else {
		/* Only the MSRs above are intercepted; anything else is a bug. */
		vcpu->stats[STAT_MSR_OTHER]++;
		vendor_inject_exception(vcpu, EXC_GP);
		return true;
	}
	if (!ok)
		return false;
	if (!write) {
		vcpu->regs[REG_RAX] = (uint32_t)value;
		vcpu->regs[REG_RDX] = value >> 32;
	}
	vendor_skip_instruction(vcpu, 2);
	return true;
}

static uint32_t io_read_hw(uint16_t port, unsigned int size)
{
	switch (size) {
	case 1:
		return inb(port);
	case 2:
		return inw(port);
	default:
		return inl(port);
	}
}

static void io_write_hw(uint16_t port, unsigned int size, uint32_t value)
{
	switch (size) {
	case 1:
		outb(port, value);
		break;
	case 2:
		outw(port, value);
		break;
	default:
		outl(port, value);
		break;
	}
}

/* IN writes AL, AX or EAX; a 32-bit IN clears the upper half of RAX. */
static void set_in_result(struct vcpu *vcpu, unsigned int size, uint32_t v)
{
	uint64_t *rax = &vcpu->regs[REG_RAX];

	if (size == 4)
		*rax = v;
	else if (size == 2)
		*rax = (*rax & ~0xffffull) | (v & 0xffff);
	else
		*rax = (*rax & ~0xffull) | (v & 0xff);
}

/*
 * The i8042 command port (spec 2.8): forwarded for cells that own it,
 * except commands that drive the CPU reset line. The root cell may reset
 * the machine, so for it these pass too.
 */
static bool i8042_command(struct vcpu *vcpu, unsigned int size, bool in)
{
	uint8_t cmd = vcpu->regs[REG_RAX];

	if (size != 1 || !cell_port_allowed(vcpu->cell, PORT_I8042_COMMAND))
		return false;
	if (in) {
		set_in_result(vcpu, 1, inb(PORT_I8042_COMMAND));
		return true;
	}
	if (!vcpu->cell->is_root && (cmd == 0xd1 || cmd >= 0xf0))
		return false;
	outb(PORT_I8042_COMMAND, cmd);
	return true;
}

bool vcpu_handle_io(struct vcpu *vcpu, uint16_t port, unsigned int size,
		    bool in)
{
	struct cell *cell = vcpu->cell;

	if (port >= PCI_CFG_PORT && port < PCI_CFG_PORT + 8 &&
	    !(port == PORT_RESET_CONTROL && size == 1))
		return vpci_port_access(vcpu, port, size, in);
	if (port == PORT_I8042_COMMAND && i8042_command(vcpu, size, in))
		return true;
	if (cell_port_allowed(cell, port) ||
	    (cell->is_root && port == PORT_RESET_CONTROL)) {
		/* Listed ports that still trap (the reset control register). */
		if (in)
			set_in_result(vcpu, size, io_read_hw(port, size));
		else
			io_write_hw(port, size, vcpu->regs[REG_RAX]);
		return true;
	}
	if (!cell->is_root) {
		printk("CPU %u: cell '%s': forbidden %s of port 0x%x\n",
		       this_cpu_id(), cell->config->name, in ? "read" : "write",
		       port);
		return false;
	}
	/* Port 0x80 is the POST/delay port Linux writes all the time. */
	if (port != 0x80 && log_port_once(port))
		printk("root cell: port 0x%x is not the root's; %s as absent "
		       "hardware (reported once)\n",
		       port, in ? "reads" : "writes");
	if (in)
		set_in_result(vcpu, size, 0xffffffff);
	return true;
}

static int guest_read_phys(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct vcpu *vcpu = ctx;
	uint64_t hpa;
	unsigned int flags;

	if (!paging_translate(&vcpu->cell->npt, gpa & ~0xfffull, &hpa,
			      &flags) ||
	    (gpa & 0xfff) + len > PAGE_SIZE)
		return -EFAULT;
	memcpy(buf, phys_to_hv(hpa + (gpa & 0xfff)), len);
	return 0;
}

int vcpu_read_code(struct vcpu *vcpu, uint8_t *buf, size_t len, size_t *got)
{
	struct guest_paging_state gp = { 0 };
	struct guest_state st;

	vendor_get_guest_state(vcpu, &st);
	gp.cr0 = st.cr0;
	gp.cr3 = st.cr3;
	gp.cr4 = st.cr4;
	gp.efer = st.efer;
	return guest_read_code(&gp, st.cs_l ? 0 : st.cs_base, st.rip, buf, len,
			       guest_read_phys, vcpu, got);
}

/*
 * Root-cell access to memory nobody gave it (the hypervisor's, another
 * cell's, a hole): map a page that reads as all ones there, read-only, and
 * let the instruction run again, so any instruction (string moves through
 * /dev/mem included) sees absent hardware. A write that cannot be decoded
 * gets a discard page instead, whose content is nobody's. The number of
 * such pages is bounded so a scan cannot drain the page pool; beyond it,
 * only decodable accesses are emulated.
 */
#define ABSENT_PAGES_MAX 64

static unsigned int absent_pages;

static bool map_absent_page(struct vcpu *vcpu, uint64_t gpa, bool discard)
{
	struct cell *cell = vcpu->cell;
	uint64_t page = gpa & ~0xfffull;

	if (absent_pages >= ABSENT_PAGES_MAX)
		return false;
	if (paging_map(&cell->npt, page,
		       discard ? cell->discard_page_phys : cell->ones_page_phys,
		       PAGE_SIZE, discard ? PAGE_READ | PAGE_WRITE : PAGE_READ))
		return false;
	absent_pages++;
	return true;
}

static bool root_absent_access(struct vcpu *vcpu, uint64_t gpa, bool write,
			       bool decoded, const struct guest_state *st)
{
	if (log_page_once(gpa & ~0xfffull))
		printk("root cell: 0x%llx is not the root's; %s as absent "
		       "hardware (page reported once, RIP 0x%llx)\n",
		       (unsigned long long)gpa, write ? "writes" : "reads",
		       (unsigned long long)st->rip);
	/* Retrying needs no emulation: RIP stays where it is. */
	if ((!write || !decoded) && map_absent_page(vcpu, gpa, write))
		return true;
	return false;
}

bool vcpu_handle_mmio(struct vcpu *vcpu, uint64_t gpa, bool write)
{
	struct guest_state st;
	struct mmio_insn insn;
	uint8_t code[15];
	size_t got = 0;
	uint64_t value = 0;
	int err;

	/* Local APIC accesses have a counter of their own. */
	vcpu->stats[gpa >> 12 == XAPIC_BASE >> 12 ? STAT_XAPIC : STAT_MMIO]++;
	vendor_get_guest_state(vcpu, &st);
	err = vcpu_read_code(vcpu, code, sizeof(code), &got);
	if (!err)
		err = insn_decode_mmio(
			code, got,
			insn_cpu_mode(st.cr0 & 1, st.rflags & (1u << 17),
				      st.efer & EFER_LMA, st.cs_l, st.cs_d),
			&insn);
	if (err) {
		if (vcpu->cell->is_root && !vdevice_claims(vcpu->cell, gpa) &&
		    root_absent_access(vcpu, gpa, write, false, &st))
			return true;
		printk("CPU %u: cannot emulate the %s at 0x%llx (RIP 0x%llx, "
		       "bytes %02x %02x %02x %02x, error %d)\n",
		       this_cpu_id(), write ? "write" : "read",
		       (unsigned long long)gpa, (unsigned long long)st.rip,
		       got > 0 ? code[0] : 0, got > 1 ? code[1] : 0,
		       got > 2 ? code[2] : 0, got > 3 ? code[3] : 0, err);
		return false;
	}
	if (insn.dir == MMIO_WRITE)
		insn_write_value(&insn, vcpu->regs, &value);

	if (!vdevice_mmio(vcpu, gpa, insn.size, insn.dir == MMIO_WRITE,
			  &value)) {
		if (!vcpu->cell->is_root) {
			printk("CPU %u: cell '%s': forbidden %s of 0x%llx (RIP "
			       "0x%llx)\n",
			       this_cpu_id(), vcpu->cell->config->name,
			       write ? "write" : "read",
			       (unsigned long long)gpa,
			       (unsigned long long)st.rip);
			return false;
		}
		if (!vdevice_claims(vcpu->cell, gpa) &&
		    root_absent_access(vcpu, gpa, write, true, &st))
			return true;
		value = ~0ull;
	}
	if (insn.dir == MMIO_READ)
		insn_apply_read(&insn, &vcpu->regs[insn.reg], value);
	vendor_skip_instruction(vcpu, insn.len);
	return true;
}

static long hypercall_get_system_config(struct vcpu *vcpu, uint64_t gpa,
					uint64_t size)
{
	const struct jailhouse_system *sys = vcpu->cell->system;
	uint64_t len = jailhouse_system_config_size(sys);
	int err;

	if (!vcpu->cell->is_root)
		return -EPERM;
	if (size >= len) {
		err = cell_copy_guest(vcpu->cell, gpa, (void *)sys, len, true);
		if (err)
			return err;
	}
	return len;
}

static long hypercall_read_console(struct vcpu *vcpu, uint64_t gpa,
				   uint64_t size)
{
	if (!vcpu->cell->is_root)
		return -EPERM;
	if (size < sizeof(struct jailhouse_virt_console))
		return -EINVAL;
	return cell_copy_guest(vcpu->cell, gpa, (void *)console_page(),
			       sizeof(struct jailhouse_virt_console), true);
}

static long hypercall_cpu_info(struct vcpu *vcpu, uint64_t cpu, uint64_t type)
{
	struct per_cpu *pcpu;

	if (cpu >= num_cpus || !per_cpus[cpu])
		return -EINVAL;
	pcpu = per_cpus[cpu];
	if (!vcpu->cell->is_root && pcpu->vcpu.cell != vcpu->cell)
		return -EPERM;
	if (type == JAILHOUSE_CPU_INFO_STATE)
		return pcpu->vcpu.failed ? JAILHOUSE_CPU_FAILED :
					   JAILHOUSE_CPU_RUNNING;
	if (type >= JAILHOUSE_CPU_INFO_STAT_BASE &&
	    type < JAILHOUSE_CPU_INFO_STAT_BASE + NUM_VCPU_STATS)
		return pcpu->vcpu.stats[type - JAILHOUSE_CPU_INFO_STAT_BASE] &
		       0x7fffffff;
	return -EINVAL;
}

void vcpu_handle_hypercall(struct vcpu *vcpu)
{
	uint64_t code = vcpu->regs[REG_RAX];
	uint64_t arg1 = vcpu->regs[REG_RDI], arg2 = vcpu->regs[REG_RSI];
	struct guest_state st;
	unsigned int i;
	long ret;

	vendor_get_guest_state(vcpu, &st);
	if (st.cpl != 0 || (st.rflags & (1u << 17))) {
		vcpu->regs[REG_RAX] = (uint64_t)(long)-EPERM;
		return;
	}
	if (!(st.efer & EFER_LMA) || !st.cs_l) {
		arg1 = (uint32_t)arg1;
		arg2 = (uint32_t)arg2;
	}
	switch (code) {
	case JAILHOUSE_HC_HYPERVISOR_GET_INFO:
		switch (arg1) {
		case JAILHOUSE_INFO_MEM_POOL_SIZE:
			ret = page_pool_size(&hv_pool);
			break;
		case JAILHOUSE_INFO_MEM_POOL_USED:
			ret = page_pool_used(&hv_pool);
			break;
		case JAILHOUSE_INFO_REMAP_POOL_SIZE:
		case JAILHOUSE_INFO_REMAP_POOL_USED:
			ret = 0; /* everything is reached through the direct map */
			break;
		case JAILHOUSE_INFO_NUM_CELLS:
			for (ret = 0, i = 0; i < MAX_CELLS; i++)
				ret += cells[i] != NULL;
			break;
		default:
			ret = -EINVAL;
		}
		break;
	case JAILHOUSE_HC_CPU_GET_INFO:
		ret = hypercall_cpu_info(vcpu, arg1, arg2);
		break;
	case JAILHOUSE_HC_DISABLE:
	case JAILHOUSE_HC_CELL_CREATE:
	case JAILHOUSE_HC_CELL_START:
	case JAILHOUSE_HC_CELL_SET_LOADABLE:
	case JAILHOUSE_HC_CELL_DESTROY:
	case JAILHOUSE_HC_CELL_GET_STATE:
		ret = control_hypercall(vcpu, code, arg1);
		break;
	case WARDEN_HC_GET_SYSTEM_CONFIG:
		ret = hypercall_get_system_config(vcpu, arg1, arg2);
		break;
	case WARDEN_HC_READ_CONSOLE:
		ret = hypercall_read_console(vcpu, arg1, arg2);
		break;
	case JAILHOUSE_HC_DEBUG_CONSOLE_PUTC:
		if (!(vcpu->cell->config->flags &
		      JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED)) {
			ret = -EPERM;
			break;
		}
		printk("%c", (char)arg1);
		ret = 0;
		break;
	default:
		printk("CPU %u: unknown hypercall %llu\n", this_cpu_id(),
		       (unsigned long long)code);
		ret = -ENOSYS;
	}
	vcpu->regs[REG_RAX] = (uint64_t)ret;
}

bool vcpu_handle_management(struct vcpu *vcpu)
{
	bool ours = vcpu->requests;

	if (__atomic_load_n(&vcpu->init_pending, __ATOMIC_ACQUIRE)) {
		vcpu->init_pending = false;
		vcpu->wait_for_sipi = true;
		ours = true;
	}
	return ours;
}

/*
 * Requests are acknowledged by clearing their bits once they took effect:
 * a requester that sees its bit gone knows this CPU runs no guest code of
 * the old state any more.
 */
static void serve_requests(struct vcpu *vcpu)
{
	unsigned int req = __atomic_load_n(&vcpu->requests, __ATOMIC_ACQUIRE);

	if (!req)
		return;
	if (req & VCPU_REQ_FLUSH)
		vendor_flush_tlb(vcpu);
	if (req & VCPU_REQ_PARK) {
		/* Nothing a cell programmed may fire in the next owner. */
		if (!vcpu->cell->is_root || !vcpu->park_cell->is_root)
			apic_clear();
		vcpu->xapic_ldr = 0;
		vcpu->xapic_dfr = XAPIC_DFR_FLAT;
		vcpu->cell = vcpu->park_cell;
		memset(vcpu->stats, 0, sizeof(vcpu->stats));
		vcpu->failed = false;
		vcpu->wait_for_sipi = false;
		vcpu->init_pending = false;
		vcpu->sipi_vector = -1;
		vcpu->start_requested = false;
		vendor_flush_tlb(vcpu);
		__atomic_store_n(&vcpu->parked, true, __ATOMIC_RELEASE);
	}
	__atomic_and_fetch(&vcpu->requests, ~req, __ATOMIC_RELEASE);
}

void vcpu_serve_own_requests(void)
{
	serve_requests(&this_cpu()->vcpu);
}

void vcpu_before_entry(struct vcpu *vcpu)
{
	int vector;

	for (;;) {
		serve_requests(vcpu);
		if (vcpu->parked) {
			if (vcpu->cell->is_root) {
				/* Back in the root: Linux restarts it. */
				vcpu->parked = false;
				vcpu->wait_for_sipi = true;
			} else if (__atomic_load_n(&vcpu->start_requested,
						   __ATOMIC_ACQUIRE)) {
				vcpu->start_requested = false;
				apic_clear();
				vendor_vcpu_reset(vcpu, VCPU_START_CELL,
						  vcpu->start_address);
				__atomic_store_n(&vcpu->parked, false,
						 __ATOMIC_RELEASE);
				return;
			} else {
				cpu_relax();
				continue;
			}
		}
		if (!vcpu->wait_for_sipi)
			return;
		vector = __atomic_load_n(&vcpu->sipi_vector, __ATOMIC_ACQUIRE);
		if (vector >= 0) {
			vcpu->sipi_vector = -1;
			vcpu->init_pending = false;
			vcpu->wait_for_sipi = false;
			vendor_vcpu_reset(vcpu, VCPU_START_REAL,
					  (uint64_t)vector << 12);
			return;
		}
		cpu_relax();
	}
}

void vcpu_kick(struct vcpu *target)
{
	__atomic_add_fetch(&target->nmi_kicks, 1, __ATOMIC_ACQ_REL);
	apic_send_ipi(vcpu_to_cpu(target)->apic_id, APIC_ICR_NMI);
}

bool vcpu_take_kick(struct vcpu *vcpu)
{
	unsigned int kicks =
		__atomic_load_n(&vcpu->nmi_kicks, __ATOMIC_ACQUIRE);

	while (kicks)
		if (__atomic_compare_exchange_n(
			    &vcpu->nmi_kicks, &kicks, kicks - 1, false,
			    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return true;
	return false;
}

int vcpu_request(struct vcpu *target, unsigned int request)
{
	uint64_t deadline = rdtsc() + (uint64_t)tsc_khz() * 1000;
	struct per_cpu *pcpu = vcpu_to_cpu(target);

	__atomic_or_fetch(&target->requests, request, __ATOMIC_ACQ_REL);
	if (pcpu == this_cpu()) {
		serve_requests(target);
		return 0;
	}
	vcpu_kick(target);
	while (__atomic_load_n(&target->requests, __ATOMIC_ACQUIRE) & request) {
		/* Serve ours meanwhile: the target may be waiting for us. */
		serve_requests(&this_cpu()->vcpu);
		if (rdtsc() > deadline) {
			printk("CPU %u did not answer management request 0x%x\n",
			       pcpu->cpu_id, request);
			return -EBUSY;
		}
		cpu_relax();
	}
	return 0;
}

void vcpu_stop(struct vcpu *vcpu, const char *why)
{
	struct guest_state st;
	struct cell *cell = vcpu->cell;
	unsigned int cpu;
	bool all_failed = true;

	vendor_get_guest_state(vcpu, &st);
	printk("CPU %u stopped (cell '%s'): %s; RIP 0x%llx, CR0 0x%llx, "
	       "CR3 0x%llx, CR4 0x%llx, EFER 0x%llx, RAX 0x%llx, RSP 0x%llx\n",
	       this_cpu_id(), cell->config->name, why,
	       (unsigned long long)st.rip, (unsigned long long)st.cr0,
	       (unsigned long long)st.cr3, (unsigned long long)st.cr4,
	       (unsigned long long)st.efer,
	       (unsigned long long)vcpu->regs[REG_RAX],
	       (unsigned long long)vcpu->regs[REG_RSP]);
	vcpu->failed = true;
	if (cell->is_root)
		cpu_halt_forever();
	/*
	 * A cell's CPU stays in the hypervisor, parked: the cell can be
	 * destroyed or restarted. When all its CPUs failed, so did the cell.
	 */
	for (cpu = 0; cpu < num_cpus; cpu++)
		if (cell_has_cpu(cell, cpu) && per_cpus[cpu] &&
		    !per_cpus[cpu]->vcpu.failed)
			all_failed = false;
	if (all_failed)
		cell->comm->cell_state = JAILHOUSE_CELL_FAILED;
	__atomic_store_n(&vcpu->parked, true, __ATOMIC_RELEASE);
}
