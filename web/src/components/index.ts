/**
 * Shared UI for every feature (import from '../../components'):
 *  - apiErrors: ApiErrorAlert, useShowApiError, useApiErrorMessage, describeApiError, applyFieldErrors,
 *    fieldErrorsOf, translateFieldMessage, isApiError, isVersionConflict
 *  - PageHeader
 *  - archiving: ArchivedTag, ArchiveRestoreAction, ShowArchivedSwitch (lists of archivable master data)
 *  - useCursorList + LoadMore (cursor pages for antd Table)
 *  - format: formatMoneyFen, yuanToFen, fenToYuan, formatDateTime, formatDate, companyToday,
 *    toCompanyTime, getCompanyTimeZone, setCompanyTimeZone
 *  - tree: buildTree, subtreeIds, toTreeSelectData, pathName (parent/child lists → antd Table / TreeSelect)
 *  - session helpers live in app/session (useCurrentUser, useCan)
 */
export * from './apiErrors';
export * from './archiving';
export * from './format';
export * from './PageHeader';
export * from './RoleTags';
export * from './tree';
export * from './useCursorList';
