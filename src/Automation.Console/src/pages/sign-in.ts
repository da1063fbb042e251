import { html, nothing } from 'lit';
import { LightElement } from '../element';
import { session } from '../session';

/** Username and password, then (when the account has MFA) the code from the authenticator app or a recovery code. */
export class SignIn extends LightElement {
  static override properties = { step: { state: true }, error: { state: true }, busy: { state: true }, notice: {} };
  declare step: 'password' | 'mfa';
  declare error: string;
  declare busy: boolean;
  declare notice: string;
  private username = '';
  private password = '';

  constructor() {
    super();
    this.step = 'password';
    this.error = '';
    this.busy = false;
    this.notice = '';
    this.username = session.me?.subject ?? '';
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    if (this.step === 'password') {
      this.username = String(form.get('username') ?? '').trim();
      this.password = String(form.get('password') ?? '');
    }
    const code = this.step === 'mfa' ? String(form.get('mfaCode') ?? '').trim() : undefined;
    this.busy = true;
    this.error = '';
    try {
      const result = await session.signIn(this.username, this.password, code);
      if (result === 'mfa') {
        if (this.step === 'mfa') this.error = 'The code is wrong or was already used. Enter the current code.';
        this.step = 'mfa';
        await this.updateComplete;
        (this.querySelector('input[name=mfaCode]') as HTMLInputElement | null)?.focus();
      }
    } catch (err) {
      this.error = (err as Error).message;
      if (this.step === 'mfa') {
        this.step = 'password';
      }
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    return html`<form class="sign-in card" @submit=${this.submit} aria-describedby="sign-in-error">
      <h1>Sign in to Automation</h1>
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      ${this.step === 'password'
        ? html`<label>Username<input name="username" autocomplete="username" required maxlength="128" .value=${this.username} autofocus /></label>
               <label>Password<input name="password" type="password" autocomplete="current-password" required maxlength="1024" /></label>`
        : html`<p>Signed in as <strong>${this.username}</strong>: enter the 6-digit code from your authenticator app, or a recovery code.</p>
               <label>MFA code<input name="mfaCode" autocomplete="one-time-code" inputmode="numeric" required maxlength="32" /></label>`}
      <p id="sign-in-error" class="error" role="alert">${this.error}</p>
      <button class="primary" type="submit" ?disabled=${this.busy}>${this.step === 'mfa' ? 'Verify' : 'Sign in'}</button>
    </form>`;
  }
}
customElements.define('sign-in', SignIn);
