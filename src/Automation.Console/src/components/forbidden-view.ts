import { html, nothing } from 'lit';
import { LightElement } from '../element';
import { ApiError } from '../api';
import { session } from '../session';

/** The 403 of a page's data request, or undefined for any other failure (which the page shows itself). */
export function forbiddenBy(err: unknown): ApiError | undefined {
  return err instanceof ApiError && err.status === 403 ? err : undefined;
}

/**
 * What a page shows instead of itself when the API refused its data with 403: the permission the API named as
 * missing, the caller's roles, the API's own words, and a way home. Pages render it in place of their content, so a
 * direct URL to a page the role cannot see is a clear page, never a blank one.
 */
export class ForbiddenView extends LightElement {
  static override properties = { error: { attribute: false }, what: {} };
  declare error: ApiError | undefined;
  declare what: string;

  constructor() {
    super();
    this.what = 'this page';
  }

  protected override render() {
    const permission = this.error?.permission;
    // The API's words add something unless they only restate the missing permission.
    const detail = permission && this.error?.problem.detail?.endsWith('which none of your grants covers.') ? undefined : this.error?.problem.detail;
    const roles = session.me?.roles ?? [];
    return html`<section class="card forbidden" aria-labelledby="forbidden-heading" data-testid="forbidden">
      <h1 id="forbidden-heading">You do not have permission to see ${this.what}</h1>
      ${permission
        ? html`<p>It needs the permission <code data-testid="missing-permission">${permission}</code>, which
            ${roles.length ? html`your role${roles.length > 1 ? 's' : ''} (${roles.join(', ')}) do${roles.length > 1 ? '' : 'es'} not grant` : 'you do not hold'}.</p>`
        : html`<p>The server refused to show it to you${roles.length ? html` (your roles: ${roles.join(', ')})` : nothing}.</p>`}
      ${detail ? html`<p class="muted">${detail}</p>` : nothing}
      <p>Ask an administrator for a role that grants it.</p>
      <p class="actions"><a class="button primary" href="/">Go to the home page</a>
        <button type="button" @click=${() => history.back()}>Back</button></p>
    </section>`;
  }
}
customElements.define('forbidden-view', ForbiddenView);
