import { html } from 'lit';
import { LightElement } from '../element';
import { duration, time } from '../format';
import type { HistoryEvent, Workflow } from '../types';

interface Bar { attempt: number; start: number; end: number; outcome: string }

/**
 * One row per step, one bar per attempt, on the workflow's time axis. Bars are placed through CSSOM after each render
 * (element.style), which the CSP allows; a style attribute in the markup (as Lit's styleMap writes on its first
 * render) would be refused by style-src 'self'.
 */
export class GanttView extends LightElement {
  static override properties = { workflow: { attribute: false }, events: { attribute: false } };
  declare workflow: Workflow | undefined;
  declare events: HistoryEvent[];

  constructor() {
    super();
    this.events = [];
  }

  private bars(): { rows: { id: string; bars: Bar[] }[]; start: number; end: number } {
    const w = this.workflow!;
    const now = Date.now();
    const start = Date.parse(w.createdAt);
    const end = w.completedAt ? Date.parse(w.completedAt) : now;
    const started = new Map<string, number>();
    for (const e of this.events) {
      if (e.type === 'StepStarted' && e.stepId) started.set(`${e.stepId}#${e.attempt}`, Date.parse(e.timestamp));
    }
    const rows = w.steps.map((s) => {
      const bars: Bar[] = s.failures.map((f) => ({ attempt: f.attempt, start: Date.parse(f.startedAt), end: Date.parse(f.failedAt), outcome: 'Failed' }));
      const failedAttempts = new Set(s.failures.map((f) => f.attempt));
      if (s.attempts > 0 && !failedAttempts.has(s.attempts) && s.startedAt) {
        const from = started.get(`${s.id}#${s.attempts}`) ?? (bars.length ? Math.max(...bars.map((b) => b.end)) : Date.parse(s.startedAt));
        const to = s.completedAt ? Date.parse(s.completedAt) : w.completedAt ? end : now;
        bars.push({ attempt: s.attempts, start: from, end: Math.max(from, to), outcome: s.status });
      }
      return { id: s.id, bars };
    });
    return { rows, start, end: Math.max(end, start + 1) };
  }

  protected override updated(): void {
    this.querySelectorAll<HTMLElement>('.gantt-bar').forEach((bar) => {
      bar.style.left = bar.dataset.left ?? '0';
      bar.style.width = bar.dataset.width ?? '0';
    });
  }

  protected override render() {
    if (!this.workflow) return html``;
    const { rows, start, end } = this.bars();
    const span = end - start;
    const pct = (t: number) => `${Math.min(100, Math.max(0, ((t - start) / span) * 100))}%`;
    return html`<div class="gantt" role="table" aria-label="Timeline of step attempts">
      <div class="gantt-axis" role="row"><span role="columnheader">Step</span>
        <span class="gantt-scale" role="columnheader"><span>${time(new Date(start).toISOString())}</span><span>${duration(span)}</span></span></div>
      ${rows.map((r) => html`<div class="gantt-row" role="row">
        <span class="gantt-label" role="cell" title=${r.id}>${r.id}</span>
        <span class="gantt-track" role="cell">
          ${r.bars.map((b) => html`<span class="gantt-bar st-${b.outcome}"
            data-left=${pct(b.start)} data-width=${`max(3px, calc(${pct(b.end)} - ${pct(b.start)}))`}
            title="${r.id} attempt ${b.attempt}: ${b.outcome}, ${duration(b.end - b.start)}"></span>`)}
        </span></div>`)}
    </div>`;
  }
}
customElements.define('gantt-view', GanttView);
