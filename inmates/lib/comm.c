// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The cell's side of the message protocol (spec 7.3): clear the message,
 * fence, then reply, so the hypervisor never sees a reply to a message it
 * has already replaced.
 */
#include <inmate.h>

uint32_t comm_message(void)
{
	return comm_region()->msg_to_cell;
}

void comm_reply(uint32_t reply)
{
	struct jailhouse_comm_region *comm = comm_region();

	comm->msg_to_cell = JAILHOUSE_MSG_NONE;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	comm->reply_from_cell = reply;
}

void comm_set_state(uint32_t state)
{
	comm_region()->cell_state = state;
}

void comm_answer(uint32_t msg)
{
	switch (msg) {
	case JAILHOUSE_MSG_NONE:
		break;
	case JAILHOUSE_MSG_SHUTDOWN_REQUEST:
		comm_set_state(JAILHOUSE_CELL_SHUT_DOWN);
		cpu_stop();
	case JAILHOUSE_MSG_RECONFIG_COMPLETED:
		comm_reply(JAILHOUSE_MSG_RECEIVED);
		break;
	default:
		comm_reply(JAILHOUSE_MSG_UNKNOWN);
	}
}
