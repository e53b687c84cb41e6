// SPDX-License-Identifier: GPL-2.0
/*
 * Warden's Jailhouse management driver: module setup, hypervisor
 * detection, the /dev/jailhouse device and its ioctls, reboot handling.
 *
 * The hypervisor is already running when Linux starts (it started Linux),
 * so loading this module only looks for it: the Jailhouse CPUID signature,
 * then a HYPERVISOR_GET_INFO hypercall, then the running system
 * configuration through Warden's GET_SYSTEM_CONFIG extension.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>

#include "driver.h"

/* CPUID leaf 0x40000000: "Jailhouse" in EBX, ECX, EDX (spec 6.3) */
#define JH_SIGNATURE_EBX 0x6c69614a /* "Jail" */
#define JH_SIGNATURE_ECX 0x73756f68 /* "hous" */
#define JH_SIGNATURE_EDX 0x00000065 /* "e" */

DEFINE_MUTEX(jh_lock);
DEFINE_SPINLOCK(jh_cpus_lock);
bool jh_use_vmcall;
struct jailhouse_system *jh_sysconfig;
size_t jh_sysconfig_size;
struct device *jh_root_dev;

static int jh_cpuhp_state = -1;

static int jh_detect(void)
{
	unsigned int eax, ebx, ecx, edx;
	int cells;

	cpuid(JAILHOUSE_CPUID_SIGNATURE, &eax, &ebx, &ecx, &edx);
	if (ebx != JH_SIGNATURE_EBX || ecx != JH_SIGNATURE_ECX ||
	    edx != JH_SIGNATURE_EDX) {
		pr_err("no Jailhouse-compatible hypervisor below this Linux (CPUID 0x40000000 has no \"Jailhouse\" signature); Warden must be booted before Linux\n");
		return -ENODEV;
	}

	/*
	 * Upstream picks VMCALL when the boot CPU reports VMX. Warden hides
	 * VMX and SVM from the root cell's CPUID, so the vendor decides as
	 * well: Intel-compatible CPUs use VMCALL, AMD and Hygon VMMCALL.
	 */
	jh_use_vmcall = boot_cpu_has(X86_FEATURE_VMX) ||
			boot_cpu_data.x86_vendor == X86_VENDOR_INTEL ||
			boot_cpu_data.x86_vendor == X86_VENDOR_CENTAUR ||
			boot_cpu_data.x86_vendor == X86_VENDOR_ZHAOXIN;

	cells = jh_hypercall(JAILHOUSE_HC_HYPERVISOR_GET_INFO,
			     JAILHOUSE_INFO_NUM_CELLS, 0);
	if (cells < 1) {
		pr_err("the hypervisor does not answer HYPERVISOR_GET_INFO (%d)\n",
		       cells);
		return -ENODEV;
	}
	return 0;
}

static int jh_read_sysconfig(void)
{
	struct jailhouse_system *config;
	int size, ret;

	/* A buffer of size 0: the hypervisor only reports the size. */
	size = jh_hypercall(WARDEN_HC_GET_SYSTEM_CONFIG, 0, 0);
	if (size < 0) {
		pr_err("cannot read the running system configuration (%d); hypervisor without Warden's extensions?\n",
		       size);
		return -ENODEV;
	}
	if (size < sizeof(*config) || size > JH_MAX_SYSCONFIG_SIZE) {
		pr_err("running system configuration has an implausible size (%d)\n",
		       size);
		return -EIO;
	}

	/* kmalloc: physically contiguous root RAM the hypervisor can fill */
	config = kmalloc(size, GFP_KERNEL);
	if (!config)
		return -ENOMEM;
	ret = jh_hypercall(WARDEN_HC_GET_SYSTEM_CONFIG, virt_to_phys(config),
			   size);
	if (ret != size) {
		pr_err("reading the running system configuration failed (%d)\n",
		       ret);
		kfree(config);
		return ret < 0 ? ret : -EIO;
	}
	if (memcmp(config->signature, JAILHOUSE_SYSTEM_SIGNATURE,
		   sizeof(config->signature)) ||
	    config->architecture != JAILHOUSE_X86 ||
	    config->revision != JAILHOUSE_CONFIG_REVISION ||
	    jailhouse_system_config_size64(config) != size) {
		pr_err("the running system configuration is not a revision %d x86 configuration\n",
		       JAILHOUSE_CONFIG_REVISION);
		kfree(config);
		return -EIO;
	}
	config->root_cell.name[JAILHOUSE_CELL_NAME_MAXLEN] = 0;

	jh_sysconfig = config;
	jh_sysconfig_size = size;
	return 0;
}

static long jh_ioctl(struct file *file, unsigned int ioctl, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	long err;

	switch (ioctl) {
	case JAILHOUSE_ENABLE:
	case JAILHOUSE_DISABLE:
	case JAILHOUSE_CELL_CREATE:
	case JAILHOUSE_CELL_LOAD:
	case JAILHOUSE_CELL_START:
	case JAILHOUSE_CELL_DESTROY:
		break;
	default:
		return -EINVAL;
	}

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (mutex_lock_interruptible(&jh_lock))
		return -EINTR;

	switch (ioctl) {
	case JAILHOUSE_ENABLE:
		err = jh_cmd_enable(uarg);
		break;
	case JAILHOUSE_DISABLE:
		err = jh_cmd_disable();
		break;
	case JAILHOUSE_CELL_CREATE:
		err = jh_cmd_cell_create(uarg);
		break;
	case JAILHOUSE_CELL_LOAD:
		err = jh_cmd_cell_load(uarg);
		break;
	case JAILHOUSE_CELL_START:
		err = jh_cmd_cell_start(uarg);
		break;
	case JAILHOUSE_CELL_DESTROY:
		err = jh_cmd_cell_destroy(uarg);
		break;
	default:
		err = -EINVAL;
	}

	mutex_unlock(&jh_lock);
	return err;
}

#ifdef CONFIG_COMPAT
/*
 * 32-bit callers: the structures have the same layout, so the request
 * numbers match, except ENABLE, whose size field is that of a pointer.
 */
static long jh_compat_ioctl(struct file *file, unsigned int ioctl,
			    unsigned long arg)
{
	if (ioctl == _IOW(0, 0, compat_uptr_t))
		ioctl = JAILHOUSE_ENABLE;
	return jh_ioctl(file, ioctl, (unsigned long)compat_ptr(arg));
}
#endif

static const struct file_operations jh_fops = {
	.owner = THIS_MODULE,
	.open = jh_console_open,
	.release = jh_console_release,
	.read = jh_console_read,
	.unlocked_ioctl = jh_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl = jh_compat_ioctl,
#endif
	.llseek = noop_llseek,
};

static struct miscdevice jh_misc_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = JH_DRIVER_NAME,
	.fops = &jh_fops,
};

/*
 * Warden stays when the machine goes down (it owns the reset); what
 * upstream does as DISABLE reduces to destroying the non-root cells. Their
 * CPUs are not brought back online: Linux is about to stop them anyway.
 */
static int jh_reboot(struct notifier_block *nb, unsigned long action,
		     void *data)
{
	mutex_lock(&jh_lock);
	jh_destroy_nonroot_cells(true);
	mutex_unlock(&jh_lock);
	return NOTIFY_DONE;
}

static struct notifier_block jh_reboot_nb = {
	.notifier_call = jh_reboot,
};

/*
 * A CPU that belongs to a non-root cell must not be started by Linux
 * (echo 1 > /sys/devices/system/cpu/cpuN/online): fail its bring-up before
 * Linux sends the INIT/start-up IPIs.
 */
static int jh_cpu_prepare(unsigned int cpu)
{
	if (cpumask_test_cpu(cpu, &jh_nonroot_cpus)) {
		pr_warn("CPU %u belongs to a non-root cell; destroy the cell to give it back to Linux\n",
			cpu);
		return -EBUSY;
	}
	return 0;
}

static int __init jh_init(void)
{
	int err;

	err = jh_detect();
	if (err)
		return err;
	err = jh_read_sysconfig();
	if (err)
		return err;

	jh_root_dev = root_device_register(JH_DRIVER_NAME);
	if (IS_ERR(jh_root_dev)) {
		err = PTR_ERR(jh_root_dev);
		goto err_config;
	}
	err = jh_sysfs_init(jh_root_dev);
	if (err)
		goto err_root_dev;
	err = jh_pci_init();
	if (err)
		goto err_sysfs;
	err = jh_root_cell_init();
	if (err)
		goto err_pci;

	err = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN,
					"jailhouse:cell_cpus", jh_cpu_prepare,
					NULL);
	if (err < 0)
		goto err_root_cell;
	jh_cpuhp_state = err;

	err = register_reboot_notifier(&jh_reboot_nb);
	if (err)
		goto err_cpuhp;
	err = misc_register(&jh_misc_dev);
	if (err)
		goto err_reboot;

	pr_info("Warden hypervisor found (%s); root cell \"%s\" on CPUs %*pbl\n",
		jh_use_vmcall ? "VMCALL" : "VMMCALL",
		jh_sysconfig->root_cell.name,
		cpumask_pr_args(&jh_root_cell->cpus_assigned));
	return 0;

err_reboot:
	unregister_reboot_notifier(&jh_reboot_nb);
err_cpuhp:
	cpuhp_remove_state_nocalls(jh_cpuhp_state);
err_root_cell:
	jh_root_cell_exit();
err_pci:
	jh_pci_exit();
err_sysfs:
	jh_sysfs_exit(jh_root_dev);
err_root_dev:
	root_device_unregister(jh_root_dev);
err_config:
	kfree(jh_sysconfig);
	jh_sysconfig = NULL;
	return err;
}

/*
 * Every non-root cell holds a module reference, so this only runs when
 * there are none: only the driver goes, the hypervisor stays.
 */
static void __exit jh_exit(void)
{
	misc_deregister(&jh_misc_dev);
	unregister_reboot_notifier(&jh_reboot_nb);
	cpuhp_remove_state_nocalls(jh_cpuhp_state);
	jh_root_cell_exit();
	jh_pci_exit();
	jh_sysfs_exit(jh_root_dev);
	root_device_unregister(jh_root_dev);
	kfree(jh_sysconfig);
}

module_init(jh_init);
module_exit(jh_exit);

MODULE_DESCRIPTION("Jailhouse management interface for the Warden hypervisor");
MODULE_LICENSE("GPL v2");
MODULE_VERSION("0.1");
