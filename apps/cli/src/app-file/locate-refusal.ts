import { type PathKey, parsePath } from '@berth/spec';
import { InvalidFileError } from '../invalid-file-error.js';
import type { RefusedRequestError } from './apply-app-file.js';
import type { LoadedFile } from './load-app-file.js';
import type { LocatedError } from './source-document.js';

/**
 * Turns the server's 422 into errors located in the file. The paths of a refused spec
 * point into the spec, those of a refused app into `metadata`; a refused version request
 * (its body comes from `version:` and the flags) is shown at `version:`. A path the file
 * does not have (a missing field) shows at its nearest ancestor. The printed path is the
 * server's, unchanged.
 */
export function locateRefusal(file: LoadedFile, refusal: RefusedRequestError): InvalidFileError {
  const { problem } = refusal.apiError;
  const base: PathKey[] =
    refusal.origin === 'spec'
      ? file.specPath
      : refusal.origin === 'metadata'
        ? ['metadata']
        : ['version'];
  const located: LocatedError[] = (problem.errors ?? []).map((e) => {
    const inBody = (e.in ?? 'body') === 'body' && refusal.origin !== 'version';
    const keys = inBody ? (parsePath(e.path) ?? []) : [];
    return { path: e.path, message: e.message, ...file.source.locate([...base, ...keys]) };
  });
  if (located.length === 0)
    located.push({ path: '', message: problem.detail, ...file.source.locate(base) });
  return new InvalidFileError(
    `The server refused ${file.name}: ${problem.detail}`,
    file.name,
    located,
    problem,
  );
}
