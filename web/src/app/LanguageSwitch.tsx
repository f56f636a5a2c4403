import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, useLanguage } from './i18n';

/** 中文 / English in the header and on the login page; the choice is remembered (localStorage). */
export function LanguageSwitch({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { language, setLanguage } = useLanguage();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [language],
        items: LANGUAGES.map((lng) => ({ key: lng, label: t(`language.${lng}`) })),
        onClick: ({ key }) => setLanguage(key as Language),
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        aria-label={`${t('language.label')}: ${t(`language.${language}`)}`}
        data-testid="language-switch"
      >
        {compact ? null : t(`language.${language}`)}
      </Button>
    </Dropdown>
  );
}
