// SPDX-License-Identifier: GPL-2.0
/*
 * Hypervisor console output: every line goes to the in-memory console ring
 * (the page the root cell reads through the Jailhouse interface) and, when
 * configured, to the debug UART and/or the framebuffer.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <jailhouse/console.h>
#include <warden/fbcon.h>
#include <warden/format.h>
#include <warden/hvmem.h>
#include <warden/printk.h>
#include <warden/spinlock.h>
#include <warden/uart.h>
#include <asm/processor.h>

/* The ring, laid out as the Jailhouse console page (spec 4.5). */
static struct jailhouse_virt_console ring __attribute__((aligned(4096)));
static struct uart uart;
static struct spinlock printk_lock;

/*
 * The framebuffer is reached through the early identity map until the
 * hypervisor switches to its own page tables, then through the direct
 * map. The switch happens inside hvmem_init(), which prints right after
 * it, so each write picks the mapping by the page tables in use: CR3
 * still the one seen at enable time means the identity map.
 */
static struct fbcon fbcon;
static uint64_t fb_phys; /* 0: no framebuffer console */
static uint64_t fb_early_cr3;
/* Set while drawing: a fault in there must not draw again (recursion). */
static bool fb_drawing;

static bool fb_begin(void)
{
	if (!fb_phys || fb_drawing)
		return false;
	fb_drawing = true;
	fbcon.base = read_cr3() == fb_early_cr3 ? (uint8_t *)fb_phys :
						  phys_to_hv(fb_phys);
	return true;
}

void console_use_uart(uint16_t port, uint32_t divider)
{
	uart_init(&uart, port, divider);
}

int console_use_fb(const struct boot_framebuffer *fb, char *err, size_t err_len)
{
	uint32_t i, from;

	if (fbcon_init(&fbcon, fb, (void *)fb->address, err, err_len))
		return -1;
	spin_lock(&printk_lock);
	fb_early_cr3 = read_cr3();
	fb_phys = fb->address;
	fb_begin();
	fbcon_clear(&fbcon);
	/* Show what was printed before, as far as the ring still holds it. */
	from = ring.tail > JAILHOUSE_VIRT_CONSOLE_SIZE ?
		       ring.tail - JAILHOUSE_VIRT_CONSOLE_SIZE :
		       0;
	for (i = from; i != ring.tail; i++)
		fbcon_putc(&fbcon,
			   ring.content[i % JAILHOUSE_VIRT_CONSOLE_SIZE]);
	fb_drawing = false;
	spin_unlock(&printk_lock);
	return 0;
}

int console_getc(void)
{
	return uart_getc(&uart);
}

const void *console_page(void)
{
	return &ring;
}

/*
 * Readers copy the ring and retry while busy is set or tail moved, so
 * flag the update around the stores and let tail advance per character.
 */
static void console_write(const char *s)
{
	bool fb = fb_begin();

	ring.busy = 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (; *s; s++) {
		ring.content[ring.tail % JAILHOUSE_VIRT_CONSOLE_SIZE] = *s;
		__atomic_thread_fence(__ATOMIC_RELEASE);
		ring.tail++;
		if (*s == '\n')
			uart_putc(&uart, '\r');
		uart_putc(&uart, *s);
		if (fb)
			fbcon_putc(&fbcon, *s);
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ring.busy = 0;
	if (fb)
		fb_drawing = false;
}

void vprintk(const char *fmt, va_list ap)
{
	char line[PRINTK_LINE_MAX];

	vsnformat(line, sizeof(line), fmt, ap);
	spin_lock(&printk_lock);
	console_write(line);
	spin_unlock(&printk_lock);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void printk_emergency(void)
{
	spin_unlock(&printk_lock);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	printk("\nFATAL: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("Warden stopped. Fix the problem above and reboot.\n");
	cpu_halt_forever();
}
