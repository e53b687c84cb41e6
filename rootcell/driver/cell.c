// SPDX-License-Identifier: GPL-2.0
/*
 * Cells: the root cell object and the ioctls ENABLE, DISABLE, CELL_CREATE,
 * CELL_LOAD, CELL_START and CELL_DESTROY (ABI spec 4.3, 4.4).
 *
 * Everything here runs under jh_lock. Arguments come from userspace and
 * are treated as hostile: every size and count is bounded before it is
 * used, every pointer is only accessed through copy_from_user(), and the
 * configuration is copied once before it is looked at.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "driver.h"

/* Chunk in which images are mapped and copied into a cell's memory. */
#define JH_LOAD_CHUNK (1024 * 1024)

/* x86 fields of the system configuration that the hypervisor fills in */
#define JH_SYSCFG_FILLED_START \
	offsetof(struct jailhouse_system, platform_info.x86.tsc_khz)
#define JH_SYSCFG_FILLED_END                                           \
	(offsetof(struct jailhouse_system, platform_info.x86.apic_khz) + \
	 sizeof(u32))

struct jh_cell *jh_root_cell;
LIST_HEAD(jh_cells);
/* CPUs owned by non-root cells: Linux must not start them */
cpumask_t jh_nonroot_cpus;

/* Little-endian CPU bitmap of @size bytes into @mask (spec 2.2). */
static void jh_cpus_from_bitmap(const u8 *bytes, u32 size,
				struct cpumask *mask, bool *beyond)
{
	unsigned int bit;
	u64 cpu;
	u32 i;

	cpumask_clear(mask);
	*beyond = false;
	for (i = 0; i < size; i++) {
		if (!bytes[i])
			continue;
		for (bit = 0; bit < 8; bit++) {
			if (!(bytes[i] & (1u << bit)))
				continue;
			cpu = (u64)i * 8 + bit;
			if (cpu < nr_cpu_ids)
				cpumask_set_cpu(cpu, mask);
			else
				*beyond = true;
		}
	}
}

static struct jh_cell *jh_cell_alloc(void)
{
	struct jh_cell *cell;

	cell = kzalloc(sizeof(*cell), GFP_KERNEL);
	if (!cell)
		return NULL;
	INIT_LIST_HEAD(&cell->entry);
	INIT_LIST_HEAD(&cell->pci_devs);
	/* from here on the kobject owns the cell: free with kobject_put() */
	jh_cell_init_kobj(cell);
	cell->cpu_stats = kcalloc(nr_cpu_ids, sizeof(*cell->cpu_stats),
				  GFP_KERNEL);
	if (!cell->cpu_stats) {
		kobject_put(&cell->kobj);
		return NULL;
	}
	return cell;
}

static struct jh_cell *jh_find_cell_by_name(const char *name)
{
	struct jh_cell *cell;

	list_for_each_entry(cell, &jh_cells, entry)
		if (!strcmp(cell->name, name))
			return cell;
	return NULL;
}

static struct jh_cell *jh_find_cell_by_id(unsigned int id)
{
	struct jh_cell *cell;

	list_for_each_entry(cell, &jh_cells, entry)
		if (cell->id == id)
			return cell;
	return NULL;
}

/*
 * Look up the cell a struct jailhouse_cell_id (already copied in) names:
 * by ID, or by name when the ID is JAILHOUSE_CELL_ID_UNUSED. -ENOENT if
 * there is none; -EINVAL for the root cell, which cannot be loaded,
 * started or destroyed.
 */
static struct jh_cell *jh_lookup(struct jailhouse_cell_id *cell_id, int *err)
{
	struct jh_cell *cell = NULL;

	cell_id->name[JAILHOUSE_CELL_ID_NAMELEN] = 0;
	if (cell_id->id == JAILHOUSE_CELL_ID_UNUSED)
		cell = jh_find_cell_by_name(cell_id->name);
	else if (cell_id->id >= 0)
		cell = jh_find_cell_by_id(cell_id->id);

	*err = !cell ? -ENOENT : cell == jh_root_cell ? -EINVAL : 0;
	return *err ? NULL : cell;
}

/*
 * The smallest free ID >= 1. Cells the boot loader had the hypervisor
 * create before Linux are not in our list, so ask the hypervisor too.
 */
static int jh_alloc_cell_id(void)
{
	unsigned int id;
	int state;

	for (id = 1; id < JH_MAX_CELL_ID; id++) {
		if (jh_find_cell_by_id(id))
			continue;
		state = jh_hypercall(JAILHOUSE_HC_CELL_GET_STATE, id, 0);
		if (state >= 0 || state == -EINVAL)
			continue; /* the hypervisor has a cell with this ID */
		return id;
	}
	return -ENOSPC;
}

int jh_root_cell_init(void)
{
	const struct jailhouse_cell_desc *desc = &jh_sysconfig->root_cell;
	struct jh_cell *cell;
	unsigned int id;
	bool beyond;
	int cells, err;

	cell = jh_cell_alloc();
	if (!cell)
		return -ENOMEM;
	cell->id = 0;
	strscpy(cell->name, desc->name, sizeof(cell->name));
	jh_cpus_from_bitmap(jailhouse_cell_cpu_set_bytes(desc),
			    desc->cpu_set_size, &cell->cpus_assigned, &beyond);
	if (beyond)
		pr_warn("the root cell lists CPUs beyond the %u Linux knows\n",
			nr_cpu_ids);

	err = jh_cell_sysfs_add(cell);
	if (err) {
		kobject_put(&cell->kobj);
		return err;
	}
	list_add(&cell->entry, &jh_cells);
	jh_root_cell = cell;

	/* Cells started by the boot loader: report them, they are not ours. */
	cells = jh_hypercall(JAILHOUSE_HC_HYPERVISOR_GET_INFO,
			     JAILHOUSE_INFO_NUM_CELLS, 0);
	for (id = 1; cells > 1 && id < JH_MAX_CELL_ID; id++)
		if (jh_hypercall(JAILHOUSE_HC_CELL_GET_STATE, id, 0) !=
		    -ENOENT) {
			pr_warn("cell ID %u was created before Linux; this driver does not manage it\n",
				id);
			cells--;
		}
	return 0;
}

void jh_root_cell_exit(void)
{
	if (!jh_root_cell)
		return;
	list_del(&jh_root_cell->entry);
	jh_cell_sysfs_del(jh_root_cell);
	kobject_put(&jh_root_cell->kobj);
	jh_root_cell = NULL;
}

/*
 * ENABLE. The hypervisor runs already, with the configuration it was
 * booted with; it cannot take another one. Same configuration: success,
 * as if it had just been enabled. Another one: -EBUSY, saying where they
 * differ.
 */
int jh_cmd_enable(struct jailhouse_system __user *arg)
{
	const u8 *running = (const u8 *)jh_sysconfig;
	struct jailhouse_system header;
	const u8 *passed;
	size_t i, common;
	u64 size;

	BUILD_BUG_ON(JH_SYSCFG_FILLED_START != 320);
	BUILD_BUG_ON(JH_SYSCFG_FILLED_END != 328);

	if (copy_from_user(&header, arg, sizeof(header)))
		return -EFAULT;
	if (memcmp(header.signature, JAILHOUSE_SYSTEM_SIGNATURE,
		   sizeof(header.signature)) ||
	    header.architecture != JAILHOUSE_X86 ||
	    header.revision != JAILHOUSE_CONFIG_REVISION) {
		pr_err("ENABLE: not a revision %d x86 system configuration\n",
		       JAILHOUSE_CONFIG_REVISION);
		return -EINVAL;
	}
	size = jailhouse_system_config_size64(&header);
	if (size > JH_MAX_CONFIG_SIZE) {
		pr_err("ENABLE: system configuration of %llu bytes is too large\n",
		       size);
		return -E2BIG;
	}

	passed = memdup_user(arg, size);
	if (IS_ERR(passed))
		return PTR_ERR(passed);

	common = min_t(size_t, size, jh_sysconfig_size);
	for (i = 0; i < common; i++) {
		if (i >= JH_SYSCFG_FILLED_START && i < JH_SYSCFG_FILLED_END)
			continue;
		if (passed[i] != running[i])
			break;
	}
	kfree(passed);

	if (i < common || size != jh_sysconfig_size) {
		pr_err("ENABLE: the system configuration differs from the one Warden was booted with, first at byte %zu (0x%zx; %llu bytes passed, %zu running); Warden keeps its configuration\n",
		       i, i, size, jh_sysconfig_size);
		return -EBUSY;
	}

	pr_info("The Jailhouse is opening.\n");
	return 0;
}

/*
 * Tear down a cell the hypervisor has destroyed: CPUs back to the root
 * cell (and online, if we took them offline), PCI devices released, sysfs
 * directory removed.
 */
static void jh_cell_teardown(struct jh_cell *cell, bool online_cpus)
{
	unsigned int cpu;
	int err;

	list_del(&cell->entry);
	jh_cell_sysfs_del(cell);

	spin_lock(&jh_cpus_lock);
	cpumask_or(&jh_root_cell->cpus_assigned, &jh_root_cell->cpus_assigned,
		   &cell->cpus_assigned);
	cpumask_andnot(&jh_nonroot_cpus, &jh_nonroot_cpus,
		       &cell->cpus_assigned);
	spin_unlock(&jh_cpus_lock);
	for_each_cpu(cpu, &cell->cpus_assigned)
		jh_cell_add_cpu_stats(jh_root_cell, cpu);

	if (online_cpus) {
		for_each_cpu(cpu, &cell->cpus_offlined) {
			err = add_cpu(cpu);
			if (err)
				pr_warn("CPU %u did not come back online (%d)\n",
					cpu, err);
		}
	}
	jh_pci_release_devices(cell);
}

static int jh_cell_destroy(struct jh_cell *cell, bool online_cpus)
{
	int err;

	err = jh_hypercall(JAILHOUSE_HC_CELL_DESTROY, cell->id, 0);
	if (err) {
		pr_err("destroying cell \"%s\" failed (%d)\n", cell->name, err);
		return err;
	}
	jh_cell_teardown(cell, online_cpus);
	pr_info("Destroyed cell \"%s\"\n", cell->name);
	kobject_put(&cell->kobj);
	module_put(THIS_MODULE);
	return 0;
}

/*
 * Destroy every non-root cell. For DISABLE the first error aborts; when
 * the machine goes down (@reboot) every cell is tried and the CPUs stay
 * offline.
 */
int jh_destroy_nonroot_cells(bool reboot)
{
	struct jh_cell *cell, *next;
	int err, ret = 0;

	list_for_each_entry_safe(cell, next, &jh_cells, entry) {
		if (cell == jh_root_cell)
			continue;
		err = jh_cell_destroy(cell, !reboot);
		if (err && !reboot)
			return err;
		if (err && !ret)
			ret = err;
	}
	return ret;
}

/*
 * DISABLE. Warden cannot hand the machine back to Linux: it was there
 * first. Destroy the non-root cells as upstream does, then refuse.
 */
int jh_cmd_disable(void)
{
	int err;

	err = jh_destroy_nonroot_cells(false);
	if (err)
		return err;
	pr_info("Warden stays active: it started before Linux\n");
	return -EBUSY;
}

static int jh_check_cell_config(const struct jailhouse_cell_desc *config,
				u32 size)
{
	u64 described;

	if (memcmp(config->signature, JAILHOUSE_CELL_DESC_SIGNATURE,
		   sizeof(config->signature)) ||
	    config->revision != JAILHOUSE_CONFIG_REVISION) {
		pr_err("CELL_CREATE: not a revision %d cell configuration\n",
		       JAILHOUSE_CONFIG_REVISION);
		return -EINVAL;
	}
	if (config->architecture != JAILHOUSE_X86) {
		pr_err("CELL_CREATE: cell configuration is not for x86\n");
		return -EINVAL;
	}
	described = jailhouse_cell_config_size64(config);
	if (described > size) {
		pr_err("CELL_CREATE: configuration describes %llu bytes but only %u were passed\n",
		       described, size);
		return -EINVAL;
	}
	return 0;
}

int jh_cmd_cell_create(struct jailhouse_cell_create __user *arg)
{
	struct jailhouse_cell_create req;
	struct jailhouse_cell_desc *config;
	struct jh_cell *cell;
	unsigned int cpu;
	bool beyond;
	int id, err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.config_size < sizeof(*config))
		return -EINVAL;
	if (req.config_size > JH_MAX_CONFIG_SIZE)
		return -E2BIG;

	/*
	 * One kernel copy: checked here, passed to the hypervisor by its
	 * physical address (kmalloc memory is contiguous root RAM).
	 */
	config = memdup_user(u64_to_user_ptr(req.config_address),
			     req.config_size);
	if (IS_ERR(config))
		return PTR_ERR(config);

	err = jh_check_cell_config(config, req.config_size);
	if (err)
		goto out_free_config;
	config->name[JAILHOUSE_CELL_NAME_MAXLEN] = 0;
	if (config->flags & JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE)
		config->flags |= JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED;

	if (jh_find_cell_by_name(config->name)) {
		err = -EEXIST;
		goto out_free_config;
	}

	cell = jh_cell_alloc();
	if (!cell) {
		err = -ENOMEM;
		goto out_free_config;
	}
	strscpy(cell->name, config->name, sizeof(cell->name));

	jh_cpus_from_bitmap(jailhouse_cell_cpu_set_bytes(config),
			    config->cpu_set_size, &cell->cpus_assigned,
			    &beyond);
	if (beyond || !cpumask_subset(&cell->cpus_assigned,
				      &jh_root_cell->cpus_assigned)) {
		pr_err("CELL_CREATE: CPUs of \"%s\" are not all the root cell's\n",
		       cell->name);
		err = -EBUSY;
		goto out_put_cell;
	}
	if (cpumask_test_cpu(0, &cell->cpus_assigned)) {
		pr_err("CELL_CREATE: CPU 0 cannot leave the root cell\n");
		err = -EINVAL;
		goto out_put_cell;
	}

	cell->num_mem_regions = config->num_memory_regions;
	if (cell->num_mem_regions) {
		cell->mem_regions =
			kmemdup(jailhouse_cell_mem_regions(config),
				cell->num_mem_regions *
					sizeof(struct jailhouse_memory),
				GFP_KERNEL);
		if (!cell->mem_regions) {
			err = -ENOMEM;
			goto out_put_cell;
		}
	}

	id = jh_alloc_cell_id();
	if (id < 0) {
		err = id;
		goto out_put_cell;
	}
	cell->id = id;
	config->id = id;

	/* From here on Linux gives its CPUs and devices away. */
	spin_lock(&jh_cpus_lock);
	cpumask_or(&jh_nonroot_cpus, &jh_nonroot_cpus, &cell->cpus_assigned);
	cpumask_andnot(&jh_root_cell->cpus_assigned,
		       &jh_root_cell->cpus_assigned, &cell->cpus_assigned);
	spin_unlock(&jh_cpus_lock);

	for_each_cpu(cpu, &cell->cpus_assigned) {
		if (!cpu_online(cpu))
			continue;
		err = remove_cpu(cpu);
		if (err) {
			pr_err("CELL_CREATE: cannot take CPU %u offline (%d)\n",
			       cpu, err);
			goto out_restore_cpus;
		}
		cpumask_set_cpu(cpu, &cell->cpus_offlined);
	}

	err = jh_pci_claim_devices(cell, config);
	if (err)
		goto out_release_pci;

	err = jh_hypercall(JAILHOUSE_HC_CELL_CREATE, virt_to_phys(config), 0);
	if (err) {
		pr_err("CELL_CREATE: the hypervisor refused cell \"%s\" (%d)\n",
		       cell->name, err);
		goto out_release_pci;
	}

	/* The hypervisor has its own copy now. */
	for_each_cpu(cpu, &cell->cpus_assigned)
		jh_cell_del_cpu_stats(jh_root_cell, cpu);
	list_add_tail(&cell->entry, &jh_cells);
	__module_get(THIS_MODULE);
	err = jh_cell_sysfs_add(cell);
	if (err)
		/* the cell works without; CELL_DESTROY still finds it */
		pr_warn("no sysfs entries for cell \"%s\" (%d)\n", cell->name,
			err);
	pr_info("Created cell \"%s\" (ID %u)\n", cell->name, cell->id);
	kfree(config);
	return 0;

out_release_pci:
	jh_pci_release_devices(cell);
out_restore_cpus:
	spin_lock(&jh_cpus_lock);
	cpumask_or(&jh_root_cell->cpus_assigned, &jh_root_cell->cpus_assigned,
		   &cell->cpus_assigned);
	cpumask_andnot(&jh_nonroot_cpus, &jh_nonroot_cpus,
		       &cell->cpus_assigned);
	spin_unlock(&jh_cpus_lock);
	for_each_cpu(cpu, &cell->cpus_offlined)
		if (add_cpu(cpu))
			pr_warn("CPU %u did not come back online\n", cpu);
out_put_cell:
	kobject_put(&cell->kobj);
out_free_config:
	kfree(config);
	return err;
}

/*
 * The region an image goes to: the first one (in configuration order)
 * that contains the target address. It must be writable and loadable
 * and hold the whole image, otherwise the image is refused.
 */
static const struct jailhouse_memory *
jh_image_region(const struct jh_cell *cell,
		const struct jailhouse_preload_image *image)
{
	const struct jailhouse_memory *mem;
	u64 offset;
	u32 i;

	for (i = 0; i < cell->num_mem_regions; i++) {
		mem = &cell->mem_regions[i];
		if (image->target_address < mem->virt_start)
			continue;
		offset = image->target_address - mem->virt_start;
		if (offset >= mem->size)
			continue;
		if ((mem->flags & (JAILHOUSE_MEM_WRITE | JAILHOUSE_MEM_LOADABLE)) !=
			    (JAILHOUSE_MEM_WRITE | JAILHOUSE_MEM_LOADABLE) ||
		    (mem->flags & JAILHOUSE_MEM_COMM_REGION))
			return NULL;
		if (image->size > mem->size - offset)
			return NULL;
		/* wrap-around of the physical range */
		if (mem->phys_start + offset + image->size <
		    mem->phys_start + offset)
			return NULL;
		return mem;
	}
	return NULL;
}

/*
 * Copy one image to physical memory that Linux does not own (the inmate
 * window is missing from Linux's memory map), in mapped chunks.
 */
static int jh_load_image(const struct jailhouse_preload_image *image,
			 u64 phys)
{
	const u8 __user *src = u64_to_user_ptr(image->source_address);
	u64 left = image->size;
	size_t chunk;
	void *map;
	int err;

	if (region_intersects(phys, left, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("CELL_LOAD: 0x%llx+0x%llx is Linux RAM; refusing to load there\n",
		       phys, left);
		return -EINVAL;
	}

	while (left) {
		chunk = min_t(u64, left,
			      JH_LOAD_CHUNK - (phys & (JH_LOAD_CHUNK - 1)));
		map = memremap(phys, chunk, MEMREMAP_WB);
		if (!map)
			return -EBUSY;
		err = copy_from_user(map, src, chunk) ? -EFAULT : 0;
		memunmap(map);
		if (err)
			return err;
		phys += chunk;
		src += chunk;
		left -= chunk;
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

/*
 * CELL_LOAD: stop the cell, make its loadable regions accessible to the
 * root cell (hypercall SET_LOADABLE) and copy the images. With no images
 * this is `jailhouse cell shutdown`. All images are checked before the
 * cell is touched.
 */
int jh_cmd_cell_load(struct jailhouse_cell_load __user *arg)
{
	struct jailhouse_preload_image *images = NULL;
	const struct jailhouse_memory *mem;
	struct jailhouse_cell_load req;
	struct jh_cell *cell;
	u32 n, i;
	int err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	n = req.num_preload_images;
	if (n > JH_MAX_PRELOAD_IMAGES)
		return -E2BIG;
	if (n) {
		images = memdup_user((const void __user *)(arg + 1),
				     n * sizeof(*images));
		if (IS_ERR(images))
			return PTR_ERR(images);
	}

	cell = jh_lookup(&req.cell_id, &err);
	if (!cell)
		goto out;

	for (i = 0; i < n; i++) {
		if (images[i].size && !jh_image_region(cell, &images[i])) {
			pr_err("CELL_LOAD: image %u (0x%llx bytes at 0x%llx) does not fit a writable, loadable region of \"%s\"\n",
			       i, images[i].size, images[i].target_address,
			       cell->name);
			err = -EINVAL;
			goto out;
		}
	}

	err = jh_hypercall(JAILHOUSE_HC_CELL_SET_LOADABLE, cell->id, 0);
	if (err) {
		pr_err("CELL_LOAD: cell \"%s\" cannot be made loadable (%d)\n",
		       cell->name, err);
		goto out;
	}

	/* In array order: a later image overwrites an earlier one. */
	for (i = 0; i < n && !err; i++) {
		if (!images[i].size)
			continue;
		mem = jh_image_region(cell, &images[i]);
		err = jh_load_image(&images[i],
				    mem->phys_start + images[i].target_address -
					    mem->virt_start);
	}
out:
	kfree(images);
	return err;
}

int jh_cmd_cell_start(struct jailhouse_cell_id __user *arg)
{
	struct jailhouse_cell_id cell_id;
	struct jh_cell *cell;
	int err;

	if (copy_from_user(&cell_id, arg, sizeof(cell_id)))
		return -EFAULT;
	cell = jh_lookup(&cell_id, &err);
	if (!cell)
		return err;
	err = jh_hypercall(JAILHOUSE_HC_CELL_START, cell->id, 0);
	if (err)
		pr_err("CELL_START: cell \"%s\" did not start (%d)\n",
		       cell->name, err);
	else
		pr_info("Started cell \"%s\"\n", cell->name);
	return err;
}

int jh_cmd_cell_destroy(struct jailhouse_cell_id __user *arg)
{
	struct jailhouse_cell_id cell_id;
	struct jh_cell *cell;
	int err;

	if (copy_from_user(&cell_id, arg, sizeof(cell_id)))
		return -EFAULT;
	cell = jh_lookup(&cell_id, &err);
	if (!cell)
		return err;
	return jh_cell_destroy(cell, true);
}
