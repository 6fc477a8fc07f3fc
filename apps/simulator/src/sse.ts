import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { StreamPlan } from './personality';
import type { Outcome } from './stats';

export interface StreamControl {
  intervalMs: number;
  cutAfter?: number;
  errorAfter?: number;
  errorFrame: string;
  onOutcome(kind: Outcome): void;
}

/**
 * Writes a planned SSE stream: head frames at once, each body frame `intervalMs` after the
 * previous one, tail frames right after the last body frame. Frames due together go out in one
 * write. `cutAfter`/`errorAfter` stop before the final frame at the latest, so the fault always shows.
 */
export function writeStream(res: ServerResponse, headers: OutgoingHttpHeaders, plan: StreamPlan, control: StreamControl): void {
  const frames = [...plan.head, ...plan.body, ...plan.tail];
  const bodyStart = plan.head.length;
  const bodyEnd = bodyStart + plan.body.length;
  const lastFrame = Math.max(frames.length - 1, 0);
  const ending = control.cutAfter !== undefined ? 'cut' : control.errorAfter !== undefined ? 'error' : 'done';
  const stopAt =
    ending === 'done' ? frames.length : Math.min((control.cutAfter ?? control.errorAfter)!, lastFrame);
  const delayed = (i: number) => control.intervalMs > 0 && i > 0 && i >= bodyStart && i < bodyEnd;

  let i = 0;
  let timer: NodeJS.Timeout | undefined;
  res.once('close', () => clearTimeout(timer));
  res.writeHead(200, headers);

  const finish = (out: string) => {
    if (ending === 'done') return void res.end(out);
    if (ending === 'error') {
      control.onOutcome('stream_error');
      return void res.end(out + control.errorFrame);
    }
    control.onOutcome('cut');
    // Destroy only once the frames are flushed, so the client sees them and then a broken stream.
    if (out) res.write(out, () => res.socket?.destroy());
    else {
      res.flushHeaders();
      setImmediate(() => res.socket?.destroy());
    }
  };

  const step = () => {
    let out = '';
    while (i < stopAt) {
      out += frames[i++];
      if (delayed(i)) break;
    }
    if (i >= stopAt) return finish(out);
    res.write(out);
    timer = setTimeout(step, control.intervalMs);
  };
  step();
}
