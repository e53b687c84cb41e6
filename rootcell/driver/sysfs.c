// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/devices/jailhouse (ABI spec 4.6): console, enabled, the memory pool
 * figures, and cells/<id>/{name, state, cpus_assigned[_list],
 * cpus_failed[_list], statistics/}.
 *
 * The show functions never take jh_lock: removing a directory waits for
 * its readers, and removal happens under jh_lock. CPU masks that change
 * (the root cell's) are read under jh_cpus_lock instead.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "driver.h"

struct jh_stats {
	struct kobject kobj;
	struct jh_cell *cell; /* statistics/: sums over this cell's CPUs */
	unsigned int cpu; /* statistics/cpu<N>: this CPU (cell == NULL) */
};

struct jh_counter_attr {
	struct kobj_attribute attr;
	unsigned int code; /* CPU_GET_INFO type */
};

static struct kobject *jh_cells_dir;

/* --- /sys/devices/jailhouse --- */

static ssize_t console_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return jh_console_tail(buf, PAGE_SIZE);
}

static ssize_t enabled_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	/* Warden runs from boot to power-off */
	return sysfs_emit(buf, "%d\n", 1);
}

static ssize_t jh_info_show(char *buf, unsigned int type)
{
	int value = jh_hypercall(JAILHOUSE_HC_HYPERVISOR_GET_INFO, type, 0);

	if (value < 0)
		return value;
	return sysfs_emit(buf, "%ld\n", (long)value);
}

static ssize_t mem_pool_size_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return jh_info_show(buf, JAILHOUSE_INFO_MEM_POOL_SIZE);
}

static ssize_t mem_pool_used_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return jh_info_show(buf, JAILHOUSE_INFO_MEM_POOL_USED);
}

static ssize_t remap_pool_size_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	return jh_info_show(buf, JAILHOUSE_INFO_REMAP_POOL_SIZE);
}

static ssize_t remap_pool_used_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	return jh_info_show(buf, JAILHOUSE_INFO_REMAP_POOL_USED);
}

static DEVICE_ATTR_RO(console);
static DEVICE_ATTR_RO(enabled);
static DEVICE_ATTR_RO(mem_pool_size);
static DEVICE_ATTR_RO(mem_pool_used);
static DEVICE_ATTR_RO(remap_pool_size);
static DEVICE_ATTR_RO(remap_pool_used);

static struct attribute *jh_root_attrs[] = {
	&dev_attr_console.attr,
	&dev_attr_enabled.attr,
	&dev_attr_mem_pool_size.attr,
	&dev_attr_mem_pool_used.attr,
	&dev_attr_remap_pool_size.attr,
	&dev_attr_remap_pool_used.attr,
	NULL,
};

static const struct attribute_group jh_root_group = {
	.attrs = jh_root_attrs,
};

/* --- cells/<id>/statistics and statistics/cpu<N> --- */

static int jh_cpu_counter(unsigned int cpu, unsigned int code)
{
	int value = jh_hypercall(JAILHOUSE_HC_CPU_GET_INFO, cpu, code);

	return value < 0 ? 0 : value;
}

static ssize_t jh_counter_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	struct jh_stats *stats = container_of(kobj, struct jh_stats, kobj);
	unsigned int code =
		container_of(attr, struct jh_counter_attr, attr)->code;
	unsigned long sum = 0;
	unsigned int cpu;

	if (!stats->cell)
		return sysfs_emit(buf, "%d\n", jh_cpu_counter(stats->cpu, code));

	spin_lock(&jh_cpus_lock);
	for_each_cpu(cpu, &stats->cell->cpus_assigned)
		sum += jh_cpu_counter(cpu, code);
	spin_unlock(&jh_cpus_lock);
	return sysfs_emit(buf, "%lu\n", sum);
}

#define JH_COUNTER(_name, _k)                                              \
	static struct jh_counter_attr jh_counter_##_name = {               \
		.attr = __ATTR(_name, 0444, jh_counter_show, NULL),        \
		.code = JAILHOUSE_CPU_INFO_STAT_BASE + JAILHOUSE_CPU_STAT_##_k, \
	}

JH_COUNTER(vmexits_total, VMEXITS_TOTAL);
JH_COUNTER(vmexits_mmio, VMEXITS_MMIO);
JH_COUNTER(vmexits_management, VMEXITS_MANAGEMENT);
JH_COUNTER(vmexits_hypercall, VMEXITS_HYPERCALL);
JH_COUNTER(vmexits_pio, VMEXITS_PIO);
JH_COUNTER(vmexits_xapic, VMEXITS_XAPIC);
JH_COUNTER(vmexits_cr, VMEXITS_CR);
JH_COUNTER(vmexits_cpuid, VMEXITS_CPUID);
JH_COUNTER(vmexits_xsetbv, VMEXITS_XSETBV);
JH_COUNTER(vmexits_exception, VMEXITS_EXCEPTION);
JH_COUNTER(vmexits_msr_other, VMEXITS_MSR_OTHER);
JH_COUNTER(vmexits_msr_x2apic_icr, VMEXITS_MSR_X2APIC_ICR);

static struct attribute *jh_stats_attrs[] = {
	&jh_counter_vmexits_total.attr.attr,
	&jh_counter_vmexits_mmio.attr.attr,
	&jh_counter_vmexits_management.attr.attr,
	&jh_counter_vmexits_hypercall.attr.attr,
	&jh_counter_vmexits_pio.attr.attr,
	&jh_counter_vmexits_xapic.attr.attr,
	&jh_counter_vmexits_cr.attr.attr,
	&jh_counter_vmexits_cpuid.attr.attr,
	&jh_counter_vmexits_xsetbv.attr.attr,
	&jh_counter_vmexits_exception.attr.attr,
	&jh_counter_vmexits_msr_other.attr.attr,
	&jh_counter_vmexits_msr_x2apic_icr.attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(jh_stats);

static void jh_stats_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct jh_stats, kobj));
}

static struct kobj_type jh_stats_ktype = {
	.release = jh_stats_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = jh_stats_groups,
};

/* statistics/ of @cell (cell != NULL) or statistics/cpu<cpu> */
static struct jh_stats *jh_stats_create(struct kobject *parent,
					struct jh_cell *cell, unsigned int cpu)
{
	struct jh_stats *stats;
	int err;

	stats = kzalloc(sizeof(*stats), GFP_KERNEL);
	if (!stats)
		return NULL;
	stats->cell = cell;
	stats->cpu = cpu;
	if (cell)
		err = kobject_init_and_add(&stats->kobj, &jh_stats_ktype,
					   parent, "statistics");
	else
		err = kobject_init_and_add(&stats->kobj, &jh_stats_ktype,
					   parent, "cpu%u", cpu);
	if (err) {
		kobject_put(&stats->kobj);
		return NULL;
	}
	kobject_uevent(&stats->kobj, KOBJ_ADD);
	return stats;
}

int jh_cell_add_cpu_stats(struct jh_cell *cell, unsigned int cpu)
{
	if (!cell->stats || cpu >= nr_cpu_ids || cell->cpu_stats[cpu])
		return 0;
	cell->cpu_stats[cpu] = jh_stats_create(&cell->stats->kobj, NULL, cpu);
	return cell->cpu_stats[cpu] ? 0 : -ENOMEM;
}

void jh_cell_del_cpu_stats(struct jh_cell *cell, unsigned int cpu)
{
	if (cpu >= nr_cpu_ids || !cell->cpu_stats[cpu])
		return;
	kobject_put(&cell->cpu_stats[cpu]->kobj);
	cell->cpu_stats[cpu] = NULL;
}

/* --- cells/<id> --- */

static struct jh_cell *jh_kobj_cell(struct kobject *kobj)
{
	return container_of(kobj, struct jh_cell, kobj);
}

static ssize_t name_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", jh_kobj_cell(kobj)->name);
}

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	static const char *const names[] = {
		[JAILHOUSE_CELL_RUNNING] = "running",
		[JAILHOUSE_CELL_RUNNING_LOCKED] = "running/locked",
		[JAILHOUSE_CELL_SHUT_DOWN] = "shut down",
		[JAILHOUSE_CELL_FAILED] = "failed",
		[JAILHOUSE_CELL_FAILED_COMM_REV] = "Comm ABI mismatch",
	};
	int state = jh_hypercall(JAILHOUSE_HC_CELL_GET_STATE,
				 jh_kobj_cell(kobj)->id, 0);

	if (state < 0 || state >= ARRAY_SIZE(names))
		return sysfs_emit(buf, "invalid\n");
	return sysfs_emit(buf, "%s\n", names[state]);
}

static ssize_t jh_cpus_show(struct jh_cell *cell, char *buf, bool list)
{
	ssize_t len;

	spin_lock(&jh_cpus_lock);
	len = sysfs_emit(buf, list ? "%*pbl\n" : "%*pb\n",
			 cpumask_pr_args(&cell->cpus_assigned));
	spin_unlock(&jh_cpus_lock);
	return len;
}

static ssize_t jh_failed_show(struct jh_cell *cell, char *buf, bool list)
{
	cpumask_var_t failed;
	unsigned int cpu;
	ssize_t len;

	if (!zalloc_cpumask_var(&failed, GFP_KERNEL))
		return -ENOMEM;
	spin_lock(&jh_cpus_lock);
	for_each_cpu(cpu, &cell->cpus_assigned)
		if (jh_hypercall(JAILHOUSE_HC_CPU_GET_INFO, cpu,
				 JAILHOUSE_CPU_INFO_STATE) ==
		    JAILHOUSE_CPU_FAILED)
			cpumask_set_cpu(cpu, failed);
	spin_unlock(&jh_cpus_lock);
	len = sysfs_emit(buf, list ? "%*pbl\n" : "%*pb\n",
			 cpumask_pr_args(failed));
	free_cpumask_var(failed);
	return len;
}

static ssize_t cpus_assigned_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return jh_cpus_show(jh_kobj_cell(kobj), buf, false);
}

static ssize_t cpus_assigned_list_show(struct kobject *kobj,
				       struct kobj_attribute *attr, char *buf)
{
	return jh_cpus_show(jh_kobj_cell(kobj), buf, true);
}

static ssize_t cpus_failed_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return jh_failed_show(jh_kobj_cell(kobj), buf, false);
}

static ssize_t cpus_failed_list_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	return jh_failed_show(jh_kobj_cell(kobj), buf, true);
}

static struct kobj_attribute jh_attr_name = __ATTR_RO(name);
static struct kobj_attribute jh_attr_state = __ATTR_RO(state);
static struct kobj_attribute jh_attr_cpus_assigned = __ATTR_RO(cpus_assigned);
static struct kobj_attribute jh_attr_cpus_assigned_list =
	__ATTR_RO(cpus_assigned_list);
static struct kobj_attribute jh_attr_cpus_failed = __ATTR_RO(cpus_failed);
static struct kobj_attribute jh_attr_cpus_failed_list =
	__ATTR_RO(cpus_failed_list);

static struct attribute *jh_cell_attrs[] = {
	&jh_attr_name.attr,
	&jh_attr_state.attr,
	&jh_attr_cpus_assigned.attr,
	&jh_attr_cpus_assigned_list.attr,
	&jh_attr_cpus_failed.attr,
	&jh_attr_cpus_failed_list.attr,
	NULL,
};
ATTRIBUTE_GROUPS(jh_cell);

static void jh_cell_release(struct kobject *kobj)
{
	struct jh_cell *cell = jh_kobj_cell(kobj);

	kfree(cell->mem_regions);
	kfree(cell->cpu_stats);
	kfree(cell);
}

static struct kobj_type jh_cell_ktype = {
	.release = jh_cell_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = jh_cell_groups,
};

void jh_cell_init_kobj(struct jh_cell *cell)
{
	kobject_init(&cell->kobj, &jh_cell_ktype);
}

int jh_cell_sysfs_add(struct jh_cell *cell)
{
	unsigned int cpu;
	int err;

	err = kobject_add(&cell->kobj, jh_cells_dir, "%u", cell->id);
	if (err)
		return err;
	cell->in_sysfs = true;
	kobject_uevent(&cell->kobj, KOBJ_ADD);

	cell->stats = jh_stats_create(&cell->kobj, cell, 0);
	if (!cell->stats) {
		err = -ENOMEM;
		goto err_del;
	}
	for_each_cpu(cpu, &cell->cpus_assigned) {
		err = jh_cell_add_cpu_stats(cell, cpu);
		if (err)
			goto err_del;
	}
	return 0;

err_del:
	jh_cell_sysfs_del(cell);
	return err;
}

/* Remove cells/<id> and everything below; the cell itself stays. */
void jh_cell_sysfs_del(struct jh_cell *cell)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		jh_cell_del_cpu_stats(cell, cpu);
	if (cell->stats) {
		kobject_put(&cell->stats->kobj);
		cell->stats = NULL;
	}
	if (cell->in_sysfs) {
		kobject_uevent(&cell->kobj, KOBJ_REMOVE);
		kobject_del(&cell->kobj);
		cell->in_sysfs = false;
	}
}

int jh_sysfs_init(struct device *root_dev)
{
	int err;

	err = sysfs_create_group(&root_dev->kobj, &jh_root_group);
	if (err)
		return err;
	jh_cells_dir = kobject_create_and_add("cells", &root_dev->kobj);
	if (!jh_cells_dir) {
		sysfs_remove_group(&root_dev->kobj, &jh_root_group);
		return -ENOMEM;
	}
	return 0;
}

void jh_sysfs_exit(struct device *root_dev)
{
	kobject_put(jh_cells_dir);
	jh_cells_dir = NULL;
	sysfs_remove_group(&root_dev->kobj, &jh_root_group);
}
