import type { CreatedNode } from '@berth/spec';
import { Alert, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { dateTime, relativeTime } from '../../shell/format.js';

/** The join command of a new node (or a reissued one): shown once, with a copy button. */
export function JoinInstructions({ node, onClose }: { node?: CreatedNode; onClose(): void }) {
  const { t, i18n } = useTranslation();
  return (
    <Modal
      open={node !== undefined}
      title={node ? t('clusters.nodes.join.title', { name: node.name }) : ''}
      onOk={onClose}
      onCancel={onClose}
      okText={t('clusters.nodes.join.done')}
      cancelButtonProps={{ style: { display: 'none' } }}
      width={720}
      // The single-use token leaves the page with the dialog, not just the screen.
      destroyOnHidden
    >
      {node && (
        <>
          <Typography.Paragraph>{t('clusters.nodes.join.intro')}</Typography.Paragraph>
          <Typography.Paragraph
            className="berth-join-command"
            copyable={{
              text: node.join.command,
              tooltips: [t('common.copy'), t('common.copied')],
            }}
          >
            <code>{node.join.command}</code>
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            {t('clusters.nodes.join.expires', {
              at: dateTime(node.join.expiresAt, i18n.language),
              relative: relativeTime(node.join.expiresAt, i18n.language),
            })}
          </Typography.Paragraph>
          <Alert type="info" showIcon title={t('clusters.nodes.join.once')} />
          {node.warnings.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('clusters.warnings')}
              description={node.warnings.join('\n')}
              style={{ marginTop: 12 }}
            />
          )}
        </>
      )}
    </Modal>
  );
}
