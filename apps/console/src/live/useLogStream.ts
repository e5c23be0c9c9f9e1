import { useEffect, useRef, useState } from 'react';

/** Lines kept on screen: a followed log grows forever, the page must not. */
export const defaultMaxLines = 2000;

export interface LogStream {
  lines: string[];
  /** True while the request is open (for a follow: until stopped). */
  streaming: boolean;
  error: unknown;
}

/**
 * Reads a log (`open` returns the client's text chunks) into whole lines, keeping the last
 * `maxLines`. A new `key` (node, source, follow…) starts over; unmounting or a new key
 * aborts the request, which closes the server's follow.
 */
export function useLogStream(
  open: ((signal: AbortSignal) => AsyncIterable<string>) | undefined,
  key: string,
  maxLines = defaultMaxLines,
): LogStream {
  const [state, setState] = useState<LogStream>({ lines: [], streaming: false, error: undefined });
  const openRef = useRef(open);
  openRef.current = open;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what `open` reads; a new closure alone must not restart the stream
  useEffect(() => {
    const start = openRef.current;
    if (!start) {
      setState({ lines: [], streaming: false, error: undefined });
      return;
    }
    const controller = new AbortController();
    let lines: string[] = [];
    let partial = '';
    setState({ lines, streaming: true, error: undefined });
    const flush = () => {
      if (!controller.signal.aborted) setState({ lines, streaming: true, error: undefined });
    };
    void (async () => {
      try {
        for await (const text of start(controller.signal)) {
          const parts = (partial + text).split('\n');
          partial = parts.pop() ?? '';
          lines = [...lines, ...parts];
          if (lines.length > maxLines) lines = lines.slice(lines.length - maxLines);
          flush();
        }
        if (partial) lines = [...lines, partial].slice(-maxLines);
        if (!controller.signal.aborted) setState({ lines, streaming: false, error: undefined });
      } catch (error) {
        if (!controller.signal.aborted) setState({ lines, streaming: false, error });
      }
    })();
    return () => controller.abort();
  }, [key, maxLines]);
  return state;
}
