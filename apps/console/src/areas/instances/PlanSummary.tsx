import { type AppSpec, planDeployment } from '@berth/spec';
import { Descriptions, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

type ParamValues = NonNullable<Parameters<typeof planDeployment>[1]>['params'];

/** What the deployment will ask of the host: totals of the plan, then each node. */
export function PlanSummary({ spec, params }: { spec: AppSpec; params: ParamValues }) {
  const { t } = useTranslation();
  const plan = useMemo(() => {
    try {
      return planDeployment(spec, { params });
    } catch {
      return undefined;
    }
  }, [spec, params]);
  if (!plan) return null;
  const cpu =
    plan.totals.cpuMillicores >= 1000
      ? `${(plan.totals.cpuMillicores / 1000).toFixed(2)}`
      : `${plan.totals.cpuMillicores}m`;
  return (
    <section aria-label={t('instances.plan')} data-testid="plan-summary">
      <Typography.Text strong>
        {t('instances.plan')}:{' '}
        {t('instances.planTotals', {
          nodes: plan.nodes.length,
          levels: plan.levels.length,
          cpu,
          memory: plan.totals.memoryMi,
        })}
      </Typography.Text>
      <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
        {plan.nodes.map((n) => (
          <Descriptions.Item key={n.name} label={`${n.level}`}>
            {t('instances.planNode', {
              name: n.name,
              replicas: n.replicas,
              cpu: n.resources.cpuMillicores,
              memory: n.resources.memoryMi,
            })}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </section>
  );
}
