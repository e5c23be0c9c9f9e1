import { type ServerMessage, serverMessage } from '@berth/spec';

/** The deepest JSON nesting the agent reads; a desired state needs far less. */
export const maxJsonDepth = 64;

export type ReadResult = { ok: true; message: ServerMessage } | { ok: false; reason: string };

/**
 * Reads one WebSocket message from the server: text, at most `maxJsonDepth` deep, valid
 * JSON, and one of `serverMessage`. Never throws, whatever arrives (R19 from the agent's
 * side): binary frames, truncated JSON, 4 MiB of `[[[[…`, unknown types and wrong field
 * types are all answered with a reason, and the caller closes the session. The size
 * limit is enforced before this, by the socket (`maxPayload`).
 */
export function readServerMessage(data: Buffer | string, isBinary: boolean): ReadResult {
  if (isBinary) return { ok: false, reason: 'binary message' };
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const depth = jsonDepth(text, maxJsonDepth);
  if (depth > maxJsonDepth) return { ok: false, reason: `JSON nested deeper than ${maxJsonDepth}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: `not JSON (${text.length} characters)` };
  }
  const parsed = serverMessage.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'message';
    return { ok: false, reason: `not a server message (${where}: ${issue?.message})` };
  }
  return { ok: true, message: parsed.data };
}

/**
 * The nesting depth of JSON text, counting `[` and `{` outside strings, without parsing.
 * Stops counting once past `limit`, so hostile input costs one linear scan at most and
 * the parser and validator never see it.
 */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
