/** Flags many commands share, spelled once. */
export const DB_FLAG = { db: { type: 'string' } } as const;
/** Moves the published versions like PARETO_SHORTLISTS, as --db moves the database. */
export const SHORTLISTS_FLAG = { shortlists: { type: 'string' } } as const;
export const JSON_FLAG = { json: { type: 'boolean' } } as const;
