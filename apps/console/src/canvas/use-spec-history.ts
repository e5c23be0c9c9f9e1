import { useCallback, useRef, useState } from 'react';
import type { SpecDoc } from './spec-model.js';

/** Which view made the last change: a view does not reset itself for its own edits. */
export type ChangeSource = 'load' | 'canvas' | 'node-form' | 'declarations' | 'yaml' | 'history';

interface State {
  past: SpecDoc[];
  present: SpecDoc;
  future: SpecDoc[];
  rev: number;
  source: ChangeSource;
  /** Edits of one field in quick succession are one undo step, not one per keystroke. */
  group?: string;
  at: number;
}

const limit = 100;
const groupWindowMs = 1000;

/** The spec being edited with a small undo/redo stack of snapshots. */
export function useSpecHistory(initial: SpecDoc) {
  const [state, setState] = useState<State>({
    past: [],
    present: initial,
    future: [],
    rev: 0,
    source: 'load',
    at: 0,
  });

  const change = useCallback(
    (update: (spec: SpecDoc) => SpecDoc, source: ChangeSource, group?: string) =>
      setState((s) => {
        const next = update(s.present);
        if (next === s.present) return s;
        const now = Date.now();
        const merge = group !== undefined && group === s.group && now - s.at < groupWindowMs;
        return {
          past: merge ? s.past : [...s.past, s.present].slice(-limit),
          present: next,
          future: [],
          rev: s.rev + 1,
          source,
          group,
          at: now,
        };
      }),
    [],
  );
  const undo = useCallback(
    () =>
      setState((s) => {
        const previous = s.past.at(-1);
        if (!previous) return s;
        return {
          past: s.past.slice(0, -1),
          present: previous,
          future: [s.present, ...s.future],
          rev: s.rev + 1,
          source: 'history',
          at: 0,
        };
      }),
    [],
  );
  const redo = useCallback(
    () =>
      setState((s) => {
        const [next, ...rest] = s.future;
        if (!next) return s;
        return {
          past: [...s.past, s.present],
          present: next,
          future: rest,
          rev: s.rev + 1,
          source: 'history',
          at: 0,
        };
      }),
    [],
  );
  const reset = useCallback(
    (spec: SpecDoc) =>
      setState((s) => ({
        past: [],
        present: spec,
        future: [],
        rev: s.rev + 1,
        source: 'load',
        at: 0,
      })),
    [],
  );
  return {
    spec: state.present,
    rev: state.rev,
    source: state.source,
    canUndo: state.past.length > 0,
    canRedo: state.future.length > 0,
    change,
    undo,
    redo,
    reset,
  };
}

export type SpecHistory = ReturnType<typeof useSpecHistory>;

/**
 * A key for a view's form that changes whenever the spec changed under it (undo, another
 * view, a reload) but not for the view's own edits, which would lose the caret.
 */
export function useResetKey(history: SpecHistory, mine: ChangeSource): number {
  const key = useRef(history.rev);
  if (history.source !== mine) key.current = history.rev;
  return key.current;
}
