// SPDX-License-Identifier: GPL-2.0
/*
 * warden.efi: boots Warden straight from UEFI, without GRUB.
 *
 * Reads warden.cfg from its own partition, loads the hypervisor ELF image
 * at its physical address and the modules below 4 GiB, collects what GRUB
 * would have passed (ACPI RSDP, GOP framebuffer, EFI tables, the final
 * memory map) into multiboot2 boot information, leaves boot services and
 * enters the hypervisor's EFI amd64 entry. Everything that can fail is
 * checked before boot services are left, so a problem is printed on the
 * firmware console (mirrored to COM1 by OVMF) and the firmware gets an
 * error status back and moves on to its next boot option.
 */
#include <efi.h>
#include <efilib.h>

#include <stdarg.h>

#include <warden/efi_gop.h>
#include <warden/format.h>
#include <warden/multiboot2.h>

#include "config.h"
#include "image.h"
#include "mbi.h"

#define LOADER_NAME "warden.efi " WARDEN_VERSION
#define MIB (1024ull * 1024)
/* The largest hypervisor image accepted (it is read whole into a pool). */
#define HV_FILE_MAX (64 * MIB)
/*
 * Module tags hold 32-bit addresses with an exclusive end: the last byte
 * must stay below 4 GiB - 1 so that end fits. The hypervisor wants the
 * boot information below 4 GiB - 1 MiB (hv/core/setup.c).
 */
#define MODULE_MAX_ADDR 0xffffefffull
#define MBI_MAX_ADDR 0xffefffffull
#define MBI_MAX_BYTES (1024 * 1024)
#define EBS_ATTEMPTS 8

static EFI_SYSTEM_TABLE *st;
static EFI_BOOT_SERVICES *bs;
static EFI_HANDLE image_handle;
static EFI_FILE_HANDLE root;

/* Pages allocated so far, freed again if the boot fails. */
static struct {
	EFI_PHYSICAL_ADDRESS addr;
	UINTN pages;
} allocs[CFG_MAX_MODULES + IMAGE_MAX_SEGMENTS + 1];
static unsigned int num_allocs;

static struct warden_cfg cfg;
/* After a first ExitBootServices call only GetMemoryMap may be used. */
static bool ebs_called;

/* ---- messages ---------------------------------------------------------- */

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	char msg[512];
	CHAR16 wide[2 * sizeof(msg) + 16];
	const char *prefix = "warden.efi: ";
	size_t n = 0, i;
	va_list ap;

	va_start(ap, fmt);
	vsnformat(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (i = 0; prefix[i]; i++)
		wide[n++] = (CHAR16)prefix[i];
	for (i = 0; msg[i]; i++) {
		if (msg[i] == '\n')
			wide[n++] = L'\r';
		wide[n++] = (CHAR16)(unsigned char)msg[i];
	}
	wide[n++] = L'\r';
	wide[n++] = L'\n';
	wide[n] = 0;
	uefi_call_wrapper(st->ConOut->OutputString, 2, st->ConOut, wide);
}

static const char *status_name(EFI_STATUS s)
{
	switch (s) {
	case EFI_NOT_FOUND:
		return "not found";
	case EFI_OUT_OF_RESOURCES:
		return "out of resources";
	case EFI_DEVICE_ERROR:
		return "device error";
	case EFI_VOLUME_CORRUPTED:
		return "volume corrupted";
	case EFI_NO_MEDIA:
		return "no media";
	case EFI_ACCESS_DENIED:
		return "access denied";
	case EFI_INVALID_PARAMETER:
		return "invalid parameter";
	case EFI_UNSUPPORTED:
		return "unsupported";
	case EFI_BUFFER_TOO_SMALL:
		return "buffer too small";
	default:
		return "error";
	}
}

/* Sizes as people read them; the exact byte count goes alongside. */
static const char *human(UINT64 bytes, char *buf, size_t len)
{
	if (bytes >= MIB)
		snformat(buf, len, "%llu MiB",
			 (unsigned long long)((bytes + MIB - 1) / MIB));
	else if (bytes >= 1024)
		snformat(buf, len, "%llu KiB",
			 (unsigned long long)((bytes + 1023) / 1024));
	else
		snformat(buf, len, "%llu bytes", (unsigned long long)bytes);
	return buf;
}

/* ---- memory ------------------------------------------------------------ */

static EFI_STATUS alloc_pages(EFI_ALLOCATE_TYPE type, EFI_MEMORY_TYPE mtype,
			      UINT64 bytes, EFI_PHYSICAL_ADDRESS *addr)
{
	UINTN pages = EFI_SIZE_TO_PAGES(bytes);
	EFI_STATUS s;

	if (num_allocs == sizeof(allocs) / sizeof(allocs[0]))
		return EFI_OUT_OF_RESOURCES;
	s = uefi_call_wrapper(bs->AllocatePages, 4, type, mtype, pages, addr);
	if (!EFI_ERROR(s)) {
		allocs[num_allocs].addr = *addr;
		allocs[num_allocs].pages = pages;
		num_allocs++;
	}
	return s;
}

static void free_all(void)
{
	while (num_allocs) {
		num_allocs--;
		uefi_call_wrapper(bs->FreePages, 2, allocs[num_allocs].addr,
				  allocs[num_allocs].pages);
	}
}

static void zero(void *p, UINT64 len)
{
	uefi_call_wrapper(bs->SetMem, 3, p, len, 0);
}

/* ---- files ------------------------------------------------------------- */

static EFI_STATUS open_root(void)
{
	EFI_LOADED_IMAGE *li;
	EFI_FILE_IO_INTERFACE *fs;
	EFI_STATUS s;

	s = uefi_call_wrapper(bs->HandleProtocol, 3, image_handle,
			      &gEfiLoadedImageProtocolGuid, (void **)&li);
	if (EFI_ERROR(s)) {
		say("cannot find my own loaded image (%s)", status_name(s));
		return s;
	}
	s = uefi_call_wrapper(bs->HandleProtocol, 3, li->DeviceHandle,
			      &gEfiSimpleFileSystemProtocolGuid, (void **)&fs);
	if (EFI_ERROR(s)) {
		say("the device I was loaded from has no file system (%s)",
		    status_name(s));
		return s;
	}
	s = uefi_call_wrapper(fs->OpenVolume, 2, fs, &root);
	if (EFI_ERROR(s))
		say("cannot open the file system I was loaded from (%s)",
		    status_name(s));
	return s;
}

/*
 * Open what (the configuration key, for messages) at path and return its
 * size, taken from EFI_FILE_INFO before anything is allocated for it.
 */
static EFI_STATUS open_file(const char *what, const char *path,
			    EFI_FILE_HANDLE *fh, UINT64 *size)
{
	CHAR16 wpath[CFG_PATH_MAX + 1];
	UINT8 info_buf[SIZE_OF_EFI_FILE_INFO + 2 * (CFG_PATH_MAX + 1)]
		__attribute__((aligned(8)));
	EFI_FILE_INFO *info = (EFI_FILE_INFO *)info_buf;
	UINTN info_size = sizeof(info_buf), i;
	EFI_STATUS s;

	for (i = 0; path[i] && i < CFG_PATH_MAX; i++)
		wpath[i] = (CHAR16)path[i];
	wpath[i] = 0;
	s = uefi_call_wrapper(root->Open, 5, root, fh, wpath,
			      EFI_FILE_MODE_READ, 0);
	if (s == EFI_NOT_FOUND) {
		say("%s %s: file not found", what, path);
		return s;
	}
	if (EFI_ERROR(s)) {
		say("%s %s: cannot open (%s)", what, path, status_name(s));
		return s;
	}
	s = uefi_call_wrapper((*fh)->GetInfo, 4, *fh, &gEfiFileInfoGuid,
			      &info_size, info);
	if (EFI_ERROR(s)) {
		say("%s %s: cannot read its size (%s)", what, path,
		    status_name(s));
	} else if (info->Attribute & EFI_FILE_DIRECTORY) {
		say("%s %s: is a directory, not a file", what, path);
		s = EFI_NOT_FOUND;
	} else if (!info->FileSize) {
		say("%s %s: the file is empty", what, path);
		s = EFI_LOAD_ERROR;
	}
	if (EFI_ERROR(s)) {
		uefi_call_wrapper((*fh)->Close, 1, *fh);
		return s;
	}
	*size = info->FileSize;
	return EFI_SUCCESS;
}

static EFI_STATUS read_file(const char *what, const char *path,
			    EFI_FILE_HANDLE fh, void *buf, UINT64 size)
{
	UINT8 *p = buf;
	UINT64 done = 0;

	while (done < size) {
		UINTN n = size - done > 16 * MIB ? 16 * MIB : size - done;
		EFI_STATUS s = uefi_call_wrapper(fh->Read, 3, fh, &n, p + done);

		if (EFI_ERROR(s) || !n) {
			say("%s %s: read failed after %llu of %llu bytes (%s)",
			    what, path, (unsigned long long)done,
			    (unsigned long long)size,
			    EFI_ERROR(s) ? status_name(s) : "file shrank");
			return EFI_ERROR(s) ? s : EFI_LOAD_ERROR;
		}
		done += n;
	}
	return EFI_SUCCESS;
}

/* ---- configuration ----------------------------------------------------- */

static EFI_STATUS load_config(const char *path)
{
	char err[BOOT_ERROR_LEN + 64];
	EFI_FILE_HANDLE fh;
	UINT64 size;
	char *text;
	EFI_STATUS s;

	s = open_file("configuration", path, &fh, &size);
	if (EFI_ERROR(s))
		return s;
	if (size > CFG_FILE_MAX) {
		say("configuration %s: %llu bytes; the limit is %u", path,
		    (unsigned long long)size, CFG_FILE_MAX);
		uefi_call_wrapper(fh->Close, 1, fh);
		return EFI_LOAD_ERROR;
	}
	s = uefi_call_wrapper(bs->AllocatePool, 3, EfiLoaderData, size,
			      (void **)&text);
	if (EFI_ERROR(s)) {
		say("configuration %s: no memory to read it", path);
		uefi_call_wrapper(fh->Close, 1, fh);
		return s;
	}
	s = read_file("configuration", path, fh, text, size);
	uefi_call_wrapper(fh->Close, 1, fh);
	if (!EFI_ERROR(s) && cfg_parse(text, size, &cfg, err, sizeof(err))) {
		say("configuration %s: %s", path, err);
		s = EFI_LOAD_ERROR;
	}
	uefi_call_wrapper(bs->FreePool, 1, text);
	return s;
}

/* ---- hypervisor image -------------------------------------------------- */

static EFI_STATUS load_hypervisor(UINT64 *entry)
{
	const char *path = cfg.hypervisor;
	char err[160], hs[32];
	struct image_info info;
	EFI_FILE_HANDLE fh;
	UINT64 size;
	UINT8 *file;
	unsigned int i;
	EFI_STATUS s;

	s = open_file("hypervisor", path, &fh, &size);
	if (EFI_ERROR(s))
		return s;
	if (size > HV_FILE_MAX) {
		say("hypervisor %s: %s is larger than the %llu MiB accepted",
		    path, human(size, hs, sizeof(hs)),
		    (unsigned long long)(HV_FILE_MAX / MIB));
		uefi_call_wrapper(fh->Close, 1, fh);
		return EFI_LOAD_ERROR;
	}
	s = uefi_call_wrapper(bs->AllocatePool, 3, EfiLoaderData, size,
			      (void **)&file);
	if (EFI_ERROR(s)) {
		say("hypervisor %s: no memory to read %s", path,
		    human(size, hs, sizeof(hs)));
		uefi_call_wrapper(fh->Close, 1, fh);
		return s;
	}
	s = read_file("hypervisor", path, fh, file, size);
	uefi_call_wrapper(fh->Close, 1, fh);
	if (EFI_ERROR(s))
		goto out;
	if (image_check(file, size, &info, err, sizeof(err))) {
		say("hypervisor %s: %s", path, err);
		s = EFI_LOAD_ERROR;
		goto out;
	}

	/* The image is linked to run at these addresses: exactly there. */
	for (i = 0; i < info.num_segments; i++) {
		const struct image_segment *seg = &info.segments[i];
		EFI_PHYSICAL_ADDRESS addr = seg->paddr;

		s = alloc_pages(AllocateAddress, EfiLoaderCode, seg->memsz,
				&addr);
		if (EFI_ERROR(s)) {
			say("hypervisor %s: memory 0x%llx-0x%llx for segment %u is not free (%s)",
			    path, (unsigned long long)seg->paddr,
			    (unsigned long long)(seg->paddr + seg->memsz - 1),
			    i, status_name(s));
			goto out;
		}
		CopyMem((void *)(UINTN)addr, file + seg->offset, seg->filesz);
		zero((UINT8 *)(UINTN)addr + seg->filesz,
		     seg->memsz - seg->filesz);
	}
	*entry = info.entry_efi64;
	say("hypervisor %s: %s, entry 0x%llx", path,
	    human(size, hs, sizeof(hs)), (unsigned long long)*entry);
out:
	uefi_call_wrapper(bs->FreePool, 1, file);
	return s;
}

/* ---- modules ----------------------------------------------------------- */

static EFI_STATUS load_module(const struct cfg_module *m, struct mbi *mbi)
{
	const char *what = cfg_key_name(m->role);
	EFI_PHYSICAL_ADDRESS addr = MODULE_MAX_ADDR;
	EFI_FILE_HANDLE fh;
	char hs[32];
	UINT64 size;
	EFI_STATUS s;

	s = open_file(what, m->path, &fh, &size);
	if (EFI_ERROR(s))
		return s;
	if (size > MODULE_MAX_ADDR)
		s = EFI_OUT_OF_RESOURCES;
	else
		s = alloc_pages(AllocateMaxAddress, EfiLoaderData, size, &addr);
	if (s == EFI_OUT_OF_RESOURCES || s == EFI_NOT_FOUND) {
		say("%s %s: %s (%llu bytes) does not fit in free memory below 4 GiB",
		    what, m->path, human(size, hs, sizeof(hs)),
		    (unsigned long long)size);
	} else if (EFI_ERROR(s)) {
		say("%s %s: cannot allocate %s (%s)", what, m->path,
		    human(size, hs, sizeof(hs)), status_name(s));
	} else {
		s = read_file(what, m->path, fh, (void *)(UINTN)addr, size);
	}
	uefi_call_wrapper(fh->Close, 1, fh);
	if (EFI_ERROR(s))
		return s;
	/* Whole pages were allocated: no stale bytes behind the file. */
	zero((UINT8 *)(UINTN)addr + size,
	     EFI_SIZE_TO_PAGES(size) * EFI_PAGE_SIZE - size);
	if (mbi_add_module(mbi, addr, addr + size, m->string)) {
		say("%s %s: no room for its module tag", what, m->path);
		return EFI_OUT_OF_RESOURCES;
	}
	say("%s %s: %s at 0x%llx", what, m->path, human(size, hs, sizeof(hs)),
	    (unsigned long long)addr);
	return EFI_SUCCESS;
}

/* ---- firmware information ---------------------------------------------- */

static bool guid_eq(const EFI_GUID *a, const EFI_GUID *b)
{
	const UINT8 *x = (const UINT8 *)a, *y = (const UINT8 *)b;
	unsigned int i;

	for (i = 0; i < sizeof(EFI_GUID); i++)
		if (x[i] != y[i])
			return false;
	return true;
}

static bool bytes_sum_to_zero(const UINT8 *p, UINT32 len)
{
	UINT8 sum = 0;

	while (len--)
		sum += *p++;
	return !sum;
}

/*
 * Copy the RSDP the firmware publishes, preferring ACPI 2.0. It is checked
 * here so that a broken table is reported now, on a console, rather than
 * by the hypervisor's parser later.
 */
static void add_rsdp(struct mbi *mbi)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	const UINT8 *v1 = NULL, *v2 = NULL;
	UINTN i;

	for (i = 0; i < st->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &st->ConfigurationTable[i];

		if (guid_eq(&t->VendorGuid, &acpi20))
			v2 = t->VendorTable;
		else if (guid_eq(&t->VendorGuid, &acpi10))
			v1 = t->VendorTable;
	}
	if (v2) {
		UINT32 len = v2[20] | v2[21] << 8 | v2[22] << 16 |
			     (UINT32)v2[23] << 24;

		if (!CompareMem(v2, "RSD PTR ", 8) && v2[15] >= 2 &&
		    len >= 36 && len <= 4096 && bytes_sum_to_zero(v2, 20) &&
		    bytes_sum_to_zero(v2, len)) {
			mbi_add_rsdp(mbi, v2, len, true);
			return;
		}
		say("the ACPI 2.0 RSDP at %p is invalid; trying ACPI 1.0", v2);
	}
	if (v1 && !CompareMem(v1, "RSD PTR ", 8) && bytes_sum_to_zero(v1, 20)) {
		mbi_add_rsdp(mbi, v1, 20, false);
		return;
	}
	say("warning: the firmware publishes no valid ACPI RSDP");
}

/* GOP's current mode; a BltOnly display has no framebuffer to hand over. */
static void add_framebuffer(struct mbi *mbi)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi;
	struct efi_gop_mode mode;
	struct boot_framebuffer fb;
	EFI_STATUS s;

	s = uefi_call_wrapper(bs->LocateProtocol, 3,
			      &gEfiGraphicsOutputProtocolGuid, NULL,
			      (void **)&gop);
	if (EFI_ERROR(s) || !gop->Mode || !gop->Mode->Info)
		return;
	mi = gop->Mode->Info;
	mode = (struct efi_gop_mode){
		.base = gop->Mode->FrameBufferBase,
		.width = mi->HorizontalResolution,
		.height = mi->VerticalResolution,
		.pixels_per_line = mi->PixelsPerScanLine,
		.format = mi->PixelFormat,
		.red_mask = mi->PixelInformation.RedMask,
		.green_mask = mi->PixelInformation.GreenMask,
		.blue_mask = mi->PixelInformation.BlueMask,
		.reserved_mask = mi->PixelInformation.ReservedMask,
	};
	if (efi_gop_to_fb(&mode, &fb) == 0)
		mbi_add_framebuffer(mbi, &fb);
}

/* ---- hand-over --------------------------------------------------------- */

/*
 * The multiboot2 EFI amd64 entry: RAX magic, RBX boot information, 64-bit
 * mode on the firmware's identity map. Boot services are gone, so if the
 * hypervisor ever returns there is nobody left to return to: halt.
 */
static void __attribute__((noreturn)) enter(UINT64 entry, UINT64 mbi)
{
	asm volatile("cli\n\t"
		     "call *%0\n"
		     "1:\thlt\n\t"
		     "jmp 1b"
		     :
		     : "r"(entry), "a"((UINT64)MB2_BOOT_MAGIC), "b"(mbi)
		     : "memory");
	__builtin_unreachable();
}

static EFI_STATUS boot(void)
{
	EFI_PHYSICAL_ADDRESS mbi_addr = MBI_MAX_ADDR;
	UINTN map_size = 0, key, desc_size = 0, mbi_bytes;
	UINT32 desc_version;
	UINT64 entry = 0;
	struct mbi mbi;
	unsigned int i, attempt;
	EFI_STATUS s;

	s = load_config(CFG_DEFAULT_PATH);
	if (EFI_ERROR(s))
		return s;

	/*
	 * Size the boot information before loading anything: every module
	 * tag, the strings, an RSDP, and room for a memory map that grows
	 * by the allocations still to come.
	 */
	s = uefi_call_wrapper(bs->GetMemoryMap, 5, &map_size, NULL, &key,
			      &desc_size, &desc_version);
	if (s != EFI_BUFFER_TOO_SMALL || !desc_size || desc_size % 8) {
		say("GetMemoryMap gives no usable size (%s, descriptor size %llu)",
		    status_name(s), (unsigned long long)desc_size);
		return EFI_UNSUPPORTED;
	}
	mbi_bytes = 16 * 1024 + 4096 + 2 * map_size +
		    (64 + 2 * CFG_MAX_MODULES) * desc_size;
	if (mbi_bytes > MBI_MAX_BYTES)
		mbi_bytes = MBI_MAX_BYTES;
	s = alloc_pages(AllocateMaxAddress, EfiLoaderData, mbi_bytes,
			&mbi_addr);
	if (EFI_ERROR(s)) {
		say("no memory below 4 GiB for the boot information (%s)",
		    status_name(s));
		return s;
	}
	mbi_init(&mbi, (void *)(UINTN)mbi_addr, mbi_bytes);
	mbi_add_string(&mbi, MB2_TAG_CMDLINE, cfg.options);
	mbi_add_string(&mbi, MB2_TAG_LOADER_NAME, LOADER_NAME);

	s = load_hypervisor(&entry);
	for (i = 0; !EFI_ERROR(s) && i < cfg.num_modules; i++)
		s = load_module(&cfg.modules[i], &mbi);
	if (EFI_ERROR(s))
		return s;

	add_framebuffer(&mbi);
	mbi_add_u64(&mbi, MB2_TAG_EFI64_ST, (UINT64)(UINTN)st);
	add_rsdp(&mbi);
	mbi_add_u64(&mbi, MB2_TAG_EFI64_IH, (UINT64)(UINTN)image_handle);
	if (mbi.overflow) {
		say("the boot information does not fit in %llu bytes",
		    (unsigned long long)mbi_bytes);
		return EFI_OUT_OF_RESOURCES;
	}
	say("starting the hypervisor");

	/*
	 * The map key changes with every allocation, which a firmware event
	 * may make between the two calls: take the map again and retry.
	 * The map goes straight into its tag, so nothing is allocated.
	 */
	for (attempt = 1; attempt <= EBS_ATTEMPTS; attempt++) {
		size_t room;
		void *area = mbi_efi_mmap_area(&mbi, &room);

		map_size = room;
		s = uefi_call_wrapper(bs->GetMemoryMap, 5, &map_size, area,
				      &key, &desc_size, &desc_version);
		if (EFI_ERROR(s))
			break;
		ebs_called = true;
		s = uefi_call_wrapper(bs->ExitBootServices, 2, image_handle,
				      key);
		if (s != EFI_INVALID_PARAMETER)
			break;
	}
	if (EFI_ERROR(s)) {
		/*
		 * Only reached if ExitBootServices never accepted a key, or
		 * GetMemoryMap failed; the firmware may be half shut down,
		 * so this message is a best effort.
		 */
		say("cannot leave boot services (%s after %u attempts)",
		    status_name(s), attempt);
		return s;
	}
	/* From here on no firmware call: the checks are all done. */
	if (mbi_add_efi_mmap(&mbi, map_size, desc_size, desc_version) ||
	    mbi_finish(&mbi))
		for (;;)
			asm volatile("cli; hlt");
	enter(entry, mbi_addr);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_STATUS s;

	InitializeLib(image, systab);
	st = systab;
	bs = systab->BootServices;
	image_handle = image;

	say("%s", LOADER_NAME);
	s = open_root();
	if (!EFI_ERROR(s))
		s = boot();
	if (!ebs_called) {
		free_all();
		if (root)
			uefi_call_wrapper(root->Close, 1, root);
	}
	say("boot failed; returning to the firmware");
	return EFI_ERROR(s) ? s : EFI_LOAD_ERROR;
}
