import type { ParameterSpec } from '@berth/spec';
import { Form, Input, InputNumber, Switch } from 'antd';
import type { Rule } from 'antd/es/form/index.js';
import { useTranslation } from 'react-i18next';

/** Initial form values of the spec's parameters: their defaults (secrets start empty). */
export function parameterDefaults(parameters: ParameterSpec[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const p of parameters) {
    if (p.default !== undefined && !p.secret) values[p.name] = p.default;
    else if (p.type === 'boolean') values[p.name] = false;
  }
  return values;
}

/** One field per parameter under `params`, typed as the spec declares; secrets are masked. */
export function ParameterFields({ parameters }: { parameters: ParameterSpec[] }) {
  const { t } = useTranslation();
  return (
    <>
      {parameters.map((p) => {
        const rules: Rule[] = [];
        if (p.default === undefined)
          rules.push({ required: true, message: t('instances.required') });
        if (p.type === 'string' && p.pattern) {
          let pattern: RegExp | undefined;
          try {
            pattern = new RegExp(`^(?:${p.pattern})$`);
          } catch {
            pattern = undefined;
          }
          if (pattern)
            rules.push({
              pattern,
              message: t('instances.patternMismatch', { pattern: p.pattern }),
            });
        }
        const label = p.label ?? p.name;
        const extra = [p.description, p.secret ? t('instances.secretHint') : undefined]
          .filter(Boolean)
          .join(' · ');
        return (
          <Form.Item
            key={p.name}
            name={['params', p.name]}
            label={label}
            rules={rules}
            extra={extra || undefined}
            valuePropName={p.type === 'boolean' ? 'checked' : 'value'}
          >
            {p.type === 'boolean' ? (
              <Switch aria-label={label} />
            ) : p.type === 'number' ? (
              <InputNumber aria-label={label} style={{ width: '100%' }} />
            ) : p.secret ? (
              <Input.Password aria-label={label} autoComplete="new-password" />
            ) : (
              <Input aria-label={label} />
            )}
          </Form.Item>
        );
      })}
    </>
  );
}
