import { Alert, Spin } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDocument, stringify } from 'yaml';
import type { SpecDoc } from './spec-model.js';
import { type SpecHistory, useResetKey } from './use-spec-history.js';

const CodeEditor = lazy(() => import('./CodeEditor.js'));

/** The spec as YAML text, for copying (e.g. after a conflicting save) or editing. */
export const specToYaml = (spec: SpecDoc) => stringify(spec);

/**
 * The YAML view of the spec being edited. Every edit that parses to a mapping becomes the
 * spec (the canvas shows it); text that does not parse stays here with the line of the
 * error, and `onBlocked` tells the page not to switch views until it is fixed.
 */
export function YamlView(props: {
  history: SpecHistory;
  readOnly: boolean;
  onBlocked: (reason: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const { history, onBlocked } = props;
  const resetKey = useResetKey(history, 'yaml');
  const [text, setText] = useState(() => specToYaml(history.spec));
  const [error, setError] = useState<string>();

  // Undo, redo or a reload changed the spec under the text: show the spec again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change from elsewhere resets the text
  useEffect(() => {
    setText(specToYaml(history.spec));
    setError(undefined);
    onBlocked(undefined);
  }, [resetKey]);

  const edit = (value: string) => {
    setText(value);
    const doc = parseDocument(value);
    const first = doc.errors[0];
    let problem: string | undefined;
    if (first) {
      problem = t('canvas.yaml.parseError', {
        line: first.linePos?.[0]?.line ?? '?',
        message: first.message.split('\n')[0],
      });
    } else {
      const value = doc.toJS() as unknown;
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        problem = t('canvas.yaml.notObject');
      else history.change(() => value as SpecDoc, 'yaml', 'yaml');
    }
    setError(problem);
    onBlocked(problem);
  };

  return (
    <div>
      {error && <Alert type="error" title={error} style={{ marginBottom: 8 }} role="alert" />}
      <Suspense fallback={<Spin />}>
        <CodeEditor
          value={text}
          onChange={edit}
          readOnly={props.readOnly}
          label={t('canvas.yaml.label')}
        />
      </Suspense>
    </div>
  );
}
