// SPDX-License-Identifier: GPL-2.0
/*
 * PCI devices a non-root cell takes over (ABI spec 4.4, 4.7): while the
 * cell exists, each physical device (type DEVICE) of its configuration is
 * unbound from its Linux driver and held by the placeholder driver
 * "jailhouse-pci-stub", which has no static IDs: it gets a dynamic ID per
 * vendor/device pair and accepts only the devices a cell claimed.
 * On destruction the devices are released and stay unbound.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/list.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "driver.h"

struct jh_pci_claim {
	struct list_head cell_entry; /* in jh_cell.pci_devs */
	struct list_head all_entry; /* in jh_pci_claims */
	struct pci_dev *dev; /* holds a reference */
};

struct jh_pci_dynid {
	struct list_head entry;
	unsigned short vendor, device;
};

/* every claimed device, for the stub's probe; under jh_pci_lock */
static LIST_HEAD(jh_pci_claims);
static DEFINE_SPINLOCK(jh_pci_lock);
/* dynamic IDs added to the stub so far; under jh_lock */
static LIST_HEAD(jh_pci_dynids);

static bool jh_pci_claimed(struct pci_dev *dev)
{
	struct jh_pci_claim *claim;
	bool found = false;

	spin_lock(&jh_pci_lock);
	list_for_each_entry(claim, &jh_pci_claims, all_entry)
		if (claim->dev == dev) {
			found = true;
			break;
		}
	spin_unlock(&jh_pci_lock);
	return found;
}

static int jh_pci_stub_probe(struct pci_dev *dev,
			     const struct pci_device_id *id)
{
	/* A dynamic ID matches every device of that type: take only ours. */
	if (!jh_pci_claimed(dev))
		return -ENODEV;
	pci_info(dev, "held for a Jailhouse cell\n");
	return 0;
}

static void jh_pci_stub_remove(struct pci_dev *dev)
{
}

static const struct pci_device_id jh_pci_stub_ids[] = {
	{ }
};

static struct pci_driver jh_pci_stub_driver = {
	.name = "jailhouse-pci-stub",
	.id_table = jh_pci_stub_ids,
	.probe = jh_pci_stub_probe,
	.remove = jh_pci_stub_remove,
};

static bool jh_pci_held(struct pci_dev *dev)
{
	return dev->dev.driver == &jh_pci_stub_driver.driver;
}

static int jh_pci_add_dynid(struct pci_dev *dev)
{
	struct jh_pci_dynid *id;
	int err;

	list_for_each_entry(id, &jh_pci_dynids, entry)
		if (id->vendor == dev->vendor && id->device == dev->device)
			return 0;
	id = kzalloc(sizeof(*id), GFP_KERNEL);
	if (!id)
		return -ENOMEM;
	id->vendor = dev->vendor;
	id->device = dev->device;
	/* probes the unbound devices of this type: ours is one of them */
	err = pci_add_dynid(&jh_pci_stub_driver, dev->vendor, dev->device,
			    PCI_ANY_ID, PCI_ANY_ID, 0, 0, 0);
	if (err) {
		kfree(id);
		return err;
	}
	list_add(&id->entry, &jh_pci_dynids);
	return 0;
}

int jh_pci_claim_devices(struct jh_cell *cell,
			 const struct jailhouse_cell_desc *config)
{
	const struct jailhouse_pci_device *devs =
		jailhouse_cell_pci_devices(config);
	struct jh_pci_claim *claim;
	struct pci_dev *dev;
	u16 domain, bdf;
	u32 i;
	int err;

	for (i = 0; i < config->num_pci_devices; i++) {
		if (devs[i].type != JAILHOUSE_PCI_TYPE_DEVICE)
			continue;
		domain = devs[i].domain;
		bdf = devs[i].bdf;
		dev = pci_get_domain_bus_and_slot(domain, PCI_BUS_NUM(bdf),
						  bdf & 0xff);
		if (!dev)
			continue; /* not visible to Linux: nothing to unbind */
		if (jh_pci_claimed(dev)) {
			pci_dev_put(dev);
			continue; /* another cell's; the hypervisor decides */
		}

		claim = kzalloc(sizeof(*claim), GFP_KERNEL);
		if (!claim) {
			pci_dev_put(dev);
			return -ENOMEM;
		}
		claim->dev = dev;
		list_add_tail(&claim->cell_entry, &cell->pci_devs);
		spin_lock(&jh_pci_lock);
		list_add_tail(&claim->all_entry, &jh_pci_claims);
		spin_unlock(&jh_pci_lock);

		device_release_driver(&dev->dev);
		err = jh_pci_add_dynid(dev);
		if (!err && !jh_pci_held(dev))
			err = device_driver_attach(&jh_pci_stub_driver.driver,
						   &dev->dev);
		if (err) {
			pci_err(dev, "cannot hand over to cell \"%s\" (%d)\n",
				cell->name, err);
			return err;
		}
	}
	return 0;
}

void jh_pci_release_devices(struct jh_cell *cell)
{
	struct jh_pci_claim *claim, *next;

	list_for_each_entry_safe(claim, next, &cell->pci_devs, cell_entry) {
		spin_lock(&jh_pci_lock);
		list_del(&claim->all_entry);
		spin_unlock(&jh_pci_lock);
		list_del(&claim->cell_entry);
		if (jh_pci_held(claim->dev))
			device_release_driver(&claim->dev->dev);
		pci_dev_put(claim->dev);
		kfree(claim);
	}
}

int jh_pci_init(void)
{
	return pci_register_driver(&jh_pci_stub_driver);
}

void jh_pci_exit(void)
{
	struct jh_pci_dynid *id, *next;

	pci_unregister_driver(&jh_pci_stub_driver);
	list_for_each_entry_safe(id, next, &jh_pci_dynids, entry) {
		list_del(&id->entry);
		kfree(id);
	}
}
