/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WARDEN_UART_H
#define WARDEN_UART_H

#include <stdint.h>

/* 115200 baud from the standard 1.8432 MHz clock. */
#define UART_DIVIDER_115200 1

struct uart {
	uint16_t base; /* I/O port; 0 = no UART */
};

void uart_init(struct uart *uart, uint16_t base, uint32_t divider);
void uart_putc(struct uart *uart, char c);
/* A received character, or -1 when none is waiting. */
int uart_getc(struct uart *uart);

#endif /* WARDEN_UART_H */
