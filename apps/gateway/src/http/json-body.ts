import express, { type NextFunction, type Request, type Response } from 'express';
import { apiErrorBody, type ApiErrorBody } from '@alltokens/contracts';
import { anthropicErrorBody, isMessagesPath } from '../messages/anthropic-errors';
import { sendApiError } from './api-exception.filter';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
  /** The raw text that failed to parse. */
  body?: string;
}

/** Strict parsing refuses a top-level `null`, number or string too: say so instead of "not valid JSON". */
function parseFailure(raw: string | undefined): string {
  try {
    JSON.parse(raw ?? '');
    return 'Request body must be a JSON object';
  } catch {
    return 'Request body is not valid JSON';
  }
}

/**
 * express.json wrapped so its failures (bad JSON, too large, bad charset) answer in OpenAI's error
 * shape (Anthropic's on /messages) instead of Express's HTML page.
 */
export function jsonBody(limit: string) {
  const parse = express.json({ limit, type: () => true });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE') return next();
    parse(req, res, (error?: BodyParserError) => {
      if (!error) return next();
      const shape = isMessagesPath(req.path) ? anthropicErrorBody : (_: number, body: ApiErrorBody) => body;
      if (error.type === 'entity.too.large') {
        return sendApiError(res, 413, shape(413, apiErrorBody(413, 'payload_too_large', `Request body is larger than ${limit}`)));
      }
      const status = error.status && error.status < 500 ? error.status : 400;
      const message = error.type === 'entity.parse.failed' ? parseFailure(error.body) : error.message;
      sendApiError(res, status, shape(status, apiErrorBody(status, 'invalid_json', message)));
    });
  };
}
