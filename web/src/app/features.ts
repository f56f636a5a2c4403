import type { FeatureModule } from './feature';
import { homeFeature } from '../features/home';
import { accountFeature } from '../features/account';
import { calendarFeature } from '../features/calendar';
import { catalogFeature } from '../features/catalog';
import { staffFeature } from '../features/staff';
import { customersFeature } from '../features/customers';
import { partsFeature } from '../features/parts';
import { casesFeature } from '../features/cases';
import { repairsFeature } from '../features/repairs';
import { notificationsFeature } from '../features/notifications';
import { warrantyFeature } from '../features/warranty';
import { complaintsFeature } from '../features/complaints';
import { followupsFeature } from '../features/followups';

/** Every feature of the web app, in menu order. One line per feature. */
export const features: FeatureModule[] = [
  homeFeature,
  customersFeature,
  casesFeature,
  repairsFeature,
  warrantyFeature,
  complaintsFeature,
  followupsFeature,
  accountFeature,
  calendarFeature,
  catalogFeature,
  staffFeature,
  partsFeature,
  notificationsFeature,
];
