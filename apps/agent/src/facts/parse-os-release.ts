/**
 * The OS name from the text of `/etc/os-release`: PRETTY_NAME, else NAME (with
 * VERSION_ID), else undefined. Values may be quoted with " or ' and use backslash
 * escapes (os-release(5)).
 */
export function parseOsRelease(text: string): string | undefined {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) fields.set(match[1]!, unquote(match[2]!.trim()));
  }
  const pretty = fields.get('PRETTY_NAME');
  if (pretty) return pretty;
  const name = fields.get('NAME');
  if (!name) return undefined;
  const version = fields.get('VERSION_ID');
  return version ? `${name} ${version}` : name;
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}
