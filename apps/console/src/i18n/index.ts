import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { zh } from './zh.js';

export type Language = 'en' | 'zh';
export const languages: Language[] = ['en', 'zh'];
const storageKey = 'berth.language';

/** The language chosen before (remembered in this browser), else the browser's own. */
export function initialLanguage(): Language {
  const saved = localStorage.getItem(storageKey);
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function rememberLanguage(language: Language): void {
  localStorage.setItem(storageKey, language);
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  void i18next.changeLanguage(language);
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, zh: { translation: zh } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
  // No advertisement in the browser console of every page load.
  showSupportNotice: false,
});
document.documentElement.lang = i18next.language === 'zh' ? 'zh-CN' : 'en';

/**
 * Adds an area's strings under its own key (`t('apps.create')`), each area keeping its
 * messages beside its pages. `zh` must have the same shape as `en`: type it as `typeof en`.
 */
export function registerMessages<T extends object>(area: string, en: T, zh: T): void {
  i18next.addResourceBundle('en', 'translation', { [area]: en }, true, true);
  i18next.addResourceBundle('zh', 'translation', { [area]: zh }, true, true);
}

export { i18next };
