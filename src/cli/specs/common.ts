/** Flags many commands share, spelled once. */
export const DB_FLAG = { db: { type: 'string' } } as const;
export const JSON_FLAG = { json: { type: 'boolean' } } as const;
