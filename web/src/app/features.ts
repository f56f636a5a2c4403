import type { FeatureModule } from './feature';
import { homeFeature } from '../features/home';
import { accountFeature } from '../features/account';
import { calendarFeature } from '../features/calendar';
import { catalogFeature } from '../features/catalog';
import { staffFeature } from '../features/staff';
import { customersFeature } from '../features/customers';
import { partsFeature } from '../features/parts';

/** Every feature of the web app, in menu order. One line per feature. */
export const features: FeatureModule[] = [
  homeFeature,
  customersFeature,
  accountFeature,
  calendarFeature,
  catalogFeature,
  staffFeature,
  partsFeature,
];
