// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} is the spec's reference syntax, not a mistaken template literal
/**
 * Env values of the spec: literal text with `${node.field}` and `${params.name}`
 * references; `$${` writes a literal `${`. A `$` anywhere else is literal text, so values
 * such as `pa$$word` need no escaping.
 */

export type SpecReference = { node: string; field: string } | { param: string };
export type TemplatePart = { text: string } | { ref: SpecReference };

export type ParsedTemplate = { ok: true; parts: TemplatePart[] } | { ok: false; message: string };

const nodeReference = /^([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([A-Za-z0-9_][A-Za-z0-9_.-]*)$/;
const paramReference = /^params\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** Splits an env value into text and references, or says why it cannot. */
export function parseEnvTemplate(value: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < value.length) {
    const dollar = value.indexOf('$', i);
    if (dollar < 0) {
      text += value.slice(i);
      break;
    }
    text += value.slice(i, dollar);
    if (value.startsWith('$${', dollar)) {
      text += '${';
      i = dollar + 3;
    } else if (value.startsWith('${', dollar)) {
      const close = value.indexOf('}', dollar + 2);
      if (close < 0)
        return {
          ok: false,
          message: 'has "${" without a closing "}" (write "$${" for a literal "${")',
        };
      const ref = parseReference(value.slice(dollar + 2, close));
      if (!ref.ok) return ref;
      if (text) parts.push({ text });
      text = '';
      parts.push({ ref: ref.ref });
      i = close + 1;
    } else {
      text += '$';
      i = dollar + 1;
    }
  }
  if (text) parts.push({ text });
  return { ok: true, parts };
}

function parseReference(
  inner: string,
): { ok: true; ref: SpecReference } | { ok: false; message: string } {
  const param = paramReference.exec(inner);
  if (param) return { ok: true, ref: { param: param[1] as string } };
  const node = nodeReference.exec(inner);
  if (node && node[1] !== 'params')
    return { ok: true, ref: { node: node[1] as string, field: node[2] as string } };
  const shown = inner.length > 40 ? `${inner.slice(0, 40)}…` : inner;
  return {
    ok: false,
    message: `has "\${${shown}}", which is not a reference: write \${node.field} or \${params.name} (or "$\${" for a literal "\${")`,
  };
}

/** The text a template stands for when it holds no references (escapes undone). */
export function templateText(parts: readonly TemplatePart[]): string | undefined {
  let out = '';
  for (const part of parts) {
    if (!('text' in part)) return undefined;
    out += part.text;
  }
  return out;
}
