// SPDX-License-Identifier: GPL-2.0
/*
 * Hypervisor console output: every line goes to the in-memory console ring
 * (the page the root cell reads through the Jailhouse interface) and, when
 * one is configured, to the debug UART.
 */
#include <stdarg.h>
#include <jailhouse/console.h>
#include <warden/format.h>
#include <warden/printk.h>
#include <warden/spinlock.h>
#include <warden/uart.h>

/* The ring, laid out as the Jailhouse console page (spec 4.5). */
static struct jailhouse_virt_console ring __attribute__((aligned(4096)));
static struct uart uart;
static struct spinlock printk_lock;

void console_use_uart(uint16_t port, uint32_t divider)
{
	uart_init(&uart, port, divider);
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
	ring.busy = 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (; *s; s++) {
		ring.content[ring.tail % JAILHOUSE_VIRT_CONSOLE_SIZE] = *s;
		__atomic_thread_fence(__ATOMIC_RELEASE);
		ring.tail++;
		if (*s == '\n')
			uart_putc(&uart, '\r');
		uart_putc(&uart, *s);
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ring.busy = 0;
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
