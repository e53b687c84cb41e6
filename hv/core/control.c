// SPDX-License-Identifier: GPL-2.0
/*
 * Cell management from the root cell (hypercalls 1-4, 6, spec 6.2) and
 * from the boot loader (`cell` and `inmate` modules, started before Linux).
 *
 * Management calls are serialised by one lock; a CPU waiting for it keeps
 * serving the requests other CPUs send it, so two management calls can
 * never wait for each other.
 */
#include <warden/cell.h>
#include <warden/config_check.h>
#include <warden/control.h>
#include <warden/errno.h>
#include <warden/hvmem.h>
#include <warden/modules.h>
#include <warden/percpu.h>
#include <warden/printk.h>
#include <warden/spinlock.h>
#include <warden/string.h>
#include <asm/vcpu.h>

static struct spinlock control_lock;
static uint8_t config_buf[CFG_MAX_SIZE] __attribute__((aligned(8)));

static void control_lock_acquire(void)
{
	while (__atomic_exchange_n(&control_lock.locked, 1, __ATOMIC_ACQUIRE)) {
		vcpu_serve_own_requests();
		cpu_relax();
	}
}

static bool any_other_cell_locked(const struct cell *except)
{
	unsigned int id;

	for (id = 1; id < MAX_CELLS; id++)
		if (cells[id] && cells[id] != except &&
		    cells[id]->comm->cell_state ==
			    JAILHOUSE_CELL_RUNNING_LOCKED)
			return true;
	return false;
}

static long hc_cell_create(uint64_t config_gpa)
{
	const struct jailhouse_cell_desc *desc = (const void *)config_buf;
	uint64_t size;
	unsigned int id;
	int err;

	if (any_other_cell_locked(NULL))
		return -EPERM;
	err = cell_copy_guest(&root_cell, config_gpa, config_buf,
			      sizeof(*desc), false);
	if (err)
		return err;
	size = jailhouse_cell_config_size64(desc);
	/* The config and its offset in the page must fit in 16 pages. */
	if (size + (config_gpa & 0xfff) > CFG_MAX_SIZE)
		return -E2BIG;
	err = cell_copy_guest(&root_cell, config_gpa, config_buf, size,
			      false);
	if (err)
		return err;
	/* Copied once: later changes in root memory do not matter. */
	id = desc->id;
	return cell_create(config_buf, size, &id);
}

static struct cell *lookup(uint64_t id, long *err)
{
	struct cell *cell = id < MAX_CELLS ? cell_by_id(id) : NULL;

	*err = !cell ? -ENOENT : cell->is_root ? -EINVAL : 0;
	return *err ? NULL : cell;
}

long control_hypercall(struct vcpu *vcpu, uint64_t code, uint64_t arg1)
{
	struct cell *cell;
	long ret;

	if (!vcpu->cell->is_root)
		return -EPERM;
	control_lock_acquire();
	switch (code) {
	case JAILHOUSE_HC_CELL_CREATE:
		ret = hc_cell_create(arg1);
		break;
	case JAILHOUSE_HC_CELL_START:
		cell = lookup(arg1, &ret);
		if (cell)
			ret = cell_start(cell);
		break;
	case JAILHOUSE_HC_CELL_SET_LOADABLE:
		cell = lookup(arg1, &ret);
		if (cell)
			ret = cell_set_loadable(cell);
		break;
	case JAILHOUSE_HC_CELL_DESTROY:
		cell = lookup(arg1, &ret);
		if (cell)
			ret = any_other_cell_locked(cell) ? -EPERM :
							    cell_destroy(cell);
		break;
	case JAILHOUSE_HC_CELL_GET_STATE:
		cell = arg1 < MAX_CELLS ? cell_by_id(arg1) : NULL;
		if (!cell)
			ret = -ENOENT;
		else if (cell->is_root)
			ret = JAILHOUSE_CELL_RUNNING;
		else if (cell->comm->cell_state > JAILHOUSE_CELL_FAILED_COMM_REV)
			ret = -EINVAL;
		else
			ret = cell->comm->cell_state;
		break;
	case JAILHOUSE_HC_DISABLE:
		/* Warden started before Linux; there is nothing to return to. */
		ret = -EBUSY;
		break;
	default:
		ret = -ENOSYS;
	}
	spin_unlock(&control_lock);
	return ret;
}

/* "-a ADDR" in an inmate module's arguments: where to load it (default 0). */
static uint64_t inmate_address(const char *args)
{
	uint64_t addr = 0;

	while (*args == ' ')
		args++;
	if (args[0] != '-' || args[1] != 'a' || args[2] != ' ')
		return 0;
	for (args += 3; *args == ' '; args++)
		;
	if (args[0] == '0' && (args[1] == 'x' || args[1] == 'X'))
		args += 2;
	for (; *args && *args != ' '; args++) {
		unsigned int d = *args >= 'a' ? *args - 'a' + 10 :
				 *args >= 'A' ? *args - 'A' + 10 :
						*args - '0';

		if (d > 15)
			break;
		addr = addr * 16 + d;
	}
	return addr;
}

/* Copy an inmate image into the cell's memory, by guest address. */
static int load_image(struct cell *cell, const struct boot_module *m,
		      uint64_t target)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(cell->config);
	uint64_t size = m->end - m->start;
	unsigned int i;

	for (i = 0; i < cell->config->num_memory_regions; i++) {
		if (target < mem[i].virt_start ||
		    target - mem[i].virt_start >= mem[i].size)
			continue;
		if (!(mem[i].flags & JAILHOUSE_MEM_LOADABLE) ||
		    !(mem[i].flags & JAILHOUSE_MEM_WRITE) ||
		    size > mem[i].size - (target - mem[i].virt_start))
			return -EINVAL;
		memcpy(phys_to_hv(mem[i].phys_start + target -
				  mem[i].virt_start),
		       phys_to_hv(m->start), size);
		return 0;
	}
	return -EINVAL;
}

void control_boot_cells(const struct boot_info *bi)
{
	struct cell *cell = NULL;
	const char *args;
	unsigned int i, id;
	int err;

	for (i = 0; i < bi->num_modules; i++) {
		const struct boot_module *m = &bi->modules[i];
		enum module_role role = module_role(m->string, &args);
		uint64_t size = m->end - m->start;

		if (role == MODULE_CELL) {
			if (cell && (err = cell_start(cell)))
				printk("boot cell '%s': start failed (%d)\n",
				       cell->config->name, err);
			cell = NULL;
			id = 0;
			err = size > CFG_MAX_SIZE ? -E2BIG : 0;
			if (!err) {
				memcpy(config_buf, phys_to_hv(m->start), size);
				err = cell_create(config_buf, size, &id);
			}
			if (err) {
				printk("boot module %u: cell not created "
				       "(error %d, see above)\n",
				       i, err);
				continue;
			}
			cell = cell_by_id(id);
			cell_set_loadable(cell);
		} else if (role == MODULE_INMATE) {
			if (!cell) {
				printk("boot module %u: inmate without a cell "
				       "before it; ignored\n",
				       i);
				continue;
			}
			err = load_image(cell, m, inmate_address(args));
			if (err)
				printk("boot module %u: inmate does not fit a "
				       "loadable region of cell '%s'\n",
				       i, cell->config->name);
		}
	}
	if (cell && (err = cell_start(cell)))
		printk("boot cell '%s': start failed (%d)\n",
		       cell->config->name, err);
}
