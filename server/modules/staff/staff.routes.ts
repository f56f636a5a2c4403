import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam, okResponse } from '../../../contracts/common.js';
import {
  changePasswordRequest,
  createDepartmentRequest,
  createRegionRequest,
  createStaffGradeRequest,
  createUserRequest,
  department,
  departmentListQuery,
  departmentPage,
  region,
  regionListQuery,
  regionPage,
  resetPasswordRequest,
  staffGrade,
  staffGradeListQuery,
  staffGradePage,
  staffUser,
  updateDepartmentRequest,
  updateRegionRequest,
  updateStaffGradeRequest,
  updateUserRequest,
  userListQuery,
  userPage,
  userStatusRequest,
} from '../../../contracts/staff.js';
import { archiveRestoreRoutes } from '../../platform/archive-routes.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import { sha256 } from '../../platform/tokens.js';
import { SESSION_COOKIE } from '../auth/auth.service.js';
import * as staff from './staff.service.js';

/** The hash of the caller's own session, so a password change can keep it alive. */
function callerSessionHash(request: FastifyRequest): string | null {
  if (request.headers.authorization?.startsWith('Bearer ')) return null;
  const token = request.cookies[SESSION_COOKIE];
  return token ? sha256(token) : null;
}

/** Staff basics (R-STF-1) under /api/v1. Thin: parse → one service call → response. */
export function staffRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['staff'];

    // ------------------------------------------------------------ departments
    app.get(
      '/departments',
      {
        schema: {
          tags,
          summary: '部门 List departments (tree: parentId, head user)',
          querystring: departmentListQuery,
          response: { 200: departmentPage, ...errorResponses },
        },
      },
      async (request) => staff.listDepartments(contextOf(request, deps), request.query),
    );
    app.post(
      '/departments',
      {
        schema: {
          tags,
          summary: 'Create a department',
          body: createDepartmentRequest,
          response: { 201: department, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await staff.createDepartment(contextOf(request, deps), request.body)),
    );
    app.get(
      '/departments/:id',
      { schema: { tags, summary: 'Get a department', params: idParam, response: { 200: department, ...errorResponses } } },
      async (request) => staff.getDepartment(contextOf(request, deps), request.params.id),
    );
    app.patch(
      '/departments/:id',
      {
        schema: {
          tags,
          summary: 'Change a department',
          params: idParam,
          body: updateDepartmentRequest,
          response: { 200: department, ...errorResponses },
        },
      },
      async (request) => staff.updateDepartment(contextOf(request, deps), request.params.id, request.body),
    );
    archiveRestoreRoutes(app, deps, {
      path: '/departments',
      tags,
      record: department,
      summaries: { archive: 'Archive a department', restore: 'Restore a department' },
      setArchived: staff.setDepartmentArchived,
    });

    // ------------------------------------------------------------ regions
    app.get(
      '/regions',
      {
        schema: {
          tags,
          summary: '区域 List regions',
          querystring: regionListQuery,
          response: { 200: regionPage, ...errorResponses },
        },
      },
      async (request) => staff.listRegions(contextOf(request, deps), request.query),
    );
    app.post(
      '/regions',
      { schema: { tags, summary: 'Create a region', body: createRegionRequest, response: { 201: region, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(await staff.createRegion(contextOf(request, deps), request.body)),
    );
    app.get(
      '/regions/:id',
      { schema: { tags, summary: 'Get a region', params: idParam, response: { 200: region, ...errorResponses } } },
      async (request) => staff.getRegion(contextOf(request, deps), request.params.id),
    );
    app.patch(
      '/regions/:id',
      {
        schema: {
          tags,
          summary: 'Change a region',
          params: idParam,
          body: updateRegionRequest,
          response: { 200: region, ...errorResponses },
        },
      },
      async (request) => staff.updateRegion(contextOf(request, deps), request.params.id, request.body),
    );
    archiveRestoreRoutes(app, deps, {
      path: '/regions',
      tags,
      record: region,
      summaries: { archive: 'Archive a region', restore: 'Restore a region' },
      setArchived: staff.setRegionArchived,
    });

    // ------------------------------------------------------------ grades
    app.get(
      '/staff-grades',
      {
        schema: {
          tags,
          summary: '职级 List staff grades',
          querystring: staffGradeListQuery,
          response: { 200: staffGradePage, ...errorResponses },
        },
      },
      async (request) => staff.listGrades(contextOf(request, deps), request.query),
    );
    app.post(
      '/staff-grades',
      {
        schema: {
          tags,
          summary: 'Create a staff grade',
          body: createStaffGradeRequest,
          response: { 201: staffGrade, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await staff.createGrade(contextOf(request, deps), request.body)),
    );
    app.patch(
      '/staff-grades/:id',
      {
        schema: {
          tags,
          summary: 'Change a staff grade',
          params: idParam,
          body: updateStaffGradeRequest,
          response: { 200: staffGrade, ...errorResponses },
        },
      },
      async (request) => staff.updateGrade(contextOf(request, deps), request.params.id, request.body),
    );
    archiveRestoreRoutes(app, deps, {
      path: '/staff-grades',
      tags,
      record: staffGrade,
      summaries: { archive: 'Archive a staff grade', restore: 'Restore a staff grade' },
      setArchived: staff.setGradeArchived,
    });

    // ------------------------------------------------------------ users
    app.get(
      '/users',
      {
        schema: {
          tags,
          summary: '用户 List users (q, role, departmentId, regionId covered, skillCategoryId + minSkillLevel, status)',
          querystring: userListQuery,
          response: { 200: userPage, ...errorResponses },
        },
      },
      async (request) => staff.listUsers(contextOf(request, deps), request.query),
    );
    app.post(
      '/users',
      {
        schema: {
          tags,
          summary: 'Create a user with roles, skills and regions',
          body: createUserRequest,
          response: { 201: staffUser, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await staff.createUser(contextOf(request, deps), request.body)),
    );
    app.get(
      '/users/:id',
      { schema: { tags, summary: 'Get a user', params: idParam, response: { 200: staffUser, ...errorResponses } } },
      async (request) => staff.getUser(contextOf(request, deps), request.params.id),
    );
    app.patch(
      '/users/:id',
      {
        schema: {
          tags,
          summary: 'Change a user; roles, skills and regions given are replaced as whole sets',
          params: idParam,
          body: updateUserRequest,
          response: { 200: staffUser, ...errorResponses },
        },
      },
      async (request) => staff.updateUser(contextOf(request, deps), request.params.id, request.body),
    );
    app.post(
      '/users/:id/disable',
      {
        schema: {
          tags,
          summary: '停用 Disable a user (ends his sessions)',
          params: idParam,
          body: userStatusRequest,
          response: { 200: staffUser, ...errorResponses },
        },
      },
      async (request) => staff.setUserStatus(contextOf(request, deps), request.params.id, request.body.version, 'disabled'),
    );
    app.post(
      '/users/:id/enable',
      {
        schema: {
          tags,
          summary: '启用 Enable a user',
          params: idParam,
          body: userStatusRequest,
          response: { 200: staffUser, ...errorResponses },
        },
      },
      async (request) => staff.setUserStatus(contextOf(request, deps), request.params.id, request.body.version, 'active'),
    );
    app.post(
      '/users/:id/reset-password',
      {
        schema: {
          tags,
          summary: '重置密码 Set a new password for a user (admin; ends his sessions)',
          params: idParam,
          body: resetPasswordRequest,
          response: { 200: staffUser, ...errorResponses },
        },
      },
      async (request) =>
        staff.resetPassword(contextOf(request, deps), request.params.id, request.body.password, callerSessionHash(request)),
    );
    app.post(
      '/auth/change-password',
      {
        schema: {
          tags: ['auth'],
          summary: '修改密码 Change my own password (ends my other sessions)',
          body: changePasswordRequest,
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => staff.changeOwnPassword(contextOf(request, deps), request.body, callerSessionHash(request)),
    );
  };
}
