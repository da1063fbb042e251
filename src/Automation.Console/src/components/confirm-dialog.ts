import { html, nothing, type TemplateResult } from 'lit';
import { LightElement } from '../element';

/** A modal <dialog> (focus kept inside, Escape closes) asking to confirm an action, with an optional reason. */
export class ConfirmDialog extends LightElement {
  static override properties = { heading: { state: true }, body: { state: true }, confirmLabel: { state: true }, withReason: { state: true }, danger: { state: true } };
  declare heading: string;
  declare body: TemplateResult | string;
  declare confirmLabel: string;
  declare withReason: boolean;
  declare danger: boolean;
  private resolve: ((value: { reason: string } | null) => void) | null = null;

  constructor() {
    super();
    this.heading = '';
    this.body = '';
    this.confirmLabel = 'Confirm';
    this.withReason = false;
    this.danger = false;
  }

  /** Shows the dialog; resolves with the reason on confirm, null on cancel. */
  async ask(options: { heading: string; body: TemplateResult | string; confirmLabel: string; withReason?: boolean; danger?: boolean }): Promise<{ reason: string } | null> {
    Object.assign(this, { withReason: false, danger: false, ...options });
    await this.updateComplete;
    const dialog = this.querySelector('dialog')!;
    (this.querySelector('textarea') as HTMLTextAreaElement | null)?.setAttribute('value', '');
    const reason = this.querySelector('textarea');
    if (reason) reason.value = '';
    dialog.showModal();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(confirmed: boolean): void {
    const dialog = this.querySelector('dialog')!;
    const reason = (this.querySelector('textarea') as HTMLTextAreaElement | null)?.value.trim() ?? '';
    dialog.close();
    this.resolve?.(confirmed ? { reason } : null);
    this.resolve = null;
  }

  protected override render() {
    return html`<dialog aria-labelledby="confirm-heading" @cancel=${(e: Event) => { e.preventDefault(); this.finish(false); }}>
      <form method="dialog" @submit=${(e: Event) => { e.preventDefault(); this.finish(true); }}>
        <h2 id="confirm-heading">${this.heading}</h2>
        <div>${this.body}</div>
        ${this.withReason ? html`<label>Reason (optional, recorded in the history)<textarea name="reason" rows="2" maxlength="2000"></textarea></label>` : nothing}
        <div class="actions">
          <button type="button" @click=${() => this.finish(false)}>Back</button>
          <button type="submit" class=${this.danger ? 'danger' : 'primary'}>${this.confirmLabel}</button>
        </div>
      </form>
    </dialog>`;
  }
}
customElements.define('confirm-dialog', ConfirmDialog);
