import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  calendarDay,
  calendarSettings,
  dateParam,
  daysQuery,
  daysResponse,
  deadlineRequest,
  deadlineResponse,
  importRequest,
  importResult,
  resetDayRequest,
  setDayRequest,
  updateCalendarSettingsRequest,
  yearsResponse,
} from '../../../contracts/calendar.js';
import { errorResponses } from '../../../contracts/common.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import * as calendar from './calendar.service.js';

const tags = ['calendar'];

export function calendarRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/calendar/deadline',
      {
        schema: {
          tags,
          summary: '计算时限 Compute a due time on the company calendar (answer in UTC)',
          body: deadlineRequest,
          response: { 200: deadlineResponse, ...errorResponses },
        },
      },
      async (request) => calendar.computeDeadline(contextOf(request, deps), request.body),
    );

    app.get(
      '/calendar/days',
      {
        schema: {
          tags,
          summary: '工作日历 Each date from..to: working or not, and why',
          querystring: daysQuery,
          response: { 200: daysResponse, ...errorResponses },
        },
      },
      async (request) => ({ days: await calendar.listDays(contextOf(request, deps), request.query.from, request.query.to) }),
    );

    app.get(
      '/calendar/years',
      { schema: { tags, summary: 'Years with holidays, and how many', response: { 200: yearsResponse, ...errorResponses } } },
      async (request) => ({ years: await calendar.listYears(contextOf(request, deps)) }),
    );

    app.put(
      '/calendar/days/:date',
      {
        schema: {
          tags,
          summary: '设置节假日/调休 Make a date a holiday or a make-up working day',
          params: dateParam,
          body: setDayRequest,
          response: { 200: calendarDay, ...errorResponses },
        },
      },
      async (request) => calendar.setDay(contextOf(request, deps), request.params.date, request.body),
    );

    app.post(
      '/calendar/days/:date/reset',
      {
        schema: {
          tags,
          summary: '恢复正常 Remove a date’s override (the weekly pattern applies again)',
          params: dateParam,
          body: resetDayRequest,
          response: { 200: calendarDay, ...errorResponses },
        },
      },
      async (request) => calendar.resetDay(contextOf(request, deps), request.params.date, request.body),
    );

    app.get(
      '/calendar/settings',
      { schema: { tags, summary: 'Calendar settings', response: { 200: calendarSettings, ...errorResponses } } },
      async (request) => calendar.getSettings(contextOf(request, deps)),
    );

    app.put(
      '/calendar/settings',
      {
        schema: {
          tags,
          summary: 'Change time zone, business hours and weekends',
          body: updateCalendarSettingsRequest,
          response: { 200: calendarSettings, ...errorResponses },
        },
      },
      async (request) => calendar.updateSettings(contextOf(request, deps), request.body),
    );

    app.post(
      '/calendar/import',
      {
        schema: {
          tags,
          summary: '导入节假日 Import holidays from JSON or ICS text (all or nothing)',
          body: importRequest,
          response: { 200: importResult, ...errorResponses },
        },
      },
      async (request) => calendar.importDays(contextOf(request, deps), request.body),
    );
  };
}
