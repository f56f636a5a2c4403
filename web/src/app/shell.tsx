import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { FeatureModule } from './feature';
import { allMenuEntries, type MenuEntry, type MenuSection, visibleMenu } from './menu';
import { useSession } from './session';

/**
 * The features the app was built with, for pages that list other features (the workbench's quick
 * links) without importing the registry (which would import them back).
 */
const FeaturesContext = createContext<readonly FeatureModule[]>([]);

export function FeaturesProvider({ features, children }: { features: readonly FeatureModule[]; children: ReactNode }) {
  return <FeaturesContext.Provider value={features}>{children}</FeaturesContext.Provider>;
}

export function useFeatures(): readonly FeatureModule[] {
  return useContext(FeaturesContext);
}

/** The menu sections the logged-in user may see. */
export function useVisibleMenu(): MenuSection[] {
  const features = useFeatures();
  const { user } = useSession();
  return useMemo(() => visibleMenu(features, user?.permissions ?? []), [features, user]);
}

/** Every menu entry of every feature (whether or not the user may see it). */
export function useAllMenuEntries(): MenuEntry[] {
  const features = useFeatures();
  return useMemo(() => allMenuEntries(features), [features]);
}
