import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { features } from './app/features';
import { createI18n } from './app/i18n';
import { AppProviders } from './app/providers';
import { createQueryClient } from './app/queryClient';
import { createAppRouter } from './app/router';
import './app/global.css';

const i18n = createI18n(features);
const queryClient = createQueryClient();
const router = createAppRouter(features);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <AppProviders i18n={i18n} queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
