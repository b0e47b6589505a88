/**
 * The few string helpers every part of the report uses. Everything that comes from an artifact
 * (model ids, AA names, reasons) goes through `esc`, so a hostile name cannot inject markup.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(value: string | number | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** `<tag>` cells of one table row. */
export function row(cells: readonly string[], tag: 'td' | 'th' = 'td'): string {
  return `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
}

/** A table with a header row; `body` cells are already HTML. */
export function table(headers: readonly string[], body: readonly (readonly string[])[], className = ''): string {
  const cls = className ? ` class="${className}"` : '';
  return `<table${cls}><thead>${row(headers.map(esc), 'th')}</thead><tbody>${body.map((cells) => row(cells)).join('')}</tbody></table>`;
}

export function money(value: number | null): string {
  if (value === null) return 'unknown';
  return `$${value < 0.1 && value > 0 ? Number(value.toPrecision(2)) : Number(value.toFixed(3))}`;
}

export function code(text: string): string {
  return `<code>${esc(text)}</code>`;
}
