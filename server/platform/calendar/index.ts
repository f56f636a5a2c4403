/** The company working calendar and deadline arithmetic (pure functions). */
export * from './calendar.js';
export * from './dates.js';
export * from './deadline.js';
export * from './import.js';
export * from './timezone.js';
