import { yaml } from '@codemirror/lang-yaml';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useMemo } from 'react';

/** CodeMirror with YAML; its own chunk, loaded when the YAML tab opens. */
export default function CodeEditor(props: {
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  label: string;
}) {
  const extensions = useMemo(
    () => [yaml(), EditorView.contentAttributes.of({ 'aria-label': props.label })],
    [props.label],
  );
  return (
    <CodeMirror
      value={props.value}
      onChange={props.onChange}
      readOnly={props.readOnly}
      editable={!props.readOnly}
      extensions={extensions}
      height="calc(100vh - 300px)"
      minHeight="400px"
    />
  );
}
