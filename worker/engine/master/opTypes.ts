/** The Pangu master's operation types (P7), as the audit log and the queue count them. */
export const OP_CREATE = 0,
  OP_OPEN = 1,
  OP_DELETE = 2,
  OP_LOOKUP = 3;
export const OP_NAMES = ['create', 'open', 'delete', 'lookup'] as const;
