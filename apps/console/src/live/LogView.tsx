import { Alert, Empty, Space, Switch, Typography } from 'antd';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { describeProblem } from '../api/problem.js';
import { registerMessages } from '../i18n/index.js';
import { en, zh } from './messages.js';
import type { LogStream } from './useLogStream.js';

registerMessages('live', en, zh);

interface Props {
  stream: LogStream;
  follow: boolean;
  onFollowChange: (follow: boolean) => void;
  /** Pickers (node, source, host) shown before the Follow switch. */
  pickers?: ReactNode;
  label: string;
}

/** A log as text, scrolled to its newest line while it follows. */
export function LogView({ stream, follow, onFollowChange, pickers, label }: Props) {
  const { t } = useTranslation();
  const box = useRef<HTMLPreElement>(null);
  const count = stream.lines.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when lines arrive
  useEffect(() => {
    const el = box.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [count, follow]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {pickers}
        <Space>
          <Switch
            id="log-follow"
            checked={follow}
            onChange={onFollowChange}
            aria-label={t('live.follow')}
          />
          <label htmlFor="log-follow">{t('live.follow')}</label>
          {stream.streaming && follow && (
            <Typography.Text type="secondary">{t('live.following')}</Typography.Text>
          )}
        </Space>
      </Space>
      {stream.error !== undefined && (
        <Alert type="error" showIcon title={describeProblem(stream.error)} />
      )}
      {count === 0 && !stream.streaming && stream.error === undefined ? (
        <Empty description={t('live.noLogs')} />
      ) : (
        <pre
          ref={box}
          className="berth-log"
          role="log"
          aria-label={label}
          aria-live={follow ? 'polite' : 'off'}
          data-testid="log-lines"
          style={{
            maxHeight: 480,
            minHeight: 120,
            overflow: 'auto',
            background: '#0b1020',
            color: '#d6deeb',
            padding: 12,
            borderRadius: 6,
            fontSize: 12,
            margin: 0,
            whiteSpace: 'pre-wrap',
          }}
        >
          {stream.lines.join('\n')}
        </pre>
      )}
    </Space>
  );
}
