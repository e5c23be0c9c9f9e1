import { formatPath, type PathKey } from '@berth/spec';
import { type AppFile, appFileApiVersion, parseAppFile } from './app-file-schema.js';
import { type LocatedError, parseSource, type SourceDocument } from './source-document.js';

/** A YAML or JSON file holding an app file or a bare app spec, checked up to the spec. */
export interface LoadedFile {
  /** The name errors are reported under: the path as given, or `<stdin>`. */
  name: string;
  source: SourceDocument;
  /** `app` when the document declares `apiVersion` or `kind`, else a bare `spec`. */
  format: 'app' | 'spec';
  /** The envelope, when the format is `app` and the envelope is valid. */
  app?: AppFile | undefined;
  /** The spec document: the `spec` of an app file, or the whole document. */
  spec: unknown;
  /** Where the spec sits in the file: `['spec']` or `[]`. */
  specPath: PathKey[];
  /** Syntax errors, else envelope errors, located, with paths into the file. */
  errors: LocatedError[];
}

/**
 * Parses `text` as an app file (`apiVersion: berth/v1`, `kind: App`, `metadata`,
 * `version`, `spec`) or, when it declares neither `apiVersion` nor `kind`, as a bare app
 * spec. Never throws. The spec is not validated here (see `validateAppSpec`).
 */
export function loadAppFile(name: string, text: string): LoadedFile {
  const source = parseSource(text);
  if (source.syntaxErrors.length > 0)
    return {
      name,
      source,
      format: 'spec',
      spec: undefined,
      specPath: [],
      errors: source.syntaxErrors,
    };
  const value = source.value;
  if (!isAppFile(value))
    return { name, source, format: 'spec', spec: value, specPath: [], errors: [] };
  const parsed = parseAppFile(value);
  const errors = parsed.ok
    ? []
    : parsed.errors.map((e) => ({
        path: formatPath(e.path),
        message: e.message,
        ...source.locate(e.path),
      }));
  return {
    name,
    source,
    format: 'app',
    app: parsed.ok ? parsed.file : undefined,
    spec: value.spec,
    specPath: ['spec'],
    errors,
  };
}

function isAppFile(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    ('apiVersion' in value || 'kind' in value)
  );
}

/** How an app file starts, for messages that ask for one. */
export const appFileHeader = `apiVersion: ${appFileApiVersion}
kind: App
metadata: { name: shop, distribution: instance, deployment: edge-hosted }
version: 1.0.0
spec: { nodes: [...] }`;
