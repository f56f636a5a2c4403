/** Row types of the calendar tables (filled by the module that owns them). */
// biome-ignore lint/suspicious/noEmptyInterface: filled in as tables are added
export interface CalendarTables {}
