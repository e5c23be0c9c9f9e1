/**
 * Paths into a spec document as people read them: `nodes[2].ports[0].port`, with keys
 * that are not identifiers quoted: `nodes[0].env["MY-VAR"]`. The empty path is the
 * document itself. The same format as the server's problem `errors[].path`.
 */

export type PathKey = string | number;

const identifierKey = /^[A-Za-z_$][\w$]*$/;

/** Renders a path of keys. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && identifierKey.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

const token = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** Parses a path written by `formatPath`; undefined when it is not one. */
export function parsePath(path: string): PathKey[] | undefined {
  const keys: PathKey[] = [];
  token.lastIndex = 0;
  while (token.lastIndex < path.length) {
    const start = token.lastIndex;
    const match = token.exec(path);
    if (!match) return undefined;
    if (match[0].startsWith('.') && start === 0) return undefined;
    if (match[1] !== undefined) {
      if (start > 0 && !match[0].startsWith('.')) return undefined;
      keys.push(match[1]);
    } else if (match[2] !== undefined) keys.push(Number(match[2]));
    else keys.push(JSON.parse(match[3] ?? '""') as string);
  }
  return keys;
}

/**
 * Looks a path up in a value. `found` is false when a key is missing, and `parentFound`
 * says whether everything but the last key exists (a missing required field is reported
 * at such a path).
 */
export function resolvePath(
  root: unknown,
  path: string,
): { found: boolean; parentFound: boolean; value?: unknown } {
  const keys = parsePath(path);
  if (!keys) return { found: false, parentFound: false };
  let value: unknown = root;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as PathKey;
    const container = value;
    const has =
      container !== null &&
      typeof container === 'object' &&
      (Array.isArray(container)
        ? typeof key === 'number' && key < container.length
        : typeof key === 'string' && Object.hasOwn(container, key));
    if (!has) {
      const isLast = i === keys.length - 1;
      const isContainer = container !== null && typeof container === 'object';
      return { found: false, parentFound: isLast && isContainer };
    }
    value = (container as Record<PathKey, unknown>)[key];
  }
  return { found: true, parentFound: true, value };
}
