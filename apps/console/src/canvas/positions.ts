/**
 * Where the user put each node. The app spec has no place for positions (it is the
 * document deployments read, and api.md fixes its fields), so they are kept in this
 * browser's localStorage per account/app/version, keyed by node name. A node without a
 * saved position is placed by the automatic layout.
 */
export type Positions = Record<string, { x: number; y: number }>;

const key = (scope: string) => `berth.canvas.positions:${scope}`;

export function loadPositions(scope: string): Positions {
  try {
    const saved = JSON.parse(localStorage.getItem(key(scope)) ?? '{}') as unknown;
    return saved && typeof saved === 'object' ? (saved as Positions) : {};
  } catch {
    return {};
  }
}

export function savePositions(scope: string, positions: Positions): void {
  try {
    localStorage.setItem(key(scope), JSON.stringify(positions));
  } catch {
    // A full or disabled storage only costs the layout: the spec is saved on the server.
  }
}
