import { ParetoError } from '../../errors.js';
import { parseFlags } from '../args.js';
import { bashCompletion, zshCompletion } from '../completion-scripts.js';
import type { Io } from '../io.js';
import type { CommandRun, CommandSpec } from '../spec.js';
import { completionSpec } from '../specs/completion.js';

/** `pareto completion bash|zsh`, generated from the command table it is given. */
export function completionCommand(commands: Record<string, CommandSpec>): CommandRun {
  return async (argv: readonly string[], io: Io) => {
    const { positionals } = parseFlags(argv, completionSpec, 'completion');
    const shell = positionals[0];
    if (shell === 'bash') io.stdout(bashCompletion(commands));
    else if (shell === 'zsh') io.stdout(zshCompletion(commands));
    else
      throw new ParetoError('usage', `pareto completion: name a shell, bash or zsh${shell ? `, not "${shell}"` : ''}`, {
        hint: 'e.g. `source <(pareto completion bash)`',
      });
    return 0;
  };
}
