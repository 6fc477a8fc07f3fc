import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { ApiError, apiErrorBody, type ApiErrorBody } from '@alltokens/contracts';
import { isDataError, isUnavailableError, postgresErrorOf } from '@alltokens/db';
import { LOGGER } from '../infra/tokens';
import { anthropicErrorBody, isMessagesPath } from '../messages/anthropic-errors';
import { zodToApiError } from './zod-error';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export function toApiError(exception: unknown): ApiError | null {
  if (exception instanceof ApiError) return exception;
  if (exception instanceof ZodError) return zodToApiError(exception);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const message = status === 404 ? 'Not found' : exception.message;
    return new ApiError(status, CODE_BY_STATUS[status] ?? `http_${status}`, message);
  }
  // Values Postgres refuses (a NUL byte, an out-of-range number, a duplicate) are the caller's to fix.
  if (isDataError(exception)) {
    const { code, message } = postgresErrorOf(exception)!;
    if (code === '23505') return new ApiError(409, 'conflict', 'A record with the same unique values already exists');
    return new ApiError(400, 'invalid_request', `The request holds a value that cannot be stored: ${message}`);
  }
  // The database is down or restarting and the gateway had nothing cached to answer from: not the request's fault.
  if (isUnavailableError(exception)) return new ApiError(503, 'database_unavailable', 'The database is unreachable; try again shortly').withHeaders({ 'retry-after': '1' });
  return null;
}

export function sendApiError(res: Response, status: number, body: ApiErrorBody | Record<string, unknown>, extraHeaders?: Record<string, string>): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (extraHeaders) res.set(extraHeaders);
  // Over budget or forbidden by policy: the OpenAI SDKs must not resend it.
  if (status === 402 || status === 403) res.set('x-should-retry', 'false');
  res.status(status).json(body);
}

/** Answers `exception` in OpenAI's shape (Anthropic's on /messages); unknown errors are logged and become a 500. */
export function respondToError(req: Request, res: Response, exception: unknown, logger: Logger): void {
  // Anthropic SDK clients on /v1/messages expect Anthropic's error shape.
  const shape = isMessagesPath(req.path) ? anthropicErrorBody : (_: number, body: ApiErrorBody) => body;
  const known = toApiError(exception);
  if (known) {
    sendApiError(res, known.status, shape(known.status, known.toBody()), known.headers);
    return;
  }
  logger.error({ err: exception }, 'unhandled error');
  sendApiError(res, 500, shape(500, apiErrorBody(500, 'internal_error', 'Internal server error')));
}

/** Every error leaves the gateway in OpenAI's shape. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    respondToError(http.getRequest<Request>(), http.getResponse<Response>(), exception, this.logger);
  }
}
