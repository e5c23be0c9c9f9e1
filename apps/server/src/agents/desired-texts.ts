import type { DesiredState } from '@berth/spec';

/**
 * `desired` messages as JSON, serialised once per distinct document: a change to a
 * cluster's settings sends the same document to every agent without workloads.
 */
export class DesiredTexts {
  /** By settings object (shared by a cluster's documents), then generation. */
  private readonly shared = new Map<object, Map<number, string>>();

  of(doc: DesiredState): string {
    if (doc.workloads.length > 0) return JSON.stringify({ type: 'desired', ...doc });
    let byGeneration = this.shared.get(doc.settings);
    if (!byGeneration) {
      byGeneration = new Map();
      this.shared.set(doc.settings, byGeneration);
    }
    let text = byGeneration.get(doc.generation);
    if (text === undefined) {
      text = JSON.stringify({ type: 'desired', ...doc });
      byGeneration.set(doc.generation, text);
    }
    return text;
  }
}
