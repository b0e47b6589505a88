import type { CommandSpec } from './spec.js';

/** Built-in words the dispatcher answers itself, completed like commands. */
const BUILT_IN: Record<string, string> = { help: 'show the usage, or a command’s help', version: 'print the version' };

/** What completion offers after a command: its sub-command words, then its flags. */
function wordsOf(spec: CommandSpec): string[] {
  return [...(spec.words ?? []), ...Object.keys(spec.flags).map((f) => `--${f}`), '--help'];
}

/** A bash completion function generated from the command table (so it never drifts from it). */
export function bashCompletion(commands: Record<string, CommandSpec>): string {
  const names = [...Object.keys(commands), ...Object.keys(BUILT_IN)].join(' ');
  const cases = Object.entries(commands)
    .map(([name, spec]) => `    ${name}) words="${wordsOf(spec).join(' ')}" ;;`)
    .join('\n');
  return `# pareto completion for bash: source <(pareto completion bash)
_pareto() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" words
  if [[ \${COMP_CWORD} -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${names} --help --version" -- "$cur"))
    return 0
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
    help) words="${Object.keys(commands).join(' ')}" ;;
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _pareto pareto
`;
}

/** The same for zsh (#compdef): commands with their summaries, then words and flags, then files. */
export function zshCompletion(commands: Record<string, CommandSpec>): string {
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  const described = [...Object.entries(commands).map(([n, c]) => [n, c.summary] as const), ...Object.entries(BUILT_IN)]
    .map(([name, summary]) => `    ${quote(`${name}:${summary.replaceAll(':', '\\:')}`)}`)
    .join('\n');
  const cases = Object.entries(commands)
    .map(([name, spec]) => `    ${name}) compadd -- ${wordsOf(spec).join(' ')} ;;`)
    .join('\n');
  return `#compdef pareto
# pareto completion for zsh: pareto completion zsh > "\${fpath[1]}/_pareto"
_pareto() {
  local -a commands
  commands=(
${described}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case $words[2] in
${cases}
    help) compadd -- ${Object.keys(commands).join(' ')} ;;
  esac
  _files
}
# Autoloaded from fpath the file is the function's first call; sourced, it registers itself.
if [[ "$funcstack[1]" == _pareto ]]; then _pareto "$@"; else compdef _pareto pareto; fi
`;
}
