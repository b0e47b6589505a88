import { parseArgs } from 'node:util';
import { ParetoError } from '../errors.js';
import type { Flags } from './spec.js';
import { closest } from './suggest.js';

type Parsed<O extends Flags> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/**
 * node:util parseArgs with our own messages: they name the flag as typed, suggest the closest
 * known flag for a typo, and never repeat parseArgs' own wording. More positional arguments than
 * the command takes is an error too, not silently ignored.
 */
export function parseFlags<O extends Flags>(argv: readonly string[], spec: { flags: O; positionals?: number }, command: string): Parsed<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: [...argv], options: spec.flags, allowPositionals: true, strict: true });
  } catch (error) {
    throw flagError(error as Error & { code?: string }, argv, spec.flags, command);
  }
  const max = spec.positionals ?? 0;
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals
      .slice(max)
      .map((p) => `"${p}"`)
      .join(' ');
    throw new ParetoError('usage', `pareto ${command}: unexpected argument${parsed.positionals.length - max > 1 ? 's' : ''} ${extra}`, {
      hint: `${max === 0 ? `pareto ${command} takes flags only` : `pareto ${command} takes at most ${max}`}; see \`pareto ${command} --help\``,
    });
  }
  return parsed;
}

function flagError(error: Error & { code?: string }, argv: readonly string[], flags: Flags, command: string): ParetoError {
  const help = `run \`pareto ${command} --help\` for the accepted flags`;
  const flag = /'(-{1,2}[^' <]+)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = flag.replace(/^-+/, '').split('=')[0]!;
    const guess = closest(name, Object.keys(flags));
    return new ParetoError('usage', `pareto ${command}: unknown flag ${flag}${guess ? ` (did you mean --${guess}?)` : ''}`, { hint: help });
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = flag.replace(/^-+/, '');
    const value = argv[argv.indexOf(flag) + 1];
    if (flags[name]?.type === 'boolean') return new ParetoError('usage', `pareto ${command}: ${flag} takes no value`, { hint: help });
    if (value?.startsWith('-')) {
      return new ParetoError('usage', `pareto ${command}: ${flag} needs a value, and "${value}" looks like a flag`, {
        hint: `to pass a value starting with "-", write ${flag}=${value}`,
      });
    }
    return new ParetoError('usage', `pareto ${command}: ${flag} needs a value`, { hint: help });
  }
  return new ParetoError('usage', `pareto ${command}: ${error.message.split('\n')[0]}`, { hint: help });
}

export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A non-negative integer flag (at most `max`); anything else names the flag and the bad value. */
export function intFlag(value: string | undefined, flag: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ParetoError('usage', `${flag} must be a non-negative integer, got "${value}"`);
  const n = Number(value);
  if (n > max) throw new ParetoError('usage', `${flag} must be at most ${max}, got ${value}`);
  return n;
}
