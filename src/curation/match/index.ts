export { matchAaRows } from './match.js';
export type { MatchMethod, MatchOptions, MatchResult, MatchStatus } from './types.js';
export { EFFORTS, effortFor, isEffort, readEffortMarkers, type Effort, type EffortMarkers, type EffortOutcome } from './effort.js';
export { authorsFor } from './creators.js';
export { exclusionOf } from './catalogue.js';
export { checkIndex, indexAgreement, MIN_AGREEMENT, type IndexAgreement, type IndexCheck } from './index-check.js';
export { looseKey, normalForm } from './normalize.js';
