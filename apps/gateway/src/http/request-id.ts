import type { NextFunction, Request, Response } from 'express';
import { newRequestId } from '@alltokens/platform';

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
  }
}

/** Every response carries its request id; inference requests reuse it as the generation id. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const id = newRequestId();
  req.requestId = id;
  res.setHeader('x-request-id', id);
  res.setHeader('x-alltokens-request-id', id);
  next();
}
