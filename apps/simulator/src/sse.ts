import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Frame, StreamPlan } from './personality';
import type { Outcome } from './stats';

export interface StreamControl {
  intervalMs: number;
  cutAfter?: number;
  errorAfter?: number;
  /** Frames sent before the stream goes silent, the connection left open. */
  stallAfter?: number;
  errorFrame: Frame;
  onOutcome(kind: Outcome): void;
}

/** Frames due together, as one write: SSE text stays a string; any binary frame makes it bytes. */
function joinFrames(frames: Frame[]): string | Buffer {
  if (frames.every((frame) => typeof frame === 'string')) return frames.join('');
  return Buffer.concat(frames.map((frame) => (typeof frame === 'string' ? Buffer.from(frame) : frame)));
}

/**
 * Writes a planned stream (SSE text or binary frames): head frames at once, each body frame
 * `intervalMs` after the previous one, tail frames right after the last body frame. Frames due
 * together go out in one write. `cutAfter`/`errorAfter`/`stallAfter` stop before the final frame at
 * the latest, so the fault always shows.
 */
export function writeStream(res: ServerResponse, headers: OutgoingHttpHeaders, plan: StreamPlan, control: StreamControl): void {
  const frames = [...plan.head, ...plan.body, ...plan.tail];
  const bodyStart = plan.head.length;
  const bodyEnd = bodyStart + plan.body.length;
  const lastFrame = Math.max(frames.length - 1, 0);
  const ending = control.cutAfter !== undefined ? 'cut' : control.errorAfter !== undefined ? 'error' : control.stallAfter !== undefined ? 'stall' : 'done';
  const stopAt =
    ending === 'done' ? frames.length : Math.min((control.cutAfter ?? control.errorAfter ?? control.stallAfter)!, lastFrame);
  const delayed = (i: number) => control.intervalMs > 0 && i > 0 && i >= bodyStart && i < bodyEnd;

  let i = 0;
  let timer: NodeJS.Timeout | undefined;
  res.once('close', () => clearTimeout(timer));
  res.writeHead(200, headers);

  const finish = (due: Frame[]) => {
    if (ending === 'done') return void res.end(joinFrames(due));
    if (ending === 'error') {
      control.onOutcome('stream_error');
      return void res.end(joinFrames([...due, control.errorFrame]));
    }
    if (ending === 'stall') {
      control.onOutcome('stall');
      if (due.length) res.write(joinFrames(due));
      else res.flushHeaders();
      return;
    }
    control.onOutcome('cut');
    // Destroy only once the frames are flushed, so the client sees them and then a broken stream.
    if (due.length) res.write(joinFrames(due), () => res.socket?.destroy());
    else {
      res.flushHeaders();
      setImmediate(() => res.socket?.destroy());
    }
  };

  const step = () => {
    const due: Frame[] = [];
    while (i < stopAt) {
      due.push(frames[i++]!);
      if (delayed(i)) break;
    }
    if (i >= stopAt) return finish(due);
    res.write(joinFrames(due));
    timer = setTimeout(step, control.intervalMs);
  };
  step();
}
