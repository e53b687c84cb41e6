/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Warden's Jailhouse management driver: shared declarations.
 *
 * Warden starts before Linux, so this driver never loads a hypervisor: it
 * finds the running one, reads its system configuration back and offers
 * the /dev/jailhouse + /sys/devices/jailhouse interface of upstream's
 * driver on top of the hypercalls (ABI spec sections 4 and 6).
 */
#ifndef _WARDEN_JAILHOUSE_DRIVER_H
#define _WARDEN_JAILHOUSE_DRIVER_H

#include <linux/cpumask.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <jailhouse.h>
#include <jailhouse/cell-config.h>
#include <jailhouse/console.h>
#include <jailhouse/hypercall.h>

#define JH_DRIVER_NAME "jailhouse"

/*
 * Largest cell configuration the hypervisor accepts (16 pages including
 * the page offset; kmalloc'ed copies up to this size never cross that).
 * The same bound applies to the system configuration passed to ENABLE.
 */
#define JH_MAX_CONFIG_SIZE (64 * 1024)
/* The running system configuration, read back from the hypervisor. */
#define JH_MAX_SYSCONFIG_SIZE (1024 * 1024)
/* CELL_LOAD: more images than this in one call is -E2BIG. */
#define JH_MAX_PRELOAD_IMAGES 256
/* Cell IDs the driver hands out: 1 .. JH_MAX_CELL_ID - 1. */
#define JH_MAX_CELL_ID 256

struct jh_stats;

struct jh_cell {
	struct kobject kobj; /* cells/<id>; owns this structure */
	struct list_head entry;
	unsigned int id;
	char name[JAILHOUSE_CELL_NAME_MAXLEN + 1];

	/* changed only for the root cell, under jh_lock and jh_cpus_lock */
	cpumask_t cpus_assigned;
	/* CPUs this driver took offline for the cell: back online later */
	cpumask_t cpus_offlined;

	struct jh_stats *stats; /* cells/<id>/statistics */
	struct jh_stats **cpu_stats; /* statistics/cpu<N>, nr_cpu_ids slots */

	/* copy of the configuration's memory regions, for CELL_LOAD */
	struct jailhouse_memory *mem_regions;
	u32 num_mem_regions;

	struct list_head pci_devs; /* struct jh_pci_claim, see pci.c */
	bool in_sysfs;
};

/* main.c */
extern struct mutex jh_lock;
extern spinlock_t jh_cpus_lock;
extern bool jh_use_vmcall;
extern struct jailhouse_system *jh_sysconfig;
extern size_t jh_sysconfig_size;
extern struct device *jh_root_dev;

/*
 * Hypercall: code in RAX, arguments in RDI and RSI, result in RAX, of
 * which callers use the low 32 bits as a signed int (spec 6.1). Only valid
 * once the hypervisor has been detected: without one, both instructions
 * raise #UD.
 */
static inline int jh_hypercall(unsigned long code, unsigned long arg1,
			       unsigned long arg2)
{
	unsigned long ret;

	if (jh_use_vmcall)
		asm volatile("vmcall"
			     : "=a"(ret)
			     : "a"(code), "D"(arg1), "S"(arg2)
			     : "memory");
	else
		asm volatile("vmmcall"
			     : "=a"(ret)
			     : "a"(code), "D"(arg1), "S"(arg2)
			     : "memory");
	return (int)ret;
}

/* cell.c */
extern struct jh_cell *jh_root_cell;
extern struct list_head jh_cells;
extern cpumask_t jh_nonroot_cpus;

int jh_root_cell_init(void);
void jh_root_cell_exit(void);
int jh_cmd_enable(struct jailhouse_system __user *arg);
int jh_cmd_disable(void);
int jh_cmd_cell_create(struct jailhouse_cell_create __user *arg);
int jh_cmd_cell_load(struct jailhouse_cell_load __user *arg);
int jh_cmd_cell_start(struct jailhouse_cell_id __user *arg);
int jh_cmd_cell_destroy(struct jailhouse_cell_id __user *arg);
int jh_destroy_nonroot_cells(bool reboot);

/* sysfs.c */
int jh_sysfs_init(struct device *root_dev);
void jh_sysfs_exit(struct device *root_dev);
void jh_cell_init_kobj(struct jh_cell *cell);
int jh_cell_sysfs_add(struct jh_cell *cell);
void jh_cell_sysfs_del(struct jh_cell *cell);
int jh_cell_add_cpu_stats(struct jh_cell *cell, unsigned int cpu);
void jh_cell_del_cpu_stats(struct jh_cell *cell, unsigned int cpu);

/* console.c */
struct file;
struct inode;
bool jh_console_available(void);
ssize_t jh_console_tail(char *buf, size_t size);
int jh_console_open(struct inode *inode, struct file *file);
int jh_console_release(struct inode *inode, struct file *file);
ssize_t jh_console_read(struct file *file, char __user *out, size_t count,
			loff_t *ppos);

/* pci.c */
int jh_pci_init(void);
void jh_pci_exit(void);
int jh_pci_claim_devices(struct jh_cell *cell,
			 const struct jailhouse_cell_desc *config);
void jh_pci_release_devices(struct jh_cell *cell);

#endif /* !_WARDEN_JAILHOUSE_DRIVER_H */
