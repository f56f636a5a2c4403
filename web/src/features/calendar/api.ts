import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  calendarDay,
  calendarSettings,
  daysResponse,
  deadlineRequest,
  deadlineResponse,
  importRequest,
  importResult,
  setDayRequest,
  updateCalendarSettingsRequest,
  yearsResponse,
} from '../../../../contracts/calendar';
import { api } from '../../api/client';

export type CalendarDay = z.infer<typeof calendarDay>;
export type CalendarSettings = z.infer<typeof calendarSettings>;
export type UpdateCalendarSettings = z.input<typeof updateCalendarSettingsRequest>;
export type SetDay = z.infer<typeof setDayRequest>;
export type DeadlineRequest = z.infer<typeof deadlineRequest>;
export type DeadlineResponse = z.infer<typeof deadlineResponse>;
export type ImportRequest = z.infer<typeof importRequest>;
export type ImportResult = z.infer<typeof importResult>;
export type DayReason = CalendarDay['reason'];
export type DeadlineUnit = DeadlineRequest['unit'];
export type CalendarYear = z.infer<typeof yearsResponse>['years'][number];

export const DEADLINE_UNITS: readonly DeadlineUnit[] = ['clock_hours', 'business_hours', 'working_days'];

const KEY = ['calendar'] as const;

export function useYearDays(year: number) {
  return useQuery({
    queryKey: [...KEY, 'days', year],
    queryFn: () => api.get<z.infer<typeof daysResponse>>('/calendar/days', { from: `${year}-01-01`, to: `${year}-12-31` }),
    select: (data) => data.days,
  });
}

export function useCalendarYears() {
  return useQuery({
    queryKey: [...KEY, 'years'],
    queryFn: () => api.get<z.infer<typeof yearsResponse>>('/calendar/years'),
    select: (data) => data.years,
  });
}

export function useCalendarSettings() {
  return useQuery({ queryKey: [...KEY, 'settings'], queryFn: () => api.get<CalendarSettings>('/calendar/settings') });
}

/** Any change to the calendar: days, years and settings are read again. */
function useInvalidateCalendar() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: KEY });
}

export function useSetDay() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: ({ date, body }: { date: string; body: SetDay }) => api.put<CalendarDay>(`/calendar/days/${date}`, body),
    onSuccess: () => invalidate(),
  });
}

export function useResetDay() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: ({ date, version }: { date: string; version: number | null }) =>
      api.post<CalendarDay>(`/calendar/days/${date}/reset`, version === null ? {} : { version }),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateSettings() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (body: UpdateCalendarSettings) => api.put<CalendarSettings>('/calendar/settings', body),
    onSuccess: () => invalidate(),
  });
}

export function useImportCalendar() {
  const invalidate = useInvalidateCalendar();
  return useMutation({
    mutationFn: (body: ImportRequest) => api.post<ImportResult>('/calendar/import', body),
    onSuccess: () => invalidate(),
  });
}

export function useComputeDeadline() {
  return useMutation({ mutationFn: (body: DeadlineRequest) => api.post<DeadlineResponse>('/calendar/deadline', body) });
}
