import type { Node } from '@berth/spec';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTime, mebibytes } from '../../shell/format.js';

/**
 * Everything a node's agent reported about its host, and when it joined. A plain grid,
 * not antd's Descriptions: a table nested in an expanded row of a scrolling Table throws
 * off the outer table's column measuring (columns and items vanish).
 */
export function NodeFactsView({ node }: { node: Node }) {
  const { t, i18n } = useTranslation();
  const f = node.facts;
  const c = (key: string) => t(`clusters.nodes.columns.${key}`);
  const items: [string, ReactNode][] = f
    ? [
        [c('hostname'), f.hostname],
        [c('os'), f.os],
        [c('kernel'), f.kernel],
        [c('arch'), f.arch],
        [c('cpus'), f.cpus],
        [c('memory'), mebibytes(f.memoryMi)],
        [c('disk'), mebibytes(f.diskMi)],
        [c('engine'), `${f.engine.kind} ${f.engine.version ?? ''}`.trim()],
        [c('agent'), f.agentVersion],
        [c('addresses'), f.addresses.join(', ')],
      ]
    : [];
  items.push(
    [c('ipSegment'), node.ipSegment ?? '—'],
    [
      c('joined'),
      node.joinedAt ? dateTime(node.joinedAt, i18n.language) : t('clusters.nodes.never'),
    ],
  );
  return (
    <div>
      {!f && (
        <Typography.Paragraph type="secondary">{t('clusters.nodes.noFacts')}</Typography.Paragraph>
      )}
      <dl className="berth-facts">
        {items.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
