import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, isRouteErrorResponse, type RouteObject, useRouteError } from 'react-router';
import { AppLayout, FullPageSpin, NotFoundPage } from './AppLayout';
import type { FeatureModule } from './feature';
import { LoginPage } from './LoginPage';
import { FeaturesProvider } from './shell';

/** A page that threw while rendering or loading: shown inside the shell, with a reload button. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  if (error) console.error(error);
  return (
    <Result
      status="error"
      title={t('shell.errorTitle')}
      subTitle={t('shell.errorText')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('button.reload')}
        </Button>
      }
    />
  );
}

/**
 * All routes: /login, and the authenticated shell at / whose children are every feature's routes
 * (paths relative to '/', e.g. 'customers/:id'), then a 404 page.
 */
export function buildRoutes(features: readonly FeatureModule[]): RouteObject[] {
  return [
    { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
    // pages customers open from a link, without an account (no shell, no login redirect)
    ...features.flatMap((f) => (f.publicRoutes ?? []).map((r) => ({ errorElement: <RouteErrorPage />, ...r }))),
    {
      path: '/',
      element: (
        <FeaturesProvider features={features}>
          <AppLayout />
        </FeaturesProvider>
      ),
      errorElement: <RouteErrorPage />,
      // shown while the first page's code (a lazy route) loads
      hydrateFallbackElement: <FullPageSpin />,
      children: [
        {
          // errors of a page render inside the shell, so the menu stays usable
          errorElement: <RouteErrorPage />,
          children: [...features.flatMap((f) => f.routes), { path: '*', element: <NotFoundPage /> }],
        },
      ],
    },
  ];
}

export function createAppRouter(features: readonly FeatureModule[]) {
  return createBrowserRouter(buildRoutes(features));
}
