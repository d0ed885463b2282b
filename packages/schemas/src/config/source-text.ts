/**
 * Config text (YAML, or JSON for `.json` files) to a plain value, bounded:
 * at most LIMITS.fileBytes, at most LIMITS.yamlAliases alias expansions (an
 * alias bomb is refused, not expanded), a UTF-8 byte-order mark tolerated.
 * Syntax errors carry their line and column; JSON is reported as JSON. The
 * result can tell the line of any field path, so validation errors name the
 * file, the line and the field.
 */
import { LineCounter, isMap, isNode, isPair, isScalar, parseDocument, type Document } from 'yaml';
import { InputValidationError, type InputIssue } from '../errors.js';
import { LIMITS } from './limits.js';

export interface SourceText {
  readonly value: unknown;
  /** 1-based line of the field at a dotted path (or of its nearest present parent); undefined for "". */
  lineOf(path: string): number | undefined;
  /** Line of `key` inside the mapping at `path` (for unknown keys). */
  lineOfKey(path: string, key: string): number | undefined;
}

export interface SourceTextOptions {
  /** Largest text accepted, bytes (default LIMITS.fileBytes). */
  readonly maxBytes?: number;
  /** Parse as JSON (default: when the file name ends in .json). */
  readonly json?: boolean;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: offset - last };
}

function jsonSyntaxIssue(text: string, file: string, err: unknown): InputIssue {
  const msg = err instanceof Error ? err.message : String(err);
  const pos = /at position (\d+)/.exec(msg);
  if (pos === null) return { file, path: '', message: `invalid JSON: ${msg}` };
  const { line, col } = lineCol(text, Number(pos[1]));
  return {
    file,
    line,
    path: '',
    message: `invalid JSON (line ${line}, column ${col}): ${msg.replace(/ in JSON at position \d+.*$/, '')}`,
  };
}

function segments(path: string): (string | number)[] {
  return path === '' ? [] : path.split('.').map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function locator(doc: Document, counter: LineCounter): Pick<SourceText, 'lineOf' | 'lineOfKey'> {
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : counter.linePos(offset).line);
  const nodeAt = (path: string): unknown => {
    const segs = segments(path);
    for (let n = segs.length; n >= 0; n--) {
      const node = doc.getIn(segs.slice(0, n), true);
      if (isNode(node)) return node;
    }
    return undefined;
  };
  return {
    lineOf(path) {
      if (path === '') return undefined;
      const node = nodeAt(path);
      return isNode(node) ? lineAt(node.range?.[0]) : undefined;
    },
    lineOfKey(path, key) {
      const node = path === '' ? doc.contents : nodeAt(path);
      if (!isMap(node)) return undefined;
      for (const item of node.items) {
        if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return lineAt(item.key.range?.[0]);
      }
      return undefined;
    },
  };
}

export function parseSourceText(raw: string, file = '<input>', opts: SourceTextOptions = {}): SourceText {
  const max = opts.maxBytes ?? LIMITS.fileBytes;
  const bytes = Buffer.byteLength(raw, 'utf8');
  if (bytes > max) {
    throw new InputValidationError('CONFIG_YAML', [
      { file, path: '', message: `file too large: ${bytes} bytes, at most ${max} accepted for a config` },
    ]);
  }
  const text = stripBom(raw);
  const json = opts.json ?? file.toLowerCase().endsWith('.json');
  if (json) {
    try {
      JSON.parse(text);
    } catch (err) {
      throw new InputValidationError('CONFIG_YAML', [jsonSyntaxIssue(text, file, err)], { cause: err });
    }
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: counter });
  if (doc.errors.length > 0) {
    throw new InputValidationError(
      'CONFIG_YAML',
      doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? (e.pos[0] >= 0 ? counter.linePos(e.pos[0]) : undefined);
        const where = pos === undefined ? '' : ` (line ${pos.line}, column ${pos.col})`;
        return {
          file,
          ...(pos === undefined ? {} : { line: pos.line }),
          path: '',
          message: `invalid ${json ? 'JSON' : 'YAML'}${where}: ${e.message.split('\n')[0] ?? e.code}`,
        };
      }),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.yamlAliases });
  } catch (err) {
    throw new InputValidationError(
      'CONFIG_YAML',
      [
        {
          file,
          path: '',
          message: `YAML aliases expand too far (more than ${LIMITS.yamlAliases} alias references; an alias bomb?): ${err instanceof Error ? err.message : String(err)}`,
        },
      ],
      { cause: err },
    );
  }
  return { value, ...locator(doc, counter) };
}
