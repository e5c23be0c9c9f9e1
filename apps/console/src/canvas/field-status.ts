import type { PathKey } from '@berth/spec';
import type { FormItemProps } from 'antd';

/**
 * The validator's errors of one form, by field: `status(['ports', 0, 'port'])` gives the
 * Form.Item props that show the error under that field (red outline and the message).
 */
export type FieldStatus = (name: PathKey[]) => Pick<FormItemProps, 'validateStatus' | 'help'>;

export function fieldStatus(errors: { name: PathKey[]; message: string }[]): FieldStatus {
  const byName = new Map<string, string[]>();
  for (const e of errors) {
    const key = JSON.stringify(e.name);
    byName.set(key, [...(byName.get(key) ?? []), e.message]);
  }
  return (name) => {
    const messages = byName.get(JSON.stringify(name));
    return messages ? { validateStatus: 'error', help: messages.join('; ') } : {};
  };
}
