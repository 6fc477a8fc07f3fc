import express, { type NextFunction, type Request, type Response } from 'express';
import { apiErrorBody } from '@alltokens/contracts';
import { sendApiError } from './api-exception.filter';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * express.json wrapped so its failures (bad JSON, too large, bad charset) answer in OpenAI's error
 * shape instead of Express's HTML page.
 */
export function jsonBody(limit: string) {
  const parse = express.json({ limit, type: () => true });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE') return next();
    parse(req, res, (error?: BodyParserError) => {
      if (!error) return next();
      if (error.type === 'entity.too.large') {
        return sendApiError(res, 413, apiErrorBody(413, 'payload_too_large', `Request body is larger than ${limit}`));
      }
      const status = error.status && error.status < 500 ? error.status : 400;
      const message = error.type === 'entity.parse.failed' ? 'Request body is not valid JSON' : error.message;
      sendApiError(res, status, apiErrorBody(status, 'invalid_json', message));
    });
  };
}
