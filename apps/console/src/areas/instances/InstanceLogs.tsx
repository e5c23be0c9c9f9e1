import type { AppSpec } from '@berth/spec';
import { Select } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApi } from '../../api/client.js';
import { LogView } from '../../live/LogView.js';
import { useLogStream } from '../../live/useLogStream.js';

/** A node's logs; node, source and follow live in the URL (`?node=web&source=stdout&follow=1`). */
export function InstanceLogs({ name, spec }: { name: string; spec: AppSpec }) {
  const { t } = useTranslation();
  const api = useApi();
  const [search, setSearch] = useSearchParams();
  const nodeNames = (spec.nodes ?? []).map((n) => n.name);
  const node = search.get('node') ?? nodeNames[0];
  const source = search.get('source') === 'file' ? 'file' : 'stdout';
  const follow = search.get('follow') === '1';
  const set = (key: string, value: string | undefined) =>
    setSearch(
      (s) => {
        if (value === undefined) s.delete(key);
        else s.set(key, value);
        return s;
      },
      { replace: true },
    );
  const open = useCallback(
    (signal: AbortSignal) => api.instances.logs(name, { node, source, follow, tail: 500, signal }),
    [api, name, node, source, follow],
  );
  const stream = useLogStream(node ? open : undefined, `${name}|${node}|${source}|${follow}`);
  return (
    <LogView
      stream={stream}
      follow={follow}
      onFollowChange={(on) => set('follow', on ? '1' : undefined)}
      label={t('instances.logLabel', { node })}
      pickers={
        <>
          <Select
            aria-label={t('instances.node')}
            value={node}
            style={{ minWidth: 160 }}
            onChange={(v) => set('node', v)}
            options={nodeNames.map((n) => ({ value: n, label: n }))}
          />
          <Select
            aria-label={t('instances.source')}
            value={source}
            style={{ minWidth: 160 }}
            onChange={(v) => set('source', v)}
            options={[
              { value: 'stdout', label: t('instances.stdout') },
              { value: 'file', label: t('instances.file') },
            ]}
          />
        </>
      }
    />
  );
}
