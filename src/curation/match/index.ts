export { matchAaRows } from './match.js';
export type { FoundBy, MatchCause, MatchMethod, MatchOptions, MatchResult, MatchStatus } from './types.js';
export { EFFORTS, isEffort, readEffortMarkers, type Effort, type EffortMarkers } from './effort.js';
export { effortFor, vocabularyFor, type EffortModel, type EffortOutcome } from './effort-on-model.js';
export { authorsFor } from './creators.js';
export { exclusionOf } from './catalogue.js';
export { checkIndex, indexAgreement, MIN_AGREEMENT, type IndexAgreement, type IndexCheck } from './index-check.js';
export { looseKey, normalForm } from './name-keys.js';
