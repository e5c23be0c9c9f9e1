import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { phaseColour } from './phase.js';

/** A phase in the reader's language; an unknown one (a newer agent's) as it came. */
export function PhaseTag({ phase, testId }: { phase: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={phaseColour(phase).tag} data-phase={phase} data-testid={testId}>
      {t(`instances.phases.${phase}`, { defaultValue: phase })}
    </Tag>
  );
}
