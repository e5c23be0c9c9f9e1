import type { PathKey } from '@berth/spec';
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';

/** A place in a file: 1-based line and column, as editors count them. */
export interface Position {
  line: number;
  column: number;
}

/** An error tied to a place in a file. `path` says what it is about; `''` is the whole document. */
export interface LocatedError extends Position {
  path: string;
  message: string;
}

/** A YAML or JSON file, parsed once, that can say where each of its values is written. */
export interface SourceDocument {
  /** The parsed document as plain data; undefined when it has syntax errors. */
  value: unknown;
  /** What the parser refused, at the place it refused it. */
  syntaxErrors: LocatedError[];
  /**
   * Where the value at `path` is written: a map entry at its key, a list item at its
   * first character. When the path goes further than the file (a missing field, an index
   * past the end, a key under a scalar), the nearest ancestor that exists; the start of
   * the document for the empty path.
   */
  locate(path: readonly PathKey[]): Position;
}

/**
 * Parses YAML 1.2 (JSON being a subset, `.json` files parse the same way) keeping the
 * source range of every node. Never throws: syntax errors come back located, with the
 * parser's message (e.g. "Map keys must be unique").
 */
export function parseSource(text: string): SourceDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxErrors = doc.errors.map((error) => ({
    path: '',
    message: error.message.split('\n')[0] ?? error.message,
    ...at(error.pos[0]),
  }));
  return {
    value: syntaxErrors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined,
    syntaxErrors,
    locate: (path) => at(offsetOf(doc, path)),
  };
}

/** The offset of the deepest node on `path` that the document has. */
function offsetOf(doc: Document, path: readonly PathKey[]): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let where: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(key));
      next = pair?.value;
      where = pair ? (rangeStart(pair.key) ?? rangeStart(pair.value)) : undefined;
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key];
      where = rangeStart(next);
    }
    if (where === undefined) break;
    offset = where;
    node = next;
  }
  return offset;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return key === null || key === undefined ? undefined : String(key);
}

function rangeStart(node: unknown): number | undefined {
  return node !== null && typeof node === 'object' && 'range' in node
    ? (node as Node).range?.[0]
    : undefined;
}
