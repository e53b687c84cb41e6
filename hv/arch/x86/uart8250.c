// SPDX-License-Identifier: GPL-2.0
/*
 * 8250/16550 UART on port I/O, polled, transmit only: the hypervisor's
 * debug console. Polling is bounded so a port without a UART behind it
 * (reads as all ones) never hangs the hypervisor.
 */
#include <stdint.h>
#include <warden/uart.h>
#include <asm/processor.h>

#define UART_THR 0 /* transmit holding (DLAB 0) */
#define UART_DLL 0 /* divisor low (DLAB 1) */
#define UART_IER 1
#define UART_DLM 1 /* divisor high (DLAB 1) */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_LCR_8N1 0x03
#define UART_LCR_DLAB 0x80
#define UART_LSR_DATA_READY 0x01
#define UART_LSR_THRE 0x20
#define UART_MAX_POLLS 100000

void uart_init(struct uart *uart, uint16_t base, uint32_t divider)
{
	uart->base = base;
	if (divider == 0)
		return; /* somebody else configured it; keep their settings */
	outb(base + UART_LCR, UART_LCR_DLAB);
	outb(base + UART_DLL, divider & 0xff);
	outb(base + UART_DLM, (divider >> 8) & 0xff);
	outb(base + UART_LCR, UART_LCR_8N1);
	outb(base + UART_IER, 0);
	outb(base + UART_FCR, 0x07); /* enable and clear the FIFOs */
	outb(base + UART_MCR, 0x03); /* DTR, RTS; no interrupts (OUT2 off) */
}

int uart_getc(struct uart *uart)
{
	uint8_t lsr;

	if (!uart->base)
		return -1;
	lsr = inb(uart->base + UART_LSR);
	/* All ones: no UART there at all. */
	if (lsr == 0xff || !(lsr & UART_LSR_DATA_READY))
		return -1;
	return inb(uart->base + UART_THR);
}

void uart_putc(struct uart *uart, char c)
{
	unsigned int polls = 0;

	if (!uart->base)
		return;
	while (!(inb(uart->base + UART_LSR) & UART_LSR_THRE) &&
	       ++polls < UART_MAX_POLLS)
		cpu_relax();
	outb(uart->base + UART_THR, (uint8_t)c);
}
