import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAccount, useApi } from '../../api/client.js';
import { LogView } from '../../live/LogView.js';
import { useLogStream } from '../../live/useLogStream.js';

const hostsOf = (events: { items: { host: string }[] } | undefined) =>
  [...new Set((events?.items ?? []).map((e) => e.host))].sort();

/** The program's output on one host; the host and follow live in the URL. */
export function LightAppLogs({ name }: { name: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const account = useAccount();
  const [search, setSearch] = useSearchParams();
  // The hosts that reported about the app are the ones with something to read. Asked again
  // while none has (a page opened right after a deployment can be ahead of the first
  // report), and now and then after, for hosts that join later.
  const events = useQuery({
    queryKey: [account, 'lightapps', name, 'events'],
    queryFn: () => api.lightApps.events(name, { limit: 500 }),
    refetchInterval: (query) => (hostsOf(query.state.data).length === 0 ? 1_000 : 10_000),
  });
  const hosts = hostsOf(events.data);
  const host = search.get('host') ?? hosts[0];
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
    (signal: AbortSignal) =>
      api.lightApps.logs(name, { host: host as string, follow, tail: 500, signal }),
    [api, name, host, follow],
  );
  const stream = useLogStream(host ? open : undefined, `${name}|${host}|${follow}`);
  return (
    <LogView
      stream={stream}
      follow={follow}
      onFollowChange={(on) => set('follow', on ? '1' : undefined)}
      label={t('lightapps.logLabel', { name, host: host ?? '' })}
      pickers={
        <Select
          aria-label={t('lightapps.host')}
          placeholder={t('lightapps.pickHost')}
          value={host}
          style={{ minWidth: 200 }}
          onChange={(v) => set('host', v)}
          options={hosts.map((h) => ({ value: h, label: h }))}
        />
      }
    />
  );
}
