import type { MeResponse } from '@berth/spec';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiClient } from '../api/client.js';

interface Props {
  me: MeResponse;
  account: string;
  onChange(account: string): void;
}

/**
 * The account the console acts in: the user's memberships with their role, and for a
 * platform administrator every other account too (they act in any of them as an owner).
 */
export function AccountSwitcher({ me, account, onChange }: Props) {
  const { t } = useTranslation();
  const others = useQuery({
    queryKey: ['accounts', 'all'],
    queryFn: () => apiClient().accounts.list({ limit: 500 }),
    enabled: me.user.platformAdmin,
    staleTime: 60_000,
  });
  const mine = new Set(me.accounts.map((a) => a.name));
  const options = [
    ...me.accounts.map((a) => ({
      value: a.name,
      label: `${a.displayName ?? a.name} · ${t(`roles.${a.role}`)}`,
    })),
    ...(others.data?.items ?? [])
      .filter((a) => !mine.has(a.name))
      .map((a) => ({
        value: a.name,
        label: `${a.displayName ?? a.name} · ${t('shell.platformAdmin')}`,
      })),
  ];
  // A link may name an account the lists do not hold (yet): show it rather than a blank.
  if (!options.some((o) => o.value === account)) options.push({ value: account, label: account });
  return (
    <Select
      aria-label={t('shell.account')}
      value={account}
      style={{ minWidth: 200 }}
      popupMatchSelectWidth={false}
      showSearch={{ optionFilterProp: 'label' }}
      onChange={onChange}
      options={options}
    />
  );
}
