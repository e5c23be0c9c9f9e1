import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Language, rememberLanguage } from '../i18n/index.js';

/** English / 简体中文, remembered in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select<Language>
      aria-label={t('shell.language')}
      size="small"
      value={i18n.language === 'zh' ? 'zh' : 'en'}
      onChange={rememberLanguage}
      options={[
        { value: 'en', label: 'English' },
        { value: 'zh', label: '简体中文' },
      ]}
      style={{ width: 110 }}
    />
  );
}
