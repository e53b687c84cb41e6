// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's emulated VT-d interrupt-remapping unit (asm/vtd_ir.h).
 *
 * Register interface of the Intel VT-d specification, reduced to what
 * interrupt remapping needs: version, capabilities, global command and
 * status, fault status/event registers, the invalidation queue and the
 * interrupt-remapping table address. DMA remapping (TE) is refused: the
 * root boots with intel_iommu=off, as under upstream Jailhouse.
 *
 * The unit caches nothing: every IOAPIC entry is translated from the
 * table in root memory when it is written, and again for every
 * interrupt-entry-cache invalidation the root queues, which is when the
 * specification lets a changed table entry take effect.
 */
#include <warden/acpi.h>
#include <warden/acpi_build.h>
#include <warden/cell.h>
#include <warden/errno.h>
#include <warden/hvmem.h>
#include <warden/percpu.h>
#include <warden/printk.h>
#include <warden/spinlock.h>
#include <warden/string.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/vdevices.h>
#include <asm/vtd_ir.h>
#include <asm/vtd_rte.h>

/* Register offsets */
#define VTD_VER 0x00
#define VTD_CAP 0x08
#define VTD_ECAP 0x10
#define VTD_GCMD 0x18
#define VTD_GSTS 0x1c
#define VTD_RTADDR 0x20
#define VTD_CCMD 0x28
#define VTD_FSTS 0x34
#define VTD_FECTL 0x38
#define VTD_FEDATA 0x3c
#define VTD_FEADDR 0x40
#define VTD_FEUADDR 0x44
#define VTD_PMEN 0x64
#define VTD_IQH 0x80
#define VTD_IQT 0x88
#define VTD_IQA 0x90
#define VTD_ICS 0x9c
#define VTD_IECTL 0xa0
#define VTD_IRTA 0xb8
#define VTD_IOTLB_REGS 0x200 /* IVA, then IOTLB command */
#define VTD_FAULT_RECORD 0x220
#define VTD_REG_END 0x230

#define VTD_VERSION 0x10 /* 1.0 */
/*
 * CAP: 256 domains (ND 2), 4-level tables (SAGAW bit 2), 48-bit guest
 * addresses (MGAW 47), one fault-recording register at VTD_FAULT_RECORD.
 */
#define VTD_CAP_VALUE                           \
	(2ull | (0x4ull << 8) | (47ull << 16) | \
	 ((uint64_t)(VTD_FAULT_RECORD / 16) << 24))
/* ECAP: queued invalidation, interrupt remapping, x2APIC (EIM), IOTLB
 * registers at VTD_IOTLB_REGS. */
#define ECAP_QI (1ull << 1)
#define ECAP_IR (1ull << 3)
#define ECAP_EIM (1ull << 4)
#define VTD_ECAP_VALUE \
	(ECAP_QI | ECAP_IR | ECAP_EIM | ((uint64_t)(VTD_IOTLB_REGS / 16) << 8))

/* GCMD commands and the GSTS bits reporting them. */
#define GCMD_TE (1u << 31)
#define GCMD_SRTP (1u << 30)
#define GCMD_SFL (1u << 29)
#define GCMD_QIE (1u << 26)
#define GCMD_IRE (1u << 25)
#define GCMD_SIRTP (1u << 24)
#define GCMD_CFI (1u << 23)
#define GSTS_RTPS GCMD_SRTP
#define GSTS_FLS GCMD_SFL
#define GSTS_QIES GCMD_QIE
#define GSTS_IRES GCMD_IRE
#define GSTS_IRTPS GCMD_SIRTP
#define GSTS_CFIS GCMD_CFI

#define FSTS_IQE (1u << 4)
#define FSTS_RW1C 0x7du /* PFO, AFO, APF, IQE, ICE, ITE */
#define FECTL_IM (1u << 31)
#define FECTL_IP (1u << 30)
#define PMEN_EPM (1u << 31)
#define PMEN_PRS 1u
#define ICS_IWC 1u
#define CMD_BUSY (1ull << 63) /* CCMD.ICC and IOTLB.IVT */

#define IRTA_EIME (1ull << 11)
#define IQA_QS_MASK 7ull
#define IQT_MASK 0x7fff0ull

/* Invalidation descriptors (128 bits) */
#define QI_TYPE_MASK 0xfull
#define QI_TYPE_HIGH_MASK (7ull << 9)
#define QI_CONTEXT 1
#define QI_IOTLB 2
#define QI_DEVICE_TLB 3
#define QI_IEC 4
#define QI_WAIT 5
#define QI_WAIT_SW (1ull << 5)
#define QI_WAIT_IF (1ull << 4)

static struct {
	bool offered;
	struct acpi_dmar_unit unit;
	struct acpi_tables acpi; /* the firmware's, checked at probe time */
	struct spinlock lock;
	uint32_t gsts;
	uint64_t rtaddr, ccmd, iotlb, iva;
	uint32_t fsts, fectl, fedata, feaddr, feuaddr, pmen;
	uint32_t ics, iectl, iedata, ieaddr, ieuaddr;
	uint64_t iqh, iqt, iqa;
	uint64_t irta; /* as written */
	uint64_t irta_active; /* latched by SIRTP */
	bool te_refused_reported, bad_entry_reported;
} vtd;

bool vtd_ir_offered(void)
{
	return vtd.offered;
}

static const struct jailhouse_iommu *
intel_unit(const struct jailhouse_system *sys)
{
	unsigned int i;

	for (i = 0; i < JAILHOUSE_MAX_IOMMU_UNITS; i++)
		if (sys->platform_info.iommu_units[i].type ==
		    JAILHOUSE_IOMMU_INTEL)
			return &sys->platform_info.iommu_units[i];
	return NULL;
}

static const char *root_device_with_msi(const struct jailhouse_system *sys,
					uint16_t *bdf)
{
	const struct jailhouse_pci_device *dev =
		jailhouse_cell_pci_devices(&sys->root_cell);
	unsigned int i;

	for (i = 0; i < sys->root_cell.num_pci_devices; i++) {
		*bdf = dev[i].bdf;
		if (dev[i].num_msix_vectors)
			return "MSI-X";
		if (dev[i].num_msi_vectors)
			return "MSI";
	}
	return NULL;
}

/* The root's IOAPICs as the DMAR must list them: MADT ID, IR source. */
static int collect_ioapics(const struct acpi_madt_info *madt,
			   const struct jailhouse_system *sys)
{
	const struct jailhouse_irqchip *chip =
		jailhouse_cell_irqchips(&sys->root_cell);
	unsigned int i, j;

	for (i = 0; i < sys->root_cell.num_irqchips; i++) {
		for (j = 0; j < madt->num_ioapics; j++)
			if (madt->ioapics[j].address == chip[i].address)
				break;
		if (j == madt->num_ioapics) {
			printk("VT-d IR: IOAPIC 0x%llx of the configuration is "
			       "not in the MADT\n",
			       (unsigned long long)chip[i].address);
			return -ENOENT;
		}
		if (vtd.unit.num_ioapics == ACPI_DMAR_MAX_IOAPICS)
			return -E2BIG;
		vtd.unit.ioapics[vtd.unit.num_ioapics].id = madt->ioapics[j].id;
		vtd.unit.ioapics[vtd.unit.num_ioapics].source_id =
			chip[i].id & 0xffff;
		vtd.unit.num_ioapics++;
	}
	return vtd.unit.num_ioapics ? 0 : -ENOENT;
}

void vtd_ir_probe(const struct boot_info *bi,
		  const struct jailhouse_system *sys)
{
	const struct jailhouse_iommu *iommu = intel_unit(sys);
	static struct acpi_madt_info madt;
	struct acpi_tables *acpi = &vtd.acpi;
	uint32_t eax, ebx, ecx, edx, len;
	const char *msi;
	uint64_t phys;
	uint16_t bdf;
	char err[ACPI_MSG_LEN];
	int ret;

	if (!iommu)
		return;
	cpuid(1, 0, &eax, &ebx, &ecx, &edx);
	if (!(ecx & CPUID_1_ECX_X2APIC_BIT))
		return; /* xAPIC Linux needs no remapping: nothing to offer */
	if (!bi->rsdp_len) {
		printk("VT-d IR: not offered: no ACPI RSDP\n");
		return;
	}
	if (acpi_init(acpi, bi->rsdp, bi->rsdp_len, acpi_read_direct, NULL, err,
		      sizeof(err)) ||
	    acpi_parse_madt(acpi, &madt, err, sizeof(err))) {
		printk("VT-d IR: not offered: ACPI: %s\n", err);
		return;
	}
	ret = acpi_find_table(acpi, "DMAR", &phys, &len, err, sizeof(err));
	if (!ret) {
		printk("VT-d IR: not offered: the firmware describes VT-d "
		       "hardware (DMAR at 0x%llx), which Warden does not "
		       "drive yet\n",
		       (unsigned long long)phys);
		return;
	}
	if (ret != -ENOENT) {
		printk("VT-d IR: not offered: ACPI: %s\n", err);
		return;
	}
	msi = root_device_with_msi(sys, &bdf);
	if (msi) {
		printk("VT-d IR: not offered: root device %02x:%02x.%x has "
		       "%s, whose messages the emulated unit does not "
		       "translate\n",
		       bdf >> 8, (bdf >> 3) & 0x1f, bdf & 7, msi);
		return;
	}
	if (iommu->base & 0xfff || iommu->size != 0x1000) {
		printk("VT-d IR: not offered: IOMMU unit at 0x%llx size 0x%x "
		       "is not one 4 KiB page\n",
		       (unsigned long long)iommu->base, iommu->size);
		return;
	}
	vtd.unit.base = iommu->base;
	vtd.unit.segment = 0;
	if (collect_ioapics(&madt, sys)) {
		printk("VT-d IR: not offered: the root's IOAPICs cannot be "
		       "described\n");
		return;
	}
	vtd.offered = true;
	printk("VT-d IR: emulated interrupt-remapping unit for the root at "
	       "0x%llx (%u IOAPIC%s)\n",
	       (unsigned long long)vtd.unit.base, vtd.unit.num_ioapics,
	       vtd.unit.num_ioapics == 1 ? "" : "s");
}

bool vtd_ir_claims(uint64_t gpa)
{
	return vtd.offered && (gpa & ~0xfffull) == vtd.unit.base;
}

/* ---- translation ---- */

static bool read_irte(uint16_t handle, uint64_t irte[2])
{
	uint64_t table = vtd.irta_active;
	uint64_t entries = 2ull << (table & 0xf);

	if (handle >= entries)
		return false;
	return !cell_copy_guest(&root_cell,
				(table & ~0xfffull) + (uint64_t)handle * 16,
				irte, 16, false);
}

uint64_t vtd_ir_ioapic_rte(unsigned int pin, uint64_t rte)
{
	uint32_t gsts = vtd.gsts;
	const char *why = NULL;
	uint64_t irte[2], out;

	if (!vtd.offered)
		return rte;
	if (!(rte & RTE_REMAPPABLE) || (rte & RTE_MASKED)) {
		out = vtd_rte_compat(
			rte, (gsts & GSTS_IRES) && !(gsts & GSTS_CFIS), &why);
	} else if (!(gsts & GSTS_IRES)) {
		why = "remapping is not enabled";
		out = vtd_rte_masked(rte);
	} else if (!read_irte(vtd_rte_handle(rte), irte)) {
		why = "entry outside the table";
		out = vtd_rte_masked(rte);
	} else {
		out = vtd_rte_remap(rte, irte[0], vtd.irta_active & IRTA_EIME,
				    &why);
	}
	if (why && !vtd.bad_entry_reported) {
		printk("VT-d IR: IOAPIC pin %u entry 0x%016llx masked: %s "
		       "(reported once)\n",
		       pin, (unsigned long long)rte, why);
		vtd.bad_entry_reported = true;
	}
	return out;
}

/* ---- invalidation queue ---- */

static bool queue_write_status(uint64_t desc[2])
{
	uint32_t status = desc[0] >> 32;

	return !cell_copy_guest(&root_cell, desc[1] & ~3ull, &status,
				sizeof(status), true);
}

/*
 * Run the descriptors from IQH to IQT. Returns true if an interrupt-entry
 * cache invalidation asks for the IOAPIC entries to be translated again.
 */
static bool queue_run(void)
{
	uint64_t size = 256ull << (vtd.iqa & IQA_QS_MASK), desc[2] = { 0 };
	uint64_t base = vtd.iqa & ~0xfffull;
	bool remap = false;

	if (vtd.iqt >= size * 16) {
		vtd.fsts |= FSTS_IQE;
		return false;
	}
	while (vtd.iqh != vtd.iqt && !(vtd.fsts & FSTS_IQE)) {
		if (cell_copy_guest(&root_cell, base + vtd.iqh, desc,
				    sizeof(desc), false) ||
		    desc[0] & QI_TYPE_HIGH_MASK) {
			vtd.fsts |= FSTS_IQE;
			break;
		}
		switch (desc[0] & QI_TYPE_MASK) {
		case QI_CONTEXT:
		case QI_IOTLB:
		case QI_DEVICE_TLB:
			break; /* nothing is cached */
		case QI_IEC:
			remap = true;
			break;
		case QI_WAIT:
			if ((desc[0] & QI_WAIT_SW) &&
			    !queue_write_status(desc)) {
				vtd.fsts |= FSTS_IQE;
				continue;
			}
			if (desc[0] & QI_WAIT_IF)
				vtd.ics |= ICS_IWC;
			break;
		default:
			vtd.fsts |= FSTS_IQE;
			continue;
		}
		vtd.iqh = (vtd.iqh + 16) % (size * 16);
	}
	if (vtd.fsts & FSTS_IQE)
		printk("VT-d IR: invalidation queue error at 0x%llx "
		       "(descriptor 0x%016llx)\n",
		       (unsigned long long)(base + vtd.iqh),
		       (unsigned long long)desc[0]);
	return remap;
}

/* ---- registers ---- */

static bool global_command(uint32_t cmd)
{
	uint32_t old = vtd.gsts;

	if (cmd & GCMD_TE && !vtd.te_refused_reported) {
		printk("VT-d IR: the root enabled DMA remapping, which this "
		       "unit does not emulate; boot it with intel_iommu=off\n");
		vtd.te_refused_reported = true;
	}
	if (cmd & GCMD_SRTP)
		vtd.gsts |= GSTS_RTPS;
	if (cmd & GCMD_SIRTP) {
		vtd.irta_active = vtd.irta;
		vtd.gsts |= GSTS_IRTPS;
	}
	if (cmd & GCMD_SFL)
		vtd.gsts |= GSTS_FLS;
	if (cmd & GCMD_QIE && !(old & GSTS_QIES))
		vtd.iqh = 0;
	if (!(cmd & GCMD_QIE))
		vtd.iqh = 0;
	vtd.gsts = (vtd.gsts & ~(GSTS_QIES | GSTS_IRES | GSTS_CFIS)) |
		   (cmd & (GCMD_QIE | GCMD_CFI));
	if (cmd & GCMD_IRE && vtd.gsts & GSTS_IRTPS)
		vtd.gsts |= GSTS_IRES;
	if ((vtd.gsts ^ old) & (GSTS_IRES | GSTS_CFIS))
		printk("VT-d IR: interrupt remapping %s%s (%s mode)\n",
		       vtd.gsts & GSTS_IRES ? "on" : "off",
		       vtd.gsts & GSTS_CFIS ? ", compatibility format allowed" :
					      "",
		       vtd.irta_active & IRTA_EIME ? "x2APIC" : "xAPIC");
	return (vtd.gsts ^ old) & (GSTS_IRES | GSTS_CFIS | GSTS_IRTPS);
}

static uint64_t reg_read(unsigned int reg)
{
	switch (reg) {
	case VTD_VER:
		return VTD_VERSION;
	case VTD_CAP:
		return VTD_CAP_VALUE;
	case VTD_ECAP:
		return VTD_ECAP_VALUE;
	case VTD_GCMD:
		return (uint64_t)vtd.gsts << 32;
	case VTD_RTADDR:
		return vtd.rtaddr;
	case VTD_CCMD:
		return vtd.ccmd;
	case VTD_FSTS - 4:
		return (uint64_t)vtd.fsts << 32;
	case VTD_FECTL:
		return vtd.fectl | (uint64_t)vtd.fedata << 32;
	case VTD_FEADDR:
		return vtd.feaddr | (uint64_t)vtd.feuaddr << 32;
	case VTD_PMEN - 4:
		return (uint64_t)vtd.pmen << 32;
	case VTD_IQH:
		return vtd.iqh;
	case VTD_IQT:
		return vtd.iqt;
	case VTD_IQA:
		return vtd.iqa;
	case VTD_ICS - 4:
		return (uint64_t)vtd.ics << 32;
	case VTD_IECTL:
		return vtd.iectl | (uint64_t)vtd.iedata << 32;
	case VTD_IECTL + 8:
		return vtd.ieaddr | (uint64_t)vtd.ieuaddr << 32;
	case VTD_IRTA:
		return vtd.irta;
	case VTD_IOTLB_REGS:
		return vtd.iva;
	case VTD_IOTLB_REGS + 8:
		return vtd.iotlb;
	default:
		return 0; /* reserved and the empty fault record */
	}
}

/*
 * A write of @value under @mask to the 8-byte register at @reg (a 4-byte
 * access covers one half). Returns true when the IOAPIC entries must be
 * translated again.
 */
static bool reg_write(unsigned int reg, uint64_t value, uint64_t mask)
{
	uint64_t merged = (reg_read(reg) & ~mask) | (value & mask);

	switch (reg) {
	case VTD_GCMD:
		if (mask & 0xffffffffull)
			return global_command(value);
		break;
	case VTD_RTADDR:
		vtd.rtaddr = merged;
		break;
	case VTD_CCMD:
		vtd.ccmd = merged & ~CMD_BUSY;
		break;
	case VTD_FSTS - 4:
		vtd.fsts &= ~((value >> 32) & mask >> 32 & FSTS_RW1C);
		/* Clearing a queue error resumes the queue, as on hardware. */
		if ((value >> 32) & mask >> 32 & FSTS_IQE &&
		    vtd.gsts & GSTS_QIES)
			return queue_run();
		break;
	case VTD_FECTL:
		vtd.fectl = (vtd.fectl & FECTL_IP) | (merged & FECTL_IM);
		vtd.fedata = merged >> 32;
		break;
	case VTD_FEADDR:
		vtd.feaddr = merged;
		vtd.feuaddr = merged >> 32;
		break;
	case VTD_PMEN - 4:
		vtd.pmen = (merged >> 32) & PMEN_EPM;
		vtd.pmen |= vtd.pmen ? PMEN_PRS : 0;
		break;
	case VTD_IQT:
		vtd.iqt = merged & IQT_MASK;
		return vtd.gsts & GSTS_QIES ? queue_run() : false;
	case VTD_IQA:
		vtd.iqa = merged & ~0xff8ull;
		break;
	case VTD_ICS - 4:
		vtd.ics &= ~((value >> 32) & mask >> 32 & ICS_IWC);
		break;
	case VTD_IECTL:
		vtd.iectl = merged & FECTL_IM;
		vtd.iedata = merged >> 32;
		break;
	case VTD_IECTL + 8:
		vtd.ieaddr = merged;
		vtd.ieuaddr = merged >> 32;
		break;
	case VTD_IRTA:
		vtd.irta = merged & ~0x7f0ull;
		break;
	case VTD_IOTLB_REGS:
		vtd.iva = merged;
		break;
	case VTD_IOTLB_REGS + 8:
		vtd.iotlb = merged & ~CMD_BUSY;
		break;
	default:
		break; /* read-only or reserved: ignored as by hardware */
	}
	return false;
}

bool vtd_ir_mmio(struct vcpu *vcpu, uint64_t gpa, unsigned int size, bool write,
		 uint64_t *value)
{
	unsigned int offset = gpa & 0xfff, reg = offset & ~7u;
	unsigned int shift = (offset & 4) * 8;
	uint64_t mask = size == 8 ? ~0ull : 0xffffffffull << shift;
	bool remap = false;

	if (!vtd_ir_claims(gpa))
		return false;
	if (!vcpu->cell->is_root || (size != 4 && size != 8) ||
	    offset & (size - 1))
		return false;
	spin_lock(&vtd.lock);
	if (write)
		remap = reg_write(reg, *value << shift, mask);
	else
		*value = (reg_read(reg) & mask) >> shift;
	spin_unlock(&vtd.lock);
	/* The IOAPIC lock is taken after ours is released, never inside. */
	if (remap)
		vioapic_root_remap();
	return true;
}

int vtd_ir_root_acpi(void *page, size_t size, uint64_t phys, char *err,
		     size_t err_len)
{
	return acpi_build_root_tables(&vtd.acpi, &vtd.unit, page, size, phys,
				      err, err_len);
}
