import type { Cluster } from '@berth/spec';
import { useAccount } from '../../api/client.js';
import { useSession } from '../../shell/session.js';

/**
 * Whether the account in the URL may change the cluster's nodes and console users: its
 * own clusters, and the shared ones (like `local`) only from the platform account that
 * owns them — elsewhere the server refuses, so the console does not offer it.
 */
export function useMayManage(cluster: Cluster): boolean {
  const account = useAccount();
  const session = useSession();
  if (!cluster.shared) return true;
  return (
    session.state === 'signed-in' &&
    session.me.accounts.some((a) => a.name === account && a.type === 'platform')
  );
}
