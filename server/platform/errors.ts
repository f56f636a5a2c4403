/** Errors a service may throw; the error handler turns them into `{ error: { code, message, details } }`. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: unknown) {
    super(400, 'bad_request', message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = '请先登录 (login required)') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = '没有权限 (permission denied)', details?: unknown) {
    super(403, 'forbidden', message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, id?: string) {
    super(404, 'not_found', `${entity} not found`, id ? { entity, id } : { entity });
  }
}

/** Stale `version`: someone else changed the record first. */
export class VersionConflictError extends AppError {
  constructor(entity: string, id: string, currentVersion?: number) {
    super(409, 'version_conflict', `${entity} was changed by someone else; reload and try again`, {
      entity,
      id,
      currentVersion,
    });
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(409, code, message, details);
  }
}

/** An action that the workflow does not allow in the current state. */
export class IllegalTransitionError extends AppError {
  constructor(state: string, action: string, allowedActions: string[]) {
    super(409, 'illegal_transition', `Action "${action}" is not allowed in state "${state}"`, {
      state,
      action,
      allowedActions,
    });
  }
}

/** Valid input that breaks a business rule. */
export class BusinessRuleError extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(422, code, message, details);
  }
}
