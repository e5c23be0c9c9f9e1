import { BerthApiError } from '@berth/client';
import { type Problem, problem as problemSchema } from '@berth/spec';

/**
 * PUTs a package with XMLHttpRequest, whose upload events report real progress (fetch
 * cannot). The session cookie goes along same-origin; the account goes as a header.
 * Rejects with `BerthApiError` for the server's refusals (413 too large, 422 not a safe
 * package…), so they are shown like any other problem.
 */
export function uploadPackage(options: {
  account: string;
  app: string;
  version: string;
  file: File;
  onProgress: (percent: number) => void;
  signal?: AbortSignal;
}): Promise<{ sha256: string; size: number }> {
  const { account, app, version, file, onProgress, signal } = options;
  const url = `/api/v1/lightapps/${encodeURIComponent(app)}/versions/${encodeURIComponent(version)}/package`;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('berth-account', account);
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.setRequestHeader(
      'content-type',
      file.name.endsWith('.zip') ? 'application/zip' : 'application/gzip',
    );
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText) as { sha256: string; size: number });
        return;
      }
      reject(new BerthApiError(problemOf(xhr), { method: 'PUT', url }));
    };
    xhr.onerror = () => reject(new Error(`The upload to ${url} failed: network error`));
    xhr.onabort = () => reject(new Error('The upload was cancelled'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** The answer's problem+json, or one made from the status when the body is not one. */
function problemOf(xhr: XMLHttpRequest): Problem {
  try {
    const parsed = problemSchema.safeParse(JSON.parse(xhr.responseText));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: described from the status below
  }
  return {
    type: 'about:blank',
    title: xhr.statusText || 'Upload failed',
    status: xhr.status,
    detail: `The server answered ${xhr.status} ${xhr.statusText}`.trim(),
    code: 'unexpected_response',
  };
}
