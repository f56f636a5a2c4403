import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { i18n as I18n } from 'i18next';
import type { ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { isLanguage, type Language } from './i18n';
import { appTheme } from './theme';

const ANTD_LOCALES = { 'zh-CN': zhCN, en: enUS } satisfies Record<Language, unknown>;

/**
 * antd follows the i18next language: its own texts (pagination, date pickers, empty tables …) switch
 * too. Buttons keep their text as written ('保存', not antd's default '保 存'), so tests find them by name.
 */
function LocalizedAntd({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'zh-CN';
  return (
    <ConfigProvider locale={ANTD_LOCALES[language]} theme={appTheme} button={{ autoInsertSpace: false }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** Everything a page needs around it: translations, server state, antd locale/theme and App (message, modal, notification). */
export function AppProviders({ i18n, queryClient, children }: { i18n: I18n; queryClient: QueryClient; children: ReactNode }) {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <LocalizedAntd>{children}</LocalizedAntd>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
