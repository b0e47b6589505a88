import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ParetoError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with our error style: an unknown flag is a usage error naming the flag. */
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

export function parseFlags<O extends Options>(argv: readonly string[], options: O, command: string): Parsed<O> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ParetoError('usage', `pareto ${command}: ${(error as Error).message.replace(/\. To specify.*$/s, '')}`, {
      hint: `run \`pareto ${command} --help\` for the accepted flags`,
    });
  }
}

export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A non-negative integer flag; anything else names the flag and the bad value. */
export function intFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ParetoError('usage', `${flag} must be a non-negative integer, got "${value}"`);
  return Number(value);
}
