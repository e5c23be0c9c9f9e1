import type { Distribution } from '../../apps/allowed-combinations.js';
import { appSpecExample } from '../app-spec-example.js';
import type { SpecError } from '../spec-issues.js';
import { validateAppSpec } from '../validate-app-spec.js';

/**
 * Helpers for the tests of the spec: a fresh copy of a valid document to break in one
 * place, and the errors a document gets. Plain data, no test framework.
 */

// biome-ignore lint/suspicious/noExplicitAny: tests break documents in arbitrary ways
export type Doc = any;

/** A fresh deep copy of the api.md example (valid), to change in one place. */
export function exampleDoc(): Doc {
  return structuredClone(appSpecExample);
}

/** A minimal valid custom node. */
export function customNode(name: string, extra: Record<string, unknown> = {}): Doc {
  return { name, kind: 'custom', image: `registry.example.com/acme/${name}:1.0.0`, ...extra };
}

/** A document of just these nodes. */
export function docOf(...nodes: Doc[]): Doc {
  return { nodes };
}

/** The errors of a document ([] when it is valid). */
export function errorsOf(doc: unknown, distribution?: Distribution): SpecError[] {
  const result = validateAppSpec(doc, distribution ? { distribution } : {});
  return result.ok ? [] : result.errors;
}

/** The messages reported at exactly this path. */
export function messagesAt(doc: unknown, path: string, distribution?: Distribution): string[] {
  return errorsOf(doc, distribution)
    .filter((e) => e.path === path)
    .map((e) => e.message);
}
