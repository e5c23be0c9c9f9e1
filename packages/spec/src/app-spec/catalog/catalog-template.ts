/**
 * Catalog templates: the tiny language of catalog data (`{host}`, `{port:NAME}`,
 * `{param:NAME}`, `{provisioned:NAME}`, `{secret:NAME}`). Kept apart from the `${…}`
 * references of the spec so catalog authors and app authors cannot confuse the two.
 */

export type CatalogToken =
  | { text: string }
  | { host: true }
  | { port: string }
  | { param: string }
  | { provisioned: string }
  | { secret: string };

const placeholder = /\{(host|port|param|provisioned|secret)(?::([A-Za-z0-9_-]+))?\}/g;

/** Splits a catalog template into literal text and placeholders. */
export function parseCatalogTemplate(template: string): CatalogToken[] {
  const tokens: CatalogToken[] = [];
  let last = 0;
  for (const match of template.matchAll(placeholder)) {
    if (match.index > last) tokens.push({ text: template.slice(last, match.index) });
    const [, kind, name = ''] = match;
    if (kind === 'host') tokens.push({ host: true });
    else if (kind === 'port') tokens.push({ port: name });
    else if (kind === 'param') tokens.push({ param: name });
    else if (kind === 'provisioned') tokens.push({ provisioned: name });
    else tokens.push({ secret: name });
    last = match.index + match[0].length;
  }
  if (last < template.length) tokens.push({ text: template.slice(last) });
  return tokens;
}
