import dayjs from 'dayjs';
import 'dayjs/locale/en';
import 'dayjs/locale/zh-cn';
import i18next, { type i18n as I18n, type Resource } from 'i18next';
import { useCallback } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { FeatureModule } from './feature';
import { commonMessages } from './messages';

/**
 * Languages of the UI. zh-CN is the default; the user's choice is kept in localStorage.
 * Namespaces: 'common' (app/messages.ts) plus one per feature (its key). A feature namespace falls
 * back to 'common', so `useTranslation('customers')` can still say `t('button.save')`.
 */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const LANGUAGE_STORAGE_KEY = 'aftersales.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

const DAYJS_LOCALE: Record<Language, string> = { 'zh-CN': 'zh-cn', en: 'en' };

/** Side effects of a language outside i18next: dayjs month/week names and <html lang>. */
function applyLanguageToPage(language: Language) {
  dayjs.locale(DAYJS_LOCALE[language]);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

export function buildResources(features: readonly FeatureModule[]): Resource {
  const resources: Resource = {};
  for (const language of LANGUAGES) {
    resources[language] = { common: commonMessages[language] };
    for (const feature of features) {
      resources[language][feature.key] = feature.messages[language] ?? {};
    }
  }
  return resources;
}

/** A ready i18next instance with every feature's messages; main.tsx and tests create one each. */
export function createI18n(features: readonly FeatureModule[], language: Language = storedLanguage()): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: buildResources(features),
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    ns: ['common', ...features.map((f) => f.key)],
    defaultNS: 'common',
    fallbackNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  applyLanguageToPage(language);
  instance.on('languageChanged', (lng) => {
    if (isLanguage(lng)) applyLanguageToPage(lng);
  });
  return instance;
}

/** Current language and a setter that switches the UI and remembers the choice. */
export function useLanguage(): { language: Language; setLanguage: (language: Language) => void } {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
  const setLanguage = useCallback(
    (next: Language) => {
      try {
        globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, next);
      } catch {
        // private mode: the choice lasts for this page only
      }
      void i18n.changeLanguage(next);
    },
    [i18n],
  );
  return { language, setLanguage };
}
