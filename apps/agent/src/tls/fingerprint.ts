/**
 * Parses a certificate fingerprint as the join command carries it — `sha256:AB:CD:…`,
 * 32 colon-separated hex bytes, as Node's `cert.fingerprint256` prints them — and returns
 * Node's form (`AB:CD:…`, upper case) to compare with `fingerprint256`. Case, the
 * `sha256:` prefix and missing colons are forgiven; anything else throws a RangeError
 * naming the expected form.
 */
export function parseFingerprint(text: string): string {
  const body = text.trim().replace(/^sha256:/i, '');
  const hex = body.replaceAll(':', '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex) || (body.includes(':') && body.length !== 95)) {
    throw new RangeError(
      `"${text}" is not a SHA-256 fingerprint; expected sha256:AB:CD:… (32 hex bytes)`,
    );
  }
  return hex.toUpperCase().match(/../g)!.join(':');
}

/** The fingerprint as the join command and `status` print it. */
export function formatFingerprint(fingerprint: string): string {
  return `sha256:${fingerprint}`;
}
