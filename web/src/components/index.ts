/**
 * Shared UI for every feature (import from '../../components'):
 *  - apiErrors: ApiErrorAlert, useShowApiError, useApiErrorMessage, describeApiError, applyFieldErrors,
 *    fieldErrorsOf, translateFieldMessage, isApiError, isVersionConflict
 *  - PageHeader
 *  - useCursorList + LoadMore (cursor pages for antd Table)
 *  - format: formatMoneyFen, yuanToFen, fenToYuan, formatDateTime, formatDate, companyToday,
 *    toCompanyTime, getCompanyTimeZone, setCompanyTimeZone
 *  - session helpers live in app/session (useCurrentUser, useCan)
 */
export * from './apiErrors';
export * from './format';
export * from './PageHeader';
export * from './RoleTags';
export * from './useCursorList';
