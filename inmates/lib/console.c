// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The inmate console: an 8250 UART as the cell's config describes it
 * (spec 2.1, copied into the comm region), or the hypervisor's debug
 * console (hypercall 8). The command line overrides the config:
 * con-type=8250|none, con-base, con-divider, con-is-mmio, con-regdist-1,
 * con-virtual (spec 9.4).
 */
#include <inmate.h>
#include <warden/format.h>

#define UART_THR 0
#define UART_DLL 0
#define UART_IER 1
#define UART_DLM 1
#define UART_LCR 3
#define UART_LSR 5
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define LSR_THRE 0x20
#define THRE_WAIT_LIMIT 100000
#define PRINTK_BUF 256

/* The identity map the start-up code builds covers this much. */
#define MAPPED_LIMIT 0x100000000ull

static struct {
	uint64_t base;
	bool mmio;
	unsigned int regdist;
	bool virtual_console;
} con;

static void uart_write(unsigned int reg, uint8_t value)
{
	if (con.mmio)
		*(volatile uint8_t *)(unsigned long)(con.base +
						     reg * con.regdist) = value;
	else
		outb(con.base + reg, value);
}

static uint8_t uart_read(unsigned int reg)
{
	if (con.mmio)
		return *(volatile uint8_t *)(unsigned long)(con.base +
							    reg * con.regdist);
	return inb(con.base + reg);
}

void console_init(void)
{
	const struct jailhouse_console *cfg = &comm_region()->console;
	uint32_t divider = cfg->divider;
	char type[16];

	if (cfg->type == JAILHOUSE_CON_TYPE_8250) {
		con.base = cfg->address;
		con.mmio = CON_IS_MMIO(cfg->flags);
		con.regdist = CON_USES_REGDIST_1(cfg->flags) ? 1 : 4;
	}
	con.virtual_console =
		JAILHOUSE_COMM_HAS_DBG_PUTC_ACTIVE(comm_region()->flags);
	if (cmdline_str("con-type", type, sizeof(type)))
		con.base = strcmp(type, "8250") == 0 ? con.base : 0;
	con.base = cmdline_u64("con-base", con.base);
	con.mmio = cmdline_bool("con-is-mmio", con.mmio);
	con.regdist = cmdline_bool("con-regdist-1", con.regdist == 1) ? 1 : 4;
	divider = cmdline_u64("con-divider", divider);
	con.virtual_console = cmdline_bool("con-virtual", con.virtual_console);
	if (con.mmio && con.base + 8 * con.regdist > MAPPED_LIMIT)
		con.base = 0; /* not reachable through our page tables */
	/* Divider 0: the UART is set up already (it may be shared). */
	if (con.base && divider) {
		uart_write(UART_LCR, LCR_DLAB);
		uart_write(UART_DLL, divider & 0xff);
		uart_write(UART_DLM, (divider >> 8) & 0xff);
		uart_write(UART_LCR, LCR_8N1);
		uart_write(UART_IER, 0);
	}
}

void console_putc(char c)
{
	unsigned int wait = 0;

	if (con.virtual_console) {
		hypercall(JAILHOUSE_HC_DEBUG_CONSOLE_PUTC, (uint8_t)c, 0);
		return;
	}
	if (!con.base)
		return;
	while (!(uart_read(UART_LSR) & LSR_THRE) && ++wait < THRE_WAIT_LIMIT)
		cpu_relax();
	uart_write(UART_THR, c);
}

void vprintk(const char *fmt, va_list ap)
{
	char buf[PRINTK_BUF];
	const char *p;

	vsnformat(buf, sizeof(buf), fmt, ap);
	for (p = buf; *p; p++) {
		if (*p == '\n')
			console_putc('\r');
		console_putc(*p);
	}
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
