import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ApiError, chatCompletionRequestSchema, type ChatCompletionRequest } from '@alltokens/contracts';
import { AuthService } from '../auth/auth.service';
import { extractApiKey } from '../auth/extract-api-key';
import { inferencePrincipal } from '../auth/guards';
import { respondToError } from '../http/api-exception.filter';
import { LOGGER } from '../infra/tokens';
import { ChatService } from './chat.service';

const CHAT_PATHS = new Set(['/v1/chat/completions', '/api/v1/chat/completions']);

/** The body check of `POST /chat/completions`, shared by the controller and the fast path. */
export function parseChatBody(body: unknown): ChatCompletionRequest {
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new ApiError(400, 'invalid_request', 'Request body must be a JSON object');
  }
  return chatCompletionRequestSchema.parse(body);
}

/**
 * `POST /v1/chat/completions` with an API key, answered ahead of Nest's router: the checks of
 * `InferenceKeyGuard` and `ChatController` in the same order, the same `ChatService`, errors through the
 * same mapping as the global filter. Express's walk of the route table and Nest's per-route machinery were
 * ≈ 10 % of the gateway's CPU per request. A request without a key (a console session's) goes on to the
 * controller, whose behaviour this mirrors.
 */
export function chatFastPath(app: NestExpressApplication) {
  const auth = app.get(AuthService);
  const chat = app.get(ChatService);
  const logger = app.get<Logger>(LOGGER);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || !CHAT_PATHS.has(req.path)) return next();
    const apiKey = extractApiKey(req);
    if (!apiKey) return next();
    void (async () => {
      const principal = inferencePrincipal(await auth.authenticate(apiKey));
      req.principal = principal;
      res.status(200);
      await chat.complete(req, res, principal.key, parseChatBody(req.body));
    })().catch((error: unknown) => respondToError(req, res, error, logger));
  };
}
