/**
 * A small JSON parser that remembers where every value sits in the text, so a validation error on
 * a hand-edited file can name the line to fix (`data/curation.json:14: aliases[2].reason: …`).
 * JSON.parse gives neither positions of values nor (on Node 20) a line for syntax errors, and it
 * silently keeps the last of two equal keys; this parser reports both.
 */

export type JsonPath = readonly (string | number)[];

export interface JsonPosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export interface DuplicateKey {
  readonly path: JsonPath;
  readonly position: JsonPosition;
}

export interface LocatedJson {
  readonly value: unknown;
  /** Keys that occur twice in one object (the later one is kept, as JSON.parse does). */
  readonly duplicateKeys: readonly DuplicateKey[];
  /** Where `path` starts; for a path that does not exist, where its nearest existing ancestor starts. */
  positionOf(path: JsonPath): JsonPosition;
}

export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  /** The problem without its position ("expected "," or "}""). */
  readonly reason: string;

  constructor(reason: string, position: JsonPosition) {
    super(`${reason} at line ${position.line} column ${position.column}`);
    this.name = 'JsonSyntaxError';
    this.line = position.line;
    this.column = position.column;
    this.reason = reason;
  }
}

/** `aliases[2].reason`: the way a path is written in error messages. */
export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += /^[A-Za-z_$][\w$]*$/.test(part) ? (out ? `.${part}` : part) : `[${JSON.stringify(part)}]`;
  }
  return out || '(root)';
}

/** Parses strict JSON (RFC 8259); throws JsonSyntaxError with a line and column. */
export function parseLocatedJson(text: string): LocatedJson {
  const parser = new Parser(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const value = parser.parseDocument();
  const positions = parser.positions;
  return {
    value,
    duplicateKeys: parser.duplicates,
    positionOf(path: JsonPath): JsonPosition {
      for (let length = path.length; length >= 0; length -= 1) {
        const found = positions.get(pathKey(path.slice(0, length)));
        if (found) return found;
      }
      return { line: 1, column: 1 };
    },
  };
}

function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Parser {
  readonly positions = new Map<string, JsonPosition>();
  readonly duplicates: DuplicateKey[] = [];
  private offset = 0;
  /** Offsets where each line starts, for turning an offset into line and column. */
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  parseDocument(): unknown {
    this.skipSpace();
    const value = this.parseValue([]);
    this.skipSpace();
    if (this.offset < this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private parseValue(path: JsonPath): unknown {
    this.skipSpace();
    if (!this.positions.has(pathKey(path))) this.positions.set(pathKey(path), this.position(this.offset));
    const char = this.text[this.offset];
    if (char === '{') return this.parseObject(path);
    if (char === '[') return this.parseArray(path);
    if (char === '"') return this.parseString();
    if (char === undefined) this.fail('unexpected end of file');
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.offset)) {
        this.offset += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.offset;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.offset += number[0].length;
      return Number(number[0]);
    }
    return this.fail(`unexpected character ${JSON.stringify(char)}`);
  }

  private parseObject(path: JsonPath): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.offset += 1;
    this.skipSpace();
    if (this.text[this.offset] === '}') {
      this.offset += 1;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.offset] !== '"') this.fail('expected a "quoted" key');
      const keyOffset = this.offset;
      const key = this.parseString();
      const memberPath = [...path, key];
      // A member is located at its key: that is the line a person looks at.
      if (Object.hasOwn(out, key)) this.duplicates.push({ path: memberPath, position: this.position(keyOffset) });
      this.positions.set(pathKey(memberPath), this.position(keyOffset));
      this.skipSpace();
      if (this.text[this.offset] !== ':') this.fail(`expected ":" after the key ${JSON.stringify(key)}`);
      this.offset += 1;
      out[key] = this.parseValue(memberPath);
      this.skipSpace();
      const next = this.text[this.offset];
      this.offset += 1;
      if (next === '}') return out;
      if (next !== ',') this.fail(next === undefined ? 'unexpected end of file (missing "}")' : 'expected "," or "}"', this.offset - 1);
    }
  }

  private parseArray(path: JsonPath): unknown[] {
    const out: unknown[] = [];
    this.offset += 1;
    this.skipSpace();
    if (this.text[this.offset] === ']') {
      this.offset += 1;
      return out;
    }
    for (;;) {
      out.push(this.parseValue([...path, out.length]));
      this.skipSpace();
      const next = this.text[this.offset];
      this.offset += 1;
      if (next === ']') return out;
      if (next !== ',') this.fail(next === undefined ? 'unexpected end of file (missing "]")' : 'expected "," or "]"', this.offset - 1);
    }
  }

  private parseString(): string {
    STRING.lastIndex = this.offset;
    const match = STRING.exec(this.text);
    if (!match) this.fail('unterminated or invalid string');
    this.offset += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  private skipSpace(): void {
    while (this.offset < this.text.length && ' \t\r\n'.includes(this.text[this.offset] as string)) this.offset += 1;
  }

  private position(offset: number): JsonPosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.lineStarts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] as number) + 1 };
  }

  private fail(message: string, offset = this.offset): never {
    throw new JsonSyntaxError(message, this.position(offset));
  }
}
