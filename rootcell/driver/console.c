// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor console (ABI spec 4.5): read() on /dev/jailhouse and the
 * sysfs file console.
 *
 * The console page lives in hypervisor memory, which Linux cannot map;
 * Warden's READ_CONSOLE hypercall copies it into a kmalloc'ed buffer. The
 * hypervisor may be appending on another CPU meanwhile, so a copy counts
 * only if it was not busy and the next copy shows the same tail.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "driver.h"

#define JH_CON_SIZE JAILHOUSE_VIRT_CONSOLE_SIZE
#define JH_SNAPSHOT_TRIES 64

struct jh_console_reader {
	struct mutex lock; /* serialises readers of one open file */
	u32 head; /* characters this file has consumed (wraps with tail) */
};

bool jh_console_available(void)
{
	return SYS_FLAGS_VIRTUAL_DEBUG_CONSOLE(jh_sysconfig->flags);
}

/*
 * Two page-sized buffers in root RAM; returns the index of a consistent
 * copy, -EBUSY if the hypervisor kept writing, or the hypercall's error.
 */
static int jh_console_snapshot(struct jailhouse_virt_console *bufs)
{
	struct jailhouse_virt_console *cur, *prev = NULL;
	unsigned int i;
	int err;

	for (i = 0; i < JH_SNAPSHOT_TRIES; i++) {
		cur = &bufs[i & 1];
		err = jh_hypercall(WARDEN_HC_READ_CONSOLE, virt_to_phys(cur),
				   sizeof(*cur));
		if (err)
			return err;
		if (cur->busy) {
			prev = NULL;
			usleep_range(50, 200);
			continue;
		}
		/*
		 * Not busy while prev was copied and still the same tail:
		 * nothing was written meanwhile, prev is consistent.
		 */
		if (prev && prev->tail == cur->tail)
			return prev - bufs;
		prev = cur;
	}
	return -EBUSY;
}

static struct jailhouse_virt_console *jh_console_bufs(void)
{
	/* contiguous root RAM, as the hypercall wants it */
	return kmalloc_array(2, sizeof(struct jailhouse_virt_console),
			     GFP_KERNEL);
}

/* Characters [from, from + len) of the ring, oldest first. */
static void jh_ring_copy(char *dst, const struct jailhouse_virt_console *page,
			 u32 from, u32 len)
{
	u32 start = from % JH_CON_SIZE;
	u32 first = min(len, JH_CON_SIZE - start);

	memcpy(dst, page->content + start, first);
	memcpy(dst + first, page->content, len - first);
}

static int jh_ring_to_user(char __user *dst,
			   const struct jailhouse_virt_console *page, u32 from,
			   u32 len)
{
	u32 start = from % JH_CON_SIZE;
	u32 first = min(len, JH_CON_SIZE - start);

	if (copy_to_user(dst, page->content + start, first) ||
	    copy_to_user(dst + first, page->content, len - first))
		return -EFAULT;
	return 0;
}

/* sysfs "console": the last (up to 2048) characters, raw. */
ssize_t jh_console_tail(char *buf, size_t size)
{
	struct jailhouse_virt_console *bufs, *page;
	ssize_t ret;
	u32 len;
	int idx;

	if (!jh_console_available())
		return -EPERM;
	bufs = jh_console_bufs();
	if (!bufs)
		return -ENOMEM;
	idx = jh_console_snapshot(bufs);
	if (idx < 0) {
		ret = idx;
	} else {
		page = &bufs[idx];
		len = min_t(u32, page->tail, JH_CON_SIZE);
		len = min_t(size_t, len, size);
		jh_ring_copy(buf, page, page->tail - len, len);
		ret = len;
	}
	kfree(bufs);
	return ret;
}

int jh_console_open(struct inode *inode, struct file *file)
{
	struct jh_console_reader *reader;

	reader = kzalloc(sizeof(*reader), GFP_KERNEL);
	if (!reader)
		return -ENOMEM;
	mutex_init(&reader->lock);
	file->private_data = reader;
	return 0;
}

int jh_console_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

/*
 * What this file has not read yet, from its own head on. If the ring has
 * overwritten some of it, say how much first. Without O_NONBLOCK, wait
 * (polling every 100 ms) until there is something.
 */
ssize_t jh_console_read(struct file *file, char __user *out, size_t count,
			loff_t *ppos)
{
	struct jh_console_reader *reader = file->private_data;
	struct jailhouse_virt_console *bufs, *page;
	char msg[48];
	u32 avail, len;
	ssize_t ret;
	int idx;

	if (!jh_console_available())
		return -EPERM;
	if (!count)
		return 0;
	bufs = jh_console_bufs();
	if (!bufs)
		return -ENOMEM;
	if (mutex_lock_interruptible(&reader->lock)) {
		kfree(bufs);
		return -EINTR;
	}

	for (;;) {
		idx = jh_console_snapshot(bufs);
		if (idx < 0 && idx != -EBUSY) {
			ret = idx;
			break;
		}
		if (idx >= 0) {
			page = &bufs[idx];
			avail = page->tail - reader->head;
			if (avail > JH_CON_SIZE) {
				reader->head = page->tail - JH_CON_SIZE;
				len = scnprintf(msg, sizeof(msg),
						"<missed %u bytes of console log>\n",
						avail - JH_CON_SIZE);
				len = min_t(size_t, len, count);
				if (copy_to_user(out, msg, len))
					ret = -EFAULT;
				else
					ret = len;
				break;
			}
			if (avail) {
				len = min_t(size_t, avail, count);
				ret = jh_ring_to_user(out, page, reader->head,
						      len);
				if (!ret) {
					reader->head += len;
					ret = len;
				}
				break;
			}
		}
		if (file->f_flags & O_NONBLOCK) {
			ret = idx < 0 ? -EAGAIN : 0;
			break;
		}
		if (msleep_interruptible(100)) {
			ret = -ERESTARTSYS;
			break;
		}
	}

	mutex_unlock(&reader->lock);
	kfree(bufs);
	return ret;
}
