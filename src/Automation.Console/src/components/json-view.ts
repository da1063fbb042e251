import { html, nothing } from 'lit';
import { LightElement } from '../element';
import { pretty } from '../format';

/** Pretty JSON with a copy button. */
export class JsonView extends LightElement {
  static override properties = { value: { attribute: false }, label: {}, copied: { state: true } };
  declare value: unknown;
  declare label: string;
  declare copied: boolean;

  constructor() {
    super();
    this.label = 'JSON';
    this.copied = false;
  }

  private async copy(): Promise<void> {
    const text = pretty(this.value);
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard access needs a secure context; select the text so that Ctrl+C works instead.
      const pre = this.querySelector('pre');
      if (pre) window.getSelection()?.selectAllChildren(pre);
    }
    this.copied = true;
    window.setTimeout(() => (this.copied = false), 1500);
  }

  protected override render() {
    if (this.value === undefined) return nothing;
    return html`<div class="json">
      <div class="json-head"><span>${this.label}</span>
        <button type="button" class="small" @click=${this.copy} aria-label="Copy ${this.label}">${this.copied ? 'Copied' : 'Copy'}</button></div>
      <pre tabindex="0">${pretty(this.value)}</pre>
    </div>`;
  }
}
customElements.define('json-view', JsonView);
