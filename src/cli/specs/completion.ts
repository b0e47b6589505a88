import type { CommandSpec } from '../spec.js';

export const completionSpec = {
  summary: 'print a shell completion script (bash or zsh)',
  help: `pareto completion bash|zsh — print a completion script for commands, sub-commands and flags

  bash:  source <(pareto completion bash)           (or add that line to ~/.bashrc)
  zsh:   pareto completion zsh > "\${fpath[1]}/_pareto"   then restart the shell
`,
  flags: {},
  positionals: 1,
  words: ['bash', 'zsh'],
} as const satisfies CommandSpec;
