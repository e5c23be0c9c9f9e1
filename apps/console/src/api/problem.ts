import { BerthApiError, BerthConnectionError } from '@berth/client';
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { i18next } from '../i18n/index.js';
import { localizeServerText } from '../i18n/server-text.js';

/** A message of the server in the console's current language, where it is known. */
export const serverText = (message: string) => localizeServerText(message, i18next.language);

/** A problem's field path (`nodes[2].ports[0].port`) as an antd form name path. */
export function fieldPath(path: string): (string | number)[] {
  return path
    .split(/\.|\[(\d+)\]/)
    .filter((part) => part !== undefined && part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Shows a failed request where the user can act on it: each `errors[]` entry next to the
 * form field it names, and returns what is left (the problem's detail, or the entries no
 * field of the form shows) for an alert above the form.
 */
export function showProblem(error: unknown, t: TFunction, form?: FormInstance): string | undefined {
  if (error instanceof BerthConnectionError) return t('errors.network');
  if (!(error instanceof BerthApiError)) {
    return t('errors.unexpected', { message: (error as Error)?.message ?? String(error) });
  }
  const entries = error.problem.errors ?? [];
  if (!form || entries.length === 0) return describeProblem(error);
  const known = new Set(Object.keys(form.getFieldsValue() as object).map((name) => String(name)));
  const shown: typeof entries = [];
  const fields = entries
    .filter((entry) => {
      const path = fieldPath(entry.path);
      const ok = path.length > 0 && known.has(String(path[0]));
      if (ok) shown.push(entry);
      return ok;
    })
    .map((entry) => ({ name: fieldPath(entry.path), errors: [serverText(entry.message)] }));
  form.setFields(fields);
  const rest = entries.filter((entry) => !shown.includes(entry));
  if (rest.length === 0) return shown.length > 0 ? undefined : describeProblem(error);
  return rest
    .map((entry) => `${entry.path || error.problem.title}: ${serverText(entry.message)}`)
    .join('\n');
}

/** One line a person can read: the detail, with the field errors when there are any. */
export function describeProblem(error: unknown): string {
  if (error instanceof BerthApiError) {
    const fields = (error.problem.errors ?? []).map((e) => `${e.path}: ${serverText(e.message)}`);
    return [serverText(error.problem.detail ?? ''), ...fields].join('\n');
  }
  return (error as Error)?.message ?? String(error);
}

/** True when the server says the session is missing or over. */
export function isSignedOut(error: unknown): boolean {
  return error instanceof BerthApiError && error.status === 401;
}

/** True when the first sign-in's password must be changed before anything else. */
export function mustChangePassword(error: unknown): boolean {
  return error instanceof BerthApiError && error.code === 'password_change_required';
}
