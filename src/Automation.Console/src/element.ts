import { LitElement } from 'lit';

/**
 * Components render into the light DOM: one global style sheet (styles.css, served as a file) themes everything,
 * and nothing needs an inline <style> the Content-Security-Policy would refuse.
 */
export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
